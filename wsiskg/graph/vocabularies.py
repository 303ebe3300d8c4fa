"""The ``ontology``, ``actors`` and ``schemes`` graphs: the shipped Turtle, rebased.

The vocabulary files are written with the default base IRI (decision 0002); a build with
another ``base_iri`` rewrites their data IRIs (``{default}id/…``) so that the document's
links to action lines, agencies and concepts still meet their definitions. The ontology
namespace itself is fixed and never rewritten.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node

from wsiskg.config import DEFAULT_BASE_IRI
from wsiskg.errors import BuildError
from wsiskg.graph.context import Graphs
from wsiskg.graph.lexicon import ONTOLOGY_FILE, VOCABULARY_FILES
from wsiskg.resources import data_path

ACTOR_FILES = ("actors.ttl",)


def vocabulary_files() -> dict[str, tuple[str, ...]]:
    """Named graph -> the ``ontology/`` files that fill it (file lists owned by :mod:`vocab`).

    ``references.ttl`` (works the text refers to) goes with the SKOS schemes: it is a
    controlled vocabulary, not a set of actors.
    """
    schemes = tuple(name for name in VOCABULARY_FILES if name not in ACTOR_FILES)
    return {"ontology": (ONTOLOGY_FILE,), "actors": ACTOR_FILES, "schemes": schemes}


def add_vocabularies(graphs: Graphs) -> None:
    """Load every vocabulary file into its named graph, rebased to the dataset's base IRI."""
    folder = data_path("ontology")
    for name, files in vocabulary_files().items():
        target = graphs(name)
        for file_name in files:
            for triple in _parse(folder / file_name):
                target.add(_rebase_triple(triple, graphs.iris.base))


def _parse(path: Path) -> Graph:
    if not path.is_file():
        raise BuildError(f"{path}: vocabulary file missing")
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises parser-specific errors
        raise BuildError(f"{path}: not valid Turtle: {exc}") from exc
    return graph


def _rebase_triple(triple: tuple[Node, Node, Node], base: str) -> tuple[Node, Node, Node]:
    subject, predicate, obj = triple
    return (_rebase(subject, base), predicate, _rebase(obj, base))


def _rebase(node: Node, base: str) -> Node:
    old = DEFAULT_BASE_IRI + "id/"
    if base == DEFAULT_BASE_IRI or not isinstance(node, URIRef) or not node.startswith(old):
        return node
    return URIRef(base + "id/" + node[len(old) :])
