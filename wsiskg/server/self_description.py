"""Self-descriptions: the SPARQL Service Description and the VoID/DCAT dataset description."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, SH, VOID, XSD

from wsiskg.namespaces import ENTAILMENT_SIMPLE, FORMATS, SD
from wsiskg.server.state import ServerState

#: rdflib serializer names for the RDF media types the server writes.
RDFLIB_FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/n-quads": "nquads",
    "application/trig": "trig",
    "application/rdf+xml": "xml",
}
_RESULT_FORMATS = (
    FORMATS.SPARQL_Results_JSON,
    FORMATS.SPARQL_Results_XML,
    FORMATS.SPARQL_Results_CSV,
    FORMATS.SPARQL_Results_TSV,
    FORMATS.Turtle,
    FORMATS.N_Triples,
    FORMATS.N_Quads,
    FORMATS.TriG,
    FORMATS.JSON_LD,
    FORMATS.RDF_XML,
)
DATASET_MEDIA_TYPES = frozenset({"application/n-quads", "application/trig"})
#: Dump file extensions -> media types (every RDF format the server writes).
DUMPS = {
    "nq": "application/n-quads",
    "trig": "application/trig",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
}


def serialize_graph(graph: Graph, media_type: str) -> bytes:
    """An rdflib graph in one of the server's RDF media types.

    rdflib writes N-Quads and TriG only from a dataset (a 500 before: Comunica asks for
    N-Quads first): pyoxigraph writes those, the triples in the default graph.
    """
    if media_type in DATASET_MEDIA_TYPES:
        triples = ox.parse(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
        rdf_format = ox.RdfFormat.from_media_type(media_type)
        assert rdf_format is not None
        prefixes = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
        if rdf_format != ox.RdfFormat.TRIG:
            prefixes = {}
        return ox.serialize(triples, format=rdf_format, prefixes=prefixes or None) or b""
    return graph.serialize(format=RDFLIB_FORMATS[media_type], encoding="utf-8")


def service_description(state: ServerState, endpoint: str) -> Graph:
    """The SPARQL 1.1 Service Description; ``endpoint`` is the URL the client requested."""
    graph = Graph(bind_namespaces="core")
    graph.bind("sd", SD._NS)
    graph.bind("void", VOID)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    graph.add((service, SD.defaultEntailmentRegime, ENTAILMENT_SIMPLE))
    graph.add((service, RDFS.comment, Literal(_COMMENT)))
    for result_format in _RESULT_FORMATS:
        graph.add((service, SD.resultFormat, result_format))
    graph.add((service, SD.defaultDataset, _dataset(graph, state)))
    _declare_prefixes(graph, service, state.query_prefixes)
    return graph


def _declare_prefixes(graph: Graph, service: URIRef, prefixes: dict[str, str]) -> None:
    """The prefixes a query may use without declaring them, as SHACL ``sh:declare``
    (the usual vocabulary for a prefix declaration in RDF)."""
    graph.bind("sh", SH)
    for prefix, namespace in sorted(prefixes.items()):
        declaration = BNode()
        graph.add((service, SH.declare, declaration))
        graph.add((declaration, SH.prefix, Literal(prefix)))
        graph.add((declaration, SH.namespace, Literal(namespace, datatype=XSD.anyURI)))


_COMMENT = (
    "Read-only SPARQL 1.1 endpoint. The default graph is the union of all named graphs; "
    "updates, SERVICE and FROM graphs outside the store are refused; queries have a time limit. "
    "The prefixes given by sh:declare are predeclared: a query may use them without PREFIX."
)


def _dataset(graph: Graph, state: ServerState) -> BNode:
    dataset = BNode()
    graph.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, VOID.triples, Literal(len(state.store), datatype=XSD.integer)))
    for name, size in state.graph_sizes.items():
        if not name:
            continue
        named, inner = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
        graph.add((named, SD.graph, inner))
        graph.add((inner, RDF.type, SD.Graph))
        graph.add((inner, VOID.triples, Literal(size, datatype=XSD.integer)))
    return dataset


def dataset_description(state: ServerState, site: str) -> Graph:
    """VoID + DCAT: the dataset, its named graphs as subsets, its dumps and its endpoint."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS)):
        graph.bind(prefix, namespace)
    dataset = URIRef(state.settings.base_iri + "id/dataset")
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.title, Literal(TITLE, lang="en")))
    graph.add((dataset, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    graph.add((dataset, VOID.triples, Literal(len(state.store), datatype=XSD.integer)))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(site + "sparql")))
    graph.add((dataset, VOID.uriSpace, Literal(state.settings.base_iri + "id/")))
    _add_dumps(graph, dataset, site)
    for name, size in state.graph_sizes.items():
        if name:
            subset = URIRef(name)
            graph.add((dataset, VOID.subset, subset))
            graph.add((subset, RDF.type, VOID.Dataset))
            graph.add((subset, VOID.triples, Literal(size, datatype=XSD.integer)))
    return graph


def _add_dumps(graph: Graph, dataset: URIRef, site: str) -> None:
    for extension, media_type in DUMPS.items():
        dump = URIRef(f"{site}dumps/dataset.{extension}")
        graph.add((dataset, VOID.dataDump, dump))
        distribution = BNode()
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCAT.downloadURL, dump))
        graph.add((distribution, DCAT.mediaType, Literal(media_type)))


TITLE = "WSIS knowledge graph"
DESCRIPTION = (
    "A knowledge graph of the 2005 WSIS (Tunis) negotiation draft: its structure, bracketed "
    "and alternative wordings, commitments, and the annex proposals assigning UN agencies to "
    "the action lines — every statement traced to its characters in the source text."
)
