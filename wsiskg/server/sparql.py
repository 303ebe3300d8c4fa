"""The SPARQL 1.1 Protocol endpoint as an ``APIRouter`` any app can mount.

The app must put a :class:`~wsiskg.server.state.ServerState` at ``app.state.wsiskg`` (as
:func:`wsiskg.server.app.create_app` does). Queries only: updates are refused with 403.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse

from wsiskg.errors import QuerySyntaxError, UpdateRefusedError
from wsiskg.query.store import QueryRequest, graph_nodes
from wsiskg.query.syntax import predeclare
from wsiskg.server.errors import ProblemError
from wsiskg.server.negotiation import HTML, RDF, TABULAR, choose, format_choice
from wsiskg.server.openapi import problems
from wsiskg.server.self_description import serialize_graph, service_description
from wsiskg.server.state import ServerState, get_state

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
_GRAPH_FORMS = frozenset({"CONSTRUCT", "DESCRIBE"})


@dataclass(frozen=True)
class Operation:
    """One protocol request, read from the URL and the body."""

    query: str | None
    update: bool
    default_graph_uris: tuple[str, ...]
    named_graph_uris: tuple[str, ...]
    formats: tuple[str, ...]  # every ``format=`` value, in order


def sparql_router(path: str = "/sparql", ui_path: str | None = "/query") -> APIRouter:
    """A router serving the protocol at ``path``; browsers asking for HTML go to ``ui_path``."""
    router = APIRouter(tags=["SPARQL"])

    async def sparql_get(
        request: Request,
        query: Annotated[str | None, Query(description="the SPARQL query")] = None,
        default_graph_uri: DefaultGraphs = None,
        named_graph_uri: NamedGraphs = None,
        format: Format = None,
    ) -> Response:
        return await serve_protocol(request, ui_path)

    async def sparql_post(
        request: Request,
        default_graph_uri: DefaultGraphs = None,
        named_graph_uri: NamedGraphs = None,
        format: Format = None,
    ) -> Response:
        return await serve_protocol(request, ui_path)

    router.add_api_route(
        path,
        sparql_get,
        methods=["GET"],
        operation_id="sparql_get",
        summary="SPARQL 1.1 Protocol query by GET (without a query: the service description)",
        response_class=Response,
        responses={**_ANSWERS, **problems(400, 403, 406, 413, 503)},
    )
    router.add_api_route(
        path,
        sparql_post,
        methods=["POST"],
        operation_id="sparql_post",
        summary="SPARQL 1.1 Protocol query by POST (form or application/sparql-query)",
        description="SPARQL Update (`update=`, `application/sparql-update`) is refused (403).",
        response_class=Response,
        responses={**_ANSWERS, **problems(400, 403, 406, 413, 415, 503)},
        openapi_extra={"requestBody": _REQUEST_BODY},
    )
    return router


DefaultGraphs = Annotated[
    list[str] | None,
    Query(alias="default-graph-uri", description="the default graph (overrides FROM)"),
]
NamedGraphs = Annotated[
    list[str] | None,
    Query(alias="named-graph-uri", description="a named graph (overrides FROM NAMED)"),
]
Format = Annotated[
    str | None, Query(description="overrides Accept: json, xml, csv, tsv, ttl, jsonld, ...")
]
_ANSWERS: dict[int | str, dict[str, object]] = {
    200: {
        "description": "the answer (SELECT/ASK: results; CONSTRUCT/DESCRIBE and the service "
        "description: RDF)",
        "content": {m: {} for m in (*TABULAR, *RDF)},
    },
    303: {"description": "a browser asking for HTML without a query: the query editor"},
}
_GRAPH_LIST = {"type": "array", "items": {"type": "string"}}
_REQUEST_BODY = {
    "required": True,
    "content": {
        FORM: {
            "schema": {
                "type": "object",
                "required": ["query"],
                "properties": {
                    "query": {"type": "string"},
                    "default-graph-uri": _GRAPH_LIST,
                    "named-graph-uri": _GRAPH_LIST,
                    "format": {"type": "string"},
                },
            }
        },
        SPARQL_QUERY: {"schema": {"type": "string"}},
    },
}


async def serve_protocol(request: Request, ui_path: str | None) -> Response:
    """One protocol request: a query's answer, the service description, or a refusal."""
    state = get_state(request)
    operation = await read_operation(request, state.settings.max_query_bytes)
    if operation.update:
        raise UpdateRefusedError("SPARQL Update is not allowed: this endpoint is read-only")
    if operation.query is not None:
        return await answer(request, state, operation)
    if request.method == "GET":
        return describe_service(request, state, ui_path)
    raise ProblemError(400, "missing_query", "POST a 'query' parameter or a query body")


async def read_operation(request: Request, max_bytes: int) -> Operation:
    """The query (or update) and dataset of a GET or POST protocol request."""
    fields = _urlencoded(request.scope.get("query_string", b"").decode("latin-1"))
    if request.method == "POST":
        fields += await _body_fields(request, max_bytes)
    queries = [value for name, value in fields if name == "query"]
    updates = [value for name, value in fields if name == "update"]
    if len(queries) > 1 or len(updates) > 1:
        raise ProblemError(400, "multiple_operations", "give exactly one query (or update)")
    if queries and updates:
        raise ProblemError(400, "multiple_operations", "give a query or an update, not both")
    return Operation(
        query=queries[0] if queries else None,
        update=bool(updates),
        default_graph_uris=tuple(v for n, v in fields if n == "default-graph-uri"),
        named_graph_uris=tuple(v for n, v in fields if n == "named-graph-uri"),
        formats=tuple(value for name, value in fields if name == "format"),
    )


async def _body_fields(request: Request, max_bytes: int) -> list[tuple[str, str]]:
    header = request.headers.get("content-type")
    if not header:
        raise ProblemError(415, "missing_content_type", f"POST needs {FORM} or {SPARQL_QUERY}")
    media, *params = (part.strip().lower() for part in header.split(";"))
    if media == SPARQL_UPDATE:
        return [("update", "")]
    if media not in {FORM, SPARQL_QUERY}:
        raise ProblemError(415, "unsupported_media_type", f"cannot read a {media} body")
    _check_charset(params)
    text = _utf8(await _read_body(request, max_bytes))
    if media == SPARQL_QUERY:
        return [("query", text)]
    return _urlencoded(text)


def _urlencoded(text: str) -> list[tuple[str, str]]:
    """Fields of a query string or form body; percent-encoded bytes must be UTF-8 too (a
    lenient decoder would silently turn them into U+FFFD and answer another query)."""
    try:
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProblemError(400, "not_utf8", "a percent-encoded parameter is not UTF-8") from None


def _check_charset(params: list[str]) -> None:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip() == "charset" and value.strip().strip('"') not in {"utf-8", "utf8"}:
            raise ProblemError(415, "unsupported_charset", "the body must be UTF-8")


async def _read_body(request: Request, max_bytes: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ProblemError(413, "request_too_large", f"the body exceeds {max_bytes} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise ProblemError(413, "request_too_large", f"the body exceeds {max_bytes} bytes")
    return bytes(body)


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProblemError(400, "not_utf8", f"the body is not UTF-8 (byte {error.start})") from None


async def answer(request: Request, state: ServerState, operation: Operation) -> Response:
    """Check the query here, run it in a worker process, send the negotiated format."""
    text = operation.query or ""
    if len(text.encode()) > state.settings.max_query_bytes:
        raise ProblemError(413, "request_too_large", "the query is too long")
    query = predeclare(text, state.query_prefixes)
    try:
        shape = state.store.inspect(query.text)
        graph_nodes((*operation.default_graph_uris, *operation.named_graph_uris))
        graph = shape.form in _GRAPH_FORMS
        media_type = negotiate(request, operation.formats, RDF if graph else TABULAR, graph)
        job = QueryRequest(
            query.text,
            operation.default_graph_uris,
            operation.named_graph_uris,
            state.settings.max_result_rows,
            media_type,
            state.settings.max_result_bytes,
        )
        served, body = await state.pool.arun(job, state.settings.query_timeout)
    except QuerySyntaxError as error:
        raise query.located(error) from None
    return Response(body, media_type=served, headers={"Vary": "Accept"})


def negotiate(
    request: Request, formats: Sequence[str], offers: Mapping[str, str], graph: bool
) -> str:
    """The media type to answer with: an offered ``format=`` first, then Accept; 406 when
    none fits, or when ``format=`` asks only for known formats this query form cannot have."""
    chosen, refused = format_choice(formats, offers, graph)
    if chosen is not None:
        return chosen
    if refused:
        raise ProblemError(406, "not_acceptable", f"format {refused[0]!r} is not offered")
    chosen = choose(request.headers.get("accept"), offers)
    if chosen is None:
        offered = ", ".join(dict.fromkeys(offers.values()))
        raise ProblemError(406, "not_acceptable", f"no acceptable format; offered: {offered}")
    return chosen


def describe_service(request: Request, state: ServerState, ui_path: str | None) -> Response:
    """The service description (RDF), or the query editor for a browser."""
    offers = {**RDF, HTML: HTML} if ui_path else dict(RDF)
    media_type = choose(request.headers.get("accept"), offers) or "text/turtle"
    if media_type == HTML and ui_path:
        return RedirectResponse(ui_path, status_code=303, headers={"Vary": "Accept"})
    endpoint = str(request.url.remove_query_params(list(request.query_params.keys())))
    body = serialize_graph(service_description(state, endpoint), media_type)
    return Response(body, media_type=media_type, headers={"Vary": "Accept"})
