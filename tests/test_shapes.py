"""Each SHACL shape catches its own deliberately broken fixture, and only that shape fires.

``tests/data/shapes/valid.ttl`` (with the shipped vocabularies) conforms with no result at
all; each other file there adds a few triples that break exactly one shape.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from wsiskg.check.shacl import ValidationReport, load_shapes, validate_graph
from wsiskg.graph.lexicon import load_ontology, load_vocabularies
from wsiskg.namespaces import RDF, SH

DATA = Path(__file__).parent / "data" / "shapes"
S = "<https://w3id.org/wsiskg/shapes#{}>"

# fixture file -> (shape expected to fire, its severity)
BROKEN = {
    "document": ("DocumentShape", "Violation"),
    "document-version": ("DocumentVersionShape", "Violation"),
    "source-text": ("SourceTextShape", "Violation"),
    "chapter": ("ChapterShape", "Violation"),
    "paragraph": ("ParagraphShape", "Violation"),
    "item": ("ItemShape", "Violation"),
    "item-placement": ("ItemPlacementShape", "Violation"),
    "continuation": ("ContinuationBlockShape", "Violation"),
    "text-span": ("TextSpanShape", "Violation"),
    "span-anchor": ("SpanOffsetsShape", "Violation"),
    "span-order": ("SpanOffsetsShape", "Violation"),
    "span-beyond": ("SpanOffsetsShape", "Violation"),
    "bracketed-span": ("BracketedSpanShape", "Violation"),
    "bracket-depth": ("BracketNestingShape", "Violation"),
    "bracket-parent": ("BracketNestingShape", "Violation"),
    "bracket-subdivision": ("BracketNestingShape", "Violation"),
    "wrapper": ("DocumentWrapperBracketShape", "Violation"),
    "alternative-set": ("AlternativeSetShape", "Violation"),
    "alternative-position": ("AlternativeOptionsShape", "Violation"),
    "alternative-outside": ("AlternativeOptionsShape", "Violation"),
    "alternative": ("AlternativeShape", "Violation"),
    "proposal": ("ProposalShape", "Violation"),
    "annex-row": ("AnnexRowShape", "Violation"),
    "annex-cell": ("AnnexCellShape", "Violation"),
    "cell-status": ("CellStatusConsistencyShape", "Violation"),
    "assignment": ("CoordinationAssignmentShape", "Violation"),
    "assignment-basis": ("AssignmentBasisShape", "Violation"),
    "commitment": ("CommitmentShape", "Violation"),
    "commitment-bracketed": ("BracketedCommitmentShape", "Violation"),
    "date-mention": ("DateMentionShape", "Violation"),
    "element-level": ("ElementLevelShape", "Violation"),
    "element-level-subject": ("ElementLevelShape", "Violation"),
    "commitment-unresolved": ("CommitmentWarningShape", "Warning"),
    "commitment-directive": ("CommitmentWarningShape", "Warning"),
    "actor-mention": ("ActorMentionShape", "Violation"),
    "unresolved-mention": ("UnresolvedMentionWarningShape", "Warning"),
    "cross-reference": ("CrossReferenceShape", "Violation"),
    "actor": ("ActorShape", "Violation"),
    "agency": ("AgencyShape", "Violation"),
    "minted": ("MintedFromTextWarningShape", "Warning"),
    "concept": ("ConceptShape", "Violation"),
    "action-line": ("ActionLineShape", "Violation"),
    "plan-section": ("PlanSectionShape", "Violation"),
    "modality": ("ModalityShape", "Violation"),
    "referenced-work": ("ReferencedWorkShape", "Violation"),
    "series": ("SeriesShape", "Violation"),
    "series-version": ("SeriesVersionShape", "Violation"),
    "alignment": ("AlignmentShape", "Violation"),
    "bracket-fate": ("BracketFateShape", "Violation"),
    "assignment-change": ("AssignmentChangeShape", "Violation"),
    "proposal-survival": ("ProposalSurvivalShape", "Violation"),
}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def valid() -> Graph:
    return Graph().parse(DATA / "valid.ttl") + load_vocabularies()


def check(data: Graph, shapes: Graph, ontology: Graph) -> ValidationReport:
    return validate_graph(data, shapes=shapes, ontology=ontology)


def test_valid_fixture_conforms_without_any_result(
    valid: Graph, shapes: Graph, ontology: Graph
) -> None:
    report = check(valid, shapes, ontology)
    assert report.conforms, report.text
    assert report.results == (), report.text


def test_every_fixture_file_is_listed() -> None:
    files = {path.stem for path in DATA.glob("*.ttl")} - {"valid"}
    assert files == set(BROKEN)


def test_every_node_shape_has_a_broken_fixture(shapes: Graph) -> None:
    named = {S.format(str(s).rsplit("#", 1)[-1]) for s in shapes.subjects(RDF.type, SH.NodeShape)}
    assert named == {S.format(shape) for shape, _ in BROKEN.values()}


@pytest.mark.slow
@pytest.mark.parametrize(("name", "expected"), sorted(BROKEN.items()))
def test_broken_fixture_is_caught_by_its_shape(
    name: str, expected: tuple[str, str], valid: Graph, shapes: Graph, ontology: Graph
) -> None:
    shape, severity = expected
    report = check(valid + Graph().parse(DATA / f"{name}.ttl"), shapes, ontology)
    assert {r.source_shape for r in report.results} == {S.format(shape)}, report.text
    assert {r.severity for r in report.results} == {severity}
    assert report.conforms is (severity == "Warning")
    assert all(r.message and r.message != "(no message)" for r in report.results)


def test_every_constraint_carries_a_message(shapes: Graph) -> None:
    constraints = set(shapes.objects(None, SH.property)) | set(shapes.objects(None, SH.sparql))
    assert constraints
    missing = [c for c in constraints if (c, SH.message, None) not in shapes]
    assert missing == []


def test_anchor_violation_names_the_span(valid: Graph, shapes: Graph, ontology: Graph) -> None:
    report = check(valid + Graph().parse(DATA / "span-anchor.ttl"), shapes, ontology)
    (result,) = report.violations
    assert result.value == "<https://w3id.org/wsiskg/id/doc/test/eng/1/txt#char=1,8>"
    assert "SUBSTR" in result.message
