"""OWL 2 DL reasoning with HermiT (through owlready2), time-bounded and in the background.

HermiT runs in a child Python process (:mod:`wsiskg.check.hermit`, the only owlready2 user) because
owlready2 calls Java without a timeout: the parent kills the child's whole process group when
the time is up. :func:`start_reasoning` returns at once, so the build validates with SHACL
while HermiT works. HermiT sees the ontology (the generated N-Triples copy) and a DL-safe
subset of the data: types of declared classes and values of declared object and datatype
properties, with literals of datatypes outside the OWL 2 datatype map (``xsd:gYear``,
``xsd:date``, …) left out. What comes back is what the reasoner added (new types, inferred
property values), ready for the ``inferred`` named graph. Without Java the result says so
and nothing is inferred.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from wsiskg.check.hermit import EXIT_INCONSISTENT, JVM_OPTIONS
from wsiskg.errors import ReasoningError
from wsiskg.graph.lexicon import ONTOLOGY_NTRIPLES
from wsiskg.namespaces import NIF, OWL, RDF, RDFS, XSD
from wsiskg.resources import data_path

__all__ = [
    "DEFAULT_TIMEOUT",
    "PieceRun",
    "ReasoningResult",
    "RunningReasoner",
    "disjointness_clashes",
    "dl_subset",
    "find_java",
    "hermit_ontology",
    "infer",
    "nt_lines",
    "reason_graph",
    "reason_in_pieces",
    "start_reasoning",
]

DEFAULT_TIMEOUT: Final = 120.0
NO_JAVA: Final = "reasoning skipped: no Java runtime found (HermiT needs one)"
_RDF_NS: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
# The OWL 2 datatype map (OWL 2 Structural Specification, section 4); HermiT rejects others.
OWL2_DATATYPES: Final = frozenset(
    {URIRef(_RDF_NS + name) for name in ("PlainLiteral", "XMLLiteral", "langString")}
    | {RDFS.Literal, OWL.real, OWL.rational}
    | {
        XSD[name]
        for name in (
            *("decimal", "integer", "nonNegativeInteger", "nonPositiveInteger"),
            *("positiveInteger", "negativeInteger", "long", "int", "short", "byte"),
            *("unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "double"),
            *("float", "string", "normalizedString", "token", "language", "Name", "NCName"),
            *("NMTOKEN", "boolean", "hexBinary", "base64Binary", "anyURI", "dateTime"),
            "dateTimeStamp",
        )
    }
)
# Large literals HermiT gains nothing from.
_SKIPPED_PROPERTIES: Final = frozenset({NIF.isString, NIF.anchorOf})


@dataclass(frozen=True)
class ReasoningResult:
    """What reasoning found. ``consistent`` is None when no reasoner ran."""

    reasoned: bool
    consistent: bool | None
    inferred: Graph = field(default_factory=Graph)
    note: str = ""
    seconds: float = 0.0
    unsatisfiable: tuple[str, ...] = ()  # classes equivalent to owl:Nothing


def find_java() -> str | None:
    """The ``java`` executable on PATH, or None."""
    return shutil.which("java")


def _owl2_literal(node: Node) -> bool:
    if not isinstance(node, Literal):
        return False
    if node.datatype is None:
        return True  # plain or language-tagged
    return node.datatype in OWL2_DATATYPES


def hermit_ontology(ontology: Graph) -> Graph:
    """The ontology without literals HermiT rejects (``dcterms:created`` is an ``xsd:date``)."""
    kept = Graph()
    for s, p, o in ontology:
        if isinstance(o, Literal) and not _owl2_literal(o):
            continue
        kept.add((s, p, o))
    return kept


def _declared(ontology: Graph, kind: URIRef) -> frozenset[Node]:
    return frozenset(ontology.subjects(RDF.type, kind))


def dl_subset(data: Graph, ontology: Graph) -> Graph:
    """The part of ``data`` HermiT needs: declared types and property values, OWL 2 literals."""
    classes = _declared(ontology, OWL.Class)
    objects = _declared(ontology, OWL.ObjectProperty)
    datas = _declared(ontology, OWL.DatatypeProperty) - _SKIPPED_PROPERTIES
    kept = Graph()
    for s, p, o in data:
        if isinstance(s, Literal):
            continue
        typed = p == RDF.type and o in classes
        related = p in objects and isinstance(o, URIRef | BNode)
        valued = p in datas and _owl2_literal(o)
        if typed or related or valued:
            kept.add((s, p, o))
    return kept


def _superclasses(ontology: Graph) -> dict[Node, set[Node]]:
    """Each named class -> itself and all its named superclasses."""
    closure: dict[Node, set[Node]] = {}
    for cls in ontology.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef):
            closure[cls] = {c for c in ontology.transitive_objects(cls, RDFS.subClassOf) if c}
    return closure


def _disjoint_pairs(ontology: Graph) -> set[frozenset[Node]]:
    pairs = {frozenset((a, b)) for a, b in ontology.subject_objects(OWL.disjointWith)}
    for group in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        head = ontology.value(group, OWL.members)
        members = list(Collection(ontology, head)) if head is not None else []
        pairs |= {frozenset((a, b)) for a in members for b in members if a != b}
    return pairs


def _entailed_types(data: Graph, ontology: Graph) -> dict[Node, set[Node]]:
    """Asserted types plus those rdfs:domain and rdfs:range give (the usual clash sources)."""
    domains = dict(ontology.subject_objects(RDFS.domain))
    ranges = dict(ontology.subject_objects(RDFS.range))
    types: dict[Node, set[Node]] = {}
    for s, p, o in data:
        if p == RDF.type:
            types.setdefault(s, set()).add(o)
            continue
        if p in domains:
            types.setdefault(s, set()).add(domains[p])
        if p in ranges and not isinstance(o, Literal):
            types.setdefault(o, set()).add(ranges[p])
    return types


def disjointness_clashes(data: Graph, ontology: Graph, limit: int = 10) -> list[str]:
    """Individuals that are (by type, domain or range) in two disjoint classes."""
    supers = _superclasses(ontology)
    pairs = _disjoint_pairs(ontology)
    clashes: list[str] = []
    for individual, asserted in sorted(_entailed_types(data, ontology).items(), key=str):
        closure = set().union(*(supers.get(t, {t}) for t in asserted))
        for pair in sorted(pairs, key=lambda p: sorted(map(str, p))):
            if pair <= closure:
                a, b = sorted(map(str, pair))
                typed = ", ".join(f"<{t}>" for t in sorted(map(str, asserted)))
                clashes.append(
                    f"{individual} is both <{a}> and <{b}>, which are disjoint "
                    f"(its types, asserted or from domains and ranges: {typed})"
                )
                break
        if len(clashes) >= limit:
            break
    return clashes


def _ontology_graph(path: Path | None) -> Graph:
    source = path if path is not None else data_path("ontology") / ONTOLOGY_NTRIPLES
    if not source.is_file():
        raise ReasoningError(
            f"{source}: ontology N-Triples copy missing (python -m wsiskg.graph.lexicon)"
        )
    return Graph().parse(source, format="nt")


def reason_graph(
    data: Graph, timeout: float = DEFAULT_TIMEOUT, ontology_nt: Path | None = None
) -> ReasoningResult:
    """Run HermiT over the ontology and ``data``; raise ReasoningError when inconsistent."""
    with start_reasoning(data, timeout, ontology_nt) as running:
        return running.result()


def start_reasoning(
    data: Graph, timeout: float = DEFAULT_TIMEOUT, ontology_nt: Path | None = None
) -> RunningReasoner:
    """HermiT started over the ontology and ``data`` in its child process, so that the caller
    can work meanwhile (the build validates with SHACL) and collect with ``result()``."""
    java = find_java()
    if java is None:
        return RunningReasoner(data, timeout)
    started = time.monotonic()
    ontology = _ontology_graph(ontology_nt)
    subset = dl_subset(data, ontology)
    folder = tempfile.TemporaryDirectory(prefix="wsiskg-reason-")
    paths = [Path(folder.name) / name for name in ("ontology.nt", "data.nt", "inferred.nt")]
    hermit_ontology(ontology).serialize(paths[0], format="nt", encoding="utf-8")
    subset.serialize(paths[1], format="nt", encoding="utf-8")
    return RunningReasoner(data, timeout, java, _Child(folder, paths, subset, ontology, started))


@dataclass
class _Child:
    """The files HermiT reads and writes, and what the error report needs."""

    folder: tempfile.TemporaryDirectory[str]
    paths: list[Path]  # ontology, data subset, inferred
    subset: Graph
    ontology: Graph
    started: float  # time.monotonic() when the data was handed over


class RunningReasoner:
    """A reasoning run in progress. A context manager: leaving it kills a child still running
    (e.g. when SHACL has already failed the build) and removes its files."""

    def __init__(
        self,
        data: Graph,
        timeout: float,
        java: str | None = None,
        child: _Child | None = None,
        note: str = NO_JAVA,
    ) -> None:
        """Starts HermiT when given ``java`` and its files; otherwise reports ``note``."""
        self._data, self._timeout, self._child, self._note = data, timeout, child, note
        self._process: subprocess.Popen[str] | None = None
        self._output: tuple[str, str] = ("", "")
        self._finished = 0.0
        self._waiter = threading.Thread(target=self._collect, daemon=True)
        if java is not None and child is not None:
            command = [sys.executable, "-m", "wsiskg.check.hermit", java, *map(str, child.paths)]
            self._process = subprocess.Popen(  # noqa: S603 - our own module, no shell
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,  # HermiT's JVM joins the child's process group
                env=_java_environment(),
            )
            self._waiter.start()

    def _collect(self) -> None:
        """Read the child's output until it exits, and note when: HermiT's own time, not
        the time the caller got round to asking (SHACL may take longer)."""
        assert self._process is not None
        self._output = self._process.communicate()
        self._finished = time.monotonic()

    def result(self) -> ReasoningResult:
        """Wait for HermiT (within the time limit counted from the start)."""
        if self._child is None or self._process is None:
            return ReasoningResult(reasoned=False, consistent=None, note=self._note)
        self._waiter.join(max(0.0, self._timeout - (time.monotonic() - self._child.started)))
        if self._waiter.is_alive():
            self.close()
            raise ReasoningError(f"HermiT did not finish within {self._timeout:g} s")
        stdout, stderr = self._output
        if self._process.returncode == EXIT_INCONSISTENT:
            raise _inconsistency(self._child.subset, self._child.ontology)
        if self._process.returncode != 0:
            raise ReasoningError(f"HermiT failed: {stderr.strip()[-2000:]}")
        inferred = Graph().parse(self._child.paths[2], format="nt")
        unsatisfiable = tuple(json.loads(stdout or "{}").get("unsatisfiable", []))
        seconds = self._finished - self._child.started
        note = f"HermiT: consistent, {len(inferred)} triples inferred in {seconds:.1f} s"
        fresh = _new_triples(inferred, self._data)
        return ReasoningResult(True, True, fresh, note, seconds, unsatisfiable)

    def close(self) -> None:
        if self._process is not None and self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGKILL)
        if self._waiter.is_alive():
            self._waiter.join()
        if self._child is not None:
            self._child.folder.cleanup()

    def __enter__(self) -> RunningReasoner:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _java_environment() -> dict[str, str]:
    """Our JVM options first, so that options the user set in the variable win."""
    env = dict(os.environ)
    env["JDK_JAVA_OPTIONS"] = f"{JVM_OPTIONS} {env.get('JDK_JAVA_OPTIONS', '')}".strip()
    return env


def _inconsistency(subset: Graph, ontology: Graph) -> ReasoningError:
    clashes = disjointness_clashes(subset, ontology)
    detail = "\n".join(f"  - {clash}" for clash in clashes) or "  (no disjointness clash found)"
    return ReasoningError(f"the ontology and the data are inconsistent (HermiT):\n{detail}")


def _new_triples(inferred: Graph, data: Graph) -> Graph:
    fresh = Graph()
    for triple in inferred:
        if triple[1] == RDF.type and triple[2] in (OWL.Ontology, OWL.Thing):
            continue
        if triple not in data:
            fresh.add(triple)
    return fresh


def infer(data: Graph, timeout: float = DEFAULT_TIMEOUT) -> Graph:
    """The triples HermiT infers from ``data`` (empty without Java); inconsistent -> error."""
    return reason_graph(data, timeout=timeout).inferred


# --- reasoning in bounded pieces ------------------------------------------------------------


@dataclass(frozen=True)
class PieceRun:
    """What reasoning in pieces found: the inferred N-Triples lines and a note."""

    inferred: frozenset[bytes]
    note: str
    reasoned: bool
    seconds: float = 0.0
    pieces: tuple[frozenset[bytes], ...] = ()  # what each piece inferred, in order


def nt_lines(data: bytes) -> set[bytes]:
    """N-Triples lines as pyoxigraph writes them (one spelling per triple)."""
    triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return {line for line in text.splitlines(keepends=True) if line.strip()}


_TRIVIAL = (
    b"<http://www.w3.org/2002/07/owl#Ontology> .",
    b"<http://www.w3.org/2002/07/owl#Thing> .",
)


def reason_in_pieces(
    ontology: Graph,
    shared: bytes,
    pieces: Sequence[bytes],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    parallel: int = 2,
    done: Callable[[int], None] | None = None,
) -> PieceRun:
    """HermiT over ``shared`` + each piece (N-Triples), ``parallel`` JVMs at a time.

    ``shared`` is what every piece needs besides its own individuals: the vocabularies'
    DL subset and their closure (classified once and cached by the build). A piece's
    inferences are the triples HermiT reports that its input does not hold; the union over
    the pieces is the corpus's, because no axiom of the ontology relates individuals of two
    documents (``tests/test_reason.py`` compares it with a whole-corpus run).
    """
    java = find_java()
    if java is None:
        return PieceRun(frozenset(), NO_JAVA, reasoned=False)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="wsiskg-pieces-") as folder:
        root = Path(folder)
        ontology_nt = root / "ontology.nt"
        hermit_ontology(ontology).serialize(ontology_nt, format="nt", encoding="utf-8")
        jobs = [_piece_files(root, k, shared + piece) for k, piece in enumerate(pieces)]
        outputs = _run_hermits(java, ontology_nt, jobs, timeout, max(1, parallel), done)
        found: list[frozenset[bytes]] = []
        for (data, out), code in zip(jobs, outputs, strict=True):
            if code == EXIT_INCONSISTENT:
                raise _inconsistency(Graph().parse(data, format="nt"), ontology)
            found.append(frozenset(_fresh(out, data)))
    inferred = frozenset().union(*found)
    seconds = time.monotonic() - started
    note = (
        f"HermiT: consistent, {len(inferred)} triples inferred in {seconds:.1f} s "
        f"({len(pieces)} piece(s))"
    )
    return PieceRun(inferred, note, reasoned=True, seconds=seconds, pieces=tuple(found))


def _piece_files(root: Path, k: int, data: bytes) -> tuple[Path, Path]:
    path = root / f"piece-{k}.nt"
    path.write_bytes(data)
    return path, root / f"inferred-{k}.nt"


def _fresh(out: Path, data: Path) -> set[bytes]:
    found = nt_lines(out.read_bytes()) if out.is_file() else set()
    given = nt_lines(data.read_bytes())
    return {line for line in found - given if not line.rstrip().endswith(_TRIVIAL)}


def _run_hermits(
    java: str,
    ontology_nt: Path,
    jobs: Sequence[tuple[Path, Path]],
    timeout: float,
    parallel: int,
    done: Callable[[int], None] | None,
) -> list[int]:
    """Run the HermiT children, ``parallel`` at a time; their exit codes, in order."""
    codes: list[int | None] = [None] * len(jobs)
    running: dict[int, tuple[subprocess.Popen[bytes], float]] = {}
    waiting = list(range(len(jobs)))
    try:
        while waiting or running:
            while waiting and len(running) < parallel:
                k = waiting.pop(0)
                running[k] = (_start_hermit(java, ontology_nt, *jobs[k]), time.monotonic())
            for k, (process, began) in list(running.items()):
                code = process.poll()
                if code is None:
                    if time.monotonic() - began > timeout:
                        raise ReasoningError(f"HermiT did not finish a piece within {timeout:g} s")
                    continue
                del running[k]
                _check_exit(jobs[k][1], code)
                codes[k] = code
                if done is not None:
                    done(1)
            time.sleep(0.05)
    finally:
        for process, _ in running.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return [code if code is not None else 0 for code in codes]


def _start_hermit(java: str, ontology_nt: Path, data: Path, out: Path) -> subprocess.Popen[bytes]:
    """One HermiT child in its own process group; its stderr goes to ``out.err``."""
    command = [sys.executable, "-m", "wsiskg.check.hermit", java, str(ontology_nt), str(data)]
    with out.with_suffix(".err").open("wb") as errors:
        return subprocess.Popen(  # noqa: S603 - our own module, no shell
            [*command, str(out)],
            stdout=subprocess.DEVNULL,
            stderr=errors,
            start_new_session=True,
            env=_java_environment(),
        )


def _check_exit(out: Path, code: int) -> None:
    if code in (0, EXIT_INCONSISTENT):
        return
    errors = out.with_suffix(".err")
    stderr = errors.read_text("utf-8", "replace") if errors.is_file() else ""
    raise ReasoningError(f"HermiT failed: {stderr.strip()[-2000:]}")
