"""Charts drawn on the server as SVG (no script, no CDN), each with its data as CSV.

``/charts`` shows them all: brackets per paragraph and per chapter
(``queries/views/chart_brackets.rq``), assignments per agency and proposal by role and basis
(``queries/views/chart_roles.rq``), and the agreement matrix of the proposal comparison
(``queries/compare_proposals.rq``). ``/charts/{name}.svg`` and ``/charts/{name}.csv`` give
one chart and its data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from fastapi import APIRouter, HTTPException, Request, Response

from wsiskg.query.comparison import to_csv
from wsiskg.query.registry import views
from wsiskg.query.results import Term
from wsiskg.server.rendering import CSV, cached, download, render
from wsiskg.server.resource_view import select, value_of
from wsiskg.server.state import ServerState, get_state
from wsiskg.server.ui import comparisons

router = APIRouter(tags=["web UI"])

#: Colours with at least 3:1 contrast on white, told apart by lightness too.
PALETTE = ("#1d4e89", "#b35900", "#6a3d9a", "#2f7d32", "#8a1c1c", "#4d5b6a")
AGREEMENT_FILL = {"agree": "#cdebd3", "differ": "#ffd8b0", "single": "#eceff3"}
ROW, LABEL_WIDTH, BAR_WIDTH = 22, 300, 520
#: Characters of a label that fit in the label column (12 px font).
LABEL_CHARS = 44


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: a label, a link, and stacked (series, value) segments."""

    label: str
    href: str
    segments: tuple[tuple[str, int], ...]
    group: str = ""


@dataclass(frozen=True)
class Table:
    """A chart's data: column names and rows (what the CSV holds)."""

    columns: tuple[str, ...]
    rows: list[tuple[str | int, ...]]

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return out.getvalue()


@dataclass(frozen=True)
class Chart:
    """A drawn chart and its data."""

    name: str
    title: str
    description: str
    svg: str
    data: Table


@router.get("/charts", include_in_schema=False)
def charts_page(request: Request) -> Response:
    """Every chart, each with a link to its CSV."""
    state = get_state(request)
    drawn = [maker(state) for maker in CHARTS.values()]
    return render(request, "charts.html", state, {"charts": drawn})


@router.get("/charts/{file}", include_in_schema=False)
def chart_file(request: Request, file: str) -> Response:
    """One chart as ``{name}.svg`` or its data as ``{name}.csv``."""
    name, _, extension = file.rpartition(".")
    if name not in CHARTS or extension not in {"svg", "csv"}:
        raise HTTPException(404, f"no chart {file}; charts: {', '.join(CHARTS)} (.svg or .csv)")
    chart = CHARTS[name](get_state(request))
    if extension == "svg":
        return cached(request, chart.svg.encode(), "image/svg+xml")
    return download(request, chart.data.to_csv().encode(), CSV, f"wsiskg-{name}.csv")


def brackets_chart(state: ServerState) -> Chart:
    """Bracketed spans per paragraph (top-level and nested), paragraphs grouped by chapter."""
    rows = select(state.store, views().get("chart_brackets").text)
    table = Table(
        ("paragraph", "chapter", "brackets", "nested"),
        [
            (
                value_of(r["number"]),
                value_of(r["chapterTitle"]),
                _int(r, "brackets"),
                _int(r, "nested"),
            )
            for r in rows
        ],
    )
    bars = [
        Bar(
            f"Paragraph {number}",
            state.iris.local_path(value_of(r["paragraph"])) or "",
            (("top-level", brackets - nested), ("nested", nested)),
            str(chapter),
        )
        for r, (number, chapter, brackets, nested) in zip(rows, table.rows, strict=True)
        if isinstance(brackets, int) and isinstance(nested, int)
    ]
    chapters: dict[str, int] = {}
    for bar in bars:
        chapters[bar.group] = chapters.get(bar.group, 0) + sum(v for _, v in bar.segments)
    summary = "; ".join(f"{chapter or 'no chapter'}: {n}" for chapter, n in chapters.items())
    title = "Bracketed text per paragraph"
    description = f"Brackets still under negotiation, per paragraph. Per chapter: {summary}."
    return Chart("brackets", title, description, bar_svg(title, description, bars), table)


def roles_chart(state: ServerState) -> Chart:
    """Assignments per agency and proposal, stacked by role and basis."""
    rows = select(state.store, views().get("chart_roles").text)
    columns = ("agencyLabel", "annex", "proponent", "role", "basis", "assignments")
    table = Table(columns, [tuple(value_of(r.get(c)) for c in columns) for r in rows])
    bars: dict[tuple[str, str], dict[str, int]] = {}
    hrefs: dict[str, str] = {}
    for r in rows:
        key = (value_of(r["agencyLabel"]), f"Annex {value_of(r['annex'])}")
        series = f"{value_of(r['role'])}, {value_of(r['basis'])}"
        bars.setdefault(key, {})[series] = _int(r, "assignments")
        hrefs[key[0]] = state.iris.local_path(value_of(r["agency"])) or ""
    drawn = [
        Bar(f"{agency} · {annex}", hrefs[agency], tuple(sorted(series.items())), agency)
        for (agency, annex), series in sorted(bars.items())
    ]
    title = "Roles per agency per proposal"
    description = "How many action lines each proposal gives each agency, by role and basis."
    return Chart("roles", title, description, bar_svg(title, description, drawn), table)


def agreement_chart(state: ServerState) -> Chart:
    """The comparison as a matrix: action lines × proposals, coloured by agreement (one band
    of rows per draft when several are loaded)."""
    tables = comparisons(state)
    csv_rows = list(csv.reader(io.StringIO(to_csv(tables))))
    data = Table(tuple(csv_rows[0]) if csv_rows else (), [tuple(r) for r in csv_rows[1:]])
    title = "Agreement matrix"
    description = (
        "Action lines × proposals: the agencies each proposal assigns; green where every "
        "proposal listing the line agrees, orange where they differ, grey where one lists it."
    )
    widest = max(tables, key=lambda t: len(t.proposals), default=None)
    heads = [f"Annex {p.annex} ({p.proponent})" for p in widest.proposals] if widest else []
    cells = [
        (
            f"{line.code} {line.label}",
            state.iris.local_path(line.iri) or "",
            line.agreement,
            [line.cell_text(p.iri) for p in table.proposals],
        )
        for table in tables
        for line in table.lines
    ]
    svg = matrix_svg(title, description, heads, cells)
    return Chart("agreement", title, description, svg, data)


CHARTS: dict[str, Callable[[ServerState], Chart]] = {
    "brackets": brackets_chart,
    "roles": roles_chart,
    "agreement": agreement_chart,
}


def _int(row: Mapping[str, Term], key: str) -> int:
    text = value_of(row.get(key))
    return int(text) if text.isdigit() else 0


def bar_svg(title: str, description: str, bars: Sequence[Bar]) -> str:
    """Horizontal stacked bars with labels, values, a legend, and a group rule between groups."""
    series = list(dict.fromkeys(name for bar in bars for name, _ in bar.segments))
    colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(series)}
    most = max((sum(v for _, v in bar.segments) for bar in bars), default=0) or 1
    legend_height = ROW + 8
    height = legend_height + ROW * len(bars) + 10
    width = LABEL_WIDTH + BAR_WIDTH + 60
    parts = [_svg_open(width, height, title, description)]
    for i, name in enumerate(series):
        x = LABEL_WIDTH + i * 160
        parts.append(f'<rect x="{x}" y="4" width="14" height="14" fill="{colour[name]}"/>')
        parts.append(f'<text x="{x + 20}" y="16">{escape(name)}</text>')
    group = None
    for row, bar in enumerate(bars):
        y = legend_height + row * ROW
        if bar.group != group and row:
            parts.append(f'<line x1="0" x2="{width}" y1="{y - 2}" y2="{y - 2}" class="rule"/>')
        group = bar.group
        parts.append(_label(bar.label, bar.href, y))
        x = LABEL_WIDTH
        for name, value in bar.segments:
            length = round(BAR_WIDTH * value / most)
            if length:
                tip = escape(f"{bar.label}: {value} {name}")
                parts.append(
                    f'<rect x="{x}" y="{y + 3}" width="{length}" height="{ROW - 7}" '
                    f'fill="{colour[name]}"><title>{tip}</title></rect>'
                )
            x += length
        total = sum(v for _, v in bar.segments)
        parts.append(f'<text x="{x + 6}" y="{y + 15}" class="value">{total}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def matrix_svg(
    title: str,
    description: str,
    heads: Sequence[str],
    rows: Sequence[tuple[str, str, str, Sequence[str]]],
) -> str:
    """A grid: one row per (label, href, agreement, cells), one column per head."""
    column = 280
    width = LABEL_WIDTH + 60 + column * len(heads)
    height = ROW * (len(rows) + 1) + 10
    parts = [_svg_open(width, height, title, description)]
    for i, head in enumerate(heads):
        parts.append(
            f'<text x="{LABEL_WIDTH + 60 + i * column}" y="16" class="head">{escape(head)}</text>'
        )
    for row, (label, href, agreement, cells) in enumerate(rows):
        y = ROW * (row + 1)
        parts.append(_label(label, href, y))
        parts.append(
            f'<text x="{LABEL_WIDTH}" y="{y + 15}" class="value">{escape(agreement)}</text>'
        )
        for i, cell in enumerate(cells):
            x = LABEL_WIDTH + 60 + i * column
            fill = AGREEMENT_FILL.get(agreement, "#ffffff")
            parts.append(
                f'<rect x="{x}" y="{y + 2}" width="{column - 6}" height="{ROW - 4}" fill="{fill}">'
                f"<title>{escape(f'{label}: {cell} ({agreement})')}</title></rect>"
            )
            parts.append(f'<text x="{x + 4}" y="{y + 15}">{escape(_short(cell, 42))}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _svg_open(width: int, height: int, title: str, description: str) -> str:
    """The ``<svg>`` element, named by its title and description: a group (its labels are
    links, which an ``img`` may not hold), not an image."""
    slug = "".join(c if c.isalnum() else "-" for c in title.lower())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="group" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{slug}-title {slug}-desc" font-family="system-ui, sans-serif" '
        f'font-size="12"><title id="{slug}-title">{escape(title)}</title>'
        f'<desc id="{slug}-desc">{escape(description)}</desc>'
        "<style>.rule{stroke:#d8dde3}.value{fill:#3d4650}.head{font-weight:600}</style>"
    )


def _short(text: str, most: int) -> str:
    """``text`` cut to ``most`` characters, with an ellipsis when cut (the full text is in
    the tooltip and the CSV)."""
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _label(text: str, href: str, y: int) -> str:
    shown = escape(_short(text, LABEL_CHARS))
    tip = f"<title>{escape(text)}</title>"
    label = f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{shown}{tip}</text>'
    return f"<a href={quoteattr(href)}>{label}</a>" if href else label
