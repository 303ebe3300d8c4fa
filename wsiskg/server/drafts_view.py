"""What the draft pages show, computed without the web stack: the bracket curve as a
server-side SVG line chart (and CSV), and a paragraph's text marked word by word.

No JavaScript and no chart library: the chart is a few SVG elements written here, so the page
works offline and prints; its numbers are also a table and a CSV download.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from wsiskg.query.series import BracketOutcome
from wsiskg.versions import CurvePoint
from wsiskg.versions.words import word_changes

WIDTH, HEIGHT, MARGIN, LEGEND = 760, 300, 48, 130  # LEGEND: room on the right
PALETTE = ("#1d4e89", "#b35900", "#1a7f37", "#6a3d9a", "#a0182b", "#00707a")
TOTAL = "All chapters"


def curve_csv(points: Sequence[CurvePoint]) -> str:
    """The curve, one row per version and chapter."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["position", "version", "chapter", "brackets"])
    for point in points:
        writer.writerow([point.position, point.version, point.chapter, point.brackets])
    return out.getvalue()


def curve_series(points: Sequence[CurvePoint]) -> tuple[list[str], dict[str, list[int]]]:
    """Versions in order, and per chapter (plus the total) its count in each version."""
    versions = sorted({(p.position, p.version) for p in points})
    labels = [label for _, label in versions]
    lines: dict[str, list[int]] = {TOTAL: [0] * len(labels)}
    for point in points:
        k = labels.index(point.version)
        lines.setdefault(point.chapter, [0] * len(labels))[k] += point.brackets
        lines[TOTAL][k] += point.brackets
    return labels, lines


def curve_svg(points: Sequence[CurvePoint]) -> str:
    """A line chart: versions across, brackets up, one line per chapter and one for all."""
    labels, lines = curve_series(points)
    if not labels:
        return ""
    top = max(max(values) for values in lines.values()) or 1
    span_x = (WIDTH - 2 * MARGIN - LEGEND) / max(len(labels) - 1, 1)

    def x(k: int) -> float:
        return MARGIN + k * span_x

    def y(n: int) -> float:
        return HEIGHT - MARGIN - n * (HEIGHT - 2 * MARGIN) / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="curve" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="curve-title">',
        '<title id="curve-title">Brackets per version and chapter</title>',
        f'<line class="axis" x1="{MARGIN}" y1="{HEIGHT - MARGIN}" x2="{WIDTH - MARGIN - LEGEND}" '
        f'y2="{HEIGHT - MARGIN}" stroke="#5b6470"/>',
        f'<line class="axis" x1="{MARGIN}" y1="{MARGIN}" x2="{MARGIN}" y2="{HEIGHT - MARGIN}" '
        'stroke="#5b6470"/>',
        f'<text x="{MARGIN - 8}" y="{y(top) + 4:.1f}" text-anchor="end">{top}</text>',
        f'<text x="{MARGIN - 8}" y="{y(0) + 4:.1f}" text-anchor="end">0</text>',
    ]
    parts += [
        f'<text class="version" x="{x(k):.1f}" y="{HEIGHT - MARGIN + 18}" '
        f'text-anchor="middle">{escape(label)}</text>'
        for k, label in enumerate(labels)
    ]
    for n, (chapter, values) in enumerate(lines.items()):
        colour = PALETTE[n % len(PALETTE)]
        coords = " ".join(f"{x(k):.1f},{y(v):.1f}" for k, v in enumerate(values))
        name = escape(chapter, quote=True)
        parts.append(
            f'<polyline class="line" data-chapter="{name}" points="{coords}" fill="none" '
            f'stroke="{colour}" stroke-width="{3 if chapter == TOTAL else 2}"/>'
        )
        parts += [
            f'<circle class="point" data-chapter="{name}" data-version="{escape(labels[k])}" '
            f'data-brackets="{v}" cx="{x(k):.1f}" cy="{y(v):.1f}" r="3.5" fill="{colour}">'
            f"<title>{name}, {escape(labels[k])}: {v} brackets</title></circle>"
            for k, v in enumerate(values)
        ]
        parts.append(
            f'<text class="legend" x="{WIDTH - LEGEND}" y="{MARGIN + 16 * n}" '
            f'fill="{colour}">{name}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Piece:
    """A run of characters with one word-level change kind and one bracket fate."""

    text: str
    change: str  # "equal", "delete" or "insert"
    fate: str | None  # the fate of the innermost bracket it stands in, if any


def marked(text: str, other: str, side: str, fates: Sequence[tuple[int, int, str]]) -> list[Piece]:
    """``text`` cut into pieces: word changes against ``other`` (``side`` is "old" or "new")
    and, by character offsets into ``text``, the fates of the brackets it prints."""
    left, right = word_changes(text, other) if side == "old" else word_changes(other, text)
    runs = left if side == "old" else right
    kinds: list[str] = []
    for run in runs:
        kinds += [run.kind] * len(run.text)
    fate_of: list[str | None] = [None] * len(text)
    for start, end, fate in sorted(fates, key=lambda f: f[0] - f[1]):  # widest first
        for offset in range(max(start, 0), min(end, len(text))):
            fate_of[offset] = fate
    pieces: list[Piece] = []
    for offset, char in enumerate(text):
        key = (kinds[offset] if offset < len(kinds) else "equal", fate_of[offset])
        if pieces and (pieces[-1].change, pieces[-1].fate) == key:
            pieces[-1] = Piece(pieces[-1].text + char, *key)
        else:
            pieces.append(Piece(char, *key))
    return pieces


def paragraph_fates(
    outcomes: Sequence[BracketOutcome], number: str, begin: int
) -> list[tuple[int, int, str]]:
    """The fates of one paragraph's brackets, offsets made relative to the paragraph."""
    return [(o.begin - begin, o.end - begin, o.fate) for o in outcomes if o.paragraph == number]
