"""Actor mentions everywhere, and the addressees of the Summit's directives.

A mention is a lexicon phrase found in the text. "Name (ABBR)" naming the same actor twice
is one mention; an elliptical coordination ("international and intergovernmental
organisations") yields a mention for the elided phrase ("international organisations")
spanning the whole coordination, with the phrase it looked up in ``expanded``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace

from wsiskg.extract.records import Mention
from wsiskg.extract.text import (
    Hit,
    Locator,
    PhraseMatcher,
    merge_abbreviations,
    strip_space,
    trim,
)
from wsiskg.text.model import Span

_ELLIPSIS = re.compile(r"(?<![\w-])([A-Za-z][\w-]*)(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")
# "/" between two capitalised names joins two bodies ("UNDP/UNCTAD"), as in annex cells
_CONJUNCTION = re.compile(
    r"\s*[,;]\s*(?:and/or\s+|and\s+|or\s+)?|\s+(?:and/or|and|or|as well as)\s+"
    r"|(?<=[A-Z])/(?=[A-Z])"
)
# words after which a noun phrase's head is over: prepositions, relatives, participles
_POSTMODIFIER = re.compile(
    r"\s(of|in|at|on|for|with|by|from|to|within|under|through|between|among|amongst|towards|"
    r"into|across|against|over|about|that|which|who|whose|whom|where|including|listed|based|"
    r"such)\b"
)
# a proper name: capitalised words, maybe joined by lower-case function words
# ("Commission on Science and Technology for Development")
_NAME = re.compile(
    r"(?<![\w-])[A-Z][\w-]*(?:\s+(?:(?:of|on|for|in)(?:\s+the)?\s+|and\s+)?[A-Z][\w-]*)*(?![\w-])"
)
_NAME_PREPOSITION = re.compile(r"\s(?:of|on|for|in)\s")
_ARTICLE = re.compile(r"(?:the|a|an)\s+", re.IGNORECASE)
# a conjunct that opens so names the members of the group before it
_INCLUDING = re.compile(r"(?:including|in\s+particular|notably|such\s+as)\s+", re.IGNORECASE)
# a conjunct that starts so is a modifier of the list, not an addressee
_MODIFIER_START = frozenset(
    [
        "in",
        "with",
        "at",
        "on",
        "for",
        "by",
        "through",
        "within",
        "under",
        "from",
        "upon",
        "according",
        "including",
        "inter",
        "where",
        "when",
        "as",
        "particularly",
        "especially",
        "notably",
        "among",
        "amongst",
        "via",
        "per",
        "without",
        "beyond",
        "after",
        "before",
        "during",
        "while",
        "whenever",
        "where",
        "appropriate",
    ]
)
_PRONOUNS = frozenset(
    ["ourselves", "themselves", "itself", "ourselves", "us", "them", "it", "we", "they"]
)
_NOT_VERBS = frozenset(
    [
        "the",
        "a",
        "an",
        "their",
        "its",
        "all",
        "this",
        "these",
        "that",
        "those",
        "our",
        "his",
        "her",
        "which",
        "whom",
        "such",
        "any",
        "each",
        "every",
        "other",
        "both",
    ]
)


def find_mentions(
    view: str, printed: str, actors: PhraseMatcher, locator: Locator
) -> list[Mention]:
    """Every actor named in the text, in printed order."""
    hits = list(actors.finditer(view, printed))
    found = [
        _mention(span, value, printed, locator) for span, value in merge_abbreviations(view, hits)
    ]
    found += _elliptical(view, printed, hits, actors, locator)
    return sorted(found, key=lambda mention: (mention.span.start, -mention.span.end))


def _mention(
    span: Span, actor: str | None, printed: str, locator: Locator, expanded: str | None = None
) -> Mention:
    return Mention(span, printed[span.start : span.end], actor, locator.place(span), expanded)


def _elliptical(
    view: str, printed: str, hits: list[Hit], actors: PhraseMatcher, locator: Locator
) -> list[Mention]:
    found: list[Mention] = []
    taken = [hit.span for hit in hits]
    for hit in hits:
        words = printed[hit.span.start : hit.span.end].split()
        anchor = hit.span.start
        while len(words) > 1 and (before := _ELLIPSIS.search(view, max(0, anchor - 80), anchor)):
            word = Span(before.start(1), before.end(1))
            expanded = " ".join([printed[word.start : word.end], *words[1:]])
            actor = actors.lookup(expanded)
            if actor is None or any(_overlaps(word, span) for span in taken):
                break
            span = Span(word.start, hit.span.end)
            found.append(_mention(span, actor, printed, locator, expanded))
            anchor = word.start
    return found


def _plural(word: str) -> bool:
    return word.islower() and word.endswith("s") and not word.endswith(("ss", "is", "us"))


def _agent_like(word: str) -> bool:
    """A word that may head a noun phrase naming actors: a plural or a capitalised name."""
    plural = word.endswith("s") and not word.endswith(("ss", "is", "us"))
    return plural or (word[:1].isupper() and word.lower() not in _NOT_VERBS)


def _proper(name: str) -> bool:
    """A name of a body, not a capitalised common noun opening a sentence ("Implementation"):
    two capitalised words, or one with a capital after its first letter ("Secretary-General")."""
    words = [word for word in name.split() if word[:1].isupper()]
    return len(words) > 1 or any(char.isupper() for char in name[1:])


def _overlaps(one: Span, other: Span) -> bool:
    return one.start < other.end and other.start < one.end


class Addressees:
    """Reads the addressees from the noun phrase between a directive verb and its ``to``."""

    def __init__(self, view: str, printed: str, mentions: Sequence[Mention], locator: Locator):
        self._view, self._printed, self._locator = view, printed, locator
        self._mentions = sorted(mentions, key=lambda mention: mention.span.start)
        self._starts = [mention.span.start for mention in self._mentions]

    def infinitive(self, complement: Span) -> int | None:
        """Offset of the ``to`` of the verb's to-infinitive (``… governments to elaborate``)."""
        pattern = re.compile(r"(?<![\w-])to\s+\[?([A-Za-z][\w-]*)")  # "to [adopt] [develop]"
        for found in pattern.finditer(self._view, complement.start, complement.end):
            word = found.group(1)
            if word == "be":
                return None  # "consider X to be essential": X is not addressed
            if word in _NOT_VERBS or not word.islower() or (word.endswith("ing") and len(word) > 5):
                continue
            return found.start()
        return None

    def read(self, phrase: Span, directive: bool, certain: bool = False) -> tuple[Mention, ...]:
        """One mention per conjunct that names an addressee; unresolved ones for directives.

        A conjunct opening with "including" (or "in particular", "notably", "such as") and
        the conjuncts after it name members of the group before it ("the regional bodies,
        including the African Union and the League of Arab States"): they are recorded as the
        group's ``members``, not as addressees of their own.
        """
        found: list[Mention] = []
        members: list[Mention] = []
        grouping = False
        for piece, _ in self._pieces(phrase):
            including = _INCLUDING.match(self._view, piece.start, piece.end)
            grouping = grouping or (including is not None and bool(found))
            if grouping:
                start = including.end() if including is not None else piece.start
                member = self._head(Span(start, piece.end), directive, certain)
                members += [member] if member is not None else []
                continue
            if not self._is_noun(piece):
                continue
            mention = self._head(piece, directive, certain)
            if mention is not None and all(mention.span != seen.span for seen in found):
                found.append(mention)
        if members:
            found[-1] = replace(found[-1], members=tuple(members))
        return tuple(found)

    def subjects(self, phrase: Span) -> tuple[Mention, ...]:
        """The known actors heading a sentence's subject ("Each UN agency, according to …,").

        Leading modifiers ("Upon request from governments,") are skipped; after the first
        noun conjunct only conjuncts joined without a comma ("X and/or Y") are subjects, so
        "The experience of, and the activities undertaken by, UN agencies" names none.
        """
        found: list[Mention] = []
        started = False
        for piece, comma in self._pieces(phrase):
            if started and comma:
                break
            if not self._is_noun(piece):
                if started:
                    break
                continue
            first, started = not started, True
            mention = self._named_head(piece) or self._plural_head(piece, first)
            if mention is not None:
                found.append(mention)
        return tuple(found)

    def _plural_head(self, conjunct: Span, first: bool) -> Mention | None:
        """An unknown subject whose head is a plural noun ("Multilateral agencies"): a group
        of actors, kept unresolved; a singular one ("The Regional dialogue") names none. A
        later conjunct opening with a capital ("… of the Geneva and Tunis phases") is part of
        a name, not a subject of its own."""
        article = _ARTICLE.match(self._view, conjunct.start, conjunct.end)
        opening = self._view[article.end() if article else conjunct.start]
        if not first and opening.isupper():
            return None
        boundary = _POSTMODIFIER.search(self._view, conjunct.start, conjunct.end)
        head = strip_space(
            self._view, Span(conjunct.start, boundary.start() if boundary else conjunct.end)
        )
        words = self._view[head.start : head.end].split()
        if not words or not _plural(words[-1]) or self._near(head.start, head.end):
            return None
        return self._unresolved(head)

    def _named_head(self, conjunct: Span) -> Mention | None:
        boundary = _POSTMODIFIER.search(self._view, conjunct.start, conjunct.end)
        head = Span(conjunct.start, boundary.start() if boundary else conjunct.end)
        inside = [m for m in self._near(head.start, head.end) if m.actor is not None]
        return inside[-1] if inside else None

    def _pieces(self, phrase: Span) -> list[tuple[Span, bool]]:
        """The conjuncts of ``phrase``, trimmed, each with whether a comma comes before it."""
        pieces: list[tuple[Span, bool]] = []
        start, comma = phrase.start, False
        for found in _CONJUNCTION.finditer(self._view, phrase.start, phrase.end):
            cut = Span(found.start(), found.end())
            if self._protected(cut, phrase.start):
                continue
            pieces.append((trim(self._view, Span(start, cut.start)), comma))
            start, comma = cut.end, "," in found.group() or ";" in found.group()
        pieces.append((trim(self._view, Span(start, phrase.end)), comma))
        return pieces

    def _protected(self, cut: Span, start: int) -> bool:
        """A cut inside a mention ("Global Alliance on ICT and Development"), parentheses or
        an unknown proper name ("Commission on Science and Technology for Development")."""
        near = [m for m in self._near(max(0, cut.start - 200), cut.end) if m.expanded is None]
        before = self._view[start : cut.start]
        inside = any(_overlaps(cut, m.span) for m in near) or before.count("(") > before.count(")")
        return inside or self._in_name(cut, start)

    def _in_name(self, cut: Span, start: int) -> bool:
        """True when ``cut`` (an "and") joins two words of one proper name that a preposition
        opened before it and that names no known actor."""
        for name in _NAME.finditer(self._view, max(start, cut.start - 120), cut.end + 120):
            span = Span(name.start(), name.end())
            if not span.contains(cut) or self._near(span.start, span.end):
                continue
            opened = _NAME_PREPOSITION.search(self._view, span.start, cut.start)
            return opened is not None and "," not in self._view[cut.start : cut.end]
        return False

    def _is_noun(self, conjunct: Span) -> bool:
        words = self._view[conjunct.start : conjunct.end].split()
        if not words:
            return False
        first = words[0]
        participle = first.islower() and first.endswith(("ed", "ly"))
        modifier = first.lower() in _MODIFIER_START or participle
        return not modifier and " ".join(words).lower() not in _PRONOUNS

    def _head(self, conjunct: Span, directive: bool, certain: bool = False) -> Mention | None:
        """The addressee a conjunct names: a known actor in its head, else (for directives)
        the head kept unresolved; ``certain`` when the construction itself says the words
        name who is asked ("We invite: a) academia to …"), so even a singular common noun
        counts."""
        boundary = _POSTMODIFIER.search(self._view, conjunct.start, conjunct.end)
        head = Span(conjunct.start, boundary.start() if boundary else conjunct.end)
        inside = [m for m in self._near(head.start, head.end) if head.start <= m.span.start]
        if inside:
            return inside[-1]
        name = self._name_at(conjunct)
        if name is not None:
            return self._unresolved(name) if directive else None
        if boundary is not None and boundary.group(1) == "of":
            after = _POSTMODIFIER.search(self._view, boundary.end(), conjunct.end)
            tail = Span(boundary.end(), after.start() if after else conjunct.end)
            named = [m for m in self._near(tail.start, tail.end) if tail.start <= m.span.start]
            if named:
                return named[0]
        return self._unresolved(strip_space(self._view, head), certain) if directive else None

    def _name_at(self, conjunct: Span) -> Span | None:
        """The unknown proper name a conjunct opens with, after an article, if any."""
        article = _ARTICLE.match(self._view, conjunct.start, conjunct.end)
        start = article.end() if article else conjunct.start
        name = _NAME.match(self._view, start, conjunct.end)
        if name is None or not _NAME_PREPOSITION.search(self._view, name.start(), name.end()):
            return None
        return Span(name.start(), name.end())

    def unresolved_subject(self, phrase: Span) -> Mention | None:
        """A provision's subject that is an unknown proper name ("The Secretary-General",
        "The Commission on Science and Technology for Development"), as an unresolved
        mention; a common noun phrase ("The Regional dialogue") names no bearer."""
        for piece, _ in self._pieces(phrase):
            if not self._is_noun(piece):
                continue
            article = _ARTICLE.match(self._view, piece.start, piece.end)
            start = article.end() if article else piece.start
            name = _NAME.match(self._view, start, piece.end)
            if name is None or not _proper(name.group()):
                return None
            rest = self._view[name.end() : piece.end].strip()
            if rest and not _POSTMODIFIER.match(" " + rest):
                return None
            return Mention(
                Span(start, name.end()),
                self._printed[start : name.end()],
                None,
                self._locator.place(Span(start, name.end())),
            )
        return None

    def _unresolved(self, head: Span, certain: bool = False) -> Mention | None:
        article = _ARTICLE.match(self._view, head.start, head.end)
        if article is not None:
            head = Span(article.end(), head.end)  # "the Secretary-General": the name, not "the"
        text = self._printed[head.start : head.end]
        if text.lower() in _PRONOUNS or not text.strip():
            return None
        if not certain and not any(_agent_like(word) for word in text.split()):
            return None
        return Mention(head, text, None, self._locator.place(head))

    def _near(self, start: int, end: int) -> list[Mention]:
        """Mentions starting in ``[start, end)``."""
        low = bisect.bisect_left(self._starts, start)
        high = bisect.bisect_left(self._starts, end)
        return self._mentions[low:high]
