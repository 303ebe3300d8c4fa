"""Two versions compared: paragraphs aligned, bracket fates, annex assignment changes.

:func:`diff_to_dict` is the ``wsiskg diff --json`` contract (``docs/versions.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from wsiskg.extract import Assignment
from wsiskg.text.model import Bracket, Document
from wsiskg.versions.align import Pair, align_paragraphs
from wsiskg.versions.annexes import AssignmentChange, ProposalStatus, assignment_changes
from wsiskg.versions.fates import BracketFate, bracket_fates


@dataclass(frozen=True)
class VersionDiff:
    """What changed from ``old`` to ``new``."""

    old: Document
    new: Document
    paragraphs: tuple[Pair, ...]
    brackets: tuple[BracketFate, ...]
    new_brackets: tuple[Bracket, ...]
    assignments: tuple[AssignmentChange, ...]
    proposals: tuple[ProposalStatus, ...]


def diff_versions(
    old: Document,
    new: Document,
    old_assignments: Sequence[Assignment] = (),
    new_assignments: Sequence[Assignment] = (),
) -> VersionDiff:
    """Compare two consecutive versions (the assignments are the extraction's, or none)."""
    paragraphs = align_paragraphs(old, new)
    fates, fresh = bracket_fates(old, new, paragraphs)
    changes, statuses = assignment_changes(old, new, old_assignments, new_assignments)
    return VersionDiff(
        old, new, tuple(paragraphs), tuple(fates), tuple(fresh), tuple(changes), tuple(statuses)
    )


def _place(bracket: Bracket) -> dict[str, Any]:
    return {
        "start": bracket.span.start,
        "end": bracket.span.end,
        "paragraph": bracket.paragraph,
        "item": bracket.item,
        "annex": bracket.annex,
    }


def _pair(pair: Pair) -> dict[str, Any]:
    found: dict[str, Any] = {
        "old": pair.old,
        "new": pair.new,
        "status": pair.status.value,
        "similarity": pair.similarity,
    }
    if pair.items:
        found["items"] = [_pair(item) for item in pair.items]
    return found


def diff_to_dict(diff: VersionDiff) -> dict[str, Any]:
    """The diff as plain JSON data (the ``wsiskg diff --json`` contract)."""
    return {
        "old": {"path": str(diff.old.path), "sha256": diff.old.sha256},
        "new": {"path": str(diff.new.path), "sha256": diff.new.sha256},
        "paragraphs": [_pair(pair) for pair in diff.paragraphs],
        "brackets": [
            {
                "old": _place(fate.old),
                "text": fate.text,
                "fate": fate.fate.value,
                "chosen": fate.chosen,
                "new": None if fate.new is None else _place(fate.new),
            }
            for fate in diff.brackets
        ],
        "new_brackets": [{**_place(b), "text": diff.new.slice(b.inner)} for b in diff.new_brackets],
        "assignments": [
            {
                "proponent": c.proponent,
                "annex": c.annex,
                "line": c.line,
                "subline": c.subline,
                "old": list(c.old),
                "new": list(c.new),
                "added": list(c.added),
                "removed": list(c.removed),
            }
            for c in diff.assignments
        ],
        "proposals": [
            {"proponent": s.proponent, "old": s.old_annex, "new": s.new_annex, "status": s.status}
            for s in diff.proposals
        ],
    }
