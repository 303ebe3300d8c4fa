"""Read a SPARQL request's shape before any engine sees it.

pyoxigraph resolves ``SERVICE`` over HTTP and rdflib dereferences ``FROM`` graphs, so what a
query may reach is decided here, from its tokens, never by running it. The scan is lexical:
comments, strings, IRIs, variables and prefixed names are whole tokens, so ``"SERVICE"`` in a
string or ``ex:service`` does not trigger a refusal, while the keyword anywhere does.

This is the first line of defence and the one that gives clear messages; it is not the only
one. A lexer cannot always tell ``<`` the operator from ``<`` opening an IRI the way the
engine's parser does, so query workers are also unable to open any socket or file
(:mod:`wsiskg.query.sandbox`). The guard also refuses queries nested or chained beyond what the
engine's recursive parser takes safely (:data:`MAX_NESTING`, :data:`MAX_TOKENS`).

>>> shape = inspect_query("PREFIX g: <http://ex/> SELECT * FROM g:one { ?s ?p ?o }")
>>> shape.form, shape.default_graphs
('SELECT', ('http://ex/one',))
>>> inspect_query("INSERT DATA { <a> <b> <c> }")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
wsiskg.errors.UpdateRefusedError: query:1:1: SPARQL Update is not allowed: ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from wsiskg.errors import (
    QueryRefusedError,
    QuerySyntaxError,
    QueryTooComplexError,
    UpdateRefusedError,
)
from wsiskg.sparql import Token, locate, tokenize

QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
#: Deepest nesting of ``{ ( [`` accepted (a hand-written query rarely goes past 10).
MAX_NESTING = 128
#: Most significant tokens accepted outside ``VALUES`` data blocks: every operator, group and
#: pattern adds a level of recursion to the engine's parser and evaluator.
MAX_TOKENS = 10_000
_OPENING, _CLOSING = frozenset("({["), frozenset(")}]")


@dataclass(frozen=True)
class QueryShape:
    """What a query is (its form) and which graphs its ``FROM`` clauses name."""

    form: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def has_dataset(self) -> bool:
        """Whether the query names its own dataset (``FROM`` / ``FROM NAMED``)."""
        return bool(self.default_graphs or self.named_graphs)


def inspect_query(text: str, base_iri: str | None = None) -> QueryShape:
    """The shape of a query; raises when it is an update or reaches outside the store."""
    tokens = list(tokenize(text))
    prefixes, base, start = _prologue(tokens, base_iri)
    form = _form(text, tokens, start)
    _refuse_outside_reach(text, tokens)
    _refuse_too_complex(text, tokens)
    default, named = _dataset(tokens[start:], prefixes, base)
    return QueryShape(form, tuple(default), tuple(named))


def _prologue(tokens: list[Token], base_iri: str | None) -> tuple[dict[str, str], str | None, int]:
    """Read ``BASE`` and ``PREFIX`` declarations; return them and the index after them."""
    prefixes: dict[str, str] = {}
    base, index = base_iri, 0
    while index < len(tokens):
        word = tokens[index].text.upper()
        if word == "BASE" and index + 1 < len(tokens):
            base = _resolve(tokens[index + 1].text[1:-1], base)
            index += 2
        elif word == "PREFIX" and index + 2 < len(tokens):
            name = tokens[index + 1].text.rstrip(":")
            prefixes[name] = _resolve(tokens[index + 2].text[1:-1], base)
            index += 3
        else:
            break
    return prefixes, base, index


def _form(text: str, tokens: list[Token], start: int) -> str:
    if start >= len(tokens):
        raise QuerySyntaxError("empty query: expected SELECT, CONSTRUCT, DESCRIBE or ASK")
    first = tokens[start]
    word = first.text.upper() if first.kind == "word" else ""
    if word in UPDATE_KEYWORDS:
        raise UpdateRefusedError(
            "SPARQL Update is not allowed: this endpoint is read-only", locate(text, first.offset)
        )
    if word not in QUERY_FORMS:
        raise QuerySyntaxError(
            f"expected SELECT, CONSTRUCT, DESCRIBE or ASK, found {first.text!r}",
            locate(text, first.offset),
        )
    return word


def _refuse_outside_reach(text: str, tokens: list[Token]) -> None:
    for token in tokens:
        if token.kind != "word":
            continue
        word = token.text.upper()
        if word == "SERVICE":
            raise QueryRefusedError(
                "SERVICE (federated query) is not allowed: this endpoint never contacts other "
                "services",
                locate(text, token.offset),
            )
        if word in UPDATE_KEYWORDS:  # none is a word of the query language
            raise UpdateRefusedError(
                f"{word} is not allowed: this endpoint is read-only", locate(text, token.offset)
            )


def _refuse_too_complex(text: str, tokens: list[Token]) -> None:
    """Bound nesting and length, so the engine's recursion stays far from its stack's end."""
    depth, counted = 0, 0
    values_pending, values_depth = False, -1
    for token in tokens:
        symbol = token.text if token.kind == "other" else ""
        if symbol in _OPENING:
            if values_pending and symbol == "{":
                values_pending, values_depth = False, depth
            depth += 1
            if depth > MAX_NESTING:
                raise QueryTooComplexError(
                    f"the query nests deeper than {MAX_NESTING} levels", locate(text, token.offset)
                )
        elif symbol in _CLOSING:
            depth -= 1
            if depth == values_depth:
                values_depth = -1
                continue
        elif token.kind == "word" and token.text.upper() == "VALUES":
            values_pending = True
        if values_depth < 0:
            counted += 1
            if counted > MAX_TOKENS:
                raise QueryTooComplexError(
                    f"the query has more than {MAX_TOKENS:,} tokens outside VALUES blocks;"
                    " put long lists of terms in a VALUES block",
                    locate(text, token.offset),
                )


def _dataset(
    tokens: list[Token], prefixes: dict[str, str], base: str | None
) -> tuple[list[str], list[str]]:
    default: list[str] = []
    named: list[str] = []
    for index, token in enumerate(tokens):
        if token.kind != "word" or token.text.upper() != "FROM":
            continue
        target = tokens[index + 1] if index + 1 < len(tokens) else None
        bucket = default
        if target is not None and target.text.upper() == "NAMED":
            bucket = named
            target = tokens[index + 2] if index + 2 < len(tokens) else None
        if target is not None:
            bucket.append(_graph_iri(target, prefixes, base))
    return default, named


def _graph_iri(token: Token, prefixes: dict[str, str], base: str | None) -> str:
    if token.kind == "iri":
        return _resolve(token.text[1:-1], base)
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return token.text  # not an IRI: the engine reports the syntax error


def _resolve(iri: str, base: str | None) -> str:
    return urljoin(base, iri) if base else iri
