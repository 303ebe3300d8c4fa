"""Linked-data pages, the ontology page, VoID, dumps, the comparison, home, health, headers."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from server_support import GRAPH, ID, MINI

from wsiskg.config import Settings
from wsiskg.query.store import Store
from wsiskg.server import create_app
from wsiskg.server.state import IriMap

PARA = "/id/doc/mini/eng/2005/para_1"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), Store.from_files([MINI]), workers=1)) as test_client:
        yield test_client


def quads(response: object, media_type: str) -> list[ox.Quad]:
    rdf_format = ox.RdfFormat.from_media_type(media_type)
    assert rdf_format is not None
    return list(ox.parse(response.content, format=rdf_format))  # type: ignore[attr-defined]


def test_a_resource_page_shows_labels_types_links_and_incoming(client: TestClient) -> None:
    page = client.get("/id/org/who", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "World Health Organization" in page.text
    assert 'href="/ontology#Agency"' in page.text  # its type, linked locally
    assert "Referenced by" in page.text  # the Russian assignment points at WHO
    assert (
        'href="/id/doc/mini/annex-proposal/rus/assignment/C7/e-health/who/coordinator"' in page.text
    )
    assert page.headers["vary"].startswith("Accept")
    assert '<https://w3id.org/wsiskg/id/org/who>; rel="canonical"' in page.headers["link"]
    assert 'rel="alternate"; type="text/turtle"' in page.headers["link"]


def test_the_passage_highlights_brackets_and_alternatives(client: TestClient) -> None:
    page = client.get(PARA).text
    assert '<span class="bracket-1">[connect all villages]</span>' in page
    assert '<span class="bracket-1 alternative">2010</span>' in page
    assert '<span class="bracket-1 alternative">2015</span>' in page
    assert '<span class="bracket-1">/</span>' in page


@pytest.mark.parametrize(
    ("how", "media_type"),
    [
        ({"url": "/id/org/who.ttl"}, "text/turtle"),
        ({"url": "/id/org/who.nt"}, "application/n-triples"),
        ({"url": "/id/org/who.jsonld"}, "application/ld+json"),
        ({"url": "/id/org/who", "headers": {"Accept": "text/turtle"}}, "text/turtle"),
        ({"url": "/id/org/who", "headers": {"Accept": "application/ld+json"}}, "application/ld+json"),
        ({"url": "/id/org/who", "headers": {"Accept": "application/n-triples;q=1, text/html;q=0.5"}},
         "application/n-triples"),
    ],
)  # fmt: skip
def test_rdf_by_extension_or_accept(
    client: TestClient, how: dict[str, object], media_type: str
) -> None:
    response = client.get(**how)  # type: ignore[arg-type]
    assert response.headers["content-type"].split(";")[0] == media_type
    found = quads(response, media_type)
    who = ox.NamedNode(ID + "org/who")
    assert ox.Literal("WHO") in {q.object for q in found if q.subject == who}
    assert any(q.object == who for q in found)  # incoming statements too


def test_unknown_resources_are_404(client: TestClient) -> None:
    response = client.get("/id/org/nobody")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_a_graph_iri_serves_the_graph(client: TestClient) -> None:
    page = client.get("/graph/actors", headers={"Accept": "text/html"})
    assert "<strong>6</strong> triples" in page.text
    triples = quads(client.get("/graph/actors.nt"), "application/n-triples")
    assert len(triples) == 6


def test_the_ontology_page_documents_every_term(client: TestClient) -> None:
    page = client.get("/ontology").text
    for term in ("Proposal", "basis", "acronym"):
        assert f'id="{term}"' in page
    assert "An annex table by one proponent." in page
    turtle = quads(client.get("/ontology.ttl"), "text/turtle")
    subjects = {q.subject.value for q in turtle}  # type: ignore[union-attr]
    assert "https://w3id.org/wsiskg/ontology#basis" in subjects


def test_void_describes_graphs_and_dumps(client: TestClient) -> None:
    found = quads(
        client.get("/void", headers={"Accept": "application/n-triples"}), "application/n-triples"
    )
    dumps = {q.object.value for q in found if q.predicate.value.endswith("dataDump")}  # type: ignore[union-attr]
    assert "http://testserver/dumps/dataset.nq" in dumps
    subsets = {q.object.value for q in found if q.predicate.value.endswith("#subset")}  # type: ignore[union-attr]
    assert GRAPH + "actors" in subsets


@pytest.mark.parametrize("extension", ["nq", "trig", "ttl", "nt", "jsonld", "rdf"])
def test_dumps_in_every_format_with_etag(client: TestClient, extension: str) -> None:
    response = client.get(f"/dumps/dataset.{extension}")
    assert response.status_code == 200
    media_type = response.headers["content-type"].split(";")[0]
    assert len(quads(response, media_type)) == 120
    etag = response.headers["etag"]
    again = client.get(f"/dumps/dataset.{extension}", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_pages_have_etags(client: TestClient) -> None:
    first = client.get(PARA)
    assert client.get(PARA, headers={"If-None-Match": first.headers["etag"]}).status_code == 304


def test_the_comparison_tells_explicit_from_inherited_and_agreement(client: TestClient) -> None:
    page = client.get("/compare").text
    assert 'class="agency inherited"' in page
    assert 'class="agency explicit"' in page
    table = list(csv.reader(io.StringIO(client.get("/compare.csv").text)))
    assert table[0] == [
        "code",
        "action line",
        "Annex A (Russian Federation)",
        "Annex B (Ghana)",
        "agreement",
    ]
    assert table[1:] == [
        ["C1", "The role of public governance authorities", "ITU", "ITU", "agree"],
        ["C7", "ICT applications", "(not listed)", "ITU", "single"],
        ["C7", "E-health", "WHO", "ITU (inherited)", "differ"],
    ]


def test_home_links_everything(client: TestClient) -> None:
    page = client.get("/").text
    for link in (
        "/query",
        "/compare",
        "/ontology",
        "/sparql",
        "/void",
        "/dumps/dataset.nq",
        "/docs",
    ):
        assert f'href="{link}"' in page
    assert 'href="/id/doc/mini/annex-proposal/gha"' in page


def test_the_query_editor_has_a_tab_per_library_query(client: TestClient) -> None:
    page = client.get("/query").text
    assert "/static/vendor/yasgui/yasgui.min.js" in page
    assert '"name": "compare_proposals"' in page
    assert "//cdn" not in page


def test_health_cors_gzip_and_openapi(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok", "triples": 120, "graphs": 7}
    cors = client.get("/health", headers={"Origin": "http://elsewhere.example"})
    assert cors.headers["access-control-allow-origin"] == "*"
    raw = client.get("/dumps/dataset.nq", headers={"Accept-Encoding": "gzip"})
    assert raw.headers["content-encoding"] == "gzip"
    assert b"<https://w3id.org/wsiskg/id/org/who>" in raw.content  # decoded by the client
    assert gzip  # the module is what the client used
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/sparql", "/health", "/void", "/id/{path}"} <= set(paths)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in client.get("/docs").text


def test_a_local_base_iri_makes_local_iris_dereference() -> None:
    iris = IriMap("http://127.0.0.1:8000/")
    assert iris.local_path("http://127.0.0.1:8000/id/org/itu") == "/id/org/itu"
    assert iris.iri_for("/graph/actors") == "http://127.0.0.1:8000/graph/actors"
    local = '<http://127.0.0.1:8000/id/org/x> <http://127.0.0.1:8000/id/p> "v" <http://127.0.0.1:8000/graph/g> .\n'
    settings = Settings(base_iri="http://127.0.0.1:8000/")
    with TestClient(
        create_app(settings, Store.from_text(local, settings.base_iri), workers=1)
    ) as c:
        page = c.get("/id/org/x")
        assert page.status_code == 200
        assert 'href="/graph/g"' in page.text
