"""A materialised query answer and its wire formats (SPARQL 1.1 results and RDF syntaxes).

Answers are materialised (not streamed) so the row cap is checked before a byte is sent and
so an answer can cross a process boundary (pyoxigraph terms pickle).

>>> result = QueryResult("ASK", boolean=True)
>>> result.serialize("application/sparql-results+json")
b'{"head": {}, "boolean": true}'
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any
from xml.etree import ElementTree as ET

import pyoxigraph as ox

from wsiskg.errors import QueryError, ResultTooLargeError
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


# --- answers straight from the engine, written by pyoxigraph's own serializers ------------------

#: Fewest bytes a row takes in each results format (a row binding nothing: ``{},``,
#: ``<result></result>``, an empty CSV or TSV line): rows are counted only when an answer is
#: long enough to hold more than the cap.
_MIN_ROW_BYTES = {RESULTS_JSON: 2, RESULTS_XML: 17, RESULTS_CSV: 2, RESULTS_TSV: 1}
#: A writer receives pyoxigraph's output in chunks of this size.
CHUNK_BYTES = 8192


class AnswerTooLargeError(Exception):
    """Raised by :class:`Collector` past its byte limit, to stop the serializer."""


class Collector(io.BytesIO):
    """A file for pyoxigraph's serializers: keeps the bytes, or hands each chunk to ``send``
    (streaming), and stops the serializer past ``limit`` bytes."""

    def __init__(
        self, limit: int | None = None, send: Callable[[bytes], object] | None = None
    ) -> None:
        super().__init__()
        self.limit, self.send = limit, send
        self.size = 0

    def write(self, data: Any) -> int:
        """Keep or send one chunk; :class:`AnswerTooLargeError` past the limit."""
        self.size += len(data)
        if self.limit is not None and self.size > self.limit:
            raise AnswerTooLargeError
        if self.send is not None:
            self.send(bytes(data))
            return len(data)
        return super().write(data)


def serialize_answer(
    raw: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
    media_type: str,
    max_rows: int | None = None,
    max_bytes: int | None = None,
    again: Callable[[], Iterable[Any]] | None = None,
) -> bytes:
    """An engine answer in ``media_type``, written by pyoxigraph; never truncated: more rows
    than ``max_rows`` or more bytes than ``max_bytes`` is :class:`ResultTooLargeError`.

    Rows of a SELECT answer are counted in the written answer, and only when it is long enough
    to hold more than the cap. An answer stopped at the byte limit is a row-cap error if it
    has too many rows, as when rows were checked first: ``again()`` runs the query again, and
    at most ``max_rows + 1`` of its rows are read.
    """
    if isinstance(raw, ox.QueryTriples):
        triples = capped_rows(raw, max_rows)
        body = serialize_triples(triples, media_type)
        _check_bytes(len(body), max_bytes)
        return body
    sink = Collector(max_bytes)
    try:
        raw.serialize(sink, format=results_format(media_type))
    except AnswerTooLargeError:
        if isinstance(raw, ox.QuerySolutions) and again is not None:
            capped_rows(again(), max_rows)
        _check_bytes(sink.size, max_bytes)
    body = sink.getvalue()
    if isinstance(raw, ox.QuerySolutions):
        _check_rows(body, media_type, max_rows)
    return body


def results_format(media_type: str) -> ox.QueryResultsFormat:
    """pyoxigraph's results format for one of :data:`TABULAR_MEDIA_TYPES`."""
    format_ = ox.QueryResultsFormat.from_media_type(media_type)
    if media_type not in TABULAR_MEDIA_TYPES or format_ is None:
        raise QueryError(f"cannot write SELECT or ASK results as {media_type}")
    return format_


def _check_bytes(size: int, max_bytes: int | None) -> None:
    if max_bytes is not None and size > max_bytes:
        raise ResultTooLargeError(
            f"the answer is larger than {max_bytes:,} bytes; add a LIMIT or select less"
        )


def _check_rows(body: bytes, media_type: str, max_rows: int | None) -> None:
    if max_rows is None or len(body) <= max_rows * _MIN_ROW_BYTES[media_type]:
        return
    if count_rows(body, media_type, stop=max_rows + 1) > max_rows:
        raise ResultTooLargeError(
            f"the result has more than {max_rows} rows; add a LIMIT or narrow the query"
        )


def count_rows(body: bytes, media_type: str, stop: int) -> int:
    """Rows of a written SELECT answer, counting at most ``stop``."""
    rows: Iterable[Any]
    if media_type == RESULTS_CSV:
        reader = csv.reader(io.StringIO(body.decode("utf-8"), newline=""))
        next(reader, None)  # the header
        rows = reader
    else:
        format_ = ox.QueryResultsFormat.from_media_type(media_type)
        rows = ox.parse_query_results(body, format_)  # type: ignore[assignment]
    return sum(1 for _ in islice(rows, stop))


def capped_rows(items: Iterable[Any], max_rows: int | None) -> list[Any]:
    """All of ``items``, or :class:`ResultTooLargeError` past ``max_rows`` (read no further)."""
    if max_rows is None:
        return list(items)
    taken = list(islice(items, max_rows + 1))
    if len(taken) > max_rows:
        raise ResultTooLargeError(
            f"the result has more than {max_rows} rows; add a LIMIT or narrow the query"
        )
    return taken
