"""A materialised query answer and its wire formats (SPARQL 1.1 results and RDF syntaxes).

Answers are materialised (not streamed) so the row cap is checked before a byte is sent and
so an answer can cross a process boundary (pyoxigraph terms pickle).

>>> result = QueryResult("ASK", boolean=True)
>>> result.serialize("application/sparql-results+json")
b'{"head": {}, "boolean": true}'
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

import pyoxigraph as ox

from wsiskg.errors import QueryError
from wsiskg.query.results import Results, Term
from wsiskg.query.turtle import write_turtle

RESULTS_JSON = "application/sparql-results+json"
RESULTS_XML = "application/sparql-results+xml"
RESULTS_CSV = "text/csv"
RESULTS_TSV = "text/tab-separated-values"
#: Media types for SELECT and ASK answers, preferred first.
TABULAR_MEDIA_TYPES = (RESULTS_JSON, RESULTS_XML, RESULTS_CSV, RESULTS_TSV)
#: Media types for CONSTRUCT and DESCRIBE answers, preferred first.
RDF_MEDIA_TYPES = (
    "text/turtle",
    "application/ld+json",
    "application/n-triples",
    "application/n-quads",
    "application/trig",
    "application/rdf+xml",
)
_SRX = "http://www.w3.org/2005/sparql-results#"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass
class QueryResult:
    """The answer of one query: bindings (SELECT), a boolean (ASK) or triples (graph forms)."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    @property
    def is_graph(self) -> bool:
        """Whether the answer is RDF (CONSTRUCT, DESCRIBE) rather than a result table."""
        return self.form in {"CONSTRUCT", "DESCRIBE"}

    @property
    def default_media_type(self) -> str:
        """The media type used when the client expresses no preference."""
        return RDF_MEDIA_TYPES[0] if self.is_graph else RESULTS_JSON

    def serialize(self, media_type: str, prefixes: dict[str, str] | None = None) -> bytes:
        """The answer in ``media_type`` (one of the tabular or RDF media types)."""
        if self.is_graph:
            return serialize_triples(self.triples, media_type, prefixes)
        if self.boolean is not None:
            return _boolean(self.boolean, media_type)
        return _bindings(Results(self.variables, self.rows), media_type)


def serialize_triples(
    triples: list[ox.Triple], media_type: str, prefixes: dict[str, str] | None = None
) -> bytes:
    """Triples in one of :data:`RDF_MEDIA_TYPES`."""
    if media_type not in RDF_MEDIA_TYPES:
        raise QueryError(f"cannot write RDF as {media_type}")
    rdf_format = ox.RdfFormat.from_media_type(media_type)
    if rdf_format is None:  # pragma: no cover - every listed type is known to pyoxigraph
        raise QueryError(f"cannot write RDF as {media_type}")
    if rdf_format == ox.RdfFormat.TURTLE and prefixes is not None:
        with contextlib.suppress(ValueError):  # RDF-star: pyoxigraph's writer below
            return write_turtle(triples, prefixes).encode()
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b""


def _boolean(value: bool, media_type: str) -> bytes:
    text = "true" if value else "false"
    if media_type == RESULTS_JSON:
        return json.dumps({"head": {}, "boolean": value}).encode()
    if media_type == RESULTS_XML:
        root = ET.Element("sparql", xmlns=_SRX)
        ET.SubElement(root, "head")
        ET.SubElement(root, "boolean").text = text
        return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
    if media_type in {RESULTS_CSV, RESULTS_TSV}:
        return text.encode()
    raise QueryError(f"cannot write an ASK answer as {media_type}")


def _bindings(results: Results, media_type: str) -> bytes:
    if media_type == RESULTS_JSON:
        return json.dumps(results.to_json(), ensure_ascii=False).encode()
    if media_type == RESULTS_CSV:
        return results.serialize("csv").encode()
    if media_type == RESULTS_TSV:
        return results.serialize("tsv").encode()
    if media_type == RESULTS_XML:
        return _bindings_xml(results)
    raise QueryError(f"cannot write SELECT results as {media_type}")


def _bindings_xml(results: Results) -> bytes:
    root = ET.Element("sparql", xmlns=_SRX)
    head = ET.SubElement(root, "head")
    for name in results.columns:
        ET.SubElement(head, "variable", name=name)
    body = ET.SubElement(root, "results")
    for row in results.terms:
        result = ET.SubElement(body, "result")
        for name, term in zip(results.columns, row, strict=True):
            if term is not None:
                _xml_term(ET.SubElement(result, "binding", name=name), term)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def _xml_term(parent: ET.Element, term: Term) -> None:
    if isinstance(term, ox.NamedNode):
        ET.SubElement(parent, "uri").text = term.value
    elif isinstance(term, ox.BlankNode):
        ET.SubElement(parent, "bnode").text = term.value
    elif isinstance(term, ox.Triple):
        triple = ET.SubElement(parent, "triple")
        for part, value in zip(("subject", "predicate", "object"), term, strict=True):
            _xml_term(ET.SubElement(triple, part), value)
    else:
        literal = ET.SubElement(parent, "literal")
        literal.text = term.value
        if term.language:
            literal.set(_XML_LANG, term.language)
        elif term.datatype.value != _XSD_STRING:
            literal.set("datatype", term.datatype.value)
