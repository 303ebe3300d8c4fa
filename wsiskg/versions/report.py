"""The plain report of ``wsiskg diff``: what a reader wants first, in a few screens.

Paragraphs that did not change and kept their number are counted, not listed.
"""

from __future__ import annotations

from collections import Counter

from wsiskg.versions.align import Pair, Status
from wsiskg.versions.diff import VersionDiff
from wsiskg.versions.fates import BracketFate


def render_diff(diff: VersionDiff) -> str:
    """The diff as readable text."""
    lines = [f"{diff.old.path} -> {diff.new.path}", ""]
    lines += _paragraphs(diff.paragraphs)
    lines += ["", *_brackets(diff)]
    lines += ["", *_assignments(diff)]
    return "\n".join(lines) + "\n"


def _paragraphs(pairs: tuple[Pair, ...]) -> list[str]:
    counts = Counter(p.status.value for p in pairs)
    renumbered = sum(1 for p in pairs if p.renumbered)
    summary = ", ".join(f"{counts[s.value]} {s.value}" for s in Status)
    lines = [f"Paragraphs: {summary}; {renumbered} renumbered"]
    for pair in pairs:
        if pair.status is Status.UNCHANGED and not pair.renumbered:
            continue
        lines.append(f"  {_label(pair)}  {pair.status.value}  similarity {pair.similarity:.3f}")
        lines += [
            f"      item {_label(item)}  {item.status.value}  similarity {item.similarity:.3f}"
            for item in pair.items
            if item.status is not Status.UNCHANGED or item.renumbered
        ]
    return lines


def _label(pair: Pair) -> str:
    return f"{pair.old or '-'} -> {pair.new or '-'}"


def _brackets(diff: VersionDiff) -> list[str]:
    counts = Counter(f.fate.value for f in diff.brackets)
    summary = ", ".join(f"{n} {fate}" for fate, n in sorted(counts.items()))
    lines = [f"Brackets: {len(diff.brackets)} in the old version ({summary})"]
    lines += [
        f"  {_where(fate)}  {fate.fate.value}{_chosen(fate)}  [{_short(fate.text)}]"
        for fate in diff.brackets
    ]
    lines.append(f"New brackets: {len(diff.new_brackets)}")
    lines += [
        f"  paragraph {b.paragraph or '-'}{'' if b.item is None else ' ' + b.item}  "
        f"[{_short(diff.new.slice(b.inner))}]"
        for b in diff.new_brackets
    ]
    return lines


def _where(fate: BracketFate) -> str:
    b = fate.old
    if b.is_wrapper:
        return "whole draft"
    if b.annex is not None and b.paragraph is None:
        return f"annex {b.annex}"
    return f"paragraph {b.paragraph}{'' if b.item is None else ' ' + b.item}"


def _chosen(fate: BracketFate) -> str:
    return "" if fate.chosen is None else f" ({fate.chosen!r})"


def _short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _assignments(diff: VersionDiff) -> list[str]:
    lines = [f"Annex proposals: {len(diff.proposals)}"]
    for s in diff.proposals:
        who = s.proponent or "(no proponent)"
        lines.append(f"  {who}  {s.old_annex or '-'} -> {s.new_annex or '-'}  {s.status}")
    lines.append(f"Assignment changes: {len(diff.assignments)}")
    for c in diff.assignments:
        line = c.line + ("" if c.subline is None else f" {c.subline}")
        added = f" +{', +'.join(c.added)}" if c.added else ""
        removed = f" -{', -'.join(c.removed)}" if c.removed else ""
        lines.append(f"  {c.proponent or '(no proponent)'} {line}:{added}{removed}")
    return lines
