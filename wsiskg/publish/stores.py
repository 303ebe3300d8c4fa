"""Publish a built dataset into an external SPARQL 1.1 store, one named graph at a time.

Research groups keep the graph next to other linked data in a production store (Virtuoso,
Fuseki, GraphDB, Oxigraph server). Publishing must be repeatable and must never leave a
half-written graph behind, so every named graph is *replaced* as a unit:

* Graph Store HTTP Protocol (``graph_store=URL``): one ``PUT {URL}?graph=G`` with the graph
  as N-Triples. PUT is the protocol's idempotent replace; the server swaps the graph in one
  request.
* SPARQL 1.1 Update (``update_endpoint=URL``, or the query endpoint when neither is given):
  the triples go into a scratch graph ``G`` + :data:`TEMP_SUFFIX` in ``INSERT DATA`` batches
  of at most ``batch_size`` triples (Virtuoso refuses ~2,000), then one request
  ``DROP SILENT GRAPH <G> ; MOVE GRAPH <G.tmp> TO <G>`` swaps it in. A failure before the
  swap drops the scratch graph and leaves ``G`` as it was.

Graphs are published in IRI order. When one fails, :class:`PublishError` names it; graphs
before it hold the new content, it and the graphs after it hold what they held before.
Graphs of the store that the dataset does not mention are never touched.

Blank nodes are kept in the same ``INSERT DATA`` request as every triple that mentions them
(a label means the same node only within one request). A blank node shared *between* named
graphs becomes one node per graph, as with any graph-at-a-time protocol.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import httpx
import pyoxigraph as ox
import rdflib

from wsiskg.errors import PublishError, StoreError
from wsiskg.graph.rdf_files import ox_quads, read_quads
from wsiskg.publish.auth import credentials
from wsiskg.query.registry import views
from wsiskg.sparql import with_values

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "TEMP_SUFFIX",
    "GraphReport",
    "PublishError",
    "PublishProgress",
    "PublishReport",
    "batches",
    "publish",
]

DEFAULT_BATCH_SIZE = 1_000
"""Triples per ``INSERT DATA`` request; Virtuoso 7.2 accepts 1,000 and refuses 2,000."""

TEMP_SUFFIX = ".wsiskg-publish-tmp"
"""Appended to a graph IRI to name the scratch graph the update path loads into."""

_NTRIPLES = "application/n-triples"
_SPARQL_JSON = "application/sparql-results+json"

QuadSource = Path | str | rdflib.Dataset | Iterable[ox.Quad]
"""A build's ``dataset.nq`` (or any N-Quads/TriG file), an rdflib Dataset, or pyoxigraph quads."""


@dataclass(frozen=True)
class PublishProgress:
    """Where a publish is: graph ``index`` (1-based) of ``total``, triples sent so far."""

    graph: str
    index: int
    total: int
    sent: int
    triples: int


@dataclass(frozen=True)
class GraphReport:
    """One published graph: triples sent, triples the store then held, requests, time."""

    graph: str
    triples: int
    stored: int
    requests: int
    seconds: float


@dataclass(frozen=True)
class PublishReport:
    """What a publish did, graph by graph."""

    method: str
    target: str
    graphs: tuple[GraphReport, ...]
    seconds: float

    @property
    def triples(self) -> int:
        """Triples sent over all graphs."""
        return sum(g.triples for g in self.graphs)


ProgressCallback = Callable[[PublishProgress], None]
_BatchDone = Callable[[int], None]


class _Target(Protocol):
    method: str
    url: str

    def replace(self, graph: str, triples: Sequence[ox.Triple], done: _BatchDone) -> int:
        """Replace ``graph`` by ``triples``; return the number of requests made."""
        ...


def publish(
    source: QuadSource,
    endpoint: str,
    update_endpoint: str | None = None,
    graph_store: str | None = None,
    user: str | None = None,
    password: str | None = None,
    progress: ProgressCallback | None = None,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    timeout: float = 300.0,
    client: httpx.Client | None = None,
) -> PublishReport:
    """Replace every named graph of ``source`` in the store behind ``endpoint``.

    ``endpoint`` is the SPARQL query endpoint, used to count each graph after it is written.
    Give at most one of ``update_endpoint`` and ``graph_store``; with neither, updates go to
    ``endpoint``. ``user``/``password`` answer Digest or Basic challenges, whichever the
    server sends. ``client`` replaces the HTTP client (tests inject failures with it).
    """
    if update_endpoint and graph_store:
        raise PublishError("give either an update endpoint or a graph store, not both")
    if batch_size < 1:
        raise PublishError(f"batch size must be at least 1, not {batch_size}")
    graphs = _group_by_graph(_read_quads(source))
    owned = client is None
    http = client or httpx.Client(auth=credentials(user, password), timeout=timeout)
    try:
        target = _target(http, endpoint, update_endpoint, graph_store, batch_size)
        return _publish_all(http, target, endpoint, graphs, progress)
    finally:
        if owned:
            http.close()


def _target(
    http: httpx.Client,
    endpoint: str,
    update_endpoint: str | None,
    graph_store: str | None,
    batch_size: int,
) -> _Target:
    if graph_store:
        return _GraphStoreTarget(http, graph_store)
    return _UpdateTarget(http, update_endpoint or endpoint, batch_size)


def _publish_all(
    http: httpx.Client,
    target: _Target,
    endpoint: str,
    graphs: dict[str, list[ox.Triple]],
    progress: ProgressCallback | None,
) -> PublishReport:
    started = time.perf_counter()
    reports = []
    for index, (graph, triples) in enumerate(graphs.items(), start=1):
        reports.append(
            _publish_graph(http, target, endpoint, graph, triples, index, len(graphs), progress)
        )
    return PublishReport(target.method, target.url, tuple(reports), time.perf_counter() - started)


def _publish_graph(
    http: httpx.Client,
    target: _Target,
    endpoint: str,
    graph: str,
    triples: list[ox.Triple],
    index: int,
    total: int,
    progress: ProgressCallback | None,
) -> GraphReport:
    started = time.perf_counter()
    sent = 0

    def done(count: int) -> None:
        nonlocal sent
        sent += count
        if progress:
            progress(PublishProgress(graph, index, total, sent, len(triples)))

    requests = target.replace(graph, triples, done)
    stored = _count(http, endpoint, graph)
    if stored != len(triples):
        raise PublishError(f"sent {len(triples)} triples but the store holds {stored}", graph)
    return GraphReport(graph, len(triples), stored, requests, time.perf_counter() - started)


# --- reading the dataset --------------------------------------------------------------------


def _read_quads(source: QuadSource) -> Iterable[ox.Quad]:
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise StoreError(f"{path}: no built dataset here (run `wsiskg build` first)")
        return read_quads(path)
    if isinstance(source, rdflib.Dataset):
        return ox_quads(source)
    return source


def _group_by_graph(quads: Iterable[ox.Quad]) -> dict[str, list[ox.Triple]]:
    """Triples per named graph, each once (a graph is a set: a file may repeat a line), graphs
    in IRI order; default-graph triples are refused."""
    graphs: dict[str, dict[ox.Triple, None]] = {}
    for quad in quads:
        name = quad.graph_name
        if not isinstance(name, ox.NamedNode):
            raise PublishError(
                f"a triple outside any named graph ({quad.triple}); wsiskg "
                "datasets keep every triple in a named graph"
            )
        graphs.setdefault(name.value, {})[quad.triple] = None
    return {name: list(triples) for name, triples in sorted(graphs.items())}


# --- Graph Store HTTP Protocol ---------------------------------------------------------------


class _GraphStoreTarget:
    """PUT each graph whole: the protocol's idempotent, server-side atomic replace."""

    method = "graph-store"

    def __init__(self, http: httpx.Client, url: str) -> None:
        self.http = http
        self.url = url

    def replace(self, graph: str, triples: Sequence[ox.Triple], done: _BatchDone) -> int:
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b""
        _send(
            self.http,
            graph,
            "PUT",
            self.url,
            params={"graph": graph},
            content=body,
            headers={"Content-Type": _NTRIPLES},
        )
        done(len(triples))
        return 1


# --- SPARQL 1.1 Update -----------------------------------------------------------------------


class _UpdateTarget:
    """Load into a scratch graph in batches, then swap it in with one request."""

    method = "update"

    def __init__(self, http: httpx.Client, url: str, batch_size: int) -> None:
        self.http = http
        self.url = url
        self.batch_size = batch_size

    def replace(self, graph: str, triples: Sequence[ox.Triple], done: _BatchDone) -> int:
        scratch = graph + TEMP_SUFFIX
        self._update(graph, f"DROP SILENT GRAPH <{scratch}>")
        requests = 1
        try:
            for batch in batches(triples, self.batch_size):
                self._update(graph, _insert_data(scratch, batch))
                requests += 1
                done(len(batch))
        except PublishError:
            self._drop_quietly(scratch)
            raise
        self._update(
            graph, f"DROP SILENT GRAPH <{graph}> ;\nMOVE SILENT GRAPH <{scratch}> TO <{graph}>"
        )
        return requests + 1

    def _update(self, graph: str, update: str) -> None:
        _send(self.http, graph, "POST", self.url, data={"update": update})

    def _drop_quietly(self, scratch: str) -> None:
        """Best effort: the scratch graph is also dropped first thing on the next publish."""
        with contextlib.suppress(PublishError):
            self._update(scratch, f"DROP SILENT GRAPH <{scratch}>")


def _insert_data(graph: str, triples: Sequence[ox.Triple]) -> str:
    """``INSERT DATA``, or ``INSERT {…} WHERE {}`` when blank nodes occur (Virtuoso refuses
    them in ``INSERT DATA``; in a template they are fresh nodes, one per label, as wanted)."""
    lines = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    body = f"GRAPH <{graph}> {{\n{lines}\n}}"
    if any(isinstance(n, ox.BlankNode) for t in triples for n in (t.subject, t.object)):
        return f"INSERT {{ {body} }} WHERE {{}}"
    return f"INSERT DATA {{ {body} }}"


def batches(triples: Sequence[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    """Split ``triples`` into lists of at most ``size``, never splitting a blank node's triples.

    >>> ex = lambda s: ox.NamedNode("http://example.org/" + s)
    >>> b = ox.BlankNode("b")
    >>> ts = [ox.Triple(ex("a"), ex("p"), b), ox.Triple(ex("x"), ex("p"), ex("y")),
    ...       ox.Triple(b, ex("q"), ex("c"))]
    >>> [len(batch) for batch in batches(ts, 2)]
    [2, 1]
    """
    batch: list[ox.Triple] = []
    for group in _blank_node_groups(triples):
        if len(group) > size:
            raise PublishError(
                f"{len(group)} triples hang together through blank nodes; "
                f"more than a batch of {size}"
            )
        if len(batch) + len(group) > size:
            yield batch
            batch = []
        batch.extend(group)
    if batch:
        yield batch


def _blank_node_groups(triples: Sequence[ox.Triple]) -> list[list[ox.Triple]]:
    """Triples joined by shared blank nodes (union-find), in order of first appearance."""
    parent: dict[ox.BlankNode, ox.BlankNode] = {}

    def root(node: ox.BlankNode) -> ox.BlankNode:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for t in triples:
        nodes = [n for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]
        if len(nodes) == 2:
            parent[root(nodes[0])] = root(nodes[1])
    groups: dict[object, list[ox.Triple]] = {}
    for i, t in enumerate(triples):
        key = _group_key(t, root, i)
        groups.setdefault(key, []).append(t)
    return list(groups.values())


def _group_key(t: ox.Triple, root: Callable[[ox.BlankNode], ox.BlankNode], i: int) -> object:
    for node in (t.subject, t.object):
        if isinstance(node, ox.BlankNode):
            return root(node)
    return i


# --- HTTP ------------------------------------------------------------------------------------


def _send(
    http: httpx.Client, graph: str, method: str, url: str, **kwargs: object
) -> httpx.Response:
    try:
        response = http.request(method, url, **kwargs)  # type: ignore[arg-type]
    except httpx.HTTPError as err:
        raise PublishError(f"{method} {url} failed: {err}", graph) from err
    if not response.is_success:
        hint = " (check --user and --password)" if response.status_code in {401, 403} else ""
        raise PublishError(
            f"{method} {url} answered {response.status_code}{hint}: {_first_line(response.text)}",
            graph,
        )
    return response


def _count(http: httpx.Client, endpoint: str, graph: str) -> int:
    query = with_values(views().get("triples_in_graph").text, {"graph": ox.NamedNode(graph)})
    response = _send(
        http, graph, "POST", endpoint, data={"query": query}, headers={"Accept": _SPARQL_JSON}
    )
    try:
        return int(response.json()["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError) as err:
        raise PublishError(
            f"{endpoint} gave no count: {_first_line(response.text)}", graph
        ) from err


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0][:300] if lines else "(empty body)"


# --- command line entry -----------------------------------------------------------------------
