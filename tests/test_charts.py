"""Charts (issue 14, item 4): server-drawn SVG, each with its data as CSV, counted from the graph."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from wsiskg.config import Settings
from wsiskg.query.store import Store
from wsiskg.server import create_app

SVG = "{http://www.w3.org/2000/svg}"
PREFIXES = """PREFIX wsis: <https://w3id.org/wsiskg/ontology#>
PREFIX pro: <http://purl.org/spar/pro/>
"""


@pytest.fixture(scope="module")
def store(seed_build_dir: Path) -> Store:
    return Store.from_build(seed_build_dir)


@pytest.fixture(scope="module")
def seed(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), store, workers=1)) as test_client:
        yield test_client


def table(client: TestClient, name: str) -> list[dict[str, str]]:
    response = client.get(f"/charts/{name}.csv")
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


def count(store: Store, where: str) -> int:
    result = store.query(PREFIXES + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")
    return int(result.rows[0][0].value)  # type: ignore[union-attr]


def test_brackets_per_paragraph_add_up_to_the_graph(seed: TestClient, store: Store) -> None:
    rows = table(seed, "brackets")
    assert [int(r["paragraph"]) for r in rows] == sorted(int(r["paragraph"]) for r in rows)
    in_paragraphs = count(
        store,
        "?x a wsis:BracketedSpan ; wsis:inSubdivision ?w . "
        "FILTER NOT EXISTS { ?x a wsis:DocumentWrapperBracket } "
        "{ ?w a wsis:Paragraph } UNION { ?w a wsis:Item }",
    )
    assert sum(int(r["brackets"]) for r in rows) == in_paragraphs
    assert {r["chapter"] for r in rows} >= {"Implementation Mechanism", "The Way Ahead"}


def test_roles_per_agency_add_up_to_the_assignments(seed: TestClient, store: Store) -> None:
    rows = table(seed, "roles")
    assert sum(int(r["assignments"]) for r in rows) == count(
        store, "?x a wsis:CoordinationAssignment"
    )
    assert {r["basis"] for r in rows} == {"explicit", "inherited"}


def test_the_agreement_matrix_is_the_comparison(seed: TestClient) -> None:
    assert seed.get("/charts/agreement.csv").text == seed.get("/compare.csv").text


@pytest.mark.parametrize("name", ["brackets", "roles", "agreement"])
def test_each_chart_is_an_accessible_svg(seed: TestClient, name: str) -> None:
    response = seed.get(f"/charts/{name}.svg")
    assert response.headers["content-type"] == "image/svg+xml"
    root = ET.fromstring(response.content)  # noqa: S314 - our own server's SVG
    assert root.get("role") == "group"  # named by its title; its labels are links
    assert root.get("aria-labelledby")
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text
    assert len(root.findall(f".//{SVG}rect")) > 5
    rows = table(seed, name)
    labels = [t.text or "" for t in root.iter(f"{SVG}text")]
    if name == "brackets":
        assert sum(label.startswith("Paragraph ") for label in labels) == len(rows)


def test_the_charts_page_shows_them_all(seed: TestClient) -> None:
    page = seed.get("/charts").text
    assert page.count("<svg") == 3
    for name in ("brackets", "roles", "agreement"):
        assert f'href="/charts/{name}.csv"' in page
    assert seed.get("/charts/nothing.svg").status_code == 404
