"""Level phrases: "at the national level", "at national, regional and international levels",
"from local to national level", "nationally, regionally and internationally".

A level word counts only in such a phrase (before "level(s)", or as a free adverb), never as
a plain adjective ("national e-strategies"). An adverb directly followed by a hyphen or a
past participle modifies an adjective ("internationally-agreed goals") and does not count, nor
does one right after a participle ("agreed-upon internationally", para 9).
A phrase that opens its paragraph or item and is followed by ":" or "," is a heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from wsiskg.extract.records import ElementLevel, LevelBasis, LevelStatement, Place
from wsiskg.extract.text import Block, PhraseMatcher, canonical, in_any
from wsiskg.text.model import Span

_SEPARATOR = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to)\s+)"
# a free adverb ends its phrase; "locally relevant", "internationally-agreed" modify a word
_AFTER_ADVERB = (
    r"\s*(?:[,.;:)\]]|$)|\s+(?:and|or|but|to|by|in|on|at|through|with|within|as|while|where|"
    r"when|for|so)\b"
)
_HEADING_END = re.compile(r"\s*[:,]")
_PARTICIPLE_BEFORE = re.compile(r"(?<![\w-])[a-z][\w-]*(?:ed|-upon)\s+$")
# "at each level", "at every level": the levels the chapeau named before
_EACH_LEVEL = re.compile(r"(?<![\w-])(?:at\s+)?(?:each|every)\s+level(?![\w-])", re.IGNORECASE)
_OPENING = re.compile(r"[\s\[]*")


class LevelReader:
    """Finds level phrases with the lexicon's level words."""

    def __init__(self, levels: Mapping[str, str]) -> None:
        self._words = PhraseMatcher(levels)
        adjectives = _alternation(key for key in levels if not canonical(key).endswith("ly"))
        adverbs = _alternation(key for key in levels if canonical(key).endswith("ly"))
        self._phrases = [
            re.compile(
                rf"(?<![\w-])(?:(?:at|on|from|in)\s+)?(?:the\s+)?"
                rf"(?P<words>{adjectives}(?:{_SEPARATOR}{adjectives})*)\s+levels?(?![\w-])",
                re.IGNORECASE,
            ),
            re.compile(
                rf"(?<![\w-])(?P<words>{adverbs}(?:{_SEPARATOR}{adverbs})*)(?={_AFTER_ADVERB})",
                re.IGNORECASE,
            ),
        ]

    def statements(self, view: str, printed: str, block: Block) -> list[LevelStatement]:
        """The level phrases of one block, in printed order."""
        found: list[LevelStatement] = []
        for adverbial, pattern in enumerate(self._phrases):
            for match in pattern.finditer(view, block.span.start, block.span.end):
                span = Span(match.start(), match.end())
                if in_any(span, [statement.span for statement in found]):
                    continue
                if adverbial and _after_participle(view, span):
                    continue
                words = Span(match.start("words"), match.end("words"))
                levels = tuple(
                    dict.fromkeys(h.value for h in self._words.finditer(view, printed, words))
                )
                heading = _is_heading(view, block, span)
                found.append(
                    LevelStatement(
                        span, printed[span.start : span.end], levels, block.place, heading
                    )
                )
        return sorted(found, key=lambda statement: statement.span.start)


def _after_participle(view: str, span: Span) -> bool:
    """An adverb right after a participle modifies it: "agreed-upon internationally"."""
    return _PARTICIPLE_BEFORE.search(view, max(0, span.start - 40), span.start) is not None


def _alternation(keys: Iterable[str]) -> str:
    words = sorted({canonical(key) for key in keys}, key=len, reverse=True)
    body = "|".join(r"[\s-]+".join(map(re.escape, word.split(" "))) for word in words)
    return f"(?:{body or '(?!)'})"


def _is_heading(view: str, block: Block, span: Span) -> bool:
    opening = _OPENING.match(view, block.span.start, block.span.end)
    starts_block = opening is not None and opening.end() == span.start
    return starts_block and _HEADING_END.match(view, span.end, block.span.end) is not None


def refers_back(view: str, scope: Span) -> bool:
    """True when ``scope`` says "at each level": the levels named before it apply."""
    return _EACH_LEVEL.search(view, scope.start, scope.end) is not None


def stated(statements: list[LevelStatement], scope: Span) -> list[LevelStatement]:
    """Statements (not headings) inside ``scope``."""
    return [s for s in statements if scope.contains(s.span) and not s.heading]


def opening(view: str, statements: list[LevelStatement], sentence: Span) -> list[LevelStatement]:
    """A statement that opens ``sentence`` as an adjunct: "At the regional level, we …"."""
    start = _OPENING.match(view, sentence.start, sentence.end)
    return [
        s
        for s in statements
        if start is not None
        and s.span.start == start.end()
        and not s.heading
        and _HEADING_END.match(view, s.span.end, sentence.end) is not None
    ]


def heading(statements: list[LevelStatement], paragraph: str) -> LevelStatement | None:
    """The heading that opens the chapeau of ``paragraph``, if any."""
    for statement in statements:
        if statement.heading and statement.where == Place(paragraph):
            return statement
    return None


def union(statements: list[LevelStatement]) -> tuple[str, ...]:
    """The levels of several statements, in printed order, without repeats."""
    return tuple(dict.fromkeys(level for s in statements for level in s.levels))


def element_level(
    where: Place,
    own: list[LevelStatement],
    inherited: ElementLevel | None,
) -> ElementLevel | None:
    """A paragraph's or item's levels: its own phrases, else what it inherits."""
    if own and (levels := union(own)):
        return ElementLevel(where, levels, LevelBasis.STATED, tuple(s.span for s in own))
    if inherited is None:
        return None
    return ElementLevel(where, inherited.levels, inherited.basis, inherited.sources)
