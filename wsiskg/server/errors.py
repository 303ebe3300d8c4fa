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
from fastapi.responses import JSONResponse
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


async def _on_wsiskg(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, WsiskgError)
    status, code = status_of(error)
    extra: dict[str, Any] = {}
    if error.location is not None:
        extra = {"line": error.location.line, "column": error.location.column}
    return problem(status, code, str(error), **extra)


async def _on_problem(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ProblemError)
    return problem(error.status, error.code, error.message)


async def _on_http(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    codes = {404: "not_found", 405: "method_not_allowed", 406: "not_acceptable"}
    response = problem(error.status_code, codes.get(error.status_code, "http_error"), error.detail)
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    return response


async def _on_validation(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return problem(400, "bad_request", "; ".join(str(e.get("msg", e)) for e in error.errors()))


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(WsiskgError, _on_wsiskg)
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(RequestValidationError, _on_validation)
