"""The proposal comparison: action lines × proposals, agencies per cell, agreement per line.

Built from the rows of ``queries/compare_proposals.rq`` (one per proposal × line × agency).
A line *agrees* when every proposal that lists it assigns the same set of agencies to it
(explicit and inherited alike); with a single proposal listing it, there is nothing to compare.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from wsiskg.query.results import Value

QUERY_NAME = "compare_proposals"


@dataclass(frozen=True)
class Proposal:
    """One column: an annex proposal."""

    iri: str
    annex: str
    proponent: str


@dataclass(frozen=True)
class Assignment:
    """An agency in a cell, with how it got there."""

    agency: str
    label: str
    basis: str  # "explicit" or "inherited"
    role: str = ""


@dataclass
class Line:
    """One row: an action line (or C7 sub-line) and what each proposal assigns to it."""

    iri: str
    code: str
    label: str
    sub_line: bool
    cells: dict[str, list[Assignment]] = field(default_factory=dict)  # proposal IRI -> cell
    statuses: dict[str, str] = field(default_factory=dict)  # proposal IRI -> filled/blank/none

    @property
    def agreement(self) -> str:
        """``agree``, ``differ``, or ``single`` when only one proposal lists the line."""
        if len(self.cells) < 2:
            return "single"
        sets = {frozenset(a.label for a in cell) for cell in self.cells.values()}
        return "agree" if len(sets) == 1 else "differ"


@dataclass
class Comparison:
    """The whole table."""

    proposals: list[Proposal]
    lines: list[Line]

    def to_csv(self) -> str:
        """One row per line; one column per proposal (``ITU + WHO (inherited)``); agreement."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        heads = [f"Annex {p.annex} ({p.proponent})" for p in self.proposals]
        writer.writerow(["code", "action line", *heads, "agreement"])
        for line in self.lines:
            cells = [
                _cell_text(line.cells.get(p.iri), line.statuses.get(p.iri)) for p in self.proposals
            ]
            writer.writerow([line.code, line.label, *cells, line.agreement])
        return out.getvalue()


EMPTY_CELLS = {"none": 'none (printed "-")', "blank": "blank cell"}


def _cell_text(cell: list[Assignment] | None, status: str | None = None) -> str:
    if cell is None:
        return "(not listed)"
    parts = [a.label + (" (inherited)" if a.basis == "inherited" else "") for a in cell]
    return " + ".join(parts) or f"({EMPTY_CELLS.get(status or '', 'none assigned')})"


def compare(rows: Iterable[Mapping[str, Value]]) -> Comparison:
    """Pivot the query rows into a :class:`Comparison`.

    >>> rows = [
    ...     dict(actionLine="l", actionLineCode="C7", actionLineLabel="E-health", subLine=True,
    ...          proposal="p1", annex="A", proponent="X", agency="who", agencyLabel="WHO",
    ...          role="", basis="explicit"),
    ...     dict(actionLine="l", actionLineCode="C7", actionLineLabel="E-health", subLine=True,
    ...          proposal="p2", annex="B", proponent="Y", agency="itu", agencyLabel="ITU",
    ...          role="", basis="inherited"),
    ... ]
    >>> table = compare(rows)
    >>> table.lines[0].agreement, [p.annex for p in table.proposals]
    ('differ', ['A', 'B'])
    """
    proposals: dict[str, Proposal] = {}
    lines: dict[str, Line] = {}
    for row in rows:
        proposal = Proposal(str(row["proposal"]), str(row["annex"]), str(row["proponent"]))
        proposals.setdefault(proposal.iri, proposal)
        key = str(row["actionLine"])
        line = lines.setdefault(
            key,
            Line(key, str(row["actionLineCode"] or ""), str(row["actionLineLabel"] or ""),
                 bool(row["subLine"])),
        )  # fmt: skip
        cell = line.cells.setdefault(proposal.iri, [])
        if row.get("cellStatus"):
            line.statuses[proposal.iri] = str(row["cellStatus"])
        if row.get("agency"):
            found = Assignment(str(row["agency"]), str(row["agencyLabel"] or row["agency"]),
                               str(row["basis"] or ""), str(row.get("role") or ""))  # fmt: skip
            if found not in cell:
                cell.append(found)
    ordered = sorted(
        lines.values(), key=lambda line: (_code_key(line.code), line.sub_line, line.label)
    )
    return Comparison(sorted(proposals.values(), key=lambda p: p.annex), ordered)


def _code_key(code: str) -> tuple[str, int]:
    match = re.fullmatch(r"([A-Za-z]*)(\d*)", code)
    if match is None:
        return (code, 0)
    return (match.group(1), int(match.group(2) or 0))
