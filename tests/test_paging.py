"""Paging of library queries: limit/offset and a document filter, in the API, the CLI and
over HTTP (``GET /queries/{name}``), always the same rows as a slice of the whole answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from wsiskg.api import KG, Page
from wsiskg.cli import app as cli
from wsiskg.config import Settings
from wsiskg.errors import QueryError
from wsiskg.query.store import Store
from wsiskg.server import create_app
from wsiskg.sparql import paged


@pytest.fixture(scope="module")
def kg(seed_build_dir: Path) -> KG:
    return KG(Store.from_build(seed_build_dir), seed_build_dir)


@pytest.fixture(scope="module")
def whole(kg: KG) -> list[str]:
    """Every commitment, in the query's own order."""
    return [str(row["commitment"]) for row in kg.named("commitments")]


def test_a_page_is_a_slice_of_the_whole_answer(kg: KG, whole: list[str]) -> None:
    assert len(whole) > 20
    rows = kg.named_page("commitments", Page(limit=7, offset=5))
    assert [str(row["commitment"]) for row in rows] == whole[5:12]
    assert list(rows.columns) == list(kg.named("commitments").columns)  # same columns
    last = kg.named_page("commitments", Page(limit=50, offset=len(whole) - 3))
    assert len(last) == 3


def test_a_document_filter_keeps_the_rows_of_that_document(kg: KG, whole: list[str]) -> None:
    mine = kg.named_page("commitments", Page(document="tunis-draft"))
    assert [str(row["commitment"]) for row in mine] == whole
    assert len(kg.named_page("commitments", Page(document="another-draft"))) == 0
    version = "https://w3id.org/wsiskg/id/doc/tunis-draft/eng/2005"
    assert len(kg.named_page("commitments", Page(limit=3, document=version))) == 3


def test_paging_refuses_what_it_cannot_cut() -> None:
    with pytest.raises(QueryError, match="only SELECT"):
        paged("ASK { ?s ?p ?o }", limit=1)
    with pytest.raises(QueryError, match="columns"):
        paged("SELECT * { ?s ?p ?o }", within="https://example.org/doc/x")
    with pytest.raises(QueryError, match="negative"):
        paged("SELECT ?s { ?s ?p ?o }", offset=-1)


def test_the_cli_pages(seed_build_dir: Path, whole: list[str]) -> None:
    command = ["query", "commitments", "--build", str(seed_build_dir), "-f", "csv"]
    done = CliRunner().invoke(cli, [*command, "--limit", "2", "--offset", "4"])
    assert done.exit_code == 0, done.output
    lines = done.stdout.strip().splitlines()
    assert [line.split(",", 1)[0] for line in lines[1:]] == whole[4:6]


@pytest.fixture(scope="module")
def client(seed_build_dir: Path) -> Iterator[TestClient]:
    store = Store.from_build(seed_build_dir)
    with TestClient(create_app(Settings(), store, workers=1)) as test_client:
        yield test_client


def test_http_serves_one_page(client: TestClient, whole: list[str]) -> None:
    reply = client.get(
        "/queries/commitments.json",
        params={"limit": 3, "offset": 2, "document": "tunis-draft"},
    )
    assert reply.status_code == 200, reply.text
    found = [b["commitment"]["value"] for b in reply.json()["results"]["bindings"]]
    assert found == whole[2:5]
    assert client.get("/queries/commitments", params={"limit": 4, "offset": 1}).status_code == 200
    csv = client.get("/queries/commitments.csv", params={"limit": 4, "offset": 1})
    assert [line.split(",", 1)[0] for line in csv.text.strip().splitlines()[1:]] == whole[1:5]


def test_http_pages_take_the_query_parameters(client: TestClient, kg: KG) -> None:
    reply = client.get(
        "/queries/coordinators_of.json", params={"action_line": "e-health", "limit": 10}
    )
    assert reply.status_code == 200, reply.text
    agencies = sorted(b["agencyLabel"]["value"] for b in reply.json()["results"]["bindings"])
    assert agencies == sorted(a.agency_label for a in kg.coordinators("e-health"))
    assert client.get("/queries/commitments.json", params={"limit": "-1"}).status_code == 400
