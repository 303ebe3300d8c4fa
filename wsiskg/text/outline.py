"""Human- and machine-readable views of a parsed :class:`~wsiskg.text.model.Document`.

``document_to_dict`` is the JSON contract of ``wsiskg parse --json`` (see ``docs/parse-json.md``).
"""

from __future__ import annotations

from typing import Any

from wsiskg.text.model import AnnexRow, Bracket, Document, Paragraph, Proposal, Span


def document_to_dict(document: Document) -> dict[str, Any]:
    """The model as plain JSON-ready data; every element has ``start``/``end`` offsets."""
    return {
        "path": str(document.path),
        "sha256": document.sha256,
        "characters": len(document.text),
        "wrapper": _bracket(document.brackets[document.wrapper])
        if document.wrapper is not None
        else None,
        "chapters": [
            {"number": c.number, "ordinal": c.ordinal, "title": c.title, **_offsets(c.span)}
            for c in document.chapters
        ],
        "paragraphs": [_paragraph(p) for p in document.paragraphs],
        "brackets": [_bracket(b) for b in document.brackets if not b.is_wrapper],
        "alternatives": [
            {
                "form": g.form.value,
                "paragraph": g.paragraph,
                "item": g.item,
                "annex": g.annex,
                "lead": g.lead,
                **_offsets(g.span),
                "options": [{"text": o.text, **_offsets(o.span)} for o in g.options],
            }
            for g in document.alternatives
        ],
        "proposals": [_proposal(p) for p in document.proposals],
        "loose_text": [_offsets(span) for span in document.loose_text],
    }


def _offsets(span: Span) -> dict[str, int]:
    return {"start": span.start, "end": span.end}


def _paragraph(paragraph: Paragraph) -> dict[str, Any]:
    return {
        "number": paragraph.number,
        "chapter": paragraph.chapter,
        **_offsets(paragraph.span),
        "text": _offsets(paragraph.text_span),
        "chapeau": _offsets(paragraph.chapeau_span),
        "wholly_bracketed": paragraph.wholly_bracketed,
        "items": [
            {
                "label": i.label,
                **_offsets(i.span),
                "text": _offsets(i.text_span),
                "wholly_bracketed": i.wholly_bracketed,
            }
            for i in paragraph.items
        ],
        "continuations": [
            {"after_item": c.after_item, **_offsets(c.span)} for c in paragraph.continuations
        ],
    }


def _bracket(bracket: Bracket) -> dict[str, Any]:
    return {
        "index": bracket.index,
        **_offsets(bracket.span),
        "depth": bracket.depth,
        "parent": bracket.parent,
        "paragraph": bracket.paragraph,
        "item": bracket.item,
        "annex": bracket.annex,
        "wrapper": bracket.is_wrapper,
    }


def _proposal(proposal: Proposal) -> dict[str, Any]:
    return {
        "proponent": proposal.proponent,
        "annex": proposal.annex,
        "role": proposal.role_header,
        "line_header": proposal.line_header,
        "chapter": proposal.chapter,
        **_offsets(proposal.span),
        "rows": [_row(row) for row in proposal.rows],
    }


def _row(row: AnnexRow) -> dict[str, Any]:
    return {
        "code": row.code,
        "subline": row.subline,
        "title": row.title,
        "parent": row.parent,
        **_offsets(row.span),
        "cell": row.cell.text,
        "cell_start": row.cell.span.start,
        "cell_end": row.cell.span.end,
        "status": row.cell.status.value,
        "bodies": [b.name for b in row.cell.bodies],
        "body_details": [
            {
                "text": b.text,
                "name": b.name,
                "abbreviation": b.abbreviation,
                "joiner": b.joiner,
                **_offsets(b.span),
            }
            for b in row.cell.bodies
        ],
    }


def render_outline(document: Document) -> str:
    """A readable outline: chapters, paragraphs, alternatives and annex proposals."""
    lines = [f"{document.path}  ({len(document.text)} characters, sha256 {document.sha256[:12]}…)"]
    if document.wrapper is not None:
        span = document.brackets[document.wrapper].span
        lines.append(f"The whole draft is bracketed [{span.start}, {span.end}).")
    lines.extend(_outline_paragraphs(document))
    lines.append(f"Alternative groups: {len(document.alternatives)}")
    for group in document.alternatives:
        where = (
            f"para {group.paragraph}" + (f" {group.item})" if group.item else "")
            if group.paragraph
            else f"annex {group.annex}"
        )
        options = " | ".join(o.text for o in group.options)
        lines.append(f"  {where:<14} {group.form.value:<17} {options}")
    for proposal in document.proposals:
        lines.extend(_outline_proposal(proposal))
    return "\n".join(lines)


def _outline_paragraphs(document: Document) -> list[str]:
    lines: list[str] = []
    chapter = object()
    for paragraph in document.paragraphs:
        if paragraph.chapter != chapter:
            chapter = paragraph.chapter
            title = next((c.title for c in document.chapters if c.number == chapter), "")
            lines.append(f"Chapter {chapter}: {title}" if chapter else "(no chapter)")
        count = sum(1 for b in document.brackets if b.paragraph == paragraph.number)
        marks = " wholly bracketed" if paragraph.wholly_bracketed else ""
        items = (
            f", items {paragraph.items[0].label}–{paragraph.items[-1].label}"
            if paragraph.items
            else ""
        )
        extra = (
            f", {len(paragraph.continuations)} unlettered block(s)"
            if paragraph.continuations
            else ""
        )
        counts = f"{len(paragraph.items)} items{items}, {count} brackets"
        lines.append(f"  {paragraph.number:>3}. {counts}{extra}{marks}")
    return lines


def _outline_proposal(proposal: Proposal) -> list[str]:
    proponent = proposal.proponent or "no proponent"
    lines = [f"Annex {proposal.annex} ({proponent}) — role: {proposal.role_header}"]
    for row in proposal.rows:
        label = f"{row.code} {row.subline}" if row.subline else f"{row.code}. {row.title}"
        cell = {
            "filled": " + ".join(b.name for b in row.cell.bodies),
            "blank": "(blank)",
            "none": "(-: none)",
        }
        indent = "      " if row.subline else "    "
        lines.append(f"{indent}{label[:60]:<60} {cell[row.cell.status.value]}")
    return lines
