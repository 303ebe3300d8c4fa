"""Words of a text with their offsets, and which words of one text survive in another.

The word-level alignment is :class:`difflib.SequenceMatcher` over casefolded tokens (a word,
or one punctuation character, brackets included), ``autojunk`` off: its longest-common-block
rule keeps "all women and men" together where a plain longest-common-subsequence could pair
the "all" of one option with the "women and men" of another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from wsiskg.text.model import Span

_TOKEN = re.compile(r"\w+|[^\w\s]")
BRACKETS = frozenset("[]")


@dataclass(frozen=True)
class Token:
    """One word or punctuation character and where it is printed."""

    text: str
    start: int
    end: int


def tokens(text: str, span: Span) -> tuple[Token, ...]:
    """The tokens of ``text[span]``, offsets into ``text``.

    >>> [(t.text, t.start) for t in tokens("x [by 2007/2008]", Span(2, 16))]
    [('[', 2), ('by', 3), ('2007', 6), ('/', 10), ('2008', 11), (']', 15)]
    """
    return tuple(
        Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, span.start, span.end)
    )


def matching(old: tuple[Token, ...], new: tuple[Token, ...]) -> dict[int, int]:
    """Old token index -> new token index, for every token the new text keeps in place.

    >>> a = tokens("[all] /[all women and men]", Span(0, 26))
    >>> b = tokens("all women and men", Span(0, 17))
    >>> sorted(matching(a, b).items())
    [(5, 0), (6, 1), (7, 2), (8, 3)]
    """
    matcher = SequenceMatcher(
        None, [t.text.casefold() for t in old], [t.text.casefold() for t in new], autojunk=False
    )
    found: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            found[block.a + k] = block.b + k
    return found


def inside(found: tuple[Token, ...], span: Span) -> list[int]:
    """Indices of the tokens within ``span`` that are words (not brackets)."""
    return [
        k
        for k, token in enumerate(found)
        if span.start <= token.start and token.end <= span.end and token.text not in BRACKETS
    ]


@dataclass(frozen=True)
class Change:
    """One run of a word-level diff: ``equal``, ``delete`` (old only) or ``insert`` (new only)."""

    kind: str
    text: str


def word_changes(old: str, new: str) -> tuple[tuple[Change, ...], tuple[Change, ...]]:
    """The two texts cut into runs that are kept, deleted (in ``old``) or inserted (in ``new``).

    >>> left, right = word_changes("We [urge] States", "We urge all States")
    >>> [(c.kind, c.text) for c in right]
    [('equal', 'We urge '), ('insert', 'all '), ('equal', 'States')]
    """
    a, b = tokens(old, Span(0, len(old))), tokens(new, Span(0, len(new)))
    kept = matching(a, b)
    kept_new = set(kept.values())
    left = _runs(old, a, {k for k in range(len(a)) if k in kept}, "delete")
    right = _runs(new, b, kept_new, "insert")
    return left, right


def _runs(text: str, found: tuple[Token, ...], kept: set[int], other: str) -> tuple[Change, ...]:
    runs: list[Change] = []
    for k, token in enumerate(found):
        end = found[k + 1].start if k + 1 < len(found) else len(text)
        kind = "equal" if k in kept else other
        piece = text[token.start : end]
        if runs and runs[-1].kind == kind:
            runs[-1] = Change(kind, runs[-1].text + piece)
        else:
            runs.append(Change(kind, piece))
    if found and found[0].start:
        runs.insert(0, Change("equal", text[: found[0].start]))
    elif not found:
        runs.append(Change("equal", text))
    return tuple(runs)
