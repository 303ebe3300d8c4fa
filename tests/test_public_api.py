"""The public surface (``wsiskg.__all__``) and the direction of imports: the text stages
(model, source, parse, brackets, annex, extract) never reach the RDF stack or the server."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import wsiskg

PACKAGE = Path(wsiskg.__file__).parent
TEXT_STAGES = ["model", "source", "parse", "brackets", "annex", "extract"]
FORBIDDEN = {"rdflib", "pyoxigraph", "owlready2", "pyshacl", "fastapi", "starlette", "uvicorn"}
FORBIDDEN_OWN = {"wsiskg.server", "wsiskg.store", "wsiskg.api", "wsiskg.build", "wsiskg.vocab"}


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


def _module_file(name: str) -> Path | None:
    relative = Path(*name.split(".")[1:])
    for candidate in (PACKAGE / relative / "__init__.py", PACKAGE / f"{relative}.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(path: Path, module: str) -> set[str]:
    """Modules ``path`` imports at run time: ``if TYPE_CHECKING:`` blocks and a module's
    lazy ``__getattr__`` hook (run only when that attribute is asked for) left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
        if isinstance(node, ast.FunctionDef) and node.name == "__getattr__":
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found |= {
                f"{base}.{alias.name}"
                for alias in node.names
                if _module_file(f"{base}.{alias.name}")
            }
    return found


def _reachable(start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        path = _module_file(module) if module.startswith("wsiskg") else None
        if path is not None:
            todo += sorted(_imports(path, module))
    return seen


@pytest.mark.parametrize("stage", TEXT_STAGES)
def test_text_stages_never_import_rdf_or_server(stage: str) -> None:
    reached = _reachable(f"wsiskg.{stage}")
    assert f"wsiskg.{stage}" in reached
    bad = {m for m in reached if m.split(".")[0] in FORBIDDEN or m in FORBIDDEN_OWN
           or any(m.startswith(f"{own}.") for own in FORBIDDEN_OWN)}  # fmt: skip
    assert not bad, f"wsiskg.{stage} reaches {sorted(bad)}"


def test_text_stages_load_without_the_rdf_stack() -> None:
    """The same at run time, in a fresh interpreter."""
    code = (
        "import sys\n"
        + "".join(f"import wsiskg.{stage}\n" for stage in TEXT_STAGES)
        + f"print(sorted(m for m in sys.modules if m.split('.')[0] in {sorted(FORBIDDEN)!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_walker_sees_imports() -> None:
    """The walk is not vacuous: the API does reach the store and pyoxigraph."""
    reached = _reachable("wsiskg.api")
    assert {"wsiskg.store", "pyoxigraph"} <= reached
