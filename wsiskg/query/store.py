"""The query engine: a pyoxigraph store over the built dataset and any extra files.

A build directory's on-disk store (``store/``) is opened read-only; with extra files, or a
build without one, the files are loaded into memory.

pyoxigraph answers a selective join at 100k triples in ~1 ms where rdflib's engine takes
~235 ms (``docs/decisions/0003-query-engine.md``). Every graph lives in a named graph; the
*default graph of a query is the union of all named graphs* unless the query (``FROM``) or the
protocol (``default-graph-uri``) says otherwise. The store is read-only once loaded: queries
only, checked by :mod:`wsiskg.query.guard` before the engine sees them.

>>> store = Store.from_text('<http://ex/a> <http://ex/p> "1" <http://ex/g> .', "http://ex/")
>>> store.query("SELECT ?s WHERE { ?s ?p ?o }").rows
[(<NamedNode value=http://ex/a>,)]
>>> store.query("ASK FROM <file:///etc/passwd> {}")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
wsiskg.errors.QueryRefusedError: FROM names graph <file:///etc/passwd>, which is not in ...
"""

from __future__ import annotations

import hashlib
import multiprocessing
import re
import signal
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from wsiskg.config import DATASET_FILE, DEFAULT_BASE_IRI, STORE_DIR
from wsiskg.errors import (
    Location,
    QueryError,
    QueryRefusedError,
    QueryResourceError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreError,
    WsiskgError,
)
from wsiskg.graph.rdf_files import read_quads
from wsiskg.query.formats import (
    RDF_MEDIA_TYPES,
    RESULTS_JSON,
    Collector,
    QueryResult,
    capped_rows,
    results_format,
    serialize_answer,
)
from wsiskg.query.guard import QueryShape, inspect_query
from wsiskg.query.sandbox import call_deep, confine

__all__ = [
    "DATASET_FILE",
    "STORE_DIR",
    "QueryRequest",
    "QueryResult",
    "Store",
    "default_media_type",
]

T = TypeVar("T")

#: The largest ``dataset.nq`` a build is served from memory (about a million quads).
IN_MEMORY_BYTES = 256 * 2**20

_SYNTAX_POSITION = re.compile(r"^error at (\d+):(\d+): ")
_NO_DESCRIPTORS = "(os error 24)"  # EMFILE: a confined worker tried to open a socket or file


@dataclass(frozen=True)
class QueryRequest:
    """Everything a worker needs to answer a query: text, protocol dataset, limits."""

    text: str
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()
    max_rows: int | None = None
    media_type: str | None = None  # serialise the answer in the worker when set
    max_bytes: int | None = None  # largest serialised answer


@dataclass
class Store:
    """A read-only pyoxigraph store with the names of its graphs and the base of its IRIs."""

    ox_store: ox.Store = field(default_factory=ox.Store)
    base_iri: str = DEFAULT_BASE_IRI
    sources: list[Path] = field(default_factory=list)
    on_disk: bool = False  # the build's on-disk store, opened read-only
    _version: str | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_build(
        cls,
        build_dir: Path,
        extra: Sequence[Path] = (),
        base_iri: str = DEFAULT_BASE_IRI,
        *,
        memory_bytes: int = IN_MEMORY_BYTES,
    ) -> Store:
        """The dataset of a build directory (``dataset.nq``) plus extra RDF files.

        A dataset of at most ``memory_bytes`` of N-Quads is loaded into memory, where a
        query runs about twice as fast as on RocksDB; a larger one is the on-disk store the
        build wrote, opened read-only, so that serving it does not need it in RAM."""
        dataset = Path(build_dir) / DATASET_FILE
        if not dataset.is_file():
            raise StoreError(f"no built dataset at {dataset}; run `wsiskg build` first")
        on_disk = Path(build_dir) / STORE_DIR
        large = dataset.stat().st_size > memory_bytes
        if on_disk.is_dir() and large and not extra:
            return cls.open_read_only(on_disk, base_iri, dataset)
        return cls.from_files([dataset, *extra], base_iri)

    @classmethod
    def open_read_only(
        cls, path: Path, base_iri: str = DEFAULT_BASE_IRI, source: Path | None = None
    ) -> Store:
        """The on-disk store a build wrote (``store/``), opened read-only: the data stays on
        disk (RocksDB reads what a query needs), so serving does not need it in RAM, and any
        number of processes (the server's query workers) may open it at once."""
        try:
            opened = ox.Store.read_only(str(path))
        except OSError as error:
            raise StoreError(f"{path}: cannot open the on-disk store: {error}") from error
        return cls(opened, base_iri, [source if source is not None else path], on_disk=True)

    @classmethod
    def from_files(cls, paths: Iterable[Path], base_iri: str = DEFAULT_BASE_IRI) -> Store:
        """Each file as a named graph named by its file IRI; N-Quads/TriG keep their graphs."""
        store = cls(base_iri=base_iri)
        for path in paths:
            store.add_file(Path(path))
        return store

    @classmethod
    def from_text(cls, nquads: str, base_iri: str = DEFAULT_BASE_IRI) -> Store:
        """A store from N-Quads text (tests and examples)."""
        store = cls(base_iri=base_iri)
        store.ox_store.extend(ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS))
        return store

    def add_file(self, path: Path) -> None:
        """Load one RDF file; triples outside any named graph go to the file's own graph."""
        graph = ox.NamedNode(path.resolve().as_uri())
        quads = read_quads(path, base_iri=graph.value)
        self.ox_store.extend(
            q
            if q.graph_name != ox.DefaultGraph()
            else ox.Quad(q.subject, q.predicate, q.object, graph)
            for q in quads
        )
        self.sources.append(path)
        self._version = None

    @property
    def version(self) -> str:
        """A digest of the dataset (its files, or its quads) and base IRI: it names what is
        served, so HTTP caches can tell one build from the next (``ETag``)."""
        if self._version is None:
            digest = hashlib.blake2b(self.base_iri.encode(), digest_size=10)
            if self.sources:
                for path in self.sources:
                    with path.open("rb") as data:
                        while chunk := data.read(1 << 20):
                            digest.update(chunk)
            else:
                digest.update(ox.serialize(self.ox_store, format=ox.RdfFormat.N_QUADS) or b"")
            self._version = digest.hexdigest()
        return self._version

    @property
    def graphs(self) -> frozenset[str]:
        """The IRIs of the named graphs."""
        return frozenset(
            g.value for g in self.ox_store.named_graphs() if isinstance(g, ox.NamedNode)
        )

    def __len__(self) -> int:
        return len(self.ox_store)

    def inspect(self, text: str) -> QueryShape:
        """Check a query without running it: refuse updates, SERVICE and unknown FROM graphs."""
        shape = inspect_query(text, self.base_iri)
        named = (*shape.default_graphs, *shape.named_graphs)
        known = self.graphs if named else frozenset()  # listing the graphs is not free
        for graph in named:
            if graph not in known:
                raise QueryRefusedError(
                    f"FROM names graph <{graph}>, which is not in this store"
                    " (nothing is ever fetched; see the service description for the graphs)"
                )
        return shape

    def query(
        self,
        text: str,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
        memory: int | None = None,
    ) -> QueryResult:
        """Run a query; with ``timeout`` it runs in a confined child process that is killed at
        the limit (and may grow by at most ``memory`` bytes)."""
        request = QueryRequest(text, tuple(default_graph_uris), tuple(named_graph_uris), max_rows)
        if timeout is None:
            return call_deep(lambda: self.execute(request))
        return _run_in_child(self, request, timeout, memory)

    def execute(self, request: QueryRequest, shape: QueryShape | None = None) -> QueryResult:
        """Check (unless the caller did: ``shape``), run and materialise a query on the calling
        thread (no time limit).

        The engine recurses per nesting level: call it on a deep stack (:func:`call_deep`).
        """
        shape = shape or self.inspect(request.text)
        return _engine(
            lambda: _materialise(shape.form, self._run(request, shape), request.max_rows)
        )

    def answer(self, request: QueryRequest, shape: QueryShape | None = None) -> tuple[str, bytes]:
        """The media type and body of a query's answer (what a server worker sends back),
        written by pyoxigraph's serializers: the answer never becomes Python objects."""
        shape = shape or self.inspect(request.text)
        media_type = request.media_type or default_media_type(shape.form)

        def again() -> Any:  # the answer; run a second time only to count rows of a too-large one
            return self._run(request, shape)

        body = _engine(
            lambda: serialize_answer(
                again(), media_type, request.max_rows, request.max_bytes, again
            )
        )
        return media_type, body

    def stream(
        self, request: QueryRequest, shape: QueryShape, send: Callable[[bytes], object]
    ) -> str:
        """Write the answer to ``send`` chunk by chunk as pyoxigraph serialises it; for
        queries already answered within the caps (no cap is checked here)."""
        media_type = request.media_type or default_media_type(shape.form)
        raw = self._run(request, shape)
        sink = Collector(send=send)
        if isinstance(raw, ox.QueryTriples):
            rdf_format = ox.RdfFormat.from_media_type(media_type)
            _engine(lambda: raw.serialize(sink, format=rdf_format))
        else:
            _engine(lambda: raw.serialize(sink, format=results_format(media_type)))
        return media_type

    def _run(self, request: QueryRequest, shape: QueryShape) -> Any:
        return _engine(
            lambda: self.ox_store.query(request.text, **self._dataset_options(shape, request))
        )

    def dump(self, rdf_format: ox.RdfFormat, graph: str | None = None) -> bytes:
        """The whole dataset, or one graph, serialised."""
        if graph is not None:
            quads = self.ox_store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
            triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
            return ox.serialize(triples, format=rdf_format) or b""
        if not rdf_format.supports_datasets:
            triples = (ox.Triple(q.subject, q.predicate, q.object) for q in self.ox_store)
            return ox.serialize(triples, format=rdf_format) or b""
        return ox.serialize(self.ox_store, format=rdf_format) or b""

    def _dataset_options(self, shape: QueryShape, request: QueryRequest) -> dict[str, Any]:
        """Protocol dataset overrides FROM; with neither, the default graph is the union."""
        options: dict[str, Any] = {"base_iri": self.base_iri}
        if request.default_graph_uris or request.named_graph_uris:
            options["default_graph"] = graph_nodes(request.default_graph_uris)
            options["named_graphs"] = graph_nodes(request.named_graph_uris)
        elif not shape.has_dataset:
            options["use_default_graph_as_union"] = True
        return options


def default_media_type(form: str) -> str:
    """The media type of an answer when the client expresses no preference."""
    return RDF_MEDIA_TYPES[0] if form in {"CONSTRUCT", "DESCRIBE"} else RESULTS_JSON


def graph_nodes(iris: Iterable[str]) -> list[ox.NamedNode]:
    """Graph names given by the protocol (``default-graph-uri``...), which must be IRIs."""
    try:
        return [ox.NamedNode(iri) for iri in iris]
    except ValueError as error:
        raise QueryError(f"a graph named by the request is not an absolute IRI: {error}") from None


def _engine(work: Callable[[], T]) -> T:
    """``work()``, with the engine's errors (raised when the query is parsed, or later while
    its lazy answer is read) turned into the library's."""
    try:
        return work()
    except SyntaxError as error:
        raise _syntax_error(str(error)) from error
    except (OSError, RuntimeError) as error:  # evaluation errors reported by the engine
        raise _evaluation_error(error) from error
    except MemoryError as error:
        raise QueryResourceError("the query ran out of the memory allowed to one query") from error


def _materialise(form: str, raw: Any, max_rows: int | None) -> QueryResult:
    if isinstance(raw, ox.QueryBoolean):
        return QueryResult(form, boolean=bool(raw))
    if isinstance(raw, ox.QuerySolutions):
        names = [v.value for v in raw.variables]
        rows = [tuple(s[v] for v in raw.variables) for s in capped_rows(raw, max_rows)]
        return QueryResult(form, variables=names, rows=rows)
    return QueryResult(form, triples=list(capped_rows(raw, max_rows)))


def _evaluation_error(error: Exception) -> QueryError:
    message = str(error)
    if _NO_DESCRIPTORS in message:
        return QueryRefusedError(
            "the query tried to open a connection or a file, which this endpoint never does"
        )
    return QueryError(f"query failed: {message}")


def _syntax_error(message: str) -> QuerySyntaxError:
    match = _SYNTAX_POSITION.match(message)
    if match is None:
        return QuerySyntaxError(message)
    location = Location("query", int(match.group(1)), int(match.group(2)))
    return QuerySyntaxError(message[match.end() :], location)


def _run_in_child(
    store: Store, request: QueryRequest, timeout: float, memory: int | None
) -> QueryResult:
    """Run one query in a forked child and kill it at the deadline (threads cannot be stopped)."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child_main, args=(store, request, sender, memory), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryTimeoutError(f"the query ran longer than {timeout:g} s and was stopped")
        result: QueryResult = unpack_outcome(receiver.recv())
        return result
    except EOFError as error:
        child.join(1)
        raise worker_death(child.exitcode, memory) from error
    finally:
        child.kill()
        child.join()
        receiver.close()


def _child_main(store: Store, request: QueryRequest, sender: Any, memory: int | None) -> None:
    def serve() -> None:
        confine({sender.fileno()}, memory)
        sender.send(capture_outcome(store.execute, request))

    call_deep(serve)


def worker_death(exitcode: int | None, memory: int | None) -> QueryResourceError:
    """The error for a query process that ended without an answer, from how it ended."""
    if exitcode == -signal.SIGABRT:
        allowed = f" ({memory // 2**20:,} MiB)" if memory else ""
        return QueryResourceError(
            f"the query needed more memory than one query may use{allowed} and was stopped"
        )
    if exitcode == -signal.SIGSEGV:
        return QueryResourceError("the query overflowed the engine's stack and was stopped")
    how = f"signal {-exitcode}" if exitcode is not None and exitcode < 0 else f"exit {exitcode}"
    return QueryResourceError(f"the query's process stopped without an answer ({how})")


def capture_outcome(function: Any, *args: Any) -> tuple[str, Any]:
    """Call ``function`` and pack its value or its WsiskgError so it can cross a pipe."""
    try:
        return ("ok", function(*args))
    except WsiskgError as error:
        return ("error", (type(error), error.message, error.location))


def unpack_outcome(outcome: tuple[str, Any]) -> Any:
    """The value packed by :func:`capture_outcome`, or its error raised again."""
    status, payload = outcome
    if status == "ok":
        return payload
    error_type, message, location = payload
    raise error_type(message, location)
