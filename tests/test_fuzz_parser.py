"""Fuzzing the parser: hostile texts end in a Document or a located WsiskgError, in time.

The oracle (``tests/fuzz/oracle.py``) is the contract of issue 7: every input, decoded and
parsed, ends within 2 s in a :class:`~wsiskg.text.model.Document` whose spans lie inside the text
(options, cells and bodies slicing it to their text), or in a
:class:`~wsiskg.errors.WsiskgError` naming ``path:line:col`` -- never another exception,
never a hang. Inputs: the seed and genre drafts mutated (``tests/fuzz/mutations.py``),
texts generated from nothing, and every crash or hang found so far
(``tests/fuzz/regressions/*.txt``; a bug not yet fixed is a strict xfail naming it).

The hypothesis runs are derandomised and short (``WSISKG_FUZZ_EXAMPLES`` raises the count
for a longer hunt). An input that trips a *known* bug counts as an event, not a failure:
its regression file is what keeps the bug in view.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from genre import documents
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.fuzz.known import KNOWN_BUGS, known_bug
from tests.fuzz.mutations import SEED, hostile_texts, soup_texts
from tests.fuzz.oracle import ParseTimeoutError, check_bytes, check_text
from wsiskg.errors import EncodingError, WsiskgError

REGRESSIONS = Path(__file__).with_name("fuzz") / "regressions"
GENRE = Path(__file__).with_name("data") / "genre"
EXAMPLES = int(os.environ.get("WSISKG_FUZZ_EXAMPLES", "150"))

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # each parse is timed by the oracle instead
    derandomize=EXAMPLES <= 150,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


#: Regression input -> the known bug it shows (inputs not listed must pass the oracle).
REGRESSION_BUGS: dict[str, str] = {}  # regression file -> KNOWN_BUGS key, while unfixed


def _fuzz(data: bytes) -> None:
    """The oracle, with failures from already-reported bugs recorded as events."""
    try:
        outcome = check_bytes(data)
    except (Exception, ParseTimeoutError) as error:
        bug = None if isinstance(error, AssertionError) else known_bug(error)
        if bug is None:
            raise
        event(f"known bug: {bug}")
        return
    event(type(outcome).__name__)


def _regression_params() -> list[object]:
    params: list[object] = []
    for path in sorted(REGRESSIONS.glob("*.txt")):
        bug = REGRESSION_BUGS.get(path.name)
        marks = []
        if bug is not None:
            known = KNOWN_BUGS[bug]
            reason = f"{bug}: {known.reason}"
            marks.append(pytest.mark.xfail(strict=True, raises=known.error, reason=reason))
        params.append(pytest.param(path, marks=marks, id=path.stem))
    return params


# -- regressions -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", _regression_params())
def test_regression_input_ends_well(path: Path) -> None:
    check_bytes(path.read_bytes())


def test_every_regression_bug_is_known() -> None:
    files = {path.name for path in REGRESSIONS.glob("*.txt")}
    assert set(REGRESSION_BUGS) <= files
    assert set(REGRESSION_BUGS.values()) == set(KNOWN_BUGS)


# -- the oracle itself -----------------------------------------------------------------------


def test_oracle_accepts_the_seed() -> None:
    document = check_text(SEED)
    assert not isinstance(document, WsiskgError)
    assert document.paragraphs[0].number == "1"


def test_oracle_accepts_a_located_error() -> None:
    error = check_text("1. Text.\n1. Again.\n")
    assert isinstance(error, WsiskgError)
    assert str(error.location) == "fuzz.txt:2:1"


def test_oracle_accepts_a_located_encoding_error() -> None:
    error = check_bytes(b"1. Text \xff.\n")
    assert isinstance(error, EncodingError)
    assert str(error.location) == "fuzz.txt:1:9"


def test_oracle_stops_a_hang() -> None:
    from tests.fuzz.oracle import time_limit

    def spin() -> None:
        while True:
            pass

    with time_limit(0.05), pytest.raises(ParseTimeoutError):
        spin()


# -- hypothesis ------------------------------------------------------------------------------

_HELD_OUT = st.sampled_from(
    [path.read_text(encoding="utf-8") for path in sorted(GENRE.glob("*.txt"))]
)
_BASES = st.one_of(st.just(SEED), _HELD_OUT, documents().map(lambda generated: generated.text))
_BAD_UTF8 = st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf"])


@st.composite
def _broken_utf8(draw: st.DrawFn) -> bytes:
    """A mutated held-out draft with a byte sequence that is not UTF-8 somewhere in it."""
    data = draw(hostile_texts(_HELD_OUT)).encode("utf-8")
    at = draw(st.integers(0, len(data)))
    return data[:at] + draw(_BAD_UTF8) + data[at:]


@FUZZ
@given(hostile_texts(_BASES))
def test_mutated_drafts_end_well(text: str) -> None:
    _fuzz(text.encode("utf-8"))


@FUZZ
@given(soup_texts())
def test_generated_texts_end_well(text: str) -> None:
    _fuzz(text.encode("utf-8"))


@FUZZ
@given(st.binary(max_size=2_000) | _broken_utf8())
def test_bytes_end_well(data: bytes) -> None:
    _fuzz(data)


# -- the atheris harness ---------------------------------------------------------------------


def test_atheris_harness_target_accepts_the_seed() -> None:
    from tests.fuzz.fuzz_parser import one_input, one_input_skipping_known

    one_input(SEED.encode("utf-8"))
    one_input((REGRESSIONS / "chapter-dotless-i.txt").read_bytes())
    one_input_skipping_known((REGRESSIONS / "chapter-dotless-i.txt").read_bytes())


def test_atheris_harness_runs(tmp_path: Path) -> None:
    pytest.importorskip("atheris", reason="atheris not installed (pip install '.[fuzz]')")
    corpus = tmp_path / "corpus"  # libFuzzer writes new inputs into its first corpus folder
    shutil.copytree(Path(__file__).with_name("fuzz") / "corpus", corpus)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.fuzz.fuzz_parser",
            "-runs=300",
            "-timeout=10",
            "-seed=1",
            f"-artifact_prefix={tmp_path}/",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Done 300 runs" in result.stderr
