"""wsiskg: the WSIS negotiation drafts as a knowledge graph.

The public API is small: :func:`load` gives a :class:`KG`; every error is a
:class:`WsiskgError`. ``load`` and ``KG`` are imported on first use, so importing a stage
module (``wsiskg.text.parse``) does not pull in the RDF stack.

>>> import wsiskg
>>> issubclass(wsiskg.QueryError, wsiskg.WsiskgError)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wsiskg.errors import (
    BuildError,
    EncodingError,
    ParseError,
    QueryError,
    SourceError,
    StoreError,
    ValidationError,
    WsiskgError,
)

if TYPE_CHECKING:
    from wsiskg.api import KG, load

__all__ = [
    "KG",
    "BuildError",
    "EncodingError",
    "ParseError",
    "QueryError",
    "SourceError",
    "StoreError",
    "ValidationError",
    "WsiskgError",
    "load",
]

_LAZY = {"KG", "load"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from wsiskg import api  # deferred: api pulls in the RDF stack

        return getattr(api, name)
    raise AttributeError(f"module 'wsiskg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
