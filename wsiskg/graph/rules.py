"""Derived graphs: the rules that add what the text implies but does not print.

One rule so far, ``queries/rules/inherited_assignments.rq``: a blank C7 sub-line cell inherits
its parent line's bodies. It is a SPARQL CONSTRUCT (readable and runnable in any engine) rather
than Python, and its output goes into its own named graph, ``assignments-inherited``, so a
query can always tell an inherited assignment from one the text states.
"""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox
from rdflib import Graph

from wsiskg.errors import BuildError
from wsiskg.graph.context import Graphs
from wsiskg.resources import data_path
from wsiskg.sparql import with_values

RULE_FILES = {"inherited-assignments": "inherited_assignments.rq"}


@cache
def _rule_text(name: str) -> str:
    path = data_path("queries") / "rules" / RULE_FILES[name]
    text = path.read_text(encoding="utf-8")
    try:
        ox.Store().query(text)  # parse once, so a broken rule fails with its file name
    except SyntaxError as exc:
        raise BuildError(f"{path}: rule {name!r} is not valid SPARQL: {exc}") from exc
    return text


def inherited_assignments(structure: Graph, explicit: Graph, base: Graphs) -> Graph:
    """The assignments blank sub-line cells inherit, as a new graph (inputs untouched).

    Evaluated by pyoxigraph: rdflib's engine made this join grow faster than the corpus.
    """
    store = ox.Store()
    for source in (structure, explicit):
        data = source.serialize(format="nt", encoding="utf-8")
        store.load(data, format=ox.RdfFormat.N_TRIPLES)
    iris = base.iris
    bindings = {
        "blankStatus": ox.NamedNode(str(iris.cell_status("blank"))),
        "explicitBasis": ox.NamedNode(str(iris.basis("explicit"))),
        "inheritedBasis": ox.NamedNode(str(iris.basis("inherited"))),
    }
    triples = store.query(with_values(_rule_text("inherited-assignments"), bindings))
    if not isinstance(triples, ox.QueryTriples):
        raise BuildError("the inherited-assignments rule must be a CONSTRUCT query")
    derived = Graph()
    derived.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return derived


def apply_rules(graphs: Graphs) -> int:
    """Recompute ``assignments-inherited`` from the other graphs; returns its triple count.

    Idempotent: the graph is cleared first, so running the rules twice changes nothing.
    """
    target = graphs("assignments-inherited")
    target.remove((None, None, None))
    derived = inherited_assignments(graphs("structure"), graphs("assignments-explicit"), graphs)
    for triple in derived:
        target.add(triple)
    return len(target)
