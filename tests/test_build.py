"""The builder: named graphs, their contents, the golden tiny document, determinism."""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

import pytest
from conftest import FIXED_BUILD_TIME
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from tiny_document import TRIG_FILE, check_offsets, tiny_document, tiny_extraction

from wsiskg.errors import BuildError
from wsiskg.extract import Extraction
from wsiskg.graph.context import Graphs
from wsiskg.graph.dataset import build_corpus, build_dataset, dataset_graphs
from wsiskg.graph.iris import GRAPH_NAMES, IriMinter
from wsiskg.namespaces import NIF, OWL, PRO, PROV, RDF, RDFS, SKOS, VOID, WSIS
from wsiskg.text.model import Document

BASE = "https://w3id.org/wsiskg/"
SEED = IriMinter(BASE, "tunis-draft", "eng", "2005")
ID = BASE + "id/"
GOLDEN_GRAPHS = (
    "structure",
    "spans",
    "statements",
    "assignments-explicit",
    "assignments-inherited",
)


@pytest.fixture(scope="module")
def seed(seed_dataset: Dataset) -> Graphs:
    return dataset_graphs(seed_dataset)


def _union(graphs: Graphs) -> Graph:
    union = Graph()
    for name in GRAPH_NAMES:
        for triple in graphs(name):
            union.add(triple)
    return union


# --- the golden tiny document ----------------------------------------------------------------


def test_tiny_model_offsets_are_right() -> None:
    assert check_offsets(tiny_document()) == []


def _readable_diff(expected: Graph, actual: Graph) -> str:
    _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"- {' '.join(t.n3() for t in triple)}" for triple in sorted(missing)]
    lines += [f"+ {' '.join(t.n3() for t in triple)}" for triple in sorted(extra)]
    return "\n".join(lines)


def _golden() -> Dataset:
    golden = Dataset()
    with warnings.catch_warnings():  # rdflib 7.6 warns about its own internals in TriG parsing
        warnings.simplefilter("ignore", DeprecationWarning)
        golden.parse(TRIG_FILE, format="trig")
    return golden


@pytest.mark.parametrize("name", GOLDEN_GRAPHS)
def test_tiny_document_matches_golden_graph(name: str) -> None:
    built = dataset_graphs(build_dataset(tiny_document(), tiny_extraction()))
    expected = _golden().graph(URIRef(BASE + "graph/" + name))
    actual = built(name)
    assert to_isomorphic(actual) == to_isomorphic(expected), (
        f"graph {name} differs from {TRIG_FILE.name} (- expected only, + built only):\n"
        + _readable_diff(expected, actual)
    )


def test_builds_are_deterministic() -> None:
    first = build_dataset(tiny_document(), tiny_extraction(), generated_at=FIXED_BUILD_TIME)
    second = build_dataset(tiny_document(), tiny_extraction(), generated_at=FIXED_BUILD_TIME)
    for name in GRAPH_NAMES:
        a, b = dataset_graphs(first)(name), dataset_graphs(second)(name)
        assert to_isomorphic(a) == to_isomorphic(b), name


# --- one test per named graph, on the seed ------------------------------------------------------


def test_structure_graph(seed: Graphs, seed_document: Document) -> None:
    structure = seed("structure")
    numbers = {str(n) for n in structure.objects(None, WSIS.number)}
    # the seed prints paragraphs 1-22 (Chapter One) and 40-49 (Chapter Four)
    expected = {str(n) for n in [*range(1, 23), *range(40, 50)]} | {"One", "Four"}
    assert numbers == expected
    assert (SEED.paragraph("18"), RDF.type, WSIS.Paragraph) in structure
    assert (SEED.paragraph("18"), WSIS.inChapter, SEED.chapter(1)) in structure
    assert (SEED.paragraph("45"), WSIS.inChapter, SEED.chapter(4)) in structure
    assert (SEED.item("7", "w"), RDF.type, WSIS.Item) in structure
    assert (SEED.continuation("41", 1), WSIS.followsItem, SEED.item("41", "a")) in structure
    assert (SEED.paragraph("13"), WSIS.whollyBracketed, Literal(True)) in structure
    assert (SEED.paragraph("12"), WSIS.whollyBracketed, Literal(False)) in structure
    gha, rus = SEED.proposal("gha"), SEED.proposal("rus")
    assert (gha, WSIS.proponent, URIRef(ID + "country/gha")) in structure
    assert (rus, WSIS.proponentName, Literal("Russian Federation")) in structure
    ehealth = SEED.row("gha", "C7", "E-health")
    assert (ehealth, WSIS.parentRow, SEED.row("gha", "C7")) in structure
    assert (ehealth, WSIS.actionLine, URIRef(ID + "action-line/C7/e-health")) in structure
    blank = URIRef(ID + "cell-status/blank")
    assert (SEED.cell("gha", "C7", "E-government"), WSIS.cellStatus, blank) in structure
    assert (SEED.cell("rus", "C7"), WSIS.cellStatus, blank) in structure
    none = URIRef(ID + "cell-status/none")
    assert (SEED.cell("gha", "C9"), WSIS.cellStatus, none) in structure


def test_spans_graph(seed: Graphs, seed_document: Document, seed_path: Path) -> None:
    spans = seed("spans")
    text = seed_path.read_text(encoding="utf-8")
    assert (SEED.text(), NIF.isString, Literal(text)) in spans
    digest = hashlib.sha256(seed_path.read_bytes()).hexdigest()
    assert (SEED.text(), WSIS.sha256, Literal(digest)) in spans
    # every span anchors exactly the text at its offsets
    for node in spans.subjects(NIF.referenceContext, SEED.text()):
        begin = spans.value(node, NIF.beginIndex).toPython()
        end = spans.value(node, NIF.endIndex).toPython()
        assert str(spans.value(node, NIF.anchorOf)) == text[begin:end], node
        assert str(node) == f"{SEED.text()}#char={begin},{end}"
    # paragraph 2's deadline bracket, nested directly in the wrapper around the draft
    start = text.index("[by 2007/2008/2009/2010]")
    bracket = SEED.span(start, start + len("[by 2007/2008/2009/2010]"))
    wrapper = SEED.span(text.index("[Chapter One"), text.rindex("]") + 1)
    assert (wrapper, RDF.type, WSIS.DocumentWrapperBracket) in spans
    assert (bracket, RDF.type, WSIS.BracketedSpan) in spans
    assert (bracket, WSIS.depth, Literal(1)) in spans
    assert (bracket, WSIS.nestedIn, wrapper) in spans
    assert (bracket, WSIS.inSubdivision, SEED.paragraph("2")) in spans
    # ... and the four years it leaves open
    group = next(spans.subjects(WSIS.bracket, bracket))
    options = {str(spans.value(o, WSIS.optionText)) for o in spans.objects(group, WSIS.option)}
    assert options == {"2007", "2008", "2009", "2010"}
    # "[lead role by]" stands inside "[—notably [lead role by] ITU, UNESCO and UNDP—]"
    inner = text.index("[lead role by]")
    outer = text.index("[—notably")
    nested = SEED.span(inner, inner + len("[lead role by]"))
    assert (nested, WSIS.depth, Literal(2)) in spans
    assert (nested, WSIS.nestedIn, SEED.span(outer, text.index("]should") + 1)) in spans


def test_statements_graph(seed: Graphs) -> None:
    statements = seed("statements")
    commitments = set(statements.subjects(RDF.type, WSIS.Commitment))
    assert commitments, "no commitments extracted"
    # paragraph 18: "we encourage governments ... to set up a national implementation framework"
    para18 = {c for c in commitments if (c, WSIS.statedIn, SEED.paragraph("18")) in statements}
    assert any(
        (c, WSIS.modality, URIRef(ID + "modality/encourage")) in statements
        and (c, WSIS.addressee, URIRef(ID + "actor/governments")) in statements
        and (c, WSIS.level, URIRef(ID + "level/national")) in statements
        for c in para18
    )
    # paragraph 15 names "the International Telecommunication Union (ITU)"
    itu = URIRef(ID + "org/itu")
    assert any(
        (m, WSIS.inSubdivision, SEED.paragraph("15")) in statements
        for m in statements.subjects(WSIS.refersTo, itu)
    )
    # paragraph 7: "to be achieved by 2015"
    assert (URIRef(ID + "time/2015"), RDF.type, URIRef("http://www.w3.org/2006/time#Instant")) in (
        statements
    )


def test_statements_graph_holds_element_levels(seed: Graphs, seed_path: Path) -> None:
    statements = seed("statements")
    text = seed_path.read_text(encoding="utf-8")
    heading = text.index("At the international level")
    source = SEED.span(heading, heading + len("At the international level"))
    for label in "abcdef":  # 20 a)-f) under "At the international level, […]:"
        item = SEED.item("20", label)
        assert set(statements.objects(item, WSIS.implementationLevel)) == {
            URIRef(ID + "level/international")
        }
        assert statements.value(item, WSIS.levelBasis) == URIRef(ID + "level-basis/heading")
        assert set(statements.objects(item, WSIS.levelSource)) == {source}
    # 17: "at national, regional and international levels"
    levels = set(statements.objects(SEED.paragraph("17"), WSIS.implementationLevel))
    assert levels == {
        URIRef(ID + f"level/{lv}") for lv in ("national", "regional", "international")
    }
    assert (SEED.paragraph("42"), WSIS.implementationLevel, None) not in statements
    # 20 c) "… should be [defined by the UN Secretary General] by July 2006 …": a provision
    provision = SEED.commitment("20", "c", 1)
    assert statements.value(provision, WSIS.modality) == URIRef(ID + "modality/should")
    assert statements.value(provision, WSIS.deadline) == URIRef(ID + "time/2006-07")


def _assignments(graph: Graph) -> set[tuple[str, str, str]]:
    """(proposal code, action line path, agency slug) of every assignment in a graph."""
    found = set()
    for node in graph.subjects(RDF.type, WSIS.CoordinationAssignment):
        proposal = str(graph.value(node, PRO.relatesToDocument)).rsplit("/", 1)[-1]
        line = str(graph.value(node, PRO.relatesToEntity)).split("/action-line/", 1)[1]
        agency = str(graph.value(node, PRO.isHeldBy)).rsplit("/", 1)[-1]
        found.add((proposal, line, agency))
    return found


def test_assignments_explicit_graph(seed: Graphs) -> None:
    explicit = _assignments(seed("assignments-explicit"))
    # counted in the annex tables: 34 bodies in Annex A, 38 in Annex B
    assert len(list(seed("assignments-explicit").subjects(RDF.type, None))) == 72
    ehealth = {(p, a) for p, line, a in explicit if line == "C7/e-health"}
    assert ehealth == {("rus", "who"), ("rus", "itu"), ("gha", "who")}
    assert ("gha", "C7", "itu") in explicit
    assert ("gha", "C7", "un-rcs") in explicit
    assert ("gha", "C7/e-environment", "un-habitat") in explicit  # "WHO/UNEP/UN-Habitat"
    assert not {a for a in explicit if a[1] == "C7/e-government" and a[0] == "gha"}
    basis = set(seed("assignments-explicit").objects(None, WSIS.basis))
    assert basis == {URIRef(ID + "basis/explicit")}


def test_assignments_inherited_graph(seed: Graphs) -> None:
    inherited = _assignments(seed("assignments-inherited"))
    assert inherited == {
        ("gha", "C7/e-government", "itu"),
        ("gha", "C7/e-government", "un-rcs"),
        ("gha", "C7/e-business", "itu"),
        ("gha", "C7/e-business", "un-rcs"),
    }


def test_actors_graph(seed: Graphs) -> None:
    actors = seed("actors")
    assert (URIRef(ID + "org/who"), RDF.type, WSIS.Agency) in actors
    assert (URIRef(ID + "org/un-rcs"), WSIS.acronym, Literal("UN RCs")) in actors


def test_schemes_graph(seed: Graphs) -> None:
    schemes = seed("schemes")
    c7 = URIRef(ID + "action-line/C7")
    assert (URIRef(ID + "action-line/C7/e-health"), SKOS.broader, c7) in schemes
    assert (c7, SKOS.notation, Literal("C7")) in schemes


def test_ontology_graph(seed: Graphs) -> None:
    ontology = seed("ontology")
    assert (URIRef(BASE + "ontology"), RDF.type, OWL.Ontology) in ontology
    assert (WSIS.CoordinationAssignment, RDF.type, OWL.Class) in ontology


def test_provenance_graph(seed: Graphs, seed_path: Path) -> None:
    provenance = seed("provenance")
    activity = next(provenance.subjects(RDF.type, PROV.Activity))
    assert (activity, PROV.used, SEED.text()) in provenance
    digest = hashlib.sha256(seed_path.read_bytes()).hexdigest()
    assert (SEED.text(), WSIS.sha256, Literal(digest)) not in provenance  # in spans only
    assert (seed.iris.graph("statements"), PROV.wasGeneratedBy, activity) in provenance
    agents = {str(provenance.value(a, RDFS.label)) for a in provenance.objects(activity, None)}
    assert any(label.startswith("rdflib ") for label in agents)


def test_dataset_description_counts_every_graph(seed: Graphs) -> None:
    provenance = seed("provenance")
    total = 0
    for name in GRAPH_NAMES:
        count = provenance.value(seed.iris.graph(name), VOID.triples)
        assert count is not None, name
        assert count.toPython() == len(seed(name)), name
        total += len(seed(name))
    assert provenance.value(seed.iris.dataset(), VOID.triples).toPython() == total


def test_inferred_graph_is_left_to_reasoning(seed: Graphs) -> None:
    assert len(seed("inferred")) == 0


# --- cross-graph properties ----------------------------------------------------------------


SERIES_CLASSES = {
    WSIS.Series, WSIS.Alignment, WSIS.BracketFate, WSIS.AssignmentChange,
    WSIS.ProposalSurvival, WSIS.LineSurvival,
}  # fmt: skip


def _defined_classes(ontology: Graph) -> set[URIRef]:
    return {c for c in ontology.subjects(OWL.equivalentClass, None) if isinstance(c, URIRef)}


def test_every_ontology_class_is_instantiated(seed: Graphs) -> None:
    """Each wsis class has an instance (directly or through a subclass) in the seed build.

    Defined classes (owl:equivalentClass) are asserted only by the reasoner: test_pipeline.
    The classes of drafts as versions need a series: test_versions_graph builds one.
    """
    ontology, union = seed("ontology"), _union(seed)
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(WSIS))}
    missing = []
    for cls in sorted(classes - _defined_classes(ontology) - SERIES_CLASSES):
        family = set(ontology.transitive_subjects(RDFS.subClassOf, cls))
        if not any(next(union.subjects(RDF.type, member), None) for member in family):
            missing.append(str(cls))
    assert missing == []


def test_every_extracted_node_links_to_its_span(seed: Graphs) -> None:
    union = _union(seed)
    anchored = (WSIS.span, PROV.wasDerivedFrom, NIF.beginIndex)
    kinds = (
        WSIS.Commitment,
        WSIS.CrossReference,
        WSIS.ActorMention,
        WSIS.CoordinationAssignment,
        WSIS.Paragraph,
        WSIS.Item,
        WSIS.AnnexRow,
        WSIS.AnnexCell,
        WSIS.AlternativeSet,
        WSIS.Alternative,
    )
    loose = [
        str(node)
        for kind in kinds
        for node in union.subjects(RDF.type, kind)
        if not any(union.value(node, p) is not None for p in anchored)
    ]
    assert loose == []


def test_base_iri_is_configurable() -> None:
    other = "http://example.org/kg/"
    dataset = build_dataset(tiny_document(), tiny_extraction(), other)
    graphs = dataset_graphs(dataset, other)
    data = {name: graphs(name) for name in GRAPH_NAMES}
    stray = [
        (name, str(term))
        for name, graph in data.items()
        for triple in graph
        for term in triple
        if str(term).startswith(ID)
    ]
    assert stray == []
    who = URIRef(other + "id/org/who")
    assert (who, RDF.type, WSIS.Agency) in data["actors"]
    assert next(data["assignments-explicit"].subjects(PRO.isHeldBy, who), None) is not None


def test_several_documents_share_one_dataset(
    seed_document: Document, seed_extraction: Extraction
) -> None:
    dataset = build_corpus([(seed_document, seed_extraction), (tiny_document(), tiny_extraction())])
    structure = dataset_graphs(dataset)("structure")
    versions = set(structure.subjects(RDF.type, WSIS.DocumentVersion))
    assert versions == {SEED.expression(), URIRef(ID + "doc/tiny/eng/ca54162505ae")}


def test_the_same_text_twice_is_refused() -> None:
    pair = (tiny_document(), tiny_extraction())
    with pytest.raises(BuildError, match="same document version"):
        build_corpus([pair, pair])
