"""The annex grammar: proposal tables laid out as tab-indented cell lines.

An annex reads, line by line::

    [ANNEX B (Ghana)            heading: letter and proponent
    \tAction Lines              header cells: the line column, then the role column
    \t[Moderator/Coordinator]
    \tC4. Capacity building     a row: code and title ...
    \tITU/UNESCO+UN RCs         ... then its coordinator cell
    \tC7. ICT applications      a row with sub-lines:
    • E-government              one bullet per e-application,
    • E-health
    \tITU +UN RCs               then (optionally) the parent's own cell,
                                and one cell group per sub-line, separated by empty
    \t                          lines; a group may carry a blank action-line cell first.
    \tWHO

An empty line separates groups; a line holding only a tab is a blank *cell*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wsiskg.errors import AnnexAlignmentError
from wsiskg.text.model import AnnexRow, Body, Cell, CellStatus, Proposal, Span
from wsiskg.text.source import BULLET, Line, LineIndex

HEADING = re.compile(
    r"^[ \t\[]*ANNEX(?:[ \t]+(?P<letter>[A-Z0-9]{1,3}))?[ \t]*"
    r"(?:\((?P<proponent>[^()\n]*)\))?[ \t]*$",
    re.IGNORECASE,
)
# Greedy titles, stripped by _title_span: a lazy ``.*?`` before ``[ \t]*$`` backtracks badly.
_ROW = re.compile(r"^[ \t]*(?P<code>C[0-9]{1,2}|[A-Z])\.[ \t]+(?P<title>\S.*)$")
_BULLET = re.compile(rf"^[ \t]*{BULLET}[ \t]*(?P<title>\S.*)$")
_NONE_CELLS = {"-", "--", "—"}
_AROUND_BODY = " \t[]"  # a bracket around bodies marks them contested; it is not in the name
_ABBREVIATION = re.compile(r"^(?P<name>.*?)\s*\((?P<abbr>[^()]+)\)$")


@dataclass(frozen=True)
class _RowLines:
    title: Line
    before: list[list[Line]]  # cell groups between the title and the first bullet
    bullets: list[Line]
    after: list[list[Line]]  # cell groups after the last bullet


class AnnexParser:
    """Parses one annex region of a document."""

    def __init__(self, text: str, original: str, lines: LineIndex) -> None:
        self._text = text
        self._original = original
        self._lines = lines

    def parse(self, heading: Line, body: list[Line], span: Span, chapter: str | None) -> Proposal:
        """The proposal of an annex whose heading and body lines are given."""
        match = HEADING.match(heading.text)
        assert match is not None
        header, row_lines = self._split_header(heading, body)
        rows: list[AnnexRow] = []
        for lines in row_lines:
            rows.extend(self._rows(lines))
        proponent = None
        if match["proponent"]:
            printed = self._original[
                heading.start + match.start("proponent") : heading.start + match.end("proponent")
            ]
            proponent = printed.strip()
        return Proposal(
            annex=(match["letter"] or "").upper(),
            proponent=proponent,
            heading_span=heading.content,
            span=span,
            line_header=self._slice(header[0].content),
            role_header=self._slice(header[-1].content),
            role_header_span=header[-1].content,
            rows=tuple(rows),
            chapter=chapter,
        )

    def _split_header(self, heading: Line, body: list[Line]) -> tuple[list[Line], list[_RowLines]]:
        header: list[Line] = []
        rows: list[list[Line]] = []
        for line in body:
            if _ROW.match(line.text):
                rows.append([line])
            elif rows:
                rows[-1].append(line)
            elif line.text.strip():
                header.append(line)
        if len(header) < 2:
            raise AnnexAlignmentError(
                "annex has no header row (expected a line-column header and a role header "
                "before the first action line)",
                self._lines.location(heading.content.start),
            )
        if not rows:
            raise AnnexAlignmentError(
                "annex has no action-line rows (expected lines such as 'C1. <title>')",
                self._lines.location(heading.content.start),
            )
        return header, [self._group(lines) for lines in rows]

    @staticmethod
    def _group(lines: list[Line]) -> _RowLines:
        before: list[list[Line]] = []
        bullets: list[Line] = []
        after: list[list[Line]] = []
        fresh = True  # the next cell line starts a new group
        for line in lines[1:]:
            if line.is_empty:
                fresh = True
            elif _BULLET.match(line.text):
                bullets.append(line)
                fresh = True
            else:
                groups = after if bullets else before
                if fresh or not groups:
                    groups.append([])
                groups[-1].append(line)
                fresh = False
        return _RowLines(lines[0], before, bullets, after)

    def _rows(self, lines: _RowLines) -> list[AnnexRow]:
        match = _ROW.match(lines.title.text)
        assert match is not None
        code = match["code"]
        code_span = Span(
            lines.title.start + match.start("code"), lines.title.start + match.end("code")
        )
        title_span = _title_span(lines.title, match)
        if not lines.bullets:
            if lines.after or len(lines.before) > 1:
                self._misaligned(lines.title, f"row {code} has more than one coordinator cell")
            cell = self._cell(lines.before[0]) if lines.before else self._blank(title_span.end)
            return [
                self._row(code, None, title_span, cell, code_span=code_span, start=code_span.start)
            ]
        parent_groups, sub_groups = self._align(code, lines)
        parent_cell = self._cell(parent_groups[0]) if parent_groups else self._blank(title_span.end)
        parent = self._row(
            code, None, title_span, parent_cell, code_span=code_span, start=code_span.start
        )
        subrows = [
            self._subline(code, bullet, group)
            for bullet, group in zip(lines.bullets, sub_groups, strict=True)
        ]
        return [parent, *subrows]

    def _align(self, code: str, lines: _RowLines) -> tuple[list[list[Line]], list[list[Line]]]:
        """Split cell groups into the parent's own cell and one group per sub-line."""
        wanted = len(lines.bullets)
        if len(lines.before) > 1:
            self._misaligned(
                lines.title, f"row {code} has {len(lines.before)} cells before its sub-lines"
            )
        if lines.before and len(lines.after) == wanted:
            return lines.before, lines.after
        if not lines.before and len(lines.after) == wanted:
            return [], lines.after
        if not lines.before and len(lines.after) == wanted + 1:
            return lines.after[:1], lines.after[1:]
        self._misaligned(
            lines.title,
            f"row {code} lists {wanted} sub-lines but {len(lines.after)} cell groups follow "
            f"(expected {wanted}, or {wanted + 1} with the row's own cell first)",
        )
        raise AssertionError("unreachable")

    def _subline(self, code: str, bullet: Line, group: list[Line]) -> AnnexRow:
        match = _BULLET.match(bullet.text)
        assert match is not None
        title_span = _title_span(bullet, match)
        if len(group) > 2 or (len(group) == 2 and group[0].text.strip()):
            self._misaligned(
                group[0],
                f"sub-line {match['title']} of {code} has {len(group)} cell lines "
                "(expected its coordinator cell, optionally after a blank action-line cell)",
            )
        cell = self._cell(group[-1:])
        span = bullet.content
        return AnnexRow(
            code,
            " ".join(self._text[title_span.start : title_span.end].split()),
            self._slice(title_span),
            title_span,
            cell,
            span,
            parent=code,
        )

    def _row(
        self,
        code: str,
        subline: str | None,
        title_span: Span,
        cell: Cell,
        *,
        code_span: Span,
        start: int,
    ) -> AnnexRow:
        end = max(title_span.end, cell.span.end)
        return AnnexRow(
            code,
            subline,
            self._slice(title_span),
            title_span,
            cell,
            Span(start, end),
            code_span=code_span,
        )

    def _blank(self, offset: int) -> Cell:
        return Cell("", Span(offset, offset), CellStatus.BLANK)

    def _cell(self, group: list[Line]) -> Cell:
        span = Span(group[0].content.start, group[-1].content.end)
        printed = self._slice(span)
        content = self._text[span.start : span.end]
        if not content.strip():
            return Cell(printed, span, CellStatus.BLANK)
        if content.strip() in _NONE_CELLS:
            return Cell(printed, span, CellStatus.NONE)
        return Cell(printed, span, CellStatus.FILLED, self._bodies(span))

    def _bodies(self, span: Span) -> tuple[Body, ...]:
        """Split ``ITU/UNESCO+UN RCs`` into bodies; ``+`` and ``/`` both join co-coordinators."""
        content = self._text[span.start : span.end]
        start = span.start
        dash = re.match(r"-[ \t]+", content)  # a list dash before the bodies, not a "none"
        if dash:
            start += dash.end()
        pieces: list[tuple[Span, str | None]] = []
        depth, piece_start, joiner = 0, start, None
        for offset in range(start, span.end + 1):
            char = self._text[offset] if offset < span.end else "+"
            depth += {"(": 1, ")": -1}.get(char, 0)
            if char in "+/" and depth == 0:
                pieces.append((self._strip(Span(piece_start, offset)), joiner))
                piece_start, joiner = offset + 1, char
        return tuple(self._body(piece, joiner) for piece, joiner in pieces)

    def _body(self, span: Span, joiner: str | None) -> Body:
        if not len(span):
            self._misaligned_at(
                span.start, "empty body in a coordinator cell (expected a name between '+' or '/')"
            )
        name = " ".join(
            self._text[span.start : span.end].replace("[", " ").replace("]", " ").split()
        )
        abbreviation = None
        match = _ABBREVIATION.match(name)
        if match and match["name"]:
            name, abbreviation = match["name"], match["abbr"].strip()
        return Body(self._slice(span), span, name, abbreviation, joiner)

    def _strip(self, span: Span) -> Span:
        """Without white space and brackets around it: ``[ITU`` -> ``ITU``."""
        piece = self._text[span.start : span.end]
        start = span.start + len(piece) - len(piece.lstrip(_AROUND_BODY))
        return Span(start, max(start, span.start + len(piece.rstrip(_AROUND_BODY))))

    def _slice(self, span: Span) -> str:
        return self._original[span.start : span.end]

    def _misaligned(self, line: Line, message: str) -> None:
        self._misaligned_at(line.content.start, message)

    def _misaligned_at(self, offset: int, message: str) -> None:
        raise AnnexAlignmentError(message, self._lines.location(offset))


def _title_span(line: Line, match: re.Match[str]) -> Span:
    """The title group of a row or bullet line, without trailing white space."""
    start = line.start + match.start("title")
    return Span(start, start + len(match["title"].rstrip()))
