"""The README's commands work as written after ``make run`` (issue 14, item 8).

``make`` installs into ``.venv/``: a bare ``wsiskg`` is not on the PATH of a fresh shell, so
every command the README shows names ``.venv/bin/…``, and each one runs.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from wsiskg.config import Settings
from wsiskg.query.store import Store
from wsiskg.server import create_app

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w*)\n(.*?)```", README, re.DOTALL)
#: Each shell command the README shows: the ``$ …`` lines of a block that has them, else
#: every line of an ``sh`` block.
COMMANDS = [
    line.removeprefix("$ ").split("  #")[0].strip()
    for kind, body in BLOCKS
    for line in body.splitlines()
    if (line.startswith("$ ") if "\n$ " in "\n" + body else kind == "sh" and line.strip())
]
VENV_BIN = Path(sys.executable).parent  # .venv/bin when the tests run as `make test` runs them


def test_no_command_needs_an_activated_venv() -> None:
    assert COMMANDS
    for command in COMMANDS:
        program = command.split()[0]
        assert program not in {"wsiskg", "python", "pip", "pytest"}, command


@pytest.mark.parametrize(
    "command", [c for c in COMMANDS if c.startswith(".venv/bin/wsiskg ")], ids=lambda c: c[17:50]
)
def test_each_wsiskg_command_runs(command: str, seed_build_dir: Path) -> None:
    wanted = shlex.split(command.split("|")[0])
    wsiskg = VENV_BIN / "wsiskg"
    assert wsiskg.is_file(), "the package's console script is installed next to the interpreter"
    env = {**os.environ, "WSISKG_BUILD_DIR": str(seed_build_dir)}
    done = subprocess.run(
        [str(wsiskg), *wanted[1:]], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


def test_the_curl_query_answers_as_shown(seed_build_dir: Path) -> None:
    example = re.search(r"--data-urlencode 'query=\n(.*?)'\n(.*?)```", README, re.DOTALL)
    assert example is not None
    query, shown = example.group(1), example.group(2)
    app = create_app(Settings(), Store.from_build(seed_build_dir), workers=1)
    with TestClient(app) as client:
        answer = client.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    assert answer.status_code == 200, answer.text  # its prefixes are predeclared on /sparql
    assert list(csv.reader(io.StringIO(answer.text))) == list(csv.reader(io.StringIO(shown)))
