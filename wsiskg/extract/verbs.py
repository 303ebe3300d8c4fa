"""The Summit's operative verbs in a sentence: "We [also] V …", and verbs coordinated with it.

* Subject-led: "we" (not after a relative pronoun), optional adverbs ("also",
  "accordingly", "-ly" words) or an apposition ("We, the representatives …,"), then the
  longest phrase of the modality lexicon. A "we" followed by anything else is reported as
  an unknown verb (a vocabulary gap), not guessed.
* Coordinated, after a verb of the same sentence: ", V", ", and V" always; "and V" when no
  to-infinitive stands between the two verbs ("… to support X and recognize Y" coordinates
  infinitives), unless it closes a comma series or is a directive with a known addressee;
  never when V is followed by a word that makes it a noun ("and support of …").
* Asyndetic (a conjunction lost in drafting, para 22 "… Action Lines request ITU to …"):
  a directive verb right before a known actor and its to-infinitive.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from wsiskg.extract.text import Hit, PhraseMatcher
from wsiskg.text.model import Span

_WE = re.compile(r"(?<![\w-])we(?![\w-])", re.IGNORECASE)
# "the goals which we …", "whose goals we …": a relative clause, not the Summit speaking
_RELATIVE = re.compile(r"(?<![\w-])(?:which|who|whom|whose(?:\s+[\w-]+){1,3})\s+$", re.IGNORECASE)
_APPOSITION = re.compile(r"\s*,[^,;.]{1,200}?,")
_WORD = re.compile(r"\s*([A-Za-z]+)")
_ADVERBS = frozenset(
    ["also", "accordingly", "thus", "therefore", "further", "furthermore", "hereby", "again", "now"]
)
_CONNECTOR = re.compile(r"(,\s*(?:and\s+)?|\s+and\s+)(?:(?:also|further|[a-z]+ly)\s+)*$")
_INFINITIVE = re.compile(r"(?<![\w-])to\s+\[?[a-z]")
_AFTER_WE = re.compile(r"(?<![\w-])we\s+(?:[a-z]+ly\s+|also\s+)*$", re.IGNORECASE)
_NOUN_NEXT = re.compile(r"\s+(?:of|for|from|by|in|at|on|is|are|was|were|will|has|have|be)\b")
_FUNCTION_WORDS = frozenset(
    [
        "to",
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "our",
        "his",
        "her",
        "of",
        "for",
        "from",
        "by",
        "in",
        "at",
        "on",
        "with",
        "upon",
        "under",
        "any",
        "each",
        "every",
        "some",
        "no",
        "not",
        "and",
        "or",
        "but",
        "as",
        "such",
    ]
)


@dataclass(frozen=True)
class Verb:
    """An operative verb found in a sentence."""

    hit: Hit  # the modality phrase: span, key, slug
    subject: int  # where its commitment starts: "We", or the verb when coordinated
    boundary: int  # where the clause before it ends
    series: bool = False  # coordinated by a comma


# does this verb take a known actor and a to-infinitive right after it?
Controls = Callable[[Hit, Span], bool]


class VerbFinder:
    """Finds operative verbs with a modality lexicon."""

    def __init__(self, modalities: PhraseMatcher, view: str, printed: str) -> None:
        self._modalities, self._view, self._printed = modalities, view, printed

    def find(self, sentence: Span, controls: Controls) -> tuple[list[Verb], list[Span]]:
        """The sentence's verbs in printed order, and the words after a "we" that are not."""
        verbs: list[Verb] = []
        unknown: list[Span] = []
        for we in _WE.finditer(self._view, sentence.start, sentence.end):
            if _RELATIVE.search(self._view, max(0, we.start() - 60), we.start()):
                continue
            hit = self._after_subject(we.end(), sentence.end)
            if isinstance(hit, Hit):
                verbs.append(Verb(hit, we.start(), we.start()))
            elif hit is not None:
                unknown.append(hit)
        return self._coordinated(sentence, verbs, controls), unknown

    def _after_subject(self, pos: int, end: int) -> Hit | Span | None:
        starts = [pos]
        apposition = _APPOSITION.match(self._view, pos, end)
        if apposition is not None:
            starts.append(apposition.end())
        for start in starts:
            hit = self._verb_at(start, end)
            if hit is not None:
                return hit
        word = _WORD.match(self._view, pos, end)
        return None if word is None else Span(word.start(1), word.end(1))

    def _verb_at(self, pos: int, end: int) -> Hit | None:
        for _ in range(4):
            word = _WORD.match(self._view, pos, end)
            if word is None:
                return None
            hit = self._modalities.match_at(self._view, self._printed, word.start(1), end)
            if hit is not None:
                return hit
            adverb = word.group(1).lower()
            if adverb not in _ADVERBS and not adverb.endswith("ly"):
                return None
            pos = word.end()
        return None

    def _coordinated(self, sentence: Span, verbs: list[Verb], controls: Controls) -> list[Verb]:
        if not verbs:
            return verbs
        found = sorted(verbs, key=lambda verb: verb.hit.span.start)
        taken = [verb.hit.span for verb in found]
        start = found[0].hit.span.end
        for hit in self._modalities.finditer(self._view, self._printed, Span(start, sentence.end)):
            if any(hit.span.start < span.end and span.start < hit.span.end for span in taken):
                continue
            previous = max((v for v in found if v.hit.span.end <= hit.span.start), key=_start)
            verb = self._join(previous, hit, found, controls, sentence)
            if verb is not None:
                found = sorted([*found, verb], key=_start)
        return found

    def _join(
        self, previous: Verb, hit: Hit, found: list[Verb], controls: Controls, sentence: Span
    ) -> Verb | None:
        between = Span(previous.hit.span.end, hit.span.start)
        rest = Span(hit.span.end, sentence.end)
        if _NOUN_NEXT.match(self._view, hit.span.end, sentence.end) or _AFTER_WE.search(
            self._view, max(0, hit.span.start - 40), hit.span.start
        ):
            return None
        connector = _CONNECTOR.search(self._view, between.start, between.end)
        if connector is None:
            word = self._view[max(0, hit.span.start - 20) : hit.span.start].split()
            asyndetic = bool(word) and word[-1].lower() not in _FUNCTION_WORDS
            return (
                Verb(hit, hit.span.start, hit.span.start)
                if asyndetic and controls(hit, rest)
                else None
            )
        comma = "," in connector.group(1)
        infinitive = _INFINITIVE.search(self._view, between.start, connector.start()) is not None
        series = any(verb.series for verb in found)
        if comma or not infinitive or series or controls(hit, rest):
            return Verb(hit, hit.span.start, connector.start(), series=comma)
        return None


def _start(verb: Verb) -> int:
    return verb.hit.span.start
