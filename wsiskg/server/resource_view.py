"""What a resource page shows: its statements, incoming links, labels and source passage.

Reads the store directly (in the server process): these are bounded lookups by subject or
object, not user queries, so they need no worker process.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import islice, pairwise

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from wsiskg.namespaces import NIF, WSIS
from wsiskg.query.registry import views
from wsiskg.query.results import Term
from wsiskg.query.store import Store
from wsiskg.sparql import with_values

MAX_STATEMENTS = 2000
MAX_INCOMING = 500
#: Characters of text shown on each side of a span on the span's own page.
SURROUNDING = 400
_TYPE = ox.NamedNode(str(RDF.type))
_LABELS = tuple(
    ox.NamedNode(str(p)) for p in (SKOS.prefLabel, RDFS.label, DCTERMS.title, WSIS.titleAsPrinted)
)
_SPAN = ox.NamedNode(str(WSIS.span))
_BEGIN = ox.NamedNode(str(NIF.beginIndex))
_END = ox.NamedNode(str(NIF.endIndex))
_CONTEXT = ox.NamedNode(str(NIF.referenceContext))
_IS_STRING = ox.NamedNode(str(NIF.isString))
Subject = ox.NamedNode | ox.BlankNode | ox.Triple


@dataclass(frozen=True)
class Segment:
    """A run of passage text with the marks that cover it (``bracket-N``, ``alternative``)."""

    text: str
    marks: tuple[str, ...]


@dataclass
class Passage:
    """The source text a resource was read from, split into marked segments."""

    context: str
    begin: int
    end: int
    segments: list[Segment] = field(default_factory=list)
    focus: tuple[int, int] | None = None  # a span's own characters, within its surroundings


@dataclass
class ResourceView:
    """Everything the store says about one IRI (bounded)."""

    iri: str
    outgoing: list[tuple[ox.NamedNode, Term, str]]
    incoming: list[tuple[Subject, ox.NamedNode, str]]
    passage: Passage | None = None

    @property
    def types(self) -> list[Term]:
        """The resource's ``rdf:type`` values."""
        return list(dict.fromkeys(o for p, o, _ in self.outgoing if p == _TYPE))

    def triples(self) -> list[ox.Triple]:
        """Outgoing and incoming statements as triples (the resource's RDF representation)."""
        node = ox.NamedNode(self.iri)
        out = [ox.Triple(node, p, o) for p, o, _ in self.outgoing]
        return list(dict.fromkeys(out + [ox.Triple(s, p, node) for s, p, _ in self.incoming]))


def describe(store: Store, iri: str) -> ResourceView | None:
    """The view of ``iri``, or ``None`` when the store never mentions it (or it is no IRI:
    ``/id/%22`` asks for ``{base}id/"``)."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return None
    outgoing = [
        (q.predicate, q.object, _graph(q))
        for q in islice(store.ox_store.quads_for_pattern(node, None, None), MAX_STATEMENTS)
    ]
    incoming = [
        (q.subject, q.predicate, _graph(q))
        for q in islice(store.ox_store.quads_for_pattern(None, None, node), MAX_INCOMING)
    ]
    if not outgoing and not incoming:
        return None
    order = DocumentOrder(store)
    return ResourceView(
        iri, order.outgoing(outgoing), order.incoming(incoming), passage_of(store, node)
    )


class DocumentOrder:
    """Sort keys that put text-bearing resources in the order of the text (paragraph 2 before
    10, item b before c) and everything else by its IRI: the IRIs' string order put
    paragraph 10 before 2."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._positions: dict[str, float] = {}

    def position(self, term: Term | Subject) -> float:
        """Where ``term`` begins in its source text (its span's begin); infinity if nowhere."""
        if not isinstance(term, ox.NamedNode):
            return math.inf
        if term.value not in self._positions:
            begin = _integer(self.store, term, _BEGIN)
            span = _object(self.store, term, _SPAN) if begin is None else None
            if span is not None:
                begin = _integer(self.store, span, _BEGIN)
            self._positions[term.value] = math.inf if begin is None else begin
        return self._positions[term.value]

    def outgoing(
        self, rows: list[tuple[ox.NamedNode, Term, str]]
    ) -> list[tuple[ox.NamedNode, Term, str]]:
        """Types first, then by property, values in document order."""
        return sorted(
            rows, key=lambda r: (r[0] != _TYPE, r[0].value, self.position(r[1]), str(r[1]))
        )

    def incoming(
        self, rows: list[tuple[Subject, ox.NamedNode, str]]
    ) -> list[tuple[Subject, ox.NamedNode, str]]:
        """By property, the resources pointing here in document order."""
        return sorted(rows, key=lambda r: (r[1].value, self.position(r[0]), str(r[0])))


def _graph(quad: ox.Quad) -> str:
    return quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""


def label(store: Store, term: Term) -> str | None:
    """A human label for ``term`` (prefLabel, label, title), if the store has one."""
    if not isinstance(term, ox.NamedNode):
        return None
    for predicate in _LABELS:
        for quad in store.ox_store.quads_for_pattern(term, predicate, None):
            if isinstance(quad.object, ox.Literal) and quad.object.language in (None, "en"):
                return quad.object.value
    return None


def composed_title(store: Store, term: Term) -> str | None:
    """A name composed from what the graph says (``queries/views/title.rq``): "Paragraph 7",
    "WHO as coordinator of C7 E-health — Annex A (Russian Federation)"; for resources
    without a label of their own."""
    if not isinstance(term, ox.NamedNode):
        return None
    query = with_values(views().get("title").text, {"resource": term})
    rows = select(store, query)
    return value_of(rows[0]["title"]).strip() or None if rows else None


def _integer(store: Store, node: Term, predicate: ox.NamedNode) -> int | None:
    value = _object(store, node, predicate)
    if isinstance(value, ox.Literal) and value.value.lstrip("-").isdigit():
        return int(value.value)
    return None


def _object(store: Store, node: Term, predicate: ox.NamedNode) -> Term | None:
    if isinstance(node, ox.Literal):
        return None
    for quad in store.ox_store.quads_for_pattern(node, predicate, None):
        return quad.object
    return None


def select(store: Store, query: str) -> list[dict[str, Term]]:
    """The rows of a fixed SELECT over the union graph, as dicts (unbound variables left out)."""
    solutions = store.ox_store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [
        {name: term for name, term in zip(names, row, strict=True) if term is not None}
        for row in solutions
    ]


def value_of(term: Term | None) -> str:
    """The IRI or lexical form of a term ('' for None)."""
    if term is None or isinstance(term, ox.Triple):
        return ""
    return term.value


def passage_of(store: Store, node: ox.NamedNode) -> Passage | None:
    """The source passage of a text-bearing resource (a span, or what points at one)."""
    span: Term | None = node if _integer(store, node, _BEGIN) is not None else None
    span = span or _object(store, node, _SPAN)
    if span is None:
        text_node: Term = node
        full = _object(store, node, _IS_STRING)
        if not isinstance(full, ox.Literal):
            return None
        return _marked(store, text_node, full.value, 0, len(full.value))
    begin, end = _integer(store, span, _BEGIN), _integer(store, span, _END)
    context = _object(store, span, _CONTEXT)
    text = _object(store, context, _IS_STRING) if context is not None else None
    if begin is None or end is None or context is None or not isinstance(text, ox.Literal):
        return None
    if span != node:
        return _marked(store, context, text.value, begin, end)
    # A span's own page: the span highlighted in the text around it.
    around = (max(0, begin - SURROUNDING), min(len(text.value), end + SURROUNDING))
    return _marked(store, context, text.value, *around, focus=(begin, end))


def _marked(
    store: Store,
    context: Term,
    text: str,
    begin: int,
    end: int,
    focus: tuple[int, int] | None = None,
) -> Passage:
    if isinstance(context, ox.Triple):
        return Passage("", begin, end, [Segment(text[begin:end], ())])
    stretch = {"context": context, "from": ox.Literal(begin), "to": ox.Literal(end)}
    rows = select(store, with_values(views().get("passage_marks").text, stretch))
    marks = [
        (int(value_of(r["begin"])), int(value_of(r["end"])), value_of(r["kind"])) for r in rows
    ]
    if focus is not None:
        marks.append((*focus, "focus"))
    context_iri = context.value if isinstance(context, ox.NamedNode) else ""
    return Passage(context_iri, begin, end, segment(text, begin, end, marks), focus)


def segment(text: str, begin: int, end: int, marks: list[tuple[int, int, str]]) -> list[Segment]:
    """Split ``text[begin:end]`` where marks open or close; each run lists the marks over it.

    Brackets become ``bracket-N`` by nesting depth, so nested brackets stay distinguishable.

    >>> marks = [(2, 9, "bracket"), (5, 8, "bracket")]
    >>> for piece in segment("a [b [c]] d", 0, 11, marks):
    ...     print(repr(piece.text), piece.marks)
    'a ' ()
    '[b ' ('bracket-1',)
    '[c]' ('bracket-2',)
    ']' ('bracket-1',)
    ' d' ()
    """
    cuts = sorted({begin, end, *(max(begin, min(end, x)) for b, e, _ in marks for x in (b, e))})
    segments = []
    for start, stop in pairwise(cuts):
        over = [kind for b, e, kind in marks if b <= start and stop <= e]
        depth = over.count("bracket")
        labels = (
            ((f"bracket-{depth}",) if depth else ())
            + (("alternative",) if "alternative" in over else ())
            + (("focus",) if "focus" in over else ())
        )
        segments.append(Segment(text[start:stop], labels))
    return segments
