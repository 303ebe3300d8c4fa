"""SPARQL syntax errors people can read, and the prefixes a query may leave undeclared.

The engine reports a syntax error as its parser's expectation set: ``expected one of Prefix
not found, ['%'], ['-' | '0' ..= '9' | '\\u{00B7}' …]`` — one unwrapped line of grammar
classes. :func:`explain` turns it into words (a name, a digit, a keyword from a list), names
an undeclared prefix, and shows the line with a caret under the column.

:func:`predeclare` puts ``PREFIX`` lines for the project's prefixes in front of a query that
uses them without declaring them, on the query's own first line so that every line number
the engine reports stays the user's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from wsiskg.errors import Location, QuerySyntaxError
from wsiskg.sparql import tokenize

__all__ = ["Predeclared", "explain", "predeclare"]

_EXPECTED = re.compile(r"^expected (?:one of )?(?P<items>.*)$", re.DOTALL)
_ITEM = re.compile(r'"(?:[^"\\]|\\.)*"|\[(?:\'(?:[^\'\\]|\\.)*\'|[^\]\'])*\]|[^,\["]+')
_CHAR = re.compile(r"^\['(.+)'\]$")
_MAX_WORDS = 12


class Predeclared:
    """A query with the project prefixes it uses but does not declare put in front of it."""

    def __init__(self, text: str, prefixes: Mapping[str, str]) -> None:
        declared = _declared(text)
        used = {t.text.split(":", 1)[0] for t in tokenize(text) if t.kind == "pname"}
        missing = sorted((used - declared) & prefixes.keys())
        self.original = text
        self.header = "".join(f"PREFIX {name}: <{prefixes[name]}> " for name in missing)
        self.text = self.header + text
        self.prefixes = prefixes

    def located(self, error: QuerySyntaxError) -> QuerySyntaxError:
        """``error`` explained against the user's text (columns of line 1 shifted back)."""
        where = error.location
        if where is not None and where.line == 1 and self.header:
            where = Location(where.path, 1, max(1, where.column - len(self.header)))
        return explain(QuerySyntaxError(error.message, where), self.original, self.prefixes)


def predeclare(text: str, prefixes: Mapping[str, str]) -> Predeclared:
    """``text`` with ``PREFIX`` declarations for the ``prefixes`` it uses undeclared.

    >>> print(predeclare("SELECT * { ?s a wsis:Paragraph }", {"wsis": "urn:w#"}).text)
    PREFIX wsis: <urn:w#> SELECT * { ?s a wsis:Paragraph }
    >>> predeclare("PREFIX wsis: <urn:x#> ASK { ?s a wsis:P }", {"wsis": "urn:w#"}).header
    ''
    """
    return Predeclared(text, prefixes)


def _declared(text: str) -> set[str]:
    tokens = list(tokenize(text))
    return {
        tokens[i + 1].text.split(":", 1)[0]
        for i, token in enumerate(tokens[:-1])
        if token.kind == "word" and token.text.upper() == "PREFIX" and tokens[i + 1].kind == "pname"
    }


def explain(
    error: QuerySyntaxError, text: str, prefixes: Mapping[str, str] | None = None
) -> QuerySyntaxError:
    """The same error in words, with the offending line and a caret under the column.

    >>> error = QuerySyntaxError("expected one of LATERAL, SERVICE, [_]",
    ...                          Location("query", 1, 25))
    >>> print(explain(error, "SELECT * WHERE { ?s ?p }").message)
    line 1, column 25: expected one of the keywords LATERAL, SERVICE or more of the query
      SELECT * WHERE { ?s ?p }
                              ^
    """
    where = error.location
    if where is None:
        return error
    words = _words(error.message)
    prefix = _undeclared_prefix(text, where) if "Prefix not found" in error.message else None
    if prefix is not None:
        known = ", ".join(sorted(prefixes)) if prefixes else ""
        said = f"the prefix {prefix}: is not declared: add PREFIX {prefix}: <…>"
        said += f" (declared for you here: {known})" if known else ""
    elif words:
        said = "expected " + _grouped(words)
    else:
        said = error.message
    lines = text.splitlines() or [""]
    shown = lines[where.line - 1] if 0 < where.line <= len(lines) else ""
    caret = " " * (where.column - 1) + "^"
    message = f"line {where.line}, column {where.column}: {said}\n  {shown}\n  {caret}"
    return QuerySyntaxError(message, where)


def _words(message: str) -> list[str]:
    match = _EXPECTED.match(message.strip())
    if match is None:
        return []
    words: list[str] = []
    for item in (m.group().strip() for m in _ITEM.finditer(match.group("items"))):
        word = _word(item)
        if word and word not in words:
            words.append(word)
    return words


def _word(item: str) -> str:
    """One expected item in words."""
    if not item or item == "Prefix not found":
        return ""
    if len(item) >= 3 and item[0] == item[-1] == '"':
        return f"‘{item[1:-1]}’"
    if item == "[_]":
        return "more of the query"
    if "'A' ..= 'Z'" in item or "'a' ..= 'z'" in item:
        return "a name"
    if "'0' ..= '9'" in item:
        return "a digit"
    char = _CHAR.match(item)
    if char is not None:
        return f"‘{char.group(1).encode().decode('unicode_escape')}’"
    if item.startswith("["):
        return "another character"
    return item


def _grouped(words: list[str]) -> str:
    """Keywords together, then symbols and kinds of token, in the engine's order."""
    keywords = [w for w in words if w.isupper() or w.startswith("is")]
    others = [w for w in words if w not in keywords]
    parts = []
    if keywords:
        noun = "the keyword " if len(keywords) == 1 else "one of the keywords "
        parts.append(
            noun + ", ".join(keywords[:_MAX_WORDS]) + (" …" if len(keywords) > _MAX_WORDS else "")
        )
    if others:
        parts.append(_or(others))
    return " or ".join(parts)


def _or(words: list[str]) -> str:
    shown = words[:_MAX_WORDS]
    more = " …" if len(words) > _MAX_WORDS else ""
    if len(shown) == 1:
        return shown[0] + more
    return ", ".join(shown[:-1]) + " or " + shown[-1] + more


def _undeclared_prefix(text: str, where: Location) -> str | None:
    """The prefix of the prefixed name at (or just before) the error position."""
    lines = text.splitlines(keepends=True)
    if not 0 < where.line <= len(lines):
        return None
    offset = sum(len(line) for line in lines[: where.line - 1]) + where.column - 1
    before = [t for t in tokenize(text) if t.kind == "pname" and t.offset <= offset]
    return before[-1].text.split(":", 1)[0] if before else None
