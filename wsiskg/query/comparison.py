"""The proposal comparison: action lines × proposals, agencies per cell, agreement per line.

One model for the API (:meth:`wsiskg.KG.compare_proposals`), the CLI and the comparison page,
built from the rows of ``queries/compare_proposals.rq`` (one per proposal × line × agency).
Proposals are compared within their own draft: a corpus gives one table per document.

A line *agrees* when every proposal of the draft that lists it assigns it the same agencies
(explicit and inherited alike); it *differs* otherwise; with a single proposal listing it there
is nothing to compare (``single``). A cell with no agency says why: ``none`` (the text prints
"-"), ``blank`` (no cell of its own), or neither (the proposal lists the line and assigns nobody).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from wsiskg.query.results import Value

__all__ = ["QUERY_NAME", "CellEntry", "Comparison", "Line", "LineComparison", "Proposal", "compare"]

QUERY_NAME = "compare_proposals"
EMPTY_CELLS = {"none": 'none (printed "-")', "blank": "blank cell"}


@dataclass(frozen=True)
class Proposal:
    """One column: an annex proposal of a draft."""

    iri: str
    annex: str
    proponent: str


@dataclass(frozen=True)
class CellEntry:
    """An agency in a cell, with how it got there."""

    agency: str
    label: str
    basis: str  # "explicit" or "inherited"
    role: str = ""


@dataclass(frozen=True)
class LineComparison:
    """What each proposal of one draft assigns to one action line, and whether they agree."""

    document: str  # the draft (language version) whose proposals are compared
    action_line_code: str
    action_line_label: str
    agencies: Mapping[str, frozenset[str]]  # proponent -> agency labels
    agree: bool


@dataclass
class Line:
    """One row: an action line (or C7 sub-line) and what each proposal assigns to it."""

    iri: str
    code: str
    label: str
    sub_line: bool
    cells: dict[str, list[CellEntry]] = field(default_factory=dict)  # proposal IRI -> cell
    statuses: dict[str, str] = field(default_factory=dict)  # proposal IRI -> filled/blank/none

    @property
    def agreement(self) -> str:
        """``agree``, ``differ``, or ``single`` when only one proposal lists the line."""
        if len(self.cells) < 2:
            return "single"
        sets = {frozenset(entry.agency for entry in cell) for cell in self.cells.values()}
        return "agree" if len(sets) == 1 else "differ"

    def cell_text(self, proposal: str) -> str:
        """The cell as a reader would write it: ``ITU + WHO (inherited)``, or why it is empty."""
        cell = self.cells.get(proposal)
        if cell is None:
            return "(not listed)"
        parts = [e.label + (" (inherited)" if e.basis == "inherited" else "") for e in cell]
        status = self.statuses.get(proposal, "")
        return " + ".join(parts) or f"({EMPTY_CELLS.get(status, 'none assigned')})"


@dataclass
class Comparison:
    """The table of one draft."""

    document: str
    proposals: list[Proposal]
    lines: list[Line]

    def line_comparisons(self) -> list[LineComparison]:
        """One :class:`LineComparison` per line (what the Python API returns)."""
        names = {p.iri: p.proponent for p in self.proposals}
        return [
            LineComparison(
                self.document,
                line.code,
                line.label,
                {names[iri]: frozenset(e.label for e in cell) for iri, cell in line.cells.items()},
                line.agreement != "differ",
            )
            for line in self.lines
        ]


def compare(rows: Iterable[Mapping[str, Value]]) -> list[Comparison]:
    """Pivot the query rows into one :class:`Comparison` per document, documents in IRI order.

    >>> rows = [
    ...     dict(document="d", actionLine="l", actionLineCode="C7", actionLineLabel="E-health",
    ...          subLine=True, proposal="p1", annex="A", proponent="X", agency="who",
    ...          agencyLabel="WHO", role="", basis="explicit"),
    ...     dict(document="d", actionLine="l", actionLineCode="C7", actionLineLabel="E-health",
    ...          subLine=True, proposal="p2", annex="B", proponent="Y", agency="itu",
    ...          agencyLabel="ITU", role="", basis="inherited"),
    ... ]
    >>> [table] = compare(rows)
    >>> table.lines[0].agreement, [p.annex for p in table.proposals]
    ('differ', ['A', 'B'])
    """
    proposals: dict[str, dict[str, Proposal]] = {}
    lines: dict[str, dict[str, Line]] = {}
    for row in rows:
        document = str(row.get("document") or "")
        proposal = Proposal(str(row["proposal"]), str(row["annex"]), str(row["proponent"]))
        proposals.setdefault(document, {}).setdefault(proposal.iri, proposal)
        line = _line(lines.setdefault(document, {}), row)
        cell = line.cells.setdefault(proposal.iri, [])
        if row.get("cellStatus"):
            line.statuses[proposal.iri] = str(row["cellStatus"])
        entry = _entry(row)
        if entry is not None and entry not in cell:
            cell.append(entry)
    return [
        Comparison(
            document,
            sorted(proposals[document].values(), key=lambda p: p.annex),
            sorted(
                by_iri.values(), key=lambda line: (_code_key(line.code), line.sub_line, line.label)
            ),
        )
        for document, by_iri in sorted(lines.items())
    ]


def to_csv(tables: list[Comparison]) -> str:
    """One row per line, one column per proposal, then the agreement; with several drafts, a
    first ``document`` column (each draft's proposals under their own heading row)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    several = len(tables) > 1
    for table in tables:
        heads = [f"Annex {p.annex} ({p.proponent})" for p in table.proposals]
        writer.writerow(
            [*(["document"] if several else []), "code", "action line", *heads, "agreement"]
        )
        for line in table.lines:
            cells = [line.cell_text(p.iri) for p in table.proposals]
            lead = [table.document] if several else []
            writer.writerow([*lead, line.code, line.label, *cells, line.agreement])
    return out.getvalue()


def _line(lines: dict[str, Line], row: Mapping[str, Value]) -> Line:
    key = str(row["actionLine"])
    if key not in lines:
        code, label = str(row["actionLineCode"] or ""), str(row["actionLineLabel"] or "")
        lines[key] = Line(key, code, label, bool(row["subLine"]))
    return lines[key]


def _entry(row: Mapping[str, Value]) -> CellEntry | None:
    if not row.get("agency"):
        return None
    label = str(row["agencyLabel"] or row["agency"])
    return CellEntry(str(row["agency"]), label, str(row["basis"] or ""), str(row.get("role") or ""))


def _code_key(code: str) -> tuple[str, int]:
    match = re.fullmatch(r"([A-Za-z]*)(\d*)", code)
    if match is None:
        return (code, 0)
    return (match.group(1), int(match.group(2) or 0))
