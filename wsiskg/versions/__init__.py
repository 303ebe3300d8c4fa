"""Stage 2b, versions: a chain of drafts compared (no RDF).

| module | what it does |
|---|---|
| ``series`` | the series manifest (TOML) or texts in order -> :class:`Series` |
| ``words`` | tokens with offsets, the word alignment, word-level changes |
| ``align`` | paragraphs and items aligned by content: unchanged, changed, added, removed |
| ``fates`` | each bracket's fate in the next version, and the new brackets |
| ``annexes`` | annex assignment changes, and proposals' survival in the adopted table |
| ``diff`` | two versions compared (:func:`diff_versions`), and the ``diff --json`` contract |
| ``chain`` | a whole series: bracket histories, the bracket curve, paragraph histories |

The algorithm and its thresholds are written up in ``docs/versions.md``.
"""

from __future__ import annotations

from wsiskg.errors import SeriesError
from wsiskg.versions.align import Pair, Status
from wsiskg.versions.annexes import AssignmentChange, Survival
from wsiskg.versions.chain import (
    BracketHistory,
    Chain,
    CurvePoint,
    Draft,
    ParagraphVersion,
    bracket_curve,
    bracket_histories,
    compare_series,
    paragraph_history,
    proposal_survival,
    read_drafts,
)
from wsiskg.versions.diff import VersionDiff, diff_to_dict, diff_versions
from wsiskg.versions.fates import BracketFate, Fate
from wsiskg.versions.series import Series, Version, read_series, series_from_paths

__all__ = [
    "AssignmentChange",
    "BracketFate",
    "BracketHistory",
    "Chain",
    "CurvePoint",
    "Draft",
    "Fate",
    "Pair",
    "ParagraphVersion",
    "Series",
    "SeriesError",
    "Status",
    "Survival",
    "Version",
    "VersionDiff",
    "bracket_curve",
    "bracket_histories",
    "compare_series",
    "diff_to_dict",
    "diff_versions",
    "paragraph_history",
    "proposal_survival",
    "read_drafts",
    "read_series",
    "series_from_paths",
]
