"""A tiny negotiation text (``data/golden/tiny.txt``) as a hand-built model and extraction.

Built by hand, not by the parser or the extractor, so the builder tests do not depend on
them; every offset below was counted in the text (and :func:`check_offsets` re-reads them).
Its expected graphs are ``data/golden/tiny.trig``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from wsiskg.extract import (
    Assignment,
    Commitment,
    DateOption,
    Deadline,
    Extraction,
    Mention,
    Place,
)
from wsiskg.text.model import (
    AlternativeForm,
    AlternativeGroup,
    AnnexRow,
    Body,
    Bracket,
    Cell,
    CellStatus,
    Document,
    Option,
    Paragraph,
    Proposal,
    Span,
)

GOLDEN = Path(__file__).parent / "data" / "golden"
TEXT_FILE = GOLDEN / "tiny.txt"
TRIG_FILE = GOLDEN / "tiny.trig"

# (span, the text it must cover): the offsets used below
EXPECTED_SLICES = {
    Span(0, 43): "1.\nWe invite the ITU to act [by 2010/2015].",
    Span(17, 20): "ITU",
    Span(28, 42): "[by 2010/2015]",
    Span(32, 36): "2010",
    Span(76, 90): "Coordinator(s)",
    Span(96, 112): "ICT applications",
    Span(114, 126): "ITU + UN RCs",
    Span(120, 126): "UN RCs",
    Span(129, 141): "E-government",
    Span(154, 154): "",
    Span(156, 159): "WHO",
}


def tiny_document() -> Document:
    """The parsed model of tiny.txt, as the parser should produce it."""
    text = TEXT_FILE.read_text(encoding="utf-8")
    return Document(
        path=Path("tiny.txt"),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text=text,
        paragraphs=(
            Paragraph(
                number="1",
                chapter=None,
                span=Span(0, 43),
                number_span=Span(0, 1),
                text_span=Span(3, 43),
                chapeau_span=Span(3, 43),
            ),
        ),
        brackets=(
            Bracket(0, Span(28, 42), Span(29, 41), 1, None, "1", None),
            Bracket(1, Span(44, 161), Span(45, 160), 1, None, None, None, annex="A"),
        ),
        alternatives=(
            AlternativeGroup(
                form=AlternativeForm.SLASHED,
                span=Span(28, 42),
                options=(Option("2010", Span(32, 36)), Option("2015", Span(37, 41))),
                brackets=(0,),
                paragraph="1",
                item=None,
                lead="by",
            ),
        ),
        proposals=(_proposal(),),
    )


def _proposal() -> Proposal:
    itu = Body("ITU", Span(114, 117), "ITU")
    rcs = Body("UN RCs", Span(120, 126), "UN RCs", joiner="+")
    who = Body("WHO", Span(156, 159), "WHO")
    rows = (
        AnnexRow(
            code="C7",
            subline=None,
            title="ICT applications",
            title_span=Span(96, 112),
            cell=Cell("ITU + UN RCs", Span(114, 126), CellStatus.FILLED, (itu, rcs)),
            span=Span(92, 126),
            code_span=Span(92, 94),
        ),
        AnnexRow(
            code="C7",
            subline="E-government",
            title="E-government",
            title_span=Span(129, 141),
            cell=Cell("", Span(154, 154), CellStatus.BLANK),
            span=Span(127, 141),
            parent="C7",
        ),
        AnnexRow(
            code="C7",
            subline="E-health",
            title="E-health",
            title_span=Span(144, 152),
            cell=Cell("WHO", Span(156, 159), CellStatus.FILLED, (who,)),
            span=Span(142, 152),
            parent="C7",
        ),
    )
    return Proposal(
        annex="A",
        proponent="Ghana",
        heading_span=Span(45, 60),
        span=Span(44, 161),
        line_header="Action Lines",
        role_header="Coordinator(s)",
        role_header_span=Span(76, 90),
        rows=rows,
    )


def tiny_extraction() -> Extraction:
    """What the extractor should read from tiny.txt."""
    itu = Mention(Span(17, 20), "ITU", "id/org/itu", Place(paragraph="1"))
    deadline = Deadline(
        span=Span(28, 42),
        text="[by 2010/2015]",
        options=(DateOption(Span(32, 36), "2010", 2010), DateOption(Span(37, 41), "2015", 2015)),
        where=Place(paragraph="1"),
        group=Span(28, 42),
    )
    commitment = Commitment(
        paragraph="1",
        item=None,
        index=1,
        span=Span(3, 42),
        speaker="id/actor/wsis-participants",
        modality="invite",
        verb="invite",
        modality_span=Span(6, 12),
        action_span=Span(21, 42),
        addressees=(itu,),
        deadlines=(deadline,),
    )
    return Extraction(
        commitments=(commitment,),
        mentions=(itu,),
        assignments=(
            _assignment(None, "id/org/itu", "ITU", Span(114, 117), Span(114, 126), 1),
            _assignment(None, "id/org/un-rcs", "UN RCs", Span(120, 126), Span(114, 126), 2),
            _assignment("E-health", "id/org/who", "WHO", Span(156, 159), Span(156, 159), 1),
        ),
        deadlines=(deadline,),
    )


def _assignment(
    subline: str | None, agency: str, body: str, body_span: Span, cell_span: Span, position: int
) -> Assignment:
    return Assignment(
        annex="A",
        proponent="Ghana",
        code="C7",
        subline=subline,
        agency=agency,
        body=body,
        body_span=body_span,
        role="coordinator",
        role_options=("coordinator",),
        role_span=Span(76, 90),
        cell_span=cell_span,
        position=position,
        joiner="+" if position > 1 else None,
    )


def check_offsets(document: Document) -> list[str]:
    """Offsets above that do not cover the text they should (empty when all are right)."""
    return [
        f"{span}: {document.slice(span)!r} != {expected!r}"
        for span, expected in EXPECTED_SLICES.items()
        if document.slice(span) != expected
    ]
