"""Hand-written drafts of the genre that differ from the seed, with hand-written expectations.

``tests/data/genre/`` holds two drafts written against the grammar (other chapters and
numbering, other annex proposals and role headers, ``(a)`` items, other nesting) and one
held-out draft written without running the parser on it. Every expected value below was
written from reading those texts. Regressions come at the end, each with the smallest text
that once showed a parser bug.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from genre import (
    AlternativeShape,
    BodyShape,
    BracketShape,
    ItemShape,
    ParagraphShape,
    RowShape,
    assert_spans_faithful,
    shape_of,
)

from wsiskg.resources import corpus_files
from wsiskg.text.model import AlternativeForm, CellStatus, Document
from wsiskg.text.parse import parse_document, parse_file

DATA = Path(__file__).with_name("data") / "genre"
SEED = corpus_files()[0]

ADJACENT = AlternativeForm.ADJACENT
SLASHED = AlternativeForm.SLASHED
SLASHED_BRACKETS = AlternativeForm.SLASHED_BRACKETS
SLASH_ADDITION = AlternativeForm.SLASH_ADDITION
FILLED, BLANK, NONE = CellStatus.FILLED, CellStatus.BLANK, CellStatus.NONE


def _body(text: str, joiner: str | None = None, abbreviation: str | None = None) -> BodyShape:
    """A body printed as ``text``; its name drops the ``(abbreviation)`` it defines."""
    name = " ".join(text.replace(f"({abbreviation})", "").split()) if abbreviation else text
    return BodyShape(text, " ".join(name.split()), abbreviation, joiner)


def _load(name: str) -> Document:
    return parse_file(DATA / name)


# -- draft 1: chapters Two and Three, (a) items, depth-3 nesting, annex C (Brazil) -----------

BRAZIL = "financial_mechanisms_brazil.txt"


@pytest.fixture(scope="module")
def brazil() -> Document:
    return _load(BRAZIL)


def test_brazil_chapters_and_wrapper(brazil: Document) -> None:
    assert brazil.wrapper == 0
    assert shape_of(brazil).chapters == (
        ("Two", 2, "Financial Mechanisms"),
        ("Three", 3, "Internet Governance"),
    )


def test_brazil_paragraphs(brazil: Document) -> None:
    a, b, c = ItemShape("a"), ItemShape("b", wholly_bracketed=True), ItemShape("c")
    assert shape_of(brazil).paragraphs == (
        ParagraphShape("23", "Two"),
        ParagraphShape("24", "Two", items=(a, b, c), continuations=("c",)),
        ParagraphShape("25", "Two", wholly_bracketed=True),
        ParagraphShape("26", "Two", wholly_bracketed=True),
        ParagraphShape("31", "Three"),
        ParagraphShape("32", "Three", wholly_bracketed=True),
        ParagraphShape("33", "Three", items=(a, ItemShape("b"), ItemShape("c", True))),
    )
    continuation = brazil.paragraph(24).continuations[0]
    assert brazil.slice(continuation.span) == (
        "Such measures should be reported to the Secretary-General."
    )
    assert brazil.slice(brazil.paragraph(24).item("a").span).startswith("(a) improving")


def test_brazil_brackets(brazil: Document) -> None:
    def b(depth: int, paragraph: str, item: str | None = None) -> BracketShape:
        return BracketShape(depth, paragraph, item)

    assert shape_of(brazil).brackets == (
        BracketShape(0),
        b(1, "23"),  # [, including [public [and private]] partnerships,]
        b(2, "23"),
        b(3, "23"),
        b(1, "24"),  # [invite]
        b(1, "24"),  # [urge]
        b(1, "24", "a"),  # [bilateral]
        b(1, "24", "a"),  # [multilateral]
        b(1, "24", "b"),
        b(1, "24", "c"),  # [by 2006/2007]
        b(1, "25"),
        b(1, "26"),
        b(1, "31"),  # [/ multi-stakeholder]
        b(1, "32"),
        b(1, "33", "b"),  # [technical [and economic [and “commercial”]]]
        b(2, "33", "b"),
        b(3, "33", "b"),
        b(1, "33", "c"),
        b(2, "33", "c"),  # [should]
        b(2, "33", "c"),  # [could]
        BracketShape(1, annex="C"),
    )
    assert brazil.slice(brazil.brackets[3].span) == "[and private]"
    assert brazil.slice(brazil.brackets[16].span) == "[and “commercial”]"


def test_brazil_alternatives(brazil: Document) -> None:
    assert shape_of(brazil).alternatives == (
        AlternativeShape(ADJACENT, ("invite", "urge"), paragraph="24"),
        AlternativeShape(SLASHED_BRACKETS, ("bilateral", "multilateral"), None, "24", "a"),
        AlternativeShape(SLASHED, ("2006", "2007"), "by", "24", "c"),
        AlternativeShape(SLASH_ADDITION, ("democratic", "multi-stakeholder"), None, "31"),
        AlternativeShape(SLASHED_BRACKETS, ("should", "could"), None, "33", "c"),
    )


def test_brazil_annex(brazil: Document) -> None:
    (proposal,) = shape_of(brazil).proposals
    assert (proposal.annex, proposal.proponent, proposal.chapter) == ("C", "Brazil", "Three")
    assert (proposal.line_header, proposal.role_header) == ("Action Lines", "Facilitator")
    assert proposal.rows == (
        RowShape(
            "C1",
            None,
            "The role of governments and all stakeholders",
            FILLED,
            "UNDP + ECOSOC",
            (_body("UNDP"), _body("ECOSOC", "+")),
        ),
        RowShape(
            "C3",
            None,
            "Access to information and knowledge",
            FILLED,
            "UNESCO/ITU",
            (_body("UNESCO"), _body("ITU", "/")),
        ),
        RowShape("C7", None, "E-applications", FILLED, "UNDP", (_body("UNDP"),)),
        RowShape("C7", "E-government", "E-government", NONE, "-", (), "C7"),
        RowShape(
            "C7",
            "E-health",
            "E-health",
            FILLED,
            "WHO + ITU",
            (_body("WHO"), _body("ITU", "+")),
            "C7",
        ),
        RowShape("C7", "E-science", "E-science", BLANK, "", (), "C7"),
        RowShape(
            "D",
            None,
            "Digital Solidarity",
            FILLED,
            "- Digital Solidarity Fund (DSF) + UN\u00a0RCs",
            (
                _body("Digital Solidarity Fund (DSF)", abbreviation="DSF"),
                BodyShape("UN\u00a0RCs", "UN RCs", None, "+"),
            ),
        ),
    )
    row = brazil.proposal("C").row("C1")
    assert brazil.slice(row.code_span) == "\u04211"  # printed with a Cyrillic capital ES


# -- draft 2: roman chapters, unbracketed annex D between paragraphs -----------------------

G77 = "follow_up_g77.txt"


@pytest.fixture(scope="module")
def g77() -> Document:
    return _load(G77)


def test_g77_structure(g77: Document) -> None:
    shape = shape_of(g77)
    assert not shape.wrapped
    assert shape.chapters == (
        ("IV", 4, "Follow-up and Evaluation"),
        ("VI", 6, "Final Provisions"),
    )
    assert shape.paragraphs == (
        ParagraphShape("50", "IV"),
        ParagraphShape(
            "51",
            "IV",
            items=(ItemShape("a"), ItemShape("b"), ItemShape("c")),
            continuations=("b",),
        ),
        ParagraphShape("52", "IV"),
        ParagraphShape("60", "VI", wholly_bracketed=True),
        ParagraphShape("61", "VI"),
    )
    assert [b.depth for b in shape.brackets] == [1, 1, 1, 1, 1, 1, 2, 3, 1, 1]
    assert [(b.paragraph, b.item) for b in shape.brackets] == [
        ("50", None),
        ("51", "a"),
        ("51", "b"),
        ("51", "b"),
        ("51", "b"),
        ("60", None),
        ("60", None),
        ("60", None),
        ("61", None),
        ("61", None),
    ]
    assert shape.alternatives == (
        AlternativeShape(SLASHED, ("annually", "biennially", "periodically"), None, "50"),
        AlternativeShape(SLASH_ADDITION, ("outcomes", "to report on it"), None, "51", "a"),
        AlternativeShape(ADJACENT, ("one", "two", "three"), None, "51", "b"),
        AlternativeShape(SLASHED_BRACKETS, ("2010", "2015"), None, "61"),
    )


def test_g77_annex(g77: Document) -> None:
    (proposal,) = shape_of(g77).proposals
    assert (proposal.annex, proposal.proponent, proposal.chapter) == (
        "D",
        "Group of 77 and China",
        "IV",
    )
    assert (proposal.line_header, proposal.role_header) == ("Action Line", "Moderator(s)")
    assert proposal.rows == (
        RowShape(
            "C2",
            None,
            "Information and communication infrastructure",
            FILLED,
            "ITU + UN Regional Commissions (UN RCs)",
            (_body("ITU"), _body("UN Regional Commissions (UN RCs)", "+", "UN RCs")),
        ),
        RowShape("C7", None, "ICT applications", NONE, "-"),
        RowShape(
            "C7",
            "E-business",
            "E-business",
            FILLED,
            "WTO/UNCTAD",
            (_body("WTO"), _body("UNCTAD", "/")),
            "C7",
        ),
        RowShape("C7", "E-learning", "E-learning", FILLED, "UNESCO", (_body("UNESCO"),), "C7"),
        RowShape(
            "C7",
            "E-environment",
            "E-environment",
            FILLED,
            "UNEP + WMO",
            (_body("UNEP"), _body("WMO", "+")),
            "C7",
        ),
        RowShape(
            "C11",
            None,
            "International and regional cooperation",
            FILLED,
            "UN RCs + ITU",
            (_body("UN RCs"), _body("ITU", "+")),
        ),
    )
    # the annex ends with its last cell: paragraph 52 is not part of it
    assert g77.slice(g77.proposal("D").span).endswith("UN RCs + ITU")


# -- held-out draft: written without running the parser on it -----------------------------

HELD_OUT = "heldout_internet_governance_eu.txt"


@pytest.fixture(scope="module")
def held_out() -> Document:
    return _load(HELD_OUT)


def test_held_out_paragraphs(held_out: Document) -> None:
    shape = shape_of(held_out)
    assert shape.wrapped
    assert shape.chapters == (("Three", 3, "Internet Governance"),)
    assert shape.paragraphs == (
        ParagraphShape("58", "Three"),
        ParagraphShape(
            "59",
            "Three",
            items=(ItemShape("a"), ItemShape("b", wholly_bracketed=True), ItemShape("c")),
            continuations=("b",),
        ),
        ParagraphShape("60", "Three", wholly_bracketed=True),
        ParagraphShape("62", "Three"),
    )


def test_held_out_brackets_and_alternatives(held_out: Document) -> None:
    shape = shape_of(held_out)
    assert shape.brackets == (
        BracketShape(0),
        BracketShape(1, "58"),
        BracketShape(1, "59", "b"),
        BracketShape(2, "59", "b"),
        BracketShape(1, "59", "c"),
        BracketShape(1, "59", "c"),
        BracketShape(1, "60"),
        BracketShape(2, "60"),
        BracketShape(1, annex="E"),
    )
    assert shape.alternatives == (
        AlternativeShape(ADJACENT, ("management", "coordination"), None, "59", "c"),
        AlternativeShape(SLASHED, ("establish", "convene"), None, "60"),
    )


def test_held_out_annex(held_out: Document) -> None:
    (proposal,) = shape_of(held_out).proposals
    assert (proposal.annex, proposal.proponent, proposal.chapter) == (
        "E",
        "European Union",
        "Three",
    )
    assert (proposal.line_header, proposal.role_header) == ("Action Line", "Lead agency")
    assert proposal.rows == (
        RowShape(
            "C2",
            None,
            "Information and communication infrastructure",
            FILLED,
            "ITU",
            (_body("ITU"),),
        ),
        RowShape(
            "C4",
            None,
            "Capacity building",
            FILLED,
            "UNDP + UNESCO + ITU",
            (_body("UNDP"), _body("UNESCO", "+"), _body("ITU", "+")),
        ),
        RowShape("C7", None, "ICT applications", FILLED, "ITU", (_body("ITU"),)),
        RowShape("C7", "E-government", "E-government", FILLED, "UNDP", (_body("UNDP"),), "C7"),
        RowShape("C7", "E-health", "E-health", FILLED, "WHO", (_body("WHO"),), "C7"),
        RowShape(
            "E",
            None,
            "Follow-up and evaluation",
            FILLED,
            "ECOSOC + UN Regional Commissions (UN RCs)",
            (_body("ECOSOC"), _body("UN Regional Commissions (UN RCs)", "+", "UN RCs")),
        ),
    )


# -- offsets, on every hand-written draft and the seed -----------------------------------------


@pytest.mark.parametrize("path", [*sorted(DATA.glob("*.txt")), SEED], ids=lambda p: p.name)
def test_every_element_slices_to_itself(path: Path) -> None:
    assert_spans_faithful(parse_file(path))


def test_the_data_folder_holds_the_six_drafts() -> None:
    constructed = {
        "capacity_building_constructed.txt",
        "regional_follow_up_constructed.txt",
        "awareness_monitoring_constructed.txt",
    }  # their commitments are checked in test_genre_commitments.py
    assert {p.name for p in DATA.glob("*.txt")} == {BRAZIL, G77, HELD_OUT, *constructed}


# -- regressions: constructs the parser once got wrong --------------------------------------


def test_wholly_bracketed_paragraph_with_items() -> None:
    text = "1.\nWe go.\n[2.\nWe note:\na) first;\nb) second.]\n"
    document = parse_document(text)
    paragraph = document.paragraph(2)
    assert document.slice(paragraph.span) == "[2.\nWe note:\na) first;\nb) second.]"
    assert paragraph.wholly_bracketed
    assert document.brackets[0].paragraph == "2"


def test_unbracketed_annex_closed_by_the_wrapper() -> None:
    text = "[1.\nWe go.\nANNEX C (Brazil)\n\tAction Line\n\tFacilitator\n\tC1. Title\n\tITU\n]\n"
    row = parse_document(text).proposal("C").row("C1")
    assert row.cell.text == "ITU"
    assert [body.name for body in row.cell.bodies] == ["ITU"]


def test_wrapper_close_after_an_empty_line_following_an_item() -> None:
    text = "[\n1.\nWe note:\na) first;\n\n]\n"
    paragraph = parse_document(text).paragraph(1)
    assert paragraph.continuations == ()
    assert parse_document(text).slice(paragraph.span) == "1.\nWe note:\na) first;"


def test_unbracketed_annex_ending_in_a_blank_cell() -> None:
    text = "1.\nWe go.\nANNEX A\n\tAction Line\n\tLead\n\tC1. Title\n\t\n"
    document = parse_document(text)
    proposal = document.proposal("A")
    assert proposal.span.contains(proposal.row("C1").span)
    assert proposal.span.contains(proposal.row("C1").cell.span)


def test_bracketed_cell_bodies() -> None:
    text = "1.\nWe go.\n[ANNEX A\n\tAction Line\n\tLead\n\tC1. Title\n\t[ITU + UNESCO]\n]\n"
    row = parse_document(text).proposal("A").row("C1")
    assert [body.name for body in row.cell.bodies] == ["ITU", "UNESCO"]


def test_slash_addition_after_a_quoted_word() -> None:
    text = "1.\nWe adopt \u201ce-strategies\u201d[/ plans] now.\n2.\nWe go.\n"
    (group,) = parse_document(text).alternatives
    assert group.form is SLASH_ADDITION
    assert group.options[0].text.strip("\u201c\u201d") == "e-strategies"
    assert group.options[1].text == "plans"
