"""Drafts as versions, on the hand-written revisions of the shipped draft.

``tests/data/versions/`` holds the series: the shipped draft (``zero``), ``rev1.txt`` and
``rev2.txt`` (adopted). Every expected value below was written from reading the texts (what
each revision changes is listed at the top of each section), not from running the code.
The diffs are read through ``wsiskg diff --json``, the contract of ``docs/versions.md``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from wsiskg.cli import EXIT_ERROR, EXIT_OK, app
from wsiskg.pipeline.series import read_chain
from wsiskg.versions import (
    Chain,
    Fate,
    SeriesError,
    bracket_curve,
    bracket_histories,
    paragraph_history,
    proposal_survival,
    read_series,
    series_from_paths,
)

DATA = Path(__file__).parent / "data" / "versions"
MANIFEST = DATA / "series.toml"
ZERO = Path(__file__).parent.parent / "corpus" / "000_789c031e886835c5.txt"
REV1, REV2 = DATA / "rev1.txt", DATA / "rev2.txt"
CHAPTER_ONE = [str(n) for n in range(1, 23)]
CHAPTER_FOUR = [str(n) for n in range(40, 50)]


def diff_json(old: Path, new: Path) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["diff", str(old), str(new), "--json"])
    assert result.exit_code == EXIT_OK, result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    return found


@pytest.fixture(scope="module")
def zero_rev1() -> dict[str, Any]:
    return diff_json(ZERO, REV1)


@pytest.fixture(scope="module")
def rev1_rev2() -> dict[str, Any]:
    return diff_json(REV1, REV2)


@pytest.fixture(scope="module")
def chain() -> Chain:
    return read_chain(read_series(MANIFEST))


def paragraph_rows(diff: dict[str, Any]) -> set[tuple[str | None, str | None, str]]:
    return {(p["old"], p["new"], p["status"]) for p in diff["paragraphs"]}


def every_paragraph_once(diff: dict[str, Any], old: list[str], new: list[str]) -> None:
    assert sorted(p["old"] for p in diff["paragraphs"] if p["old"]) == sorted(old)
    assert sorted(p["new"] for p in diff["paragraphs"] if p["new"]) == sorted(new)


def fates(diff: dict[str, Any]) -> list[tuple[str | None, str | None, str, str, str | None]]:
    """(paragraph, item, first words of the text, fate, chosen) of every old bracket."""
    return [
        (b["old"]["paragraph"], b["old"]["item"], b["text"][:20], b["fate"], b["chosen"])
        for b in diff["brackets"]
    ]


# --- zero -> Rev.1 ------------------------------------------------------------------------
# Rev.1: a paragraph inserted after 2 (3-12 become 4-13), the bracketed paragraph 13 deleted
# (14 on keep their numbers); 1 gains a bracket; 4 lifts one bracket and drops another; 7
# resolves its [all]/[all women and men]/[all citizens] and loses item u (v, w become u, v);
# 10 is reworded; Russia's C6 gains UNCTAD, Ghana's C4 loses "Regional political bodies" and
# Ghana's C9 ("-") becomes UNESCO.


def test_zero_to_rev1_paragraphs(zero_rev1: dict[str, Any]) -> None:
    new_one = [str(n) for n in range(1, 14)] + [str(n) for n in range(14, 23)]
    every_paragraph_once(zero_rev1, CHAPTER_ONE + CHAPTER_FOUR, new_one + CHAPTER_FOUR)
    expected = {("1", "1", "changed"), (None, "3", "added"), ("2", "2", "unchanged")}
    expected |= {(str(n), str(n + 1), "unchanged") for n in (3, 5, 6, 8, 9, 11, 12)}
    expected |= {("4", "5", "changed"), ("7", "8", "changed"), ("10", "11", "changed")}
    expected |= {("13", None, "removed")}
    expected |= {(n, n, "unchanged") for n in [str(k) for k in range(14, 23)] + CHAPTER_FOUR}
    assert paragraph_rows(zero_rev1) == expected
    similarity = {(p["old"], p["new"]): p["similarity"] for p in zero_rev1["paragraphs"]}
    assert similarity["3", "4"] == 1.0
    assert 0.6 <= similarity["10", "11"] < 1.0
    assert similarity[None, "3"] == similarity["13", None] == 0.0


def test_zero_to_rev1_items_follow_their_text(zero_rev1: dict[str, Any]) -> None:
    (seven,) = [p for p in zero_rev1["paragraphs"] if p["old"] == "7"]
    rows = {(i["old"], i["new"], i["status"]) for i in seven["items"]}
    letters = "abcdefghijklmnopqrst"
    assert rows == {(x, x, "unchanged") for x in letters} | {
        ("u", None, "removed"),
        ("v", "u", "unchanged"),
        ("w", "v", "unchanged"),
    }


def test_zero_to_rev1_bracket_fates(zero_rev1: dict[str, Any]) -> None:
    found = fates(zero_rev1)
    assert len(found) == 45  # every bracket of the zero draft, the wrapper included
    changed = [f for f in found if f[3] != "open"]
    assert changed == [
        ("4", None, "and resources", "kept", None),
        ("4", None, ", reduce technologic", "dropped", None),
        ("7", None, "all", "chosen", "all women and men"),
        ("7", None, "all women and men", "chosen", "all women and men"),
        ("7", None, "all citizens", "chosen", "all women and men"),
        ("7", "u", "strengthening freedo", "dropped", None),
        ("13", None, "13. We also recogniz", "removed-with-paragraph", None),
    ]


def test_zero_to_rev1_open_brackets_point_to_their_new_place(zero_rev1: dict[str, Any]) -> None:
    renumbered = {"5": "6", "6": "7", "7": "8", "8": "9", "9": "10"}
    for bracket in zero_rev1["brackets"]:
        if bracket["fate"] != "open":
            continue
        old, new = bracket["old"], bracket["new"]
        assert new["paragraph"] == renumbered.get(old["paragraph"], old["paragraph"]), bracket
        assert new["item"] == old["item"]
        assert new["annex"] == old["annex"]


def test_zero_to_rev1_new_brackets_and_offsets(zero_rev1: dict[str, Any]) -> None:
    new = [(b["paragraph"], b["text"]) for b in zero_rev1["new_brackets"]]
    assert new == [("1", "regional,"), ("3", "through a WSIS portal")]
    text = REV1.read_text(encoding="utf-8")
    for b in zero_rev1["new_brackets"]:
        assert text[b["start"] : b["end"]] == f"[{b['text']}]"  # offsets into Rev.1's text
    old_text = ZERO.read_text(encoding="utf-8")
    for b in zero_rev1["brackets"]:
        assert old_text[b["old"]["start"] + 1 : b["old"]["end"] - 1] == b["text"]


def test_zero_to_rev1_assignment_changes(zero_rev1: dict[str, Any]) -> None:
    rows = [
        (a["proponent"], a["annex"], a["line"], a["subline"], a["added"], a["removed"])
        for a in zero_rev1["assignments"]
    ]
    assert rows == [
        ("Russian Federation", "A", "C6", None, ["UNCTAD"], []),
        ("Ghana", "B", "C4", None, [], ["Regional political bodies"]),
        ("Ghana", "B", "C9", None, ["UNESCO"], []),
    ]
    c9 = zero_rev1["assignments"][2]
    assert (c9["old"], c9["new"]) == ([], ["UNESCO"])


# --- Rev.1 -> Rev.2 (adopted) -------------------------------------------------------------
# Rev.2: no wrapper and no brackets; 22 and 43 deleted (44-49 become 43-48); items 17 b
# ("evaluation;[/ review]" -> "review;") and 20 f deleted; both annexes replaced by one
# coordinator table without a proponent.


def test_rev1_to_rev2_paragraphs(rev1_rev2: dict[str, Any]) -> None:
    rev1_one = [str(n) for n in range(1, 23)]
    rev2_four = [str(n) for n in range(40, 49)]
    every_paragraph_once(rev1_rev2, rev1_one + CHAPTER_FOUR, rev1_one[:-1] + rev2_four)
    unchanged = {"4", "5", "11", "12", "13", "16", "19", "42"}
    expected = {(n, n, "unchanged" if n in unchanged else "changed") for n in rev1_one[:-1]}
    expected |= {("22", None, "removed"), ("40", "40", "changed"), ("41", "41", "changed")}
    expected |= {("42", "42", "unchanged"), ("43", None, "removed")}
    expected |= {("44", "43", "changed"), ("45", "44", "unchanged"), ("46", "45", "unchanged")}
    expected |= {("47", "46", "changed"), ("48", "47", "changed"), ("49", "48", "unchanged")}
    assert paragraph_rows(rev1_rev2) == expected


def test_rev1_to_rev2_items(rev1_rev2: dict[str, Any]) -> None:
    items = {
        p["old"]: {(i["old"], i["new"], i["status"]) for i in p.get("items", [])}
        for p in rev1_rev2["paragraphs"]
    }
    assert items["17"] == {
        ("a", "a", "unchanged"),
        ("b", None, "removed"),  # "evaluation;[/ review]" and "review;" are too short to pair
        (None, "b", "added"),
        ("c", "c", "changed"),
    }
    assert {row for row in items["20"] if row[2] != "unchanged"} == {
        ("c", "c", "changed"),
        ("f", None, "removed"),
    }


def test_rev1_to_rev2_bracket_fates(rev1_rev2: dict[str, Any]) -> None:
    assert fates(rev1_rev2) == [
        (None, None, "Constructed test dra", "kept", None),  # the wrapper is lifted
        ("1", None, "regional,", "kept", None),
        ("2", None, "WSIS", "dropped", None),
        ("2", None, "by 2007/2008/2009/20", "chosen", "2010"),
        ("3", None, "through a WSIS porta", "kept", None),
        ("6", None, "only", "dropped", None),
        ("6", None, "international", "kept", None),
        ("6", None, "of governments in pa", "dropped", None),
        ("7", None, "Within that context,", "kept", None),
        ("8", "f", "volunteerism", "chosen", "involvement"),
        ("8", "f", "involvement", "chosen", "involvement"),
        ("9", None, "policies and actions", "dropped", None),
        ("10", None, "Geneva", "kept", None),
        ("10", None, "review", "dropped", None),
        ("14", None, "review", "dropped", None),
        ("15", None, "15.\nInspired by the ", "kept", None),
        ("17", None, ", as part of an inte", "kept", None),
        ("17", "b", "/ review", "chosen", "review"),
        ("17", "c", "/ and follow up", "chosen", "review"),
        ("18", None, "bearing in mind the ", "dropped", None),
        ("18", "d", "when deemed suitable", "kept", None),
        ("20", None, "bearing in mind the ", "kept", None),
        ("20", "c", "defined by the UN Se", "kept", None),
        ("20", "c", "—notably [lead role ", "kept", None),
        ("20", "c", "lead role by", "dropped", None),
        ("20", "f", "The head of a centra", "dropped", None),
        ("21", None, "21.\nWe request in th", "kept", None),
        ("22", None, "22.\nStressing the im", "removed-with-paragraph", None),
        (None, None, "ANNEX A (Russian Fed", "dropped", None),
        (None, None, "ANNEX B (Ghana)\n\n\tAc", "dropped", None),
        (None, None, "Moderator/Coordinato", "dropped", None),
        ("40", None, "agreements", "chosen", "outcomes"),
        ("40", None, "decisions", "chosen", "outcomes"),
        ("40", None, "outcomes", "chosen", "outcomes"),
        ("41", "b", "review", "dropped", None),
        ("41", "b", "and priorities", "kept", None),
        ("43", None, "We agree that the fo", "removed-with-paragraph", None),
        ("44", None, "review", "dropped", None),
        ("47", None, "dates", "dropped", None),
        ("48", None, "We request the Secre", "kept", None),
    ]
    assert rev1_rev2["new_brackets"] == []


def test_rev1_to_rev2_proposals(rev1_rev2: dict[str, Any]) -> None:
    assert rev1_rev2["assignments"] == []  # no proposal is in both versions
    assert [(p["proponent"], p["old"], p["new"], p["status"]) for p in rev1_rev2["proposals"]] == [
        ("Russian Federation", "A", None, "removed"),
        ("Ghana", "B", None, "removed"),
        (None, None, "A", "added"),
    ]


def test_every_fate_and_status_is_covered(
    zero_rev1: dict[str, Any], rev1_rev2: dict[str, Any]
) -> None:
    both = [*zero_rev1["brackets"], *rev1_rev2["brackets"]]
    assert {b["fate"] for b in both} == {f.value for f in Fate}
    statuses = {p["status"] for d in (zero_rev1, rev1_rev2) for p in d["paragraphs"]}
    assert statuses == {"unchanged", "changed", "added", "removed"}


# --- the whole chain ----------------------------------------------------------------------


def test_manifest_reads_the_series_in_order() -> None:
    series = read_series(MANIFEST)
    assert series.slug == "test-series"
    assert [v.version for v in series.versions] == ["zero", "rev1", "rev2"]
    assert [v.path.name for v in series.versions] == [ZERO.name, "rev1.txt", "rev2.txt"]
    assert series.adopted is series.versions[-1]
    assert series.versions[1].symbol == "TEST/DRAFT/0/Rev.1"
    assert series.versions[1].date == "2005-09-26"


def test_ordered_paths_form_a_series() -> None:
    series = series_from_paths([ZERO, REV1])
    assert [v.path for v in series.versions] == [ZERO, REV1]
    assert series.adopted is None


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("[series]\nslug = 'x'\n", r"at least two \[\[versions\]\]"),
        ("[series\n", "not valid TOML"),
        (
            "[series]\nslug='x'\n[[versions]]\nfile='a.txt'\nversion='a'\n"
            "[[versions]]\nfile='a.txt'\nversion='b'\n",
            "a.txt: no such text",
        ),
    ],
)
def test_bad_manifests_say_what_is_wrong(tmp_path: Path, manifest: str, message: str) -> None:
    path = tmp_path / "series.toml"
    path.write_text(manifest, encoding="utf-8")
    with pytest.raises(SeriesError, match=message) as error:
        read_series(path)
    assert str(path) in str(error.value)


def test_bracket_curve(chain: Chain) -> None:
    curve = {(p.version, p.chapter): p.brackets for p in bracket_curve(chain)}
    # zero: 32 brackets in chapter One's paragraphs, 3 in the annexes, 9 in Four; Rev.1 drops
    # 7 of chapter One's and opens 2; the adopted text has none.
    assert curve == {
        ("zero", "One"): 32,
        ("zero", "Annexes"): 3,
        ("zero", "Four"): 9,
        ("rev1", "One"): 27,
        ("rev1", "Annexes"): 3,
        ("rev1", "Four"): 9,
        ("rev2", "One"): 0,
        ("rev2", "Annexes"): 0,
        ("rev2", "Four"): 0,
    }


def test_bracket_histories_span_the_chain(chain: Chain) -> None:
    histories = bracket_histories(chain)
    text = {
        (h.opened, chain.drafts[h.opened].document.slice(h.brackets[0].inner)): h for h in histories
    }
    wsis = text[0, "WSIS"]
    assert (wsis.resolved, wsis.fate, len(wsis.brackets)) == (2, Fate.DROPPED, 2)
    years = text[0, "by 2007/2008/2009/2010"]
    assert (years.resolved, years.fate, years.chosen) == (2, Fate.CHOSEN, "2010")
    assert (text[0, "and resources"].resolved, text[0, "and resources"].fate) == (1, Fate.KEPT)
    portal = text[1, "through a WSIS portal"]
    assert (portal.opened, portal.resolved, portal.fate) == (1, 2, Fate.KEPT)
    # every bracket of every version is in exactly one history
    assert sum(len(h.brackets) for h in histories) == 45 + 40
    assert all(h.fate is not None for h in histories)  # the adopted text has no bracket


def test_paragraph_history_follows_renumbering(chain: Chain) -> None:
    history = paragraph_history(chain, "zero", "12")
    assert [(p.version, p.number) for p in history] == [
        ("zero", "12"),
        ("rev1", "13"),
        ("rev2", "13"),
    ]
    backwards = paragraph_history(chain, "rev2", "43")
    assert [(p.version, p.number) for p in backwards] == [
        ("zero", "44"),
        ("rev1", "44"),
        ("rev2", "43"),
    ]
    assert [(p.version, p.number) for p in paragraph_history(chain, "rev1", "3")] == [
        ("rev1", "3"),
        ("rev2", "3"),
    ]


def test_proposal_survival_in_the_adopted_table(chain: Chain) -> None:
    found = {(v, s.proponent): s for v, s in proposal_survival(chain)}
    # Rev.1, counted line by line against the adopted table (see docs/versions.md)
    russia, ghana = found["rev1", "Russian Federation"], found["rev1", "Ghana"]
    assert (russia.kept, russia.proposed) == (27, 35)
    assert (ghana.kept, ghana.proposed) == (19, 38)
    assert ghana.share == 0.5
    health = {(line.line, line.subline): line for line in russia.lines}["C7", "E-health"]
    assert (health.proposed, health.kept) == (("WHO", "ITU"), ("WHO",))
    # the zero draft: Russia's C6 lacked UNCTAD, Ghana's C4 had one body more and C9 none
    zero_russia, zero_ghana = found["zero", "Russian Federation"], found["zero", "Ghana"]
    assert (zero_russia.kept, zero_russia.proposed) == (26, 34)
    assert (zero_ghana.kept, zero_ghana.proposed) == (18, 38)


def test_diff_plain_report_is_readable() -> None:
    result = CliRunner().invoke(app, ["diff", str(ZERO), str(REV1)])
    assert result.exit_code == EXIT_OK, result.stderr
    out = result.stdout
    assert "Paragraphs: 27 unchanged, 4 changed, 1 added, 1 removed; 10 renumbered" in out
    assert "13 -> -  removed" in out
    assert "paragraph 7  chosen ('all women and men')  [all citizens]" in out
    assert "Ghana C9: +UNESCO" in out


def test_diff_of_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["diff", str(ZERO), str(tmp_path / "none.txt")])
    assert result.exit_code == EXIT_ERROR
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "none.txt" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--series", str(REV1)], "a series needs at least two texts"),
        ([str(MANIFEST), str(REV1)], "give a series manifest alone"),
    ],
)
def test_build_of_a_bad_series_is_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["build", *args, "-o", str(tmp_path / "out")])
    assert result.exit_code == EXIT_ERROR
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()
