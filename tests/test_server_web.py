"""What a browser and the usual SPARQL clients need from the server (issue 14, item 6).

Each test names the failure a new user met in Chromium or with a client library.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from server_support import ID, MINI, live_server
from SPARQLWrapper import JSONLD, N3, RDFXML, SPARQLWrapper

from wsiskg.config import Settings
from wsiskg.query.store import Store
from wsiskg.server import create_app
from wsiskg.server.negotiation import RDF

#: What Chromium sends when it navigates to a page.
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PARA = "/id/doc/mini/eng/2005/para_1"
SPAN = "/id/doc/mini/eng/2005/txt%23char=17,39"
VERSION = "/id/doc/tunis-draft/eng/2005"
CONSTRUCT_WHO = f"CONSTRUCT {{ <{ID}org/who> ?p ?o }} WHERE {{ <{ID}org/who> ?p ?o }}"
#: Sample values for the path parameters of every GET route.
PATH_VALUES = {
    "path": "org/who",
    "extension": "nq",
    "version": "0.1.0",
    "name": "proposals",
    "file": "roles.svg",
}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), Store.from_files([MINI]), workers=1)) as test_client:
        yield test_client


def get_routes(client: TestClient) -> list[str]:
    """The paths of every GET route, in the app and in the routers it includes."""

    def walk(routes: list[object]) -> Iterator[APIRoute]:
        for route in routes:
            if isinstance(route, APIRoute):
                yield route
            inner = getattr(route, "routes", None) or getattr(
                getattr(route, "original_router", None), "routes", None
            )
            if inner:
                yield from walk(inner)

    found = [r for r in walk(client.app.routes) if "GET" in r.methods]  # type: ignore[attr-defined]
    return [
        re.sub(r"\{(\w+)(?::path)?\}", lambda m: PATH_VALUES[m.group(1)], r.path) for r in found
    ]


def test_head_answers_on_every_get_route(client: TestClient) -> None:
    paths = get_routes(client)
    assert len(paths) > 10
    for path in paths:
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code, path
        assert head.content == b"", path
        assert head.headers.get("content-type") == got.headers.get("content-type"), path


def test_sparqlwrapper_format_parameters_are_understood(client: TestClient) -> None:
    # What SPARQLWrapper sends for setReturnFormat(JSONLD) on a CONSTRUCT: 406 before.
    jsonld = "application/ld+json,application/x-json+ld"
    params = [("query", CONSTRUCT_WHO)] + [
        (name, value) for name in ("format", "output", "results") for value in ("json-ld", jsonld)
    ]
    response = client.get("/sparql", params=params, headers={"Accept": jsonld})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/ld+json")
    for name, media_type in [("n3", "text/turtle"), ("rdf+xml", "application/rdf+xml")]:
        answer = client.get("/sparql", params={"query": CONSTRUCT_WHO, "format": name})
        assert answer.headers["content-type"].split(";")[0] == media_type, name
    unknown = client.get(
        "/sparql",
        params={"query": CONSTRUCT_WHO, "format": "sparql-foo"},
        headers={"Accept": "text/turtle"},
    )
    assert unknown.headers["content-type"].startswith("text/turtle")  # left to Accept


@pytest.mark.parametrize(
    ("return_format", "media_type"),
    [(JSONLD, "application/ld+json"), (N3, "text/turtle"), (RDFXML, "application/rdf+xml")],
)
def test_sparqlwrapper_construct_in_each_rdf_format(return_format: str, media_type: str) -> None:
    with live_server(create_app(Settings(), Store.from_files([MINI]), workers=1)) as url:
        wrapper = SPARQLWrapper(url + "sparql")
        wrapper.setQuery(CONSTRUCT_WHO)
        wrapper.setReturnFormat(return_format)
        response = wrapper.query().response
        body = response.read()
    assert response.headers["content-type"].split(";")[0] == media_type
    rdf_format = ox.RdfFormat.from_media_type(media_type)
    assert rdf_format is not None
    assert len(list(ox.parse(body, format=rdf_format))) == 3


@pytest.mark.parametrize("media_type", sorted(set(RDF.values())))
@pytest.mark.parametrize("path", ["/sparql", "/void"])
def test_every_offered_rdf_format_of_the_self_descriptions(
    client: TestClient, path: str, media_type: str
) -> None:
    response = client.get(path, headers={"Accept": media_type})
    assert response.status_code == 200, response.text  # N-Quads was a 500
    rdf_format = ox.RdfFormat.from_media_type(media_type)
    assert rdf_format is not None
    assert len(list(ox.parse(response.content, format=rdf_format))) > 10


def test_browsers_get_html_for_void_and_errors(client: TestClient) -> None:
    void = client.get("/void", headers=BROWSER)
    assert void.headers["content-type"].startswith("text/html")
    assert 'href="/dumps/dataset.nq"' in void.text
    assert client.get("/void").headers["content-type"].startswith("text/turtle")
    missing = client.get("/no/such/page", headers=BROWSER)
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert "Not found" in missing.text
    bad = client.get("/sparql", params={"query": "SELEC"}, headers=BROWSER)
    assert bad.status_code == 400
    assert bad.headers["content-type"].startswith("text/html")
    assert client.get("/no/such/page").json()["error"] == "not_found"  # programs: JSON


def test_lists_are_in_document_order(seed_client: TestClient) -> None:
    page = seed_client.get(VERSION).text
    numbers = [int(n) for n in re.findall(r">Paragraph (\d+)<", page)]
    assert numbers[:12] == list(range(1, 13))  # 1, 2, ..., 10 (not 1, 10, 11, 2)
    items = re.findall(r">Paragraph 19 \((\w)\)<", seed_client.get(VERSION + "/para_19").text)
    assert items == sorted(items)
    assert len(items) >= 3


def test_span_links_are_encoded_and_a_span_shows_its_surroundings(client: TestClient) -> None:
    page = client.get(PARA).text
    assert 'href="/id/doc/mini/eng/2005/txt%23char=0,55"' in page
    assert "txt#char=" not in re.sub(r"<code>.*?</code>|title=\"[^\"]*\"", "", page)
    span = client.get(SPAN)
    assert span.status_code == 200
    assert '<span class="bracket-1 focus">[connect all villages]</span>' in span.text
    assert "We resolve to" in span.text  # the text before the span
    assert "2010" in span.text  # and after it


def test_turtle_declares_only_what_it_uses_and_escapes_no_slash(client: TestClient) -> None:
    turtle = client.get("/id/org/who.ttl").text
    assert "\\/" not in turtle
    declared = re.findall(r"@prefix (\w+):", turtle)
    body = turtle.split("\n\n", 1)[1]
    assert declared
    for prefix in declared:
        assert f"{prefix}:" in body, prefix
    assert "foaf" not in declared
    assert len(list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))) >= 4


def test_titles_are_labels_not_identifiers(seed_client: TestClient) -> None:
    def title(path: str) -> str:
        found = re.search(r"<title>(.*?) — WSIS", seed_client.get(path).text)
        assert found is not None
        return found.group(1)

    assert title("/id/org/who") == "World Health Organization"
    assignment = "/id/doc/tunis-draft/annex-proposal/rus/assignment/C7/e-health/who/coordinator"
    assert title(assignment) == "WHO as coordinator of C7 E-health — Annex A (Russian Federation)"
    assert title(VERSION + "/para_19") == "Paragraph 19"
    assert not title(VERSION + "/txt%23char=1055,1079").startswith("id:")


def test_the_ontology_version_iri_dereferences(seed_client: TestClient) -> None:
    page = seed_client.get("/ontology").text
    assert 'href="/ontology/0.1.0"' in page
    assert seed_client.get("/ontology/0.1.0", headers=BROWSER).status_code == 200
    assert seed_client.get("/ontology/0.1.0.ttl").headers["content-type"].startswith("text/turtle")
    assert seed_client.get("/ontology/9.9.9").status_code == 404


def test_syntax_errors_are_readable(client: TestClient) -> None:
    body = client.get("/sparql", params={"query": "SELECT * WHERE {\n ?s nope:p ?o }"}).json()
    assert body["error"] == "query_syntax"
    assert (body["line"], body["column"]) == (2, 11)
    assert "the prefix nope: is not declared" in body["message"]
    assert "\\u{" not in body["message"]
    other = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"}).json()
    assert other["message"].startswith("line 1, column 25: expected")
    assert "\n  SELECT * WHERE { ?s ?p }\n" in other["message"]  # the line, then a caret
    assert "\\u{" not in other["message"]
    assert "'\\u" not in other["message"]


def test_project_prefixes_are_predeclared_and_described(client: TestClient) -> None:
    answer = client.get("/sparql", params={"query": "SELECT ?a WHERE { ?a a wsis:Agency }"})
    assert answer.status_code == 200, answer.text
    assert len(answer.json()["results"]["bindings"]) == 2
    column = client.get("/sparql", params={"query": "SELECT * WHERE { ?s nope:p ?o }"}).json()
    assert column["column"] == 27  # positions are the user's, not shifted by the prologue
    description = client.get("/sparql", headers={"Accept": "application/n-triples"}).text
    assert '"wsis"' in description
    assert "<http://www.w3.org/ns/shacl#declare>" in description
