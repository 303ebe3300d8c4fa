"""The HTTP server: SPARQL 1.1 Protocol, linked-data pages and the web UI.

>>> sorted(__all__)
['create_app', 'serve', 'sparql_router']
"""

from __future__ import annotations

from wsiskg.server.app import create_app, serve
from wsiskg.server.sparql import sparql_router

__all__ = ["create_app", "serve", "sparql_router"]
