"""Commitments of the three constructed drafts, each expectation written by reading the text.

``tests/data/genre/*_constructed.txt`` are hand-written drafts of the genre (their first line
says so) that exercise, in wordings the seed does not use, every extraction rule of
``docs/extraction.md``: provisions anywhere (active with bearers, passive without), modals in
a that-clause, object-less chapeaux whose items name their addressees, bracketed and
coordinated infinitives, "including" groups, slash-joined bodies, the bracketed flag and its
inheritance, event dates and deadlines, and "-" / blank annex cells.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from kg_support import corpus_nquads
from rdflib import Dataset, Literal, URIRef

from wsiskg.api import KG
from wsiskg.extract import Commitment, Extraction, extract
from wsiskg.graph.dataset import build_corpus, dataset_graphs
from wsiskg.graph.lexicon import load_lexicon
from wsiskg.namespaces import RDF, WSIS
from wsiskg.query.store import Store
from wsiskg.text.model import Document
from wsiskg.text.parse import parse_file

DATA = Path(__file__).with_name("data") / "genre"
CAPACITY = DATA / "capacity_building_constructed.txt"
REGIONAL = DATA / "regional_follow_up_constructed.txt"
AWARENESS = DATA / "awareness_monitoring_constructed.txt"
ID = "https://w3id.org/wsiskg/id/"

# unresolved names are given as printed, in angle brackets: they are minted as actors
GOV, DONORS, UN_RCS = "id/actor/governments", "id/actor/donors", "id/org/un-rcs"
HEADING, STATED = "heading", "stated"

# (paragraph, item, k): (modality, addressees or bearers, levels, level basis, bracketed,
#                        deadline as printed, provision)
Expected = dict[
    tuple[str, str | None, int],
    tuple[str, tuple[str, ...], tuple[str, ...], str | None, bool, str | None, bool],
]

CAPACITY_COMMITMENTS: Expected = {
    # "We note that the Capacity Building Forum met for the first time in March 2004."
    ("60", None, 1): ("note", (), (), None, False, None, False),
    # "Multilateral agencies and donors should align their support … by 2008."
    ("60", None, 2): ("should", ("<Multilateral agencies>", DONORS), (), None, False,
                      "by 2008", True),
    # "We invite:" names nobody: each item names whom it asks
    ("61", None, 1): ("invite", (), (), None, False, None, False),
    ("61", "a", 1): ("invite", ("<parliaments>",), (), None, False, None, False),
    ("61", "b", 1): ("invite", ("<academia>", "<technical community>"), (), None, False,
                     None, False),
    ("61", "c", 1): ("invite", ("<local authorities>",), (), None, True, "by 2009", False),
    # "At the regional level, the UN Regional Commissions may convene …"
    ("62", None, 1): ("may", (UN_RCS,), ("regional",), HEADING, False, None, True),
    # "Training programmes should be evaluated regularly.": passive, no bearer
    ("62", None, 2): ("should", (), ("regional",), HEADING, False, None, True),
    # "We affirm that capacity building should remain a priority …": no provision
    ("63", None, 1): ("affirm", (), (), None, False, None, False),
    # "the specialized agencies, including UNESCO and ILO, to [adopt] [develop] … by 2007"
    ("63", None, 2): ("encourage", ("<specialized agencies>",), (), None, False, "by 2007",
                      False),
    # "[We call upon UNDP/UNCTAD to support …]"
    ("64", None, 1): ("call-upon", ("id/org/undp", "id/org/unctad"), (), None, True, None,
                      False),
}  # fmt: skip

REGIONAL_COMMITMENTS: Expected = {
    # the whole draft is wrapped in one bracket: the wrapper makes nothing bracketed
    ("70", None, 1): ("recall", (), (), None, False, None, False),
    # "Donors shall report annually on their ICT assistance."
    ("70", None, 2): ("shall", (DONORS,), (), None, False, None, True),
    # "[The regional action plan must be updated no later than 2010.]"
    ("70", None, 3): ("must", (), (), None, True, "no later than 2010", True),
    ("71", None, 1): ("call-upon", (), (), None, False, None, False),
    ("71", "a", 1): ("call-upon", ("id/actor/member-states",), (), None, False, None, False),
    # "b) [ITU/UNESCO to assist them …;]"
    ("71", "b", 1): ("call-upon", ("id/org/itu", "id/org/unesco"), (), None, True, None,
                     False),
    ("71", "c", 1): ("call-upon", ("<regional development banks>",), (), None, False,
                     "before 2012", False),
    # "At the national level, governments could convene …"
    ("72", None, 1): ("could", (GOV,), ("national",), HEADING, False, None, True),
    # "We stress that national e-strategies must remain country-led.": no provision
    ("72", None, 2): ("stress", (), ("national",), HEADING, False, None, False),
    ("73", None, 1): ("urge", ("id/actor/regional-organizations",), (), None, False, None,
                      False),
}  # fmt: skip

AWARENESS_COMMITMENTS: Expected = {
    ("80", None, 1): ("welcome", (), (), None, False, None, False),
    # "The specialized agencies, including WHO and WMO, are to publish …"
    ("80", None, 2): ("is-to", ("<specialized agencies>",), (), None, False, None, True),
    # "[81. We encourage: a) civil society to …; b) the private sector to ….]"
    ("81", None, 1): ("encourage", (), (), None, True, None, False),
    ("81", "a", 1): ("encourage", ("id/actor/civil-society",), (), None, True, None, False),
    ("81", "b", 1): ("encourage", ("id/actor/private-sector",), (), None, True, None, False),
    # "WHO/UNEP should monitor …"
    ("82", None, 1): ("should", ("id/org/who", "id/org/unep"), (), None, False, None, True),
    # "At the international level, the reports may be reviewed by the Economic and Social
    # Council.": passive (the agent is no bearer), level stated in the sentence
    ("82", None, 2): ("may", (), ("international",), STATED, False, None, True),
    ("83", None, 1): ("request", ("id/post/un-secretary-general",), (), None, False,
                      "by July 2007", False),
}  # fmt: skip


def _read(path: Path) -> tuple[Document, Extraction]:
    document = parse_file(path)
    return document, extract(document, load_lexicon())


def _who(c: Commitment) -> tuple[str, ...]:
    return tuple(a.actor if a.actor is not None else f"<{a.text}>" for a in c.addressees)


def _summary(document: Document, c: Commitment) -> tuple[object, ...]:
    deadline = document.slice(c.deadlines[0].span) if c.deadlines else None
    basis = c.level_basis.value if c.level_basis is not None else None
    return (c.modality, _who(c), c.levels, basis, c.bracketed, deadline, c.provision)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (CAPACITY, CAPACITY_COMMITMENTS),
        (REGIONAL, REGIONAL_COMMITMENTS),
        (AWARENESS, AWARENESS_COMMITMENTS),
    ],
    ids=["capacity", "regional", "awareness"],
)
def test_commitments_as_read(path: Path, expected: Expected) -> None:
    document, extraction = _read(path)
    found = {(c.paragraph, c.item, c.index): _summary(document, c) for c in extraction.commitments}
    assert found == expected


def _action(path: Path, paragraph: str, item: str | None = None, k: int = 1) -> str:
    document, extraction = _read(path)
    (c,) = [
        c for c in extraction.commitments if (c.paragraph, c.item, c.index) == (paragraph, item, k)
    ]
    return document.slice(c.action_span)


@pytest.mark.parametrize(
    ("path", "paragraph", "k", "action"),
    [
        (CAPACITY, "63", 2, "to [adopt] [develop] joint training plans by 2007, and to report on "
         "them to the Economic and Social Council"),
        (REGIONAL, "73", 1, "to [coordinate] [harmonize] their ICT programmes, and to share them "
         "with the UN Regional Commissions"),
        (AWARENESS, "83", 1, "to [promote] and to monitor the implementation of this chapter, "
         "and to present a report by July 2007"),
    ],
)  # fmt: skip
def test_bracketed_and_coordinated_infinitives_stay_in_the_action(
    path: Path, paragraph: str, k: int, action: str
) -> None:
    assert _action(path, paragraph, None, k) == action


def test_item_addressees_replace_the_object_less_chapeau() -> None:
    assert _action(CAPACITY, "61", "a") == "to review national legislation on access to information"


@pytest.mark.parametrize(
    ("path", "paragraph", "group", "members"),
    [
        (CAPACITY, "63", "specialized agencies", ("id/org/unesco", "id/org/ilo")),
        (REGIONAL, "73", "regional organizations",
         ("<Organization of American States>", "<Andean Community>")),
    ],
)  # fmt: skip
def test_including_groups_record_their_members(
    path: Path, paragraph: str, group: str, members: tuple[str, ...]
) -> None:
    _, extraction = _read(path)
    (c,) = [c for c in extraction.commitments if c.paragraph == paragraph and c.addressees]
    (head,) = c.addressees
    assert head.text == group
    assert tuple(m.actor or f"<{m.text}>" for m in head.members) == members


# --- in the graph --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph() -> Dataset:
    return build_corpus([_read(path) for path in (CAPACITY, REGIONAL, AWARENESS)])


def _commitment(graph: Dataset, slug: str, eid: str, k: int = 1) -> URIRef:
    node = next(
        c
        for c in dataset_graphs(graph)("statements").subjects(RDF.type, WSIS.Commitment)
        if str(c).endswith(f"/commitment/{eid}/{k}") and f"/doc/{slug}" in str(c)
    )
    assert isinstance(node, URIRef)
    return node


def test_bracketed_items_link_to_their_own_or_the_chapeau_bracket(graph: Dataset) -> None:
    statements, spans = dataset_graphs(graph)("statements"), dataset_graphs(graph)("spans")
    own = _commitment(graph, "capacity-building", "para_61__item_c")
    assert statements.value(own, WSIS.bracketed) == Literal(True)
    bracket = statements.value(own, WSIS.inBracket)
    assert str(spans.value(bracket, URIRef(_NIF + "anchorOf"))).startswith("[local authorities")
    chapeau = _commitment(graph, "awareness-monitoring", "para_81")
    item = _commitment(graph, "awareness-monitoring", "para_81__item_a")
    assert statements.value(item, WSIS.inBracket) == statements.value(chapeau, WSIS.inBracket)
    unbracketed = _commitment(graph, "capacity-building", "para_61__item_a")
    assert statements.value(unbracketed, WSIS.bracketed) == Literal(False)
    assert statements.value(unbracketed, WSIS.inBracket) is None


_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"


def test_unknown_addressees_are_minted_actors(graph: Dataset) -> None:
    graphs = dataset_graphs(graph)
    parliaments = URIRef(ID + "actor/parliaments")
    node = _commitment(graph, "capacity-building", "para_61__item_a")
    assert (node, WSIS.addressee, parliaments) in graphs("statements")
    assert (parliaments, WSIS.mintedFromText, Literal(True)) in graphs("actors")
    assert (parliaments, RDF.type, WSIS.Actor) in graphs("actors")


def test_provisions_are_typed(graph: Dataset) -> None:
    statements = dataset_graphs(graph)("statements")
    assert (_commitment(graph, "regional-follow-up", "para_70", 2), RDF.type, WSIS.Provision) in (
        statements
    )
    assert (
        _commitment(graph, "regional-follow-up", "para_70", 1),
        RDF.type,
        WSIS.Provision,
    ) not in (statements)


@pytest.mark.parametrize(
    ("slug", "eid", "instant"),
    [
        ("capacity-building", "para_60", "time/2004-03"),  # "met … in March 2004"
        ("regional-follow-up", "para_70", "time/2003-01"),  # "held … in January 2003"
        ("awareness-monitoring", "para_80", "time/2006-05"),  # "on 17 May 2006"
    ],
)
def test_past_events_are_dates_with_the_role_event(
    graph: Dataset, slug: str, eid: str, instant: str
) -> None:
    statements = dataset_graphs(graph)("statements")
    assert (_commitment(graph, slug, eid), WSIS.eventDate, URIRef(ID + instant)) in statements
    events = set(statements.subjects(WSIS.dateRole, URIRef(ID + "date-role/event")))
    assert any((e, WSIS.denotesTime, URIRef(ID + instant)) in statements for e in events)


def test_deadlines_are_dates_with_the_role_deadline(graph: Dataset) -> None:
    statements = dataset_graphs(graph)("statements")
    deadlines = set(statements.subjects(WSIS.dateRole, URIRef(ID + "date-role/deadline")))
    # by 2008, by 2009, by 2007 / no later than 2010, before 2012 / by July 2007
    assert len(deadlines) == 6
    assert any((d, WSIS.denotesTime, URIRef(ID + "time/2007-07")) in statements for d in deadlines)


# --- annex cells that name nobody --------------------------------------------------------


@pytest.fixture(scope="module")
def kg() -> KG:
    return KG(Store.from_text(corpus_nquads([CAPACITY, REGIONAL, AWARENESS])))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # E (African Group): C9 "-", C10 blank; F: C8 "-", C11 blank; G: C9 "UNESCO"
        ("C9", {("African Group", "", "none"), ("Small Island Developing States", "UNESCO", "explicit")}),
        ("C10", {("African Group", "", "blank")}),
        ("C8", {("Latin American and Caribbean Group", "", "none")}),
        ("C11", {("Latin American and Caribbean Group", "", "blank")}),
        # G (Small Island Developing States): E-environment "-", E-health blank inherits C7 WHO
        ("e-environment", {("Small Island Developing States", "", "none")}),
        ("e-health", {("Small Island Developing States", "WHO", "inherited")}),
        # "UNESCO/ILO", "ITU/UN RCs": a slash joins co-coordinators
        ("C4", {("African Group", "UNESCO", "explicit"), ("African Group", "ILO", "explicit")}),
        ("C2", {("Latin American and Caribbean Group", "ITU", "explicit"),
                ("Latin American and Caribbean Group", "UN RCs", "explicit")}),
    ],
)  # fmt: skip
def test_coordinators_answer_none_and_blank_cells(
    kg: KG, line: str, expected: set[tuple[str, str, str]]
) -> None:
    found = {(a.proponent, a.agency_label, a.basis) for a in kg.coordinators(line)}
    assert found == expected
