"""Derived graphs: the rules that add what the text implies but does not print.

One rule so far, ``queries/rules/inherited_assignments.rq``: a blank C7 sub-line cell inherits
its parent line's bodies. It is a SPARQL CONSTRUCT (readable and runnable in any engine) rather
than Python, and its output goes into its own named graph, ``assignments-inherited``, so a
query can always tell an inherited assignment from one the text states.
"""

from __future__ import annotations

from functools import cache

from rdflib import Graph, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from wsiskg.build_context import Graphs
from wsiskg.errors import BuildError
from wsiskg.resources import data_path

RULE_FILES = {"inherited-assignments": "inherited_assignments.rq"}


@cache
def _rule(name: str) -> Query:
    path = data_path("queries") / "rules" / RULE_FILES[name]
    try:
        return prepareQuery(path.read_text(encoding="utf-8"))
    except Exception as exc:  # rdflib raises pyparsing errors of several kinds
        raise BuildError(f"{path}: rule {name!r} is not valid SPARQL: {exc}") from exc


def inherited_assignments(structure: Graph, explicit: Graph, base: Graphs) -> Graph:
    """The assignments blank sub-line cells inherit, as a new graph (inputs untouched)."""
    data = Graph()
    for source in (structure, explicit):
        for triple in source:
            data.add(triple)
    iris = base.iris
    bindings: dict[str, URIRef] = {
        "blankStatus": iris.cell_status("blank"),
        "explicitBasis": iris.basis("explicit"),
        "inheritedBasis": iris.basis("inherited"),
    }
    result = data.query(_rule("inherited-assignments"), initBindings=bindings)
    derived = Graph()
    for row in result:
        if isinstance(row, tuple) and len(row) == 3:  # CONSTRUCT results are triples
            derived.add(row)
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
