"""The build: parse -> extract -> build graph -> validate -> reason -> write, atomically.

A build directory holds ``dataset.nq`` (what the store loads), ``dataset.trig`` (for people),
``summary.json``, ``search.sqlite`` (the full-text index, :mod:`wsiskg.query.search`) and, from
a corpus build, the on-disk store ``store/`` with ``chunks.json`` (what a rebuild patches it by,
:mod:`wsiskg.pipeline.patch`). It is written into a scratch directory next to ``out`` and
swapped in only when every stage succeeded, so a failed build (a SHACL violation, a crash,
Ctrl-C) leaves the previous build as it was. The swap is one atomic exchange on Linux
(``renameat2(RENAME_EXCHANGE)``), so even a build killed mid-swap leaves a whole build at
``out``. A lock file next to ``out`` (``.{name}.lock``, held with ``flock``, released by the
kernel if the process dies) keeps two builds from interleaving their swaps; the next build
clears the scratch directories a killed one left.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph

from wsiskg.config import DATASET_FILE, Settings
from wsiskg.errors import BuildError, ValidationError
from wsiskg.extract import Extraction, extract
from wsiskg.graph.context import Graphs
from wsiskg.graph.dataset import build_corpus, check_single_graph, dataset_graphs
from wsiskg.graph.iris import GRAPH_NAMES
from wsiskg.graph.lexicon import load_lexicon
from wsiskg.graph.provenance import describe_dataset
from wsiskg.graph.rdf_files import ox_term
from wsiskg.namespaces import PREFIXES, RDF, WSIS
from wsiskg.pipeline.corpus import Assembled, BuildOptions, assemble, write_dataset
from wsiskg.pipeline.progress import StageLog
from wsiskg.query.search import SEARCH_DB, write_search_index
from wsiskg.resources import corpus_files
from wsiskg.text.model import Document
from wsiskg.text.parse import parse_file
from wsiskg.versions import Chain, Draft, Series, compare_series

if TYPE_CHECKING:
    from wsiskg.check.reason import RunningReasoner
    from wsiskg.check.shacl import ValidationReport

__all__ = [
    "DATASET_NQ",
    "DATASET_TRIG",
    "SUMMARY_JSON",
    "BuildSummary",
    "Progress",
    "build",
]

Progress = Callable[[str], None]

DATASET_NQ = DATASET_FILE
DATASET_TRIG = "dataset.trig"
SUMMARY_JSON = "summary.json"
EXIT_OK, EXIT_NONCONFORMING, EXIT_ERROR = 0, 1, 2


@dataclass(frozen=True)
class DocumentSummary:
    """What one input contributed."""

    path: str
    sha256: str
    paragraphs: int
    commitments: int
    assignments: int  # explicit ones; inherited ones are counted per dataset


@dataclass(frozen=True)
class BuildSummary:
    """What a build wrote (also ``summary.json``)."""

    out: str
    documents: tuple[DocumentSummary, ...]
    graphs: dict[str, int]  # triples per named graph, by short name
    explicit_assignments: int
    inherited_assignments: int
    warnings: tuple[str, ...] = ()
    reasoned: bool = False
    reasoning_note: str = ""
    inputs_sha256: dict[str, str] = field(default_factory=dict)
    reused: tuple[str, ...] = ()  # documents whose cached results were reused
    rebuilt: tuple[str, ...] = ()  # documents built anew
    stages: dict[str, dict[str, float]] = field(default_factory=dict)  # time, peak memory
    #: Always true: a build that breaks its shapes raises before it writes a summary; kept in
    #: ``summary.json`` so a reader of the file need not know that.
    conforms: bool = field(default=True, init=False)

    def to_json(self) -> str:
        """The summary as pretty JSON (what ``summary.json`` holds)."""
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"


def _silent(message: str) -> None:
    del message


def _build_series(
    series: Series, out: Path, config: Settings, say: Progress, generated_at: datetime | None
) -> BuildSummary:
    """A series build, in one process: its versions are compared in ``versions``, a
    cross-document stage :mod:`wsiskg.pipeline.corpus` does not run yet.

    Raises ValidationError (SHACL violations, with the readable report) or another
    BuildError; either way ``out`` is left as it was.
    """
    paths = [version.path for version in series.versions]
    if not paths:
        raise BuildError(f"nothing to build: series {series.slug} has no versions")
    with build_lock(out):
        recover(out)
        pairs = _read(paths, say)
        chain = _chain(series, pairs, say)
        say("building the graph")
        dataset = build_corpus(pairs, config.base_iri, generated_at=generated_at, chain=chain)
        graphs = dataset_graphs(dataset, config.base_iri)
        warnings, reasoned, note = _check(graphs, config, say)
        check_single_graph(graphs)
        counts = describe_dataset(graphs)
        summary = _summary(out, pairs, counts, graphs, warnings, reasoned, note)
        say(f"writing {out}")
        write_atomically(out, graphs, summary)
    say(f"built {sum(counts.values()):,} triples into {out}")
    return summary


def build(
    files: Sequence[Path] | None,
    out: Path,
    settings: Settings | None = None,
    *,
    progress: Progress | None = None,
    generated_at: datetime | None = None,
    options: BuildOptions | None = None,
    live: bool = False,
    series: Series | None = None,
) -> BuildSummary:
    """Build ``files`` (default: the shipped corpus) into the directory ``out``.

    The documents are built in a process pool and cached (:mod:`wsiskg.pipeline.corpus`), so
    a rebuild redoes only the documents that changed. Raises ValidationError (SHACL
    violations, with the readable report) or another BuildError; either way ``out`` is left
    as it was. A ``series`` (its versions, compared in ``versions``) is built in one process
    (:func:`_build_series`).
    """
    config = settings if settings is not None else Settings.model_construct()
    say = progress if progress is not None else _silent
    if series is not None:
        return _build_series(series, out, config, say, generated_at)
    chosen = options if options is not None else _default_options(config)
    paths = list(files) if files else corpus_files()
    if not paths:
        raise BuildError("nothing to build: no input files and no shipped corpus")
    log = StageLog(say, live=live)
    with build_lock(out):
        recover(out)
        with log.running():
            for path in paths:
                log.note(f"parsing {path}")
            built = assemble(
                paths,
                config,
                chosen,
                log,
                generated_at,
                check=lambda report: _validate(report, log.note),
            )
            log.note(built.note)
            log.note(f"writing {out}")
            summary = _write_build(out, built, config.base_iri, log)
    say(f"built {sum(built.counts.values()):,} triples into {out}")
    return summary


def _default_options(settings: Settings) -> BuildOptions:
    return BuildOptions(workers=settings.build_workers, piece_triples=settings.reason_piece_triples)


def _read(paths: Sequence[Path], say: Progress) -> list[tuple[Document, Extraction]]:
    lexicon = load_lexicon()
    pairs = []
    for path in paths:
        say(f"parsing {path}")
        document = parse_file(path)
        say(f"extracting from {path.name}")
        pairs.append((document, extract(document, lexicon)))
    return pairs


def _chain(series: Series, pairs: list[tuple[Document, Extraction]], say: Progress) -> Chain:
    say(f"comparing the {len(pairs)} versions of {series.slug}")
    drafts = [
        Draft(version, document, extraction.assignments)
        for version, (document, extraction) in zip(series.versions, pairs, strict=True)
    ]
    return compare_series(series, drafts)


def data_graph(graphs: Graphs) -> Graph:
    """Every named graph but ``inferred``, merged into one plain graph (what SHACL checks)."""
    merged = Graph()
    for name in GRAPH_NAMES:
        if name != "inferred":
            for triple in graphs(name):
                merged.add(triple)
    return merged


def _check(graphs: Graphs, settings: Settings, say: Progress) -> tuple[tuple[str, ...], bool, str]:
    """SHACL validation and HermiT reasoning, side by side: HermiT works in its own process
    while SHACL runs here, so the build waits for the slower one, not for both. A SHACL
    violation stops HermiT; otherwise its inferences fill ``inferred``."""
    data = data_graph(graphs)
    with _reason(data, settings, say) as reasoning:
        warnings = _validate_whole(data, say)
        result = reasoning.result()
    say(result.note)
    target = graphs("inferred")
    for triple in result.inferred:
        target.add(triple)
    return warnings, result.reasoned, result.note


def _reason(data: Graph, settings: Settings, say: Progress) -> RunningReasoner:
    """HermiT started on ``data`` in its own process; :func:`_check` collects the result."""
    from wsiskg.check.reason import start_reasoning

    say("reasoning with HermiT (in its own process, alongside SHACL)")
    return start_reasoning(data, timeout=settings.reason_timeout)


def _validate_whole(data: Graph, say: Progress) -> tuple[str, ...]:
    from wsiskg.check.shacl import validate_graph

    say("validating against the SHACL shapes")
    report = validate_graph(data)
    if not report.conforms:
        raise ValidationError(f"the graph breaks its SHACL shapes:\n{report.text}")
    warnings = tuple(report.warning_messages)
    for warning in warnings:
        say(f"warning: {warning}")
    return warnings


def _summary(
    out: Path,
    pairs: Sequence[tuple[Document, Extraction]],
    counts: dict[str, int],
    graphs: Graphs,
    warnings: tuple[str, ...],
    reasoned: bool,
    note: str,
) -> BuildSummary:
    documents = tuple(
        DocumentSummary(
            path=str(document.path),
            sha256=document.sha256,
            paragraphs=len(document.paragraphs),
            commitments=len(extraction.commitments),
            assignments=len(extraction.assignments),
        )
        for document, extraction in pairs
    )
    return BuildSummary(
        out=str(out),
        documents=documents,
        graphs=counts,
        explicit_assignments=_count_assignments(graphs, "assignments-explicit"),
        inherited_assignments=_count_assignments(graphs, "assignments-inherited"),
        warnings=warnings,
        reasoned=reasoned,
        reasoning_note=note,
        inputs_sha256={d.path: d.sha256 for d in documents},
    )


def _count_assignments(graphs: Graphs, name: str) -> int:
    return sum(1 for _ in graphs(name).subjects(RDF.type, WSIS.CoordinationAssignment))


# --- writing -------------------------------------------------------------------------------


def _validate(report: ValidationReport, say: Progress) -> tuple[bool, tuple[str, ...]]:
    """Refuse a build whose graph breaks its shapes; report the warnings."""
    if not report.conforms:
        raise ValidationError(f"the graph breaks its SHACL shapes:\n{report.text}")
    warnings = tuple(report.warning_messages)
    for warning in warnings:
        say(f"warning: {warning}")
    return True, warnings


def _summary_of(out: Path, built: Assembled, log: StageLog) -> BuildSummary:
    documents = tuple(
        DocumentSummary(
            path=r.path,
            sha256=r.sha256,
            paragraphs=r.paragraphs,
            commitments=r.commitments,
            assignments=r.assignments,
        )
        for r in built.results
    )
    return BuildSummary(
        out=str(out),
        documents=documents,
        graphs=built.counts,
        explicit_assignments=sum(r.explicit for r in built.results),
        inherited_assignments=sum(r.inherited for r in built.results),
        warnings=tuple(built.report.warning_messages),
        reasoned=built.reasoned,
        reasoning_note=built.note,
        inputs_sha256={d.path: d.sha256 for d in documents},
        reused=tuple(built.reused),
        rebuilt=tuple(built.rebuilt),
        stages=log.as_dict(),
    )


def _write_build(out: Path, built: Assembled, base: str, log: StageLog) -> BuildSummary:
    """Write the build into a scratch directory next to ``out``, then swap it in."""
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        write_dataset(scratch, built, base, log, previous=out if out.is_dir() else None)
        summary = _summary_of(out, built, log)
        (scratch / SUMMARY_JSON).write_text(summary.to_json(), encoding="utf-8")
        _sync(scratch)
        swap_in(scratch, out)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return summary


def _sync(directory: Path) -> None:
    for path in directory.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    directory.chmod(0o755)


# --- writing -------------------------------------------------------------------------------


def dataset_quads(graphs: Graphs) -> list[ox.Quad]:
    """Every triple of every named graph of the contract, as pyoxigraph quads.

    In a fixed order (graph, then triples sorted), and graphs holding blank nodes (the
    ontology's OWL restrictions) canonicalised first, so the same dataset always gives the
    same files.
    """
    quads = []
    for name in GRAPH_NAMES:
        graph_name = ox.NamedNode(str(graphs.iris.graph(name)))
        for s, p, o in sorted(_stable_labels(graphs(name))):
            quads.append(ox.Quad(ox_term(s), ox_term(p), ox_term(o), graph_name))  # type: ignore[arg-type]
    return quads


def _stable_labels(graph: Graph) -> Graph:
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        return to_canonical_graph(graph)
    return graph


def serialize_nquads(quads: Sequence[ox.Quad]) -> bytes:
    """N-Quads, lines sorted: the same dataset always gives the same file."""
    text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    lines = sorted(line for line in text.splitlines(keepends=True) if line.strip())
    return b"".join(lines)


def serialize_trig(quads: Sequence[ox.Quad], base: str) -> bytes:
    """TriG with the project prefixes, for people to read."""
    prefixes = {name: str(namespace) for name, namespace in PREFIXES.items()}
    prefixes |= {"id": base + "id/", "graph": base + "graph/"}
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes) or b""


def write_atomically(out: Path, graphs: Graphs, summary: BuildSummary) -> None:
    """Write the build files into a scratch directory next to ``out``, then swap it in."""
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        write_files(scratch, graphs, summary)
        swap_in(scratch, out)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def write_files(directory: Path, graphs: Graphs, summary: BuildSummary) -> None:
    """``dataset.nq``, ``dataset.trig`` and ``summary.json`` into ``directory``, synced."""
    quads = dataset_quads(graphs)
    (directory / DATASET_NQ).write_bytes(serialize_nquads(quads))
    (directory / DATASET_TRIG).write_bytes(serialize_trig(quads, graphs.iris.base))
    (directory / SUMMARY_JSON).write_text(summary.to_json(), encoding="utf-8")
    write_search_index(directory / SEARCH_DB, _ox_store(quads))
    for path in directory.iterdir():
        with path.open("rb") as handle:
            os.fsync(handle.fileno())
    directory.chmod(0o755)


def _ox_store(quads: Sequence[ox.Quad]) -> ox.Store:
    store = ox.Store()
    store.extend(quads)
    return store


def swap_in(new: Path, out: Path) -> None:
    """Replace directory ``out`` by ``new`` with two renames; undo the first if the second fails.

    Between the renames ``out`` is briefly absent (readers see "no build", never half a
    build); the previous build is deleted only once the new one is in place.
    """
    if not out.exists():
        new.rename(out)
        return
    if _exchange(new, out):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now holds the previous build
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    old.rmdir()
    out.rename(old)
    try:
        new.rename(out)
    except BaseException:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2
_NO_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP}


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2``); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, bytes(first), _AT_FDCWD, bytes(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(first))


def recover(out: Path) -> None:
    """Undo what a killed build left next to ``out`` (call it holding the lock): put back a
    previous build moved aside mid-swap (the two-rename fallback), delete scratch directories."""
    olds = sorted(out.parent.glob(f".{out.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if not out.exists() and olds:
        olds.pop().rename(out)
    for stale in [*olds, *out.parent.glob(f".{out.name}.new-*")]:
        shutil.rmtree(stale, ignore_errors=True)


@contextmanager
def build_lock(out: Path) -> Iterator[Path]:
    """Hold ``.{out.name}.lock`` next to ``out`` for the whole build, or fail at once."""
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = out.parent / f".{out.name}.lock"
    with lock.open("a+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                f"{out}: another build is running (lock {lock} is held); try again when it ends"
            ) from None
        try:
            yield lock
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
