"""The registry of research queries shipped in ``queries/*.rq``.

Each file starts with comment lines that say what it answers; a few keyed lines give the rest::

    # Which agencies coordinate a given action line, in each proposal?
    # Columns: ?proposalLabel ?agencyLabel ?basis
    # Parameter: ?action_line (action-line, default "e-health") the action line, by code or label

Parameters are SPARQL variables bound from outside: through the store's initial bindings
(``substitutions``) or, for engines without them, a ``VALUES`` block opening the ``WHERE`` group
whose terms are serialised as RDF terms (:func:`with_values`) — user text never becomes syntax.

>>> query = parse_query("demo", "# What is there?\\n# Columns: s\\nSELECT ?s WHERE { ?s ?p ?o }")
>>> query.question, query.columns
('What is there?', ('s',))
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources.abc import Traversable

from pyoxigraph import Literal, NamedNode

from wsiskg.errors import QueryError
from wsiskg.resources import data_dir
from wsiskg.sparql import Term

#: Parameter kinds whose text is resolved to a resource of the graph by the caller.
RESOLVED_KINDS = frozenset(
    {"action-line", "agency", "actor", "proposal", "paragraph", "level", "modality"}
)
#: Parameter kinds bound as literals or IRIs without looking at the graph.
PLAIN_KINDS = frozenset({"string", "integer", "iri"})

_XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_KEYED = re.compile(r"^(?P<key>[A-Za-z ]+?)\s*:\s*(?P<value>.*)$")
_PARAM = re.compile(
    r"^\??(?P<name>[A-Za-z_]\w*)\s*(?:\((?P<spec>[^)]*)\))?\s*(?:[-—:]+\s*)?(?P<doc>.*)$"
)
_DEFAULT = re.compile(r"""^default\s*[=:]?\s*(?:"(?P<quoted>[^"]*)"|(?P<bare>\S+))$""")


@dataclass(frozen=True)
class Parameter:
    """A variable of a query that callers may bind (``--param name=value``)."""

    name: str
    kind: str = "string"
    default: str | None = None
    doc: str = ""


@dataclass(frozen=True)
class Query:
    """One research query: its name, the question it answers, its columns and its text."""

    name: str
    text: str
    question: str
    columns: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = field(default=())
    description: str = ""

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``; QueryError naming the known ones otherwise."""
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")

    def arguments(self, given: Mapping[str, str]) -> dict[str, str]:
        """The given parameter texts checked by name, with defaults filled in."""
        for name in given:
            self.parameter(name)
        merged = {p.name: p.default for p in self.parameters if p.default is not None}
        merged.update(given)
        return merged


def parse_query(name: str, text: str) -> Query:
    """Read the leading comment block of a query file into a :class:`Query`.

    The question runs to the first line ending in ``?``; later free lines describe it.
    """
    question: list[str] = []
    notes: list[str] = []
    columns: tuple[str, ...] = ()
    parameters: list[Parameter] = []
    for line in _header_lines(text):
        keyed = _KEYED.match(line)
        key = keyed.group("key").strip().casefold() if keyed else ""
        if keyed and key in {"columns", "column", "variables"}:
            columns = _split_columns(keyed.group("value"))
        elif keyed and key in {"parameter", "parameters", "param"}:
            parameters.append(_parse_parameter(name, keyed.group("value")))
        elif keyed and key == "question":
            question.append(keyed.group("value"))
        elif line and (not question or not question[-1].endswith("?")):
            question.append(line)
        elif line:
            notes.append(line)
    if not question:
        raise QueryError(f"query {name!r} does not start with a comment stating its question")
    return Query(name, text, " ".join(question), columns, tuple(parameters), " ".join(notes))


def _header_lines(text: str) -> Iterator[str]:
    """The leading comment lines, without their ``#``, up to the first line of SPARQL."""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            return
        yield line.lstrip("#").strip()


def _split_columns(value: str) -> tuple[str, ...]:
    return tuple(part.lstrip("?") for part in re.split(r"[\s,]+", value) if part.strip("?"))


def _parse_parameter(query: str, value: str) -> Parameter:
    match = _PARAM.match(value.strip())
    if match is None:
        raise QueryError(f"query {query!r}: cannot read parameter line {value!r}")
    kind, default = "string", None
    for part in (p.strip() for p in (match.group("spec") or "").split(",") if p.strip()):
        found = _DEFAULT.match(part)
        if found:
            default = (
                found.group("quoted") if found.group("quoted") is not None else found.group("bare")
            )
        elif part in RESOLVED_KINDS | PLAIN_KINDS:
            kind = part
        else:
            raise QueryError(f"query {query!r}: unknown parameter kind {part!r}")
    return Parameter(match.group("name"), kind, default, match.group("doc").strip())


def plain_term(parameter: Parameter, value: str) -> Term:
    """The RDF term for a parameter of a plain kind (string, integer, iri)."""
    if parameter.kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise QueryError(f"parameter {parameter.name!r} expects an integer, got {value!r}")
        return Literal(value.strip(), datatype=_XSD_INTEGER)
    if parameter.kind == "iri":
        try:
            return NamedNode(value.strip())
        except ValueError as error:
            raise QueryError(f"parameter {parameter.name!r}: not an IRI: {error}") from None
    return Literal(value)


@dataclass(frozen=True)
class Registry:
    """The queries of one folder, by name (the file name without ``.rq``)."""

    queries: Mapping[str, Query]

    @classmethod
    def from_folder(cls, folder: Traversable) -> Registry:
        """Read every ``*.rq`` file of ``folder``."""
        found = {}
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".rq") and entry.is_file():
                name = entry.name.removesuffix(".rq")
                found[name] = parse_query(name, entry.read_text(encoding="utf-8"))
        return cls(found)

    def names(self) -> list[str]:
        """The query names, sorted."""
        return sorted(self.queries)

    def get(self, name: str) -> Query:
        """The query called ``name``; QueryError with close names otherwise."""
        try:
            return self.queries[name]
        except KeyError:
            close = difflib.get_close_matches(name, self.names(), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise QueryError(f"no query named {name!r}{hint}") from None

    def __contains__(self, name: object) -> bool:
        return name in self.queries

    def __iter__(self) -> Iterator[Query]:
        return iter(self.queries[name] for name in self.names())


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The shipped queries (read once)."""
    return Registry.from_folder(data_dir("queries"))


@lru_cache(maxsize=1)
def views() -> Registry:
    """The fixed queries behind the pages and the name resolver (``queries/views/``).

    They are not research questions, so the library (:func:`registry`) does not list them;
    like the library's, their parameters are bound with :func:`~wsiskg.sparql.with_values`.
    """
    return Registry.from_folder(data_dir("queries") / "views")
