"""Package data: the ontology, shapes, queries and shipped corpus.

In a source checkout they are the top-level folders; in an installed wheel they live in
``wsiskg/_data/`` (hatch ``force-include``). Either way callers ask this module.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from wsiskg.errors import WsiskgError

_FOLDERS = ("ontology", "shapes", "queries", "corpus")


def data_dir(name: str) -> Traversable:
    """The folder ``name`` (one of ontology, shapes, queries, corpus) wherever it is installed."""
    if name not in _FOLDERS:
        raise ValueError(f"unknown data folder {name!r}; expected one of {', '.join(_FOLDERS)}")
    packaged = resources.files("wsiskg") / "_data" / name
    if packaged.is_dir():
        return packaged
    checkout = resources.files("wsiskg").joinpath("..", name)
    if checkout.is_dir() and checkout.joinpath("..", "pyproject.toml").is_file():
        return checkout
    raise WsiskgError(f"package data folder {name!r} is missing: reinstall wsiskg")


def data_path(name: str) -> Path:
    """Like :func:`data_dir`, as a filesystem path (package data is never zipped here)."""
    return Path(str(data_dir(name))).resolve()


def corpus_files() -> list[Path]:
    """The shipped corpus texts, in name order."""
    return sorted(data_path("corpus").glob("*.txt"))
