"""Annex proposals across versions: which bodies each proposal adds and drops per action
line, and how much of each proposal the adopted coordinator table keeps.

Bodies are compared by the actor extraction resolved them to (so "UN Regional Commissions
(UN RCs)" and "UN RCs" are one body), else by their name casefolded; they are shown as
printed. Proposals are matched across versions by proponent, else by annex letter when
neither names a proponent. Only explicit assignments count: a blank cell proposes nothing
(what it inherits is a rule of the graph, not a word of the text).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wsiskg.extract import Assignment
from wsiskg.text.model import Document, Proposal
from wsiskg.versions.fates import proposal_key

Line = tuple[str, str | None]  # action-line code and C7 sub-line


@dataclass(frozen=True)
class AssignmentChange:
    """One action line of one proposal whose bodies differ between two versions."""

    proponent: str | None
    annex: str  # the letter in the new version (the old one when the proposal is gone)
    line: str
    subline: str | None
    old: tuple[str, ...]
    new: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True)
class ProposalStatus:
    """A proposal in two versions: ``unchanged``, ``changed``, ``added`` or ``removed``."""

    proponent: str | None
    old_annex: str | None
    new_annex: str | None
    status: str


@dataclass(frozen=True)
class LineSurvival:
    """What the adopted table keeps of one line of a proposal."""

    line: str
    subline: str | None
    proposed: tuple[str, ...]
    adopted: tuple[str, ...]
    kept: tuple[str, ...]


@dataclass(frozen=True)
class Survival:
    """A proposal against the adopted table: the share of its bodies kept, line by line."""

    proponent: str | None
    annex: str
    lines: tuple[LineSurvival, ...]

    @property
    def proposed(self) -> int:
        """Bodies proposed, summed over lines."""
        return sum(len(line.proposed) for line in self.lines)

    @property
    def kept(self) -> int:
        """Bodies the adopted table keeps on the same line."""
        return sum(len(line.kept) for line in self.lines)

    @property
    def share(self) -> float:
        """Kept over proposed (0 when nothing was proposed)."""
        return round(self.kept / self.proposed, 4) if self.proposed else 0.0


def body_key(assignment: Assignment) -> str:
    """What makes two printed bodies the same body."""
    return assignment.agency or " ".join(assignment.body.casefold().split())


def _cells(proposal: Proposal, assignments: Sequence[Assignment]) -> dict[Line, dict[str, str]]:
    """Line -> body key -> body as printed, for one proposal (every row, filled or not)."""
    cells: dict[Line, dict[str, str]] = {(row.code, row.subline): {} for row in proposal.rows}
    for a in assignments:
        if a.annex == proposal.annex:
            cells.setdefault((a.code, a.subline), {})[body_key(a)] = a.body.strip()
    return cells


def assignment_changes(
    old: Document,
    new: Document,
    old_assignments: Sequence[Assignment],
    new_assignments: Sequence[Assignment],
) -> tuple[list[AssignmentChange], list[ProposalStatus]]:
    """Per proposal present in both versions, every line whose bodies differ; and the status
    of every proposal of either version."""
    after = {proposal_key(p): p for p in new.proposals}
    changes: list[AssignmentChange] = []
    statuses: list[ProposalStatus] = []
    for proposal in old.proposals:
        match = after.pop(proposal_key(proposal), None)
        if match is None:
            statuses.append(ProposalStatus(proposal.proponent, proposal.annex, None, "removed"))
            continue
        found = _line_changes(
            proposal, match, _cells(proposal, old_assignments), _cells(match, new_assignments)
        )
        changes += found
        status = "changed" if found else "unchanged"
        statuses.append(ProposalStatus(proposal.proponent, proposal.annex, match.annex, status))
    statuses += [ProposalStatus(p.proponent, None, p.annex, "added") for p in after.values()]
    return changes, statuses


def _line_changes(
    old: Proposal,
    new: Proposal,
    before: dict[Line, dict[str, str]],
    after: dict[Line, dict[str, str]],
) -> list[AssignmentChange]:
    lines = list(before) + [line for line in after if line not in before]
    changes = []
    for line in lines:
        was, now = before.get(line, {}), after.get(line, {})
        if set(was) == set(now):
            continue
        changes.append(
            AssignmentChange(
                new.proponent or old.proponent,
                new.annex,
                line[0],
                line[1],
                tuple(was.values()),
                tuple(now.values()),
                tuple(label for key, label in now.items() if key not in was),
                tuple(label for key, label in was.items() if key not in now),
            )
        )
    return changes


def survival(
    document: Document,
    assignments: Sequence[Assignment],
    adopted: Document,
    adopted_assignments: Sequence[Assignment],
) -> list[Survival]:
    """Each proposal of ``document`` against the coordinator table of the adopted version
    (all its annex tables, merged line by line)."""
    table: dict[Line, dict[str, str]] = {}
    for proposal in adopted.proposals:
        for line, bodies in _cells(proposal, adopted_assignments).items():
            table.setdefault(line, {}).update(bodies)
    found = []
    for proposal in document.proposals:
        lines = []
        for line, bodies in _cells(proposal, assignments).items():
            if not bodies:
                continue
            adopted_line = table.get(line, {})
            kept = tuple(label for key, label in bodies.items() if key in adopted_line)
            lines.append(
                LineSurvival(
                    line[0], line[1], tuple(bodies.values()), tuple(adopted_line.values()), kept
                )
            )
        found.append(Survival(proposal.proponent, proposal.annex, tuple(lines)))
    return found
