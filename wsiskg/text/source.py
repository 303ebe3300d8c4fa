"""Reading a negotiation text: bytes -> original text + a normalised copy of the same length.

Drafts of this genre come from word processors: Cyrillic letters that look Latin (the seed
writes C1 and C2 of Annex A with CYRILLIC CAPITAL LETTER ES), no-break spaces, several
bullet glyphs, curly quotes. The parser reads a normalised copy in which every such code point
is replaced by exactly one ASCII-like code point, so an offset into the copy *is* an offset
into the original: elements keep pointing at the text as printed.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from wsiskg.errors import EmptyDocumentError, EncodingError, Location, SourceError
from wsiskg.text.model import Span

BULLET = "•"

# One code point -> one code point, so offsets never shift.
_SUBSTITUTIONS: dict[str, str] = {
    # Cyrillic and Greek capitals and small letters that look Latin
    **dict(zip("АВСЕНІЈКМОРЅТХУ", "ABCEHIJKMOPSTXY", strict=True)),
    **dict(zip("аеіјорсѕухԁԛԝ", "aeijopcsyxdqw", strict=True)),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),
    # spaces and invisible marks (kept one-for-one: they become plain spaces)
    **dict.fromkeys("\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2005\u2006\u3000", " "),
    **dict.fromkeys("\ufeff\u200b\u200c\u200d\u2060\r\f\v", " "),
    # bullets
    **dict.fromkeys("·●•▪◦‣∙○■□\uf0b7\uf0a7", BULLET),
    # quotes and dashes
    **dict.fromkeys("‘’‚‛′", "'"),
    **dict.fromkeys("“”„‟″", '"'),
    **dict.fromkeys("‐‑‒–−", "-"),
}
_TABLE = str.maketrans(_SUBSTITUTIONS)


def normalise(text: str) -> str:
    """The parser's copy of ``text``: same length, look-alike characters made plain.

    >>> normalise("С1.\u00a0E‑health “x”")
    'C1. E-health "x"'
    """
    copy = text.translate(_TABLE)
    assert len(copy) == len(text), "normalisation must keep every offset"
    return copy


@dataclass(frozen=True)
class Line:
    """One line of the normalised text and where it starts."""

    start: int
    text: str  # without the newline

    @property
    def is_empty(self) -> bool:
        """No content; a line holding a tab is *not* empty (it is a blank table cell)."""
        return self.text.strip(" ") == ""

    @property
    def content(self) -> Span:
        """The line without surrounding white space (empty span at its end when blank)."""
        stripped = self.text.strip()
        if not stripped:
            end = self.start + len(self.text)
            return Span(end, end)
        lead = len(self.text) - len(self.text.lstrip())
        return Span(self.start + lead, self.start + lead + len(stripped))


def split_lines(text: str) -> list[Line]:
    """The lines of ``text`` with their start offsets."""
    lines: list[Line] = []
    start = 0
    for piece in text.split("\n"):
        lines.append(Line(start, piece))
        start += len(piece) + 1
    return lines


@dataclass(frozen=True)
class LineIndex:
    """Turns character offsets into 1-based line and column numbers for error messages."""

    path: str
    text: str
    _starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts = [0] + [i + 1 for i, char in enumerate(self.text) if char == "\n"]
        object.__setattr__(self, "_starts", starts)

    def location(self, offset: int) -> Location:
        """The ``path:line:col`` of a character offset."""
        line = bisect.bisect_right(self._starts, offset) - 1
        return Location(self.path, line + 1, offset - self._starts[line] + 1)


@dataclass(frozen=True)
class SourceText:
    """A file's text as printed, its normalised copy and its fingerprint."""

    path: Path
    text: str
    normalised: str
    sha256: str

    @property
    def lines(self) -> LineIndex:
        """Offsets to line and column, for messages."""
        return LineIndex(str(self.path), self.text)


def decode_source(data: bytes, path: Path) -> SourceText:
    """Decode UTF-8 bytes (strictly) into a :class:`SourceText`."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise EncodingError(
            f"not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded "
            "(expected a UTF-8 text file)",
            Location(str(path), line, column),
        ) from None
    if not text.strip():
        raise EmptyDocumentError(
            "empty document (expected numbered paragraphs)", Location(str(path), 1, 1)
        )
    return SourceText(path, text, normalise(text), hashlib.sha256(data).hexdigest())


def read_source(path: Path) -> SourceText:
    """Read and decode a file; an unreadable file is a :class:`SourceError` naming it."""
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise SourceError(f"cannot read file: {reason}", Location(str(path), 1, 1)) from None
    return decode_source(data, path)
