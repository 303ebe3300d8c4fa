# ruff: noqa: N815  (RDF term names are mixedCase by convention)
"""Vocabularies the server describes itself with (absent from rdflib's bundled namespaces)."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace


class SD(DefinedNamespace):
    """SPARQL 1.1 Service Description."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/sparql-service-description#")

    Service: URIRef
    Dataset: URIRef
    Graph: URIRef
    NamedGraph: URIRef
    Language: URIRef
    Feature: URIRef
    endpoint: URIRef
    supportedLanguage: URIRef
    resultFormat: URIRef
    feature: URIRef
    defaultDataset: URIRef
    defaultGraph: URIRef
    namedGraph: URIRef
    name: URIRef
    graph: URIRef
    defaultEntailmentRegime: URIRef
    SPARQL10Query: URIRef
    SPARQL11Query: URIRef
    SPARQL11Update: URIRef
    UnionDefaultGraph: URIRef
    BasicFederatedQuery: URIRef
    DereferencesURIs: URIRef
    RequiresDataset: URIRef
    EmptyGraphs: URIRef


class FORMATS(DefinedNamespace):
    """W3C unique URIs for file formats."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/formats/")

    SPARQL_Results_JSON: URIRef
    SPARQL_Results_XML: URIRef
    SPARQL_Results_CSV: URIRef
    SPARQL_Results_TSV: URIRef
    Turtle: URIRef
    N_Triples: URIRef
    N_Quads: URIRef
    TriG: URIRef
    JSON_LD: URIRef
    RDF_XML: URIRef


ENTAILMENT_SIMPLE = URIRef("http://www.w3.org/ns/entailment/Simple")
