"""Typed answers of the API, and the answer of any query form as the CLI prints it.

The domain methods of :class:`wsiskg.KG` return these frozen dataclasses, built from the rows
of the named queries in ``queries/`` — so the API, the CLI and the server give the same answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from wsiskg.errors import QueryError
from wsiskg.query.formats import QueryResult
from wsiskg.query.results import Results, Value

Row = Mapping[str, Value]


@dataclass(frozen=True)
class Assignment:
    """One body assigned to one action line by one proposal."""

    proposal: str  # IRI
    annex: str  # "A"
    proponent: str  # "Russian Federation"
    action_line: str  # IRI
    action_line_code: str  # "C7"
    action_line_label: str  # "E-health"
    agency: str  # IRI; "" when the cell names nobody
    agency_label: str  # acronym where the text uses one: "WHO"
    role: str  # "coordinator"
    basis: str  # "explicit" or "inherited"; "none" (a "-" cell) or "blank" (an empty one)

    @property
    def inherited(self) -> bool:
        """True when the body comes from the parent line (a blank sub-line cell)."""
        return self.basis == "inherited"

    @property
    def names_nobody(self) -> bool:
        """True when the proposal's cell explicitly names no body ("-") or is blank and
        inherits none: an answer ("nobody"), not a missing row."""
        return self.basis in ("none", "blank")


@dataclass(frozen=True)
class Commitment:
    """One operative verb phrase: who is asked (or commits) to do what, where and by when."""

    iri: str
    paragraph: str  # number as printed
    item: str | None  # item letter
    speaker: str | None
    verb: str  # "encourage"
    category: str | None  # "directive"
    addressees: tuple[str, ...]  # resolved actors (acronym or name)
    addressees_as_printed: tuple[str, ...]  # every addressee as the text names it
    levels: tuple[str, ...]
    deadline: str | None  # as printed: "by 2015"
    action: str | None


@dataclass(frozen=True)
class ContestedSpan:
    """A bracketed passage: where it stands, how deeply nested, and its alternatives."""

    paragraph: str | None
    item: str | None
    annex: str | None
    depth: int
    start: int
    end: int
    text: str
    alternatives: tuple[str, ...]


@dataclass(frozen=True)
class ItemView:
    """A lettered item of a paragraph."""

    label: str
    text: str
    wholly_bracketed: bool


@dataclass(frozen=True)
class ParagraphView:
    """A paragraph with everything the graph says about it."""

    iri: str
    number: str
    chapter: str | None
    text: str
    wholly_bracketed: bool
    items: tuple[ItemView, ...]
    brackets: tuple[ContestedSpan, ...]
    commitments: tuple[Commitment, ...]


# --- rows -> dataclasses --------------------------------------------------------------------


def _text(row: Row, key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value)


def _optional(row: Row, key: str) -> str | None:
    value = row.get(key)
    return None if value in (None, "") else str(value)


def _split(row: Row, key: str, separator: str) -> tuple[str, ...]:
    value = _optional(row, key)
    return tuple(part for part in value.split(separator) if part) if value else ()


def assignment(row: Row) -> Assignment:
    """An :class:`Assignment` from a row of ``coordinators_of``."""
    return Assignment(
        proposal=_text(row, "proposal"),
        annex=_text(row, "annex"),
        proponent=_text(row, "proponent"),
        action_line=_text(row, "actionLine"),
        action_line_code=_text(row, "actionLineCode"),
        action_line_label=_text(row, "actionLineLabel"),
        agency=_text(row, "agency"),
        agency_label=_text(row, "agencyLabel"),
        role=_text(row, "role"),
        basis=_text(row, "basis"),
    )


def commitment(row: Row) -> Commitment:
    """A :class:`Commitment` from a row of ``commitments``."""
    return Commitment(
        iri=_text(row, "commitment"),
        paragraph=_text(row, "number"),
        item=_optional(row, "item"),
        speaker=_optional(row, "speaker"),
        verb=_text(row, "verb"),
        category=_optional(row, "category"),
        addressees=tuple(sorted(_split(row, "addressees", " | "))),
        addressees_as_printed=tuple(sorted(_split(row, "addresseeText", " | "))),
        levels=tuple(sorted(_split(row, "levels", " | "))),
        deadline=_optional(row, "deadlineText"),
        action=_optional(row, "actionText"),
    )


def contested_span(row: Row) -> ContestedSpan:
    """A :class:`ContestedSpan` from a row of ``contested_text``."""
    return ContestedSpan(
        paragraph=_optional(row, "number"),
        item=_optional(row, "item"),
        annex=_optional(row, "annex"),
        depth=int(row.get("depth") or 0),  # type: ignore[arg-type]
        start=int(row.get("begin") or 0),  # type: ignore[arg-type]
        end=int(row.get("end") or 0),  # type: ignore[arg-type]
        text=_text(row, "text"),
        alternatives=_split(row, "alternatives", " | "),
    )


def paragraph_view(
    rows: Results, brackets: tuple[ContestedSpan, ...], commitments: tuple[Commitment, ...]
) -> ParagraphView:
    """A :class:`ParagraphView` from the rows of ``paragraph_text`` (one per item)."""
    if not rows:
        raise QueryError("no such paragraph in the graph")
    first = rows[0]
    items = tuple(
        ItemView(_text(r, "item"), _text(r, "itemText"), bool(r.get("itemWhollyBracketed")))
        for r in rows
        if r.get("item")
    )
    return ParagraphView(
        iri=_text(first, "paragraph"),
        number=_text(first, "number"),
        chapter=_optional(first, "chapter"),
        text=_text(first, "text"),
        wholly_bracketed=bool(first.get("whollyBracketed")),
        items=items,
        brackets=brackets,
        commitments=commitments,
    )


# --- any query form, rendered for the CLI ---------------------------------------------------


class Answer:
    """The answer of any query form, rendered as the CLI prints it."""

    def __init__(self, result: QueryResult) -> None:
        self.result = result

    @property
    def rows(self) -> Results:
        """SELECT rows (empty for other forms)."""
        return Results(self.result.variables, self.result.rows)

    def render(self, fmt: str, prefixes: Mapping[str, str]) -> str:
        """SELECT as table/csv/tsv/json; ASK as true/false (SPARQL JSON for ``json``);
        CONSTRUCT/DESCRIBE as Turtle (N-Triples for csv/tsv, JSON-LD for json)."""
        if self.result.boolean is not None:
            if fmt == "json":
                return f'{{"head": {{}}, "boolean": {str(self.result.boolean).lower()}}}\n'
            return f"{str(self.result.boolean).lower()}\n"
        if self.result.is_graph:
            return _render_triples(self.result.triples, fmt, prefixes)
        return self.rows.serialize(fmt, prefixes)


def _render_triples(triples: list[ox.Triple], fmt: str, prefixes: Mapping[str, str]) -> str:
    rdf_format = {"json": ox.RdfFormat.JSON_LD, "csv": ox.RdfFormat.N_TRIPLES}.get(
        fmt, ox.RdfFormat.N_TRIPLES if fmt == "tsv" else ox.RdfFormat.TURTLE
    )
    # only vocabulary prefixes: data IRIs ("…/txt#char=1,5") would need escapes as prefixed names
    vocabularies = {name: iri for name, iri in prefixes.items() if name not in {"id", "graph"}}
    data = ox.serialize(triples, format=rdf_format, prefixes=vocabularies) or b""
    return data.decode("utf-8")
