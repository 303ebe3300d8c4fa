"""The query library over HTTP: ``GET /queries/{name}``, one page of a research query's rows.

Library queries can answer with a row per commitment or span of the whole corpus; this route
runs one of ``queries/*.rq`` with its parameters (given as query-string fields, resolved by
kind like ``wsiskg query --param``) and returns one page: ``limit`` rows (default 100) after
``offset``, optionally only the rows about one ``document`` (a slug or IRI). The page is cut
inside the query (:func:`wsiskg.sparql.paged`), so the engine stops at the page; the query runs
in the pool's worker processes under the endpoint's time limit, like any ``/sparql`` query.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from wsiskg.api import KG, Page
from wsiskg.errors import QueryError
from wsiskg.query.registry import registry
from wsiskg.server.errors import ProblemError
from wsiskg.server.openapi import problems
from wsiskg.server.sparql import Operation, answer
from wsiskg.server.state import get_state
from wsiskg.sparql import with_values

router = APIRouter(tags=["query library"])
#: Rows of a page when the request names no ``limit``.
DEFAULT_PAGE = 100
_PAGING = frozenset({"limit", "offset", "document", "format"})


@router.get(
    "/queries/{name}",
    summary="One page of a research query's answer",
    responses=problems(400, 404, 406, 503),
)
async def library_query(
    request: Request,
    name: str,
    limit: Annotated[int, Query(ge=0, description="Rows per page.")] = DEFAULT_PAGE,
    offset: Annotated[int, Query(ge=0, description="Rows skipped before the page.")] = 0,
    document: Annotated[
        str | None, Query(description="Only rows naming a resource of this document.")
    ] = None,
    result_format: Annotated[
        str | None, Query(alias="format", description="Result format (json, csv, tsv).")
    ] = None,
) -> Response:
    """Run the library query ``name`` with its parameters (other query-string fields)."""
    state = get_state(request)
    try:
        query = registry().get(name)
    except QueryError as error:
        raise ProblemError(404, "unknown_query", str(error)) from None
    given = {k: v for k, v in request.query_params.items() if k not in _PAGING}
    kg = KG(state.store)
    page = Page(limit=min(limit, state.settings.max_result_rows), offset=offset, document=document)
    text = kg.paged(with_values(query.text, kg.arguments(query, given)), page)
    return await answer(
        request, state, Operation(text, False, (), (), (result_format,) if result_format else ())
    )
