"""The ``wsiskg`` command line: wiring, output contracts and exit codes (0 ok, 1 does not
conform, 2 error — one line on stderr, nothing on stdout)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wsiskg.cli import EXIT_ERROR, EXIT_NONCONFORMING, EXIT_OK, app
from wsiskg.resources import corpus_files

SEED = corpus_files()[0]
COMMANDS = ["parse", "build", "validate", "serve", "query", "queries", "export", "info", "publish"]


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def assert_one_line_error(result: object) -> None:
    """Exit 2, nothing on stdout, exactly one line on stderr."""
    assert result.exit_code == EXIT_ERROR, result.output  # type: ignore[attr-defined]
    assert result.stdout == ""  # type: ignore[attr-defined]
    lines = result.stderr.splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, lines
    assert lines[0].startswith("wsiskg: error: ")


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_everywhere(runner: CliRunner, command: str | None) -> None:
    args = [command, "--help"] if command else ["--help"]
    result = runner.invoke(app, args)
    assert result.exit_code == EXIT_OK
    assert "Usage" in result.stdout


def test_parse_prints_the_outline_of_the_seed(runner: CliRunner) -> None:
    result = runner.invoke(app, ["parse", str(SEED)])
    assert result.exit_code == EXIT_OK, result.stderr
    # What the text shows: two chapters and the two annex proponents.
    for expected in ("Chapter One", "Chapter Four", "Russian Federation", "Ghana"):
        assert expected in result.stdout


def test_parse_json_follows_the_text(runner: CliRunner) -> None:
    result = runner.invoke(app, ["parse", str(SEED), "--json"])
    assert result.exit_code == EXIT_OK, result.stderr
    model = json.loads(result.stdout)
    assert {"paragraphs", "brackets", "alternatives", "proposals"} <= model.keys()
    numbers = [p["number"] for p in model["paragraphs"]]
    assert numbers == [str(n) for n in [*range(1, 23), *range(40, 50)]]
    proponents = [p["proponent"] for p in model["proposals"]]
    assert proponents == ["Russian Federation", "Ghana"]
    (years,) = [g for g in model["alternatives"] if g["paragraph"] == "2"]
    assert [o["text"] for o in years["options"]] == ["2007", "2008", "2009", "2010"]


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "empty"),
        (b"1.\nWe \xff\xfe recognise.\n", "not UTF-8"),
        (b"1.\nWe [recognise.\n", "unbalanced bracket"),
        (b"2.\nWe recognise.\n1.\nWe note.\n", "numbering goes backwards"),
    ],
)
def test_parse_bad_input_is_one_line_and_exit_2(
    runner: CliRunner, tmp_path: Path, content: bytes, why: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = runner.invoke(app, ["parse", str(path), "--json"])
    assert_one_line_error(result)
    assert "bad.txt" in result.stderr, why


def test_parse_missing_file_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", str(tmp_path / "nope.txt")])
    assert_one_line_error(result)


# --- query, export, info over a build directory ------------------------------------------

RUS, GHA = "Russian Federation", "Ghana"


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg_support import seed_nquads

    directory = tmp_path_factory.mktemp("build")
    (directory / "dataset.nq").write_text(seed_nquads(), encoding="utf-8")
    return directory


def run(runner: CliRunner, build_dir: Path, *args: str) -> object:
    return runner.invoke(app, [*args, "--build", str(build_dir)])


def test_query_coordinators_of_e_health_as_json(runner: CliRunner, build_dir: Path) -> None:
    result = run(runner, build_dir, "query", "coordinators_of", "--param", "action_line=e-health",
                 "--format", "json")  # fmt: skip
    assert result.exit_code == EXIT_OK, result.stderr  # type: ignore[attr-defined]
    answer = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert "proponent" in answer["head"]["vars"]
    found = {
        (b["proponent"]["value"], b["agencyLabel"]["value"]) for b in answer["results"]["bindings"]
    }
    assert found == {(RUS, "WHO"), (RUS, "ITU"), (GHA, "WHO")}


def test_query_default_parameter_and_table(runner: CliRunner, build_dir: Path) -> None:
    result = run(runner, build_dir, "query", "coordinators_of")
    assert result.exit_code == EXIT_OK
    lines = result.stdout.splitlines()  # type: ignore[attr-defined]
    assert lines[0].split()[:3] == ["proposal", "annex", "proponent"]
    assert lines[-1] == "(3 rows)"


@pytest.mark.parametrize(("fmt", "separator"), [("csv", ","), ("tsv", "\t")])
def test_query_csv_and_tsv(runner: CliRunner, build_dir: Path, fmt: str, separator: str) -> None:
    result = run(runner, build_dir, "query", "coordinators_of", "-p", "action_line=C9", "-f", fmt)
    assert result.exit_code == EXIT_OK
    rows = result.stdout.strip().splitlines()  # type: ignore[attr-defined]
    assert len(rows) == 3  # header, Russia's UNESCO, Ghana's "-" for Media (basis none)
    assert separator in rows[0]
    assert "UNESCO" in rows[1]
    assert "Ghana" in rows[2]
    assert rows[2].rstrip().endswith("none") or rows[2].rstrip().endswith('"none"')


def test_query_inline_text_and_file(runner: CliRunner, build_dir: Path, tmp_path: Path) -> None:
    text = "SELECT ?n WHERE { ?p a wsis:Paragraph ; wsis:number ?n ; wsis:whollyBracketed true }"
    inline = run(runner, build_dir, "query", text, "-f", "csv")
    assert inline.exit_code == EXIT_OK
    assert set(inline.stdout.split()[1:]) == {"13", "15", "21", "22", "43", "48"}  # type: ignore[attr-defined]
    path = tmp_path / "mine.rq"
    path.write_text("ASK { ?p wsis:number ?n }", encoding="utf-8")
    asked = run(runner, build_dir, "query", str(path), "--param", "n=49")
    assert (asked.exit_code, asked.stdout) == (EXIT_OK, "true\n")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["query", "coordinator_of"], "coordinators_of"),
        (["query", "coordinators_of", "--param", "line=C4"], "action_line"),
        (["query", "coordinators_of", "--param", "action_line"], "name=value"),
        (["query", "coordinators_of", "--param", "action_line=e-heath"], "ehealth"),
        (["query", "SELECT ?s WHERE { ?s "], "query:1:"),
        (["query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], "SERVICE"),
        (["query", "INSERT DATA { <a> <b> <c> }"], "read-only"),
        (["export", "--graph", "nosuch"], "no graph"),
    ],
)
def test_errors_are_one_line(
    runner: CliRunner, build_dir: Path, args: list[str], says: str
) -> None:
    result = run(runner, build_dir, *args)
    assert_one_line_error(result)
    assert says in result.stderr  # type: ignore[attr-defined]


def test_no_build_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "coordinators_of", "--build", str(tmp_path)])
    assert_one_line_error(result)
    assert "wsiskg build" in result.stderr


@pytest.mark.parametrize("fmt", ["ttl", "nq", "jsonld"])
def test_export_to_a_file(runner: CliRunner, build_dir: Path, tmp_path: Path, fmt: str) -> None:
    from kg_support import read_quads

    target = tmp_path / f"out.{fmt}"
    result = run(runner, build_dir, "export", "--format", fmt, "-o", str(target))
    assert result.exit_code == EXIT_OK, result.stderr  # type: ignore[attr-defined]
    assert result.stdout == ""  # type: ignore[attr-defined]
    assert len(read_quads(target.read_bytes(), fmt)) > 1000


def test_export_one_graph_to_stdout(runner: CliRunner, build_dir: Path) -> None:
    result = run(runner, build_dir, "export", "-f", "nt", "--graph", "assignments-inherited")
    assert result.exit_code == EXIT_OK
    lines = result.stdout.splitlines()  # type: ignore[attr-defined]
    assert lines
    assert all(line.endswith(" .") for line in lines)
    assert any("/gha/assignment/C7/e-government/itu/" in line for line in lines)


def test_info(runner: CliRunner, build_dir: Path) -> None:
    result = run(runner, build_dir, "info")
    assert result.exit_code == EXIT_OK
    assert "quads:" in result.stdout  # type: ignore[attr-defined]
    assert "graph/structure" in result.stdout  # type: ignore[attr-defined]
    as_json = json.loads(run(runner, build_dir, "info", "--json").stdout)  # type: ignore[attr-defined]
    assert as_json["built"] is True
    assert as_json["versions"]["ontology"] == "0.1.0"


def test_info_without_a_build(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["info", "--build", str(tmp_path)])
    assert result.exit_code == EXIT_OK
    assert "nothing built" in result.stdout


def test_queries_lists_the_library(runner: CliRunner) -> None:
    result = runner.invoke(app, ["queries"])
    assert result.exit_code == EXIT_OK
    assert "coordinators_of" in result.stdout
    assert "--param action_line=… (action-line, default e-health)" in result.stdout


@pytest.mark.slow
def test_build_then_query_end_to_end(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "build"
    built = runner.invoke(app, ["build", str(SEED), "--out", str(out)])
    assert built.exit_code == EXIT_OK, built.stderr
    assert (out / "dataset.nq").is_file()
    result = runner.invoke(app, ["query", "coordinators_of", "-f", "csv", "--build", str(out)])
    assert result.exit_code == EXIT_OK
    assert "WHO" in result.stdout


def test_validate_exit_codes(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.nt"  # a paragraph with no number, element id or span
    bad.write_text(
        "<https://w3id.org/wsiskg/id/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/wsiskg/ontology#Paragraph> .\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["validate", str(bad)]).exit_code == EXIT_NONCONFORMING
    assert runner.invoke(app, ["validate", str(tmp_path / "missing.nt")]).exit_code == EXIT_ERROR


def test_serve_answers_sparql(build_dir: Path) -> None:
    """`wsiskg serve` on 127.0.0.1 answers the e-health question over the SPARQL protocol."""
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "wsiskg.cli", "serve", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--build", str(build_dir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        query = (
            "PREFIX pro: <http://purl.org/spar/pro/> PREFIX wsis: <https://w3id.org/wsiskg/ontology#>"
            " SELECT ?proponent ?agency WHERE { ?a pro:relatesToEntity"
            " <https://w3id.org/wsiskg/id/action-line/C7/e-health> ;"
            " pro:relatesToDocument/wsis:proponentName ?proponent ;"
            " pro:isHeldBy/wsis:acronym ?agency }"
        )
        answer = httpx.post(
            f"{url}/sparql", data={"query": query}, headers={"Accept": "text/csv"}, timeout=10
        )
        rows = set(answer.text.strip().splitlines()[1:])
        assert rows == {"Russian Federation,WHO", "Russian Federation,ITU", "Ghana,WHO"}
    finally:
        server.terminate()
        server.wait(timeout=10)
