"""Patching a rebuild's store from the previous build's (``wsiskg.pipeline.patch``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from wsiskg.config import DATASET_FILE, STORE_DIR
from wsiskg.pipeline import patch

EX = "http://example.org/"


def line(s: str, o: str, g: str = "g") -> bytes:
    return f"<{EX}{s}> <{EX}p> <{EX}{o}> <{EX}{g}> .\n".encode()


def write_build(
    directory: Path, chunks: Sequence[bytes], *, load: bool = True
) -> list[patch.Chunk]:
    """A build directory holding ``chunks`` as its ``dataset.nq`` (and its store, bulk-loaded)."""
    directory.mkdir(parents=True)
    written = []
    with (directory / DATASET_FILE).open("wb") as out:
        for data in chunks:
            written.append(patch.chunk(data, out.tell()))
            out.write(data)
    patch.write_manifest(directory, written)
    if load:
        store = ox.Store(str(directory / STORE_DIR))
        store.bulk_load(path=directory / DATASET_FILE, format=ox.RdfFormat.N_QUADS)
        store.flush()
    return written


def quads_of(directory: Path) -> set[str]:
    store = ox.Store.read_only(str(directory / STORE_DIR))
    return {str(q) for q in store.quads_for_pattern(None, None, None, None)}


def expected(directory: Path) -> set[str]:
    data = (directory / DATASET_FILE).read_bytes()
    return {str(q) for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)}


def many(prefix: str, n: int = 10) -> bytes:
    return b"".join(line(f"{prefix}{k}", "o") for k in range(n))


def test_a_changed_chunk_patches_the_store_to_the_new_file(tmp_path: Path) -> None:
    kept, shared = many("a") + many("b"), line("s", "shared")
    old_doc = line("d", "old") + shared
    new_doc = line("d", "new") + shared
    write_build(tmp_path / "old", [kept, old_doc, many("c", 20)])
    chunks = write_build(tmp_path / "new", [kept, new_doc, many("c", 20)], load=False)

    patched = patch.patch_store(tmp_path / "old", tmp_path / "new", chunks)

    assert patched is not None
    store, change = patched
    del store
    assert (change.removed, change.added) == (1, 2)  # the shared quad is re-added, not removed
    assert quads_of(tmp_path / "new") == expected(tmp_path / "new")
    assert quads_of(tmp_path / "old") == expected(tmp_path / "old")  # the previous build as it was


def test_a_quad_another_chunk_still_states_stays(tmp_path: Path) -> None:
    both = line("x", "y")
    write_build(tmp_path / "old", [many("a", 40), both, both + line("z", "z")])
    chunks = write_build(tmp_path / "new", [many("a", 40), both, line("z", "z")], load=False)

    patched = patch.patch_store(tmp_path / "old", tmp_path / "new", chunks)

    assert patched is not None
    del patched
    assert quads_of(tmp_path / "new") == expected(tmp_path / "new")


def test_no_patch_without_a_previous_store_for_blank_nodes_or_a_large_change(
    tmp_path: Path,
) -> None:
    base = many("a", 40)
    write_build(tmp_path / "bare", [base], load=False)
    write_build(tmp_path / "old", [base, line("d", "old")])
    blank = f"_:b1 <{EX}p> <{EX}o> <{EX}g> .\n".encode()
    cases = {
        "no store": ("bare", [base, line("d", "new")]),
        "blank node": ("old", [base, blank]),
        "most changed": ("old", [many("z", 40)]),
    }
    for k, (previous, chunks) in enumerate(cases.values()):
        new = tmp_path / f"new{k}"
        written = write_build(new, chunks, load=False)
        assert patch.patch_store(tmp_path / previous, new, written) is None
        assert not (new / STORE_DIR).exists()


def test_a_missing_or_broken_manifest_reads_as_none(tmp_path: Path) -> None:
    assert patch.read_manifest(tmp_path) is None
    (tmp_path / patch.MANIFEST).write_text("[{}]", encoding="utf-8")
    assert patch.read_manifest(tmp_path) is None


def test_no_patch_and_no_store_left_when_the_previous_file_is_gone(tmp_path: Path) -> None:
    write_build(tmp_path / "old", [many("a", 40), line("d", "old")])
    (tmp_path / "old" / DATASET_FILE).unlink()
    chunks = write_build(tmp_path / "new", [many("a", 40), line("d", "new")], load=False)

    assert patch.patch_store(tmp_path / "old", tmp_path / "new", chunks) is None
    assert not (tmp_path / "new" / STORE_DIR).exists()
