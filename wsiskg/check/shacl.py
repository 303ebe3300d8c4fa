"""SHACL validation of wsiskg data (pyshacl) -> a plain :class:`ValidationReport`.

Validation runs with ``inference="none"`` on a plain in-memory rdflib graph (fast, and free of
the false violations an oxrdflib-backed graph gives). ``sh:class`` still needs
``rdfs:subClassOf``: when the data does not carry the ontology, it is given to pyshacl as
``ont_graph``. Warnings never make data non-conforming.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Node, Variable

from wsiskg.config import DATASET_FILE
from wsiskg.errors import BuildError
from wsiskg.graph.iris import DOCUMENT_PATH
from wsiskg.graph.lexicon import load_ontology
from wsiskg.graph.rdf_files import ox_term, read_graph
from wsiskg.namespaces import ONTOLOGY_IRI, OWL, RDF, SH
from wsiskg.resources import data_path

__all__ = [
    "ValidationReport",
    "ValidationResult",
    "document_parts",
    "format_report",
    "load_shapes",
    "validate_file",
    "validate_graph",
    "validate_part",
]

SHAPES_FILE = "wsiskg-shapes.ttl"


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, with terms written out as N3 (``<iri>``, ``"literal"``)."""

    focus_node: str
    path: str | None
    value: str | None
    message: str
    severity: str  # "Violation", "Warning" or "Info"
    source_shape: str  # the named NodeShape that holds the failed constraint

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" = {self.value}" if self.value else ""
        head = f"[{self.severity}] {self.source_shape}"
        return f"{head}: {self.focus_node}{where}{value}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating one graph."""

    conforms: bool
    results: tuple[ValidationResult, ...]

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        """Results that make the data non-conforming."""
        return tuple(r for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        """Heuristic doubts (sh:Warning); they do not break conformance."""
        return tuple(r for r in self.results if r.severity == "Warning")

    @property
    def warning_messages(self) -> tuple[str, ...]:
        """Each warning as one line of text."""
        return tuple(str(r) for r in self.warnings)

    @property
    def text(self) -> str:
        """The report as readable text (see :func:`format_report`)."""
        return format_report(self)


def load_shapes() -> Graph:
    """The shipped SHACL shapes (``shapes/wsiskg-shapes.ttl``)."""
    return read_graph(data_path("shapes") / SHAPES_FILE)


@contextmanager
def _rdflib_quads() -> Iterator[None]:
    """rdflib's own dataset code calls its deprecated ConjunctiveGraph API: not our warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def _plain(data: Graph) -> Graph:
    """A plain graph: the union of a dataset's named graphs, or the graph itself."""
    if not isinstance(data, ConjunctiveGraph):
        return data
    merged = Graph()
    with _rdflib_quads():
        for s, p, o, _ in data.quads((None, None, None, None)):
            merged.add((s, p, o))
    return merged


#: rdflib's ``Graph.query`` parameters after the query, in order (pyshacl passes them so).
_QUERY_ARGUMENTS = ("processor", "result", "initNs", "initBindings", "use_store_provided")


class _PreparedQueryGraph(Graph):
    """A graph whose SPARQL queries pyoxigraph answers.

    pyshacl evaluates each SPARQL constraint with rdflib's engine, once per focus node: that
    was three quarters of a document's validation time (rdflib re-plans the join for every
    binding). pyshacl does not change the data graph while it validates (``inference="none"``),
    so the graph is copied once into an in-memory pyoxigraph store and each query runs there,
    ``$this`` and the other pre-bound variables given as substitutions. Queries pyoxigraph
    cannot take (an rdflib query object, other options) still go to rdflib, parsed once.
    """

    _store: ox.Store | None = None
    _size: int = -1

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
        options = dict(zip(_QUERY_ARGUMENTS, args, strict=False)) | kwargs
        plain = options.get("processor", "sparql") == "sparql" and not options.get("initNs")
        plain = plain and options.get("result", "sparql") == "sparql"
        if isinstance(query_object, str) and plain and set(options) <= set(_QUERY_ARGUMENTS):
            return self._ox_query(query_object, options.get("initBindings") or {})
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)

    def _ox_query(self, text: str, bindings: Mapping[Any, Any]) -> Result:
        if self._store is None or self._size != len(self):
            self._store = ox.Store()
            self._store.extend(
                ox.Quad(ox_term(s), ox_term(p), ox_term(o))  # type: ignore[arg-type]
                for s, p, o in self
            )
            self._size = len(self)
        substitutions: dict[ox.Variable, Any] = {
            ox.Variable(str(name)): ox_term(term) for name, term in bindings.items()
        }
        answer = self._store.query(text, substitutions=substitutions)
        if isinstance(answer, ox.QueryBoolean):
            result = Result("ASK")
            result.askAnswer = bool(answer)
            return result
        if not isinstance(answer, ox.QuerySolutions):
            return super().query(_prepared(text), initBindings=bindings)
        names = [Variable(v.value) for v in answer.variables]
        result = Result("SELECT")
        result.vars = names
        result.bindings = [
            {name: _rdflib_term(row[k]) for k, name in enumerate(names) if row[k] is not None}
            for row in answer
        ]
        return result


@lru_cache(maxsize=256)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _rdflib_term(term: Any) -> Any:
    """A pyoxigraph term as rdflib writes it (a plain literal has no datatype)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))


def _working_copy(data: Graph, ontology: Graph | None) -> Graph:
    """Data (and ontology) in a fresh query-caching graph that pyshacl may use in place."""
    working = _PreparedQueryGraph()
    for source in (_plain(data), ontology):
        if source is not None:
            for triple in source:
                working.add(triple)
    return working


def validate_graph(
    data: Graph,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    *,
    by_document: bool = True,
) -> ValidationReport:
    """Validate ``data`` against ``shapes`` (default: the shipped shapes).

    ``ontology`` supplies subclass axioms for ``sh:class``; by default the shipped ontology,
    unless ``data`` already declares it. A corpus is validated document by document (see
    :func:`document_parts`): every shape checks one document, and rdflib's engine, which
    pyshacl uses, scans the whole graph per document for a SPARQL constraint, so validating
    the corpus at once grows with the square of its size. ``by_document=False`` validates
    ``data`` as one part (a build's shared part: vocabularies and provenance, which names
    every document's text but holds none of their data).
    """
    graph = _plain(data)
    shapes_graph = shapes if shapes is not None else load_shapes()
    if ontology is None and (ONTOLOGY_IRI, RDF.type, OWL.Ontology) not in graph:
        ontology = load_ontology()
    results: dict[ValidationResult, None] = {}  # shared nodes are checked in every part: once
    parts = document_parts(graph) if by_document else [(None, graph)]
    for document, part in parts:
        for result in _validate_part(part, shapes_graph, ontology):
            if document is None or _document_key(_focus_iri(result)) in (None, document):
                results.setdefault(result)  # a visitor from another document is checked there
    conforms = not any(r.severity == "Violation" for r in results)
    return ValidationReport(conforms=conforms, results=tuple(results))


def _focus_iri(result: ValidationResult) -> Node:
    focus = result.focus_node
    return URIRef(focus[1:-1]) if focus.startswith("<") else BNode()


def validate_part(*sources: Iterable[tuple[Node, Node, Node]]) -> ValidationReport:
    """One part validated as it is: a document's data with the vocabularies and ontology it
    is checked against (the ``sources`` must hold the ontology). The triples go once into the
    graph pyshacl works on, without the document split and the copies of :func:`validate_graph`
    (three more passes over every triple of the part, for each document of a corpus build)."""
    working = _PreparedQueryGraph()
    for source in sources:
        for triple in source:
            working.add(triple)
    results = tuple(dict.fromkeys(_run(working, load_shapes())))
    conforms = not any(r.severity == "Violation" for r in results)
    return ValidationReport(conforms=conforms, results=results)


def _validate_part(
    part: Graph, shapes_graph: Graph, ontology: Graph | None
) -> tuple[ValidationResult, ...]:
    return _run(_working_copy(part, ontology), shapes_graph)


def _run(working: Graph, shapes_graph: Graph) -> tuple[ValidationResult, ...]:
    """pyshacl over ``working``, which it may change (``inplace``)."""
    try:
        _, results_graph, _ = pyshacl.validate(
            working,
            shacl_graph=shapes_graph,
            inference="none",
            inplace=True,  # the working copy is ours to use
            abort_on_first=False,
            allow_warnings=True,
            allow_infos=True,
        )
    except Exception as exc:  # pyshacl raises its own ReportableRuntimeError and others
        raise BuildError(f"SHACL validation could not run: {exc}") from exc
    return _results(results_graph, shapes_graph)


def document_parts(graph: Graph) -> list[tuple[str | None, Graph]]:
    """``graph`` cut into one graph per document, each with its document's key
    (``…/id/doc/{slug}``): the triples about the document's own resources, everything shared
    (ontology, vocabularies, actors, provenance), and the description of any resource of
    another document it points to (checked in its own part; here only as a value). A graph
    without two documents is one part, with the key None."""
    own: dict[str, Graph] = {}
    shared = Graph()
    for triple in graph:
        key = _document_key(triple[0])
        (own.setdefault(key, Graph()) if key else shared).add(triple)
    if len(own) < 2:
        return [(None, graph)]
    parts: list[tuple[str | None, Graph]] = []
    for key, triples in own.items():
        part = shared + triples
        for value in set(triples.objects()):
            other = _document_key(value)
            if other and other != key and other in own:
                for triple in own[other].triples((value, None, None)):
                    part.add(triple)
        parts.append((key, part))
    return parts


def _document_key(node: Node) -> str | None:
    """``…/id/doc/{slug}`` for a resource of a document, else None."""
    if not isinstance(node, URIRef):
        return None
    head, found, rest = str(node).partition(DOCUMENT_PATH)
    return head + found + rest.split("/", 1)[0] if found and rest else None


def _n3(node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, BNode):
        return "[]"
    if isinstance(node, Literal):
        text = str(node)
        return repr(text if len(text) <= 80 else text[:77] + "...")
    return node.n3()


def _node_shape(shape: Node, shapes: Graph) -> Node:
    """The named NodeShape a (blank) property shape belongs to."""
    if not isinstance(shape, BNode):
        return shape
    owner = shapes.value(predicate=SH.property, object=shape)
    return owner if owner is not None else shape


def _results(results_graph: Graph, shapes: Graph) -> tuple[ValidationResult, ...]:
    found = []
    for result in results_graph.subjects(RDF.type, SH.ValidationResult):

        def get(predicate: Node, result: Node = result) -> Node | None:
            return results_graph.value(result, predicate)

        severity = get(SH.resultSeverity)
        shape = get(SH.sourceShape)
        found.append(
            ValidationResult(
                focus_node=_n3(get(SH.focusNode)) or "",
                path=_n3(get(SH.resultPath)),
                value=_n3(get(SH.value)),
                message=str(get(SH.resultMessage) or "(no message)"),
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                source_shape=(_n3(_node_shape(shape, shapes)) or "") if shape else "",
            )
        )
    return tuple(sorted(found, key=lambda r: (r.severity, r.source_shape, r.focus_node)))


def format_report(report: ValidationReport) -> str:
    """The report as text: a verdict line, then one line per result (violations first)."""
    verdict = "conforms" if report.conforms else "does NOT conform"
    head = (
        f"Validation: {verdict} ({len(report.violations)} violations, "
        f"{len(report.warnings)} warnings)"
    )
    ordered = sorted(report.results, key=lambda r: r.severity != "Violation")
    return "\n".join([head, *(str(r) for r in ordered)])


def validate_file(path: Path) -> ValidationReport:
    """Validate an RDF file (format by suffix), or a build directory's dataset."""
    return validate_graph(read_graph(path / DATASET_FILE if path.is_dir() else path))
