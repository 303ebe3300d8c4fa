"""Drafts of one series read as versions: parsed, their assignments extracted, compared.

The versions stage is pure and knows nothing of the vocabularies; this is where the
extraction (which needs them) is run for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from wsiskg.extract import Assignment, extract
from wsiskg.graph.lexicon import load_lexicon
from wsiskg.text.model import Document
from wsiskg.text.parse import parse_file
from wsiskg.versions import (
    Chain,
    Series,
    SeriesError,
    VersionDiff,
    compare_series,
    diff_versions,
    read_drafts,
    read_series,
    series_from_paths,
)

MANIFEST_SUFFIX = ".toml"


def explicit_assignments(document: Document) -> tuple[Assignment, ...]:
    """The explicit annex assignments extraction reads from ``document``."""
    return extract(document, load_lexicon()).assignments


def diff_files(old: Path, new: Path) -> VersionDiff:
    """Two texts compared as consecutive versions."""
    before, after = parse_file(old), parse_file(new)
    return diff_versions(before, after, explicit_assignments(before), explicit_assignments(after))


def series_of(paths: Sequence[Path]) -> Series:
    """A manifest (one ``.toml`` path) or texts in order, as a series."""
    manifests = [path for path in paths if path.suffix == MANIFEST_SUFFIX]
    if manifests and len(paths) > 1:
        raise SeriesError(f"{manifests[0]}: give a series manifest alone, or texts in order")
    if manifests:
        return read_series(manifests[0])
    return series_from_paths(paths)


def read_chain(series: Series) -> Chain:
    """Every version of a series parsed, extracted and compared with the next."""
    return compare_series(series, read_drafts(series, explicit_assignments))
