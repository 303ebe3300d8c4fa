"""The endpoint serving the real seed build over HTTP on 127.0.0.1 (issue 4's acceptance)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from server_support import ID, assert_same_answer_over_http, live_server
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from wsiskg.config import Settings
from wsiskg.query.registry import registry
from wsiskg.query.store import Store
from wsiskg.server import create_app
from wsiskg.sparql import with_values

VERSION = "doc/tunis-draft/eng/2005/"


@pytest.fixture(scope="module")
def store(seed_build_dir: Path) -> Store:
    return Store.from_build(seed_build_dir)


@pytest.fixture(scope="module")
def url(store: Store) -> Iterator[str]:
    with live_server(create_app(Settings(query_timeout=10.0), store)) as base:
        yield base


def test_sparqlwrapper_asks_who_coordinates_e_health(url: str) -> None:
    query = with_values(
        registry().get("coordinators_of").text,
        {"action_line": ox.NamedNode(ID + "action-line/C7/e-health")},
    )
    client = SPARQLWrapper(url + "sparql")
    client.setQuery(query)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]  # type: ignore[index]
    found = {(b["proponent"]["value"], b["agencyLabel"]["value"]) for b in bindings}
    # Annex A (Russian Federation): "WHO+ ITU"; Annex B (Ghana): "WHO"
    assert found == {("Russian Federation", "WHO"), ("Russian Federation", "ITU"), ("Ghana", "WHO")}


@pytest.mark.parametrize("name", registry().names())
def test_library_queries_answer_the_same_over_http(url: str, store: Store, name: str) -> None:
    assert_same_answer_over_http(url, store, registry().get(name).text)


@pytest.mark.parametrize(
    "path",
    [
        VERSION + "para_7",
        VERSION + "para_7__list_1__item_f",
        "doc/tunis-draft/annex-proposal/gha",
        "action-line/C7/e-health",
        "org/who",
    ],
)
def test_minted_iris_dereference(url: str, path: str) -> None:
    page = httpx.get(url + "id/" + path, headers={"Accept": "text/html"}, timeout=10)
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    turtle = httpx.get(url + "id/" + path, headers={"Accept": "text/turtle"}, timeout=10)
    assert turtle.status_code == 200
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert "Accept" in turtle.headers.get("vary", "")
    assert path.rsplit("/", 1)[-1] in turtle.text


def test_comparison_tells_a_blank_cell_from_an_explicit_none(url: str) -> None:
    lines = httpx.get(url + "compare.csv").text.splitlines()
    rows = {line.split(",", 1)[0]: line for line in lines if not line.startswith("C7,E-")}
    # Annex A prints no cell of its own under "C7. ICT Applications"; Annex B prints "-" for Media.
    assert rows["C7"].split(",")[-3:] == ["(blank cell)", "ITU + UN RCs", "differ"]
    assert '"(none (printed ""-""))"' in rows["C9"]
    assert rows["C9"].startswith("C9,Media,UNESCO,")


def test_jsonld_context_is_served(url: str) -> None:
    response = httpx.get(url + "context.jsonld")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    context = response.json()["@context"]
    assert context["wsis"] == "https://w3id.org/wsiskg/ontology#"
    assert "ETag" in response.headers or "etag" in response.headers
