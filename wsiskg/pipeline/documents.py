"""One document's share of a build: parse, extract, graph, rule and SHACL, as files.

A corpus build hands each document to a worker process (:mod:`wsiskg.pipeline.run`), which
calls :func:`build_document`. The worker holds one document's rdflib graphs at a time and
writes what the build needs into the document's cache entry, so the parent never holds the
corpus as rdflib objects:

- ``own-{graph}.nq``: per named graph, the quads about the document version's own resources
  (subjects under ``…/id/doc/{slug}/{lang}/{version}``), sorted; no other document can
  produce them;
- ``shared.nq``: the quads about anything else it mentions (the work node shared by the
  versions of a series, ``time:Instant``\\ s, actors and roles minted from its text), sorted;
  the parent keeps one copy of each;
- ``dl.nt``: the part of its data HermiT reads (:func:`wsiskg.check.reason.dl_subset`);
- ``result.json``: counts, the SHACL results of its part, and what it minted (the ledger).

The inherited-assignment rule runs here too: its CONSTRUCT joins a blank cell to its parent
row *within one proposal table*, so it never crosses documents, and SHACL must see the
assignments a document inherits to check them. The entry is keyed by the text, its file name,
the code and vocabulary digest, the base IRI and whether SHACL ran: the same key always
gives the same files, which is what makes incremental rebuilds safe.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from wsiskg.check.reason import dl_subset
from wsiskg.check.shacl import ValidationResult, validate_part
from wsiskg.extract import extract
from wsiskg.graph.assignments import add_assignments
from wsiskg.graph.context import DocumentScope, Graphs, MintLedger, new_dataset
from wsiskg.graph.dataset import check_single_graph
from wsiskg.graph.iris import GRAPH_NAMES, BaseIris, IriMinter, document_identity
from wsiskg.graph.lexicon import ONTOLOGY_NTRIPLES, load_lexicon
from wsiskg.graph.minted import index_curated
from wsiskg.graph.rdf_files import ox_term
from wsiskg.graph.rules import apply_rules
from wsiskg.graph.spans import add_spans
from wsiskg.graph.statements import add_statements
from wsiskg.graph.structure import add_structure
from wsiskg.graph.vocabularies import add_vocabularies
from wsiskg.namespaces import DCTERMS, PROV, RDF, WSIS
from wsiskg.resources import data_path
from wsiskg.text.parse import parse_file

__all__ = [
    "DocumentJob",
    "DocumentResult",
    "LedgerState",
    "build_document",
    "entry_key",
    "ontology_graph",
    "ox_term",
    "quad_lines",
    "read_result",
    "vocabulary_graphs",
]

SHARED_NQ, DL_NT, RESULT_JSON = "shared.nq", "dl.nt", "result.json"


def own_file(graph: str) -> str:
    """The entry's file of the document's own quads in the named graph ``graph``."""
    return f"own-{graph}.nq"


#: Graphs a document never writes to: the vocabularies (shared) and what later stages add.
_NOT_PER_DOCUMENT = frozenset({"ontology", "provenance", "inferred"})


@dataclass(frozen=True)
class LedgerState:
    """What a build has minted so far (see :class:`~wsiskg.graph.context.MintLedger`), as JSON."""

    minted: tuple[str, ...] = ()
    forms: Mapping[str, str] = field(default_factory=dict)
    acronyms: tuple[str, ...] = ()

    def merged(self, other: LedgerState) -> LedgerState:
        """This state followed by ``other`` (an earlier mint wins, as in one serial build)."""
        forms = dict(other.forms) | dict(self.forms)
        return LedgerState(
            tuple(sorted({*self.minted, *other.minted})),
            dict(sorted(forms.items())),
            tuple(sorted({*self.acronyms, *other.acronyms})),
        )

    def clashes_with(self, earlier: LedgerState, curated: frozenset[str]) -> bool:
        """Whether a document that minted this, built alone, may differ from the same document
        built after ``earlier``: it asked about a name or an IRI an earlier text minted."""
        if set(self.minted) & set(earlier.minted):
            return True
        for form, node in self.forms.items():
            seen = earlier.forms.get(form)
            if seen is not None and not (seen == node and node in curated):
                return True
        return False


@dataclass(frozen=True)
class DocumentJob:
    """Everything a worker needs for one document; ``ledger`` is set only when the document
    must be built after what earlier documents minted (a rerun after a clash)."""

    path: Path
    base_iri: str
    validate: bool
    entry: Path  # the cache entry the worker fills
    ledger: LedgerState | None = None
    context: bytes = b""  # N-Quads of earlier documents' minted nodes, for SHACL (rerun only)


@dataclass(frozen=True)
class DocumentResult:
    """What one document contributed (``result.json`` of its entry)."""

    path: str
    sha256: str
    name: str
    text_iri: str
    version_iri: str
    paragraphs: int
    commitments: int
    assignments: int
    explicit: int
    inherited: int
    own_counts: dict[str, int]
    ledger: LedgerState
    results: tuple[ValidationResult, ...] = ()
    validated: bool = False

    def to_json(self) -> str:
        """The result as JSON (what the cache entry holds)."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> DocumentResult:
        """The result read back from ``result.json``."""
        raw: dict[str, Any] = json.loads(text)
        raw["ledger"] = LedgerState(**_tuples(raw["ledger"], ("minted", "acronyms")))
        raw["results"] = tuple(ValidationResult(**item) for item in raw["results"])
        return cls(**raw)


def _tuples(raw: dict[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    return {k: tuple(v) if k in keys else v for k, v in raw.items()}


def entry_key(path: Path, code: str, base_iri: str, validate: bool) -> str:
    """The cache key of a document: its bytes and name, the code, the base IRI, SHACL or not."""
    digest = hashlib.sha256()
    for part in (code, base_iri, path.name, "shacl" if validate else "no-shacl"):
        digest.update(part.encode() + b"\0")
    digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


# --- per-process caches: the vocabularies, the ontology, the lexicon ------------------------


@cache
def vocabulary_graphs(base_iri: str) -> Graphs:
    """The ``ontology``, ``actors`` and ``schemes`` graphs, rebased, with the curated index."""
    graphs = new_dataset(BaseIris(base_iri))
    add_vocabularies(graphs)
    index_curated(graphs)
    return graphs


@cache
def _vocabulary_union(base_iri: str) -> Graph:
    union = Graph()
    graphs = vocabulary_graphs(base_iri)
    for name in ("ontology", "actors", "schemes"):
        for triple in graphs(name):
            union.add(triple)
    return union


@cache
def ontology_graph() -> Graph:
    """The ontology as HermiT reads it (the shipped N-Triples copy), read once per process."""
    return Graph().parse(data_path("ontology") / ONTOLOGY_NTRIPLES, format="nt")


@cache
def _lexicon() -> Any:
    return load_lexicon()


def _ledger(base_iri: str, state: LedgerState | None) -> MintLedger:
    curated = vocabulary_graphs(base_iri).ledger
    ledger = MintLedger(curated=set(curated.curated), labels=dict(curated.labels))
    if state is not None:
        ledger.minted = {URIRef(iri) for iri in state.minted}
        ledger.forms = {form: URIRef(iri) for form, iri in state.forms.items()}
        ledger.acronyms = {URIRef(iri) for iri in state.acronyms}
    return ledger


def curated_iris(base_iri: str) -> frozenset[str]:
    """The IRIs the shipped vocabularies define (rebased to ``base_iri``)."""
    return frozenset(str(iri) for iri in vocabulary_graphs(base_iri).ledger.curated)


# --- the work of one document ---------------------------------------------------------------


def build_document(job: DocumentJob) -> DocumentResult:
    """Build one document into ``job.entry`` (written whole, then renamed into place)."""
    document = parse_file(job.path)
    extraction = extract(document, _lexicon())
    iris = BaseIris(job.base_iri)
    base = new_dataset(iris)
    graphs = Graphs(base.dataset, iris, _ledger(job.base_iri, job.ledger))
    identity = document_identity(document.path, document.sha256)
    minter = IriMinter.for_identity(job.base_iri, identity)
    scope = DocumentScope(document, minter, graphs)
    add_structure(scope, identity)
    add_spans(scope)
    add_statements(scope, extraction)
    add_assignments(scope, extraction)
    apply_rules(graphs)
    source = _source_triples(minter.text(), document.path.name, document.sha256)
    _check_single_graph(graphs, source)
    data = _document_data(graphs)
    results = _validate(data, source, job) if job.validate else ()
    own, shared, counts = _split(graphs, str(minter.expression()))
    result = DocumentResult(
        path=str(document.path),
        sha256=document.sha256,
        name=document.path.name,
        text_iri=str(minter.text()),
        version_iri=str(minter.expression()),
        paragraphs=len(document.paragraphs),
        commitments=len(extraction.commitments),
        assignments=len(extraction.assignments),
        explicit=_assignments(graphs("assignments-explicit")),
        inherited=_assignments(graphs("assignments-inherited")),
        own_counts=counts,
        ledger=_ledger_state(graphs.ledger, job.ledger),
        results=results,
        validated=job.validate,
    )
    dl = dl_subset(data, ontology_graph())
    files = {own_file(name): data for name, data in own.items()}
    _write_entry(job.entry, files | {SHARED_NQ: shared, DL_NT: _nt_lines(dl)}, result)
    return result


def _assignments(graph: Graph) -> int:
    return sum(1 for _ in graph.subjects(RDF.type, WSIS.CoordinationAssignment))


def _source_triples(text: URIRef, name: str, sha256: str) -> list[tuple[Node, Node, Node]]:
    """What provenance says about the document's text (its part of the ``provenance`` graph),
    so SHACL sees the text as the whole build describes it."""
    del sha256  # the text's digest is stated once, in ``spans``
    return [(text, RDF.type, PROV.Entity), (text, DCTERMS.identifier, Literal(name))]


def _check_single_graph(graphs: Graphs, source: list[tuple[Node, Node, Node]]) -> None:
    """:func:`wsiskg.graph.dataset.check_single_graph` for one document's share: against the
    vocabulary and provenance graphs that already hold their triples (across documents the
    parent checks the shared quads)."""
    known = {**_vocabulary_homes(graphs.iris.base), **dict.fromkeys(source, "provenance")}
    check_single_graph(graphs, known, skip=_NOT_PER_DOCUMENT)


@cache
def _vocabulary_homes(base_iri: str) -> dict[tuple[Node, Node, Node], str]:
    graphs = vocabulary_graphs(base_iri)
    return {t: name for name in ("ontology", "actors", "schemes") for t in graphs(name)}


def _document_data(graphs: Graphs) -> Graph:
    data = Graph()
    for name in GRAPH_NAMES:
        if name not in _NOT_PER_DOCUMENT:
            for triple in graphs(name):
                data.add(triple)
    return data


def _validate(
    data: Graph, source: list[tuple[Node, Node, Node]], job: DocumentJob
) -> tuple[ValidationResult, ...]:
    """SHACL over the document's part: its data, the vocabularies and ontology, its text's
    provenance, and (on a rerun) the nodes earlier documents minted."""
    context: Graph = Graph()
    if job.context:
        quads = ox.parse(job.context, format=ox.RdfFormat.N_QUADS)
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        context.parse(data=nt.decode("utf-8"), format="nt")
    report = validate_part(_vocabulary_union(job.base_iri), data, source, context)
    return tuple(sorted(report.results, key=lambda r: (r.severity, r.source_shape, str(r))))


def _ledger_state(ledger: MintLedger, before: LedgerState | None) -> LedgerState:
    """What this document minted (beyond ``before``, on a rerun)."""
    old = before if before is not None else LedgerState()
    return LedgerState(
        minted=tuple(sorted(str(i) for i in ledger.minted if str(i) not in old.minted)),
        forms={f: str(n) for f, n in sorted(ledger.forms.items()) if f not in old.forms},
        acronyms=tuple(sorted(str(i) for i in ledger.acronyms if str(i) not in old.acronyms)),
    )


def _split(graphs: Graphs, version: str) -> tuple[dict[str, bytes], bytes, dict[str, int]]:
    """The document's quads as sorted N-Quads: its own per graph, and the shared rest."""
    own: dict[str, list[ox.Quad]] = {}
    shared: list[ox.Quad] = []
    counts: dict[str, int] = {}
    for name in GRAPH_NAMES:
        if name in _NOT_PER_DOCUMENT:
            continue
        graph = graphs(name)
        if any(isinstance(term, BNode) for triple in graph for term in triple):
            graph = to_canonical_graph(graph)  # stable labels (no builder mints one today)
        graph_name = ox.NamedNode(str(graphs.iris.graph(name)))
        for s, p, o in graph:
            quad = ox.Quad(ox_term(s), ox_term(p), ox_term(o), graph_name)  # type: ignore[arg-type]
            subject = str(s)
            if subject == version or subject.startswith(version + "/"):
                own.setdefault(name, []).append(quad)
                counts[name] = counts.get(name, 0) + 1
            else:
                shared.append(quad)
    return {n: quad_lines(q) for n, q in own.items()}, quad_lines(shared), counts


def quad_lines(quads: Sequence[ox.Quad]) -> bytes:
    """Quads as N-Quads, lines sorted (the same quads always give the same bytes)."""
    text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    return b"".join(sorted(line for line in text.splitlines(keepends=True) if line.strip()))


def _nt_lines(graph: Graph) -> bytes:
    triples = [ox.Triple(ox_term(s), ox_term(p), ox_term(o)) for s, p, o in graph]  # type: ignore[arg-type]
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return b"".join(sorted(line for line in text.splitlines(keepends=True) if line.strip()))


def _write_entry(entry: Path, files: Mapping[str, bytes], result: DocumentResult) -> None:
    """Fill the entry in a scratch directory, then rename it into place (whole or absent)."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{entry.name}-", dir=entry.parent))
    try:
        for name, data in files.items():
            (scratch / name).write_bytes(data)
        (scratch / RESULT_JSON).write_text(result.to_json(), encoding="utf-8")
        if entry.exists():
            shutil.rmtree(entry, ignore_errors=True)
        try:
            scratch.replace(entry)
        except OSError:
            if read_result(entry) is None:  # not another build's identical entry
                raise
            shutil.rmtree(scratch, ignore_errors=True)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def read_result(entry: Path) -> DocumentResult | None:
    """The result of a finished entry, or None when there is none (or it is unreadable)."""
    try:
        return DocumentResult.from_json((entry / RESULT_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError, KeyError):
        return None
