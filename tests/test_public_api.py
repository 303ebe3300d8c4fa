"""The public surface: ``wsiskg.__all__`` (the import order of the stages is ``test_layers``)."""

from __future__ import annotations

import pytest

import wsiskg


def test_all_is_the_public_api() -> None:
    assert set(wsiskg.__all__) == {
        "KG", "load", "WsiskgError", "SourceError", "EncodingError", "ParseError",
        "BuildError", "ValidationError", "QueryError", "StoreError",
    }  # fmt: skip
    assert sorted(wsiskg.__all__) == sorted(set(wsiskg.__all__))
    for name in wsiskg.__all__:
        assert getattr(wsiskg, name) is not None
        assert name in dir(wsiskg)


def test_errors_derive_from_the_base() -> None:
    for name in wsiskg.__all__:
        value = getattr(wsiskg, name)
        if isinstance(value, type) and name.endswith("Error"):
            assert issubclass(value, wsiskg.WsiskgError)


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError):
        _ = wsiskg.nothing_here  # type: ignore[attr-defined]
