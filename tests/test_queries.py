"""The research queries of ``queries/``: each compiles, says what it answers, and gives the
answer a careful reader of the seed text gives. Expected values come from the text
(``corpus/000_789c031e886835c5.txt``), not from running the queries."""

from __future__ import annotations

import re
from collections import Counter

import pyoxigraph as ox
import pytest
from kg_support import corpus_nquads, seed_kg

from wsiskg.api import KG
from wsiskg.errors import QueryError
from wsiskg.query.registry import Parameter, parse_query, plain_term, registry, views
from wsiskg.query.store import Store
from wsiskg.resources import corpus_files
from wsiskg.sparql import with_values

ALL = registry().names()
# The research library of the API issue; coordinators.rq and compare_proposals.rq belong to the
# graph and server issues and have their answer tests there.
OURS = [
    "actors_per_paragraph", "agency_portfolio", "agreement_by_line", "alternatives",
    "assignments", "commitments", "commitments_by_addressee", "commitments_by_level",
    "commitments_by_modality", "contested_text", "coordinators_of", "cross_references",
    "deadlines", "inherited_assignments", "levels_by_paragraph", "paragraph_text", "proposals",
    "wholly_bracketed",
]  # fmt: skip
RUS, GHA = "Russian Federation", "Ghana"


@pytest.fixture(scope="module")
def kg() -> KG:
    return seed_kg()


def pairs(rows: object, *keys: str) -> set[tuple[object, ...]]:
    return {tuple(row[k] for k in keys) for row in rows}  # type: ignore[attr-defined]


# --- the registry -------------------------------------------------------------------------


def test_at_least_twelve_research_queries_beside_coordinators() -> None:
    assert len(OURS) >= 12
    assert set(OURS) <= set(ALL)


@pytest.mark.parametrize("name", ALL)
def test_query_compiles_and_declares_its_columns(name: str) -> None:
    query = registry().get(name)
    result = ox.Store().query(query.text)  # raises SyntaxError when it does not compile
    assert query.question.endswith("?"), "the first comment lines state a question"
    if query.columns and isinstance(result, ox.QuerySolutions):
        assert [v.value for v in result.variables] == list(query.columns)


@pytest.mark.parametrize("name", ALL)
def test_every_parameter_is_a_variable_of_the_query(name: str) -> None:
    query = registry().get(name)
    for parameter in query.parameters:
        assert re.search(rf"\?{parameter.name}\b", query.text), parameter.name


@pytest.mark.parametrize("name", OURS)
def test_every_query_of_ours_has_an_answer_test(name: str) -> None:
    tests = {n.removeprefix("test_answer_") for n in globals() if n.startswith("test_answer_")}
    assert name in tests


def test_header_parsing() -> None:
    query = parse_query(
        "q",
        '# Who?\n# More words.\n# Columns: ?a, ?b\n# Parameter: ?x (agency, default "WHO") the body\n'
        "SELECT ?a ?b { ?a ?x ?b }",
    )
    assert query.question == "Who?"
    assert query.description == "More words."
    assert query.columns == ("a", "b")
    assert query.parameters == (Parameter("x", "agency", "WHO", "the body"),)


def test_a_query_without_a_question_is_refused() -> None:
    with pytest.raises(QueryError, match="question"):
        parse_query("q", "SELECT * { ?s ?p ?o }")


def test_unknown_names_suggest_close_ones() -> None:
    with pytest.raises(QueryError, match="coordinators_of"):
        registry().get("coordinator_of")


def test_unknown_parameter_is_refused() -> None:
    with pytest.raises(QueryError, match="action_line"):
        registry().get("coordinators_of").arguments({"line": "C4"})


@pytest.mark.parametrize(
    "hostile",
    ['x" } ?s ?p ?o . FILTER(true) } #', 'a\\"} INSERT DATA { <a> <b> <c> }', "\n}\n"],
)
def test_bound_values_never_become_syntax(hostile: str) -> None:
    text = with_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": ox.Literal(hostile)})
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal(hostile)))
    store.add(ox.Quad(ox.NamedNode("http://e/t"), ox.NamedNode("http://e/p"), ox.Literal("x")))
    assert [s["s"].value for s in store.query(text)] == ["http://e/s"]


def test_values_go_into_the_where_group_of_a_construct() -> None:
    text = with_values(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": ox.NamedNode("http://e/a")}
    )
    assert text.startswith("CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s)")


def test_plain_parameter_kinds() -> None:
    assert plain_term(Parameter("n", "integer"), "7") == ox.Literal(7)
    assert plain_term(Parameter("i", "iri"), "http://e/a") == ox.NamedNode("http://e/a")
    with pytest.raises(QueryError):
        plain_term(Parameter("n", "integer"), "7; DROP")
    with pytest.raises(QueryError):
        plain_term(Parameter("i", "iri"), "http://e/a> }")


# --- answers, from reading the text -------------------------------------------------------


def test_answer_coordinators_of(kg: KG) -> None:
    # Annex A: "E-health ... WHO+ ITU"; annex B: "E-health ... WHO".
    rows = kg.named("coordinators_of")
    assert pairs(rows, "proponent", "agencyLabel") == {(RUS, "WHO"), (RUS, "ITU"), (GHA, "WHO")}
    assert {row["basis"] for row in rows} == {"explicit"}
    assert {row["actionLineCode"] for row in rows} == {"C7"}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # Ghana's E-government cell is blank: it takes C7's "ITU +UN RCs".
        ("C7 E-government", {(RUS, "UNDP", "explicit"), (RUS, "ITU", "explicit"),
                             (GHA, "ITU", "inherited"), (GHA, "UN RCs", "inherited")}),
        # Ghana prints "-" for Media: explicitly no body, an answer of its own.
        ("C9", {(RUS, "UNESCO", "explicit"), (GHA, None, "none")}),
        # "WHO/UNEP/UN-Habitat": a slash joins co-coordinators.
        ("e-environment", {(RUS, "WMO", "explicit"), (GHA, "WHO", "explicit"),
                           (GHA, "UNEP", "explicit"), (GHA, "UN-Habitat", "explicit")}),
        # C1 by Ghana's own wording of its title.
        ("The role of governments and all stakeholders in the promotion of ICTs for Development",
         {(RUS, "ECOSOC", "explicit"), (GHA, "UN RCs", "explicit"),
          (GHA, "Regional political bodies", "explicit")}),
    ],
)  # fmt: skip
def test_coordinators_of_other_lines(kg: KG, line: str, expected: set[tuple[str, ...]]) -> None:
    rows = kg.named("coordinators_of", action_line=line)
    assert pairs(rows, "proponent", "agencyLabel", "basis") == expected


def test_coordinators_of_one_proposal(kg: KG) -> None:
    rows = kg.named("coordinators_of", action_line="C4", proposal="B")
    assert pairs(rows, "agencyLabel") == {
        ("ITU",),
        ("UNESCO",),
        ("UN RCs",),
        ("Regional political bodies",),
    }


def test_answer_assignments(kg: KG) -> None:
    rows = kg.named("assignments")
    explicit = Counter(
        row["proponent"] for row in {(r["proponent"], r["actionLineLabel"], r["agencyLabel"], r["basis"]): r for r in rows}.values()
        if row["basis"] == "explicit"
    )  # fmt: skip
    # Counted by hand from the two annex tables (one per body printed in a cell).
    assert explicit == {RUS: 34, GHA: 38}
    inherited = {
        (r["proponent"], r["actionLineLabel"], r["agencyLabel"])
        for r in rows
        if r["basis"] == "inherited"
    }
    assert inherited == {
        (GHA, "E-government", "ITU"), (GHA, "E-government", "UN RCs"),
        (GHA, "E-business", "ITU"), (GHA, "E-business", "UN RCs"),
    }  # fmt: skip


def test_answer_agreement_by_line(kg: KG) -> None:
    rows = kg.named("agreement_by_line")
    lines = {(r["actionLineCode"], r["actionLineLabel"]) for r in rows}
    assert len(lines) == 22  # C1-C11, the eight C7 applications, sections B, D and E
    agreeing = {
        label
        for (code, label) in lines
        if all(
            r["agree"] for r in rows if (r["actionLineCode"], r["actionLineLabel"]) == (code, label)
        )
    }
    # Both print ILO, FAO and UNESCO for these; every other line differs.
    assert agreeing == {"E-employment", "E-agriculture", "E-science"}


def test_answer_inherited_assignments(kg: KG) -> None:
    rows = kg.named("inherited_assignments")
    assert pairs(rows, "proponent", "actionLineLabel", "agencyLabel", "parentLineCode") == {
        (GHA, "E-government", "ITU", "C7"), (GHA, "E-government", "UN RCs", "C7"),
        (GHA, "E-business", "ITU", "C7"), (GHA, "E-business", "UN RCs", "C7"),
    }  # fmt: skip


def test_answer_agency_portfolio(kg: KG) -> None:
    who = {
        r["proponent"]: r for r in kg.named("agency_portfolio", agency="World Health Organization")
    }
    assert (who[RUS]["explicit"], who[GHA]["explicit"]) == (
        1,
        2,
    )  # e-health; e-health + e-environment
    itu = {r["proponent"]: r for r in kg.named("agency_portfolio", agency="ITU")}
    assert (itu[RUS]["explicit"], itu[RUS]["inherited"]) == (12, 0)
    assert (itu[GHA]["explicit"], itu[GHA]["inherited"]) == (8, 2)


def test_answer_contested_text(kg: KG) -> None:
    rows = kg.named("contested_text")
    assert len(rows) == 44  # 45 opening brackets in the file, one of them the draft's wrapper
    deep = {r["text"] for r in rows if r["depth"] == 2}
    assert deep == {"[lead role by]", "[Moderator/Coordinator]"}
    two = kg.named("contested_text", paragraph="2")
    assert [(r["text"], r["alternatives"]) for r in two] == [
        ("[WSIS]", None),  # no alternatives: unbound, not an empty string
        ("[by 2007/2008/2009/2010]", "2007 | 2008 | 2009 | 2010"),
    ]
    assert len(kg.named("contested_text", paragraph="20")) == 5


def test_answer_wholly_bracketed(kg: KG) -> None:
    rows = kg.named("wholly_bracketed")
    assert {r["number"] for r in rows if r["kind"] == "paragraph"} == {
        "13",
        "15",
        "21",
        "22",
        "43",
        "48",
    }
    assert {(r["number"], r["item"]) for r in rows if r["kind"] == "item"} == {
        ("7", "u"),
        ("20", "f"),
    }


def test_answer_alternatives(kg: KG) -> None:
    groups: dict[tuple[object, ...], list[object]] = {}
    for r in kg.named("alternatives"):
        groups.setdefault((r["number"], r["item"], r["annex"]), []).append(r["option"])
    assert groups == {
        ("2", None, None): ["2007", "2008", "2009", "2010"],
        ("7", None, None): ["all", "all women and men", "all citizens"],
        ("7", "f", None): ["volunteerism", "involvement"],
        ("17", "b", None): ["evaluation", "review"],
        ("17", "c", None): ["review", "and follow up"],
        (None, None, "B"): ["Moderator", "Coordinator"],
        ("40", None, None): ["agreements", "decisions", "outcomes"],
    }


def test_answer_paragraph_text(kg: KG) -> None:
    rows = kg.named("paragraph_text", paragraph="17")
    assert [r["item"] for r in rows] == ["a", "b", "c"]
    assert rows[0]["chapter"] == "Implementation Mechanism"
    assert str(rows[0]["text"]).startswith("17.")
    seven = kg.named("paragraph_text", paragraph="7")
    assert [r["item"] for r in seven] == list("abcdefghijklmnopqrstuvw")
    numbers = {r["number"] for r in kg.named("paragraph_text")}
    assert numbers == {str(n) for n in [*range(1, 23), *range(40, 50)]}


def test_answer_proposals(kg: KG) -> None:
    rows = kg.named("proposals")
    assert pairs(rows, "annex", "proponent", "roleHeader", "rows") == {
        ("A", RUS, "Coordinator(s)", 22), ("B", GHA, "[Moderator/Coordinator]", 22)
    }  # fmt: skip


def paragraphs_of(rows: object, **where: object) -> set[str]:
    """The paragraph numbers listed (", "-joined) in the rows matching ``where``."""
    found: set[str] = set()
    for row in rows:  # type: ignore[attr-defined]
        if all(row[key] == value for key, value in where.items()):
            found |= set(str(row["paragraphs"]).split(", "))
    return found


def test_answer_commitments(kg: KG) -> None:
    # "We are committed to ... by: a) ... w)": the chapeau and each of its 23 items.
    seven = [
        r for r in kg.named("commitments") if r["number"] == "7" and r["verb"] == "are committed"
    ]
    assert len(seven) == 24
    assert {r["item"] for r in seven} == {None, *"abcdefghijklmnopqrstuvw"}
    # Paragraph 15 "we invite the International Telecommunication Union (ITU)"; 22 "request ITU".
    itu = kg.named("commitments", actor="International Telecommunication Union")
    assert {r["number"] for r in itu} == {"15", "22"}
    # "call on" (8) and "call upon" (10, 13, 44).
    called = kg.named("commitments", modality="call upon")
    assert {r["number"] for r in called} == {"8", "10", "13", "44"}
    national = kg.named("commitments", level="national")
    assert {"2", "18"} <= {r["number"] for r in national}  # "at the national level"
    directive = kg.named("commitments", modality="directive")
    assert {r["category"] for r in directive} == {"directive"}
    assert {"2", "15", "22", "48"} <= {r["number"] for r in directive}


def test_answer_commitments_by_level(kg: KG) -> None:
    rows = kg.named("commitments_by_level")
    assert "18" in paragraphs_of(rows, level="national")  # "At the national level, ..."
    assert "19" in paragraphs_of(rows, level="regional")  # "At the regional level: ..."
    assert "7" in paragraphs_of(rows, level="local")  # 7 a) "across local, national, ..."


def test_commitments_of_paragraph_20_are_international(kg: KG) -> None:
    assert "20" in paragraphs_of(kg.named("commitments_by_level"), level="international")


@pytest.mark.parametrize(
    ("verb", "paragraphs"),
    [
        ("encourage", {"2", "9", "10", "12", "18", "46"}),
        ("request", {"21", "22", "48", "49"}),
        ("invite", {"10", "15", "41", "46"}),
        ("agree", {"17", "43", "47"}),
        ("commit", {"14", "40", "41"}),
    ],
)
def test_answer_commitments_by_modality(kg: KG, verb: str, paragraphs: set[str]) -> None:
    rows = kg.named("commitments_by_modality")
    assert paragraphs_of(rows, verb=verb) == paragraphs
    categories = {row["verb"]: row["category"] for row in rows}
    assert categories[verb] == ("commissive" if verb in {"agree", "commit"} else "directive")


@pytest.mark.parametrize(
    ("addressee", "paragraphs"),
    [
        ("ITU", {"15", "22"}),
        ("governments", {"2", "18"}),
        ("Secretary-General of the United Nations", {"13", "49"}),
        ("Secretary-General of the Summit", {"48"}),
    ],
)
def test_answer_commitments_by_addressee(kg: KG, addressee: str, paragraphs: set[str]) -> None:
    assert paragraphs_of(kg.named("commitments_by_addressee"), addressee=addressee) == paragraphs


def test_answer_deadlines(kg: KG) -> None:
    rows = {r["number"]: r for r in kg.named("deadlines")}
    assert rows["2"]["contested"] is True
    assert rows["2"]["alternatives"] == "2007 | 2008 | 2009 | 2010"
    assert rows["7"]["alternatives"] is None
    assert (rows["7"]["deadlineText"], rows["7"]["date"], rows["7"]["contested"]) == (
        "by 2015", "2015", False
    )  # fmt: skip


def test_deadline_of_paragraph_20c(kg: KG) -> None:
    rows = [r for r in kg.named("deadlines") if (r["number"], r["item"]) == ("20", "c")]
    # "… should be [defined by the UN Secretary General] by July 2006 …"
    assert [(r["deadlineText"], r["date"], r["contested"]) for r in rows] == [
        ("by July 2006", "2006-07", False)
    ]


GLO, INT, REG, NAT, LOC = "global", "international", "regional", "national", "local"
NRI = (NAT, REG, INT)
# Levels read from paragraphs 1-22 and 40-49: (paragraph, item) -> (levels, basis). A level
# word counts in a level phrase ("at the national level", "nationally, regionally and
# internationally"), not as an adjective ("national e-strategies", para 3's "regional and
# international integration efforts", 6's "global, regional and national connectivity").
LEVELS_READ = {
    ("1", None): ((GLO, NAT, LOC), "stated"),  # "at global, national and local levels"
    ("2", None): ((NAT,), "stated"),  # "at the national level"
    ("4", None): ((REG, INT), "stated"),  # "at the regional and international levels"
    ("7", "j"): ((LOC, NAT), "stated"),  # "from local to national level"
    ("10", None): ((NAT, REG), "stated"),  # "at national and regional level"
    ("13", None): (NRI, "stated"),
    ("16", None): (NRI, "stated"),
    ("17", None): (NRI, "stated"),  # "… That process may include, at each level, …:"
    **{("17", item): (NRI, "chapeau") for item in "abc"},
    ("18", None): ((NAT,), "stated"),  # "At the national level, … we encourage governments"
    **{("18", item): ((NAT,), "heading") for item in "abd"},
    ("18", "c"): ((NAT,), "stated"),  # "… in their implementation efforts at the national level"
    ("19", None): ((REG,), "stated"),  # "At the regional level:"
    ("19", "a"): ((REG,), "stated"),  # "… best practices at the regional level"
    **{("19", item): ((REG,), "heading") for item in "bc"},
    ("20", None): ((INT,), "stated"),  # "At the international level, […]:"
    **{("20", item): ((INT,), "heading") for item in "abcdef"},
    ("40", None): (NRI, "stated"),  # "nationally, regionally and internationally"
    ("41", None): (NRI, "stated"),  # the continuation: "at the national, regional and …"
    ("41", "c"): ((NAT,), "stated"),  # "at the national level, is the prerogative"
    # "at the regional and international levels", "… ICT indicators globally"
    ("45", None): ((REG, INT, GLO), "stated"),
    ("46", None): ((NAT,), "stated"),  # "at the national level"
}


def test_answer_levels_by_paragraph(kg: KG) -> None:
    rows = kg.named("levels_by_paragraph")
    found = {(r["number"], r["item"], r["level"], r["basis"]) for r in rows}
    expected = {
        (number, item, level, basis)
        for (number, item), (levels, basis) in LEVELS_READ.items()
        for level in levels
    }
    assert found == expected
    twenty = kg.named("levels_by_paragraph", paragraph="20")
    assert [r["item"] for r in twenty] == [None, *"abcdef"]  # printed order


def test_answer_actors_per_paragraph(kg: KG) -> None:
    # 20 c) "[—notably [lead role by] ITU, UNESCO and UNDP—]", "[defined by the UN Secretary General]"
    rows = kg.named("actors_per_paragraph", paragraph="20")
    in_c = {r["actorLabel"] for r in rows if r["item"] == "c"}
    assert {"ITU", "UNESCO", "UNDP", "Secretary-General of the United Nations"} <= in_c
    assert {r["number"] for r in rows} == {"20"}
    fifteen = kg.named("actors_per_paragraph", paragraph="15")
    assert "ITU" in {r["actorLabel"] for r in fifteen}


def test_answer_cross_references(kg: KG) -> None:
    rows = kg.named("cross_references")
    mdg = {r["number"] for r in rows if r["referenceText"] == "Millennium Development Goals"}
    assert mdg == {"5", "7", "9", "14", "16", "19", "41"}  # every "Millennium Development Goals"
    printed = {(r["number"], r["item"], r["referenceText"]) for r in rows}
    assert ("20", "b", "UNGA Resolution 57/270 B") in printed
    assert ("43", None, "Chapter Three") in printed
    annex = {r["targetLabel"] for r in rows if (r["number"], r["item"]) == ("20", "f")}
    assert annex == {RUS, GHA}  # "(Ref to the annex on action lines)": both proposals


RPB = "Regional political bodies"
E_APPS = ("E-government", "E-business", "E-learning", "E-health", "E-employment",
          "E-environment", "E-agriculture", "E-science")  # fmt: skip
# Every explicit assignment, copied by hand from the two annex tables of the seed (one per body
# printed in a cell; a slash or a plus joins co-coordinators; Ghana's blank and "-" cells give none).
ANNEX_A = {
    "C1": ["ECOSOC"], "C2": ["ITU"], "C3": ["ITU", "UNESCO"], "C4": ["ITU", "UNESCO"],
    "C5": ["ITU"], "C6": ["ITU", "UNDP"],
    "E-government": ["UNDP", "ITU"], "E-business": ["WTO", "UNCTAD"],
    "E-learning": ["UNESCO", "ITU"], "E-health": ["WHO", "ITU"], "E-employment": ["ILO"],
    "E-environment": ["WMO"], "E-agriculture": ["FAO"], "E-science": ["UNESCO"],
    "C8": ["UNESCO"], "C9": ["UNESCO"], "C10": ["UNESCO", "ECOSOC"],
    "C11": ["ITU", "UNDP", "ECOSOC"], "B": ["ITU", "ECOSOC"], "D": ["ITU", "UNDP"],
    "E": ["ITU", "ECOSOC"],
}  # fmt: skip
ANNEX_B = {
    "C1": ["UN RCs", RPB], "C2": ["ITU", "UN RCs"], "C3": ["ITU", "UN RCs"],
    "C4": ["ITU", "UNESCO", "UN RCs", RPB], "C5": ["UN RCs", RPB], "C6": ["ITU", "UN RCs", RPB],
    "C7": ["ITU", "UN RCs"], "E-learning": ["UNESCO"], "E-health": ["WHO"],
    "E-employment": ["ILO"], "E-environment": ["WHO", "UNEP", "UN-Habitat"],
    "E-agriculture": ["FAO"], "E-science": ["UNESCO"], "C8": ["UNESCO", "UN RCs"],
    "C10": ["UNESCO"], "C11": ["ITU", "UN RCs", RPB], "B": ["ITU", "UN RCs", RPB], "D": [RPB],
    "E": ["ITU", "UN RCs", "GAID"],
}  # fmt: skip


def test_every_explicit_assignment_of_both_annexes(kg: KG) -> None:
    def line(row: dict[str, object]) -> str:
        label = str(row["actionLineLabel"])
        return label if label in E_APPS else str(row["actionLineCode"])

    found = {
        (row["proponent"], line(row), row["agencyLabel"])
        for row in kg.named("assignments")
        if row["basis"] == "explicit"
    }
    expected = {(RUS, key, agency) for key, agencies in ANNEX_A.items() for agency in agencies}
    expected |= {(GHA, key, agency) for key, agencies in ANNEX_B.items() for agency in agencies}
    assert found == expected


def test_every_addressee_as_printed_is_listed(kg: KG) -> None:
    # 10: "We call upon and encourage national statistical offices and e-government agencies,
    # UN agencies and Regional Commissions, international organizations and other stakeholders"
    row = next(r for r in kg.named("commitments") if str(r["commitment"]).endswith("/para_10/1"))
    assert set(str(row["addresseeText"]).split(" | ")) == {
        "national statistical offices", "e-government agencies", "UN agencies",
        "Regional Commissions", "international organizations", "other stakeholders",
    }  # fmt: skip


def test_a_line_a_proposal_leaves_empty_has_no_agencies(kg: KG) -> None:
    # Annex A prints "C7. ICT applications" as a heading over its e-applications, with no cell;
    # annex B's "C9. Media" cell is "-".
    rows = kg.named("agreement_by_line")
    empty = {(r["actionLineCode"], r["proponent"]) for r in rows if r["agencies"] is None}
    assert empty == {("C7", RUS), ("C9", GHA)}
    assert all(r["agencies"] != "" for r in rows)


# --- a corpus of several drafts: each draft's proposals are compared among themselves -------


@pytest.fixture(scope="module")
def corpus_kg(tmp_path_factory: pytest.TempPathFactory) -> KG:
    """The seed and a synthetic draft of the genre (its own two annex proposals), one corpus."""
    from bench.generate import write_corpus

    synthetic = write_corpus(tmp_path_factory.mktemp("synthetic"), 1, seed=3)
    return KG(Store.from_text(corpus_nquads([*corpus_files(), *synthetic])))


def _by_proposal(rows: list[dict[str, object]]) -> dict[str, set[tuple[object, ...]]]:
    found: dict[str, set[tuple[object, ...]]] = {}
    for row in rows:
        found.setdefault(str(row["proposal"]), set()).add(tuple(sorted(map(str, row.items()))))
    return found


def test_each_proposal_of_a_corpus_is_its_own_row(kg: KG, corpus_kg: KG) -> None:
    seed_rows = _by_proposal(kg.named("proposals"))
    corpus_rows = _by_proposal(corpus_kg.named("proposals"))
    assert len(corpus_rows) == len(seed_rows) + 2  # the synthetic draft's two proposals
    assert {p: corpus_rows[p] for p in seed_rows} == seed_rows  # counted as before


def test_agreement_is_within_a_draft_whatever_else_is_in_the_corpus(kg: KG, corpus_kg: KG) -> None:
    seed_rows = _by_proposal(kg.named("agreement_by_line"))
    corpus_rows = _by_proposal(corpus_kg.named("agreement_by_line"))
    assert {p: corpus_rows[p] for p in seed_rows} == seed_rows
    assert len(corpus_rows) == len(seed_rows) + 2


def test_the_api_compares_each_drafts_proposals_apart(kg: KG, corpus_kg: KG) -> None:
    seed = kg.compare_proposals()
    (document,) = {c.document for c in seed}
    in_corpus = corpus_kg.compare_proposals()
    assert [c for c in in_corpus if c.document == document] == seed
    assert len({c.document for c in in_corpus}) == 2


def test_one_comparison_model_agrees_with_the_agreement_query(corpus_kg: KG) -> None:
    """The API and the page use compare_proposals.rq; the library's agreement_by_line must say
    the same for every line of every draft of a corpus."""
    by_query = {
        (str(r["document"]), str(r["actionLineCode"]), str(r["actionLineLabel"])): bool(r["agree"])
        for r in corpus_kg.named("agreement_by_line")
    }
    by_model = {
        (c.document, c.action_line_code, c.action_line_label): c.agree
        for c in corpus_kg.compare_proposals()
    }
    assert by_model == by_query
    assert False in by_model.values()
    assert True in by_model.values()


@pytest.mark.parametrize("name", views().names())
def test_every_view_query_parses_and_declares_its_parameters(name: str) -> None:
    query = views().get(name)
    assert query.question.endswith("?")
    assert query.columns
    ox.Store().query(query.text)  # a SyntaxError names the position
    body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
    for parameter in query.parameters:
        assert f"?{parameter.name}" in body
        assert parameter.kind in {"iri", "integer", "string"}


def test_view_queries_are_not_in_the_library() -> None:
    assert not set(views().names()) & set(registry().names())
