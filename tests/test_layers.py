"""The stage packages import in pipeline order: every stage imports only the stages before it.

The order is the data flow of ``docs/decisions/0001-architecture.md``::

    errors, config, resources -> text -> extract -> versions -> namespaces -> graph -> check -> query
        -> publish -> pipeline -> api -> server -> cli

Imports are read from the source (``ast``), as the interpreter runs them: an ``if
TYPE_CHECKING:`` block and a lazy module ``__getattr__`` are left out. The fresh-interpreter test
below checks the same at run time for the text stages.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import wsiskg

PACKAGE = Path(wsiskg.__file__).parent

# Each unit is a top-level module or a stage package; a unit may import itself and earlier units.
ORDER = [
    "errors", "config", "resources", "text", "extract", "versions", "namespaces", "sparql", "graph",
    "check", "query", "publish", "pipeline", "api", "server", "cli",
]  # fmt: skip
TOP_LEVEL_LIMIT = 12
RDF_STACK = {"rdflib", "pyoxigraph", "owlready2", "pyshacl"}
WEB_STACK = {"fastapi", "starlette", "uvicorn", "jinja2"}
# Third-party packages that only one place may import.
OWNED_BY = {"owlready2": "wsiskg.check.hermit", "pyshacl": "wsiskg.check.shacl"}


def _modules() -> Iterator[str]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _file(module: str) -> Path | None:
    relative = Path(*module.split(".")[1:])
    for candidate in (PACKAGE / relative / "__init__.py", PACKAGE / f"{relative}.py"):
        if candidate.is_file():
            return candidate
    return None


def _run_time_imports(module: str) -> set[str]:
    """What ``module`` imports when it is loaded (absolute names, submodules resolved)."""
    path = _file(module)
    assert path is not None, module
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
        if isinstance(node, ast.FunctionDef) and node.name == "__getattr__":
            node.body = []
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names if _file(f"{base}.{a.name}")}
    return found


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


IMPORTS = {module: _run_time_imports(module) for module in _modules()}


def test_every_module_belongs_to_a_unit() -> None:
    units = {_unit(m) for m in IMPORTS} - {"__init__"}
    assert units <= set(ORDER), f"modules outside the stage order: {sorted(units - set(ORDER))}"


def test_at_most_twelve_modules_at_the_top() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= TOP_LEVEL_LIMIT, top


@pytest.mark.parametrize("module", sorted(IMPORTS))
def test_stages_import_only_earlier_stages(module: str) -> None:
    unit = _unit(module)
    # The package root re-exports the errors; it loads the api lazily.
    allowed = {"errors"} if unit == "__init__" else set(ORDER[: ORDER.index(unit) + 1])
    own = {m for m in IMPORTS[module] if m.startswith("wsiskg.")}
    late = sorted(m for m in own if _unit(m) not in allowed)
    assert not late, f"{module} ({unit}) imports later stages: {late}"


@pytest.mark.parametrize("module", sorted(IMPORTS))
def test_third_party_stacks_stay_in_their_stages(module: str) -> None:
    roots = {m.split(".")[0] for m in IMPORTS[module]}
    unit = _unit(module)
    if unit in {"errors", "config", "resources", "text", "extract", "versions"}:
        assert not roots & (RDF_STACK | WEB_STACK), f"{module} reaches {roots & RDF_STACK}"
    if unit not in {"server", "cli"}:
        assert not roots & WEB_STACK, f"{module} imports the web stack"
    for package, owner in OWNED_BY.items():
        if package in roots:
            assert module == owner, f"only {owner} imports {package}, not {module}"


def test_no_import_cycles() -> None:
    # A submodule's parent package is loaded before it: an edge to an ancestor is no cycle.
    graph = {
        m: {i for i in IMPORTS[m] if i in IMPORTS and not m.startswith(f"{i}.") and i != m}
        for m in IMPORTS
    }
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycle = path[path.index(target) :] if target in path else path
                pytest.fail(f"import cycle: {' -> '.join([*cycle, target])}")
            if target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_the_walk_sees_imports() -> None:
    """Not vacuous: the API does import the store, and the store pyoxigraph."""
    assert "wsiskg.query.store" in IMPORTS["wsiskg.api"]
    assert "pyoxigraph" in IMPORTS["wsiskg.query.store"]


def test_text_stages_load_without_the_rdf_stack() -> None:
    """The same at run time, in a fresh interpreter."""
    code = (
        "import sys\nimport wsiskg.text.parse, wsiskg.text.outline, wsiskg.extract\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {sorted(RDF_STACK | WEB_STACK)!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_no_sparql_inside_the_server() -> None:
    """Every query the pages run lives in ``queries/`` (the library or ``queries/views/``)."""
    keywords = ("SELECT ", "CONSTRUCT ", "PREFIX ", "WHERE {")
    for path in sorted((PACKAGE / "server").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found = [k for k in keywords if k in node.value and not _is_docstring(node.value)]
                assert not found, f"{path.name}: SPARQL in a string: {node.value[:60]!r}"


def _is_docstring(text: str) -> bool:
    """Prose mentions the forms ("SELECT/ASK answers"); a query has a pattern."""
    return "{" not in text and "?" not in text
