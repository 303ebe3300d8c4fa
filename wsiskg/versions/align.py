"""Paragraphs (and the items inside them) aligned by what they say, not by their numbers.

Similarity is RapidFuzz's normalised Indel similarity (``fuzz.ratio / 100``: 1 - the
characters to insert and delete over both lengths) of the two texts with white space
collapsed. Pairs are taken greedily, the most similar first (ties: the pair whose positions
are closest), each paragraph at most once, down to :data:`MATCH_THRESHOLD`; what is left is
removed (old) or added (new). A pair whose texts are identical is ``unchanged`` whatever its
numbers; the others are ``changed``. Items of each aligned pair are aligned the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz

from wsiskg.text.model import Document, Paragraph

MATCH_THRESHOLD = 0.6  # below this two texts are different provisions, not one revised


class Status(StrEnum):
    """How an element of one version reappears in the next."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class Pair:
    """One line of an alignment: an element of the old version, the new, or both."""

    old: str | None  # number or label as printed
    new: str | None
    status: Status
    similarity: float
    items: tuple[Pair, ...] = ()

    @property
    def renumbered(self) -> bool:
        """An aligned pair printed under different numbers."""
        return self.old is not None and self.new is not None and self.old != self.new


def flat(text: str) -> str:
    """The text with runs of white space as one space (layout is not wording)."""
    return " ".join(text.split())


def align(old: Sequence[tuple[str, str]], new: Sequence[tuple[str, str]]) -> list[Pair]:
    """Align ``(label, text)`` lists; the result follows the new order, removed ones in place.

    >>> [(p.old, p.new, p.status.value) for p in align(
    ...     [("1", "We note the report."), ("2", "We urge all States to act now.")],
    ...     [("1", "We urge all States to act today."), ("2", "Funding is welcome.")])]
    [('1', None, 'removed'), ('2', '1', 'changed'), (None, '2', 'added')]
    """
    scores = _candidates([flat(t) for _, t in old], [flat(t) for _, t in new])
    matched: dict[int, tuple[int, float]] = {}
    taken: set[int] = set()
    for score, _, i, j in scores:
        if i not in matched and j not in taken:
            matched[i] = (j, score)
            taken.add(j)
    return _ordered(old, new, matched)


def _candidates(old: list[str], new: list[str]) -> list[tuple[float, float, int, int]]:
    """Every pair at or above the threshold, best first."""
    found = []
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            score = 1.0 if a == b else fuzz.ratio(a, b, score_cutoff=MATCH_THRESHOLD * 100) / 100
            if score >= MATCH_THRESHOLD:
                distance = abs(i / max(len(old), 1) - j / max(len(new), 1))
                found.append((score, -distance, i, j))
    found.sort(reverse=True)
    return found


def _ordered(
    old: Sequence[tuple[str, str]],
    new: Sequence[tuple[str, str]],
    matched: dict[int, tuple[int, float]],
) -> list[Pair]:
    keyed: list[tuple[float, int, Pair]] = []
    for i, (label, text) in enumerate(old):
        if i in matched:
            j, score = matched[i]
            same = flat(text) == flat(new[j][1])
            status = Status.UNCHANGED if same else Status.CHANGED
            keyed.append((j, 0, Pair(label, new[j][0], status, 1.0 if same else round(score, 4))))
    placed = {j for j, _ in matched.values()}
    keyed += [
        (j, 0, Pair(None, label, Status.ADDED, 0.0))
        for j, (label, _) in enumerate(new)
        if j not in placed
    ]
    anchor = -1
    for i, (label, _) in enumerate(old):
        if i in matched:
            anchor = matched[i][0]
        else:
            keyed.append((anchor + 0.5, i, Pair(label, None, Status.REMOVED, 0.0)))
    return [pair for _, _, pair in sorted(keyed, key=lambda k: (k[0], k[1]))]


def paragraph_text(document: Document, paragraph: Paragraph) -> str:
    """What a paragraph says: its text after the number."""
    return document.slice(paragraph.text_span)


def align_paragraphs(old: Document, new: Document) -> list[Pair]:
    """Every paragraph of either version once, with the items of aligned pairs aligned too."""
    pairs = align(
        [(p.number, paragraph_text(old, p)) for p in old.paragraphs],
        [(p.number, paragraph_text(new, p)) for p in new.paragraphs],
    )
    return [_with_items(old, new, pair) for pair in pairs]


def _with_items(old: Document, new: Document, pair: Pair) -> Pair:
    if pair.old is None or pair.new is None:
        return pair
    before, after = old.paragraph(pair.old), new.paragraph(pair.new)
    if not before.items and not after.items:
        return pair
    items = align(
        [(i.label, old.slice(i.text_span)) for i in before.items],
        [(i.label, new.slice(i.text_span)) for i in after.items],
    )
    return Pair(pair.old, pair.new, pair.status, pair.similarity, tuple(items))
