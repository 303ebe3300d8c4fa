"""Fifteen questions a researcher asks of the shipped draft, as a regression suite.

Every expected answer below was written by reading ``corpus/000_789c031e886835c5.txt`` (the
paragraph or annex row it comes from is quoted next to it); the answers themselves come from
the graph, through the named queries of ``queries/`` or SPARQL over the API, never from here.
"""

from __future__ import annotations

import pytest
from kg_support import seed_kg

from wsiskg.api import KG

RUS, GHA = "Russian Federation", "Ghana"
PREFIXES = """PREFIX wsis: <https://w3id.org/wsiskg/ontology#>
PREFIX pro:  <http://purl.org/spar/pro/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


@pytest.fixture(scope="module")
def kg() -> KG:
    return seed_kg()


def rows(kg: KG, name: str, *keys: str, **params: str) -> set[tuple[object, ...]]:
    return {tuple(row[k] for k in keys) for row in kg.named(name, **params)}


def select(kg: KG, query: str, *keys: str) -> list[tuple[object, ...]]:
    return [tuple(row[k] for k in keys) for row in kg.query(PREFIXES + query)]


# 1. Who coordinates a line, proposal by proposal?
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # Annex A "E-health … WHO+ ITU"; annex B "E-health … WHO"
        ("e-health", {(RUS, "WHO"), (RUS, "ITU"), (GHA, "WHO")}),
        # A "C4. Capacity building  ITU + UNESCO"; B "ITU/UNESCO+UN RCs+Regional political bodies"
        ("C4", {(RUS, "ITU"), (RUS, "UNESCO"), (GHA, "ITU"), (GHA, "UNESCO"), (GHA, "UN RCs"),
                (GHA, "Regional political bodies")}),
    ],
)  # fmt: skip
def test_q01_coordinators_per_proposal(kg: KG, line: str, expected: set[tuple[str, str]]) -> None:
    assert {(a.proponent, a.agency_label) for a in kg.coordinators(line)} == expected


# 2. Where do the two proposals agree? Only E-employment (ILO / ILO), E-agriculture (FAO /
# FAO) and E-science (UNESCO / UNESCO); E-learning differs (A "UNESCO + ITU", B "UNESCO").
def test_q02_agreement(kg: KG) -> None:
    agreed = {c.action_line_label for c in kg.compare_proposals() if c.agree}
    assert agreed == {"E-employment", "E-agriculture", "E-science"}


# 3. What is an agency's portfolio? WHO: A gives it E-health; B E-health and E-environment
# ("WHO/UNEP/UN-Habitat").
def test_q03_agency_portfolio(kg: KG) -> None:
    found = rows(kg, "agency_portfolio", "proponent", "actionLines", agency="WHO")
    assert found == {(RUS, "E-health"), (GHA, "E-health, E-environment")}


# 4. Which lines has a proposal left without a coordinator? Ghana prints "-" for C9 Media;
# its blank E-government and E-business cells take C7's "ITU +UN RCs".
def test_q04_lines_with_no_coordinator(kg: KG) -> None:
    nobody = {
        (row["proposalLabel"], row["actionLineLabel"])
        for row in kg.named("coordinators")
        if row["agency"] is None
    }
    assert nobody == {(GHA, "Media")}
    (ghana,) = [a for a in kg.coordinators("C9") if a.names_nobody]
    assert (ghana.proponent, ghana.basis) == (GHA, "none")


# 5. Which bodies does only one side name? A alone: ECOSOC, UNDP, WTO, UNCTAD, WMO; B alone:
# UN RCs, Regional political bodies, UNEP, UN-Habitat and the Global Alliance (row E).
def test_q05_bodies_named_by_one_side_only(kg: KG) -> None:
    query = """
    SELECT DISTINCT ?proponent ?label WHERE {
      ?a pro:relatesToDocument ?p ; pro:isHeldBy ?agency ; wsis:basis/skos:prefLabel "explicit"@en .
      ?p wsis:proponentName ?proponent .
      FILTER NOT EXISTS {
        ?b pro:relatesToDocument ?other ; pro:isHeldBy ?agency .
        ?other a wsis:Proposal . FILTER (?other != ?p)
      }
      OPTIONAL { ?agency wsis:acronym ?acronym } ?agency skos:prefLabel ?name .
      BIND (STR(COALESCE(?acronym, ?name)) AS ?label)
    }"""
    found = set(select(kg, query, "proponent", "label"))
    assert found == {
        (RUS, "ECOSOC"), (RUS, "UNDP"), (RUS, "WTO"), (RUS, "UNCTAD"), (RUS, "WMO"),
        (GHA, "UN RCs"), (GHA, "Regional political bodies"), (GHA, "UNEP"), (GHA, "UN-Habitat"),
        (GHA, "GAID"),
    }  # fmt: skip


# 6. Which paragraphs and items are bracketed as a whole? [13. …], [15. …], [21. …], [22. …],
# 43. [We agree …], 48. [We request …]; items 7 u) […] and 20 f) […].
def test_q06_wholly_bracketed(kg: KG) -> None:
    found = rows(kg, "wholly_bracketed", "kind", "number", "item")
    paragraphs = {("paragraph", n, None) for n in ("13", "15", "21", "22", "43", "48")}
    assert found == paragraphs | {("item", "7", "u"), ("item", "20", "f")}


# 7. Which deadlines are contested? Only paragraph 2's "[by 2007/2008/2009/2010]"; 7's "by
# 2015" and 20 c's "by July 2006" stand outside any bracket.
def test_q07_contested_deadlines(kg: KG) -> None:
    found = rows(kg, "deadlines", "number", "item", "contested", "alternatives", "date")
    assert found == {
        ("2", None, True, "2007 | 2008 | 2009 | 2010", None),
        ("7", None, False, None, "2015"),
        ("20", "c", False, None, "2006-07"),
    }


# 8. What is asked of the UN Secretary-General? 13 "call upon the Secretary General of the
# United Nations to set up a working group", 49 "request the Secretary General of the United
# Nations to submit a report"; 48 asks the Secretary-General of the Summit, another post.
def test_q08_commitments_addressed_to_the_un_secretary_general(kg: KG) -> None:
    found = rows(kg, "commitments", "number", "verb", actor="UN Secretary-General")
    assert found == {("13", "call upon"), ("49", "request")}
    summit = rows(kg, "commitments", "number", actor="Secretary-General of the Summit")
    assert summit == {("48",)}


# 9. At which level? 1 "at global, national and local levels"; 18 "At the national level";
# 19 "At the regional level:"; 20 "At the international level".
@pytest.mark.parametrize(
    ("paragraph", "levels"),
    [("1", {"global", "national", "local"}), ("18", {"national"}), ("19", {"regional"}),
     ("20", {"international"})],
)  # fmt: skip
def test_q09_levels(kg: KG, paragraph: str, levels: set[str]) -> None:
    found = rows(kg, "levels_by_paragraph", "item", "level", paragraph=paragraph)
    assert {level for item, level in found if item is None} == levels


# 10. Who is named in 20 f? "The head of a central coordinating body (ITU/WSIS-ES) and/or the
# Global Alliance on ICT and Development": ITU, WSIS-ES and GAID.
def test_q10_actors_of_20_f(kg: KG) -> None:
    found = rows(kg, "actors_per_paragraph", "item", "actorLabel", paragraph="20")
    assert {label for item, label in found if item == "f"} == {"ITU", "WSIS-ES", "GAID"}


# 11. Which wordings are contested, with which alternatives? 2 the years; 7 "[all] /[all women
# and men]/[all citizens]"; 7 f "[volunteerism] [involvement]"; 17 b "evaluation;[/ review]";
# 17 c "review [/ and follow up]"; 40 "[agreements] [decisions] [outcomes]"; annex B's
# role header "[Moderator/Coordinator]".
def test_q11_contested_wording_and_alternatives(kg: KG) -> None:
    groups: dict[tuple[object, object, object], list[str]] = {}
    for row in kg.named("alternatives"):
        groups.setdefault((row["number"], row["item"], row["annex"]), []).append(str(row["option"]))
    assert {key: tuple(options) for key, options in groups.items()} == {
        ("2", None, None): ("2007", "2008", "2009", "2010"),
        ("7", None, None): ("all", "all women and men", "all citizens"),
        ("7", "f", None): ("volunteerism", "involvement"),
        ("17", "b", None): ("evaluation", "review"),
        ("17", "c", None): ("review", "and follow up"),
        ("40", None, None): ("agreements", "decisions", "outcomes"),
        (None, None, "B"): ("Moderator", "Coordinator"),
    }


# 12. Where are the MDGs and UNGA resolutions cited? "Millennium Development Goals" in 5, 7, 9,
# 14, 16, 19 a and 41 a (18 a cites the Millennium Declaration, another text); "UNGA
# Resolution 57/270 B" in 20 b.
def test_q12_references(kg: KG) -> None:
    found = rows(kg, "cross_references", "number", "item", "target")
    mdg = {(n, i) for n, i, target in found if str(target).endswith("/ref/mdg")}
    assert mdg == {("5", None), ("7", None), ("9", None), ("14", None), ("16", None),
                   ("19", "a"), ("41", "a")}  # fmt: skip
    resolutions = {(n, i, str(t).rsplit("/", 1)[-1]) for n, i, t in found if "-res-" in str(t)}
    assert resolutions == {("20", "b", "unga-res-57-270-b")}


# 13. Which provisions say "should" or "must"? must: 1 "All stakeholders must identify …".
# should: 3 "The Regional dialogue should contribute", 4 "efforts should be made", 20 a, 20 b
# (three sentences), 20 c (two), 20 e, 41 "WSIS follow up mechanisms should be based", 41 b
# "This framework should include", 42 "… should be sought", 44 "… should continue to be
# developed": 13. The 18 a–d "should" items continue "we encourage governments" instead.
def test_q13_should_and_must_provisions(kg: KG) -> None:
    must = rows(kg, "commitments", "number", "addressees", modality="must")
    assert must == {("1", "all stakeholders")}
    should = [(row["number"], row["item"]) for row in kg.named("commitments", modality="should")]
    assert len(should) == 13
    assert {number for number, _ in should} == {"3", "4", "20", "41", "42", "44"}
    assert sorted(i for n, i in should if n == "20") == ["a", "b", "b", "b", "c", "c", "e"]


# 14. How often is ITU mentioned? 5 times in the text (15 "(ITU)", 20 c, 20 e "ITU-led",
# 20 f "ITU/WSIS-ES", 22), 12 times in annex A and 8 in annex B: 25.
def test_q14_itu_mentions(kg: KG) -> None:
    query = """SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?m) AS ?distinct) WHERE {
      ?m wsis:refersTo <https://w3id.org/wsiskg/id/org/itu> }"""
    assert select(kg, query, "n", "distinct") == [(25, 25)]


# 15. Which commitments are bracketed? 6 "[Within that context, we undertake …]", 7 u, 13
# (recognize, call upon), 15 (invite), 20 f (is to), 21 (request), 22 (request, request), 43
# (agree), 48 (request): 11; 20 c's verb stands outside "[defined by the UN Secretary
# General]".
def test_q15_bracketed_commitments(kg: KG) -> None:
    query = """SELECT ?number ?item ?verb WHERE {
      ?c wsis:bracketed true ; wsis:inBracket ?bracket ; wsis:modality/skos:prefLabel ?label ;
         wsis:statedIn ?where .
      OPTIONAL { ?where wsis:itemLabel ?item ; dcterms:isPartOf/wsis:number ?itemOf }
      OPTIONAL { ?where wsis:number ?own }
      BIND (STR(COALESCE(?own, ?itemOf)) AS ?number) BIND (STR(?label) AS ?verb)
    }"""
    found = sorted(select(kg, query, "number", "item", "verb"), key=str)
    assert found == sorted(
        [("6", None, "undertake"), ("7", "u", "are committed"), ("13", None, "recognize"),
         ("13", None, "call upon"), ("15", None, "invite"), ("20", "f", "is to"),
         ("21", None, "request"), ("22", None, "request"), ("22", None, "request"),
         ("43", None, "agree"), ("48", None, "request")],
        key=str,
    )  # fmt: skip
