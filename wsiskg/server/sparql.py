"""The SPARQL 1.1 Protocol endpoint as an ``APIRouter`` any app can mount.

The app must put a :class:`~wsiskg.server.state.ServerState` at ``app.state.wsiskg`` (as
:func:`wsiskg.server.app.create_app` does). Queries only: updates are refused with 403.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse, StreamingResponse

from wsiskg.errors import QuerySyntaxError, UpdateRefusedError
from wsiskg.query.cost import deterministic
from wsiskg.query.guard import QueryShape
from wsiskg.query.store import QueryRequest, default_media_type, graph_nodes
from wsiskg.server.caching import etag, none_match
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

    # The parameters are read once, strictly, by read_operation; declaring them to FastAPI
    # as well would parse and validate the query string a second time per request.
    async def sparql_get(request: Request) -> Response:
        return await serve_protocol(request, ui_path)

    async def sparql_post(request: Request) -> Response:
        return await serve_protocol(request, ui_path)

    router.add_api_route(
        path,
        sparql_get,
        methods=["GET"],
        operation_id="sparql_get",
        summary="SPARQL 1.1 Protocol query by GET (without a query: the service description)",
        response_class=Response,
        responses={**_ANSWERS, **problems(400, 403, 406, 413, 503)},
        openapi_extra={"parameters": [_QUERY, *_DATASET_AND_FORMAT]},
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
        openapi_extra={"requestBody": _REQUEST_BODY, "parameters": _DATASET_AND_FORMAT},
    )
    return router


def _parameter(name: str, description: str, many: bool = False) -> dict[str, object]:
    string = {"type": "string"}
    schema = {"type": "array", "items": string} if many else string
    return {"name": name, "in": "query", "required": False, "description": description} | {
        "schema": schema
    }


_QUERY = _parameter("query", "the SPARQL query")
_DATASET_AND_FORMAT = [
    _parameter("default-graph-uri", "the default graph (overrides FROM)", many=True),
    _parameter("named-graph-uri", "a named graph (overrides FROM NAMED)", many=True),
    _parameter("format", "overrides Accept: json, xml, csv, tsv, ttl, jsonld, ..."),
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
    """Check the query here, run it (:func:`run_query`), send the negotiated format."""
    text = operation.query or ""
    if len(text.encode()) > state.settings.max_query_bytes:
        raise ProblemError(413, "request_too_large", "the query is too long")
    query = state.predeclared(text)
    try:
        shape = state.inspect(query.text)
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
        return await cached_answer(request, state, job, shape)
    except QuerySyntaxError as error:
        raise query.located(error) from None


#: Answers measured at least this large are streamed as pyoxigraph writes them.
STREAM_BYTES = 1024 * 1024


async def cached_answer(
    request: Request, state: ServerState, job: QueryRequest, shape: QueryShape
) -> Response:
    """The answer from the cache, a 304 to a client that has it, or :func:`run_query`'s.

    A GET answer carries an ``ETag`` (query, dataset, format and dataset version) and
    ``Cache-Control``; ``If-None-Match`` is compared before the query runs.
    """
    key = (job.text, job.default_graph_uris, job.named_graph_uris, job.media_type or "")
    headers = {"Vary": "Accept"}
    if not deterministic(job.text):  # RAND(), NOW()...: a new answer every time
        headers["Cache-Control"] = "no-store"
        answer = await run_query(state, job, shape)
        return _response(answer, headers)
    if request.method == "GET":
        tag = etag(state.store.version, key)
        headers |= {"ETag": tag, "Cache-Control": f"public, max-age={state.settings.cache_max_age}"}
        if none_match(request.headers.get("if-none-match"), tag):
            return Response(status_code=304, headers=headers)
    kept = state.answers.get(key)
    if kept is not None:
        return Response(kept[1], media_type=kept[0], headers=headers)
    answer = await run_query(state, job, shape)
    if not isinstance(answer, StreamingResponse):
        state.answers.put(key, *answer)
    return _response(answer, headers)


def _response(answer: tuple[str, bytes] | StreamingResponse, headers: dict[str, str]) -> Response:
    if isinstance(answer, StreamingResponse):
        answer.headers.update(headers)
        return answer
    return Response(answer[1], media_type=answer[0], headers=headers)


async def run_query(
    state: ServerState, job: QueryRequest, shape: QueryShape
) -> tuple[str, bytes] | StreamingResponse:
    """A query a worker already answered within budget runs here, on a deep-stack thread of
    the server process (streamed when its answer is large); any other in a confined worker,
    which measures it (:mod:`wsiskg.query.cost`)."""
    key = (job.text, job.default_graph_uris, job.named_graph_uris)
    cost = state.costs.lookup(key)
    if cost is not None and cost.answer_bytes >= STREAM_BYTES:
        return stream_answer(state, job, shape)
    if cost is not None:  # its worker checked the row and byte caps on this same answer
        unchecked = replace(job, max_rows=None, max_bytes=None)
        future = state.inline.submit(lambda: state.store.answer(unchecked, shape))
        answer: tuple[str, bytes] = await asyncio.wrap_future(future)
        return answer
    served, body, measured = await state.pool.arun(job, state.settings.query_timeout)
    state.costs.record(key, measured)
    return served, body


def stream_answer(state: ServerState, job: QueryRequest, shape: QueryShape) -> StreamingResponse:
    """The answer sent chunk by chunk while a deep-stack thread serialises it."""
    loop = asyncio.get_running_loop()
    chunks: asyncio.Queue[bytes | None] = asyncio.Queue()

    def send(chunk: bytes | None) -> None:
        loop.call_soon_threadsafe(chunks.put_nowait, chunk)

    def write() -> None:
        try:
            state.store.stream(job, shape, send)
        finally:
            send(None)

    written = state.inline.submit(write)

    async def body() -> AsyncIterator[bytes]:
        while (chunk := await chunks.get()) is not None:
            yield chunk
        written.result()  # the query was answered within the caps before: no error expected

    media_type = job.media_type or default_media_type(shape.form)
    return StreamingResponse(body(), media_type=media_type)


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
