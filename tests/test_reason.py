"""HermiT reasoning: inferred triples, inconsistency errors, the Java-less path, time bounds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from wsiskg.check import reason
from wsiskg.check.reason import (
    disjointness_clashes,
    dl_subset,
    hermit_ontology,
    infer,
    reason_graph,
    start_reasoning,
)
from wsiskg.errors import ReasoningError
from wsiskg.graph.lexicon import load_ontology
from wsiskg.namespaces import DCTERMS, ONTOLOGY_IRI, OWL, RDF, TIME, WSIS, XSD

DATA = Path(__file__).parent / "data" / "reason"
ID = "https://w3id.org/wsiskg/id/"
GHA = ID + "doc/t/annex-proposal/gha/assignment/"

# In CI Java is installed and these tests must run: they skip only outside CI without Java.
needs_java = pytest.mark.skipif(
    shutil.which("java") is None and not os.environ.get("CI"),
    reason="no Java runtime here (CI always has one)",
)


def fixture(name: str) -> Graph:
    return Graph().parse(DATA / name)


@pytest.mark.java
@pytest.mark.slow
@needs_java
def test_consistent_data_gives_inferred_triples() -> None:
    result = reason_graph(fixture("consistent.ttl"), timeout=120)
    assert result.reasoned
    assert result.consistent is True
    assert result.unsatisfiable == ()
    inferred = result.inferred
    # defined classes filled by classification
    assert (
        URIRef(GHA + "C7/e-government/itu/coordinator"),
        RDF.type,
        WSIS.InheritedAssignment,
    ) in inferred
    item_commitment = URIRef(ID + "doc/t/eng/1/commitment/para_7__item_a/1")
    assert (item_commitment, RDF.type, WSIS.ContinuedCommitment) in inferred
    # the explicit assignments are not inherited, the chapeau commitment continues nothing
    assert (URIRef(GHA + "C7/itu/coordinator"), RDF.type, WSIS.InheritedAssignment) not in inferred
    # property values through the chain pro:holdsRoleInTime o pro:relatesToEntity
    assert set(inferred.objects(URIRef(ID + "org/itu"), WSIS.proposedFor)) == {
        URIRef(ID + "action-line/C7"),
        URIRef(ID + "action-line/C7/e-government"),
    }
    assert set(inferred.objects(URIRef(ID + "org/who"), WSIS.proposedFor)) == {
        URIRef(ID + "action-line/C7/e-health")
    }
    assert (None, RDF.type, OWL.Thing) not in inferred
    assert not any(triple in fixture("consistent.ttl") for triple in inferred)


@pytest.mark.java
@pytest.mark.slow
@needs_java
@pytest.mark.parametrize(
    ("name", "culprit"),
    [("inconsistent.ttl", "para_1"), ("inconsistent-range.ttl", "para_2")],
)
def test_inconsistent_data_raises_with_the_clash(name: str, culprit: str) -> None:
    with pytest.raises(ReasoningError, match="inconsistent") as caught:
        reason_graph(fixture(name), timeout=120)
    message = str(caught.value)
    assert f"{ID}doc/t/eng/1/{culprit} is both" in message
    assert "ontology#Paragraph" in message
    assert "ontology#TextSpan" in message


@pytest.mark.java
@needs_java
def test_time_bound_stops_hermit() -> None:
    with pytest.raises(ReasoningError, match="did not finish within"):
        reason_graph(fixture("consistent.ttl"), timeout=0.05)


@pytest.mark.java
@needs_java
def test_leaving_a_running_reasoner_kills_hermit_and_removes_its_files() -> None:
    """What a build does when SHACL fails while HermiT is still working."""
    running = start_reasoning(fixture("consistent.ttl"), timeout=120)
    process, child = running._process, running._child
    assert process is not None
    assert child is not None
    assert process.poll() is None  # still starting the JVM
    with pytest.raises(RuntimeError, match="SHACL failed"), running:
        raise RuntimeError("SHACL failed")
    assert process.poll() is not None
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # nothing of its process group (the JVM) is left
    assert not Path(child.folder.name).exists()


@pytest.mark.java
@needs_java
def test_the_jvm_options_come_first_so_the_users_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JDK_JAVA_OPTIONS", "-XX:TieredStopAtLevel=4")
    assert reason._java_environment()["JDK_JAVA_OPTIONS"] == (
        "-XX:TieredStopAtLevel=1 -XX:TieredStopAtLevel=4"
    )
    monkeypatch.delenv("JDK_JAVA_OPTIONS")
    assert reason._java_environment()["JDK_JAVA_OPTIONS"] == "-XX:TieredStopAtLevel=1"


def test_without_java_nothing_is_inferred(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reason, "find_java", lambda: None)
    result = reason_graph(fixture("inconsistent.ttl"))
    assert result.reasoned is False
    assert result.consistent is None
    assert "Java" in result.note
    assert len(result.inferred) == 0
    assert len(infer(fixture("consistent.ttl"))) == 0


def test_dl_subset_keeps_declared_terms_and_owl2_literals() -> None:
    data = fixture("consistent.ttl")
    subset = dl_subset(data, load_ontology())
    instant = URIRef(ID + "time/2015")
    assert (instant, RDF.type, TIME.Instant) in subset
    assert (None, TIME.inXSDgYear, None) not in subset  # xsd:gYear is not an OWL 2 datatype
    assert (None, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), None) not in subset
    commitment = URIRef(ID + "doc/t/eng/1/commitment/para_7/1")
    assert (commitment, WSIS.actionText, Literal("to act")) in subset
    assert (commitment, WSIS.deadline, instant) in subset


def test_hermit_ontology_drops_dates() -> None:
    ontology = load_ontology()
    created = ontology.value(ONTOLOGY_IRI, DCTERMS.created)
    assert isinstance(created, Literal)
    assert created.datatype == XSD.date
    assert (None, DCTERMS.created, None) not in hermit_ontology(ontology)
    assert (WSIS.Paragraph, RDF.type, OWL.Class) in hermit_ontology(ontology)


def test_clashes_name_individual_and_classes() -> None:
    ontology = load_ontology()
    assert disjointness_clashes(fixture("consistent.ttl"), ontology) == []
    (clash,) = disjointness_clashes(fixture("inconsistent-range.ttl"), ontology)
    assert clash.startswith(f"{ID}doc/t/eng/1/para_2 is both")


# --- reasoning in pieces equals one whole-corpus run ----------------------------------------


def _whole_and_pieces(paths: list[Path], tmp_path: Path) -> tuple[Graph, Graph]:
    """The ``inferred`` graph of one HermiT run over the whole corpus (the old build), and of a
    corpus build that reasons each document as its own piece (pieces of 1 DL triple)."""
    from datetime import UTC, datetime

    from tests.test_corpus_build import graphs_of
    from wsiskg.extract import extract
    from wsiskg.graph.dataset import build_corpus, dataset_graphs
    from wsiskg.graph.lexicon import load_lexicon
    from wsiskg.pipeline import run as pipeline
    from wsiskg.pipeline.corpus import BuildOptions
    from wsiskg.text.parse import parse_file

    moment = datetime(2005, 11, 18, tzinfo=UTC)
    lexicon = load_lexicon()
    pairs = [(doc, extract(doc, lexicon)) for doc in map(parse_file, paths)]
    graphs = dataset_graphs(build_corpus(pairs, generated_at=moment))
    whole = reason_graph(pipeline.data_graph(graphs)).inferred
    options = BuildOptions(workers=2, validate=False, piece_triples=1, cache_dir=tmp_path / "cache")
    summary = pipeline.build(paths, tmp_path / "build", generated_at=moment, options=options)
    assert f"; {len(paths)} piece(s)," in summary.reasoning_note  # each document (+ provenance)
    return whole, graphs_of(tmp_path / "build" / pipeline.DATASET_NQ)["inferred"]


@needs_java
@pytest.mark.java
@pytest.mark.slow
def test_reasoning_in_pieces_equals_a_whole_corpus_run(seed_path: Path, tmp_path: Path) -> None:
    from rdflib.compare import graph_diff, isomorphic

    from bench.generate import write_corpus

    corpora = {"seed": [seed_path], "2x": write_corpus(tmp_path / "2x", 2, seed=0)}
    for name, paths in corpora.items():
        whole, pieces = _whole_and_pieces(paths, tmp_path / name)
        assert len(whole) > 50, name
        if not isomorphic(whole, pieces):
            _, only_whole, only_pieces = graph_diff(whole, pieces)
            pytest.fail(
                f"{name}: whole only {sorted(only_whole)[:3]}, pieces only {sorted(only_pieces)[:3]}"
            )
