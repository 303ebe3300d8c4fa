"""The wsiskg exception tree. Every error says where it happened.

::

    WsiskgError
     ├── SourceError            the file cannot be read as a negotiation text
     │    ├── EncodingError     (also UnicodeError) not UTF-8
     │    └── EmptyDocumentError
     ├── ParseError             (also ValueError) the text breaks the genre's grammar
     │    ├── BracketError      unbalanced or stray ``[`` / ``]``
     │    ├── NumberingError    paragraph or item numbers that go backwards or repeat
     │    └── AnnexAlignmentError  an annex block whose cells cannot be aligned to its lines
     ├── BuildError             a graph could not be built, validated or reasoned over
     │    ├── VocabularyError   a vocabulary file is missing, unreadable or ambiguous
     │    ├── ValidationError   the graph breaks its SHACL shapes
     │    └── ReasoningError    the ontology and data are inconsistent
     ├── QueryError             (also ValueError) a SPARQL query is malformed or refused
     │    ├── QuerySyntaxError   the engine cannot parse it (message carries line:col)
     │    ├── QueryRefusedError  it would reach outside the served data (SERVICE, FROM <file:…>)
     │    │    └── UpdateRefusedError  it is an update; the store is read-only
     │    ├── QueryTimeoutError  it ran past the time limit and was stopped
     │    ├── QueryTooComplexError  nested or long beyond what the engine can parse safely
     │    ├── QueryResourceError  it exhausted its memory (or crashed its worker) and was stopped
     │    └── ResultTooLargeError  it returned more rows (or bytes) than the cap allows
     ├── SeriesError            a series manifest that cannot be read, or texts that are no series
     ├── StoreError             no readable dataset where one was expected
     │    └── GraphFileError    an RDF file that cannot be found, recognised or parsed
     └── PublishError           a graph could not be published to an external store

The CLI turns any of them into one line on stderr and an exit code (``wsiskg.cli``): 1 for a
:class:`ValidationError` (the data does not conform), 2 for every other error.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """A 1-based line and column in a named file (``path:line:col``)."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class WsiskgError(Exception):
    """Base of every error wsiskg raises on purpose."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


class SourceError(WsiskgError):
    """The input file cannot be read as a negotiation text."""


class EncodingError(SourceError, UnicodeError):
    """The file is not valid UTF-8."""


class EmptyDocumentError(SourceError):
    """The file holds no text."""


class ParseError(WsiskgError, ValueError):
    """The text breaks the grammar of the genre."""


class BracketError(ParseError):
    """An unbalanced or stray square bracket."""


class NumberingError(ParseError):
    """Paragraph numbers or item letters that go backwards or repeat."""


class AnnexAlignmentError(ParseError):
    """An annex block whose coordinator cells cannot be aligned with its action lines."""


class BuildError(WsiskgError):
    """The knowledge graph could not be built."""


class ValidationError(BuildError):
    """The graph does not conform to the SHACL shapes."""


class VocabularyError(BuildError):
    """A vocabulary file is missing, unreadable, or gives one surface form two meanings."""


class ReasoningError(BuildError):
    """The ontology and the data are logically inconsistent."""


class QueryError(WsiskgError, ValueError):
    """A SPARQL query is malformed, unknown, or refused."""


class QuerySyntaxError(QueryError):
    """The query engine cannot parse the query; the location is the query's line and column."""


class QueryRefusedError(QueryError):
    """The query would reach outside the served dataset (``SERVICE``, ``FROM`` an unknown graph)."""


class UpdateRefusedError(QueryRefusedError):
    """A SPARQL Update (or ``LOAD``) sent to the read-only store."""


class QueryTimeoutError(QueryError):
    """The query ran past its time limit and was stopped (never a truncated answer)."""


class QueryTooComplexError(QueryError):
    """The query nests or chains deeper than the engine's recursive parser can take safely."""


class QueryResourceError(QueryError):
    """The query exhausted the memory allowed to one query, or crashed its worker process."""


class ResultTooLargeError(QueryError):
    """The query's result has more rows or triples than the configured cap."""


class SeriesError(WsiskgError):
    """A series manifest that cannot be read, or texts that do not form a series."""


class StoreError(WsiskgError):
    """No readable dataset where one was expected."""


class GraphFileError(StoreError):
    """An RDF file that cannot be found, recognised by its suffix, or parsed."""


class PublishError(WsiskgError):
    """A graph could not be published; :attr:`graph` names it (``None``: before any graph)."""

    def __init__(self, message: str, graph: str | None = None) -> None:
        self.graph = graph
        super().__init__(f"graph <{graph}>: {message}" if graph else message)
