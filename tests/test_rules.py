"""The inherited-assignment rule (queries/rules/inherited_assignments.rq)."""

from __future__ import annotations

import dataclasses

import pytest
from rdflib import Dataset, URIRef
from tiny_document import tiny_document, tiny_extraction

from wsiskg.graph.context import Graphs
from wsiskg.graph.dataset import build_dataset, dataset_graphs
from wsiskg.graph.iris import IriMinter
from wsiskg.graph.rules import apply_rules
from wsiskg.namespaces import PRO, PROV, RDF, WSIS
from wsiskg.resources import data_path
from wsiskg.text.model import CellStatus, Document

BASE = "https://w3id.org/wsiskg/"
SEED = IriMinter(BASE, "tunis-draft", "eng", "2005")
INHERITED = URIRef(BASE + "id/basis/inherited")


@pytest.fixture(scope="module")
def seed(seed_dataset: Dataset) -> Graphs:
    return dataset_graphs(seed_dataset)


def _inherited(line: str, agency: str) -> URIRef:
    return SEED.assignment("gha", "C7", line, agency, "coordinator")


def test_ghana_blank_sub_lines_inherit_c7_bodies(seed: Graphs) -> None:
    """Annex B: E-government and E-business are blank under C7 "ITU +UN RCs"."""
    graph = seed("assignments-inherited")
    nodes = set(graph.subjects(RDF.type, WSIS.CoordinationAssignment))
    expected = {
        _inherited(line, agency)
        for line in ("E-government", "E-business")
        for agency in ("itu", "un-rcs")
    }
    assert nodes == expected


@pytest.mark.parametrize("agency", ["itu", "un-rcs"])
def test_inherited_assignment_says_where_it_comes_from(
    seed: Graphs, seed_document: Document, agency: str
) -> None:
    graph = seed("assignments-inherited")
    node = _inherited("E-government", agency)
    parent = SEED.assignment("gha", "C7", None, agency, "coordinator")
    blank = seed_document.proposal("B").row("C7", "E-government").cell.span
    assert (node, WSIS.basis, INHERITED) in graph
    assert (node, WSIS.inheritedFrom, parent) in graph
    assert (node, PROV.wasDerivedFrom, SEED.span(blank.start, blank.end)) in graph
    assert (node, PRO.isHeldBy, URIRef(BASE + "id/org/" + agency)) in graph
    assert (node, PRO.withRole, URIRef(BASE + "id/role/coordinator")) in graph
    assert (node, PRO.relatesToEntity, URIRef(BASE + "id/action-line/C7/e-government")) in graph
    assert (node, PRO.relatesToDocument, SEED.proposal("gha")) in graph
    # the parent it points at is an explicit assignment
    assert (parent, RDF.type, WSIS.CoordinationAssignment) in seed("assignments-explicit")


def test_nothing_is_inherited_in_annex_a(seed: Graphs) -> None:
    """Annex A prints no cell for C7 itself: there is nothing to inherit."""
    graph = seed("assignments-inherited")
    assert not set(graph.subjects(PRO.relatesToDocument, SEED.proposal("rus")))


def test_inherited_and_explicit_are_never_mixed(seed: Graphs) -> None:
    explicit, inherited = seed("assignments-explicit"), seed("assignments-inherited")
    assert (None, WSIS.basis, INHERITED) not in explicit
    assert (None, WSIS.inheritedFrom, None) not in explicit
    assert not set(explicit.subjects()) & set(inherited.subjects())


def test_rules_are_idempotent() -> None:
    graphs = dataset_graphs(build_dataset(tiny_document(), tiny_extraction()))
    before = set(graphs("assignments-inherited"))
    assert apply_rules(graphs) == len(before)
    assert set(graphs("assignments-inherited")) == before


def test_a_parent_without_bodies_passes_nothing_on() -> None:
    """A "-" parent cell gives no explicit assignment, so its blank sub-lines inherit nothing."""
    document = tiny_document()
    proposal = document.proposals[0]
    parent = proposal.rows[0]
    dash = dataclasses.replace(parent.cell, text="-", status=CellStatus.NONE, bodies=())
    rows = (dataclasses.replace(parent, cell=dash), *proposal.rows[1:])
    document = dataclasses.replace(document, proposals=(dataclasses.replace(proposal, rows=rows),))
    extraction = tiny_extraction()
    extraction = dataclasses.replace(
        extraction, assignments=tuple(a for a in extraction.assignments if a.subline)
    )
    graphs = dataset_graphs(build_dataset(document, extraction))
    assert len(graphs("assignments-inherited")) == 0


def test_rule_file_states_its_question() -> None:
    text = (data_path("queries") / "rules" / "inherited_assignments.rq").read_text("utf-8")
    assert text.startswith("# Rule: which coordination assignments")
    assert "CONSTRUCT" in text
