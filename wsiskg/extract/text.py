"""Text helpers shared by the extractors: a matching view, phrase matchers, blocks, sentences.

Extraction matches on a copy of the text that has the same length as the original (so an
offset in the copy is an offset in the original): the parser's normalisation
(:func:`wsiskg.text.source.normalise`: no-break spaces, curly quotes, look-alike letters) plus
British ``-ise`` spellings written ``-ize``, so "organisations" finds "organizations".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from wsiskg.extract.records import Place
from wsiskg.text.model import Document, Span
from wsiskg.text.source import normalise

_ISE = re.compile(r"(?<=[a-z]i)s(?=(?:e|ed|es|ing|ation|ations|er|ers)\b)", re.IGNORECASE)
_SEPARATOR = r"[\s-]+"
_SENTENCE_END = re.compile(r"[.!?]+[\])\"']*(?=\s+[\[(\"']*[A-Z0-9]|\s*$)")
_EDGE = " \t\n,;:."
_OPEN_PAREN = re.compile(r"\s*\(\s*$")
_CLOSE_PAREN = re.compile(r"\s*\)")


def _zed(match: re.Match[str]) -> str:
    return "Z" if match.group() == "S" else "z"


def match_text(text: str) -> str:
    """The copy extraction matches on: same length as ``text``.

    >>> match_text("organisations\u00a0recognise")
    'organizations recognize'
    """
    return _ISE.sub(_zed, normalise(text))


def canonical(phrase: str) -> str:
    """A lexicon key as compared: casefolded, -ize spelling, hyphens and runs of space as one.

    >>> canonical("  Secretary-General of the\u00a0UN ")
    'secretary general of the un'
    """
    return " ".join(re.split(_SEPARATOR, match_text(phrase).casefold().strip()))


@dataclass(frozen=True)
class Hit:
    """A lexicon phrase found in the text."""

    span: Span
    key: str  # canonical key
    value: str


class PhraseMatcher:
    """Finds the phrases of a lexicon in text, longest first, on word boundaries."""

    def __init__(self, mapping: Mapping[str, str], capitalised: frozenset[str] = frozenset()):
        self._values = {canonical(key): value for key, value in mapping.items() if key.strip()}
        self._capitalised = {canonical(key) for key in capitalised}
        keys = sorted(self._values, key=len, reverse=True)
        body = "|".join(_SEPARATOR.join(map(re.escape, key.split(" "))) for key in keys)
        self._pattern = re.compile(rf"(?<![\w-])(?:{body or '(?!)'})(?!\w)", re.IGNORECASE)

    def lookup(self, phrase: str) -> str | None:
        """The value of a whole phrase, or None."""
        return self._values.get(canonical(phrase))

    def finditer(self, view: str, printed: str, span: Span | None = None) -> Iterator[Hit]:
        """Non-overlapping hits in ``view`` (a :func:`match_text` copy of ``printed``)."""
        pos, end = (0, len(view)) if span is None else (span.start, span.end)
        while (found := self._pattern.search(view, pos, end)) is not None:
            hit = self._hit(found, printed)
            if hit is None:
                pos = found.start() + 1
                continue
            yield hit
            pos = found.end()

    def match_at(self, view: str, printed: str, pos: int, end: int) -> Hit | None:
        """The longest hit starting exactly at ``pos``, or None."""
        found = self._pattern.match(view, pos, end)
        return None if found is None else self._hit(found, printed)

    def _hit(self, found: re.Match[str], printed: str) -> Hit | None:
        key = canonical(found.group())
        if key in self._capitalised and not _acronym_style(printed[found.start() : found.end()]):
            return None
        return Hit(Span(found.start(), found.end()), key, self._values[key])


def _acronym_style(printed: str) -> bool:
    """Printed with a capital after the first letter: "WHO", "UN RCs", not "who" or "Who"."""
    return any(char.isupper() for char in printed[1:])


def merge_abbreviations(view: str, hits: list[Hit]) -> list[tuple[Span, str]]:
    """Join "International Telecommunication Union (ITU)" into one mention of one actor."""
    merged: list[tuple[Span, str]] = []
    skip = False
    followers: list[Hit | None] = [*hits[1:], None] if hits else []
    for first, second in zip(hits, followers, strict=True):
        if skip:
            skip = False
            continue
        close = _abbreviation_end(view, first, second)
        if close is not None:
            merged.append((Span(first.span.start, close), first.value))
            skip = True
        else:
            merged.append((first.span, first.value))
    return merged


def _abbreviation_end(view: str, first: Hit, second: Hit | None) -> int | None:
    if second is None or second.value != first.value:
        return None
    if not _OPEN_PAREN.match(view[first.span.end : second.span.start]):
        return None
    close = _CLOSE_PAREN.match(view, second.span.end)
    return None if close is None else close.end()


@dataclass(frozen=True)
class Block:
    """A run of running text: a paragraph's chapeau, an item's text, a continuation."""

    span: Span
    place: Place


def blocks(document: Document) -> list[Block]:
    """Every block of every paragraph, in printed order."""
    found: list[Block] = []
    for paragraph in document.paragraphs:
        found.append(Block(paragraph.chapeau_span, Place(paragraph.number)))
        for item in paragraph.items:
            found.append(Block(item.text_span, Place(paragraph.number, item.label)))
        for k, continuation in enumerate(paragraph.continuations, start=1):
            found.append(Block(continuation.span, Place(paragraph.number, block=k)))
    return sorted(found, key=lambda block: block.span.start)


class Locator:
    """Finds the smallest element (paragraph, item, continuation, annex) holding a span."""

    def __init__(self, document: Document) -> None:
        self._document = document

    def place(self, span: Span) -> Place:
        """Where ``span`` stands; an empty :class:`Place` outside every element."""
        for paragraph in self._document.paragraphs:
            if paragraph.span.contains(span):
                return self._within(paragraph.number, span)
        for proposal in self._document.proposals:
            if proposal.span.contains(span):
                return Place(annex=proposal.annex)
        return Place()

    def _within(self, number: str, span: Span) -> Place:
        paragraph = self._document.paragraph(number)
        for item in paragraph.items:
            if item.span.contains(span):
                return Place(number, item.label)
        for k, continuation in enumerate(paragraph.continuations, start=1):
            if continuation.span.contains(span):
                return Place(number, block=k)
        return Place(number)


def sentences(view: str, span: Span) -> list[Span]:
    """The sentences of a block (a full stop followed by a capital, or the block's end)."""
    found: list[Span] = []
    start = span.start
    for end in _SENTENCE_END.finditer(view, span.start, span.end):
        found.append(Span(start, end.end()))
        start = end.end()
    if view[start : span.end].strip():
        found.append(Span(start, span.end))
    return [trimmed for piece in found if len(trimmed := strip_space(view, piece))]


def strip_space(view: str, span: Span) -> Span:
    """``span`` without white space at either end."""
    start, end = span.start, span.end
    while start < end and view[start].isspace():
        start += 1
    while end > start and view[end - 1].isspace():
        end -= 1
    return Span(start, end)


def trim(view: str, span: Span) -> Span:
    """``span`` without space, ``,;:.`` or unbalanced brackets at its ends."""
    start, end = span.start, span.end
    while True:
        before = (start, end)
        while start < end and view[start] in _EDGE:
            start += 1
        while end > start and view[end - 1] in _EDGE:
            end -= 1
        piece = view[start:end]
        if piece.endswith("]") and piece.count("]") > piece.count("["):
            end -= 1
        elif piece.startswith("[") and piece.count("[") > piece.count("]"):
            start += 1
        if (start, end) == before:
            return Span(start, end)


def in_any(span: Span, spans: list[Span]) -> bool:
    """True when one of ``spans`` contains ``span``."""
    return any(outer.contains(span) for outer in spans)
