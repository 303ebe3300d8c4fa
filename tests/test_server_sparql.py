"""The /sparql endpoint through FastAPI's TestClient: formats, negotiation, errors, refusals."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from xml.etree import ElementTree as ET

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from server_support import ENDLESS_QUERY, GRAPH, ID, MINI

from wsiskg.config import Settings
from wsiskg.query.store import Store
from wsiskg.server import create_app

AGENCIES = (
    "PREFIX wsis: <https://w3id.org/wsiskg/ontology#> "
    "SELECT ?acronym WHERE { ?a a wsis:Agency ; wsis:acronym ?acronym } ORDER BY ?acronym"
)
SRX = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = Settings(query_timeout=1.0, max_result_rows=50, max_query_bytes=10_000)
    with TestClient(create_app(settings, Store.from_files([MINI]))) as test_client:
        yield test_client


def media(response: object) -> str:
    return response.headers["content-type"].split(";")[0]  # type: ignore[attr-defined]


def test_get_post_form_and_post_direct_agree(client: TestClient) -> None:
    answers = [
        client.get("/sparql", params={"query": AGENCIES}),
        client.post("/sparql", data={"query": AGENCIES}),
        client.post(
            "/sparql", content=AGENCIES, headers={"Content-Type": "application/sparql-query"}
        ),
    ]
    for response in answers:
        assert response.status_code == 200
        assert media(response) == "application/sparql-results+json"
        values = [b["acronym"]["value"] for b in response.json()["results"]["bindings"]]
        assert values == ["ITU", "WHO"]


def test_select_as_xml(client: TestClient) -> None:
    response = client.get(
        "/sparql", params={"query": AGENCIES}, headers={"Accept": "application/sparql-results+xml"}
    )
    root = ET.fromstring(response.content)  # noqa: S314 - our own server's answer
    literals = [e.text for e in root.iter(f"{SRX}literal")]
    assert literals == ["ITU", "WHO"]
    assert [v.get("name") for v in root.iter(f"{SRX}variable")] == ["acronym"]


def test_select_as_csv_and_tsv(client: TestClient) -> None:
    as_csv = client.get("/sparql", params={"query": AGENCIES}, headers={"Accept": "text/csv"})
    assert media(as_csv) == "text/csv"
    assert list(csv.reader(io.StringIO(as_csv.text))) == [["acronym"], ["ITU"], ["WHO"]]
    as_tsv = client.get("/sparql", params={"query": AGENCIES, "format": "tsv"})
    assert media(as_tsv) == "text/tab-separated-values"
    assert as_tsv.text.splitlines() == ["?acronym", '"ITU"', '"WHO"']


def test_ask_in_each_tabular_format(client: TestClient) -> None:
    query = f"ASK {{ <{ID}org/who> ?p ?o }}"
    assert client.get("/sparql", params={"query": query}).json() == {"head": {}, "boolean": True}
    xml = client.get("/sparql", params={"query": query, "format": "xml"})
    boolean = ET.fromstring(xml.content).find(f"{SRX}boolean")  # noqa: S314 - our own answer
    assert boolean is not None
    assert boolean.text == "true"
    assert client.get("/sparql", params={"query": query, "format": "csv"}).text == "true"


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/*;q=0.8, */*;q=0.1", "text/csv"),
        ("application/json", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
         "application/sparql-results+xml"),
    ],
)  # fmt: skip
def test_accept_q_values_choose_the_format(client: TestClient, accept: str, expected: str) -> None:
    response = client.get("/sparql", params={"query": AGENCIES}, headers={"Accept": accept})
    assert media(response) == expected
    assert "Accept" in response.headers["vary"]


def test_nothing_acceptable_is_406(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": AGENCIES}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.json()["error"] == "not_acceptable"
    tabular_for_graph = client.get(
        "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "csv"}
    )
    assert tabular_for_graph.status_code == 406


CONSTRUCT_WHO = f"CONSTRUCT {{ <{ID}org/who> ?p ?o }} WHERE {{ <{ID}org/who> ?p ?o }}"


@pytest.mark.parametrize(
    "media_type",
    [
        "text/turtle",
        "application/n-triples",
        "application/n-quads",
        "application/trig",
        "application/ld+json",
        "application/rdf+xml",
    ],
)
def test_construct_in_every_rdf_format(client: TestClient, media_type: str) -> None:
    response = client.get(
        "/sparql", params={"query": CONSTRUCT_WHO}, headers={"Accept": media_type}
    )
    assert response.status_code == 200
    assert media(response) == media_type
    rdf_format = ox.RdfFormat.from_media_type(media_type)
    assert rdf_format is not None
    quads = list(ox.parse(response.content, format=rdf_format))
    acronyms = [q.object.value for q in quads if q.predicate.value.endswith("#acronym")]
    assert acronyms == ["WHO"]
    assert len(quads) == 3  # type, prefLabel, acronym


def test_describe_defaults_to_turtle(client: TestClient) -> None:
    response = client.post("/sparql", data={"query": f"DESCRIBE <{ID}org/itu>"})
    assert media(response) == "text/turtle"
    assert b"International Telecommunication Union" in response.content


def test_protocol_dataset_and_from(client: TestClient) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    actors = client.get("/sparql", params={"query": count, "default-graph-uri": GRAPH + "actors"})
    assert actors.json()["results"]["bindings"][0]["n"]["value"] == "6"
    overridden = client.get(
        "/sparql",
        params={
            "query": f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH}schemes> WHERE {{ ?s ?p ?o }}",
            "default-graph-uri": GRAPH + "actors",
        },
    )
    assert overridden.json()["results"]["bindings"][0]["n"]["value"] == "6"


def test_relative_iris_resolve_against_the_dataset_base(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "ASK { <id/org/who> ?p ?o }"})
    assert response.json()["boolean"] is True


def test_a_syntax_error_is_400_with_line_and_column(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?x\nWHERE { ?x ?p }"})
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "query_syntax"
    assert body["line"] == 2  # the engine's own position: where its parser got stuck
    assert body["column"] >= 14
    assert f"line 2, column {body['column']}" in body["message"]


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"params": {"query": "ASK {}"}, "content": "query=ASK%20%7B%7D",
          "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 400,
         "multiple_operations"),
        ({"content": "ASK {}"}, 415, "missing_content_type"),
        ({"content": "ASK {}", "headers": {"Content-Type": "text/plain"}}, 415,
         "unsupported_media_type"),
        ({"content": "ASK {}".encode("utf-16"),
          "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"}}, 415,
         "unsupported_charset"),
        ({"content": b"ASK { \xff }", "headers": {"Content-Type": "application/sparql-query"}},
         400, "not_utf8"),
        ({"content": b"", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 400,
         "missing_query"),
        ({"content": "ASK {" + " " * 20_000 + "}",
          "headers": {"Content-Type": "application/sparql-query"}}, 413, "request_too_large"),
    ],
)  # fmt: skip
def test_malformed_requests_are_4xx(
    client: TestClient, kwargs: dict[str, object], status: int, code: str
) -> None:
    response = client.post("/sparql", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == status
    assert response.json()["error"] == code


def test_two_query_parameters_by_get_are_400(client: TestClient) -> None:
    response = client.get("/sparql", params=[("query", "ASK {}"), ("query", "SELECT * {}")])
    assert response.status_code == 400


def test_put_is_405(client: TestClient) -> None:
    assert client.put("/sparql", params={"query": "ASK {}"}).status_code == 405


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "GET", "url": "/sparql", "params": {"update": "CLEAR ALL"}},
        {"method": "POST", "url": "/sparql", "data": {"update": "INSERT DATA { <a> <b> <c> }"}},
        {"method": "POST", "url": "/sparql", "content": "CLEAR ALL",
         "headers": {"Content-Type": "application/sparql-update"}},
        {"method": "POST", "url": "/sparql", "data": {"query": "INSERT DATA { <a> <b> <c> }"}},
        {"method": "GET", "url": "/sparql", "params": {"query": "LOAD <file:///etc/passwd>"}},
    ],
)  # fmt: skip
def test_updates_are_403_and_change_nothing(
    client: TestClient, request_kwargs: dict[str, object]
) -> None:
    before = client.get("/health").json()["triples"]
    response = client.request(**request_kwargs)  # type: ignore[arg-type]
    assert response.status_code == 403
    assert response.json()["error"] == "update_refused"
    assert client.get("/health").json()["triples"] == before


def test_from_a_local_file_is_403(client: TestClient) -> None:
    response = client.get(
        "/sparql", params={"query": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"}
    )
    assert response.status_code == 403
    assert response.json()["error"] == "query_refused"
    assert "root:" not in response.text


def test_the_row_cap_is_an_error_not_a_truncated_answer(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 400
    assert response.json()["error"] == "result_too_large"


def test_a_query_past_the_time_limit_is_stopped_with_503(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": ENDLESS_QUERY})
    assert response.status_code == 503
    assert response.json()["error"] == "query_timeout"
    assert client.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True


def test_a_browser_asking_the_endpoint_gets_the_editor(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/query"


def test_the_service_description_names_the_requested_url(client: TestClient) -> None:
    response = client.get(
        "/sparql", headers={"Accept": "application/n-triples", "Host": "kg.local:9"}
    )
    endpoint = (
        "<http://kg.local:9/sparql> <http://www.w3.org/ns/sparql-service-description#endpoint>"
    )
    assert endpoint in response.text
    assert f"<{GRAPH}actors>" in response.text


def test_errors_share_one_json_shape(client: TestClient) -> None:
    for response in (client.get("/nowhere"), client.get("/sparql", params={"query": "ASK {"})):
        assert set(json.loads(response.content)) >= {"error", "message"}
