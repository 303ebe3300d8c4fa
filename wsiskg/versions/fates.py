"""What became of each bracket of one version in the next.

A bracket lives in a *container*: its paragraph (aligned by :mod:`~wsiskg.versions.align`),
its annex proposal (matched by proponent, else by letter when neither names one), or the
whole text. Its words are followed into the next version's container with the word
alignment of :mod:`~wsiskg.versions.words`:

- ``removed-with-paragraph``: its paragraph has no counterpart (an annex bracket whose
  proposal has none is ``dropped``);
- ``open``: a bracket of the next version covers the same words (at least
  :data:`KEEP_THRESHOLD` of its words and of the new bracket's words in common);
- ``kept``: the brackets are gone and at least :data:`KEEP_THRESHOLD` of its words stay;
- ``dropped``: fewer of its words stay;
- ``chosen``: the brackets of an alternative group are gone and one option stays: the
  option with the largest share of its words printed where the group stood (between the
  last word kept before the group and the first kept after it), at least
  :data:`KEEP_THRESHOLD`, the longer option on a tie; every
  bracket of the group gets this fate and the option's text. A group of which any bracket is
  still open is ``open``; a group none of whose options stays is ``dropped``.

The draft's wrapper is ``open`` while the next version is wrapped too, else ``kept``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from wsiskg.text.model import AlternativeGroup, Bracket, Document, Proposal, Span
from wsiskg.versions.align import Pair
from wsiskg.versions.words import BRACKETS, Token, inside, matching, tokens

KEEP_THRESHOLD = 0.5


class Fate(StrEnum):
    """The fate of a bracket in the next version."""

    KEPT = "kept"
    DROPPED = "dropped"
    CHOSEN = "chosen"
    OPEN = "open"
    REMOVED_WITH_PARAGRAPH = "removed-with-paragraph"


@dataclass(frozen=True)
class BracketFate:
    """One bracket of the old version and what the new version did with it."""

    old: Bracket
    text: str  # inner text, without the brackets
    fate: Fate
    chosen: str | None = None  # the surviving option's text
    new: Bracket | None = None  # the bracket that still holds it, when open


@dataclass(frozen=True)
class _Mapped:
    old: tuple[Token, ...]
    new: tuple[Token, ...]
    kept: dict[int, int]
    new_brackets: tuple[Bracket, ...]


def proposal_key(proposal: Proposal) -> str:
    """What identifies a proposal across versions: its proponent, else its letter."""
    if proposal.proponent:
        return "proponent:" + " ".join(proposal.proponent.casefold().split())
    return "annex:" + proposal.annex


class _Containers:
    """Old container -> new container, and the word alignment between them (cached)."""

    def __init__(self, old: Document, new: Document, paragraphs: list[Pair]) -> None:
        self.old, self.new = old, new
        self.paragraphs = {p.old: p.new for p in paragraphs if p.old is not None}
        self.proposals = {proposal_key(p): p for p in new.proposals}
        self._cache: dict[tuple[Span, Span], _Mapped] = {}

    def mapped(self, bracket: Bracket) -> _Mapped | None:
        spans = self._spans(bracket)
        if spans is None:
            return None
        if spans not in self._cache:
            before, after = spans
            found_old, found_new = tokens(self.old.text, before), tokens(self.new.text, after)
            inner = tuple(
                b for b in self.new.brackets if not b.is_wrapper and after.contains(b.span)
            )
            self._cache[spans] = _Mapped(
                found_old, found_new, matching(found_old, found_new), inner
            )
        return self._cache[spans]

    def _spans(self, bracket: Bracket) -> tuple[Span, Span] | None:
        if bracket.paragraph is not None:
            number = self.paragraphs.get(bracket.paragraph)
            if number is None:
                return None
            return self.old.paragraph(bracket.paragraph).span, self.new.paragraph(number).span
        if bracket.annex is not None:
            proposal = self.old.proposal(bracket.annex)
            match = self.proposals.get(proposal_key(proposal))
            return None if match is None else (proposal.span, match.span)
        return Span(0, len(self.old.text)), Span(0, len(self.new.text))


def bracket_fates(
    old: Document, new: Document, paragraphs: list[Pair]
) -> tuple[list[BracketFate], list[Bracket]]:
    """The fate of every bracket of ``old``, and the brackets new in ``new``."""
    containers = _Containers(old, new, paragraphs)
    groups = {index: group for group in old.alternatives for index in group.brackets}
    fates: dict[int, BracketFate] = {}
    for bracket in old.brackets:
        if bracket.index in fates:
            continue
        if bracket.is_wrapper:
            fates[bracket.index] = _wrapper(old, new, bracket)
        elif bracket.index in groups:
            for fate in _group(containers, groups[bracket.index]):
                fates[fate.old.index] = fate
        else:
            fates[bracket.index] = _single(containers, bracket)
    claimed = {fate.new.index for fate in fates.values() if fate.new is not None}
    fresh = [b for b in new.brackets if b.index not in claimed]
    return [fates[b.index] for b in old.brackets], fresh


def _wrapper(old: Document, new: Document, bracket: Bracket) -> BracketFate:
    text = old.slice(bracket.inner)
    if new.wrapper is not None:
        return BracketFate(bracket, text, Fate.OPEN, new=new.brackets[new.wrapper])
    return BracketFate(bracket, text, Fate.KEPT)


def _gone(bracket: Bracket) -> Fate:
    return Fate.REMOVED_WITH_PARAGRAPH if bracket.paragraph is not None else Fate.DROPPED


def _single(containers: _Containers, bracket: Bracket) -> BracketFate:
    text = containers.old.slice(bracket.inner)
    mapped = containers.mapped(bracket)
    if mapped is None:
        return BracketFate(bracket, text, _gone(bracket))
    words = inside(mapped.old, bracket.inner)
    still = _still_bracketed(mapped, words)
    if still is not None:
        return BracketFate(bracket, text, Fate.OPEN, new=still)
    if _share(mapped, words) < KEEP_THRESHOLD:
        return BracketFate(bracket, text, Fate.DROPPED)
    return BracketFate(bracket, text, Fate.KEPT)


def _share(mapped: _Mapped, words: list[int]) -> float:
    """The share of these old words the new text keeps (0 for no words)."""
    return sum(1 for k in words if k in mapped.kept) / len(words) if words else 0.0


def _still_bracketed(mapped: _Mapped, words: list[int]) -> Bracket | None:
    """The new bracket holding (mostly) the same words, if any."""
    moved = {mapped.kept[k] for k in words if k in mapped.kept}
    best: tuple[int, Bracket] | None = None
    for candidate in mapped.new_brackets:
        theirs = inside(mapped.new, candidate.inner)
        common = len(moved.intersection(theirs))
        enough = common >= KEEP_THRESHOLD * len(words) and common >= KEEP_THRESHOLD * len(theirs)
        if common and enough and (best is None or common > best[0]):
            best = (common, candidate)
    return None if best is None else best[1]


def _group(containers: _Containers, group: AlternativeGroup) -> list[BracketFate]:
    members = [containers.old.brackets[index] for index in group.brackets]
    texts = [containers.old.slice(b.inner) for b in members]
    mapped = containers.mapped(members[0])
    if mapped is None:
        return [BracketFate(b, t, _gone(b)) for b, t in zip(members, texts, strict=True)]
    still = [_still_bracketed(mapped, inside(mapped.old, b.inner)) for b in members]
    if any(still):
        return [
            BracketFate(b, t, Fate.OPEN, new=s)
            for b, t, s in zip(members, texts, still, strict=True)
        ]
    region = _region(mapped, group.span)
    shares = [
        (_present(mapped, inside(mapped.old, o.span), region), len(o.text), o.text)
        for o in group.options
    ]
    share, _, chosen = max(shares)
    if share < KEEP_THRESHOLD:
        return [BracketFate(b, t, Fate.DROPPED) for b, t in zip(members, texts, strict=True)]
    return [BracketFate(b, t, Fate.CHOSEN, chosen) for b, t in zip(members, texts, strict=True)]


def _region(mapped: _Mapped, span: Span) -> Counter[str]:
    """The words the new text prints where the group stood: between the last kept word
    before it and the first kept word after it."""
    before = [
        mapped.kept[k] for k, t in enumerate(mapped.old) if t.end <= span.start and k in mapped.kept
    ]
    after = [
        mapped.kept[k] for k, t in enumerate(mapped.old) if t.start >= span.end and k in mapped.kept
    ]
    start = before[-1] + 1 if before else 0
    end = after[0] if after else len(mapped.new)
    return Counter(t.text.casefold() for t in mapped.new[start:end] if t.text not in BRACKETS)


def _present(mapped: _Mapped, words: list[int], region: Counter[str]) -> float:
    """The share of an option's words printed in the region (0 for an empty option)."""
    wanted = Counter(mapped.old[k].text.casefold() for k in words)
    found = sum((wanted & region).values())
    return found / sum(wanted.values()) if wanted else 0.0
