"""Cross-references: named documents (from the lexicon), resolutions, chapters and annexes.

Targets are IRI paths relative to the base: ``id/ref/plan-of-action`` (the lexicon's value),
``id/ref/unga-res-57-270-b`` (issuing body from the actor lexicon, session, number, letter),
``id/ref/chapter-three`` (numbers spelled out, whatever the print: "Chapter 3" is the same
chapter), ``id/ref/annex`` or ``id/ref/annex-a``. Headings are structure, not references.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from wsiskg.extract.records import CrossReference, Mention
from wsiskg.extract.text import Locator, PhraseMatcher, in_any, merge_abbreviations
from wsiskg.text.model import Document, Span
from wsiskg.text.numerals import NUMBER_WORDS, number_word

_RESOLUTION = re.compile(
    r"(?<![\w-])(?i:resolution)\s+(?:A/RES/)?(?P<session>\d{1,4})/(?P<number>\d{1,4})"
    r"(?:\s?(?P<letter>[A-Z])(?![\w-]))?"
)
_CHAPTER = re.compile(
    rf"(?<![\w-])(?i:chapter)\s+(?P<number>(?i:{'|'.join(NUMBER_WORDS)})|\d{{1,2}}|[IVX]{{1,5}})(?![\w-])"
)
_ANNEX = re.compile(r"(?<![\w-])(?i:annex(?:es)?)(?:\s+(?P<letter>[A-Z])(?![\w-]))?")


class ReferenceReader:
    """Reads the cross-references of one document."""

    def __init__(
        self, document: Document, view: str, mentions: list[Mention], locator: Locator
    ) -> None:
        self._document, self._view, self._locator = document, view, locator
        self._mentions = mentions

    def read(self, references: PhraseMatcher) -> list[CrossReference]:
        """Every cross-reference, in printed order."""
        hits = list(references.finditer(self._view, self._document.text))
        found = [
            self._reference(span, target, "document")
            for span, target in merge_abbreviations(self._view, hits)
        ]
        found += self._resolutions() + self._chapters() + self._annexes()
        kept: list[CrossReference] = []
        for reference in sorted(found, key=lambda r: (r.span.start, -r.span.end)):
            if not in_any(reference.span, [k.span for k in kept]):
                kept.append(reference)  # a named resolution is not read twice
        return kept

    def _resolutions(self) -> list[CrossReference]:
        found: list[CrossReference] = []
        for match in _RESOLUTION.finditer(self._view):
            body = self._issuer(match.start())
            parts = [body.actor.rsplit("/", 1)[-1]] if body and body.actor else []
            parts += ["res", match.group("session"), match.group("number")]
            parts += [match.group("letter").lower()] if match.group("letter") else []
            start = body.span.start if body else match.start()
            found.append(
                self._reference(Span(start, match.end()), "id/ref/" + "-".join(parts), "resolution")
            )
        return found

    def _issuer(self, start: int) -> Mention | None:
        """The body named right before "resolution" ("UNGA Resolution 57/270 B")."""
        for mention in self._mentions:
            if mention.span.end <= start and not self._view[mention.span.end : start].strip():
                return mention
        return None

    def _chapters(self) -> list[CrossReference]:
        headings = [chapter.span for chapter in self._document.chapters]
        return self._outside(
            _CHAPTER, headings, "chapter", lambda m: f"chapter-{number_word(m['number'])}"
        )

    def _annexes(self) -> list[CrossReference]:
        headings = [proposal.heading_span for proposal in self._document.proposals]
        return self._outside(
            _ANNEX,
            headings,
            "annex",
            lambda m: f"annex-{m['letter'].lower()}" if m["letter"] else "annex",
        )

    def _outside(
        self,
        pattern: re.Pattern[str],
        headings: list[Span],
        kind: str,
        target: Callable[[re.Match[str]], str],
    ) -> list[CrossReference]:
        """What ``pattern`` finds outside ``headings``: a heading does not refer to itself."""
        found: list[CrossReference] = []
        for match in pattern.finditer(self._view):
            span = Span(match.start(), match.end())
            if not in_any(span, headings):
                found.append(self._reference(span, "id/ref/" + target(match), kind))
        return found

    def _reference(self, span: Span, target: str, kind: str) -> CrossReference:
        return CrossReference(
            span, self._document.slice(span), target, kind, self._locator.place(span)
        )
