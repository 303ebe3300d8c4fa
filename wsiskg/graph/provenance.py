"""The ``provenance`` graph: how the dataset was made, and what it holds (PROV-O, VoID, DCAT).

Everything in the other graphs is a function of the input texts; only this graph records the
moment of the build. The timestamp is the caller's (``generated_at``), else
``SOURCE_DATE_EPOCH`` (the reproducible-builds convention), else now, so golden tests can pin it.
The dataset description (triples per named graph) must be written last:
:func:`describe_dataset` recomputes it and can be called again after reasoning.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata

from rdflib import Literal, URIRef

from wsiskg.graph.context import Graphs, Triple
from wsiskg.graph.iris import GRAPH_NAMES
from wsiskg.namespaces import DCAT, DCTERMS, ONTOLOGY_IRI, PROV, RDF, RDFS, VOID, WSIS, XSD

TOOLS = ("wsiskg", "rdflib", "pyshacl", "owlready2", "pyoxigraph")

_GRAPH_TITLES = {
    "structure": "Document tree and annex tables as printed",
    "spans": "Source texts, text spans, brackets and alternative wordings",
    "statements": "Commitments, actor mentions, cross-references and deadlines",
    "assignments-explicit": "Coordination assignments printed in annex cells",
    "assignments-inherited": "Coordination assignments inherited by blank sub-line cells (rule)",
    "actors": "Agencies, groups, stakeholder categories, posts and countries",
    "schemes": "SKOS vocabularies: action lines, modality, levels, roles, basis, cell status",
    "provenance": "How this dataset was built, and what it holds",
    "ontology": "The wsiskg ontology",
    "inferred": "Triples inferred by the OWL reasoner (HermiT)",
    "versions": "Drafts of one series compared: alignments, bracket fates, assignment changes",
}


@dataclass(frozen=True)
class SourceRecord:
    """One input of a build: the text node it became, its file name and its sha256."""

    text: URIRef
    name: str
    sha256: str


def build_timestamp(generated_at: datetime | None = None) -> datetime:
    """The build time: given, else ``SOURCE_DATE_EPOCH``, else now (UTC, whole seconds)."""
    if generated_at is not None:
        return generated_at
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.replace(microsecond=0)


def inputs_digest(sources: Sequence[SourceRecord]) -> str:
    """One digest of all inputs: names the build activity, the same for the same texts."""
    joined = "\n".join(sorted(f"{s.sha256} {s.name}" for s in sources))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def tool_versions() -> dict[str, str]:
    """Installed versions of the tools a build depends on ("unknown" when not installed)."""
    versions = {}
    for tool in TOOLS:
        try:
            versions[tool] = metadata.version(tool)
        except metadata.PackageNotFoundError:
            versions[tool] = "unknown"
    return versions


def add_provenance(
    graphs: Graphs, sources: Sequence[SourceRecord], generated_at: datetime | None = None
) -> URIRef:
    """Describe the build activity, its inputs, its tools and its output graphs."""
    iris = graphs.iris
    activity = iris.build_activity(inputs_digest(sources))
    triples: list[Triple] = [
        (activity, RDF.type, PROV.Activity),
        (activity, RDFS.label, Literal("wsiskg build")),
        (activity, PROV.endedAtTime, Literal(build_timestamp(generated_at), datatype=XSD.dateTime)),
    ]
    for source in sources:
        triples += [
            (activity, PROV.used, source.text),
            (source.text, RDF.type, PROV.Entity),
            (source.text, DCTERMS.identifier, Literal(source.name)),
        ]
    for tool, version in tool_versions().items():
        agent = iris.software(tool, version)
        triples += [
            (activity, PROV.wasAssociatedWith, agent),
            (agent, RDF.type, PROV.SoftwareAgent),
            (agent, RDFS.label, Literal(f"{tool} {version}")),
        ]
    for name in GRAPH_NAMES:
        graph = iris.graph(name)
        triples += [(graph, RDF.type, PROV.Entity), (graph, PROV.wasGeneratedBy, activity)]
        triples += [(graph, PROV.wasDerivedFrom, source.text) for source in sources]
    graphs.add("provenance", triples)
    return activity


def describe_dataset(graphs: Graphs, sizes: Mapping[str, int] | None = None) -> dict[str, int]:
    """(Re)write the VoID/DCAT description; returns the triple count of every named graph.

    ``sizes`` gives the counts of graphs ``graphs`` does not hold (a corpus build keeps its
    documents' quads as files, not as rdflib graphs); ``provenance`` is always counted here.
    """
    provenance = graphs("provenance")
    provenance.remove((None, VOID.triples, None))
    dataset = graphs.iris.dataset()
    triples: list[Triple] = [
        (dataset, RDF.type, VOID.Dataset),
        (dataset, RDF.type, DCAT.Dataset),
        (dataset, DCTERMS.title, Literal("wsiskg: WSIS negotiation texts as a knowledge graph")),
        (dataset, VOID.vocabulary, URIRef(str(WSIS._NS))),
        (dataset, DCTERMS.conformsTo, ONTOLOGY_IRI),
    ]
    for name in GRAPH_NAMES:
        graph = graphs.iris.graph(name)
        triples += [
            (dataset, VOID.subset, graph),
            (graph, RDF.type, VOID.Dataset),
            (graph, DCTERMS.title, Literal(_GRAPH_TITLES[name])),
        ]
    graphs.add("provenance", triples)
    return _add_counts(graphs, dataset, sizes or {})


def _add_counts(graphs: Graphs, dataset: URIRef, sizes: Mapping[str, int]) -> dict[str, int]:
    # the provenance graph counts its own count triples: one per graph plus the total
    counts = {name: sizes.get(name, len(graphs(name))) for name in GRAPH_NAMES}
    counts["provenance"] = len(graphs("provenance"))
    counts["provenance"] += len(GRAPH_NAMES) + 1
    graphs.add(
        "provenance",
        [(graphs.iris.graph(name), VOID.triples, Literal(n)) for name, n in counts.items()],
    )
    graphs.add("provenance", [(dataset, VOID.triples, Literal(sum(counts.values())))])
    return counts
