"""Drafts as versions on the web: the series page with its bracket curve, and a paragraph's
history side by side.

Pages only: the numbers come from the queries of ``queries/`` (through
:mod:`wsiskg.query.series`), the drawing from :mod:`wsiskg.server.drafts_view`.
"""

from __future__ import annotations

import itertools

from fastapi import APIRouter, HTTPException, Query, Request, Response

from wsiskg.errors import QueryError
from wsiskg.query import series
from wsiskg.query.registry import plain_term, registry
from wsiskg.query.results import Results
from wsiskg.server.drafts_view import curve_csv, curve_svg, marked, paragraph_fates
from wsiskg.server.openapi import documented, representations
from wsiskg.server.rendering import CSV, download, render
from wsiskg.server.state import ServerState, get_state
from wsiskg.sparql import with_values

router = APIRouter(tags=["web UI"])


def named(state: ServerState) -> series.Named:
    """Run a query of ``queries/`` by name on the served store, parameters as text."""

    def run(name: str, **params: str | None) -> Results:
        query = registry().get(name)
        terms = {
            key: plain_term(query.parameter(key), value)
            for key, value in params.items()
            if value is not None
        }
        result = state.store.query(with_values(query.text, terms))
        return Results(result.variables, result.rows)

    return run


@router.get("/series", include_in_schema=False)
def series_page(request: Request) -> Response:
    """The versions of each series, the bracket curve (chart and table) and survival."""
    state = get_state(request)
    run = named(state)
    points = series.curve(run)
    context = {
        "versions": series.versions(run),
        "points": points,
        "chart": curve_svg(points),
        "survival": series.survival(run),
    }
    return render(request, "series.html", state, context)


@router.get(
    "/series/curve.csv",
    **documented(
        "The bracket curve as CSV: brackets per version and chapter",
        representations(["text/csv"], "one row per version and chapter"),
    ),
)
def curve_download(request: Request) -> Response:
    body = curve_csv(series.curve(named(get_state(request)))).encode()
    return download(request, body, CSV, "wsiskg-bracket-curve.csv")


@router.get("/series/history", include_in_schema=False)
def history_page(
    request: Request,
    paragraph: str = Query(..., max_length=10),
    version: str = Query(..., max_length=100),
) -> Response:
    """One paragraph across the versions: each version beside the next, words deleted and
    inserted highlighted, brackets coloured by their fate in the next version."""
    state = get_state(request)
    run = named(state)
    states = series.history(run, paragraph, version)
    if not states:
        raise HTTPException(404, f"no paragraph {paragraph} in version {version!r}")
    pairs = []
    for before, after in itertools.pairwise(states):
        try:
            outcomes = series.bracket_fates(run, before.version, after.version)
        except QueryError as error:
            raise HTTPException(404, str(error)) from None
        fates = paragraph_fates(outcomes, before.number, before.begin)
        pairs.append(
            {
                "old": before,
                "new": after,
                "left": marked(before.text, after.text, "old", fates),
                "right": marked(after.text, before.text, "new", ()),
            }
        )
    context = {"states": states, "pairs": pairs, "paragraph": paragraph, "version": version}
    return render(request, "history.html", state, context)
