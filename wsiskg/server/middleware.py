"""HTTP details every route shares: ``HEAD`` for every ``GET``, and whether a client is a browser.

FastAPI routes answer only the methods they declare, so ``HEAD`` (which link checkers,
caches and ``curl -I`` send) was 405 everywhere. :class:`HeadMiddleware` runs a ``HEAD`` as
the ``GET`` it stands for and drops the body, keeping status and headers (``Content-Length``
included), as RFC 9110 section 9.3.2 asks.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wsiskg.server.negotiation import choose

__all__ = ["HeadMiddleware", "wants_html"]

_HTML_OR_JSON = {"text/html": "html", "application/xhtml+xml": "html", "application/json": "json"}


class HeadMiddleware:
    """Answer ``HEAD`` with the headers of the ``GET`` and no body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def wants_html(request: Request) -> bool:
    """Whether the client prefers HTML to JSON (a browser navigating), by its Accept header.

    No Accept header, or ``*/*`` alone, means a program: it gets JSON.
    """
    accept = request.headers.get("accept", "")
    if "html" not in accept:
        return False
    return choose(accept, _HTML_OR_JSON) == "html"
