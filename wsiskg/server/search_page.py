"""``/search?q=…``: full-text search over the drafts, as a page or as JSON.

The index is the build's ``search.sqlite`` (:mod:`wsiskg.query.search`); results are ranked
by BM25 and carry a snippet with the matched words marked.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from markupsafe import Markup, escape

from wsiskg.query.search import CLOSE, OPEN, Hit
from wsiskg.server.negotiation import HTML, choose
from wsiskg.server.openapi import documented, problems, representations
from wsiskg.server.rendering import render
from wsiskg.server.state import get_state

router = APIRouter(tags=["web UI"])
_OFFERS = {"application/json": "application/json", HTML: HTML, "application/xhtml+xml": HTML}
MAX_HITS = 100


@router.get(
    "/search",
    **documented(
        "Full-text search over paragraphs, items, chapters and labels (HTML or JSON)",
        {
            **representations(["application/json", HTML], "ranked hits with snippets"),
            **problems(400),
        },
    ),
)
def search(
    request: Request,
    q: Annotated[str, Query(max_length=500, description="words to find")] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_HITS, description="most hits")] = 50,
    format: Annotated[str | None, Query(description="json or html (overrides Accept)")] = None,
) -> Response:
    """Ranked hits for ``q``: JSON for programs, a page for browsers."""
    state = get_state(request)
    hits = state.search.search(q, limit) if q.strip() else []
    wanted = {"json": "application/json", "html": HTML}.get(format or "")
    media_type = wanted or choose(request.headers.get("accept"), _OFFERS) or "application/json"
    if media_type == HTML:
        shown = [(hit, marked(hit.snippet), state.iris.local_path(hit.resource)) for hit in hits]
        context = {"q": q, "hits": shown, "search_query": q}
        response = render(request, "search.html", state, context)
        response.headers["Vary"] = "Accept"
        return response
    body = {"query": q, "hits": [hit.to_json() for hit in hits]}
    return JSONResponse(body, headers={"Vary": "Accept"})


def marked(snippet: str) -> Markup:
    """The snippet as HTML: its text escaped, the matched words in ``<mark>``.

    >>> str(marked("a \\x02<b>\\x03 c"))
    'a <mark>&lt;b&gt;</mark> c'
    """
    text = str(escape(snippet))
    return Markup(text.replace(OPEN, "<mark>").replace(CLOSE, "</mark>"))  # noqa: S704 - escaped


__all__ = ["Hit", "marked", "router"]
