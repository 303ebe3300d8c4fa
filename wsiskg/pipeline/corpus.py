"""A corpus build in bounded memory: documents in a process pool, cached, then assembled.

:func:`assemble` runs the build's stages over N-Quads bytes and files, never over the whole
corpus as rdflib graphs:

1. ``documents`` — each document's parse, extraction, graph, rule and SHACL
   (:func:`wsiskg.pipeline.documents.build_document`) in a process pool over all cores; a
   document whose cache entry matches its text, the code and the vocabularies is reused, not
   rebuilt. Two documents that mint the same actor or role are reconciled in input order
   (the later one is rebuilt after what the earlier ones minted), so the result is the one
   serial build would give.
2. ``shacl`` — the shared part (vocabularies, ontology, provenance) once; with the documents'
   own reports, a violation refuses the build.
3. ``reason`` — HermiT in bounded pieces (:func:`wsiskg.check.reason.reason_in_pieces`): the
   ontology and vocabularies classified once and cached, each piece of documents (at most
   ``piece_triples`` DL triples) reasoned with them, two JVMs at a time, each piece's result
   cached by its content.
4. ``write`` — ``dataset.nq`` streamed chunk by chunk, bulk-loaded into the on-disk store
   ``store/``, and ``dataset.trig`` dumped from the store.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from wsiskg.check.reason import dl_subset, reason_in_pieces
from wsiskg.check.shacl import ValidationReport, ValidationResult, validate_graph
from wsiskg.config import STORE_DIR, Settings
from wsiskg.errors import BuildError, WsiskgError
from wsiskg.graph.context import Graphs, new_dataset
from wsiskg.graph.iris import GRAPH_NAMES, BaseIris
from wsiskg.graph.provenance import SourceRecord, add_provenance, describe_dataset
from wsiskg.namespaces import PREFIXES
from wsiskg.pipeline import documents as docs
from wsiskg.pipeline import patch
from wsiskg.pipeline.keys import cache_root, code_digest
from wsiskg.pipeline.progress import StageLog
from wsiskg.query.search import SEARCH_DB, write_search_index

__all__ = ["Assembled", "BuildOptions", "assemble", "write_dataset"]

_VOCABULARY_GRAPHS = ("ontology", "actors", "schemes")


@dataclass(frozen=True)
class BuildOptions:
    """How a build runs (not what it produces: every choice gives the same dataset)."""

    workers: int = 0  # document processes; 0: one per core
    validate: bool = True  # SHACL
    reason: bool = True  # HermiT (skipped with a note when there is no Java)
    cache_dir: Path | None = None  # per-document results; None: {cache_root}/documents
    piece_triples: int = 60_000  # DL triples of documents per HermiT piece
    reuse: bool = True  # False: rebuild every document (the cache is still refreshed)

    def processes(self) -> int:
        """The number of document processes to use."""
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)


@dataclass
class Assembled:
    """Everything a build writes, as bytes and counts, plus what it reused."""

    results: list[docs.DocumentResult]
    entries: list[Path]
    vocabulary: bytes
    shared: bytes
    inferred: bytes
    provenance: bytes
    counts: dict[str, int]
    report: ValidationReport
    reasoned: bool
    note: str
    reused: list[str] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)


def assemble(
    paths: Sequence[Path],
    settings: Settings,
    options: BuildOptions,
    log: StageLog,
    generated_at: datetime | None = None,
    *,
    check: Callable[[ValidationReport], object] | None = None,
) -> Assembled:
    """Run the stages; ``check`` sees the SHACL report before reasoning (and may refuse)."""
    base = settings.base_iri
    code = code_digest()
    root = options.cache_dir or cache_root(settings.cache_dir) / "documents"
    with log.stage("vocabulary"):
        vocabulary, vocabulary_counts = _vocabulary_chunk(base)
    results, entries, reused = _documents(paths, base, code, root, options, log)
    _check_distinct(results)
    shared = _dedup(entries, docs.SHARED_NQ)
    graphs = new_dataset(BaseIris(base))
    sources = [SourceRecord(_iri(r.text_iri), r.name, r.sha256) for r in results]
    add_provenance(graphs, sources, generated_at)
    with log.stage("shacl", total=1) as advance:
        log.note("validating against the SHACL shapes: the shared part (the documents' are done)")
        report = _report(results, graphs, base, options.validate)
        advance(1)
    if check is not None:
        check(report)
    inferred, reasoned, note = _reason(entries, graphs, base, code, root, settings, options, log)
    counts = _counts(vocabulary_counts, results, shared, inferred)
    counts = describe_dataset(graphs, counts)
    provenance = _canonical(_graph_quads(graphs, "provenance"))
    return Assembled(
        results=results,
        entries=entries,
        vocabulary=vocabulary,
        shared=shared,
        inferred=inferred,
        provenance=provenance,
        counts=counts,
        report=report,
        reasoned=reasoned,
        note=note,
        reused=[r.name for r, kept in zip(results, reused, strict=True) if kept],
        rebuilt=[r.name for r, kept in zip(results, reused, strict=True) if not kept],
    )


def _iri(text: str) -> Any:
    from rdflib import URIRef

    return URIRef(text)


# --- the vocabularies -----------------------------------------------------------------------


def _vocabulary_chunk(base: str) -> tuple[bytes, dict[str, int]]:
    """The vocabulary graphs as sorted N-Quads (blank nodes canonicalised) and their sizes."""
    from rdflib.compare import to_canonical_graph

    graphs = docs.vocabulary_graphs(base)
    quads: list[ox.Quad] = []
    counts: dict[str, int] = {}
    for name in _VOCABULARY_GRAPHS:
        graph_name = ox.NamedNode(str(graphs.iris.graph(name)))
        triples = to_canonical_graph(graphs(name))
        counts[name] = len(triples)
        quads += [
            ox.Quad(docs.ox_term(s), docs.ox_term(p), docs.ox_term(o), graph_name)  # type: ignore[arg-type]
            for s, p, o in triples
        ]
    return docs.quad_lines(quads), counts


# --- the documents --------------------------------------------------------------------------


def _documents(
    paths: Sequence[Path],
    base: str,
    code: str,
    root: Path,
    options: BuildOptions,
    log: StageLog,
) -> tuple[list[docs.DocumentResult], list[Path], list[bool]]:
    """Each document's result and entry, in input order, and whether it was reused."""
    jobs = [_job(path, base, code, root, options) for path in paths]
    found: dict[int, docs.DocumentResult] = {}
    with log.stage("documents", total=len(jobs)) as advance:
        todo = []
        for k, job in enumerate(jobs):
            cached = _cached(job, options)
            if cached is not None:
                found[k] = cached
                advance(1)
            else:
                todo.append(k)
        log.note(
            f"building documents (parse, extract, graph, SHACL): {len(todo)} to build, "
            f"{len(jobs) - len(todo)} reused from the cache"
        )
        for k, result in _run_jobs([jobs[k] for k in todo], todo, options.processes()):
            found[k] = result
            advance(1)
    reused = [k not in todo for k in range(len(jobs))]
    results = [found[k] for k in range(len(jobs))]
    entries = [job.entry for job in jobs]
    _reconcile(results, entries, jobs, options, log)
    return results, entries, reused


def _cached(job: docs.DocumentJob, options: BuildOptions) -> docs.DocumentResult | None:
    """The cached result of ``job``, as built from where the text is now: the key holds the
    file's name, not its folder, so the same text elsewhere reuses the entry."""
    cached = docs.read_result(job.entry) if options.reuse else None
    if cached is None or cached.validated != job.validate:
        return None
    return replace(cached, path=str(job.path))


def _job(path: Path, base: str, code: str, root: Path, options: BuildOptions) -> docs.DocumentJob:
    try:
        key = docs.entry_key(path, code, base, options.validate)
    except OSError as error:
        raise BuildError(f"{path}: cannot read: {error.strerror}") from None
    return docs.DocumentJob(path, base, options.validate, root / key)


def _run_jobs(
    jobs: Sequence[docs.DocumentJob], indices: Sequence[int], processes: int
) -> Iterator[tuple[int, docs.DocumentResult]]:
    """Build the documents, in a pool of forked processes when there are several."""
    if processes <= 1 or len(jobs) <= 1:
        for k, job in zip(indices, jobs, strict=True):
            yield k, docs.build_document(job)
        return
    context = multiprocessing.get_context("fork")  # the parent's imports and caches, no reload
    with ProcessPoolExecutor(min(processes, len(jobs)), mp_context=context) as pool:
        futures = {pool.submit(_safely, job): k for k, job in zip(indices, jobs, strict=True)}
        try:
            for future in as_completed(futures):
                yield futures[future], _unpack(future.result())
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def _safely(job: docs.DocumentJob) -> tuple[str, Any]:
    """A worker's outcome that always crosses the pipe: the result, or the error's parts."""
    try:
        return ("ok", docs.build_document(job))
    except WsiskgError as error:
        return ("error", (type(error), str(error)))


def _unpack(outcome: tuple[str, Any]) -> docs.DocumentResult:
    status, payload = outcome
    if status == "ok":
        result: docs.DocumentResult = payload
        return result
    error_type, message = payload
    try:
        raise error_type(message)
    except TypeError:  # an error type that needs more arguments: say the same as a BuildError
        raise BuildError(message) from None


def _reconcile(
    results: list[docs.DocumentResult],
    entries: list[Path],
    jobs: Sequence[docs.DocumentJob],
    options: BuildOptions,
    log: StageLog,
) -> None:
    """Rebuild, after what the earlier ones minted, each document that minted a name or IRI
    an earlier one did (in the pool: each rerun needs only the earlier documents' first
    results).

    What the documents before ``k`` mint in one serial build is what they mint alone, each
    node described by the first of them that prints it; so the ledger a rerun starts from is
    the first results' ledgers merged in input order (an earlier mint wins), and its SHACL
    context is the first description of each node.
    """
    curated = docs.curated_iris(jobs[0].base_iri) if jobs else frozenset()
    earlier = docs.LedgerState()
    context: list[bytes] = []
    described: set[bytes] = set()
    reruns: dict[int, docs.DocumentJob] = {}
    for k, result in enumerate(results):
        if not (result.ledger.minted or result.ledger.forms):
            continue
        if result.ledger.clashes_with(earlier, curated):
            reruns[k] = _after(jobs[k], earlier, b"".join(context))
        fresh: set[bytes] = set()
        for line in _minted_lines(entries[k]):
            subject = line.split(b" ", 1)[0]
            if subject not in described:
                context.append(line)
                fresh.add(subject)
        described |= fresh
        earlier = earlier.merged(result.ledger)
    if not reruns:
        return
    with log.stage("reconcile", total=len(reruns)) as advance:
        log.note(f"{len(reruns)} document(s) mint what an earlier one did: rebuilt after it")
        todo = []
        for k, job in reruns.items():
            cached = _cached(job, options)
            if cached is not None:
                results[k], entries[k] = cached, job.entry
                advance(1)
            else:
                todo.append(k)
        for k, result in _run_jobs([reruns[k] for k in todo], todo, options.processes()):
            results[k], entries[k] = result, reruns[k].entry
            advance(1)


_MINTED_GRAPHS = tuple(f"/graph/{name}> .".encode() for name in ("actors", "schemes"))


def _minted_lines(entry: Path) -> list[bytes]:
    """The quads a document's share adds to the vocabulary graphs (what it minted)."""
    lines = (entry / docs.SHARED_NQ).read_bytes().splitlines(keepends=True)
    return [line for line in lines if line.rstrip().endswith(_MINTED_GRAPHS)]


def _after(job: docs.DocumentJob, earlier: docs.LedgerState, context: bytes) -> docs.DocumentJob:
    state = repr((sorted(earlier.minted), sorted(earlier.forms.items()), earlier.acronyms))
    digest = hashlib.sha256(state.encode() + context).hexdigest()[:12]
    entry = job.entry.with_name(f"{job.entry.name}-after-{digest}")
    return docs.DocumentJob(job.path, job.base_iri, job.validate, entry, earlier, context)


def _check_distinct(results: Sequence[docs.DocumentResult]) -> None:
    """Two inputs that mint the same version IRI would silently merge: refuse."""
    seen: dict[str, str] = {}
    for result in results:
        if result.version_iri in seen:
            raise BuildError(
                f"{result.name} and {seen[result.version_iri]} are the same document version "
                f"({result.version_iri}); give one of them another version in "
                "corpus/manifest.toml or build them apart"
            )
        seen[result.version_iri] = result.name


def _dedup(entries: Sequence[Path], name: str) -> bytes:
    """The lines of every entry's ``name`` file, each once, sorted; a triple two documents
    put in two different named graphs is refused (each triple has one home graph)."""
    homes: dict[bytes, bytes] = {}
    for entry in entries:
        for line in (entry / name).read_bytes().splitlines(keepends=True):
            triple, graph = line.rstrip()[:-1].rstrip().rsplit(b" ", 1)
            first = homes.setdefault(triple, graph)
            if first != graph:
                raise BuildError(
                    f"the triple {triple.decode()} is asserted in two named graphs, "
                    f"{first.decode()} and {graph.decode()}: each triple belongs to exactly one"
                )
    return b"".join(sorted(t + b" " + g + b" .\n" for t, g in homes.items()))


# --- SHACL ------------------------------------------------------------------------------------


def _report(
    results: Sequence[docs.DocumentResult], graphs: Graphs, base: str, validate: bool
) -> ValidationReport:
    """The documents' reports and the shared part's (vocabularies, ontology, provenance)."""
    if not validate:
        return ValidationReport(conforms=True, results=())
    found: dict[ValidationResult, None] = {}
    for result in results:
        found.update(dict.fromkeys(result.results))
    shared = validate_graph(_shared_graph(graphs, base), by_document=False)
    found.update(dict.fromkeys(shared.results))
    ordered = tuple(sorted(found, key=lambda r: (r.severity, r.source_shape, str(r))))
    return ValidationReport(not any(r.severity == "Violation" for r in ordered), ordered)


def _shared_graph(graphs: Graphs, base: str) -> Graph:
    shared = Graph()
    vocabularies = docs.vocabulary_graphs(base)
    for name in _VOCABULARY_GRAPHS:
        for triple in vocabularies(name):
            shared.add(triple)
    for triple in graphs("provenance"):
        shared.add(triple)
    return shared


# --- reasoning --------------------------------------------------------------------------------


def _reason(
    entries: Sequence[Path],
    graphs: Graphs,
    base: str,
    code: str,
    root: Path,
    settings: Settings,
    options: BuildOptions,
    log: StageLog,
) -> tuple[bytes, bool, str]:
    """The ``inferred`` graph as sorted N-Quads, whether HermiT ran, and its note.

    Every piece's result is cached by its content (the shared part, the piece, the code), so
    a rebuild reasons only the pieces whose documents changed (and the last piece, which holds
    the provenance, when the inputs changed). The vocabularies' closure, when not cached yet,
    is one more piece run alongside the others (the pieces then derive it themselves, from
    the vocabularies)."""
    if not options.reason:
        return b"", False, "reasoning skipped"
    ontology = docs.ontology_graph()
    vocabulary = _nt(dl_subset(_shared_graph(new_dataset(BaseIris(base)), base), ontology))
    closure_file = root / f"closure-{_digest(code.encode(), base.encode(), vocabulary)}.nt"
    closure = closure_file.read_bytes() if closure_file.is_file() else None
    shared = vocabulary + (closure or b"")
    provenance = _nt(dl_subset(graphs("provenance"), ontology))
    # provenance rides with the last piece: one JVM fewer (the seed's cold build runs its one
    # piece beside the closure), and a changed draft still reasons its piece and that one
    pieces = _pieces(entries, options.piece_triples) or [b""]
    pieces[-1] += provenance
    # keyed without the closure: a piece reasoned with it or without it adds the same union
    files = [root / "pieces" / f"{_digest(code.encode(), vocabulary, p)}.nt" for p in pieces]
    todo = [k for k, path in enumerate(files) if not path.is_file()]
    runs = [pieces[k] for k in todo] + ([] if closure is not None else [b""])
    with log.stage("reason", total=len(pieces) + (closure is None)) as advance:
        cached = len(pieces) - len(todo)
        log.note(f"reasoning with HermiT: {len(runs)} piece(s) to run, {cached} cached")
        advance(cached)
        run = reason_in_pieces(
            ontology,
            shared,
            runs,
            timeout=settings.reason_timeout,
            parallel=options.processes(),
            done=advance,
        )
    if not run.reasoned:
        return b"", False, run.note
    for k, found in zip(todo, run.pieces, strict=False):
        _store_lines(files[k], found)
    if closure is None:
        closure = b"".join(sorted(run.pieces[-1]))
        _store_lines(closure_file, run.pieces[-1])
    fresh = set(_lines(closure))
    for path in files:
        fresh.update(_lines(path.read_bytes()))
    for entry in entries:  # what one piece inferred, another document may state
        fresh.difference_update((entry / docs.DL_NT).read_bytes().splitlines(keepends=True))
    graph = f" <{graphs.iris.graph('inferred')}> .\n".encode()
    lines = {line.rstrip()[: -len(b" .")] + graph for line in fresh}
    reused = len(pieces) - len(todo)
    note = f"HermiT: consistent, {len(lines)} triples inferred; {len(pieces)} piece(s), "
    note += f"{reused} reused from the cache; {run.seconds:.1f} s"
    return b"".join(sorted(lines)), True, note


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:32]


def _store_lines(path: Path, lines: frozenset[bytes]) -> None:
    """Write a cache file whole (scratch name, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(b"".join(sorted(lines)))
    partial.replace(path)


def _pieces(entries: Sequence[Path], bound: int) -> list[bytes]:
    """The documents' DL subsets cut into pieces of at most ``bound`` triples (a document
    larger than that is a piece of its own), in input order."""
    pieces: list[bytes] = []
    current: list[bytes] = []
    size = 0
    for entry in entries:
        data = (entry / docs.DL_NT).read_bytes()
        lines = data.count(b"\n")
        if current and size + lines > bound:
            pieces.append(b"".join(current))
            current, size = [], 0
        current.append(data)
        size += lines
    if current:
        pieces.append(b"".join(current))
    return pieces


def _nt(graph: Graph) -> bytes:
    triples = [
        ox.Triple(docs.ox_term(s), docs.ox_term(p), docs.ox_term(o))  # type: ignore[arg-type]
        for s, p, o in graph
    ]
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return b"".join(sorted(line for line in text.splitlines(keepends=True) if line.strip()))


def _lines(data: bytes) -> list[bytes]:
    return [line for line in data.splitlines(keepends=True) if line.strip()]


# --- counting and writing ---------------------------------------------------------------------


def _counts(
    vocabulary: dict[str, int],
    results: Sequence[docs.DocumentResult],
    shared: bytes,
    inferred: bytes,
) -> dict[str, int]:
    counts = dict.fromkeys(GRAPH_NAMES, 0) | vocabulary
    for result in results:
        for name, n in result.own_counts.items():
            counts[name] += n
    by_iri: dict[bytes, int] = {}
    for line in shared.splitlines():
        graph = line.rstrip()[:-1].rstrip().rsplit(b" ", 1)[-1]
        by_iri[graph] = by_iri.get(graph, 0) + 1
    for name in GRAPH_NAMES:
        for graph, n in by_iri.items():
            if graph.decode().endswith(f"/graph/{name}>"):
                counts[name] += n
    counts["inferred"] = inferred.count(b"\n")
    return counts


def _canonical(quads: list[ox.Quad]) -> bytes:
    """Sorted N-Quads with literals as the store keeps them (``…Z``, not ``…+00:00``), so
    that ``dataset.nq`` and the TriG dumped from the store spell them alike."""
    store = ox.Store()
    store.extend(quads)
    return docs.quad_lines(list(store))


def _graph_quads(graphs: Graphs, name: str) -> list[ox.Quad]:
    graph_name = ox.NamedNode(str(graphs.iris.graph(name)))
    return [
        ox.Quad(docs.ox_term(s), docs.ox_term(p), docs.ox_term(o), graph_name)  # type: ignore[arg-type]
        for s, p, o in graphs(name)
    ]


def chunks(built: Assembled, iris: BaseIris) -> Iterator[tuple[str, bytes]]:
    """``dataset.nq`` in its fixed order, graph by graph (so TriG gets one block per graph):
    within a graph the vocabularies, each document's own quads in input order, the shared
    quads, the inferences, the provenance (each part sorted)."""
    parts = [_by_graph(built.vocabulary), _by_graph(built.shared)]
    parts += [_by_graph(built.inferred), _by_graph(built.provenance)]
    for name in GRAPH_NAMES:
        key = f"<{iris.graph(name)}>".encode()
        yield name, parts[0].get(key, b"")
        for entry in built.entries:
            own = entry / docs.own_file(name)
            if own.is_file():
                yield name, own.read_bytes()
        for part in parts[1:]:
            yield name, part.get(key, b"")


def _by_graph(data: bytes) -> dict[bytes, bytes]:
    """N-Quads lines grouped by their graph name (order kept within a group)."""
    groups: dict[bytes, list[bytes]] = {}
    for line in data.splitlines(keepends=True):
        graph = line.rstrip()[:-1].rstrip().rsplit(b" ", 1)[-1]
        groups.setdefault(graph, []).append(line)
    return {graph: b"".join(lines) for graph, lines in groups.items()}


def write_dataset(
    directory: Path, built: Assembled, base: str, log: StageLog, previous: Path | None = None
) -> None:
    """``dataset.nq`` (streamed, with its list of chunks), the on-disk store (patched from the
    ``previous`` build's when only some chunks changed, else bulk-loaded), the search index and
    ``dataset.trig`` (streamed from ``dataset.nq``, so blank nodes keep their labels) into
    ``directory``."""
    nquads = directory / "dataset.nq"
    written: list[patch.Chunk] = []
    with log.stage("write", total=len(GRAPH_NAMES)) as advance, nquads.open("wb") as out:
        current = None
        for name, data in chunks(built, BaseIris(base)):
            if name != current:
                advance(current is not None)
                current = name
            if data:
                written.append(patch.chunk(data, out.tell()))
                out.write(data)
        advance(1)
    patch.write_manifest(directory, written)
    with log.stage("store", total=1) as advance:
        patched = patch.patch_store(previous, directory, written) if previous else None
        if patched is None:
            log.note("loading the on-disk store (bulk load), the search index and TriG")
            store = _bulk_load(directory / STORE_DIR, nquads)
        else:
            store, change = patched
            log.note(
                f"patched the previous build's store: {change.removed:,} quads removed, "
                f"{change.added:,} added; writing the search index and TriG"
            )
        write_search_index(directory / SEARCH_DB, store)
        del store
        _dump_trig(nquads, directory / "dataset.trig", base)
        advance(1)


def _bulk_load(path: Path, nquads: Path) -> ox.Store:
    """An on-disk store at ``path`` holding ``nquads``, loaded with the bulk loader."""
    store = ox.Store(str(path))
    store.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)
    store.flush()
    return store


def _dump_trig(nquads: Path, path: Path, base: str) -> None:
    """TriG with the project prefixes, for people to read (streamed from ``nquads``)."""
    prefixes = {name: str(namespace) for name, namespace in PREFIXES.items()}
    prefixes |= {"id": base + "id/", "graph": base + "graph/"}
    quads = ox.parse(path=nquads, format=ox.RdfFormat.N_QUADS)
    ox.serialize(quads, path, ox.RdfFormat.TRIG, prefixes=prefixes)
