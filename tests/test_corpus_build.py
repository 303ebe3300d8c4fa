"""Corpus builds: a parallel build gives the serial build's dataset, a rebuild redoes only the
changed document, and a build runs under a memory cap.

The serial reference is the whole-corpus builder (:func:`wsiskg.graph.dataset.build_corpus`:
every document into one rdflib dataset, one ledger of minted actors); the corpus build makes
each document in its own process and assembles files. Drafts of the genre (``tests/data/genre``)
plus a revision of one of them, which mints the same proponent as its original: the build must
reconcile them as the serial one does (one node, described from the first text).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from wsiskg.config import STORE_DIR
from wsiskg.extract import extract
from wsiskg.graph.dataset import build_corpus, dataset_graphs
from wsiskg.graph.iris import GRAPH_NAMES
from wsiskg.graph.lexicon import load_lexicon
from wsiskg.pipeline import run as pipeline
from wsiskg.pipeline.corpus import BuildOptions
from wsiskg.text.parse import parse_file

MOMENT = datetime(2005, 11, 18, tzinfo=UTC)
GENRE = Path(__file__).with_name("data") / "genre"
BASE = "https://w3id.org/wsiskg/"


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The genre drafts and two revisions of the Brazil draft (same proponent, other texts):
    both revisions are rebuilt after the original, side by side."""
    folder = tmp_path_factory.mktemp("drafts")
    paths = []
    for source in sorted(GENRE.glob("*.txt")):
        target = folder / source.name
        target.write_bytes(source.read_bytes())
        paths.append(target)
    original = (GENRE / "financial_mechanisms_brazil.txt").read_text(encoding="utf-8")
    revisions = []
    for k, words in enumerate(("We, the representatives,", "We, the Ministers,"), start=1):
        revision = folder / f"financial_mechanisms_brazil_rev{k}.txt"
        revision.write_text(original.replace("We", words, 1), encoding="utf-8")
        assert revision.read_text(encoding="utf-8") != original
        revisions.append(revision)
    return [*paths, *revisions]


def graphs_of(nquads: Path) -> dict[str, Graph]:
    """Each named graph of a built ``dataset.nq``, by short name."""
    triples: dict[str, list[ox.Triple]] = {}
    for quad in ox.parse(path=nquads, format=ox.RdfFormat.N_QUADS):
        name = quad.graph_name.value.removeprefix(BASE + "graph/")  # type: ignore[union-attr]
        triples.setdefault(name, []).append(ox.Triple(quad.subject, quad.predicate, quad.object))
    graphs = {}
    for name in GRAPH_NAMES:
        text = ox.serialize(triples.get(name, []), format=ox.RdfFormat.N_TRIPLES) or b""
        graphs[name] = Graph().parse(data=text.decode("utf-8"), format="nt")
    return graphs


def _plain(graph: Graph) -> Graph:
    plain = Graph()
    for triple in graph:
        plain.add(triple)
    return plain


def serial_graphs(paths: list[Path]) -> dict[str, Graph]:
    """The whole-corpus builder's dataset (rule applied, not reasoned), by short name."""
    lexicon = load_lexicon()
    pairs = [(doc, extract(doc, lexicon)) for doc in map(parse_file, paths)]
    graphs = dataset_graphs(build_corpus(pairs, BASE, generated_at=MOMENT), BASE)
    return {name: _plain(graphs(name)) for name in GRAPH_NAMES}


def stored(build: Path) -> tuple[int, set[str]]:
    """The size of a build's on-disk store and its quads without blank nodes (the bulk loader
    labels those afresh on every load)."""
    store = ox.Store.read_only(str(build / STORE_DIR))
    quads = (str(q) for q in store.quads_for_pattern(None, None, None, None))
    return len(store), {q for q in quads if not q.startswith("_:") and " _:" not in q}


def differing(left: dict[str, Graph], right: dict[str, Graph]) -> list[str]:
    return [name for name in GRAPH_NAMES if not isomorphic(left[name], right[name])]


def test_parallel_and_serial_builds_give_the_same_dataset(
    drafts: list[Path], tmp_path: Path
) -> None:
    serial = serial_graphs(drafts)
    minted = [s for s in serial["actors"].subjects() if "/id/country/bra" in str(s)]
    assert minted, "the drafts should mint Brazil, so that reconciling is exercised"
    for workers in (2, 1):
        out = tmp_path / f"build-{workers}"
        options = BuildOptions(workers=workers, reason=False, cache_dir=tmp_path / "cache")
        summary = pipeline.build(drafts, out, generated_at=MOMENT, options=options)
        assert summary.conforms
        assert differing(graphs_of(out / pipeline.DATASET_NQ), serial) == []


def test_a_changed_document_rebuilds_alone(drafts: list[Path], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    options = BuildOptions(workers=2, reason=False, cache_dir=cache)
    first = pipeline.build(drafts, tmp_path / "build", generated_at=MOMENT, options=options)
    assert sorted(first.rebuilt) == sorted(p.name for p in drafts)
    assert first.reused == ()

    changed = drafts[1]
    texts = {p: p.read_bytes() for p in drafts}
    try:
        changed.write_text(texts[changed].decode().replace("We", "We, the Ministers,", 1))
        notes: list[str] = []
        again = pipeline.build(
            drafts, tmp_path / "build", generated_at=MOMENT, options=options, progress=notes.append
        )
        assert again.rebuilt == (changed.name,)
        assert any(note.startswith("patched the previous build's store") for note in notes)
        assert sorted(again.reused) == sorted(p.name for p in drafts if p != changed)
        assert json.loads((tmp_path / "build" / pipeline.SUMMARY_JSON).read_text())["rebuilt"] == [
            changed.name
        ]
        scratch = BuildOptions(workers=2, reason=False, cache_dir=tmp_path / "fresh")
        pipeline.build(drafts, tmp_path / "fresh", generated_at=MOMENT, options=scratch)
        incremental = graphs_of(tmp_path / "build" / pipeline.DATASET_NQ)
        assert differing(incremental, graphs_of(tmp_path / "fresh" / pipeline.DATASET_NQ)) == []
        assert differing(incremental, serial_graphs(drafts)) == []
        assert stored(tmp_path / "build") == stored(tmp_path / "fresh")
    finally:
        for path, data in texts.items():
            path.write_bytes(data)


def test_a_reused_document_reports_where_its_text_is_now(
    drafts: list[Path], tmp_path: Path
) -> None:
    """The cache keys a document by its name and bytes, not its folder: a copy elsewhere
    reuses the entry, and the summary names the copy."""
    options = BuildOptions(workers=1, reason=False, cache_dir=tmp_path / "cache")
    pipeline.build(drafts[:1], tmp_path / "first", generated_at=MOMENT, options=options)
    moved = tmp_path / "elsewhere" / drafts[0].name
    moved.parent.mkdir()
    moved.write_bytes(drafts[0].read_bytes())
    summary = pipeline.build([moved], tmp_path / "second", generated_at=MOMENT, options=options)
    assert [d.path for d in summary.documents] == [str(moved)]
    assert list(summary.inputs_sha256) == [str(moved)]
    assert json.loads((tmp_path / "second" / "summary.json").read_text())["reused"]


_CAPPED = """
    import resource, sys
    from pathlib import Path
    cap = int(sys.argv[1]) * 2**20
    resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))
    from wsiskg.pipeline import run
    from wsiskg.pipeline.corpus import BuildOptions
    options = BuildOptions(workers=2, cache_dir=Path(sys.argv[3]))
    summary = run.build([Path(p) for p in sys.argv[4:]], Path(sys.argv[2]), options=options)
    print(len(summary.documents), summary.conforms, summary.reasoned)
"""
#: Private writable memory each process of the build may map (RLIMIT_DATA, inherited by the
#: document workers and HermiT's JVM): about 3x what the genre drafts need.
CAP_MIB = 700


def test_a_build_runs_under_a_memory_cap(drafts: list[Path], tmp_path: Path) -> None:
    command = [sys.executable, "-c", textwrap.dedent(_CAPPED), str(CAP_MIB)]
    command += [str(tmp_path / "build"), str(tmp_path / "cache"), *map(str, drafts)]
    # HermiT's JVM sizes its heap, code cache and class space from the machine unless told:
    # tell it the cap (a parallel collector's per-core structures alone can pass it)
    java = f"-Xmx{CAP_MIB // 2}m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=32m"
    java += " -XX:CompressedClassSpaceSize=64m -XX:MaxMetaspaceSize=128m"
    env = {**os.environ, "JDK_JAVA_OPTIONS": java}
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=300, check=False, env=env, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr[-2000:]
    documents, conforms, _ = done.stdout.split()
    assert (int(documents), conforms) == (len(drafts), "True")
    assert (tmp_path / "build" / "store").is_dir()
