"""A whole series compared: each version against the next, followed along the chain.

:func:`compare_series` diffs consecutive versions once; the rest reads those diffs: a
bracket's history from the version that opened it to the one that resolved it, the bracket
curve (brackets per version and chapter), a paragraph's text across versions, and each
proposal's survival in the adopted table.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wsiskg.errors import SeriesError
from wsiskg.extract import Assignment
from wsiskg.text.model import Bracket, Document
from wsiskg.text.parse import parse_file
from wsiskg.versions.annexes import Survival, survival
from wsiskg.versions.diff import VersionDiff, diff_versions
from wsiskg.versions.fates import Fate
from wsiskg.versions.series import Series, Version


@dataclass(frozen=True)
class Draft:
    """One version of a series with its parsed text and its explicit assignments."""

    version: Version
    document: Document
    assignments: tuple[Assignment, ...] = ()


@dataclass(frozen=True)
class Chain:
    """The series, its drafts (oldest first) and the diff of each consecutive pair."""

    series: Series
    drafts: tuple[Draft, ...]
    steps: tuple[VersionDiff, ...]

    def index(self, version: str) -> int:
        """The position of a version by its name; SeriesError when there is none."""
        for k, draft in enumerate(self.drafts):
            if draft.version.version == version:
                return k
        names = ", ".join(d.version.version for d in self.drafts)
        raise SeriesError(f"no version {version!r} in series {self.series.slug} ({names})")


def read_drafts(
    series: Series, assignments: Callable[[Document], Sequence[Assignment]] | None = None
) -> list[Draft]:
    """Parse every version of a series; ``assignments`` reads a document's explicit
    assignments (the extraction's, which needs the vocabularies of a later stage)."""
    drafts = []
    for version in series.versions:
        document = parse_file(version.path)
        found = tuple(assignments(document)) if assignments is not None else ()
        drafts.append(Draft(version, document, found))
    return drafts


def compare_series(series: Series, drafts: Sequence[Draft]) -> Chain:
    """Diff every version against the next."""
    if len(drafts) != len(series.versions):
        raise SeriesError(f"{len(drafts)} drafts for {len(series.versions)} versions")
    steps = tuple(
        diff_versions(a.document, b.document, a.assignments, b.assignments)
        for a, b in itertools.pairwise(drafts)
    )
    return Chain(series, tuple(drafts), steps)


@dataclass(frozen=True)
class BracketHistory:
    """One bracket followed along the chain while it stays open.

    ``brackets[k]`` is the bracket in version ``opened + k``; ``fate`` is what the version
    after the last one did with it (None when it is still open in the last version).
    """

    opened: int
    brackets: tuple[Bracket, ...]
    fate: Fate | None
    chosen: str | None = None

    @property
    def resolved(self) -> int | None:
        """The index of the version that resolved it (None while open)."""
        return None if self.fate is None else self.opened + len(self.brackets)


def bracket_histories(chain: Chain) -> list[BracketHistory]:
    """Every bracket of every version, each followed once from the version that opened it."""
    carried: dict[int, tuple[int, list[Bracket]]] = {}  # bracket index in this version -> story
    histories: list[BracketHistory] = []
    for k, draft in enumerate(chain.drafts):
        stories = {b.index: carried.get(b.index, (k, [])) for b in draft.document.brackets}
        for bracket in draft.document.brackets:
            stories[bracket.index][1].append(bracket)
        carried = {}
        if k == len(chain.steps):
            histories += [
                BracketHistory(opened, tuple(path), None) for opened, path in stories.values()
            ]
            break
        for fate in chain.steps[k].brackets:
            opened, path = stories[fate.old.index]
            if fate.fate is Fate.OPEN and fate.new is not None:
                carried[fate.new.index] = (opened, path)
            else:
                histories.append(BracketHistory(opened, tuple(path), fate.fate, fate.chosen))
    return sorted(histories, key=lambda h: (h.opened, h.brackets[0].span.start))


ANNEXES = "Annexes"  # the curve's row for brackets in annex tables


@dataclass(frozen=True)
class CurvePoint:
    """How many brackets one version still has in one chapter (or in its annexes); the
    graph's answer (:func:`wsiskg.query.series.curve`) gives the same records."""

    position: int  # of the version in its series, 1-based, oldest first
    version: str
    chapter: str
    brackets: int


def bracket_curve(chain: Chain) -> list[CurvePoint]:
    """Brackets per version and chapter: a bracket counts in its paragraph's chapter, under
    :data:`ANNEXES` when it stands in an annex table (a row for every version with annexes);
    the draft's wrapper and brackets outside paragraphs and annexes are left out."""
    points = []
    for position, draft in enumerate(chain.drafts, start=1):
        document = draft.document
        counts = {c.number: 0 for c in document.chapters}
        if document.proposals:
            counts[ANNEXES] = 0
        for bracket in document.brackets:
            if bracket.paragraph is not None:
                chapter = document.paragraph(bracket.paragraph).chapter
                if chapter is not None:
                    counts[chapter] += 1
            elif bracket.annex is not None:
                counts[ANNEXES] += 1
        points += [CurvePoint(position, draft.version.version, c, n) for c, n in counts.items()]
    return points


@dataclass(frozen=True)
class ParagraphVersion:
    """A paragraph as one version prints it."""

    version: str
    number: str
    text: str


def paragraph_history(chain: Chain, version: str, number: str) -> list[ParagraphVersion]:
    """The paragraph printed as ``number`` in ``version``, in every version it is aligned in."""
    start = chain.index(version)
    chain.drafts[start].document.paragraph(number)  # KeyError for a paragraph it lacks
    numbers: dict[int, str | None] = {start: number}
    for k in range(start, len(chain.steps)):  # forwards
        numbers[k + 1] = _follow(chain.steps[k], numbers.get(k), forward=True)
    for k in range(start - 1, -1, -1):  # backwards
        numbers[k] = _follow(chain.steps[k], numbers.get(k + 1), forward=False)
    found = []
    for k, draft in enumerate(chain.drafts):
        if numbers.get(k) is not None:
            paragraph = draft.document.paragraph(str(numbers[k]))
            text = draft.document.slice(paragraph.span)
            found.append(ParagraphVersion(draft.version.version, paragraph.number, text))
    return found


def _follow(step: VersionDiff, number: str | None, *, forward: bool) -> str | None:
    if number is None:
        return None
    for pair in step.paragraphs:
        if (pair.old if forward else pair.new) == number:
            return pair.new if forward else pair.old
    return None


def proposal_survival(chain: Chain) -> list[tuple[str, Survival]]:
    """Every proposal of every earlier version against the adopted table (none when the
    series has no adopted version)."""
    if chain.series.adopted is None:
        return []
    adopted = chain.drafts[-1]
    return [
        (draft.version.version, found)
        for draft in chain.drafts[:-1]
        for found in survival(
            draft.document, draft.assignments, adopted.document, adopted.assignments
        )
    ]
