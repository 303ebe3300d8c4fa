"""Extraction: commitments, mentions, levels, dates, references and assignments.

Expected values are written from reading the texts (the seed and
``tests/data/extract_financing.txt``, a second draft of the same genre), against a
hand-written lexicon so that these tests check the extraction rules, not the shipped
vocabularies (one test at the end runs the shipped lexicon).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from genre import GeneratedDocument, documents
from hypothesis import HealthCheck, given, settings

import wsiskg.extract
from wsiskg.extract import (
    Commitment,
    CommitmentRef,
    Extraction,
    LevelBasis,
    Lexicon,
    Place,
    extract,
)
from wsiskg.text.model import Document, Span
from wsiskg.text.parse import parse_document, parse_file

GOV = "id/actor/governments"
STAKEHOLDERS = "id/actor/stakeholders"
INTL_ORGS = "id/actor/international-organizations"
REGIONAL_ORGS = "id/actor/regional-organizations"
UN_SG = "id/post/un-secretary-general"
REGIONAL_IGOS = "id/actor/regional-intergovernmental-organizations"
NATIONAL, REGIONAL, INTERNATIONAL = "national", "regional", "international"
STATED, HEADING, CHAPEAU = LevelBasis.STATED, LevelBasis.HEADING, LevelBasis.CHAPEAU

LEXICON = Lexicon(
    actors={
        "itu": "id/org/itu",
        "international telecommunication union": "id/org/itu",
        "who": "id/org/who",
        "world health organization": "id/org/who",
        "unesco": "id/org/unesco",
        "undp": "id/org/undp",
        "ecosoc": "id/org/ecosoc",
        "wto": "id/org/wto",
        "unctad": "id/org/unctad",
        "ilo": "id/org/ilo",
        "wmo": "id/org/wmo",
        "fao": "id/org/fao",
        "unep": "id/org/unep",
        "un-habitat": "id/org/un-habitat",
        "un rcs": "id/org/un-rcs",
        "un regional commissions": "id/org/un-rcs",
        "un regional economic commissions": "id/org/un-rcs",
        "regional commissions": "id/org/un-rcs",
        "unga": "id/org/unga",
        "general assembly": "id/org/unga",
        "united nations": "id/org/un",
        "un": "id/org/un",
        "global alliance on ict and development": "id/org/gaid",
        "governments": GOV,
        "stakeholders": STAKEHOLDERS,
        "all stakeholders": STAKEHOLDERS,
        "other stakeholders": STAKEHOLDERS,
        "wsis stakeholders": STAKEHOLDERS,
        "international organizations": INTL_ORGS,
        "intergovernmental organizations": "id/actor/intergovernmental-organizations",
        "regional organizations": REGIONAL_ORGS,
        "national statistical offices": "id/actor/national-statistical-offices",
        "e-government agencies": "id/actor/e-government-agencies",
        "un agencies": "id/actor/un-agencies",
        "un agency": "id/actor/un-agencies",
        "regional inter-governmental organizations": REGIONAL_IGOS,
        "international community": "id/actor/international-community",
        "civil society": "id/actor/civil-society",
        "private sector": "id/actor/private-sector",
        "countries": "id/actor/countries",
        "developing countries": "id/actor/developing-countries",
        "regional political bodies": "id/actor/regional-political-bodies",
        "member states": "id/actor/member-states",
        "secretary general": UN_SG,
        "secretary general of the united nations": UN_SG,
        "un secretary general": UN_SG,
        "secretary-general of the summit": "id/post/summit-secretary-general",
    },
    modalities={
        "encourage": "encourage",
        "invite": "invite",
        "call upon": "call-upon",
        "call on": "call-upon",
        "call for": "call-for",
        "request": "request",
        "urge": "urge",
        "recognize": "recognize",
        "reaffirm": "reaffirm",
        "acknowledge": "acknowledge",
        "note with appreciation": "note",
        "commit ourselves": "commit",
        "commit": "commit",
        "are committed to": "commit",
        "are resolved to": "resolve",
        "are determined": "determine",
        "undertake": "undertake",
        "agree": "agree",
        "welcome": "welcome",
        "support": "support",
        "affirm": "affirm",
        "underline": "underline",
        "recall": "recall",
        "applaud": "applaud",
        "consider": "consider",
        "reiterate": "reiterate",
        "should": "should",
        "could": "could",
        "may": "may",
        "must": "must",
        "shall": "shall",
        "is to": "is-to",
    },
    levels={
        "national": NATIONAL,
        "nationally": NATIONAL,
        "regional": REGIONAL,
        "regionally": REGIONAL,
        "international": INTERNATIONAL,
        "internationally": INTERNATIONAL,
        "global": "global",
        "globally": "global",
        "local": "local",
    },
    references={
        "plan of action": "id/ref/plan-of-action",
        "millennium development goals": "id/ref/mdg",
        "millennium declaration": "id/ref/millennium-declaration",
        "charter of the united nations": "id/ref/un-charter",
    },
    capitalised=frozenset({"who", "un", "itu", "ilo"}),
    directives=frozenset({"encourage", "invite", "call-upon", "call-for", "request", "urge"}),
    deontic=frozenset({"should", "could", "may", "must", "shall", "is-to"}),
)

SECOND = Path(__file__).parent / "data" / "extract_financing.txt"


@pytest.fixture(scope="module")
def seed(seed_document: Document) -> Extraction:
    return extract(seed_document, LEXICON)


@pytest.fixture(scope="module")
def second_document() -> Document:
    return parse_file(SECOND)


@pytest.fixture(scope="module")
def second(second_document: Document) -> Extraction:
    return extract(second_document, LEXICON)


def commitment(x: Extraction, paragraph: str, item: str | None, index: int) -> Commitment:
    found = [c for c in x.commitments if c.ref == CommitmentRef(paragraph, item, index)]
    assert len(found) == 1, f"{paragraph}{item or ''}/{index}: {len(found)} commitments"
    return found[0]


def actors(c: Commitment) -> tuple[str | None, ...]:
    return tuple(a.actor for a in c.addressees)


# --- every span points into the original text -------------------------------------------


def spans(x: Extraction) -> Iterator[tuple[str, Span, str | None]]:
    """Every span of an extraction, with the text it must show (None: no text to compare)."""
    for m in x.mentions:
        yield "mention", m.span, m.text
    for c in x.commitments:
        yield "commitment", c.span, None
        yield "modality", c.modality_span, c.verb
        yield "action", c.action_span, None
        for a in c.addressees:
            yield "addressee", a.span, a.text
        for source in c.level_sources:
            yield "level source", source, None
    for d in x.deadlines:
        yield "deadline", d.span, d.text
        for option in d.options:
            yield "date option", option.span, option.text
    for date in x.dates:
        yield "date", date.span, date.text
    for r in x.cross_references:
        yield "reference", r.span, r.text
    for s in x.levels:
        yield "level", s.span, s.text
    for assignment in x.assignments:
        yield "body", assignment.body_span, assignment.body
        yield "cell", assignment.cell_span, None
        yield "role header", assignment.role_span, None


@pytest.mark.parametrize("which", ["seed", "second"])
def test_every_span_is_the_original_text(
    which: str, request: pytest.FixtureRequest, seed_document: Document
) -> None:
    x: Extraction = request.getfixturevalue(which)
    document = seed_document if which == "seed" else request.getfixturevalue("second_document")
    checked = 0
    for label, span, text in spans(x):
        assert span.end <= len(document.text), label
        if text is not None:
            assert document.text[span.start : span.end] == text, (label, span)
        checked += 1
    assert checked > 100 if which == "seed" else checked > 30


def test_spans_carry_no_stray_edges(seed: Extraction, seed_document: Document) -> None:
    for c in seed.commitments:
        action = seed_document.slice(c.action_span)
        assert action == action.strip(" \n;,.:"), c.ref
        assert action.count("[") == action.count("]"), (c.ref, action)
        assert c.span.contains(c.modality_span) or c.continues is not None


# --- commitments of the seed --------------------------------------------------------------

COMMITMENTS = [
    # paragraph, item, k, modality, verb as printed, addressees
    ("1", None, 1, "recognize", "recognise", ()),
    ("2", None, 1, "acknowledge", "acknowledge", ()),
    ("2", None, 2, "encourage", "encourage", (GOV,)),
    ("3", None, 2, "reiterate", "reiterate", ()),
    ("3", None, 3, "recognize", "recognize", ()),
    ("7", None, 1, "reaffirm", "reaffirm", ()),
    ("7", None, 2, "commit", "are committed to", ()),
    ("8", None, 1, "call-upon", "call on", (INTL_ORGS, "id/actor/intergovernmental-organizations")),
    (
        "10",
        None,
        1,
        "call-upon",
        "call upon",
        (
            "id/actor/national-statistical-offices",
            "id/actor/e-government-agencies",
            "id/actor/un-agencies",
            "id/org/un-rcs",
            INTL_ORGS,
            STAKEHOLDERS,
        ),
    ),
    ("10", None, 3, "invite", "invite", ("id/actor/international-community",)),
    ("12", None, 2, "encourage", "encourage", ()),
    ("13", None, 1, "recognize", "recognize", ()),
    ("13", None, 2, "call-upon", "call upon", (UN_SG,)),
    ("14", None, 1, "commit", "commit ourselves", ()),
    ("15", None, 1, "invite", "invite", ("id/org/itu", REGIONAL_ORGS)),
    ("16", None, 2, "underline", "underline", ()),
    ("17", None, 1, "agree", "agree", ()),
    ("18", None, 1, "encourage", "encourage", (GOV,)),
    ("19", "c", 1, "consider", "consider", ()),
    ("21", None, 1, "request", "request", ()),
    ("22", None, 1, "request", "request", ("id/actor/un-agencies",)),
    ("22", None, 2, "request", "request", ("id/org/itu",)),
    ("40", None, 1, "commit", "commit ourselves", ()),
    ("41", None, 3, "call-for", "call for", ("id/actor/private-sector", "id/actor/civil-society")),
    ("41", "b", 1, "commit", "commit", ()),
    ("41", "c", 1, "consider", "consider", ()),
    ("41", "c", 2, "invite", "invite", (STAKEHOLDERS,)),
    ("43", None, 1, "agree", "agree", ()),
    ("44", None, 2, "welcome", "welcome", ()),
    ("44", None, 3, "call-upon", "call upon", (STAKEHOLDERS,)),
    ("45", None, 1, "welcome", "welcome", ()),
    ("46", None, 1, "note", "note with appreciation", ()),
    ("46", None, 2, "encourage", "encourage", (STAKEHOLDERS,)),
    ("46", None, 3, "invite", "invite", ("id/actor/countries",)),
    ("47", None, 1, "agree", "agree", ()),
    ("48", None, 1, "request", "request", ("id/post/summit-secretary-general",)),
    ("49", None, 1, "request", "request", (UN_SG,)),
]


@pytest.mark.parametrize(("paragraph", "item", "k", "modality", "verb", "addressees"), COMMITMENTS)
def test_seed_commitment(
    seed: Extraction,
    paragraph: str,
    item: str | None,
    k: int,
    modality: str,
    verb: str,
    addressees: tuple[str, ...],
) -> None:
    c = commitment(seed, paragraph, item, k)
    assert (c.modality, c.verb, actors(c)) == (modality, verb, addressees)
    assert c.speaker == "id/actor/wsis-participants"


@pytest.mark.parametrize(
    ("paragraph", "count"),
    [
        *[("1", 2), ("3", 4), ("5", 1), ("6", 2), ("9", 3), ("10", 3), ("11", 1)],
        *[("42", 1), ("7", 2 + 23), ("18", 1 + 4), ("41", 7), ("46", 3)],
        # 19 a "could carry out", b "may organize", c "We consider"
        ("19", 3),
        # 20 a should; b three sentences ("could should", "could should", "should"); c two
        # "should"; d "would allow" states a consequence, not a provision; e should; f "is to"
        ("20", 1 + 3 + 2 + 1 + 1),
    ],
)
def test_seed_commitments_per_paragraph(seed: Extraction, paragraph: str, count: int) -> None:
    assert sum(c.paragraph == paragraph for c in seed.commitments) == count


def test_two_verbs_share_one_object(seed: Extraction) -> None:
    """Para 10: "We call upon and encourage X … to support …": two commitments, one action."""
    call, encourage = commitment(seed, "10", None, 1), commitment(seed, "10", None, 2)
    assert call.addressees == encourage.addressees
    assert call.action_span == encourage.action_span


def test_no_break_space_after_we(seed: Extraction, seed_document: Document) -> None:
    invite = commitment(seed, "10", None, 3)
    assert seed_document.slice(invite.span).startswith("We\u00a0invite")
    assert seed_document.slice(invite.action_span).startswith("to strengthen the statistical")


def test_directive_action_starts_at_the_infinitive(
    seed: Extraction, seed_document: Document
) -> None:
    encourage = commitment(seed, "2", None, 2)
    action = seed_document.slice(encourage.action_span)
    assert action.startswith("to elaborate comprehensive")
    assert action.endswith("[by 2007/2008/2009/2010]")
    assert seed_document.slice(encourage.addressees[0].span) == "governments"


def test_items_continue_the_chapeau(seed: Extraction, seed_document: Document) -> None:
    chapeau = commitment(seed, "7", None, 2)
    for label in "abcdefghijklmnopqrstuvw":
        item = commitment(seed, "7", label, 1)
        assert item.continues == chapeau.ref
        assert (item.speaker, item.modality, item.verb) == (
            chapeau.speaker,
            chapeau.modality,
            chapeau.verb,
        )
        assert item.modality_span == chapeau.modality_span  # provenance: the chapeau's verb
        assert item.span == item.action_span
    assert seed_document.slice(commitment(seed, "7", "a", 1).span).startswith("mainstreaming")
    assert commitment(seed, "7", "u", 1).bracketed
    assert not commitment(seed, "7", "t", 1).bracketed


def test_items_after_a_non_commitment_chapeau_continue_nothing(seed: Extraction) -> None:
    # para 17's chapeau ends "That process may include … the following elements:"
    assert not [c for c in seed.commitments if c.paragraph == "17" and c.item]
    assert commitment(seed, "19", "c", 1).continues is None


def test_bracketed_commitments(seed: Extraction) -> None:
    assert commitment(seed, "6", None, 2).bracketed  # [Within that context, we undertake …]
    assert commitment(seed, "13", None, 2).bracketed
    assert commitment(seed, "48", None, 1).bracketed
    assert not commitment(seed, "49", None, 1).bracketed
    assert not commitment(seed, "6", None, 1).bracketed


def test_commitment_in_a_continuation_block(seed: Extraction, seed_document: Document) -> None:
    call = commitment(seed, "41", None, 3)
    assert call.block == 1
    assert seed_document.slice(call.action_span).startswith("to work with Governments")


# --- provisions under a level heading ----------------------------------------------------------

PROVISIONS = [
    # paragraph, item, k, modality, verb as printed, addressees, deadline
    ("19", "a", 1, "could", "could", (REGIONAL_IGOS,), None),
    ("19", "b", 1, "may", "may", ("id/org/un-rcs",), None),
    ("20", "a", 1, "should", "should", (), None),
    ("20", "b", 1, "should", "should", ("id/actor/un-agencies",), None),  # "Each UN agency"
    ("20", "b", 2, "should", "should", (), None),  # "The facilitation could should include"
    ("20", "b", 3, "should", "should", (), None),
    ("20", "c", 1, "should", "should", (), "by July 2006"),
    ("20", "c", 2, "should", "should", (), None),  # "The experience of … UN agencies"
    ("20", "e", 1, "should", "should", (), None),
    ("20", "f", 1, "is-to", "is to", ("id/org/gaid",), None),
]


@pytest.mark.parametrize(
    ("paragraph", "item", "k", "modality", "verb", "addressees", "deadline"), PROVISIONS
)
def test_provisions_under_a_level_heading(
    seed: Extraction,
    paragraph: str,
    item: str,
    k: int,
    modality: str,
    verb: str,
    addressees: tuple[str, ...],
    deadline: str | None,
) -> None:
    c = commitment(seed, paragraph, item, k)
    assert (c.modality, c.verb, actors(c)) == (modality, verb, addressees)
    assert c.speaker == "id/actor/wsis-participants"
    assert c.continues is None
    assert [d.text for d in c.deadlines] == ([deadline] if deadline else [])
    level = REGIONAL if paragraph == "19" else INTERNATIONAL
    assert c.levels == (level,)


def test_provision_spans(seed: Extraction, seed_document: Document) -> None:
    facilitate = commitment(seed, "20", "b", 1)
    assert seed_document.slice(facilitate.span).startswith("Each UN agency, according to")
    assert seed_document.slice(facilitate.action_span).startswith("facilitate activities among")
    # "could should": the negotiation left both; the last one is taken
    assert seed_document.slice(facilitate.modality_span) == "should"
    text = seed_document.text
    assert text[facilitate.modality_span.start - 6 : facilitate.modality_span.start] == "could "
    assert seed_document.slice(commitment(seed, "20", "e", 1).action_span) == (
        "be supported and encouraged"
    )
    assert commitment(seed, "20", "f", 1).bracketed  # the whole item is bracketed
    assert commitment(seed, "19", "a", 1).level_basis is STATED  # "at the regional level"
    assert commitment(seed, "19", "b", 1).level_basis is HEADING


def test_standalone_modal_sentences_are_provisions_anywhere(seed: Extraction) -> None:
    # 1 "All stakeholders must …", 3 "The Regional dialogue should …", 4 "efforts should be
    # made", 17 "That process may include", 41 "… mechanisms should be based", 41 b "This
    # framework should include", 42 "… should be sought", 44 "… should continue to be developed"
    deontic = {c.paragraph for c in seed.commitments if c.modality in LEXICON.deontic}
    assert deontic == {"1", "3", "4", "17", "19", "20", "41", "42", "44"}
    assert all(c.provision for c in seed.commitments if c.modality in LEXICON.deontic)
    must = commitment(seed, "1", None, 2)
    assert (must.modality, actors(must), must.level_basis) == ("must", (STAKEHOLDERS,), STATED)
    assert must.levels == ("global", "national", "local")
    sought = commitment(seed, "42", None, 1)  # passive: nobody is named to act
    assert (sought.modality, actors(sought), sought.provision) == ("should", (), True)
    # 18's "should" items continue the chapeau's "we encourage governments … in which:"
    assert {commitment(seed, "18", label, 1).modality for label in "abcd"} == {"encourage"}
    assert not [c for c in seed.commitments if c.ref.paragraph == "18" and c.ref.index > 1]
    # 43 "We agree that the follow-up … should be separated": what is agreed, no provision
    assert [c.modality for c in seed.commitments if c.paragraph == "43"] == ["agree"]


def test_second_document_provision(second: Extraction) -> None:
    # 5. "At the global level: a) UN agencies should share data;"
    c = commitment(second, "5", "a", 1)
    assert (c.modality, actors(c), c.levels, c.level_basis) == (
        "should", ("id/actor/un-agencies",), ("global",), HEADING
    )  # fmt: skip


def test_each_level_refers_to_the_levels_named_before(seed: Extraction) -> None:
    # 17: "… at national, regional and international levels … That process may include, at
    # each level, the following elements: a) implementation; b) evaluation; c) policy debate"
    by_place = {e.where: e for e in seed.element_levels}
    for label in "abc":
        level = by_place[Place("17", label)]
        assert (level.levels, level.basis) == ((NATIONAL, REGIONAL, INTERNATIONAL), CHAPEAU)


def test_adverb_after_a_participle_is_no_level(seed: Extraction) -> None:
    # 9: "core ICT indicators that are harmonized and agreed-upon internationally"
    assert not [s for s in seed.levels if s.where.paragraph == "9"]
    assert Place("9") not in {e.where for e in seed.element_levels}


def test_no_provisions_without_deontic_vocabulary(seed_document: Document) -> None:
    plain = Lexicon(LEXICON.actors, LEXICON.modalities, LEXICON.levels)
    found = extract(seed_document, plain).commitments
    assert sum(c.paragraph == "20" for c in found) == 0


def test_no_unknown_verbs_in_the_seed(seed: Extraction) -> None:
    assert seed.unknown_verbs == ()


# --- levels ----------------------------------------------------------------------------------

LEVELS = [
    ("2", None, 1, (NATIONAL,), STATED),
    ("2", None, 2, (), None),
    ("10", None, 3, (NATIONAL, REGIONAL), STATED),
    ("13", None, 2, (NATIONAL, REGIONAL, INTERNATIONAL), STATED),
    ("13", None, 1, (), None),
    ("16", None, 2, (NATIONAL, REGIONAL, INTERNATIONAL), STATED),
    ("17", None, 1, (NATIONAL, REGIONAL, INTERNATIONAL), STATED),
    ("18", None, 1, (NATIONAL,), HEADING),
    ("18", "a", 1, (NATIONAL,), HEADING),
    ("18", "c", 1, (NATIONAL,), STATED),  # "… at the national level"
    ("18", "d", 1, (NATIONAL,), HEADING),
    ("19", "c", 1, (REGIONAL,), HEADING),
    ("40", None, 1, (NATIONAL, REGIONAL, INTERNATIONAL), STATED),
    ("7", None, 2, (), None),
    ("7", "j", 1, ("local", NATIONAL), STATED),  # "from local to national level"
    ("9", None, 2, (), None),  # "agreed-upon internationally" is in the participle clause
]


@pytest.mark.parametrize(("paragraph", "item", "k", "levels", "basis"), LEVELS)
def test_commitment_levels(
    seed: Extraction,
    paragraph: str,
    item: str | None,
    k: int,
    levels: tuple[str, ...],
    basis: LevelBasis | None,
) -> None:
    c = commitment(seed, paragraph, item, k)
    assert (c.levels, c.level_basis) == (levels, basis)


def test_heading_levels_of_items_without_commitments(seed: Extraction) -> None:
    by_place = {e.where: e for e in seed.element_levels}
    for label in "abcdef":
        level = by_place[Place("20", label)]
        assert (level.levels, level.basis) == ((INTERNATIONAL,), HEADING)
    assert by_place[Place("19", "b")].levels == (REGIONAL,)
    assert by_place[Place("19", "b")].basis is HEADING
    assert by_place[Place("19", "a")].basis is STATED  # "at the regional level" in 19 a


def test_level_phrases_and_headings(seed: Extraction, seed_document: Document) -> None:
    headings = [(s.text, s.where.paragraph) for s in seed.levels if s.heading]
    assert headings == [
        ("At the national level", "18"),
        ("At the regional level", "19"),
        ("At the international level", "20"),
    ]
    texts = {s.text for s in seed.levels}
    assert "nationally, regionally and internationally" in texts
    assert not any("e-strategies" in text for text in texts)
    assert not any(s.text.startswith("internationally-agreed") for s in seed.levels)


# --- dates ----------------------------------------------------------------------------------


def test_alternative_years_are_four_options(seed: Extraction) -> None:
    deadline = commitment(seed, "2", None, 2).deadlines[0]
    assert deadline.text == "[by 2007/2008/2009/2010]"
    assert deadline.is_alternative
    assert deadline.year is None
    assert [option.year for option in deadline.options] == [2007, 2008, 2009, 2010]
    assert [option.text for option in deadline.options] == ["2007", "2008", "2009", "2010"]


def test_single_deadlines(seed: Extraction) -> None:
    deadline = commitment(seed, "7", None, 2).deadlines[0]
    assert (deadline.text, deadline.year, deadline.month) == ("by 2015", 2015, None)
    july = [d for d in seed.deadlines if d.where == Place("20", "c")]
    assert [(d.text, d.year, d.month, d.is_alternative) for d in july] == [
        ("by July 2006", 2006, 7, False)
    ]
    assert len(seed.deadlines) == 3
    assert not commitment(seed, "7", "a", 1).deadlines  # the chapeau's deadline stays there


def test_past_events_are_dates_not_deadlines(seed: Extraction) -> None:
    dated = [(d.text, d.year, d.month, d.where.paragraph) for d in seed.dates]
    assert ("June 2004", 2004, 6, "45") in dated
    assert ("October 2004", 2004, 10, "46") in dated
    placeholder = [d for d in seed.dates if d.is_placeholder]
    assert [(d.text, d.where.paragraph) for d in placeholder] == [("[dates]", "47")]


# --- cross-references ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "text", "target"),
    [
        ("1", "Plan of Action", "id/ref/plan-of-action"),
        ("22", "plan of Action", "id/ref/plan-of-action"),
        ("5", "Millennium Development Goals", "id/ref/mdg"),
        ("18", "Millennium Declaration", "id/ref/millennium-declaration"),
        ("20", "UNGA Resolution 57/270 B", "id/ref/unga-res-57-270-b"),
        ("20", "annex", "id/ref/annex"),
        ("22", "Annex", "id/ref/annex"),
        ("43", "Chapter Three", "id/ref/chapter-three"),
        ("21", "Charter of the United Nations", "id/ref/un-charter"),
    ],
)
def test_cross_reference(seed: Extraction, paragraph: str, text: str, target: str) -> None:
    found = {(r.where.paragraph, r.text, r.target) for r in seed.cross_references}
    assert (paragraph, text, target) in found


def test_headings_are_not_references(seed: Extraction) -> None:
    assert not [r for r in seed.cross_references if r.where.annex is not None]
    assert not [r for r in seed.cross_references if r.target == "id/ref/chapter-one"]


# --- mentions --------------------------------------------------------------------------------


def test_mentions(seed: Extraction, seed_document: Document) -> None:
    by_text = {(m.where.paragraph, m.text): m for m in seed.mentions}
    assert by_text["15", "International Telecommunication Union (ITU)"].actor == "id/org/itu"
    assert ("15", "ITU") not in by_text  # one body, one mention
    assert by_text["9", "UN"].actor == "id/org/un"  # "UN\u00a0Statistical Commission"
    elliptical = by_text["8", "international and intergovernmental organisations"]
    assert (elliptical.actor, elliptical.expanded) == (INTL_ORGS, "international organisations")
    # para 11 "… stakeholders … who have joined forces": the pronoun is not WHO
    assert not [m for m in seed.mentions if m.where.paragraph == "11" and m.actor == "id/org/who"]
    annex_who = [m for m in seed.mentions if m.actor == "id/org/who"]
    assert [m.where.annex for m in annex_who] == ["A", "B", "B"]


# --- assignments -----------------------------------------------------------------------------


def cell(
    x: Extraction, annex: str, code: str, subline: str | None = None
) -> list[tuple[str | None, str | None]]:
    return [
        (a.agency, a.joiner)
        for a in x.assignments
        if (a.annex, a.code, a.subline) == (annex, code, subline)
    ]


@pytest.mark.parametrize(
    ("annex", "code", "subline", "expected"),
    [
        ("A", "C7", "E-health", [("id/org/who", None), ("id/org/itu", "+")]),
        ("A", "C1", None, [("id/org/ecosoc", None)]),
        ("A", "C7", None, []),  # C7 itself is blank in Annex A
        ("A", "C11", None, [("id/org/itu", None), ("id/org/undp", "+"), ("id/org/ecosoc", "+")]),
        ("B", "C7", "E-health", [("id/org/who", None)]),
        ("B", "C9", None, []),  # "-"
        ("B", "C7", "E-government", []),  # blank: inherited later by a rule, not here
        ("B", "C7", None, [("id/org/itu", None), ("id/org/un-rcs", "+")]),
        (
            "B",
            "C4",
            None,
            [
                ("id/org/itu", None),
                ("id/org/unesco", "/"),
                ("id/org/un-rcs", "+"),
                ("id/actor/regional-political-bodies", "+"),
            ],
        ),
        ("B", "C1", None, [("id/org/un-rcs", None), ("id/actor/regional-political-bodies", "+")]),
        (
            "B",
            "C7",
            "E-environment",
            [("id/org/who", None), ("id/org/unep", "/"), ("id/org/un-habitat", "/")],
        ),
        ("B", "E", None, [("id/org/itu", None), ("id/org/un-rcs", "+"), ("id/org/gaid", "+")]),
    ],
)
def test_explicit_assignments(
    seed: Extraction,
    annex: str,
    code: str,
    subline: str | None,
    expected: list[tuple[str, str | None]],
) -> None:
    assert cell(seed, annex, code, subline) == expected


def test_roles_from_the_headers(seed: Extraction, seed_document: Document) -> None:
    a = {(x.role, x.role_options) for x in seed.assignments if x.annex == "A"}
    b = {(x.role, x.role_options) for x in seed.assignments if x.annex == "B"}
    assert a == {("coordinator", ("coordinator",))}
    assert b == {("coordinator", ("moderator", "coordinator"))}
    header = next(x.role_span for x in seed.assignments if x.annex == "B")
    assert seed_document.slice(header) == "[Moderator/Coordinator]"
    assert {x.proponent for x in seed.assignments} == {"Russian Federation", "Ghana"}
    assert all(x.agency is not None for x in seed.assignments)


# --- a second draft of the same genre ----------------------------------------------------

SECOND_COMMITMENTS = [
    ("1", None, 1, "recognize", ()),
    ("1", None, 2, "urge", (None, None)),  # donors, international financial institutions
    ("2", None, 1, "invite", (None,)),  # municipalities
    ("3", None, 1, "call-upon", ("id/org/who", "id/org/ilo")),
    ("3", None, 2, "request", (UN_SG,)),
    ("4", None, 1, "resolve", ()),
    ("5", "b", 1, "encourage", (REGIONAL_ORGS, INTL_ORGS)),
    ("6", None, 1, "welcome", ()),
    ("6", None, 2, "invite", ("id/actor/member-states",)),
    ("7", None, 1, "agree", ()),
    ("9", None, 1, "reaffirm", ()),
]


@pytest.mark.parametrize(("paragraph", "item", "k", "modality", "addressees"), SECOND_COMMITMENTS)
def test_second_document_commitment(
    second: Extraction,
    paragraph: str,
    item: str | None,
    k: int,
    modality: str,
    addressees: tuple[str | None, ...],
) -> None:
    c = commitment(second, paragraph, item, k)
    assert (c.modality, actors(c)) == (modality, addressees)


def test_second_document_counts(second: Extraction) -> None:
    per_paragraph = {p: sum(c.paragraph == p for c in second.commitments) for p in "123456789"}
    # 4: chapeau + three items; 5: under "At the global level:" item a's "UN agencies should
    # share data" is a provision and item b speaks; 6: "whose goals we recognize" is a
    # relative clause and "support of donors" a noun; 8: "We have reviewed" is no modality
    assert per_paragraph == {
        "1": 2,
        "2": 1,
        "3": 2,
        "4": 4,
        "5": 2,
        "6": 2,
        "7": 1,
        "8": 0,
        "9": 1,
    }


def test_second_document_unresolved_addressees_are_kept(
    second: Extraction, second_document: Document
) -> None:
    urge = commitment(second, "1", None, 2)
    assert [a.text for a in urge.addressees] == ["donors", "international financial institutions"]
    unresolved = {m.text for m in second.mentions if m.actor is None}
    assert unresolved == {"donors", "international financial institutions", "municipalities"}


def test_second_document_levels_and_dates(second: Extraction) -> None:
    invite = commitment(second, "2", None, 1)
    assert (invite.levels, invite.level_basis) == (("local",), HEADING)
    deadline = invite.deadlines[0]
    assert (deadline.text, [o.year for o in deadline.options]) == (
        "by [2011] /[2012]",
        [2011, 2012],
    )
    assert deadline.is_alternative
    first = commitment(second, "4", "a", 1)
    assert (first.levels, first.level_basis) == ((REGIONAL, "global"), STATED)
    assert first.continues == CommitmentRef("4", None, 1)
    assert commitment(second, "4", "c", 1).bracketed
    assert (
        commitment(second, "5", "b", 1).levels,
        commitment(second, "5", "b", 1).level_basis,
    ) == (
        ("global",),
        HEADING,
    )
    urge = commitment(second, "1", None, 2)
    assert [(d.text, d.year) for d in urge.deadlines] == [("before 2012", 2012)]
    report = commitment(second, "3", None, 1)
    assert [(d.year, d.month) for d in report.deadlines] == [(2009, 12)]
    assert [(d.text, d.year, d.month) for d in second.dates] == [("October 2003", 2003, 10)]


def test_second_document_references_mentions_and_gaps(
    second: Extraction, second_document: Document
) -> None:
    targets = {(r.text, r.target) for r in second.cross_references}
    assert ("Chapter 2", "id/ref/chapter-two") in targets
    assert ("General Assembly resolution 60/252", "id/ref/unga-res-60-252") in targets
    assert ("Plan of Action", "id/ref/plan-of-action") in targets
    assert [second_document.slice(s) for s in second.unknown_verbs] == ["have"]
    who = [m.text for m in second.mentions if m.actor == "id/org/who"]
    assert who == ["World Health Organization (WHO)"]  # not "who took part"


def test_second_document_assignments(second: Extraction) -> None:
    assert cell(second, "A", "C1") == [("id/org/itu", None), ("id/org/undp", "+")]
    assert cell(second, "A", "C2") == []
    assert cell(second, "A", "C3") == [("id/org/unesco", None), ("id/org/ilo", "/")]
    assert {(a.role, a.role_options) for a in second.assignments} == {
        ("facilitator", ("facilitator",))
    }


# --- small cases -----------------------------------------------------------------------------


def _shipped_lexicon() -> Lexicon:
    from wsiskg.graph.lexicon import load_lexicon

    return load_lexicon()


def test_including_group_resolves_its_head_and_records_members() -> None:
    # the head group resolves whatever its article; the included bodies are members
    text = (
        "We invite the regional intergovernmental bodies, including the African Union and the "
        "League of Arab States, to adopt regional strategies."
    )
    (c,) = extract(parse_document(f"1.\n{text}\n"), _shipped_lexicon()).commitments
    (group,) = c.addressees
    assert group.actor == "id/actor/regional-intergovernmental-organizations"
    assert [(m.text, m.actor) for m in group.members] == [
        ("African Union", None),
        ("League of Arab States", None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We invite the ITU to act.", [("invite", ("id/org/itu",))]),
        ("We invite the ITU and WHO to act.", [("invite", ("id/org/itu", "id/org/who"))]),
        ("We also encourage governments to act.", [("encourage", (GOV,))]),
        ("We welcome the support of donors.", [("welcome", ())]),
        ("We encourage governments to develop plans and support them.", [("encourage", (GOV,))]),
        (
            "We recognize the gap, and urge governments to act.",
            [("recognize", ()), ("urge", (GOV,))],
        ),
        ("We consider civil society to be essential.", [("consider", ())]),
        ("The goals which we recognize are many.", []),
        ("Governments should act.", [("should", (GOV,))]),
        ("Governments should be consulted.", [("should", ())]),
        ("We affirm that capacity building should remain a priority.", [("affirm", ())]),
        ("At the global level, the ITU may convene experts.", [("may", ("id/org/itu",))]),
    ],
)
def test_sentences(text: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    x = extract(parse_document(f"1.\n{text}\n"), LEXICON)
    assert [(c.modality, actors(c)) for c in x.commitments] == expected


def test_without_directives_only_known_addressees_are_read() -> None:
    lexicon = Lexicon(LEXICON.actors, LEXICON.modalities, LEXICON.levels)
    x = extract(parse_document("1.\nWe urge donors and governments to act.\n"), lexicon)
    assert [actors(c) for c in x.commitments] == [(GOV,)]


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents())
def test_generated_drafts_extract_faithfully(generated: GeneratedDocument) -> None:
    """On any draft of the genre, extraction runs and every span is the original text."""
    document = parse_document(generated.text)
    x = extract(document, LEXICON)
    for label, span, text in spans(x):
        assert span.end <= len(document.text), label
        if text is not None:
            assert document.text[span.start : span.end] == text, label
    for c in x.commitments:
        assert document.slice(c.modality_span).casefold().replace("\u00a0", " ") in {
            key.casefold() for key in LEXICON.modalities
        }


# --- the package boundary ----------------------------------------------------------------


def test_public_names() -> None:
    assert sorted(wsiskg.extract.__all__) == sorted(
        [
            "DEFAULT_SPEAKER",
            "Assignment",
            "Commitment",
            "CommitmentRef",
            "CrossReference",
            "DateMention",
            "DateOption",
            "Deadline",
            "ElementLevel",
            "Extraction",
            "LevelBasis",
            "LevelStatement",
            "Lexicon",
            "Mention",
            "Place",
            "extract",
        ]
    )


def test_extract_imports_no_rdf_stack() -> None:
    code = (
        "import sys, wsiskg.extract, wsiskg.text.parse; "
        "bad = [m for m in ('rdflib', 'pyoxigraph', 'fastapi', 'owlready2') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_shipped_lexicon_reads_the_seed(seed_document: Document) -> None:
    """The vocabularies in ontology/ drive the same rules (a smoke test of the pairing)."""
    from wsiskg.graph.lexicon import load_lexicon

    x = extract(seed_document, load_lexicon())
    encourage = commitment(x, "2", None, 2)
    assert (encourage.modality, actors(encourage)) == ("encourage", (GOV,))
    assert x.unknown_verbs == ()
    assert len([c for c in x.commitments if c.paragraph == "7"]) == 25
