"""SPARQL as text: the lexer every reader of a query shares, and parameters bound by ``VALUES``.

The guard (:mod:`wsiskg.query.guard`) reads a request's shape from these tokens; the rules
(:mod:`wsiskg.graph.rules`) and the query library (:mod:`wsiskg.query.registry`) bind their
parameters with :func:`with_values`, so a value is always an RDF term and never syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from wsiskg.errors import Location, QueryError

Term = NamedNode | BlankNode | Literal | Triple

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<var>[?$]\w+)
  | (?P<bnode>_:[\w.\-]*)
  | (?P<pname>(?:[^\W\d_][\w.\-]*)?:(?:[\w:%\-]|\\.|\.(?=[\w:%\-]))*)
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class Token(NamedTuple):
    """One lexical unit of a query: its kind, its text and its offset (a tuple: the guard
    makes thousands of them per request)."""

    kind: str
    text: str
    offset: int


def tokenize(text: str) -> Iterator[Token]:
    """The significant tokens of ``text`` (whitespace and comments dropped)."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in {"ws", "comment"}:
            yield Token(kind, match.group(), match.start())


def locate(text: str, offset: int) -> Location:
    """The 1-based line and column of ``offset`` in the query text."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Location("query", line, column)


def with_values(text: str, bindings: Mapping[str, Term]) -> str:
    """The query with a ``VALUES`` block binding ``bindings`` at the start of its ``WHERE``
    group, which the engine treats as initial bindings. Terms are written in N-Triples
    syntax, so a value can never close the block or add syntax.

    >>> print(with_values('SELECT ?s { ?s ?p ?o }', {"o": Literal('say "}"')}))
    SELECT ?s { VALUES (?o) { ("say \\"}\\"") } ?s ?p ?o }

    A parameter variable must occur in the pattern (not only as a ``BIND`` target).
    """
    if not bindings:
        return text
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise QueryError(f"not a SPARQL variable name: {name!r}")
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(_term_syntax(term) for term in bindings.values())
    at = _where_brace(text) + 1
    return f"{text[:at]} VALUES ({names}) {{ ({terms}) }}{text[at:]}"


def paged(
    text: str,
    *,
    limit: int | None = None,
    offset: int = 0,
    within: str | None = None,
) -> str:
    """A SELECT query cut to one page of its rows, optionally only the rows that name a
    resource ``within`` an IRI (a document: ``…/id/doc/{slug}``).

    The query becomes a subquery, so its own modifiers (ORDER BY, GROUP BY, a LIMIT of its
    own) apply first; pyoxigraph keeps the subquery's order through the page. ``within``
    keeps a row when any of its values is that IRI or an IRI under it (``{within}/…``,
    ``{within}#…``): "rows about this document", whatever the query's columns.

    >>> print(paged('SELECT ?s { ?s ?p ?o } ORDER BY ?s', limit=10, offset=20))
    SELECT ?s WHERE { { SELECT ?s { ?s ?p ?o } ORDER BY ?s } } LIMIT 10 OFFSET 20
    """
    if (limit is not None and limit < 0) or offset < 0:
        raise QueryError("limit and offset must not be negative")
    tokens = list(tokenize(text))
    start = next((t.offset for t in tokens if t.text.upper() == "SELECT"), None)
    if start is None:
        raise QueryError("only SELECT queries can be paged")
    head, body = text[:start], text[start:].rstrip()
    names = _projected(tokens, start)
    condition = ""
    if within is not None:
        if not names:
            raise QueryError("a document filter needs the query's columns (not SELECT *)")
        iri, path, part = (str(Literal(within + end)) for end in ("", "/", "#"))
        tests = [
            f"(isIRI(?{n}) && (STR(?{n}) = {iri} || STRSTARTS(STR(?{n}), {path})"
            f" || STRSTARTS(STR(?{n}), {part})))"
            for n in names
        ]
        condition = f" FILTER ({' || '.join(tests)})"
    page = f" LIMIT {int(limit)}" if limit is not None else ""
    page += f" OFFSET {int(offset)}" if offset else ""
    columns = " ".join(f"?{n}" for n in names) or "*"  # the query's own column order
    return f"{head}SELECT {columns} WHERE {{ {{ {body} }}{condition} }}{page}"


def _projected(tokens: list[Token], start: int) -> list[str]:
    """The variables a SELECT projects (``?x`` and ``(… AS ?x)``), in order."""
    names: list[str] = []
    depth = 0
    after = [t for t in tokens if t.offset > start]
    for previous, token in zip([None, *after], after, strict=False):
        if token.text == "{" or (token.text.upper() == "WHERE" and depth == 0):
            break
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif token.kind == "var" and (depth == 0 or (previous and previous.text.upper() == "AS")):
            names.append(token.text[1:])
        elif token.text == "*" and depth == 0:
            return []
    return names


def _where_brace(text: str) -> int:
    """Offset of the ``{`` that opens the query's WHERE group (after any CONSTRUCT template)."""
    tokens = list(tokenize(text))
    words = [t.text.upper() for t in tokens]
    construct = _form_word(words) == "CONSTRUCT" and "WHERE" in words
    start = words.index("WHERE") if construct else 0
    depth = 0
    for token in tokens[start:]:
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif token.text == "{" and depth == 0:
            return token.offset
    raise QueryError("cannot bind parameters: the query has no WHERE group")


def _form_word(words: list[str]) -> str:
    return next((w for w in words if w in {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"}), "")


def _term_syntax(term: Term) -> str:
    if isinstance(term, NamedNode | Literal):
        return str(term)
    raise QueryError(f"cannot bind {term!r} in a VALUES clause")
