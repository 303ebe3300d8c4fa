"""A series of drafts: the work and its ordered versions, read from a small TOML manifest.

The manifest sits beside the texts and lists them in order, the adopted text last::

    [series]
    slug = "tunis-test-series"          # names the work in IRIs
    title = "…"                         # optional
    language = "eng"                    # optional, default eng

    [[versions]]
    file = "zero.txt"                   # relative to the manifest
    version = "zero"                    # names the expression in IRIs
    symbol = "TEST/DRAFT/0"             # optional
    date = 2005-09-19                   # optional
    title = "…"                         # optional
    adopted = true                      # optional, at most once, on the last version

Texts given in order on the command line form a series too: its slug comes from the first
file's name, each version from the first 12 hex digits of its text's sha256.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wsiskg.errors import Location, SeriesError

VERSION_HASH_DIGITS = 12
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Version:
    """One draft of a series, as the manifest describes it."""

    path: Path
    version: str  # the IRI segment: "rev1"
    symbol: str | None = None
    date: str | None = None  # ISO 8601
    title: str | None = None
    adopted: bool = False


@dataclass(frozen=True)
class Series:
    """The work: its slug and its versions, oldest first."""

    slug: str
    versions: tuple[Version, ...]
    title: str | None = None
    language: str = "eng"

    @property
    def adopted(self) -> Version | None:
        """The adopted version (always the last), if the series has one."""
        last = self.versions[-1]
        return last if last.adopted else None


def slugify(text: str) -> str:
    """Lower-case ASCII with runs of anything else as ``-`` (the rule of the graph's IRIs).

    >>> slugify("Rev.1 (adopted)")
    'rev-1-adopted'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", folded.lower()).strip("-")


def read_series(manifest: Path) -> Series:
    """The series a TOML manifest describes; :class:`SeriesError` names what is wrong."""
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise SeriesError(f"not valid TOML: {error}", _at(manifest)) from error
    except UnicodeDecodeError as error:
        raise SeriesError("not UTF-8 text", _at(manifest)) from error
    head = _table(data.get("series"), manifest, "[series]")
    entries = data.get("versions")
    if not isinstance(entries, list) or len(entries) < 2:
        raise SeriesError("expected at least two [[versions]] entries, oldest first", _at(manifest))
    versions = tuple(_version(_table(e, manifest, "[[versions]]"), manifest) for e in entries)
    slug = slugify(str(head.get("slug", "")))
    if not slug:
        raise SeriesError("[series] needs a slug (the work's name in IRIs)", _at(manifest))
    _check_versions(versions, manifest)
    title = head.get("title")
    return Series(slug, versions, str(title) if title else None, str(head.get("language", "eng")))


def series_from_paths(paths: Sequence[Path]) -> Series:
    """Texts given in order: the slug from the first name, versions from the texts' sha256."""
    if len(paths) < 2:
        raise SeriesError("a series needs at least two texts, oldest first")
    versions = tuple(
        Version(path, hashlib.sha256(path.read_bytes()).hexdigest()[:VERSION_HASH_DIGITS])
        for path in paths
    )
    _check_versions(versions, None)
    return Series(slugify(paths[0].stem) or "series", versions)


def _version(entry: Mapping[str, Any], manifest: Path) -> Version:
    if "file" not in entry or "version" not in entry:
        raise SeriesError("each [[versions]] entry needs a file and a version", _at(manifest))
    path = (manifest.parent / str(entry["file"])).resolve()
    if not path.is_file():
        raise SeriesError(f"{entry['file']}: no such text beside the manifest", _at(manifest))
    version = slugify(str(entry["version"]))
    if not version:
        raise SeriesError(
            f"{entry['file']}: the version yields an empty IRI segment", _at(manifest)
        )
    optional = {
        key: str(entry[key]) if key in entry else None for key in ("symbol", "date", "title")
    }
    return Version(path, version, **optional, adopted=bool(entry.get("adopted", False)))


def _check_versions(versions: Sequence[Version], manifest: Path | None) -> None:
    where = _at(manifest) if manifest else None
    names = [v.version for v in versions]
    if len(set(names)) != len(names):
        raise SeriesError(f"two versions share a name: {', '.join(names)}", where)
    if any(v.adopted for v in versions[:-1]):
        raise SeriesError("only the last version can be the adopted one", where)


def _table(value: object, manifest: Path, name: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise SeriesError(f"expected a {name} table", _at(manifest))
    return value


def _at(path: Path) -> Location:
    return Location(str(path), 1, 1)
