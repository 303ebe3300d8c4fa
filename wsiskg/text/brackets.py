"""The bracket grammar: matching ``[ ]``, the draft's wrapper, and negotiated alternatives.

Works on the normalised text (same offsets as the original). Containment in paragraphs and
items is added later by :mod:`wsiskg.text.parse`, which knows the document's structure.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from wsiskg.errors import BracketError
from wsiskg.text.model import AlternativeForm, Span
from wsiskg.text.source import LineIndex

MAX_OPTION_WORDS = 5  # longer slash-separated parts are prose ("and/or"), not alternatives

_SLASH_GAP = re.compile(r"[ \t]*/[ \t]*")
_SPACE_GAP = re.compile(r"[ \t]*")
_WORD_BEFORE = re.compile(r"([\w][\w'-]*)[\s;,:.\"')]*$")  # a word, then punctuation or quotes
WORD_LOOKBACK = 120  # characters searched before ``[/ y]`` for the word it offers to replace


@dataclass(frozen=True)
class RawBracket:
    """A matched pair before the document structure is known."""

    index: int
    span: Span
    parent: int | None

    @property
    def inner(self) -> Span:
        return Span(self.span.start + 1, self.span.end - 1)


@dataclass(frozen=True)
class RawOption:
    span: Span


@dataclass(frozen=True)
class RawGroup:
    """An alternative group before paragraphs and items are attached."""

    form: AlternativeForm
    span: Span
    options: tuple[RawOption, ...]
    brackets: tuple[int, ...]
    lead: Span | None = None


def match_brackets(text: str, lines: LineIndex) -> list[RawBracket]:
    """Pair every ``[`` with its ``]``; a stray or unclosed bracket is a :class:`BracketError`."""
    opened: list[tuple[int, int, int | None]] = []  # (index, start, parent)
    found: dict[int, RawBracket] = {}
    counter = 0
    for offset, char in enumerate(text):
        if char == "[":
            parent = opened[-1][0] if opened else None
            opened.append((counter, offset, parent))
            counter += 1
        elif char == "]":
            if not opened:
                raise BracketError(
                    "stray ']' closes no bracket (expected a '[' before it)",
                    lines.location(offset),
                )
            index, start, parent = opened.pop()
            found[index] = RawBracket(index, Span(start, offset + 1), parent)
    if opened:
        _, start, _ = opened[-1]
        raise BracketError(
            "'[' is never closed (expected a matching ']' before the end of the file)",
            lines.location(start),
        )
    return [found[index] for index in range(counter)]


def find_wrapper(text: str, brackets: list[RawBracket]) -> int | None:
    """The bracket that opens the draft's first character and closes its last, if any."""
    first = len(text) - len(text.lstrip())
    last = len(text.rstrip())
    for bracket in brackets:
        if bracket.parent is None and bracket.span == Span(first, last):
            return bracket.index
    return None


def bracket_depths(brackets: list[RawBracket], wrapper: int | None) -> list[int]:
    """Depth of each bracket: the wrapper is 0, a top-level bracket of the text 1."""
    depths: list[int] = []
    for bracket in brackets:
        if bracket.index == wrapper:
            depths.append(0)
        elif bracket.parent is None or bracket.parent == wrapper:
            depths.append(1)
        else:
            depths.append(depths[bracket.parent] + 1)
    return depths


def find_alternatives(text: str, brackets: list[RawBracket]) -> list[RawGroup]:
    """Every alternative group, in text order.

    >>> text = "for [all] /[all women]/[all citizens] by [2007/2008], [a] [b] x;[/ y]"
    >>> from wsiskg.text.source import LineIndex
    >>> groups = find_alternatives(text, match_brackets(text, LineIndex("t", text)))
    >>> [(g.form.value, [text[o.span.start:o.span.end] for o in g.options]) for g in groups]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('slashed-brackets', ['all', 'all women', 'all citizens']),
     ('slashed', ['2007', '2008']), ('adjacent', ['a', 'b']), ('slash-addition', ['x', 'y'])]
    """
    groups: list[RawGroup] = []
    chained: set[int] = set()
    for chain in _sibling_chains(text, brackets):
        chained.update(b.index for b, _ in chain)
        groups.append(_chain_group(text, chain))
    for bracket in brackets:
        if bracket.index in chained:
            continue
        group = _slash_addition(text, bracket) or _slashed(text, bracket)
        if group:
            groups.append(group)
    return sorted(groups, key=lambda group: group.span)


def _sibling_chains(
    text: str, brackets: list[RawBracket]
) -> list[list[tuple[RawBracket, AlternativeForm]]]:
    """Runs of sibling brackets joined by ``/`` or by spaces alone on one line."""
    following = _next_siblings(brackets)
    chains: list[list[tuple[RawBracket, AlternativeForm]]] = []
    seen: set[int] = set()
    for bracket in brackets:
        if bracket.index in seen:
            continue
        members = [bracket]
        form = None
        while (nxt := following.get(members[-1].index)) is not None:
            join = _join_form(text[members[-1].span.end : nxt.span.start])
            if join is None or (form is not None and join != form):
                break
            form = join
            members.append(nxt)
            seen.add(nxt.index)
        if form is not None:
            chains.append([(member, form) for member in members])
    return chains


def _next_siblings(brackets: list[RawBracket]) -> dict[int, RawBracket]:
    last_child: dict[int | None, RawBracket] = {}
    following: dict[int, RawBracket] = {}
    for bracket in brackets:  # in order of opening, so siblings come in text order
        previous = last_child.get(bracket.parent)
        if previous is not None:
            following[previous.index] = bracket
        last_child[bracket.parent] = bracket
    return following


def _join_form(gap: str) -> AlternativeForm | None:
    if _SLASH_GAP.fullmatch(gap):
        return AlternativeForm.SLASHED_BRACKETS
    if _SPACE_GAP.fullmatch(gap):
        return AlternativeForm.ADJACENT
    return None


def _chain_group(text: str, chain: list[tuple[RawBracket, AlternativeForm]]) -> RawGroup:
    options = tuple(RawOption(_strip(text, b.inner)) for b, _ in chain)
    span = Span(chain[0][0].span.start, chain[-1][0].span.end)
    return RawGroup(chain[0][1], span, options, tuple(b.index for b, _ in chain))


def _slash_addition(text: str, bracket: RawBracket) -> RawGroup | None:
    """``x [/ y]``: the bracket offers ``y`` beside the word printed just before it."""
    inner = _strip(text, bracket.inner)
    if not text.startswith("/", inner.start):
        return None
    addition = _strip(text, Span(inner.start + 1, inner.end))
    line_start = text.rfind("\n", 0, bracket.span.start) + 1
    window = max(line_start, bracket.span.start - WORD_LOOKBACK)
    match = _WORD_BEFORE.search(text, window, bracket.span.start)
    if match is None or "\n" in text[match.end(1) : bracket.span.start] or not len(addition):
        return None
    word = Span(match.start(1), match.end(1))
    options = (RawOption(word), RawOption(addition))
    return RawGroup(
        AlternativeForm.SLASH_ADDITION,
        Span(word.start, bracket.span.end),
        options,
        (bracket.index,),
    )


def _slashed(text: str, bracket: RawBracket) -> RawGroup | None:
    """``[a/b/c]``: short parts separated by top-level slashes inside one bracket."""
    inner = bracket.inner
    body = text[inner.start : inner.end]
    if "\n" in body or "[" in body:
        return None
    cuts = _top_level_slashes(body)
    if not cuts:
        return None
    bounds = [inner.start, *(inner.start + cut for cut in cuts), inner.end]
    parts = [
        _strip(text, Span(start + (i > 0), end))
        for i, (start, end) in enumerate(itertools.pairwise(bounds))
    ]
    words = [len(text[p.start : p.end].split()) for p in parts]
    if 0 in words or max(words) > MAX_OPTION_WORDS:
        return None
    lead = None
    if words[0] > 1 and all(count == 1 for count in words[1:]):
        last_word = text.rindex(" ", parts[0].start, parts[0].end) + 1
        lead = _strip(text, Span(parts[0].start, last_word))
        parts[0] = Span(last_word, parts[0].end)
    return RawGroup(
        AlternativeForm.SLASHED,
        bracket.span,
        tuple(RawOption(part) for part in parts),
        (bracket.index,),
        lead,
    )


def _top_level_slashes(body: str) -> list[int]:
    """Offsets of ``/`` outside parentheses."""
    depth = 0
    cuts: list[int] = []
    for offset, char in enumerate(body):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "/" and depth == 0:
            cuts.append(offset)
    return cuts


def _strip(text: str, span: Span) -> Span:
    """The span without surrounding white space."""
    piece = text[span.start : span.end]
    start = span.start + len(piece) - len(piece.lstrip())
    return Span(start, max(start, span.start + len(piece.rstrip())))
