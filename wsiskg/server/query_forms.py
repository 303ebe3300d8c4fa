"""The research questions as forms: ``/queries`` lists them, ``/queries/{name}`` asks for the
parameters with pickers, runs the query, and shows the answer with links to local pages.

The page URL carries the parameters (``/queries/coordinators_of?action_line=…``), so an
answer can be shared; ``/queries/{name}.csv`` and ``.json`` download it with the same
parameters; ``limit``, ``offset`` and ``document`` in the URL give one page of a large
answer (:meth:`wsiskg.api.KG.named_page`). Library queries are fixed texts with parameters
bound as RDF terms, so they run in the server process (the time limit of ``/sparql``
guards user-written queries).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Request, Response

from wsiskg.api import KG, Page
from wsiskg.errors import QueryError
from wsiskg.query.registry import RESOLVED_KINDS, Parameter, Query, registry, views
from wsiskg.query.results import Results
from wsiskg.server.rendering import download, render
from wsiskg.server.resource_view import select, value_of
from wsiskg.server.state import ServerState, get_state
from wsiskg.sparql import with_values

router = APIRouter(tags=["web UI"])
DOWNLOADS = {"csv": "text/csv; charset=utf-8", "json": "application/sparql-results+json"}


@dataclass(frozen=True)
class Field:
    """One form field: the parameter, its current value, and the choices of a picker."""

    parameter: Parameter
    value: str
    options: tuple[tuple[str, str], ...]  # (value, label); empty for a free-text field


@router.get("/queries", include_in_schema=False)
def query_list(request: Request) -> Response:
    """Every research question of ``queries/``, with its parameters."""
    state = get_state(request)
    return render(request, "queries.html", state, {"queries": list(registry())})


@router.get("/queries/{name}", include_in_schema=False)
def query_form(request: Request, name: str) -> Response:
    """The form for one query; with parameters in the URL (or none needed), its answer."""
    state = get_state(request)
    stem, _, extension = name.rpartition(".")
    if stem and extension in DOWNLOADS:
        return _download(request, state, _query(stem), extension)
    query = _query(name)
    given = _given(request, query)
    fields = [_field(state, p, given.get(p.name, "")) for p in query.parameters]
    results, error = None, None
    if "run" in request.query_params or not query.parameters:
        try:
            results = run(state, query, given, _page(request))
        except QueryError as failure:
            error = str(failure)
    shared = urlencode({**given, "run": "1"})
    context = {
        "query": query,
        "fields": fields,
        "results": results,
        "error": error,
        "shared": f"/queries/{query.name}?{shared}",
        "downloads": {ext: f"/queries/{query.name}.{ext}?{urlencode(given)}" for ext in DOWNLOADS},
    }
    response = render(request, "query_form.html", state, context)
    if error is not None:
        response.status_code = 400
    return response


def run(
    state: ServerState, query: Query, given: dict[str, str], page: Page | None = None
) -> Results:
    """The answer of a library query with its parameters resolved (names, codes, IRIs), or
    one ``page`` of it."""
    return KG(state.store).named_page(query.name, page, **given)


def _page(request: Request) -> Page | None:
    """The page the URL asks for (``limit``, ``offset``, ``document``), if any: a large
    answer is cut inside the query (:func:`wsiskg.sparql.paged`)."""
    fields = request.query_params
    try:
        limit = int(fields["limit"]) if fields.get("limit") else None
        offset = int(fields.get("offset") or 0)
    except ValueError:
        raise HTTPException(400, "limit and offset are whole numbers") from None
    if (limit is not None and limit < 0) or offset < 0:
        raise HTTPException(400, "limit and offset must not be negative")
    page = Page(limit=limit, offset=offset, document=fields.get("document") or None)
    return None if page.is_whole else page


def _download(request: Request, state: ServerState, query: Query, extension: str) -> Response:
    try:
        results = run(state, query, _given(request, query), _page(request))
    except QueryError as failure:
        raise HTTPException(400, str(failure)) from None
    body = results.serialize(extension).encode()
    return download(request, body, DOWNLOADS[extension], f"wsiskg-{query.name}.{extension}")


def _query(name: str) -> Query:
    try:
        return registry().get(name)
    except QueryError as error:
        raise HTTPException(404, str(error)) from None


def _given(request: Request, query: Query) -> dict[str, str]:
    """The non-empty parameter values in the URL (other URL fields are ignored)."""
    names = {p.name for p in query.parameters}
    return {k: v for k, v in request.query_params.items() if k in names and v.strip()}


def _field(state: ServerState, parameter: Parameter, value: str) -> Field:
    """The field of ``parameter``; a name given in the URL or as the default ("e-health")
    selects its resource in the picker."""
    value = value or parameter.default or ""
    if parameter.kind not in RESOLVED_KINDS:
        return Field(parameter, value, ())
    options = picker_options(state, parameter.kind)
    if value and value not in {iri for iri, _ in options}:
        with contextlib.suppress(QueryError):  # the answer above says why it is unknown
            value = KG(state.store).resolve(parameter.kind, value).value
    return Field(parameter, value, options)


def picker_options(state: ServerState, kind: str) -> tuple[tuple[str, str], ...]:
    """(IRI, label) of every resource a parameter of ``kind`` can name, in a useful order
    (``queries/views/picker_options.rq``); cached per kind, the store never changes."""
    if kind not in state.pickers:
        text = with_values(views().get("picker_options").text, {"kind": ox.Literal(kind)})
        rows = select(state.store, text)
        state.pickers[kind] = tuple((value_of(r["value"]), value_of(r["label"])) for r in rows)
    return state.pickers[kind]
