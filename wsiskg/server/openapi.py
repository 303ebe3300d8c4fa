"""The OpenAPI description: what each route answers, and one shape for every error.

FastAPI documents a ``422`` validation error with its own body on every route with
parameters; this app answers malformed requests with ``400`` and the body every error has
(``{"error": CODE, "message": ...}``, :mod:`wsiskg.server.errors`). :func:`install` rewrites
the generated description accordingly, so clients (and schemathesis) can rely on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Response
from fastapi.openapi.utils import get_openapi

__all__ = ["PROBLEM", "install", "problems", "representations"]

JSON = "application/json"
_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
#: The body of every error answer.
PROBLEM: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string", "description": "a stable code, e.g. query_syntax"},
        "message": {"type": "string"},
        "line": {"type": "integer", "description": "position in the query, when known"},
        "column": {"type": "integer"},
    },
}
_UNUSED = ("HTTPValidationError", "ValidationError")


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses`` entries for error statuses, each with the Problem body."""
    return {
        status: {
            "description": HTTPStatus(status).phrase,
            "content": {JSON: {"schema": _PROBLEM_REF}},
        }
        for status in statuses
    }


def representations(media_types: Iterable[str], description: str) -> dict[int | str, Any]:
    """A ``200`` answered in any of ``media_types`` (and ``304`` for a client's cached copy)."""
    return {
        200: {"description": description, "content": {m: {} for m in media_types}},
        304: {
            "description": "Not Modified (the client's copy, named by If-None-Match, is current)"
        },
    }


def documented(summary: str, responses: Mapping[int | str, Any]) -> dict[str, Any]:
    """Route options of an endpoint that builds its own ``Response`` (so FastAPI neither
    validates nor describes a JSON model): its summary and the answers it documents."""
    return {"summary": summary, "response_class": Response, "responses": dict(responses)}


def install(app: FastAPI) -> None:
    """Serve the rewritten description at ``/openapi.json``."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = _with_problems(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _with_problems(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name in _UNUSED:
        components.pop(name, None)
    components["Problem"] = PROBLEM
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            if responses.pop("422", None) is not None or operation.get("parameters"):
                responses.setdefault("400", problems(400)[400])
    return schema
