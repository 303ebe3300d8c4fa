"""The Python API: loading, SPARQL with bound values, name resolution through the graph's
own vocabularies, and the typed domain answers (expected values from reading the seed)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from kg_support import seed_kg, seed_nquads

import wsiskg
from wsiskg import api
from wsiskg.api import KG, to_term
from wsiskg.config import Settings, get_settings
from wsiskg.errors import QueryError, QueryRefusedError, QuerySyntaxError, StoreError
from wsiskg.pipeline import cache

RUS, GHA = "Russian Federation", "Ghana"
ID = "https://w3id.org/wsiskg/id/"


@pytest.fixture(scope="module")
def kg() -> KG:
    return seed_kg()


@pytest.fixture
def build_dir(tmp_path: Path) -> Path:
    (tmp_path / "dataset.nq").write_text(seed_nquads(), encoding="utf-8")
    return tmp_path


# --- loading ------------------------------------------------------------------------------


def test_load_a_build_directory(build_dir: Path) -> None:
    kg = wsiskg.load(build_dir)
    assert isinstance(kg, wsiskg.KG)
    assert kg.build_dir == build_dir
    assert len(kg) == len(seed_kg())


def test_load_rdf_files_as_they_are(build_dir: Path) -> None:
    kg = wsiskg.load([build_dir / "dataset.nq"])
    assert kg.coordinators("e-health")


def test_load_a_directory_without_a_build(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="wsiskg build"):
        wsiskg.load(tmp_path)


def test_load_texts_builds_once_into_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builds: list[Path] = []

    def fake_build(texts: object, out: Path, settings: object, progress: object) -> None:
        out.mkdir(parents=True)
        (out / "dataset.nq").write_text(seed_nquads(), encoding="utf-8")
        builds.append(out)

    monkeypatch.setenv("WSISKG_CACHE_DIR", str(tmp_path / "cache"))
    get_settings.cache_clear()
    monkeypatch.setattr(cache, "_build", fake_build)
    text = tmp_path / "draft.txt"
    text.write_text("1.\nWe recognise.\n", encoding="utf-8")
    first = wsiskg.load(text)
    second = wsiskg.load(text)
    assert len(builds) == 1
    assert first.build_dir == second.build_dir
    assert first.build_dir is not None
    assert first.build_dir.parent == tmp_path / "cache"
    text.write_text("1.\nWe note.\n", encoding="utf-8")  # another text, another build
    assert wsiskg.load(text).build_dir != first.build_dir
    assert len(builds) == 2
    get_settings.cache_clear()  # the next test reads the environment afresh


def test_cache_key_depends_on_the_text(tmp_path: Path) -> None:
    one, two = tmp_path / "a.txt", tmp_path / "b.txt"
    one.write_text("1.\nWe note.\n", encoding="utf-8")
    two.write_text("1.\nWe urge.\n", encoding="utf-8")
    assert cache.cache_key([one]) != cache.cache_key([two])
    assert cache.cache_key([one]) == cache.cache_key([one])


# --- SPARQL -------------------------------------------------------------------------------


def test_query_binds_values_as_terms(kg: KG) -> None:
    rows = kg.query("SELECT ?p WHERE { ?p a wsis:Paragraph ; wsis:number ?n }", n="17")
    assert rows.column("p") == [f"{ID}doc/tunis-draft/eng/2005/para_17"]


def test_query_returns_python_values(kg: KG) -> None:
    rows = kg.query(
        "SELECT ?depth ?begin WHERE { ?b wsis:depth ?depth ; nif:beginIndex ?begin ; "
        'nif:anchorOf "[lead role by]" }'
    )
    assert rows[0] == {"depth": 2, "begin": rows[0]["begin"]}
    assert isinstance(rows[0]["begin"], int)


def test_query_bindings_cannot_inject(kg: KG) -> None:
    hostile = '17" } ?p ?q ?r . FILTER("1" = "1'
    assert len(kg.query("SELECT ?p WHERE { ?p wsis:number ?n }", n=hostile)) == 0


def test_query_errors_are_wsiskg_errors(kg: KG) -> None:
    with pytest.raises(QuerySyntaxError):
        kg.query("SELECT ?p WHERE { ?p ")
    with pytest.raises(QueryRefusedError):
        kg.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="SELECT"):
        kg.query("ASK { ?s ?p ?o }")


def test_run_answers_any_form(kg: KG) -> None:
    assert kg.run("ASK { ?s a wsis:Proposal }").result.boolean is True
    assert kg.run("CONSTRUCT WHERE { ?s a wsis:Proposal }").result.triples


def test_to_dataframe(kg: KG) -> None:
    frame = kg.named("proposals").to_dataframe()
    assert list(frame["proponent"]) == [RUS, GHA]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("WHO", ox.Literal("WHO")),
        (7, ox.Literal(7)),
        (True, ox.Literal(True)),
        (Decimal("1.5"), ox.Literal("1.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))),
        (datetime.date(2006, 7, 1), ox.Literal("2006-07-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))),
        (rdflib.URIRef(ID + "org/who"), ox.NamedNode(ID + "org/who")),
        (rdflib.Literal("x", lang="en"), ox.Literal("x", language="en")),
    ],
)  # fmt: skip
def test_to_term(value: object, expected: object) -> None:
    assert to_term(value) == expected


# --- names, resolved through the vocabularies in the graph --------------------------------


@pytest.mark.parametrize(
    ("kind", "text", "local"),
    [
        ("action-line", "e-health", "action-line/C7/e-health"),
        ("action-line", "E-health", "action-line/C7/e-health"),
        ("action-line", "C7 E-health", "action-line/C7/e-health"),
        ("action-line", "C4", "action-line/C4"),
        ("action-line", "Capacity building", "action-line/C4"),
        ("agency", "WHO", "org/who"),
        ("agency", "World Health Organization", "org/who"),
        ("agency", "UN Regional economic Commissions", "org/un-rcs"),
        ("proposal", "Ghana", "doc/tunis-draft/annex-proposal/gha"),
        ("proposal", "A", "doc/tunis-draft/annex-proposal/rus"),
        ("level", "national", "level/national"),
        ("modality", "directive", "modality/directive"),
    ],
)
def test_names_resolve(kg: KG, kind: str, text: str, local: str) -> None:
    assert kg.resolve(kind, text) == ox.NamedNode(ID + local)


def test_unknown_names_say_what_is_close(kg: KG) -> None:
    with pytest.raises(QueryError, match="ehealth"):
        kg.resolve("action-line", "e-heath")


# --- domain questions ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["e-health", "C7 E-health", "E-health"])
def test_coordinators_of_e_health(kg: KG, name: str) -> None:
    found = {(a.proponent, a.agency_label) for a in kg.coordinators(name)}
    assert found == {(RUS, "WHO"), (RUS, "ITU"), (GHA, "WHO")}


def test_an_explicit_none_cell_is_an_answer(kg: KG) -> None:
    # annex B prints "-" for C9 Media: Ghana assigns nobody, and says so
    found = {(a.proponent, a.agency_label, a.basis, a.names_nobody) for a in kg.coordinators("C9")}
    assert found == {(RUS, "UNESCO", "explicit", False), (GHA, "", "none", True)}


def test_coordinators_in_one_proposal(kg: KG) -> None:
    found = kg.coordinators("E-government", proposal="Ghana")
    assert {(a.agency_label, a.inherited) for a in found} == {("ITU", True), ("UN RCs", True)}
    assert {a.action_line_code for a in found} == {"C7"}


def test_compare_proposals(kg: KG) -> None:
    lines = {c.action_line_label: c for c in kg.compare_proposals()}
    assert len(lines) == 22
    health = lines["E-health"]
    assert health.agencies == {RUS: frozenset({"WHO", "ITU"}), GHA: frozenset({"WHO"})}
    assert not health.agree
    assert lines["E-agriculture"].agree
    assert lines["Media"].agencies[GHA] == frozenset()  # Ghana prints "-"


def test_contested(kg: KG) -> None:
    spans = kg.contested(2)
    assert [(s.text, s.depth, s.alternatives) for s in spans] == [
        ("[WSIS]", 1, ()),
        ("[by 2007/2008/2009/2010]", 1, ("2007", "2008", "2009", "2010")),
    ]
    assert all(s.end - s.start == len(s.text) for s in kg.contested())


def test_paragraph(kg: KG) -> None:
    view = kg.paragraph(17)
    assert view.number == "17"
    assert [i.label for i in view.items] == ["a", "b", "c"]
    assert view.items[1].text.startswith("b) evaluation")
    assert [b.text for b in view.brackets] == [
        "[, as part of an integrated and co-ordinated process]", "[/ review]", "[/ and follow up]"
    ]  # fmt: skip
    assert not view.wholly_bracketed
    assert kg.paragraph("13").wholly_bracketed


def test_unknown_paragraph(kg: KG) -> None:
    with pytest.raises(QueryError, match="99"):
        kg.paragraph(99)


def test_prefixes_include_data_iris(kg: KG) -> None:
    assert kg.prefixes()["id"] == ID
    assert api.QUERY_PREFIXES["wsis"] == "https://w3id.org/wsiskg/ontology#"


def test_commitments(kg: KG) -> None:
    itu = kg.commitments(actor="ITU")
    assert {c.paragraph for c in itu} == {"15", "22"}
    assert all("ITU" in c.addressees for c in itu)
    invited = [c for c in itu if c.paragraph == "15"]
    assert [(c.verb, c.category) for c in invited] == [("invite", "directive")]
    assert {c.paragraph for c in kg.commitments(modality="call upon")} == {"8", "10", "13", "44"}
    assert {"2", "18"} <= {c.paragraph for c in kg.commitments(level="national")}


def test_deadline_on_a_commitment(kg: KG) -> None:
    seven = [c for c in kg.paragraph(7).commitments if c.deadline]
    assert [c.deadline for c in seven] == ["by 2015"]


def test_unknown_actor(kg: KG) -> None:
    with pytest.raises(QueryError, match="no actor"):
        kg.commitments(actor="Nobody at all")


def test_cache_keeps_only_recent_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_build(texts: object, out: Path, settings: object, progress: object) -> None:
        out.mkdir(parents=True)
        (out / "dataset.nq").write_text("", encoding="utf-8")

    monkeypatch.setattr(cache, "_build", fake_build)
    made = []
    for k in range(cache.KEEP_BUILDS + 2):
        text = tmp_path / f"draft{k}.txt"
        text.write_text(f"{k}.\nWe note.\n", encoding="utf-8")
        made.append(cache.ensure_build([text], Settings(cache_dir=tmp_path / "cache")))
    kept = sorted(p for p in (tmp_path / "cache").iterdir())
    assert len(kept) == cache.KEEP_BUILDS
    assert made[-1] in kept


def test_syntax_errors_point_into_the_callers_text(kg: KG) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        kg.query("SELECT ?p WHERE {\n  ?p wsis:number ?n ;\n  wsis:}")
    assert caught.value.location is not None
    assert caught.value.location.line == 3
