"""Text -> :class:`~wsiskg.text.model.Document`: the structure of a negotiation draft.

Pure: no RDF, no I/O beyond reading the file in :func:`parse_file`. The grammar is read
line by line from the normalised copy (see :mod:`wsiskg.text.source`); brackets and annex tables
have their own modules. Every offset points into the original text.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from wsiskg.errors import EmptyDocumentError, Location, NumberingError, ParseError
from wsiskg.text import brackets as bracket_grammar
from wsiskg.text.annex import HEADING as ANNEX_HEADING
from wsiskg.text.annex import AnnexParser
from wsiskg.text.model import (
    AlternativeGroup,
    Bracket,
    Chapter,
    Continuation,
    Document,
    Item,
    Option,
    Paragraph,
    Proposal,
    Span,
)
from wsiskg.text.numerals import number_value
from wsiskg.text.source import Line, LineIndex, SourceText, normalise, read_source, split_lines

# Greedy titles, stripped in code: a lazy ``.*?`` before ``[ \t]*$`` backtracks quadratically.
_CHAPTER = re.compile(
    r"^[ \t\[]*chapter[ \t]+(?P<number>[A-Za-z0-9]{1,12})[ \t]*[:.-][ \t]*(?P<title>.*)$",
    re.IGNORECASE | re.ASCII,
)
_PARAGRAPH = re.compile(r"^(?P<pre>[ \t\[]*)(?P<number>[0-9]{1,3})\.(?=[ \t]|$)")
_ITEM = re.compile(r"^(?P<pre>[ \t\[]*)(?P<marker>\(?(?P<label>[a-z]{1,2})\))")


def parse_file(path: Path) -> Document:
    """Read and parse a negotiation text file."""
    return parse_source(read_source(path))


def parse_document(text: str, path: Path | str = "<text>") -> Document:
    """Parse a text already in memory (``path`` only names it in messages).

    >>> doc = parse_document("1.\\nWe [encourage] /[urge] governments to act.\\n")
    >>> doc.paragraph(1).number, [o.text for o in doc.alternatives[0].options]
    ('1', ['encourage', 'urge'])
    """
    path = Path(path)
    if not text.strip():
        raise EmptyDocumentError(
            "empty document (expected numbered paragraphs)", Location(str(path), 1, 1)
        )
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return parse_source(SourceText(path, text, normalise(text), sha))


def parse_source(source: SourceText) -> Document:
    """Parse a decoded source text."""
    return _Parser(source).parse()


@dataclass
class _Segment:
    """Lines of one part of a paragraph: its chapeau, an item, or a continuation."""

    kind: str  # "chapeau" | "item" | "continuation"
    label: str | None
    first: int  # offset where the segment's marker or text starts
    body: int  # offset where its text starts (after "a)")
    line_start: int  # start of the line it begins on
    lines: list[Line] = field(default_factory=list)


class _Parser:
    def __init__(self, source: SourceText) -> None:
        self.source = source
        self.text = source.normalised
        self.index = LineIndex(str(source.path), source.text)
        self.lines = split_lines(self.text)
        self.raw = bracket_grammar.match_brackets(self.text, self.index)
        self.wrapper = bracket_grammar.find_wrapper(self.text, self.raw)
        self.by_open = {b.span.start: b for b in self.raw}
        self.by_close = {b.span.end - 1: b for b in self.raw}
        self.starts = [b.span.start for b in self.raw]  # brackets come in order of opening
        self.annexes = AnnexParser(self.text, source.text, self.index)

    def parse(self) -> Document:
        chapters: list[Chapter] = []
        paragraphs: list[Paragraph] = []
        proposals: list[Proposal] = []
        loose: list[Span] = []
        position = 0
        while position < len(self.lines):
            line = self.lines[position]
            chapter = chapters[-1].number if chapters else None
            if _CHAPTER.match(line.text):
                chapters.append(self._chapter(line, len(chapters)))
                position += 1
            elif ANNEX_HEADING.match(line.text):
                proposal, position = self._annex(position, chapter)
                self._check_annex_letter(proposal, proposals)
                proposals.append(proposal)
            elif _PARAGRAPH.match(line.text):
                end = self._block_end(position + 1)
                paragraph = self._paragraph(self.lines[position:end], chapter)
                self._check_number(paragraph, paragraphs)
                paragraphs.append(paragraph)
                position = end
            else:
                if line.text.strip(" \t[]"):
                    loose.append(line.content)
                position += 1
        if not paragraphs and not proposals:
            raise ParseError(
                "no numbered paragraph found (expected lines such as '1.' or '1. We …')",
                self.index.location(self.lines[0].content.start),
            )
        return self._document(chapters, paragraphs, proposals, loose)

    # -- document-level pieces -------------------------------------------------------------

    def _document(
        self,
        chapters: list[Chapter],
        paragraphs: list[Paragraph],
        proposals: list[Proposal],
        loose: list[Span],
    ) -> Document:
        brackets = self._brackets(paragraphs, proposals)
        return Document(
            path=self.source.path,
            sha256=self.source.sha256,
            text=self.source.text,
            chapters=tuple(chapters),
            paragraphs=tuple(paragraphs),
            brackets=brackets,
            alternatives=self._alternatives(paragraphs, proposals),
            proposals=tuple(proposals),
            wrapper=self.wrapper,
            loose_text=tuple(loose),
        )

    def _chapter(self, line: Line, count: int) -> Chapter:
        match = _CHAPTER.match(line.text)
        assert match is not None
        start = line.start + len(line.text) - len(line.text.lstrip(" \t["))
        end = line.start + len(line.text.rstrip(" \t]"))
        number = match["number"]
        title = match["title"].rstrip(" \t]")
        return Chapter(number, _ordinal(number, count + 1), title, Span(start, end))

    def _block_end(self, position: int) -> int:
        """Index of the first line at or after ``position`` that starts a new block."""
        while position < len(self.lines):
            text = self.lines[position].text
            if _CHAPTER.match(text) or ANNEX_HEADING.match(text) or _PARAGRAPH.match(text):
                return position
            position += 1
        return position

    def _annex(self, position: int, chapter: str | None) -> tuple[Proposal, int]:
        """Parse the annex whose heading is line ``position``; return it and the next line."""
        heading = self.lines[position]
        marker = heading.start + heading.text.upper().index("ANNEX")
        opening = self._opening_bracket(heading, marker)
        if opening is not None:  # a bracketed annex ends where its bracket closes
            limit = opening.inner.end
        else:  # otherwise at the next block, or where a bracket around it closes
            block_end = self._block_end(position + 1)
            limit = self.lines[block_end].start if block_end < len(self.lines) else len(self.text)
            enclosing = self._enclosing_bracket(heading.start)
            if enclosing is not None:
                limit = min(limit, enclosing.inner.end)
        last = position + 1
        while last < len(self.lines) and self.lines[last].start < limit:
            last += 1
        body = [
            Line(line.start, line.text[: max(0, limit - line.start)])
            for line in self.lines[position + 1 : last]
        ]
        if opening is not None:
            span = opening.span
        else:
            content = [line for line in body if not line.is_empty]
            end = content[-1].content.end if content else heading.content.end
            span = Span(heading.content.start, end)
        return self.annexes.parse(heading, body, span, chapter), last

    def _enclosing_bracket(self, offset: int) -> bracket_grammar.RawBracket | None:
        """The innermost bracket open at ``offset``."""
        inside = [b for b in self.raw if b.span.start < offset < b.span.end - 1]
        return max(inside, key=lambda b: b.span.start) if inside else None

    def _opening_bracket(self, line: Line, marker: int) -> bracket_grammar.RawBracket | None:
        """The bracket opened between the line start and ``marker`` (the innermost one)."""
        for offset in range(marker - 1, line.start - 1, -1):
            if self.text[offset] == "[":
                return self.by_open[offset]
        return None

    # -- paragraphs ------------------------------------------------------------------------

    def _paragraph(self, lines: list[Line], chapter: str | None) -> Paragraph:
        first = lines[0]
        match = _PARAGRAPH.match(first.text)
        assert match is not None
        number_span = Span(first.start + match.start("number"), first.start + match.end("number"))
        after_number = first.start + match.end()
        segments = self._segments(Line(after_number, first.text[match.end() :]), lines[1:])
        spans = [self._segment_span(segment, first.start) for segment in segments]
        raw_ends = [end for segment in segments if (end := self._raw_end(segment)) is not None]
        if not raw_ends:
            raise ParseError(
                f"paragraph {match['number']} has no text (expected text after the number)",
                self.index.location(number_span.start),
            )
        end = max(number_span.end, self._trim_closers(max(raw_ends), first.start))
        start = self._start_with_bracket(first.start, number_span.start, end)
        text_start = self._first_content(after_number, end)
        items, continuations = self._items(segments, spans, match["number"])
        chapeau = spans[0] or Span(text_start, text_start)
        return Paragraph(
            number=match["number"],
            chapter=chapter,
            span=Span(start, end),
            number_span=number_span,
            text_span=Span(text_start, end),
            chapeau_span=chapeau,
            items=items,
            continuations=continuations,
            wholly_bracketed=self._wholly_bracketed(start, text_start, end),
        )

    def _segments(self, rest_of_first: Line, lines: list[Line]) -> list[_Segment]:
        """Split a paragraph's lines into its chapeau, items and continuation blocks."""
        segments = [_Segment("chapeau", None, rest_of_first.start, rest_of_first.start, 0)]
        gap = False
        for line in [rest_of_first, *lines]:
            item = _ITEM.match(line.text)
            if not line.text.strip():
                gap = True
                continue
            if item:
                start = line.start + item.start("marker")
                body = line.start + item.end()
                segments.append(_Segment("item", item["label"], start, body, line.start))
                segments[-1].lines.append(Line(body, line.text[item.end() :]))
            else:
                current = segments[-1]
                if gap and current.kind in ("item", "continuation") and current.lines:
                    segments.append(
                        _Segment("continuation", current.label, line.start, line.start, line.start)
                    )
                segments[-1].lines.append(line)
            gap = False
        return segments

    @staticmethod
    def _raw_end(segment: _Segment) -> int | None:
        """Where the segment's last content ends, before trimming brackets of older text."""
        content = [line for line in segment.lines if line.text.strip()]
        if content:
            return content[-1].content.end
        return segment.body if segment.kind == "item" else None

    def _segment_span(self, segment: _Segment, paragraph_floor: int) -> Span | None:
        """From the segment's first content to its last, minus brackets closing older text.

        ``None`` for a chapeau without text and for a continuation that holds nothing but
        closing brackets of older text (e.g. the draft wrapper's ``]``).
        """
        end = self._raw_end(segment)
        if end is None:
            return None
        content = [line for line in segment.lines if line.text.strip()]
        start = segment.first if segment.kind == "item" else content[0].content.start
        # the chapeau's text may start a line after the number: its floor is the number's line
        floor = paragraph_floor if segment.kind == "chapeau" else segment.line_start
        trimmed = self._trim_closers(end, floor)
        if trimmed <= start and segment.kind == "continuation":
            return None
        return Span(start, max(start, trimmed))

    def _trim_closers(self, end: int, floor: int) -> int:
        """Drop trailing ``]`` whose bracket opened before ``floor`` (e.g. the draft's wrapper)."""
        while (
            end > floor and self.text[end - 1] == "]" and self.by_close[end - 1].span.start < floor
        ):
            end -= 1
            while end > floor and self.text[end - 1] in " \t\n":
                end -= 1
        return end

    def _items(
        self, segments: list[_Segment], spans: list[Span | None], number: str
    ) -> tuple[tuple[Item, ...], tuple[Continuation, ...]]:
        items: list[Item] = []
        continuations: list[Continuation] = []
        for segment, span in zip(segments, spans, strict=True):
            if span is None or segment.kind == "chapeau":
                continue
            assert segment.label is not None
            if segment.kind == "continuation":
                continuations.append(Continuation(span, segment.label))
                continue
            self._check_letter(segment, items, number)
            start = self._start_with_bracket(segment.line_start, segment.first, span.end)
            body = self._first_content(segment.body, span.end)
            wholly = self._wholly_bracketed(start, body, span.end)
            items.append(Item(segment.label, Span(start, span.end), Span(body, span.end), wholly))
        return tuple(items), tuple(continuations)

    def _start_with_bracket(self, line_start: int, marker: int, end: int) -> int:
        """Start at a ``[`` before the marker when that bracket closes inside the element."""
        for offset in range(line_start, marker):
            if self.text[offset] == "[" and self.by_open[offset].span.end <= end:
                return offset
        return marker

    def _first_content(self, offset: int, end: int) -> int:
        while offset < end and self.text[offset].isspace():
            offset += 1
        return offset

    def _wholly_bracketed(self, start: int, body: int, end: int) -> bool:
        """Some bracket opens between ``start`` and ``body`` and closes at or after ``end``."""
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_right(self.starts, body)
        return any(b.index != self.wrapper and b.span.end >= end for b in self.raw[first:last])

    # -- checks ----------------------------------------------------------------------------

    def _check_number(self, paragraph: Paragraph, earlier: list[Paragraph]) -> None:
        if earlier and int(paragraph.number) <= int(earlier[-1].number):
            raise NumberingError(
                f"paragraph {paragraph.number} follows paragraph {earlier[-1].number} "
                f"(expected a number greater than {earlier[-1].number})",
                self.index.location(paragraph.number_span.start),
            )

    def _check_letter(self, segment: _Segment, earlier: list[Item], number: str) -> None:
        assert segment.label is not None
        if earlier and (len(segment.label), segment.label) <= (
            len(earlier[-1].label),
            earlier[-1].label,
        ):
            raise NumberingError(
                f"item {segment.label}) follows item {earlier[-1].label}) in paragraph {number} "
                f"(expected a letter after {earlier[-1].label})",
                self.index.location(segment.first),
            )

    def _check_annex_letter(self, proposal: Proposal, earlier: list[Proposal]) -> None:
        if any(other.annex == proposal.annex for other in earlier):
            raise NumberingError(
                f"annex {proposal.annex} appears twice (expected each annex letter once)",
                self.index.location(proposal.heading_span.start),
            )

    # -- brackets and alternatives ---------------------------------------------------------

    def _brackets(
        self, paragraphs: list[Paragraph], proposals: list[Proposal]
    ) -> tuple[Bracket, ...]:
        depths = bracket_grammar.bracket_depths(self.raw, self.wrapper)
        placer = _Placer(paragraphs, proposals)
        result = []
        for raw in self.raw:
            paragraph, item, annex = placer.place(raw.span)
            if raw.index == self.wrapper:
                paragraph, item, annex = None, None, None
            result.append(
                Bracket(
                    raw.index,
                    raw.span,
                    raw.inner,
                    depths[raw.index],
                    raw.parent,
                    paragraph,
                    item,
                    annex,
                    raw.index == self.wrapper,
                )
            )
        return tuple(result)

    def _alternatives(
        self, paragraphs: list[Paragraph], proposals: list[Proposal]
    ) -> tuple[AlternativeGroup, ...]:
        placer = _Placer(paragraphs, proposals)
        groups = []
        for raw in bracket_grammar.find_alternatives(self.text, self.raw):
            paragraph, item, annex = placer.place(raw.span)
            options = tuple(Option(self._original(o.span), o.span) for o in raw.options)
            lead = self._original(raw.lead) if raw.lead else None
            groups.append(
                AlternativeGroup(
                    raw.form, raw.span, options, raw.brackets, paragraph, item, annex, lead
                )
            )
        return tuple(groups)

    def _original(self, span: Span) -> str:
        return self.source.text[span.start : span.end]


class _Placer:
    """Finds the paragraph, item and annex containing a span (paragraphs are in text order)."""

    def __init__(self, paragraphs: list[Paragraph], proposals: list[Proposal]) -> None:
        self.paragraphs = paragraphs
        self.starts = [p.span.start for p in paragraphs]
        self.proposals = proposals

    def place(self, span: Span) -> tuple[str | None, str | None, str | None]:
        index = bisect.bisect_right(self.starts, span.start) - 1
        if index >= 0 and self.paragraphs[index].span.contains(span):
            paragraph = self.paragraphs[index]
            item = next((i.label for i in paragraph.items if i.span.contains(span)), None)
            return paragraph.number, item, None
        annex = next((p.annex for p in self.proposals if p.span.contains(span)), None)
        return None, None, annex


def _ordinal(number: str, fallback: int) -> int:
    """``One`` -> 1, ``4`` -> 4, ``IV`` -> 4; otherwise the chapter's position."""
    value = number_value(number)
    return value if value is not None else fallback
