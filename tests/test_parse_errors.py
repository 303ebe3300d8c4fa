"""Bad input: one error naming file:line:column and what was expected; the CLI exits 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from wsiskg.errors import (
    AnnexAlignmentError,
    BracketError,
    EmptyDocumentError,
    EncodingError,
    NumberingError,
    ParseError,
    WsiskgError,
)
from wsiskg.text.parse import parse_document, parse_file

ANNEX_MISALIGNED = (
    "1.\nWe act.\n[ANNEX A (Ghana)\n\tAction Lines\n\tCoordinator\n"
    "\tC7. ICT applications\n\u25cf E-government\n\u25cf E-health\n\tITU\n\n\tWHO\n\n\tFAO\n\n\tILO\n]\n"
)

BAD_TEXTS = [
    # (name, text, error type, line, column, words in the message)
    ("unclosed", "1.\nWe [encourage governments.\n", BracketError, 2, 4, "never closed"),
    ("stray", "1.\nWe encourage] governments.\n", BracketError, 2, 13, "stray ']'"),
    ("nested unclosed", "1.\n[We [act] [now.\n2.\nOK]\n", BracketError, 2, 1, "never closed"),
    (
        "backwards",
        "1.\nWe act.\n3.\nWe act.\n2.\nWe act.\n",
        NumberingError,
        5,
        1,
        "expected a number greater than 3",
    ),
    ("repeated", "1.\nWe act.\n1.\nWe act again.\n", NumberingError, 3, 1, "follows paragraph 1"),
    (
        "item backwards",
        "1.\nWe act by:\nb) one;\na) two.\n",
        NumberingError,
        4,
        1,
        "expected a letter after b",
    ),
    ("annex", ANNEX_MISALIGNED, AnnexAlignmentError, 6, 2, "lists 2 sub-lines but 4 cell groups"),
    (
        "annex without rows",
        "1.\nWe act.\n[ANNEX A (Ghana)\n\tAction Lines\n\tCoordinator\n]\n",
        AnnexAlignmentError,
        3,
        1,
        "no action-line rows",
    ),
    (
        "empty body",
        "1.\nWe act.\nANNEX A (Ghana)\n\tAction Lines\n\tCoordinator\n\tC1. Governance\n\tITU +\n",
        AnnexAlignmentError,
        7,
        7,
        "empty body",
    ),
    (
        "no paragraph",
        "Just some prose\nwithout numbers.\n",
        ParseError,
        1,
        1,
        "no numbered paragraph",
    ),
    ("paragraph without text", "1.\n\n2.\nWe act.\n", ParseError, 1, 1, "has no text"),
]


@pytest.mark.parametrize(
    ("name", "text", "error", "line", "column", "words"), BAD_TEXTS, ids=[t[0] for t in BAD_TEXTS]
)
def test_bad_text_raises_a_located_error(
    name: str, text: str, error: type[WsiskgError], line: int, column: int, words: str
) -> None:
    with pytest.raises(error) as raised:
        parse_document(text, "draft.txt")
    assert raised.value.location is not None
    assert (
        raised.value.location.path,
        raised.value.location.line,
        raised.value.location.column,
    ) == (
        "draft.txt",
        line,
        column,
    )
    assert words in raised.value.message
    assert "expected" in raised.value.message


def test_parse_errors_are_value_errors() -> None:
    with pytest.raises(ValueError, match="never closed"):
        parse_document("1.\n[x\n")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("1.\nWe r\u00e9affirm.\n".encode("latin-1"))
    with pytest.raises(EncodingError) as raised:
        parse_file(path)
    assert (
        str(raised.value)
        == f"{path}:2:5: not UTF-8: byte 0xe9 cannot be decoded (expected a UTF-8 text file)"
    )


@pytest.mark.parametrize("content", [b"", b"  \n\n\t\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(EmptyDocumentError, match=r"empty\.txt:1:1: empty document"):
        parse_file(path)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wsiskg.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


CLI_CASES = [(t[0], t[1].encode(), f":{t[3]}:{t[4]}: ") for t in BAD_TEXTS[:7]] + [
    ("not utf-8", "1.\nWe r\u00e9affirm.\n".encode("latin-1"), ":2:5: not UTF-8"),
    ("empty", b"", ":1:1: empty document"),
]


@pytest.mark.parametrize(("name", "content", "where"), CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_cli_prints_one_line_and_exits_2(
    tmp_path: Path, name: str, content: bytes, where: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run_cli("parse", str(path), "--json")
    assert result.returncode == 2
    assert result.stdout == ""  # nothing partial is written
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"{path}{where}" in lines[0]


def test_cli_missing_file_exits_2(tmp_path: Path) -> None:
    result = run_cli("parse", str(tmp_path / "nowhere.txt"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
