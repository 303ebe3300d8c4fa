"""Drafts as versions in the graph: the test series (the shipped draft, Rev.1, Rev.2
adopted; ``tests/data/versions/``) built as one dataset, its shapes, the queries of
``queries/`` and the Python API. Expected values are read from the texts (see the comments
in ``tests/test_versions.py`` for what each revision changes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from series_support import series_dataset, series_kg
from test_build import SERIES_CLASSES
from typer.testing import CliRunner

from wsiskg.api import KG
from wsiskg.check.shacl import validate_graph
from wsiskg.cli import EXIT_OK, app
from wsiskg.config import DEFAULT_BASE_IRI
from wsiskg.errors import QueryError
from wsiskg.graph.dataset import dataset_graphs
from wsiskg.namespaces import PROV, RDF, WSIS
from wsiskg.pipeline.run import data_graph

DATA = Path(__file__).parent / "data" / "versions"
SERIES = f"{DEFAULT_BASE_IRI}id/doc/test-series"
ZERO, REV1, REV2 = (f"{SERIES}/eng/{v}" for v in ("zero", "rev1", "rev2"))


@pytest.fixture(scope="module")
def kg() -> KG:
    return series_kg()


def rows(kg: KG, name: str, *columns: str, **params: str) -> list[tuple[object, ...]]:
    return [tuple(row[c] for c in columns) for row in kg.named(name, **params)]


# --- the graph ----------------------------------------------------------------------------


def test_three_versions_of_one_series_with_revision_links() -> None:
    versions = dataset_graphs(series_dataset())("versions")
    assert (URIRef(SERIES), RDF.type, WSIS.Series) in versions
    assert (URIRef(REV1), PROV.wasRevisionOf, URIRef(ZERO)) in versions
    assert (URIRef(REV2), PROV.wasRevisionOf, URIRef(REV1)) in versions
    assert (URIRef(REV2), WSIS.adopted, Literal(True)) in versions
    assert not list(versions.objects(URIRef(ZERO), PROV.wasRevisionOf))


def test_each_version_keeps_its_own_annex_proposals() -> None:
    structure = dataset_graphs(series_dataset())("structure")
    proposals = {str(s) for s in structure.subjects(RDF.type, WSIS.Proposal)}
    assert proposals == {
        f"{ZERO}/annex-proposal/rus",
        f"{ZERO}/annex-proposal/gha",
        f"{REV1}/annex-proposal/rus",
        f"{REV1}/annex-proposal/gha",
        f"{REV2}/annex-proposal/annex-a",
    }


def test_every_class_of_drafts_as_versions_is_instantiated() -> None:
    versions = dataset_graphs(series_dataset())("versions")
    for cls in SERIES_CLASSES:
        assert next(versions.subjects(RDF.type, cls), None) is not None, cls


@pytest.mark.slow
def test_series_graph_conforms_to_its_shapes() -> None:
    """(Each shape of drafts as versions also catches its own broken fixture: test_shapes.)"""
    report = validate_graph(data_graph(dataset_graphs(series_dataset())))
    assert report.conforms, report.text


# --- the queries --------------------------------------------------------------------------


def test_answer_versions(kg: KG) -> None:
    assert rows(kg, "versions", "position", "label", "symbol", "date", "adopted") == [
        (1, "zero", "TEST/DRAFT/0", "2005-09-19", False),
        (2, "rev1", "TEST/DRAFT/0/Rev.1", "2005-09-26", False),
        (3, "rev2", "TEST/DRAFT/0/Rev.2", "2005-09-30", True),
    ]


def test_answer_bracket_curve(kg: KG) -> None:
    assert rows(kg, "bracket_curve", "version", "chapter", "brackets") == [
        ("zero", "One", 32), ("zero", "Four", 9), ("zero", "Annexes", 3),
        ("rev1", "One", 27), ("rev1", "Four", 9), ("rev1", "Annexes", 3),
        ("rev2", "One", 0), ("rev2", "Four", 0), ("rev2", "Annexes", 0),
    ]  # fmt: skip


def test_answer_bracket_fates(kg: KG) -> None:
    found = rows(kg, "bracket_fates", "paragraph", "item", "text", "fate", "chosen",
                 from_version="zero", to_version="rev1")  # fmt: skip
    assert len(found) == 45
    assert [f for f in found if f[3] != "open"] == [
        ("4", None, "and resources", "kept", None),
        ("4", None, ", reduce technological dependency", "dropped", None),
        ("7", None, "all", "chosen", "all women and men"),
        ("7", None, "all women and men", "chosen", "all women and men"),
        ("7", None, "all citizens", "chosen", "all women and men"),
        ("7", "u", found[14][2], "dropped", None),
        ("13", None, found[18][2], "removed-with-paragraph", None),
    ]
    assert str(found[14][2]).startswith("strengthening freedom of the press")
    later = rows(kg, "bracket_fates", "paragraph", "fate", "chosen", from_version="rev1")
    assert ("2", "chosen", "2010") in later
    assert ("17", "chosen", "review") in later
    assert ("40", "chosen", "outcomes") in later
    assert {fate for _, fate, _ in later} == {"kept", "dropped", "chosen", "removed-with-paragraph"}


def test_answer_bracket_history(kg: KG) -> None:
    rows = list(kg.named("bracket_history"))
    # the zero draft's 45 brackets and Rev.1's 2 new ones, each followed once
    assert len({(row["opened"], row["begin"]) for row in rows}) == len(rows) == 47
    found = {
        (row["opened"], row["text"]): (row["resolved"], row["fate"], row["chosen"], row["drafts"])
        for row in rows
    }
    assert found["zero", "WSIS"] == ("rev2", "dropped", None, 2)
    assert found["zero", "by 2007/2008/2009/2010"] == ("rev2", "chosen", "2010", 2)
    assert found["zero", "and resources"] == ("rev1", "kept", None, 1)
    assert found["rev1", "regional,"] == ("rev2", "kept", None, 1)
    assert all(resolved is not None for resolved, *_ in found.values())  # the adopted text has none


def test_answer_brackets_opened(kg: KG) -> None:
    assert rows(kg, "brackets_opened", "paragraph", "text", version_label="rev1") == [
        ("1", "regional,"),
        ("3", "through a WSIS portal"),
    ]
    assert rows(kg, "brackets_opened", "version", version_label="rev2") == []


def test_answer_paragraph_alignment(kg: KG) -> None:
    found = set(rows(kg, "paragraph_alignment", "old", "new", "status", from_version="zero"))
    assert ("13", None, "removed") in found
    assert (None, "3", "added") in found
    assert ("12", "13", "unchanged") in found
    assert ("10", "11", "changed") in found
    assert len(found) == 33  # 32 old paragraphs, one of them removed, and one added


def test_answer_paragraph_history(kg: KG) -> None:
    history = rows(kg, "paragraph_history", "version", "number", "status",
                   version_label="rev2", paragraph_number="43")  # fmt: skip
    assert history == [("zero", "44", None), ("rev1", "44", "unchanged"), ("rev2", "43", "changed")]


def test_answer_assignment_changes(kg: KG) -> None:
    assert rows(kg, "assignment_changes", "proponent", "line", "added", "removed") == [
        ("Russian Federation", "C6", "UNCTAD", None),
        ("Ghana", "C4", None, "Regional political bodies"),
        ("Ghana", "C9", "UNESCO", None),
    ]


def test_answer_proposal_survival(kg: KG) -> None:
    found = rows(kg, "proposal_survival", "version", "proponent", "proposed", "kept")
    assert found == [
        ("zero", "Russian Federation", 34, 26),
        ("zero", "Ghana", 38, 18),
        ("rev1", "Russian Federation", 35, 27),
        ("rev1", "Ghana", 38, 19),
    ]


# --- the Python API -----------------------------------------------------------------------


def test_kg_versions(kg: KG) -> None:
    versions = kg.versions()
    assert [(v.label, v.adopted) for v in versions] == [
        ("zero", False),
        ("rev1", False),
        ("rev2", True),
    ]
    assert versions[1].revises == versions[0].iri == ZERO


def test_kg_history(kg: KG) -> None:
    history = kg.history(12)  # paragraph 12 of the first version
    assert [(h.version, h.number) for h in history] == [
        ("zero", "12"),
        ("rev1", "13"),
        ("rev2", "13"),
    ]
    assert history[0].text.startswith("12.\nWe recognize that our goals")
    assert [h.number for h in kg.history(3, version="rev1")] == ["3", "3"]


def test_kg_diff(kg: KG) -> None:
    diff = kg.diff("zero", "rev1")
    assert (diff.old, diff.new) == ("zero", "rev1")
    assert sum(p.status == "unchanged" for p in diff.paragraphs) == 27
    assert [(b.paragraph, b.text) for b in diff.new_brackets] == [
        ("1", "regional,"),
        ("3", "through a WSIS portal"),
    ]
    assert [(c.proponent, c.line, c.added, c.removed) for c in diff.assignments] == [
        ("Russian Federation", "C6", ("UNCTAD",), ()),
        ("Ghana", "C4", (), ("Regional political bodies",)),
        ("Ghana", "C9", ("UNESCO",), ()),
    ]


def test_kg_bracket_fates(kg: KG) -> None:
    fates = kg.bracket_fates("rev1", "rev2")
    years = next(f for f in fates if f.text == "by 2007/2008/2009/2010")
    assert (years.paragraph, years.fate, years.chosen) == ("2", "chosen", "2010")
    kept_open = [f for f in kg.bracket_fates("zero", "rev1") if f.fate == "open"]
    wsis = next(f for f in kept_open if f.text == "WSIS")
    assert (wsis.new_begin, wsis.new_end) == (847, 853)  # "[WSIS]" in Rev.1's own text
    assert (DATA / "rev1.txt").read_text(encoding="utf-8")[847:853] == "[WSIS]"


def test_kg_refuses_versions_that_are_not_consecutive(kg: KG) -> None:
    with pytest.raises(QueryError, match="not the version after"):
        kg.bracket_fates("zero", "rev2")
    with pytest.raises(QueryError, match="unknown version 'rev9'"):
        kg.diff("rev1", "rev9")


def test_kg_survival_and_curve(kg: KG) -> None:
    shares = {(s.version, s.proponent): s.share for s in kg.survival()}
    assert shares["rev1", "Ghana"] == 0.5
    curve = {(p.version, p.chapter): p.brackets for p in kg.bracket_curve()}
    assert curve["rev1", "One"] == 27


# --- the command line ---------------------------------------------------------------------


@pytest.mark.slow
def test_build_of_two_drafts_as_one_series(tmp_path: Path) -> None:
    """Both revisions, given in order, build into one graph as two versions of one series
    (the whole pipeline: SHACL and HermiT included)."""
    out = tmp_path / "build"
    runner = CliRunner()
    built = runner.invoke(
        app, ["build", "--series", str(DATA / "rev1.txt"), str(DATA / "rev2.txt"), "-o", str(out)]
    )
    assert built.exit_code == EXIT_OK, built.stderr
    answer = runner.invoke(app, ["query", "versions", "--build", str(out), "-f", "csv"])
    assert answer.exit_code == EXIT_OK, answer.stderr
    lines = answer.stdout.splitlines()
    assert len(lines) == 3  # the header and two versions
    assert all(
        "/id/doc/rev1/" in line for line in lines[1:]
    )  # the series is named after the first file
