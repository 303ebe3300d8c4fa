"""Full-text search over the drafts: paragraphs, items, chapters and the labels of named things.

The index is SQLite FTS5 (the standard library's ``sqlite3``), written at build time next to
the dataset (``search.sqlite``) from the rows of ``queries/views/search_documents.rq``, and
built in memory for a store that has no build directory (tests, ``--data`` files). Ranking
is FTS5's BM25 with titles weighted above body text; snippets mark the matched words.

User text never becomes FTS5 syntax: each word is quoted, the last one also matches as a
prefix (``telecom`` finds "telecommunication"), and all must occur.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from wsiskg.errors import QueryError
from wsiskg.namespaces import NIF
from wsiskg.query.registry import views

__all__ = ["SEARCH_DB", "Hit", "SearchIndex", "fts_query", "write_search_index"]

SEARCH_DB = "search.sqlite"
#: Marks around matched words in snippets (the server turns them into ``<mark>``).
OPEN, CLOSE = "\x02", "\x03"
_SCHEMA = """
CREATE VIRTUAL TABLE documents USING fts5(
    title, text, resource UNINDEXED, kind UNINDEXED, position UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2'
)
"""
#: Constants only: the user's words are the bound parameter.
_SEARCH_SQL = """
SELECT resource, kind, title, snippet(documents, 1, '{open}', '{close}', ' … ', 24),
       bm25(documents, {weights})
FROM documents WHERE documents MATCH ? ORDER BY bm25(documents, {weights}), position LIMIT ?
"""
_IS_STRING = ox.NamedNode(str(NIF.isString))
_WORD = re.compile(r"\w+", re.UNICODE)
#: BM25 weights per column (title, text, then the unindexed ones).
_WEIGHTS = "10.0, 1.0, 0.0, 0.0, 0.0"


@dataclass(frozen=True)
class Hit:
    """One search result: the resource, what it is, its title and a marked snippet."""

    resource: str
    kind: str
    title: str
    snippet: str  # matched words between OPEN and CLOSE
    score: float

    def to_json(self) -> dict[str, object]:
        """The hit for the JSON answer, with the marks as ``<mark>``-free ``[[``/``]]``."""
        return {
            "resource": self.resource,
            "kind": self.kind,
            "title": self.title,
            "snippet": self.snippet.replace(OPEN, "[[").replace(CLOSE, "]]"),
            "score": round(self.score, 4),
        }


def fts_query(text: str) -> str:
    """An FTS5 query for what a person typed: each word (or hyphenated compound, as a phrase)
    quoted, all required; the last one also matches as a prefix.

    >>> fts_query('e-health "or" NEAR(')
    '"e health" "or" "NEAR"*'
    >>> fts_query("  ")
    ''
    """
    phrases = [" ".join(_WORD.findall(chunk)) for chunk in text.split()]
    quoted = [f'"{phrase}"' for phrase in phrases if phrase]
    if not quoted:
        return ""
    quoted[-1] += "*"
    return " ".join(quoted)


def _rows(store: ox.Store) -> list[tuple[str, str, str, str, int]]:
    """(title, text, resource, kind, position) for every searchable resource."""
    solutions = store.query(views().get("search_documents").text, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    texts: dict[ox.NamedNode, str] = {}
    rows = []
    for row in solutions:
        begin, context = row["begin"], row["context"]
        if isinstance(context, ox.NamedNode):
            source = texts.get(context)
            if source is None:
                source = texts[context] = _text_of(store, context)
            wording = source[int(begin.value) : int(row["end"].value)]
        else:
            wording = row["text"].value if row["text"] is not None else ""
        rows.append(
            (
                row["title"].value if row["title"] is not None else "",
                " ".join(wording.split()),
                row["resource"].value if row["resource"] is not None else "",
                row["kind"].value if row["kind"] is not None else "",
                int(begin.value) if begin is not None else -1,
            )
        )
    return sorted(rows, key=lambda row: (row[4], row[3], row[2]))  # the same file every build


def _text_of(store: ox.Store, context: ox.NamedNode) -> str:
    """The string of a text (``nif:isString`` of its context), read once per text."""
    for quad in store.quads_for_pattern(context, _IS_STRING, None):
        if isinstance(quad.object, ox.Literal):
            return quad.object.value
    return ""


def _fill(connection: sqlite3.Connection, store: ox.Store) -> None:
    connection.execute(_SCHEMA)
    connection.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?)", _rows(store))
    connection.commit()


def write_search_index(path: Path, store: ox.Store) -> Path:
    """Write the index of ``store`` to ``path`` (replacing it); the build calls this."""
    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as connection:
        _fill(connection, store)
    connection.close()
    return path


class SearchIndex:
    """A read-only view of an index file, or an index built in memory."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self._lock = threading.Lock()  # one connection, shared by the server's threads

    @classmethod
    def open(cls, path: Path) -> SearchIndex:
        """The index written by :func:`write_search_index` (opened read-only)."""
        uri = f"{path.resolve().as_uri()}?mode=ro"
        return cls(sqlite3.connect(uri, uri=True, check_same_thread=False))

    @classmethod
    def of_store(cls, store: ox.Store) -> SearchIndex:
        """An index of ``store`` in memory (for stores without a build directory)."""
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        _fill(connection, store)
        return cls(connection)

    def search(self, text: str, limit: int = 50) -> list[Hit]:
        """The best ``limit`` matches for ``text``, best first."""
        query = fts_query(text)
        if not query:
            return []
        sql = _SEARCH_SQL.format(open=OPEN, close=CLOSE, weights=_WEIGHTS)
        try:
            with self._lock:
                rows = self.connection.execute(sql, (query, limit)).fetchall()
        except sqlite3.Error as error:  # pragma: no cover - every word is quoted
            raise QueryError(f"cannot search for {text!r}: {error}") from error
        return [Hit(r[0], r[1], r[2], r[3], -float(r[4])) for r in rows]
