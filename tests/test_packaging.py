"""The built wheel carries its data and works from any directory, without the source tree."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the wheel; dependencies come from this venv, offline."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(work),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = work.glob("wsiskg-*.whl")
    target = work / "venv"
    venv.create(target, with_pip=False)
    purelib = next((target / "lib").glob("python3*/site-packages"))
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (purelib / "deps.pth").write_text("\n".join(deps) + "\n")
    python = target / "bin" / "python"
    # pip from this venv installs the wheel into the new one, no index, no dependencies
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--target", str(purelib), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )  # fmt: skip
    return python


def run_elsewhere(python: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [str(python), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_wheel_finds_its_corpus_from_another_directory(installed: Path, tmp_path: Path) -> None:
    script = (
        "import wsiskg.resources as r, json;"
        "print(json.dumps({'module': r.__file__, 'corpus': [str(p) for p in r.corpus_files()],"
        "'ontology': str(r.data_path('ontology')), 'queries': str(r.data_path('queries')),"
        "'shapes': str(r.data_path('shapes'))}))"
    )
    result = run_elsewhere(installed, "-c", script, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert not found["module"].startswith(str(ROOT))  # really the installed copy
    assert [Path(p).name for p in found["corpus"]] == ["000_789c031e886835c5.txt"]
    for folder in ("ontology", "queries", "shapes"):
        assert "_data" in found[folder]
        assert Path(found[folder]).is_dir()


def test_installed_cli_parses_the_shipped_corpus(installed: Path, tmp_path: Path) -> None:
    corpus = run_elsewhere(
        installed, "-c", "import wsiskg.resources as r; print(r.corpus_files()[0])", cwd=tmp_path
    ).stdout.strip()
    result = run_elsewhere(installed, "-m", "wsiskg.cli", "parse", corpus, "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    assert [p["proponent"] for p in parsed["proposals"]] == ["Russian Federation", "Ghana"]
