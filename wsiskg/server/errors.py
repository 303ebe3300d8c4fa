"""Library exceptions -> HTTP, in one place: every error is ``{"error": CODE, "message": ...}``.

| exception | status | code |
|---|---|---|
| ``QuerySyntaxError`` | 400 | ``query_syntax`` (with ``line`` and ``column``) |
| ``UpdateRefusedError`` | 403 | ``update_refused`` |
| ``QueryRefusedError`` | 403 | ``query_refused`` |
| ``ResultTooLargeError`` | 400 | ``result_too_large`` |
| ``QueryTimeoutError`` | 503 | ``query_timeout`` |
| ``QueryResourceError`` | 503 | ``query_resources`` (out of memory, worker crashed) |
| ``QueryTooComplexError`` | 400 | ``query_too_complex`` |
| other ``QueryError`` | 400 | ``query_error`` |
| ``StoreError`` | 503 | ``store_unavailable`` |
| ``ProblemError`` (protocol) | its own | its own |
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from wsiskg.errors import (
    QueryError,
    QueryRefusedError,
    QueryResourceError,
    QuerySyntaxError,
    QueryTimeoutError,
    QueryTooComplexError,
    ResultTooLargeError,
    StoreError,
    UpdateRefusedError,
    WsiskgError,
)
from wsiskg.server.middleware import wants_html
from wsiskg.server.rendering import templates

#: Most specific first: the first class an error is an instance of decides.
STATUS: tuple[tuple[type[WsiskgError], int, str], ...] = (
    (QuerySyntaxError, 400, "query_syntax"),
    (UpdateRefusedError, 403, "update_refused"),
    (QueryRefusedError, 403, "query_refused"),
    (ResultTooLargeError, 400, "result_too_large"),
    (QueryTimeoutError, 503, "query_timeout"),
    (QueryResourceError, 503, "query_resources"),
    (QueryTooComplexError, 400, "query_too_complex"),
    (QueryError, 400, "query_error"),
    (StoreError, 503, "store_unavailable"),
    (WsiskgError, 500, "internal_error"),
)


class ProblemError(Exception):
    """A protocol-level problem with the request itself (wrong method, media type, size...)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def problem(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    """The JSON error body every failure of the server uses."""
    return JSONResponse({"error": code, "message": message, **extra}, status_code=status)


def status_of(error: WsiskgError) -> tuple[int, str]:
    """The HTTP status and error code for a library error."""
    for kind, status, code in STATUS:
        if isinstance(error, kind):
            return status, code
    return 500, "internal_error"  # pragma: no cover - WsiskgError is the last row


def answer_problem(
    request: Request, status: int, code: str, message: str, **extra: Any
) -> Response:
    """The error as JSON, or as an HTML page for a browser (which would otherwise show raw
    JSON, or download it, for a mistyped link)."""
    if not wants_html(request):
        return problem(status, code, message, **extra)
    context = {"request": request, "status": status, "code": code, "message": message, **extra}
    page = templates.get_template("error.html").render(context)
    return Response(page, status_code=status, media_type="text/html; charset=utf-8")


async def _on_wsiskg(request: Request, error: Exception) -> Response:
    assert isinstance(error, WsiskgError)
    status, code = status_of(error)
    extra: dict[str, Any] = {}
    message = str(error)
    if error.location is not None:
        extra = {"line": error.location.line, "column": error.location.column}
        if isinstance(error, QuerySyntaxError):  # its message says "line L, column C" itself
            message = error.message
    return answer_problem(request, status, code, message, **extra)


async def _on_problem(request: Request, error: Exception) -> Response:
    assert isinstance(error, ProblemError)
    return answer_problem(request, error.status, error.code, error.message)


async def _on_http(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    codes = {404: "not_found", 405: "method_not_allowed", 406: "not_acceptable"}
    code = codes.get(error.status_code, "http_error")
    response = answer_problem(request, error.status_code, code, error.detail)
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    return response


async def _on_validation(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    message = "; ".join(str(e.get("msg", e)) for e in error.errors())
    return answer_problem(request, 400, "bad_request", message)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(WsiskgError, _on_wsiskg)
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(RequestValidationError, _on_validation)
