"""Reading sources: decoding, normalising without shifting offsets, locating offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wsiskg.errors import SourceError
from wsiskg.text.source import LineIndex, decode_source, normalise, read_source, split_lines


@pytest.mark.parametrize(
    ("printed", "normalised"),
    [
        ("\u04211.", "C1."),  # CYRILLIC CAPITAL LETTER ES
        ("UN\u00a0Statistical", "UN Statistical"),
        ("\u00b7 E-health", "\u2022 E-health"),
        ("\u25cf E-health", "\u2022 E-health"),
        ("\u201cConnect the World\u201d", '"Connect the World"'),
        ("world\u2019s", "world's"),
        ("E\u2011health", "E-health"),
        ("\tITU", "\tITU"),  # tabs are structure in annex tables: kept
        ("line\r\n", "line \n"),
    ],
)
def test_normalise(printed: str, normalised: str) -> None:
    assert normalise(printed) == normalised


@given(st.text())
def test_normalise_never_shifts_offsets(text: str) -> None:
    assert len(normalise(text)) == len(text)


def test_line_index() -> None:
    index = LineIndex("f.txt", "ab\ncd\n\nx")
    assert [str(index.location(o)) for o in (0, 1, 3, 4, 6, 7)] == [
        "f.txt:1:1", "f.txt:1:2", "f.txt:2:1", "f.txt:2:2", "f.txt:3:1", "f.txt:4:1",
    ]  # fmt: skip


def test_split_lines_keep_offsets() -> None:
    text = "a\n\tb\n"
    assert [(line.start, line.text) for line in split_lines(text)] == [
        (0, "a"),
        (2, "\tb"),
        (5, ""),
    ]
    assert split_lines(text)[1].content.start == 3


def test_decode_keeps_original_and_fingerprint() -> None:
    source = decode_source("1.\nWe\u00a0act.\n".encode(), Path("x.txt"))
    assert source.text == "1.\nWe\u00a0act.\n"
    assert source.normalised == "1.\nWe act.\n"
    assert len(source.sha256) == 64


def test_unreadable_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"missing\.txt:1:1: cannot read file"):
        read_source(tmp_path / "missing.txt")
