"""The document model: what a negotiation text says, as plain frozen dataclasses.

No RDF here. Every element carries a :class:`Span` of 0-based, end-exclusive offsets into
the *original* file text, so ``document.text[span.start:span.end]`` is exactly the element
as printed. Parsing reads a normalised copy of the same length (see :mod:`wsiskg.text.source`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` into the original text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def contains(self, other: Span) -> bool:
        """True when ``other`` lies within this span (equal spans contain each other)."""
        return self.start <= other.start and other.end <= self.end

    def __len__(self) -> int:
        return self.end - self.start


class CellStatus(StrEnum):
    """What an annex coordinator cell says: bodies, nothing, or an explicit none (``-``)."""

    FILLED = "filled"
    BLANK = "blank"
    NONE = "none"


class AlternativeForm(StrEnum):
    """The printed shapes of negotiated alternatives."""

    SLASHED = "slashed"  # [a/b/c]
    SLASHED_BRACKETS = "slashed-brackets"  # [a] /[b]/[c]
    ADJACENT = "adjacent"  # [a] [b]
    SLASH_ADDITION = "slash-addition"  # x [/ y]


@dataclass(frozen=True)
class Chapter:
    """A chapter heading such as ``Chapter Four: The Way Ahead``."""

    number: str  # as printed: "One", "4"
    ordinal: int  # 1 for "One"
    title: str
    span: Span  # the heading line, without any bracket opening before it


@dataclass(frozen=True)
class Item:
    """A lettered item ``a) …`` of a paragraph."""

    label: str  # "a"
    span: Span  # from the label (or a bracket opening before it) to the end of its text
    text_span: Span  # the text after ``a)``
    wholly_bracketed: bool


@dataclass(frozen=True)
class Continuation:
    """Unlettered text of a paragraph that follows one of its lettered items."""

    span: Span
    after_item: str  # label of the item it follows


@dataclass(frozen=True)
class Paragraph:
    """A numbered operative or preambular paragraph."""

    number: str  # as printed: "13"
    chapter: str | None  # Chapter.number of the chapter it stands in
    span: Span  # from the number (or a bracket opening before it) to its last character
    number_span: Span  # the digits
    text_span: Span  # everything after ``13.``
    chapeau_span: Span  # the text before the first item (all of the text when no items)
    items: tuple[Item, ...] = ()
    continuations: tuple[Continuation, ...] = ()
    wholly_bracketed: bool = False

    def item(self, label: str) -> Item:
        """The item with this letter; KeyError when there is none."""
        for item in self.items:
            if item.label == label:
                return item
        raise KeyError(f"paragraph {self.number} has no item {label!r}")


@dataclass(frozen=True)
class Bracket:
    """One ``[…]`` of negotiated text; ``index`` is its position in ``Document.brackets``."""

    index: int
    span: Span  # brackets included
    inner: Span  # brackets excluded
    depth: int  # 0 for the document wrapper, 1 for top-level brackets inside it
    parent: int | None  # index of the directly enclosing bracket
    paragraph: str | None  # smallest paragraph containing it
    item: str | None  # smallest item (of that paragraph) containing it
    annex: str | None = None  # annex letter when it stands in an annex
    is_wrapper: bool = False  # the bracket that wraps the whole draft


@dataclass(frozen=True)
class Option:
    """One alternative wording."""

    text: str  # as printed (original text at ``span``)
    span: Span


@dataclass(frozen=True)
class AlternativeGroup:
    """Competing wordings of the same place, in printed order."""

    form: AlternativeForm
    span: Span  # from the first option's start (or bracket) to the last bracket
    options: tuple[Option, ...]
    brackets: tuple[int, ...]  # indices of the brackets that make it
    paragraph: str | None
    item: str | None
    annex: str | None = None
    lead: str | None = None  # shared words split off the first option: "by" in [by 2007/2008]


@dataclass(frozen=True)
class Body:
    """One body named in an annex cell, e.g. ``UN Regional Commissions (UN RCs)``."""

    text: str  # as printed
    span: Span
    name: str  # normalised, abbreviation definition removed: "UN Regional Commissions"
    abbreviation: str | None = None  # defined in the cell: "UN RCs"
    joiner: str | None = None  # "+" or "/" printed before it; None for the first body


@dataclass(frozen=True)
class Cell:
    """A coordinator cell as printed; ``span`` is empty (start == end) for a blank cell."""

    text: str
    span: Span
    status: CellStatus
    bodies: tuple[Body, ...] = ()


@dataclass(frozen=True)
class AnnexRow:
    """One action line (or Plan-of-Action section, or C7 sub-line) of an annex table."""

    code: str  # normalised: "C4", "B"; sub-lines carry their parent's code
    subline: str | None  # "E-health" for a C7 sub-line, else None
    title: str  # as printed
    title_span: Span
    cell: Cell
    span: Span  # title through cell
    parent: str | None = None  # code of the parent row, for sub-lines
    code_span: Span | None = None  # the code as printed (None for sub-lines)


@dataclass(frozen=True)
class Proposal:
    """An annex proposal: which bodies a proponent assigns to each action line."""

    annex: str  # "A"
    proponent: str | None  # "Russian Federation"; None when the heading names nobody
    heading_span: Span
    span: Span  # the whole annex, brackets included when bracketed
    line_header: str  # as printed: "Action Line"
    role_header: str  # as printed: "Coordinator(s)", "[Moderator/Coordinator]"
    role_header_span: Span
    rows: tuple[AnnexRow, ...] = ()
    chapter: str | None = None

    def row(self, code: str, subline: str | None = None) -> AnnexRow:
        """The row for an action-line code (and sub-line, case-insensitive)."""
        for row in self.rows:
            same_subline = (row.subline or "").casefold() == (subline or "").casefold()
            if row.code == code and same_subline:
                return row
        raise KeyError(f"annex {self.annex} has no row {code} {subline or ''}".strip())


@dataclass(frozen=True)
class Document:
    """A parsed negotiation text."""

    path: Path
    sha256: str
    text: str
    chapters: tuple[Chapter, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    brackets: tuple[Bracket, ...] = ()
    alternatives: tuple[AlternativeGroup, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    wrapper: int | None = None  # index of the bracket that wraps the whole draft
    loose_text: tuple[Span, ...] = ()  # text outside every chapter heading, paragraph and annex

    def paragraph(self, number: str | int) -> Paragraph:
        """The paragraph printed with this number; KeyError when there is none."""
        for paragraph in self.paragraphs:
            if paragraph.number == str(number):
                return paragraph
        raise KeyError(f"no paragraph {number}")

    def proposal(self, annex: str) -> Proposal:
        """The proposal of this annex letter; KeyError when there is none."""
        for proposal in self.proposals:
            if proposal.annex == annex:
                return proposal
        raise KeyError(f"no annex {annex}")

    def slice(self, span: Span) -> str:
        """The original text at ``span``."""
        return self.text[span.start : span.end]
