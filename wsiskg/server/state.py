"""What every request handler needs: settings, the store, the worker pool, the IRI map."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from urllib.parse import quote

from fastapi import Request

from wsiskg.config import Settings
from wsiskg.namespaces import ONTOLOGY_IRI, PREFIXES
from wsiskg.query.cost import MAX_TEXT, Budget, CostBook
from wsiskg.query.guard import QueryShape
from wsiskg.query.pool import QueryPool
from wsiskg.query.sandbox import DeepStackThreads
from wsiskg.query.search import SEARCH_DB, SearchIndex
from wsiskg.query.store import DATASET_FILE, Store
from wsiskg.query.syntax import Predeclared, predeclare
from wsiskg.server.caching import AnswerCache


def quote_path(path: str) -> str:
    """``path`` percent-encoded for an ``href`` (``#``, ``?``, ``%``, spaces, non-ASCII).

    >>> quote_path("/id/doc/d/txt#char=1,5")
    '/id/doc/d/txt%23char=1,5'
    """
    return quote(path, safe="/:@!$&'()*+,;=-._~")


@dataclass(frozen=True)
class IriMap:
    """Public IRIs <-> local paths, so configured-base IRIs dereference on this server.

    >>> iris = IriMap("https://w3id.org/wsiskg/")
    >>> iris.local_path("https://w3id.org/wsiskg/id/org/itu")
    '/id/org/itu'
    >>> iris.iri_for("/ontology")
    'https://w3id.org/wsiskg/ontology'
    >>> iris.local_path("http://example.org/x") is None
    True
    """

    base_iri: str
    ontology_iri: str = str(ONTOLOGY_IRI)

    def local_path(self, iri: str) -> str | None:
        """The URL path on this server that serves ``iri``, if it is ours.

        An ontology term keeps its fragment (it is a section of the ontology page); in a data
        IRI ``#`` is part of the resource's name (a text span, ``…/txt#char=20272,20275``) and
        is percent-encoded, or a browser would fetch the whole source text instead.

        >>> IriMap("https://w3id.org/wsiskg/").local_path(
        ...     "https://w3id.org/wsiskg/id/doc/d/txt#char=1,5")
        '/id/doc/d/txt%23char=1,5'
        >>> IriMap("https://w3id.org/wsiskg/").local_path("https://w3id.org/wsiskg/ontology/0.1.0")
        '/ontology/0.1.0'
        """
        if iri == self.ontology_iri or iri.startswith(self.ontology_iri + "#"):
            return "/ontology" + iri[len(self.ontology_iri) :]
        if iri.startswith(self.ontology_iri + "/"):  # a version IRI
            return quote_path("/ontology" + iri[len(self.ontology_iri) :])
        for area in ("id/", "graph/"):
            prefix = self.base_iri + area
            if iri.startswith(prefix) and len(iri) > len(prefix):
                return quote_path("/" + area + iri[len(prefix) :])
        return None

    def iri_for(self, path: str) -> str:
        """The public IRI a local path stands for."""
        if path == "/ontology":
            return self.ontology_iri
        return self.base_iri + path.lstrip("/")


@dataclass
class ServerState:
    """Shared by every request of one app."""

    settings: Settings
    store: Store
    pool: QueryPool
    dumps: dict[str, bytes] = field(default_factory=dict)
    #: Choices of the query forms' pickers, per parameter kind.
    pickers: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    #: Queries a worker answered within budget, answered in-process from then on.
    costs: CostBook = field(default_factory=lambda: CostBook(Budget()))
    #: Where those queries run: deep-stack threads of the server process.
    inline: DeepStackThreads = field(default_factory=lambda: DeepStackThreads(4))
    #: Written answers, by query, dataset and format (:mod:`wsiskg.server.caching`).
    answers: AnswerCache = field(default_factory=lambda: AnswerCache(0))

    def __post_init__(self) -> None:
        self._shapes = lru_cache(maxsize=1024)(self.store.inspect)
        self._predeclared = lru_cache(maxsize=1024)(self._predeclare)

    def inspect(self, text: str) -> QueryShape:
        """The guard's reading of a query (:meth:`Store.inspect`), remembered for texts a
        client sends again (refusals are not remembered: they raise every time)."""
        if len(text) > MAX_TEXT:
            return self.store.inspect(text)
        return self._shapes(text)

    def predeclared(self, text: str) -> Predeclared:
        """``text`` with the project prefixes it uses undeclared (:func:`predeclare`),
        remembered like :meth:`inspect`."""
        if len(text) > MAX_TEXT:
            return self._predeclare(text)
        return self._predeclared(text)

    def _predeclare(self, text: str) -> Predeclared:
        return predeclare(text, self.query_prefixes)

    @cached_property
    def iris(self) -> IriMap:
        """The IRI map of the configured base."""
        return IriMap(self.settings.base_iri)

    @cached_property
    def search(self) -> SearchIndex:
        """The full-text index written by the build next to the served dataset, or one built
        in memory when the store was not loaded from a build directory alone."""
        sources = self.store.sources
        if len(sources) == 1 and sources[0].name == DATASET_FILE:
            written = sources[0].parent / SEARCH_DB
            if written.is_file():
                return SearchIndex.open(written)
        return SearchIndex.of_store(self.store.ox_store)

    @cached_property
    def query_prefixes(self) -> dict[str, str]:
        """The prefixes a query on ``/sparql`` may use undeclared, as in the CLI and the
        pages: the vocabularies, ``id:`` and ``graph:`` of the configured base."""
        base = self.settings.base_iri
        vocabularies = {name: str(namespace) for name, namespace in PREFIXES.items()}
        return {**vocabularies, "id": base + "id/", "graph": base + "graph/"}

    @cached_property
    def graph_sizes(self) -> dict[str, int]:
        """Triples per named graph (the store never changes once served)."""
        sizes: dict[str, int] = {}
        for quad in self.store.ox_store:
            name = getattr(quad.graph_name, "value", "")
            sizes[name] = sizes.get(name, 0) + 1
        return dict(sorted(sizes.items()))


def get_state(request: Request) -> ServerState:
    """The state of the app serving ``request`` (set by :func:`wsiskg.server.app.create_app`)."""
    state: ServerState = request.app.state.wsiskg
    return state
