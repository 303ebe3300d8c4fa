"""A build that fails, is interrupted or is killed at any stage leaves the previous good build
intact (byte for byte) and servable; concurrent builds do not corrupt each other.

Three kinds of failure, each at every stage of ``wsiskg.pipeline.run.build`` (parse, extract,
graph, validate, reason, store, write, swap):

- an exception raised in the stage (monkeypatched, in process): ``OSError``, a
  ``WsiskgError`` and ``KeyboardInterrupt`` (Ctrl-C);
- the process killed by SIGKILL in the stage (a child Python process that kills itself at that
  point: no ``finally`` runs, nothing is cleaned up);
- a real ``wsiskg build`` killed by SIGKILL when its progress output reaches a stage.

SHACL validation and HermiT are stubbed where they are not the stage under test: these tests
are about files, not graphs (``tests/test_pipeline.py`` covers the full build).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from kg_support import BUILD_FILES

from wsiskg.errors import BuildError
from wsiskg.pipeline import corpus, documents
from wsiskg.pipeline import run as pipeline
from wsiskg.pipeline.corpus import BuildOptions
from wsiskg.query.store import Store

MOMENT = datetime(2005, 11, 18, tzinfo=UTC)
DRAFT = Path(__file__).with_name("data") / "genre" / "follow_up_g77.txt"
BIN = Path(sys.executable).parent
PARAGRAPH = "https://w3id.org/wsiskg/ontology#Paragraph"


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file of a build directory, by name (the on-disk store is a directory: RocksDB's
    own files differ from load to load; :func:`assert_servable` checks it answers)."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def dataset(files: dict[str, bytes]) -> dict[str, bytes]:
    """The dataset files of a snapshot (``summary.json`` also names the directory built into)."""
    return {name: data for name, data in files.items() if name != pipeline.SUMMARY_JSON}


def leftovers(out: Path) -> list[str]:
    """Scratch directories next to ``out`` (the lock file is expected)."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def assert_servable(out: Path) -> None:
    """The store loads the build and answers from it."""
    store = Store.from_build(out)
    assert store.query(f"ASK {{ ?p a <{PARAGRAPH}> }}").boolean is True


def stub_checks(patch: pytest.MonkeyPatch, cache: Path) -> None:
    """No SHACL, no HermiT, and a document cache of the test's own (every stage runs)."""
    options = BuildOptions(validate=False, cache_dir=cache)
    patch.setattr(pipeline, "_default_options", lambda settings: options)
    patch.setattr(corpus, "_reason", lambda *args, **kwargs: (b"", False, "stubbed"))


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    stub_checks(monkeypatch, tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A short draft of the genre (it builds in a fifth of the seed's time), and a revision of
    it to build over the first."""
    folder = tmp_path_factory.mktemp("drafts")
    first, second = folder / "draft.txt", folder / "draft-revised.txt"
    text = DRAFT.read_text(encoding="utf-8")
    first.write_text(text, encoding="utf-8")
    second.write_text(text.replace("We", "We, the representatives,", 1), encoding="utf-8")
    assert second.read_text(encoding="utf-8") != text
    return first, second


@pytest.fixture(scope="module")
def good_builds(
    tmp_path_factory: pytest.TempPathFactory, drafts: tuple[Path, Path]
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The files of a good build of each draft (validation and reasoning stubbed)."""
    with pytest.MonkeyPatch.context() as patch:
        stub_checks(patch, tmp_path_factory.mktemp("cache"))
        outputs = []
        for draft in drafts:
            out = tmp_path_factory.mktemp("good") / "build"
            pipeline.build([draft], out, generated_at=MOMENT)
            outputs.append(snapshot(out))
    assert outputs[0] != outputs[1]
    return outputs[0], outputs[1]


def previous_build(tmp_path: Path, files: dict[str, bytes]) -> Path:
    """A build directory holding a good build, as a previous run left it."""
    out = tmp_path / "build"
    out.mkdir()
    for name, data in files.items():
        (out / name).write_bytes(data)
    return out


# --- a stage raises (in process) -------------------------------------------------------------

STAGES = {  # stage -> the module and function that runs it
    "parse": (documents, "parse_file"),
    "extract": (documents, "extract"),
    "graph": (documents, "add_structure"),
    "validate": (pipeline, "_validate"),
    "reason": (corpus, "_reason"),
    "store": (corpus, "_bulk_load"),  # dataset.nq is already written into the scratch directory
    "write": (corpus, "_dump_trig"),  # the store is already loaded
    "swap": (pipeline, "swap_in"),
}
FAILURES = {
    "OSError": OSError(28, "No space left on device"),
    "BuildError": BuildError("the stage failed"),
    "Ctrl-C": KeyboardInterrupt(),
}


@pytest.mark.usefixtures("fast")
@pytest.mark.parametrize("failure", list(FAILURES))
@pytest.mark.parametrize("stage", list(STAGES))
def test_a_stage_that_raises_leaves_the_previous_build(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    drafts: tuple[Path, Path],
    good_builds: tuple[dict[str, bytes], dict[str, bytes]],
    stage: str,
    failure: str,
) -> None:
    old, new = good_builds
    out = previous_build(tmp_path, old)
    error = FAILURES[failure]

    def fail(*args: object, **kwargs: object) -> object:
        raise error

    monkeypatch.setattr(*STAGES[stage], fail)
    with pytest.raises(type(error)):
        pipeline.build([drafts[1]], out, generated_at=MOMENT)
    assert snapshot(out) == old
    assert leftovers(out) == [".build.lock"]
    assert_servable(out)
    if failure != "OSError":
        return
    monkeypatch.undo()  # the lock was released: the next build goes through
    stub_checks(monkeypatch, tmp_path / "cache")
    pipeline.build([drafts[1]], out, generated_at=MOMENT)
    assert dataset(snapshot(out)) == dataset(new)


# --- the process is killed (SIGKILL: nothing is cleaned up) ----------------------------------

#: Where the child kills itself: the pipeline function to replace, and when (before the call
#: runs, or on its n-th call for ``Path.rename``).
KILL_POINTS = {
    "parse": "documents:parse_file",
    "extract": "documents:extract",
    "graph": "documents:add_structure",
    "validate": "run:_validate",
    "reason": "corpus:_reason",
    "store": "corpus:_bulk_load",
    "write": "corpus:_dump_trig",
    "before the swap": "run:swap_in",
    "between the renames of the fallback swap": "rename#2",
    "after the swap, before cleaning up": "rmtree",
}
_CHILD = """
    import os, shutil, signal, sys, tempfile
    from datetime import datetime, timezone
    from pathlib import Path
    from wsiskg.pipeline import corpus, documents, run as pipeline
    from wsiskg.pipeline.corpus import BuildOptions

    point, draft, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    options = BuildOptions(validate=False, cache_dir=Path(tempfile.mkdtemp()))
    pipeline._default_options = lambda settings: options
    corpus._reason = lambda *args, **kwargs: (b"", False, "stubbed")
    modules = {"run": pipeline, "corpus": corpus, "documents": documents}
    if point == "rename#2":  # force the two-rename swap and die between the renames
        pipeline._exchange = lambda first, second: False
        rename, calls = Path.rename, []
        def counted(self, target):
            calls.append(self)
            if len(calls) == 2:
                die()
            return rename(self, target)
        Path.rename = counted
    elif point == "rmtree":
        pipeline.shutil = type("S", (), {"rmtree": staticmethod(die)})
    else:
        module, name = point.split(":")
        setattr(modules[module], name, die)
    moment = datetime(2005, 11, 18, tzinfo=timezone.utc)
    pipeline.build([draft], out, generated_at=moment)
    sys.exit("the build was not killed")
"""


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_build_killed_at_any_point_leaves_a_whole_servable_build(
    tmp_path: Path,
    drafts: tuple[Path, Path],
    good_builds: tuple[dict[str, bytes], dict[str, bytes]],
    point: str,
) -> None:
    old, new = good_builds
    out = previous_build(tmp_path, old)
    child = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_CHILD), KILL_POINTS[point], str(drafts[1]), out],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]
    if point == "between the renames of the fallback swap":
        assert not out.exists()  # the one window of the fallback: the next build repairs it
        pipeline.recover(out)
    if point == "after the swap, before cleaning up":  # the new build is whole and in place
        assert dataset(snapshot(out)) == dataset(new)
    else:
        assert snapshot(out) == old
    assert_servable(out)
    assert ".build.lock" in leftovers(out)


@pytest.mark.usefixtures("fast")
def test_the_next_build_clears_what_a_killed_one_left(
    tmp_path: Path,
    drafts: tuple[Path, Path],
    good_builds: tuple[dict[str, bytes], dict[str, bytes]],
) -> None:
    old, new = good_builds
    out = previous_build(tmp_path, old)
    for name in (".build.new-x1y2", ".build.old-z3w4"):
        (tmp_path / name).mkdir()
        (tmp_path / name / pipeline.DATASET_NQ).write_bytes(b"half a build\n")
    pipeline.build([drafts[1]], out, generated_at=MOMENT)
    assert dataset(snapshot(out)) == dataset(new)
    assert leftovers(out) == [".build.lock"]


def test_a_previous_build_moved_aside_mid_swap_is_put_back(
    tmp_path: Path, good_builds: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    old, _ = good_builds
    aside = previous_build(tmp_path, old).rename(tmp_path / ".build.old-abcd")
    (tmp_path / ".build.new-efgh").mkdir()
    pipeline.recover(tmp_path / "build")
    assert not aside.exists()
    assert snapshot(tmp_path / "build") == old
    assert leftovers(tmp_path / "build") == []


# --- a real `wsiskg build`, killed when its progress reaches a stage -------------------------


def _without_java() -> dict[str, str]:
    """The environment with only the venv's tools on PATH: HermiT is skipped (fast)."""
    return {**os.environ, "PATH": str(BIN)}


@pytest.mark.slow
@pytest.mark.parametrize(
    "stage", ["parsing", "building documents", "validating against", "writing", "loading the"]
)
def test_wsiskg_build_killed_mid_way_keeps_the_previous_build(
    tmp_path: Path,
    seed_path: Path,
    good_builds: tuple[dict[str, bytes], dict[str, bytes]],
    stage: str,
) -> None:
    """The seed, validated for real (the short drafts are stubbed above), over a previous build."""
    old, _ = good_builds
    out = previous_build(tmp_path, old)
    command = [str(BIN / "wsiskg"), "build", "--out", str(out), str(seed_path)]
    seen = []
    with subprocess.Popen(
        command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=_without_java()
    ) as process:
        assert process.stderr is not None
        timer = threading.Timer(120, process.kill)  # never hang the suite
        timer.start()
        try:
            for line in process.stderr:
                seen.append(line)
                if line.startswith(stage):
                    process.send_signal(signal.SIGKILL)
                    break
        finally:
            timer.cancel()
        assert process.wait(30) == -signal.SIGKILL, "".join(seen)
    assert snapshot(out) == old
    assert_servable(out)


@pytest.mark.slow
def test_two_concurrent_builds_give_one_whole_build(tmp_path: Path, seed_path: Path) -> None:
    """Both start at once on the same directory: one builds, the other fails at once and says
    why (exit 2); what is left is a whole build."""
    out = tmp_path / "build"
    command = [str(BIN / "wsiskg"), "build", "--out", str(out), str(seed_path)]
    processes = [
        subprocess.Popen(
            command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=_without_java()
        )
        for _ in range(2)
    ]
    outcomes = []
    for process in processes:
        with process:
            _, stderr = process.communicate(timeout=120)
            outcomes.append((process.returncode, stderr.decode()))
    outcomes.sort()
    (first_code, _), (second_code, refusal) = outcomes
    assert (first_code, second_code) == (0, 2)
    assert "another build is running" in refusal
    assert {p.name for p in out.iterdir()} == BUILD_FILES
    assert leftovers(out) == [".build.lock"]
    assert_servable(out)
    shutil.rmtree(out)
