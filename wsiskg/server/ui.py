"""The web UI: the SPARQL editor (YASGUI, served locally) and the proposal comparison."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi import APIRouter, Request, Response

from wsiskg.errors import QueryError
from wsiskg.query.comparison import QUERY_NAME, Comparison, compare, to_csv
from wsiskg.query.registry import registry
from wsiskg.query.results import Results
from wsiskg.server.openapi import documented, representations
from wsiskg.server.rendering import CSV, download, render
from wsiskg.server.state import ServerState, get_state
from wsiskg.sparql import paged

router = APIRouter(tags=["web UI"])
#: Rows of the first page the query editor's examples open on.
DEFAULT_PAGE = 100
#: The folder ``python -m wsiskg.server.vendor`` fills (not imported from there: running that
#: module with ``-m`` must not find it imported already).
VENDOR_DIR = Path(__file__).with_name("static") / "vendor"


@router.get("/query", include_in_schema=False)
def query_editor(request: Request) -> Response:
    """YASGUI with one example tab per research query, each cut to its first page
    (``LIMIT``/``OFFSET`` to edit; ``/queries/{name}?limit=…`` pages too): a query with a row
    per commitment of a large corpus answers at once instead of sending the whole corpus."""
    state = get_state(request)
    examples = [
        {"name": query.name, "question": query.question, "text": _first_page(query.text)}
        for query in registry()
    ]
    context = {"examples_json": _script_json(examples), "vendored": vendored()}
    return render(request, "query.html", state, context)


def vendored() -> bool:
    """Whether ``npm ci`` and ``python -m wsiskg.server.vendor`` put YASGUI in place; the
    editor page says so plainly when they did not (it failed silently before)."""
    return all((VENDOR_DIR / "yasgui" / name).is_file() for name in YASGUI_FILES)


YASGUI_FILES = ("yasgui.min.js", "yasgui.min.css")


@router.get("/compare", include_in_schema=False)
def comparison_page(request: Request) -> Response:
    """Action lines × proposals, agencies per cell, explicit vs inherited, agree/differ."""
    state = get_state(request)
    tables = comparisons(state)
    return render(request, "compare.html", state, {"tables": tables, "query": QUERY_NAME})


@router.get(
    "/compare.csv",
    **documented(
        "The proposal comparison as CSV",
        representations(["text/csv"], "action lines x proposals, agencies per cell"),
    ),
)
def comparison_csv(request: Request) -> Response:
    state = get_state(request)
    body = to_csv(comparisons(state)).encode()
    return download(request, body, CSV, "wsiskg-proposal-comparison.csv")


def comparisons(state: ServerState) -> list[Comparison]:
    """One comparison table per draft, from ``queries/compare_proposals.rq``."""
    result = state.store.query(registry().get(QUERY_NAME).text)
    return compare(Results(result.variables, result.rows))


def _first_page(text: str) -> str:
    try:
        return paged(text, limit=DEFAULT_PAGE)
    except QueryError:  # not a SELECT: as it is
        return text


def _script_json(value: object) -> str:
    """JSON safe to embed in a ``<script>`` element (no ``<``, ``>`` or ``&`` left raw)."""
    text = json.dumps(value)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
