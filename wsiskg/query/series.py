"""Answers about drafts as versions, read from the ``versions`` graph by the queries of
``queries/`` (versions, paragraph_alignment, bracket_fates, brackets_opened,
assignment_changes, paragraph_history, bracket_curve, proposal_survival).

Plain frozen records, so the API, the server and a notebook get the same values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from wsiskg.errors import QueryError
from wsiskg.query.results import Results
from wsiskg.versions.chain import CurvePoint

Row = Mapping[str, object]
Named = Callable[..., Results]  # KG.named: a query name and text parameters -> rows


@dataclass(frozen=True)
class VersionInfo:
    """One version of a series."""

    series: str  # the work's IRI
    position: int  # 1-based, oldest first
    label: str  # "rev1"
    iri: str
    symbol: str | None
    date: str | None
    title: str | None
    adopted: bool
    revises: str | None  # IRI of the version it revises


@dataclass(frozen=True)
class AlignedParagraph:
    """A paragraph of the earlier version, the later one, or both (numbers as printed)."""

    old: str | None
    new: str | None
    status: str
    similarity: float


@dataclass(frozen=True)
class BracketOutcome:
    """What the later version did with a bracket of the earlier one."""

    paragraph: str | None
    item: str | None
    begin: int
    end: int
    text: str  # without the brackets
    fate: str
    chosen: str | None
    new_begin: int | None
    new_end: int | None


@dataclass(frozen=True)
class OpenedBracket:
    """A bracket a version opens (offsets into that version's text)."""

    version: str
    paragraph: str | None
    item: str | None
    begin: int
    end: int
    text: str


@dataclass(frozen=True)
class LineChange:
    """Bodies a proposal adds or drops on one line (as printed)."""

    proponent: str | None
    annex: str
    line: str  # "C4", "C7/e-health"
    added: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    """Two versions compared, as the graph records it."""

    old: str
    new: str
    paragraphs: tuple[AlignedParagraph, ...]
    brackets: tuple[BracketOutcome, ...]
    new_brackets: tuple[OpenedBracket, ...]
    assignments: tuple[LineChange, ...]


@dataclass(frozen=True)
class ParagraphState:
    """A paragraph as one version prints it, and how it changed from the version before."""

    version: str
    number: str
    status: str | None  # None in the first version it appears in
    similarity: float | None
    text: str
    begin: int = 0  # where the paragraph starts in its version's text


@dataclass(frozen=True)
class SurvivalShare:
    """How much of a proposal the adopted table keeps, in bodies."""

    version: str
    proponent: str | None
    annex: str
    proposed: int
    kept: int
    share: float


def _text(row: Row, key: str) -> str:
    return "" if row[key] is None else str(row[key])


def _opt(row: Row, key: str) -> str | None:
    return None if row.get(key) is None else str(row[key])


def _int(row: Row, key: str) -> int:
    value = row[key]
    assert isinstance(value, int | str | Decimal)
    return int(value)


def _float(row: Row, key: str) -> float:
    value = row[key]
    assert isinstance(value, int | float | str | Decimal)
    return float(value)


def _parts(row: Row, key: str) -> tuple[str, ...]:
    text = _opt(row, key)
    return tuple(text.split(" | ")) if text else ()


def versions(named: Named) -> list[VersionInfo]:
    """Every version of every series, oldest first."""
    return [
        VersionInfo(
            series=_text(row, "series"),
            position=_int(row, "position"),
            label=_text(row, "label"),
            iri=_text(row, "version"),
            symbol=_opt(row, "symbol"),
            date=_opt(row, "date"),
            title=_opt(row, "title"),
            adopted=bool(row["adopted"]),
            revises=_opt(row, "revises"),
        )
        for row in named("versions")
    ]


def check_step(named: Named, old: str, new: str) -> None:
    """QueryError unless ``new`` is the version right after ``old`` in a series."""
    known = {v.label: v for v in versions(named)}
    if old not in known or new not in known:
        names = ", ".join(sorted(known)) or "none (build a series first)"
        raise QueryError(
            f"unknown version {old if old not in known else new!r} (versions: {names})"
        )
    if known[new].revises != known[old].iri:
        raise QueryError(f"{new!r} is not the version after {old!r}; compare consecutive versions")


def bracket_fates(named: Named, old: str, new: str) -> list[BracketOutcome]:
    """The fate of every bracket of ``old`` in ``new`` (consecutive versions)."""
    check_step(named, old, new)
    return [
        BracketOutcome(
            paragraph=_opt(row, "paragraph"),
            item=_opt(row, "item"),
            begin=_int(row, "begin"),
            end=_int(row, "end"),
            text=_text(row, "text"),
            fate=_text(row, "fate"),
            chosen=_opt(row, "chosen"),
            new_begin=None if row["newBegin"] is None else _int(row, "newBegin"),
            new_end=None if row["newEnd"] is None else _int(row, "newEnd"),
        )
        for row in named("bracket_fates", from_version=old, to_version=new)
    ]


def compare(named: Named, old: str, new: str) -> Comparison:
    """Everything the graph records about ``old`` -> ``new``."""
    fates = tuple(bracket_fates(named, old, new))
    paragraphs = tuple(
        AlignedParagraph(
            _opt(row, "old"), _opt(row, "new"), _text(row, "status"), _float(row, "similarity")
        )
        for row in named("paragraph_alignment", from_version=old, to_version=new)
    )
    opened = tuple(
        OpenedBracket(
            _text(row, "version"),
            _opt(row, "paragraph"),
            _opt(row, "item"),
            _int(row, "begin"),
            _int(row, "end"),
            _text(row, "text"),
        )
        for row in named("brackets_opened", version_label=new)
    )
    changes = tuple(
        LineChange(
            _opt(row, "proponent"),
            _text(row, "annex"),
            _text(row, "line"),
            _parts(row, "added"),
            _parts(row, "removed"),
        )
        for row in named("assignment_changes", from_version=old)
    )
    return Comparison(old, new, paragraphs, fates, opened, changes)


def history(named: Named, number: str, version: str) -> list[ParagraphState]:
    """The paragraph printed as ``number`` in ``version``, across the series."""
    return [
        ParagraphState(
            version=_text(row, "version"),
            number=_text(row, "number"),
            status=_opt(row, "status"),
            similarity=None if row["similarity"] is None else _float(row, "similarity"),
            text=_text(row, "text"),
            begin=_int(row, "begin"),
        )
        for row in named("paragraph_history", version_label=version, paragraph_number=number)
    ]


def curve(named: Named) -> list[CurvePoint]:
    """The bracket curve: brackets per version and chapter."""
    return [
        CurvePoint(
            _int(row, "position"),
            _text(row, "version"),
            _text(row, "chapter"),
            _int(row, "brackets"),
        )
        for row in named("bracket_curve")
    ]


def survival(named: Named) -> list[SurvivalShare]:
    """Each earlier proposal's share of bodies kept by the adopted table."""
    return [
        SurvivalShare(
            _text(row, "version"),
            _opt(row, "proponent"),
            _text(row, "annex"),
            _int(row, "proposed"),
            _int(row, "kept"),
            _float(row, "share"),
        )
        for row in named("proposal_survival")
    ]
