"""A rebuild's on-disk store, patched from the previous build's instead of bulk-loaded again.

``dataset.nq`` is written chunk by chunk (:func:`wsiskg.pipeline.corpus.chunks`: per graph, the
vocabularies, each document's own quads, the shared quads, the inferences, the provenance), and
``chunks.json`` beside it lists each chunk's digest and where it stands in the file. A rebuild
compares its chunks with the previous build's: its store is a checkpoint of the previous store
(hard links to RocksDB's immutable files, so the previous build is never touched), minus the
quads of the chunks that are gone unless the new file still states them, plus the quads of the
chunks that are new. That is exactly the new file's set of quads: a quad of the new file is in a
chunk the previous file had (so in its store) or in a new chunk; a quad of the previous store
that the new file lacks is in a chunk that is gone. When that cannot be done cheaply or safely
(no previous store, a change touching blank nodes, which the bulk loader relabels, or most of
the file new) the caller bulk-loads as before.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from wsiskg.config import DATASET_FILE, STORE_DIR

MANIFEST = "chunks.json"
#: Above this share of the file new, a bulk load is about as quick as a patch.
MOST_CHANGED = 0.5


class Chunk(NamedTuple):
    """One chunk of ``dataset.nq``: its digest, and its bytes ``[offset, offset + length)``."""

    digest: str
    offset: int
    length: int


class Patch(NamedTuple):
    """What a patch did to the previous store: quads removed and added."""

    removed: int
    added: int


def chunk(data: bytes, offset: int) -> Chunk:
    """The manifest entry of ``data`` written at ``offset``."""
    return Chunk(hashlib.sha256(data).hexdigest(), offset, len(data))


def write_manifest(directory: Path, chunks: Sequence[Chunk]) -> None:
    """``chunks.json`` of a build directory."""
    (directory / MANIFEST).write_text(json.dumps([c._asdict() for c in chunks]), encoding="utf-8")


def read_manifest(directory: Path) -> list[Chunk] | None:
    """The chunks of a build directory's ``dataset.nq``; None when it has no readable list."""
    try:
        raw = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        return [Chunk(str(c["digest"]), int(c["offset"]), int(c["length"])) for c in raw]
    except (OSError, ValueError, TypeError, KeyError):
        return None


def patch_store(
    previous: Path, directory: Path, chunks: Sequence[Chunk]
) -> tuple[ox.Store, Patch] | None:
    """Make ``directory``'s store from ``previous``'s (both build directories; ``directory``
    holds its new ``dataset.nq``, written as ``chunks``): the store, open, and what changed.
    None, with nothing written, when a bulk load should do it instead."""
    old = read_manifest(previous)
    if old is None or not (previous / STORE_DIR).is_dir():
        return None
    old_digests, new_digests = {c.digest for c in old}, {c.digest for c in chunks}
    gone = [c for c in old if c.digest not in new_digests]
    fresh = [c for c in chunks if c.digest not in old_digests]
    if sum(c.length for c in fresh) > MOST_CHANGED * sum(c.length for c in chunks):
        return None
    try:
        removed = _lines(previous / DATASET_FILE, gone)
        added = _lines(directory / DATASET_FILE, fresh)
        if any(b"_:" in line for line in removed | added):
            return None  # the bulk loader relabelled the previous store's blank nodes
        removed = _absent_from(directory / DATASET_FILE, removed - added)
        ox.Store.read_only(str(previous / STORE_DIR)).backup(str(directory / STORE_DIR))
    except OSError:
        shutil.rmtree(directory / STORE_DIR, ignore_errors=True)
        return None
    store = ox.Store(str(directory / STORE_DIR))
    for quad in _quads(removed):
        store.remove(quad)
    store.extend(_quads(added))
    store.flush()
    return store, Patch(len(removed), len(added))


def _lines(path: Path, chunks: Iterable[Chunk]) -> set[bytes]:
    found: set[bytes] = set()
    with path.open("rb") as source:
        for c in chunks:
            source.seek(c.offset)
            found.update(source.read(c.length).splitlines(keepends=True))
    return found


def _absent_from(path: Path, lines: set[bytes]) -> set[bytes]:
    """Those of ``lines`` that ``path`` does not hold (one pass over the file)."""
    if not lines:
        return lines
    absent = set(lines)
    with path.open("rb") as source:
        for line in source:
            absent.discard(line)
    return absent


def _quads(lines: set[bytes]) -> list[ox.Quad]:
    data = b"".join(sorted(lines))
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS)) if data else []
