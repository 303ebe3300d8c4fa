"""Document model + extraction -> an rdflib Dataset of named graphs.

One named graph per kind of knowledge (``{base}graph/{name}``, see the IRI contract), so a
query can say where an answer comes from: what the text prints (``structure``, ``spans``,
``assignments-explicit``), what was read into it (``statements``), what a rule derived
(``assignments-inherited``), the controlled vocabularies (``actors``, ``schemes``,
``ontology``), and how it was made (``provenance``). The builder steps live in
``build_structure``, ``build_spans``, ``build_statements``, ``build_assignments`` and
``build_provenance`` (actors and roles the vocabularies lack are minted by ``build_minted``,
once per build); this module only orders them. ``inferred`` is left empty: reasoning
is a separate, slower stage (:mod:`wsiskg.check.reason`, run by :mod:`wsiskg.pipeline.run`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

from rdflib import Dataset
from rdflib.term import Node

from wsiskg.config import DEFAULT_BASE_IRI
from wsiskg.errors import BuildError
from wsiskg.extract import Extraction
from wsiskg.graph.assignments import add_assignments
from wsiskg.graph.context import DocumentScope, Graphs, new_dataset
from wsiskg.graph.iris import (
    GRAPH_NAMES,
    BaseIris,
    DocumentIdentity,
    IriMinter,
    document_identity,
)
from wsiskg.graph.minted import index_curated
from wsiskg.graph.provenance import SourceRecord, add_provenance, describe_dataset
from wsiskg.graph.rules import apply_rules
from wsiskg.graph.spans import add_spans
from wsiskg.graph.statements import add_statements
from wsiskg.graph.structure import add_structure
from wsiskg.graph.versions import add_versions, version_identities
from wsiskg.graph.vocabularies import add_vocabularies
from wsiskg.text.model import Document
from wsiskg.versions import Chain

__all__ = ["build_corpus", "build_dataset", "check_single_graph", "dataset_graphs"]


def build_dataset(
    document: Document,
    extraction: Extraction,
    base: str = DEFAULT_BASE_IRI,
    *,
    generated_at: datetime | None = None,
) -> Dataset:
    """The knowledge graph of one document (see :func:`build_corpus` for several)."""
    return build_corpus([(document, extraction)], base, generated_at=generated_at)


def build_corpus(
    documents: Sequence[tuple[Document, Extraction]],
    base: str = DEFAULT_BASE_IRI,
    *,
    generated_at: datetime | None = None,
    chain: Chain | None = None,
) -> Dataset:
    """One dataset holding several documents, the vocabularies, rules and provenance.

    With a ``chain`` the documents are the versions of one series, in its order: they are
    named from the series (not the corpus manifest) and compared in ``versions``.
    """
    graphs = new_dataset(BaseIris(base))
    add_vocabularies(graphs)
    index_curated(graphs)
    identities = (
        version_identities(chain.series)
        if chain is not None
        else [document_identity(d.path, d.sha256) for d, _ in documents]
    )
    sources = [
        _add_document(graphs, document, extraction, identity)
        for (document, extraction), identity in zip(documents, identities, strict=True)
    ]
    _check_distinct(sources)
    if chain is not None:
        add_versions(graphs, chain)
    apply_rules(graphs)
    add_provenance(graphs, sources, generated_at)
    check_single_graph(graphs)
    describe_dataset(graphs)
    return graphs.dataset


def dataset_graphs(dataset: Dataset, base: str = DEFAULT_BASE_IRI) -> Graphs:
    """The named-graph view of a dataset built with this base IRI."""
    return Graphs(dataset, BaseIris(base))


def check_single_graph(
    graphs: Graphs,
    known: Mapping[tuple[Node, Node, Node], str] | None = None,
    skip: Collection[str] = (),
) -> None:
    """Refuse a triple asserted in two named graphs.

    The store's default graph is the union of the named graphs, so a triple held by two of
    them would be counted twice by every ``COUNT(*)`` a researcher writes over it; each
    triple therefore has exactly one home graph. ``known`` gives homes already decided
    elsewhere (a document's build checks against the shared vocabularies); graphs in
    ``skip`` are not read.
    """
    home: dict[tuple[Node, Node, Node], str] = dict(known or {})
    for name in GRAPH_NAMES:
        if name in skip:
            continue
        for triple in graphs(name):
            first = home.setdefault(triple, name)
            if first != name:
                shown = " ".join(term.n3() for term in triple)
                raise BuildError(
                    f"the triple {shown} is asserted in two named graphs, {first} and {name}: "
                    "each triple belongs to exactly one graph"
                )


def _add_document(
    graphs: Graphs, document: Document, extraction: Extraction, identity: DocumentIdentity
) -> SourceRecord:
    scope = DocumentScope(document, IriMinter.for_identity(graphs.iris.base, identity), graphs)
    add_structure(scope, identity)
    add_spans(scope)
    add_statements(scope, extraction)
    add_assignments(scope, extraction)
    return SourceRecord(scope.iris.text(), document.path.name, document.sha256)


def _check_distinct(sources: Sequence[SourceRecord]) -> None:
    """Two inputs that mint the same version IRI would silently merge: refuse."""
    seen: dict[str, str] = {}
    for source in sources:
        key = str(source.text)
        if key in seen:
            raise BuildError(
                f"{source.name} and {seen[key]} are the same document version ({key}); "
                "give one of them another version in corpus/manifest.toml or build them apart"
            )
        seen[key] = source.name
