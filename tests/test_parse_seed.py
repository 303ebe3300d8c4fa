"""The seed draft, parsed: expected values written from reading the text, not from the parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from wsiskg.resources import corpus_files
from wsiskg.text.model import AlternativeForm, CellStatus, Document
from wsiskg.text.parse import parse_file

SEED = Path(__file__).parents[1] / "corpus" / "000_789c031e886835c5.txt"


@pytest.fixture(scope="module")
def doc() -> Document:
    return parse_file(SEED)


def test_shipped_corpus_is_the_seed() -> None:
    assert [path.name for path in corpus_files()] == [SEED.name]


def test_paragraph_numbers_and_chapters(doc: Document) -> None:
    numbers = [p.number for p in doc.paragraphs]
    assert numbers == [str(n) for n in [*range(1, 23), *range(40, 50)]]
    assert {p.chapter for p in doc.paragraphs if int(p.number) <= 22} == {"One"}
    assert {p.chapter for p in doc.paragraphs if int(p.number) >= 40} == {"Four"}
    assert [(c.number, c.ordinal, c.title) for c in doc.chapters] == [
        ("One", 1, "Implementation Mechanism"),
        ("Four", 4, "The Way Ahead"),
    ]


@pytest.mark.parametrize(
    ("number", "labels"),
    [
        ("7", list("abcdefghijklmnopqrstuvw")),
        ("17", ["a", "b", "c"]),
        ("18", ["a", "b", "c", "d"]),
        ("19", ["a", "b", "c"]),
        ("20", ["a", "b", "c", "d", "e", "f"]),
        ("41", ["a", "b", "c"]),
        ("1", []),
        ("49", []),
    ],
)
def test_items(doc: Document, number: str, labels: list[str]) -> None:
    assert [item.label for item in doc.paragraph(number).items] == labels


@pytest.mark.parametrize(
    ("number", "starts", "ends"),
    [
        ("1", "1. \nWe recognise", "utilization of ICTs."),
        ("13", "[13. We also recognize", "and international level.]"),
        (
            "15",
            "[15.\nInspired by the principles",
            "national and international laws and regulations.]",
        ),
        ("40", "40. Building an inclusive", "is needed important."),
        ("49", "49.\nWe request the Secretary General", "annual report to the ECOSOC and/or UNGA."),
    ],
)
def test_paragraph_spans_reproduce_the_text(
    doc: Document, number: str, starts: str, ends: str
) -> None:
    printed = doc.slice(doc.paragraph(number).span)
    assert printed.startswith(starts)
    assert printed.endswith(ends)


def test_wholly_bracketed_paragraphs(doc: Document) -> None:
    assert {p.number for p in doc.paragraphs if p.wholly_bracketed} == {
        "13",
        "15",
        "21",
        "22",
        "43",
        "48",
    }


def test_wholly_bracketed_items(doc: Document) -> None:
    flagged = {(p.number, i.label) for p in doc.paragraphs for i in p.items if i.wholly_bracketed}
    assert flagged == {("7", "u"), ("20", "f")}


def test_unlettered_text_after_an_item(doc: Document) -> None:
    (block,) = doc.paragraph("41").continuations
    assert block.after_item == "a"
    assert doc.slice(block.span).startswith("In order to build a inclusive people-centred")
    assert doc.slice(doc.paragraph("41").item("b").span).startswith("b) Evaluation [review]")


def test_chapeau_before_items(doc: Document) -> None:
    assert doc.slice(doc.paragraph("19").chapeau_span) == "At the regional level:"
    assert doc.slice(doc.paragraph("7").chapeau_span).endswith(
        "including the Millennium Development Goals, by:"
    )


def test_outer_bracket_is_the_wrapper_not_a_contested_paragraph(doc: Document) -> None:
    assert doc.wrapper is not None
    wrapper = doc.brackets[doc.wrapper]
    assert wrapper.is_wrapper
    assert wrapper.depth == 0
    assert doc.slice(wrapper.span).startswith("[Chapter One: Implementation Mechanism")
    assert doc.slice(wrapper.span).endswith("ECOSOC and/or UNGA.\n]")
    assert wrapper.paragraph is None
    assert not doc.paragraph("1").wholly_bracketed


def test_bracket_count_and_depths(doc: Document) -> None:
    inner = [b for b in doc.brackets if not b.is_wrapper]
    assert len(inner) == 44
    deeper = {doc.slice(b.span): b.depth for b in inner if b.depth > 1}
    assert deeper == {"[lead role by]": 2, "[Moderator/Coordinator]": 2}
    lead_role = next(b for b in inner if doc.slice(b.span) == "[lead role by]")
    parent = doc.brackets[lead_role.parent or 0]
    assert doc.slice(parent.span) == "[—notably [lead role by] ITU, UNESCO and UNDP—]"


@pytest.mark.parametrize(
    ("printed", "paragraph", "item"),
    [
        ("[by 2007/2008/2009/2010]", "2", None),
        ("[volunteerism]", "7", "f"),
        ("[strengthening freedom of the press", "7", "u"),
        ("[/ review]", "17", "b"),
        ("[when deemed suitable]", "18", "d"),
        ("[lead role by]", "20", "c"),
        ("[dates]", "47", None),
    ],
)
def test_brackets_are_linked_to_the_smallest_paragraph_and_item(
    doc: Document, printed: str, paragraph: str, item: str | None
) -> None:
    bracket = next(b for b in doc.brackets if doc.slice(b.span).startswith(printed))
    assert (bracket.paragraph, bracket.item) == (paragraph, item)


def test_bracket_counts_per_paragraph(doc: Document) -> None:
    def count(number: str) -> int:
        return sum(1 for b in doc.brackets if b.paragraph == number)

    assert [count(n) for n in ("2", "5", "7", "17", "20", "40", "49")] == [2, 3, 6, 3, 5, 3, 0]


def test_alternative_groups(doc: Document) -> None:
    found = [
        (g.form, g.paragraph, g.item, g.annex, [o.text for o in g.options])
        for g in doc.alternatives
    ]
    assert found == [
        (AlternativeForm.SLASHED, "2", None, None, ["2007", "2008", "2009", "2010"]),
        (
            AlternativeForm.SLASHED_BRACKETS,
            "7",
            None,
            None,
            ["all", "all women and men", "all citizens"],
        ),
        (AlternativeForm.ADJACENT, "7", "f", None, ["volunteerism", "involvement"]),
        (AlternativeForm.SLASH_ADDITION, "17", "b", None, ["evaluation", "review"]),
        (AlternativeForm.SLASH_ADDITION, "17", "c", None, ["review", "and follow up"]),
        (AlternativeForm.SLASHED, None, None, "B", ["Moderator", "Coordinator"]),
        (AlternativeForm.ADJACENT, "40", None, None, ["agreements", "decisions", "outcomes"]),
    ]
    assert doc.alternatives[0].lead == "by"


def test_every_option_span_reproduces_its_text(doc: Document) -> None:
    for group in doc.alternatives:
        assert all(doc.slice(o.span) == o.text for o in group.options)


def test_proposals(doc: Document) -> None:
    headers = [(p.annex, p.proponent, p.line_header, p.role_header) for p in doc.proposals]
    assert headers == [
        ("A", "Russian Federation", "Action Line", "Coordinator(s)"),
        ("B", "Ghana", "Action Lines", "[Moderator/Coordinator]"),
    ]
    codes = [
        "C1",
        "C2",
        "C3",
        "C4",
        "C5",
        "C6",
        "C7",
        *["C7"] * 8,
        "C8",
        "C9",
        "C10",
        "C11",
        "B",
        "D",
        "E",
    ]
    for proposal in doc.proposals:
        assert [row.code for row in proposal.rows] == codes


def test_cyrillic_codes_are_read_but_printed_as_is(doc: Document) -> None:
    row = doc.proposal("A").row("C1")
    assert row.code_span is not None
    assert doc.slice(row.code_span) == "\u04211"  # CYRILLIC CAPITAL LETTER ES, then 1
    assert row.title.startswith("The role of public governance authorities")


E_APPLICATIONS = ["E-government", "E-business", "E-learning", "E-health", "E-employment",
                  "E-environment", "E-agriculture", "E-science"]  # fmt: skip

RUSSIA_C7 = [["UNDP", "ITU"], ["WTO", "UNCTAD"], ["UNESCO", "ITU"], ["WHO", "ITU"], ["ILO"], ["WMO"],
             ["FAO"], ["UNESCO"]]  # fmt: skip
GHANA_C7 = [
    [],
    [],
    ["UNESCO"],
    ["WHO"],
    ["ILO"],
    ["WHO", "UNEP", "UN-Habitat"],
    ["FAO"],
    ["UNESCO"],
]


@pytest.mark.parametrize(("annex", "expected"), [("A", RUSSIA_C7), ("B", GHANA_C7)])
def test_c7_sublines_are_aligned_with_their_cells(
    doc: Document, annex: str, expected: list[list[str]]
) -> None:
    sublines = [row for row in doc.proposal(annex).rows if row.subline]
    assert [row.subline for row in sublines] == E_APPLICATIONS
    assert [[b.name for b in row.cell.bodies] for row in sublines] == expected
    assert all(row.parent == "C7" for row in sublines)


def test_e_health_per_proposal(doc: Document) -> None:
    assert [b.name for b in doc.proposal("A").row("C7", "e-health").cell.bodies] == ["WHO", "ITU"]
    assert [b.name for b in doc.proposal("B").row("C7", "E-health").cell.bodies] == ["WHO"]


def test_c7_parent_cells(doc: Document) -> None:
    assert doc.proposal("A").row("C7").cell.status is CellStatus.BLANK
    ghana = doc.proposal("B").row("C7").cell
    assert ghana.status is CellStatus.FILLED
    assert [b.name for b in ghana.bodies] == ["ITU", "UN RCs"]


def test_blank_and_dash_cells_are_data(doc: Document) -> None:
    ghana = doc.proposal("B")
    assert ghana.row("C7", "E-government").cell.status is CellStatus.BLANK
    assert ghana.row("C7", "E-business").cell.status is CellStatus.BLANK
    media = ghana.row("C9").cell
    assert (media.status, media.text, media.bodies) == (CellStatus.NONE, "-", ())


def test_cells_split_into_bodies(doc: Document) -> None:
    capacity = doc.proposal("B").row("C4").cell
    assert capacity.text == "ITU/UNESCO+UN RCs+Regional political bodies"
    assert [(b.name, b.joiner) for b in capacity.bodies] == [
        ("ITU", None), ("UNESCO", "/"), ("UN RCs", "+"), ("Regional political bodies", "+"),
    ]  # fmt: skip


def test_abbreviation_defined_in_a_cell(doc: Document) -> None:
    cell = doc.proposal("B").row("C1").cell
    first = cell.bodies[0]
    assert (first.text, first.name, first.abbreviation) == (
        "UN Regional Commissions (UN RCs)", "UN Regional Commissions", "UN RCs",
    )  # fmt: skip
    assert cell.text.startswith("- UN Regional Commissions")  # the list dash is kept as printed


def test_follow_up_row_lists_the_global_alliance(doc: Document) -> None:
    names = [b.name for b in doc.proposal("B").row("E").cell.bodies]
    assert names == ["ITU", "UN RCs", "Global Alliance on ICT and Development"]


def test_nothing_is_left_outside_the_structure(doc: Document) -> None:
    assert doc.loose_text == ()
