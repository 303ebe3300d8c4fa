"""HTTP credentials that answer whichever challenge a server sends.

SPARQL stores disagree on the scheme: Virtuoso's ``/sparql-auth`` and
``/sparql-graph-crud-auth`` accept only Digest (Basic gets 401), Fuseki and GraphDB use
Basic. Users should not have to know which.
"""

from __future__ import annotations

from collections.abc import Generator

import httpx

__all__ = ["ChallengeAuth", "credentials"]


class ChallengeAuth(httpx.Auth):
    """Send the first request bare; on 401 answer the server's challenge, Digest or Basic,
    and sign every later request with the same scheme."""

    def __init__(self, user: str, password: str) -> None:
        self._digest = httpx.DigestAuth(user, password)
        self._basic = httpx.BasicAuth(user, password)
        self._chosen: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._chosen is not None:
            yield from self._chosen.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        scheme = response.headers.get("www-authenticate", "").split(" ", 1)[0].lower()
        self._chosen = self._basic if scheme == "basic" else self._digest
        flow = self._chosen.auth_flow(request)
        try:
            signed = next(flow)
            if "authorization" not in signed.headers:  # digest: hand it the challenge we hold
                signed = flow.send(response)
            while True:
                signed = flow.send((yield signed))
        except StopIteration:
            return


def credentials(user: str | None, password: str | None) -> httpx.Auth | None:
    """The auth for ``user`` (None when there is no user)."""
    if user is None:
        return None
    return ChallengeAuth(user, password or "")
