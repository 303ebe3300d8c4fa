"""OWL 2 DL reasoning with HermiT (through owlready2), time-bounded: the only owlready2 user.

HermiT runs in a child Python process (``python -m wsiskg.reason``) because owlready2 calls
Java without a timeout: the parent kills the child's whole process group when the time is
up. HermiT sees the ontology (the generated N-Triples copy) and a DL-safe subset of the data:
types of declared classes and values of declared object and datatype properties, with
literals of datatypes outside the OWL 2 datatype map (``xsd:gYear``, ``xsd:date``, …) left
out. What comes back is what the reasoner added (new types, inferred property values), ready
for the ``inferred`` named graph. Without Java the result says so and nothing is inferred.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from wsiskg.errors import ReasoningError
from wsiskg.namespaces import NIF, OWL, RDF, RDFS, XSD
from wsiskg.resources import data_path
from wsiskg.vocab import ONTOLOGY_NTRIPLES

__all__ = [
    "DEFAULT_TIMEOUT",
    "ReasoningResult",
    "disjointness_clashes",
    "dl_subset",
    "find_java",
    "hermit_ontology",
    "infer",
    "reason_graph",
]

DEFAULT_TIMEOUT: Final = 120.0
INFERENCES_ONTOLOGY: Final = "http://inferrences/"  # owlready2's name, spelling included
EXIT_INCONSISTENT: Final = 3
EXIT_JAVA_ERROR: Final = 4
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
        raise ReasoningError(f"{source}: ontology N-Triples copy missing (python -m wsiskg.vocab)")
    return Graph().parse(source, format="nt")


def reason_graph(
    data: Graph, timeout: float = DEFAULT_TIMEOUT, ontology_nt: Path | None = None
) -> ReasoningResult:
    """Run HermiT over the ontology and ``data``; raise ReasoningError when inconsistent."""
    java = find_java()
    if java is None:
        note = "reasoning skipped: no Java runtime found (HermiT needs one)"
        return ReasoningResult(reasoned=False, consistent=None, note=note)
    ontology = _ontology_graph(ontology_nt)
    subset = dl_subset(data, ontology)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="wsiskg-reason-") as folder:
        paths = [Path(folder) / name for name in ("ontology.nt", "data.nt", "inferred.nt")]
        hermit_ontology(ontology).serialize(paths[0], format="nt", encoding="utf-8")
        subset.serialize(paths[1], format="nt", encoding="utf-8")
        report = _run_child(java, paths, timeout)
        if report.returncode == EXIT_INCONSISTENT:
            raise _inconsistency(subset, ontology)
        if report.returncode != 0:
            raise ReasoningError(f"HermiT failed: {report.stderr.strip()[-2000:]}")
        inferred = Graph().parse(paths[2], format="nt")
    unsatisfiable = tuple(json.loads(report.stdout or "{}").get("unsatisfiable", []))
    seconds = time.monotonic() - started
    note = f"HermiT: consistent, {len(inferred)} triples inferred in {seconds:.1f} s"
    return ReasoningResult(True, True, _new_triples(inferred, data), note, seconds, unsatisfiable)


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


def _run_child(java: str, paths: list[Path], timeout: float) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "wsiskg.reason", java, *map(str, paths)]
    child = subprocess.Popen(  # noqa: S603 - our own module, argument list without a shell
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # HermiT's JVM joins the child's process group
    )
    try:
        stdout, stderr = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        raise ReasoningError(f"HermiT did not finish within {timeout:g} s") from None
    return subprocess.CompletedProcess(command, child.returncode, stdout, stderr)


def infer(data: Graph, timeout: float = DEFAULT_TIMEOUT) -> Graph:
    """The triples HermiT infers from ``data`` (empty without Java); inconsistent -> error."""
    return reason_graph(data, timeout=timeout).inferred


# --- the child process: owlready2 lives only below this line --------------------------------


def _child(java: str, ontology: Path, data: Path, out: Path) -> int:
    import owlready2  # only the child process loads owlready2

    owlready2.JAVA_EXE = java
    world = owlready2.World()
    world.get_ontology(ontology.as_uri()).load(format="ntriples")
    world.get_ontology(data.as_uri()).load(format="ntriples")
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        print("inconsistent", file=sys.stderr)
        return EXIT_INCONSISTENT
    except owlready2.OwlReadyJavaError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_JAVA_ERROR
    world.get_ontology(INFERENCES_ONTOLOGY).save(file=str(out), format="ntriples")
    unsatisfiable = sorted(str(getattr(cls, "iri", cls)) for cls in world.inconsistent_classes())
    print(json.dumps({"unsatisfiable": unsatisfiable}))
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1], *(Path(arg) for arg in sys.argv[2:5])))
