"""The endpoint over real HTTP on 127.0.0.1: standard clients, refusals, concurrency."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from server_support import (
    ENDLESS_QUERY,
    ID,
    MINI,
    assert_same_answer_over_http,
    listener,
    live_server,
)
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from wsiskg.config import Settings
from wsiskg.query.registry import registry
from wsiskg.query.store import Store
from wsiskg.server import create_app
from wsiskg.sparql import with_values

E_HEALTH = ID + "action-line/C7/e-health"


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.from_files([MINI])


@pytest.fixture(scope="module")
def url(store: Store) -> Iterator[str]:
    settings = Settings(query_timeout=3.0)
    with live_server(create_app(settings, store)) as base:
        yield base


def test_sparqlwrapper_gets_the_e_health_agencies_per_proposal(url: str) -> None:
    query = with_values(
        registry().get("coordinators_of").text, {"action_line": ox.NamedNode(E_HEALTH)}
    )
    client = SPARQLWrapper(url + "sparql")
    client.setQuery(query)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]  # type: ignore[index]
    found = {
        (b["proponent"]["value"], b["agencyLabel"]["value"], b["basis"]["value"]) for b in bindings
    }
    assert found == {("Russian Federation", "WHO", "explicit"), ("Ghana", "ITU", "inherited")}


def test_rdflib_sparqlstore_reads_the_endpoint(url: str) -> None:
    graph = Graph(store=SPARQLStore(query_endpoint=url + "sparql", returnFormat="json"))
    rows = graph.query(
        "PREFIX wsis: <https://w3id.org/wsiskg/ontology#> "
        "SELECT ?name WHERE { ?p a wsis:Proposal ; wsis:proponentName ?name } ORDER BY ?name"
    )
    assert [str(row[0]) for row in rows] == ["Ghana", "Russian Federation"]  # type: ignore[index]


@pytest.mark.parametrize("name", registry().names())
def test_each_library_query_answers_the_same_over_http(url: str, store: Store, name: str) -> None:
    assert_same_answer_over_http(url, store, registry().get(name).text)


def test_service_and_from_reach_nothing_over_http(url: str) -> None:
    with listener() as local:
        queries = [
            f"SELECT * WHERE {{ SERVICE <{local.url}> {{ ?s ?p ?o }} }}",
            f"SELECT * FROM <{local.url}> WHERE {{ ?s ?p ?o }}",
            f"SELECT * FROM NAMED <{local.url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
            "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        ]
        for query in queries:
            response = httpx.get(url + "sparql", params={"query": query}, timeout=10)
            assert response.status_code == 403, query
        update = httpx.post(url + "sparql", data={"update": f"LOAD <{local.url}>"}, timeout=10)
        assert update.status_code == 403
        time.sleep(0.3)
        assert local.connections == 0


def test_insert_data_is_refused_over_http(url: str, store: Store) -> None:
    before = len(store)
    response = httpx.post(
        url + "sparql",
        content=f"INSERT DATA {{ <{ID}x> <{ID}y> <{ID}z> }}",
        headers={"Content-Type": "application/sparql-update"},
        timeout=10,
    )
    assert response.status_code == 403
    count = httpx.get(url + "health", timeout=10).json()["triples"]
    assert count == before


def test_a_slow_query_does_not_delay_a_concurrent_ask(url: str) -> None:
    """ENDLESS_QUERY would run for hours; the 3 s limit stops it. ASK must not wait for it."""
    outcome: dict[str, object] = {}

    def slow() -> None:
        started = time.monotonic()
        response = httpx.get(url + "sparql", params={"query": ENDLESS_QUERY}, timeout=30)
        outcome["status"], outcome["seconds"] = response.status_code, time.monotonic() - started

    worker = threading.Thread(target=slow)
    worker.start()
    time.sleep(0.5)  # the slow query is running in a worker process by now
    for _ in range(3):
        started = time.monotonic()
        response = httpx.get(url + "sparql", params={"query": "ASK {}"}, timeout=10)
        assert response.json()["boolean"] is True
        assert time.monotonic() - started < 1.0
    worker.join(30)
    assert outcome["status"] == 503
    assert 2.5 < outcome["seconds"] < 10  # type: ignore[operator]
