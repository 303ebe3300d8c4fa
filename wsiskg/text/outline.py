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
        "chapters": [_fields(c, "number", "ordinal", "title") for c in document.chapters],
        "paragraphs": [_paragraph(p) for p in document.paragraphs],
        "brackets": [_bracket(b) for b in document.brackets if not b.is_wrapper],
        "alternatives": [
            {
                **_fields(g, "paragraph", "item", "annex", "lead"),
                "form": g.form.value,
                "options": [_fields(o, "text") for o in g.options],
            }
            for g in document.alternatives
        ],
        "proposals": [_proposal(p) for p in document.proposals],
        "loose_text": [_offsets(span) for span in document.loose_text],
    }


def _offsets(span: Span) -> dict[str, int]:
    return {"start": span.start, "end": span.end}


def _fields(record: Any, *names: str, **renamed: str) -> dict[str, Any]:
    """Attributes of a model record, ``names`` as they are and ``key=attribute`` renamed, with
    the offsets of its ``span``."""
    found = {name: getattr(record, name) for name in names}
    found |= {key: getattr(record, attribute) for key, attribute in renamed.items()}
    return found | _offsets(record.span)


def _paragraph(paragraph: Paragraph) -> dict[str, Any]:
    return {
        **_fields(paragraph, "number", "chapter", "wholly_bracketed"),
        "text": _offsets(paragraph.text_span),
        "chapeau": _offsets(paragraph.chapeau_span),
        "items": [
            {**_fields(i, "label", "wholly_bracketed"), "text": _offsets(i.text_span)}
            for i in paragraph.items
        ],
        "continuations": [_fields(c, "after_item") for c in paragraph.continuations],
    }


def _bracket(bracket: Bracket) -> dict[str, Any]:
    names = ("index", "depth", "parent", "paragraph", "item", "annex")
    return _fields(bracket, *names, wrapper="is_wrapper")


def _proposal(proposal: Proposal) -> dict[str, Any]:
    return {
        **_fields(proposal, "proponent", "annex", "line_header", "chapter", role="role_header"),
        "rows": [_row(row) for row in proposal.rows],
    }


def _row(row: AnnexRow) -> dict[str, Any]:
    return {
        **_fields(row, "code", "subline", "title", "parent"),
        "cell": row.cell.text,
        "cell_start": row.cell.span.start,
        "cell_end": row.cell.span.end,
        "status": row.cell.status.value,
        "bodies": [b.name for b in row.cell.bodies],
        "body_details": [
            _fields(b, "text", "name", "abbreviation", "joiner") for b in row.cell.bodies
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
