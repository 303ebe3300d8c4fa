"""What cached build results are keyed by: where the cache lives and the package's digest.

Shared by the cached builds of :func:`wsiskg.load` (:mod:`wsiskg.pipeline.cache`) and the
per-document results of a corpus build (:mod:`wsiskg.pipeline.corpus`).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from wsiskg.errors import StoreError
from wsiskg.resources import data_path

_PACKAGE_FOLDERS = ("ontology", "shapes", "queries")


def cache_root(configured: Path | None = None) -> Path:
    """Where cached builds live: ``configured`` (``Settings.cache_dir``), else
    ``$XDG_CACHE_HOME/wsiskg``."""
    if configured is not None:
        return configured
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "wsiskg"


def code_digest() -> str:
    """A digest of the package: code, ontology, vocabularies, shapes, queries, manifest.

    Part of every cache key: a build never reuses what another version of them produced.
    """
    digest = hashlib.sha256()
    for path in _package_files():
        digest.update(str(path.name).encode() + b"\0" + _file_digest(path))
    return digest.hexdigest()[:24]


def _file_digest(path: Path) -> bytes:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError as error:
        raise StoreError(f"{path}: cannot read: {error.strerror}") from None


def _package_files() -> list[Path]:
    code = Path(__file__).resolve().parent.parent
    files = sorted(code.rglob("*.py"))
    for folder in _PACKAGE_FOLDERS:
        root = data_path(folder)
        if root.is_dir():
            files += sorted(p for p in root.rglob("*") if p.is_file())
    manifest = data_path("corpus") / "manifest.toml"  # names documents in IRIs
    return [*files, manifest] if manifest.is_file() else files
