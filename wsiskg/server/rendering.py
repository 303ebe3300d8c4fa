"""HTML rendering: Jinja templates, term links and labels, ETag'd responses."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi import Request, Response
from fastapi.templating import Jinja2Templates

from wsiskg.namespaces import PREFIXES
from wsiskg.query.results import Term
from wsiskg.server.resource_view import composed_title, label
from wsiskg.server.state import ServerState

#: Composed titles (one query each) per page; further unlabeled links show their compact IRI.
COMPOSED_NAMES = 300
templates = Jinja2Templates(directory=Path(__file__).with_name("templates"))


class Renderer:
    """Turns RDF terms into links and names for one request's templates."""

    def __init__(self, state: ServerState) -> None:
        self.state = state
        base = state.settings.base_iri
        self.prefixes = {
            **{name: str(ns) for name, ns in PREFIXES.items()},
            "id": base + "id/",
            "graph": base + "graph/",
        }
        self._labels: dict[str, str | None] = {}
        self._composed = 0

    def title(self, iri: str) -> str:
        """What a page about ``iri`` is called: its label or a composed title, never the bare
        identifier unless nothing better is known."""
        return self.name(ox.NamedNode(iri))

    def href(self, term: Term) -> str | None:
        """Where a link to ``term`` goes: our own page for our IRIs, else the IRI itself."""
        if not isinstance(term, ox.NamedNode):
            return None
        local = self.state.iris.local_path(term.value)
        if local is not None:
            return local
        return term.value if term.value.startswith(("http://", "https://")) else None

    def compact(self, iri: str) -> str:
        """``prefix:local`` for IRIs under a known namespace, else the IRI."""
        for prefix, namespace in sorted(self.prefixes.items(), key=lambda p: -len(p[1])):
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri

    def name(self, term: Term) -> str:
        """A label if the store has one, else a composed title (for the first
        :data:`COMPOSED_NAMES` terms of a page), else the compact IRI or the literal's text."""
        if isinstance(term, ox.NamedNode):
            if term.value not in self._labels:
                found = label(self.state.store, term)
                if found is None and self._composed < COMPOSED_NAMES:
                    self._composed += 1
                    found = composed_title(self.state.store, term)
                self._labels[term.value] = found
            return self._labels[term.value] or self.compact(term.value)
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        if isinstance(term, ox.Literal):
            return term.value
        return str(term)

    def datatype(self, term: Term) -> str:
        """A short note on a literal's datatype or language ('' for plain strings)."""
        if not isinstance(term, ox.Literal):
            return ""
        if term.language:
            return f"@{term.language}"
        datatype = term.datatype.value
        return "" if datatype.endswith("#string") else self.compact(datatype)


def render(
    request: Request, template: str, state: ServerState, context: Mapping[str, Any]
) -> Response:
    """A template rendered with the renderer in its context, with an ETag."""
    body = templates.get_template(template).render(
        {"request": request, "r": Renderer(state), "settings": state.settings, **context}
    )
    return cached(request, body.encode(), "text/html; charset=utf-8")


def cached(
    request: Request, body: bytes, media_type: str, headers: Mapping[str, str] | None = None
) -> Response:
    """``body`` with a weak ETag (gzip may re-encode it); 304 when the client has it."""
    etag = 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    all_headers = {"ETag": etag, **(headers or {})}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=all_headers)
    return Response(body, media_type=media_type, headers=all_headers)


CSV = "text/csv; charset=utf-8"


def download(request: Request, body: bytes, media_type: str, filename: str) -> Response:
    """``body`` as a file to save (``Content-Disposition: attachment``), cached like a page."""
    disposition = f'attachment; filename="{filename}"'
    return cached(request, body, media_type, {"Content-Disposition": disposition})
