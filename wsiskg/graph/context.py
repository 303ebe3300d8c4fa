"""What every builder step shares: the named graphs of a dataset and one document's IRIs.

The builder steps (``build_structure``, ``build_spans``, ``build_statements``,
``build_assignments``) only add triples; they never read back. Text spans are minted in one
place (:meth:`DocumentScope.span`) so that every span node carries its NIF offsets and
anchor exactly once, in the ``spans`` graph, whichever step mentions it first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from wsiskg.graph.iris import GRAPH_NAMES, BaseIris, IriMinter, proposal_code
from wsiskg.namespaces import NIF, PREFIXES, RDF, TIME, WSIS, XSD
from wsiskg.text.model import Document, Span

Triple = tuple[Node, Node, Node]


# ISO 639-2 (as in IRIs) -> BCP 47 (dcterms:language, label tags); the six UN languages.
_LANGUAGE_TAGS = {"eng": "en", "fra": "fr", "spa": "es", "ara": "ar", "rus": "ru", "zho": "zh"}


def language_tag(lang: str) -> str:
    """The BCP 47 tag of a document language code (``eng`` -> ``en``)."""
    return _LANGUAGE_TAGS.get(lang, lang)


@dataclass
class MintLedger:
    """What one build mints from its texts, shared by every document of the build.

    ``curated``: the IRIs the shipped vocabularies define; ``labels``: curated actors by
    casefolded name or acronym; ``minted``: IRIs minted so far (each is described once, from
    the first text that prints it); ``forms``: minted bodies by casefolded name and acronym,
    so that "DSF" after "Digital Solidarity Fund (DSF)" is the same body; ``acronyms``: the
    minted bodies that already have one.
    """

    curated: set[URIRef] = field(default_factory=set)
    labels: dict[str, URIRef] = field(default_factory=dict)
    minted: set[URIRef] = field(default_factory=set)
    forms: dict[str, URIRef] = field(default_factory=dict)
    acronyms: set[URIRef] = field(default_factory=set)


@dataclass(frozen=True)
class Graphs:
    """The named graphs of one dataset, by the short names of the IRI contract."""

    dataset: Dataset = field(repr=False)
    iris: BaseIris
    ledger: MintLedger = field(default_factory=MintLedger, repr=False, compare=False)

    def __call__(self, name: str) -> Graph:
        """The named graph ``{base}graph/{name}`` (created empty on first use)."""
        return self.dataset.graph(self.iris.graph(name))

    def add(self, name: str, triples: Iterable[Triple]) -> None:
        """Add triples to a named graph."""
        graph = self(name)
        for triple in triples:
            graph.add(triple)

    def ensure_all(self) -> None:
        """Create every graph of the contract, so even empty ones are described."""
        for name in GRAPH_NAMES:
            self(name)


def new_dataset(iris: BaseIris) -> Graphs:
    """An empty dataset with the project prefixes bound and every named graph present."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    dataset.bind("id", iris.base + "id/")
    dataset.bind("graph", iris.base + "graph/")
    graphs = Graphs(dataset, iris)
    graphs.ensure_all()
    return graphs


@dataclass
class DocumentScope:
    """One document being added to a dataset: its model, its IRIs and the graphs."""

    document: Document = field(repr=False)
    iris: IriMinter
    graphs: Graphs = field(repr=False)
    _spans: set[Span] = field(default_factory=set)
    _instants: set[tuple[int, int | None]] = field(default_factory=set)

    def span(self, span: Span) -> URIRef:
        """The IRI of a text span, adding its NIF description to ``spans`` once."""
        node = self.iris.span(span.start, span.end)
        if span not in self._spans:
            self._spans.add(span)
            self.graphs.add("spans", self._span_triples(node, span))
        return node

    def _span_triples(self, node: URIRef, span: Span) -> list[Triple]:
        return [
            (node, RDF.type, WSIS.TextSpan),
            (node, NIF.beginIndex, Literal(span.start)),
            (node, NIF.endIndex, Literal(span.end)),
            (node, NIF.anchorOf, Literal(self.document.slice(span))),
            (node, NIF.referenceContext, self.iris.text()),
        ]

    def instant(self, year: int, month: int | None = None) -> URIRef:
        """The ``time:Instant`` of a year or month, described in ``statements`` once."""
        node = self.iris.instant(year, month)
        if (year, month) not in self._instants:
            self._instants.add((year, month))
            if month is None:
                stamp = Literal(f"{year:04d}", datatype=XSD.gYear)
                self.graphs.add("statements", [(node, TIME.inXSDgYear, stamp)])
            else:
                stamp = Literal(f"{year:04d}-{month:02d}", datatype=XSD.gYearMonth)
                self.graphs.add("statements", [(node, TIME.inXSDgYearMonth, stamp)])
            self.graphs.add("statements", [(node, RDF.type, TIME.Instant)])
        return node

    def subdivision(
        self, paragraph: str | None, item: str | None, annex: str | None, block: int | None = None
    ) -> URIRef | None:
        """The smallest paragraph, item, continuation block or annex proposal, if any."""
        if paragraph is not None and item is not None:
            return self.iris.item(paragraph, item)
        if paragraph is not None and block is not None:
            return self.iris.continuation(paragraph, block)
        if paragraph is not None:
            return self.iris.paragraph(paragraph)
        if annex is not None:
            return self.proposal(annex)
        return None

    def proposal(self, annex: str) -> URIRef:
        """The proposal IRI of an annex letter."""
        return self.iris.proposal(proposal_code(self.document.proposal(annex).proponent, annex))
