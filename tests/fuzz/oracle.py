"""The fuzzing oracle: what every input to the parser must end in.

Shared by the hypothesis tests (``tests/test_fuzz_parser.py``) and the atheris harness
(``tests/fuzz/fuzz_parser.py``). An input ends well when, within :data:`TIME_LIMIT` seconds,
it parses into a :class:`~wsiskg.text.model.Document` whose every span lies inside the text (and
whose options, cells and bodies slice the text to what they say), or raises a
:class:`~wsiskg.errors.WsiskgError` that names ``path:line:col`` inside the file. Anything
else -- another exception, a hang, a span that lies -- is a parser bug.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from wsiskg.errors import WsiskgError
from wsiskg.text.model import Document, Span
from wsiskg.text.parse import parse_source
from wsiskg.text.source import decode_source

#: CPU seconds one parse may take, for inputs up to ~200 KB (the seed, 27 KB, takes ~0.04 s).
#: CPU time, not wall time: the bound is about the parser's work, and must not flake when
#: the machine is busy with other jobs.
TIME_LIMIT = 2.0
#: The name the fuzzed text goes by in error locations.
FUZZ_PATH = Path("fuzz.txt")


class ParseTimeoutError(BaseException):
    """A parse ran past :data:`TIME_LIMIT` (a hang); BaseException so no parser code eats it."""


@contextmanager
def time_limit(seconds: float = TIME_LIMIT) -> Iterator[None]:
    """Interrupt the block with :class:`ParseTimeoutError` after ``seconds`` of CPU time.

    Main thread only (a signal timer). CPython's regex engine checks for signals while
    matching, so even a catastrophically backtracking ``re.match`` is stopped.
    """

    def expire(signum: int, frame: FrameType | None) -> None:
        raise ParseTimeoutError(f"parse still running after {seconds} s of CPU time")

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def check_bytes(data: bytes, *, limit: float = TIME_LIMIT) -> Document | WsiskgError:
    """Decode and parse ``data`` under the oracle; return the document or the error raised.

    Raises AssertionError (or the parser's own stray exception, or ParseTimeoutError) when
    the input does not end well.
    """
    started = time.process_time()
    try:
        with time_limit(limit):
            document = parse_source(decode_source(data, FUZZ_PATH))
    except WsiskgError as error:
        assert_located(error, data)
        outcome: Document | WsiskgError = error
    else:
        assert_offsets(document)
        outcome = document
    elapsed = time.process_time() - started
    assert elapsed < limit, f"parse took {elapsed:.2f} s of CPU time (limit {limit} s)"
    return outcome


def check_text(text: str, *, limit: float = TIME_LIMIT) -> Document | WsiskgError:
    """:func:`check_bytes` for a text (encoded as UTF-8, as a file would hold it)."""
    return check_bytes(text.encode("utf-8"), limit=limit)


def assert_located(error: WsiskgError, data: bytes) -> None:
    """The error names ``fuzz.txt:line:col`` with a line and column inside the file."""
    location = error.location
    assert location is not None, f"{type(error).__name__} without a location: {error}"
    assert location.path == str(FUZZ_PATH), location
    lines = data.split(b"\n")
    assert 1 <= location.line <= len(lines), f"line {location.line} of {len(lines)}"
    assert location.column >= 1, location
    line = lines[location.line - 1]
    width = len(line.decode("utf-8", errors="replace"))
    assert location.column <= max(width, len(line)) + 1, f"column {location.column} of {width}"
    assert str(location) in str(error), str(error)


def assert_offsets(document: Document) -> None:
    """Every span lies in the text; options, cells, bodies, titles slice it to their text."""
    text = document.text
    for span in _spans(document):
        assert 0 <= span.start <= span.end <= len(text), f"span {span} outside 0..{len(text)}"
    for bracket in document.brackets:
        printed = text[bracket.span.start : bracket.span.end]
        assert printed.startswith("["), f"bracket {bracket.index}: {printed!r}"
        assert printed.endswith("]"), f"bracket {bracket.index}: {printed!r}"
    for group in document.alternatives:
        for option in group.options:
            assert option.text == document.slice(option.span), f"option {option}"
    for proposal in document.proposals:
        assert proposal.role_header == document.slice(proposal.role_header_span)
        for row in proposal.rows:
            assert row.title == document.slice(row.title_span), f"row {row.code} title"
            assert row.cell.text == document.slice(row.cell.span), f"row {row.code} cell"
            for body in row.cell.bodies:
                assert body.text == document.slice(body.span), f"body {body.text!r}"


def _spans(document: Document) -> Iterator[Span]:
    """Every span the document carries."""
    yield from (chapter.span for chapter in document.chapters)
    yield from document.loose_text
    for paragraph in document.paragraphs:
        yield from (paragraph.span, paragraph.number_span, paragraph.text_span)
        yield paragraph.chapeau_span
        for item in paragraph.items:
            yield from (item.span, item.text_span)
        yield from (block.span for block in paragraph.continuations)
    for bracket in document.brackets:
        yield from (bracket.span, bracket.inner)
    for group in document.alternatives:
        yield group.span
        yield from (option.span for option in group.options)
    for proposal in document.proposals:
        yield from (proposal.span, proposal.heading_span, proposal.role_header_span)
        for row in proposal.rows:
            yield from (row.span, row.title_span, row.cell.span)
            if row.code_span is not None:
                yield row.code_span
            yield from (body.span for body in row.cell.bodies)
