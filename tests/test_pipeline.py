"""The whole build: files written, summary, coordinators.rq answers, atomicity and the lock."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import Result
from kg_support import BUILD_FILES
from typer.testing import CliRunner

from wsiskg.cli import EXIT_ERROR, EXIT_NONCONFORMING, app
from wsiskg.errors import BuildError, ValidationError
from wsiskg.graph.iris import GRAPH_NAMES
from wsiskg.pipeline import corpus
from wsiskg.pipeline import run as pipeline
from wsiskg.pipeline.corpus import BuildOptions
from wsiskg.resources import data_path

BASE = "https://w3id.org/wsiskg/"
WSIS = "https://w3id.org/wsiskg/ontology#"
COLUMNS = [
    "proposal",
    "proposalLabel",
    "actionLine",
    "actionLineCode",
    "actionLineLabel",
    "agency",
    "agencyLabel",
    "role",
    "basis",
]


@pytest.fixture(scope="module")
def store(seed_build_dir: Path) -> ox.Store:
    loaded = ox.Store()
    loaded.bulk_load(path=seed_build_dir / pipeline.DATASET_NQ, format=ox.RdfFormat.N_QUADS)
    return loaded


@pytest.fixture(scope="module")
def coordinators(store: ox.Store) -> list[dict[str, str | None]]:
    """Rows of queries/coordinators.rq over the built dataset (union default graph); a cell
    that names nobody gives a row without agency, role or agency label."""
    query = (data_path("queries") / "coordinators.rq").read_text(encoding="utf-8")
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    assert [v.value for v in solutions.variables] == COLUMNS
    return [
        {name: term.value if (term := solution[name]) is not None else None for name in COLUMNS}
        for solution in solutions
    ]


def _summary(out: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((out / pipeline.SUMMARY_JSON).read_text(encoding="utf-8"))


# --- the full build of the seed ------------------------------------------------------------


def test_build_writes_its_files_and_nothing_else(seed_build_dir: Path) -> None:
    names = {p.name for p in seed_build_dir.iterdir()}
    assert names == BUILD_FILES
    leftovers = [p.name for p in seed_build_dir.parent.iterdir() if ".new-" in p.name]
    assert leftovers == []


def test_summary_matches_the_dataset(seed_build_dir: Path, seed_path: Path) -> None:
    summary = _summary(seed_build_dir)
    counts: dict[str, int] = defaultdict(int)
    for quad in ox.parse(path=seed_build_dir / pipeline.DATASET_NQ, format=ox.RdfFormat.N_QUADS):
        counts[quad.graph_name.value.removeprefix(BASE + "graph/")] += 1
    assert {name: counts.get(name, 0) for name in GRAPH_NAMES} == summary["graphs"]
    assert summary["conforms"] is True
    assert summary["explicit_assignments"] == 72  # 34 bodies in Annex A, 38 in Annex B
    assert summary["inherited_assignments"] == 4  # Ghana: e-government, e-business x ITU, UN RCs
    (document,) = summary["documents"]
    assert document["paragraphs"] == 32  # 1-22 and 40-49
    digest = hashlib.sha256(seed_path.read_bytes()).hexdigest()
    assert summary["inputs_sha256"] == {str(seed_path): digest}


def test_trig_and_nquads_hold_the_same_triples(seed_build_dir: Path) -> None:
    def named(quads: object) -> set[ox.Quad]:
        return {
            q
            for q in quads  # type: ignore[attr-defined]
            if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
        }

    nq = list(ox.parse(path=seed_build_dir / "dataset.nq", format=ox.RdfFormat.N_QUADS))
    trig = list(ox.parse(path=seed_build_dir / "dataset.trig", format=ox.RdfFormat.TRIG))
    assert len(nq) == len(trig)
    assert named(nq) == named(trig)


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs a Java runtime")
def test_reasoning_fills_the_inferred_graph(seed_build_dir: Path, store: ox.Store) -> None:
    assert _summary(seed_build_dir)["reasoned"] is True
    query = f"""SELECT ?a WHERE {{ GRAPH <{BASE}graph/inferred> {{
        ?a a <{WSIS}InheritedAssignment> }} }}"""
    inherited = {s["a"].value for s in store.query(query)}  # type: ignore[union-attr]
    assert len(inherited) == 4
    assert all("/annex-proposal/gha/assignment/C7/e-" in iri for iri in inherited)


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs a Java runtime")
def test_every_defined_class_is_inferred(store: ox.Store) -> None:
    """Classes defined by owl:equivalentClass get their instances from HermiT only."""
    query = f"""SELECT ?class (COUNT(?x) AS ?n) WHERE {{
        GRAPH <{BASE}graph/ontology> {{ ?class <http://www.w3.org/2002/07/owl#equivalentClass> ?d
            FILTER(STRSTARTS(STR(?class), "{WSIS}")) }}
        OPTIONAL {{ GRAPH <{BASE}graph/inferred> {{ ?x a ?class }} }}
    }} GROUP BY ?class"""
    counts = {s["class"].value: int(s["n"].value) for s in store.query(query)}  # type: ignore[union-attr]
    assert counts
    assert {c: n for c, n in counts.items() if n == 0} == {}


# --- queries/coordinators.rq -----------------------------------------------------------------


def test_coordinators_query_states_question_and_columns() -> None:
    lines = (data_path("queries") / "coordinators.rq").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Which bodies")
    assert lines[1].split()[2:] == [f"?{c}" for c in COLUMNS]


def test_e_health_coordinators_per_proposal(coordinators: list[dict[str, str | None]]) -> None:
    found: dict[str, set[str]] = defaultdict(set)
    for row in coordinators:
        if row["actionLineLabel"] == "E-health":
            assert row["actionLineCode"] == "C7"
            found[row["proposalLabel"]].add(row["agencyLabel"])
    assert found == {"Russian Federation": {"WHO", "ITU"}, "Ghana": {"WHO"}}


def test_coordinators_cover_inherited_assignments(
    coordinators: list[dict[str, str | None]],
) -> None:
    egov = {
        (row["proposalLabel"], row["agencyLabel"], str(row["basis"]).rsplit("/", 1)[-1])
        for row in coordinators
        if row["actionLineLabel"] == "E-government"
    }
    assert egov == {
        ("Russian Federation", "UNDP", "explicit"),
        ("Russian Federation", "ITU", "explicit"),
        ("Ghana", "ITU", "inherited"),
        ("Ghana", "UN RCs", "inherited"),
    }
    # 72 explicit, 4 inherited, and Ghana's C9 "-": one row that names nobody
    assert len(coordinators) == 72 + 4 + 1
    (nobody,) = [row for row in coordinators if row["agency"] is None]
    assert (nobody["proposalLabel"], nobody["actionLineCode"]) == ("Ghana", "C9")
    assert str(nobody["basis"]).endswith("/cell-status/none")


def test_coordinators_give_codes_as_printed(coordinators: list[dict[str, str | None]]) -> None:
    ghana_c4 = {
        row["agencyLabel"]
        for row in coordinators
        if row["proposalLabel"] == "Ghana" and row["actionLineCode"] == "C4"
    }
    assert ghana_c4 == {"ITU", "UNESCO", "UN RCs", "Regional political bodies"}


# --- atomicity, the lock, several inputs (validation and reasoning stubbed: fast) -----------


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Skip SHACL and HermiT: these tests are about files, not about the graph."""
    options = BuildOptions(validate=False, cache_dir=tmp_path_factory.mktemp("cache"))
    monkeypatch.setattr(pipeline, "_default_options", lambda settings: options)
    monkeypatch.setattr(corpus, "_reason", lambda *args, **kwargs: (b"", False, "stubbed"))


def _snapshot(out: Path) -> dict[str, bytes]:
    """The files of a build (the store directory's RocksDB files vary from load to load)."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


@pytest.mark.usefixtures("fast")
def test_a_build_failing_mid_way_leaves_the_previous_build(
    tmp_path: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "build"
    pipeline.build([seed_path], out)
    before = _snapshot(out)

    def broken(*args: object) -> bytes:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(corpus, "_dump_trig", broken)
    with pytest.raises(OSError, match="No space left"):
        pipeline.build([seed_path], out)
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build.lock", "build"]


@pytest.mark.usefixtures("fast")
def test_a_refused_build_exits_1_and_keeps_the_previous_build(
    tmp_path: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "build"
    pipeline.build([seed_path], out)
    before = _snapshot(out)

    def refuse(graphs: object, say: object) -> tuple[bool, tuple[str, ...]]:
        raise ValidationError("the graph breaks its SHACL shapes: test")

    monkeypatch.setattr(pipeline, "_validate", refuse)
    result = _cli_build(seed_path, out)
    assert result.exit_code == EXIT_NONCONFORMING
    assert _snapshot(out) == before
    assert "left as it was" in result.stderr.splitlines()[-1]


@pytest.mark.usefixtures("fast")
def test_a_concurrent_build_is_refused(tmp_path: Path, seed_path: Path) -> None:
    out = tmp_path / "build"
    with pipeline.build_lock(out):
        with pytest.raises(BuildError, match="another build is running"):
            pipeline.build([seed_path], out)
        assert _cli_build(seed_path, out).exit_code == EXIT_ERROR
    assert not out.exists()
    pipeline.build([seed_path], out)  # the lock is free again
    assert (out / pipeline.DATASET_NQ).is_file()


@pytest.mark.usefixtures("fast")
def test_several_inputs_make_one_dataset(tmp_path: Path, seed_path: Path) -> None:
    second = tmp_path / "second draft.txt"
    second.write_bytes(seed_path.read_bytes() + b"\n")  # another text: not in the manifest
    out = tmp_path / "build"
    messages: list[str] = []
    summary = pipeline.build([seed_path, second], out, progress=messages.append)
    assert len(summary.documents) == 2
    store = ox.Store()
    store.bulk_load(path=out / pipeline.DATASET_NQ, format=ox.RdfFormat.N_QUADS)
    versions = {
        s["v"].value
        for s in store.query(  # type: ignore[union-attr]
            f"SELECT ?v WHERE {{ GRAPH ?g {{ ?v a <{WSIS}DocumentVersion> }} }}"
        )
    }
    digest = hashlib.sha256(second.read_bytes()).hexdigest()[:12]
    assert versions == {
        BASE + "id/doc/tunis-draft/eng/2005",
        BASE + f"id/doc/second-draft/eng/{digest}",
    }
    assert any(m.startswith("parsing") for m in messages)
    assert any(m.startswith("writing") for m in messages)


def test_a_missing_input_exits_2(tmp_path: Path) -> None:
    result = _cli_build(tmp_path / "nope.txt", tmp_path / "build")
    assert result.exit_code == EXIT_ERROR
    assert "nope.txt" in result.stderr.splitlines()[-1]
    assert not (tmp_path / "build").exists()


def _cli_build(text: Path, out: Path) -> Result:
    return CliRunner().invoke(app, ["build", str(text), "--out", str(out)])


def test_swap_in_puts_the_old_build_back_when_the_new_one_cannot_move(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    (out / "dataset.nq").write_text("old\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError):
        pipeline.swap_in(tmp_path / "vanished", out)
    assert (out / "dataset.nq").read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


@pytest.mark.usefixtures("fast")
def test_the_same_inputs_give_the_same_files(tmp_path: Path, seed_path: Path) -> None:
    moment = datetime(2005, 11, 18, tzinfo=UTC)
    pipeline.build([seed_path], tmp_path / "one", generated_at=moment)
    pipeline.build([seed_path], tmp_path / "two", generated_at=moment)
    for name in (pipeline.DATASET_NQ, pipeline.DATASET_TRIG):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
