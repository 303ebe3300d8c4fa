"""Every triple has exactly one named graph, so ``COUNT(*)`` over the default graph (the union
of the named graphs) counts each distinct triple once: on the endpoint, in the API and in
the CLI alike, equal to rdflib's count of the exported N-Triples."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from kg_support import seed_kg, seed_nquads
from rdflib import Graph, Literal, URIRef
from typer.testing import CliRunner

from wsiskg.cli import EXIT_OK, app
from wsiskg.config import Settings
from wsiskg.errors import BuildError
from wsiskg.graph.context import new_dataset
from wsiskg.graph.dataset import check_single_graph
from wsiskg.graph.iris import BaseIris
from wsiskg.query.store import Store
from wsiskg.server import create_app

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("counts")
    (directory / "dataset.nq").write_text(seed_nquads(), encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def exported(build_dir: Path) -> int:
    """rdflib's count of the distinct triples the CLI exports as N-Triples."""
    result = CliRunner().invoke(app, ["export", "-f", "nt", "--build", str(build_dir)])
    assert result.exit_code == EXIT_OK, result.stderr
    return len(Graph().parse(data=result.stdout, format="nt"))


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), Store.from_text(seed_nquads()))) as test_client:
        yield test_client


def test_export_holds_every_distinct_triple_of_the_dataset(exported: int) -> None:
    quads = ox.parse(seed_nquads(), format=ox.RdfFormat.N_QUADS)
    distinct = {(q.subject, q.predicate, q.object) for q in quads}
    assert exported == len(distinct) > 9000


def test_the_endpoint_counts_each_triple_once(client: TestClient, exported: int) -> None:
    response = client.get("/sparql", params={"query": COUNT})
    assert response.status_code == 200
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) == exported


def test_the_api_counts_each_triple_once(exported: int) -> None:
    assert seed_kg().query(COUNT)[0]["n"] == exported


def test_the_cli_counts_each_triple_once(build_dir: Path, exported: int) -> None:
    args = ["query", COUNT, "-f", "csv", "--build", str(build_dir)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == EXIT_OK, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert int(rows[0]["n"]) == exported


def test_a_triple_in_two_graphs_fails_the_build_naming_both() -> None:
    graphs = new_dataset(BaseIris("https://example.org/"))
    triple = (URIRef("https://example.org/id/x"), URIRef("https://example.org/p"), Literal("v"))
    graphs.add("structure", [triple])
    check_single_graph(graphs)  # one home: fine
    graphs.add("statements", [triple])
    with pytest.raises(BuildError) as raised:
        check_single_graph(graphs)
    message = str(raised.value)
    assert '<https://example.org/id/x> <https://example.org/p> "v"' in message
    assert "structure" in message
    assert "statements" in message
