"""The W3C SPARQL 1.1 Protocol and Service Description tests, run from their manifests.

Each ``mf:ProtocolTest`` is an HTTP exchange replayed against the app (``/sparql/`` becomes our
``/sparql``), over a store holding the test's ``ut:graphData`` as named graphs. The endpoint is
read-only: an update the manifest expects to succeed must instead get our 403 refusal.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from wsiskg.config import Settings
from wsiskg.namespaces import SD
from wsiskg.query.store import Store
from wsiskg.server import create_app

W3C = Path(__file__).with_name("data") / "w3c-sparql11"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")

BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = BOOLEAN_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {"application/rdf+xml", "text/turtle", "application/n-triples", "text/html"}


@dataclass(frozen=True)
class Exchange:
    """One request of a protocol test and what its response must be."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[str]
    result_format: str | None
    boolean: bool | None


@dataclass(frozen=True)
class ProtocolTest:
    """A manifest entry: its name, its graphs (label -> file) and its exchanges."""

    name: str
    graphs: tuple[tuple[str, str], ...]
    exchanges: tuple[Exchange, ...]

    @property
    def is_refused_update(self) -> bool:
        """Whether the test starts with a SPARQL Update the manifest expects to succeed."""
        first = self.exchanges[0]
        update = (
            "sparql-update" in first.headers.get("content-type", "")
            or (first.body or b"").startswith(b"update=")
            or "update=" in first.path
        )
        return update and "StatusCode2xx" in first.statuses


def _manifest() -> Graph:
    return Graph().parse(W3C / "protocol" / "manifest.ttl", format="turtle")


def _one(graph: Graph, subject: Node, predicate: URIRef) -> Node | None:
    return next(iter(graph.objects(subject, predicate)), None)


def _exchange(graph: Graph, request: Node) -> Exchange:
    headers = {}
    header_list = _one(graph, request, HT.headers)
    for header in Collection(graph, header_list) if header_list else []:
        headers[str(_one(graph, header, HT.fieldName))] = str(_one(graph, header, HT.fieldValue))
    body_node = _one(graph, request, HT.body)
    body = None
    if body_node is not None:
        encoding = str(_one(graph, body_node, CNT.characterEncoding) or "UTF-8")
        body = str(_one(graph, body_node, CNT.chars)).encode(encoding.lower())
    response = _one(graph, request, HT.resp)
    statuses = frozenset(
        str(s).rpartition("#")[2] for s in graph.objects(response, MF.expectedStatus)
    )
    result_format = _one(graph, response, MF.expectedFormat)
    boolean = _one(graph, response, MF.expectedBoolean)
    path = str(_one(graph, request, HT.absolutePath)).replace("/sparql/", "/sparql", 1)
    return Exchange(
        method=str(_one(graph, request, HT.methodName)),
        path=path,
        headers=headers,
        body=body,
        statuses=statuses,
        result_format=str(result_format) if result_format is not None else None,
        boolean=bool(boolean.toPython()) if boolean is not None else None,  # type: ignore[attr-defined]
    )


def protocol_tests() -> list[ProtocolTest]:
    """Every entry of the protocol manifest, in manifest order."""
    graph = _manifest()
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(graph, _one(graph, manifest, MF.entries)):
        action = _one(graph, entry, MF.action)
        requests = Collection(graph, _one(graph, action, HT.requests))
        graphs = tuple(
            sorted(
                (str(_one(graph, g, RDFS_LABEL)), str(_one(graph, g, UT.graph)).rpartition("/")[2])
                for g in graph.objects(entry, UT.graphData)
            )
        )
        tests.append(
            ProtocolTest(
                name=str(entry).rpartition("#")[2],
                graphs=graphs,
                exchanges=tuple(_exchange(graph, r) for r in requests),
            )
        )
    return tests


TESTS = protocol_tests()


@pytest.fixture(scope="module")
def clients() -> Iterator[dict[tuple[tuple[str, str], ...], TestClient]]:
    """One app per distinct set of test graphs (created on demand, closed at the end)."""
    opened: dict[tuple[tuple[str, str], ...], TestClient] = {}
    yield opened
    for client in opened.values():
        client.__exit__(None, None, None)


def client_for(
    clients: dict[tuple[tuple[str, str], ...], TestClient], graphs: tuple[tuple[str, str], ...]
) -> TestClient:
    if graphs not in clients:
        nquads = ""
        for label, file_name in graphs:
            for line in (W3C / "protocol" / file_name).read_text(encoding="utf-8").splitlines():
                if line.strip():
                    nquads += line.rstrip().removesuffix(".").rstrip() + f" <{label}> .\n"
        store = Store.from_text(nquads, "http://www.example/")
        client = TestClient(create_app(Settings(), store, workers=1), base_url="http://www.example")
        clients[graphs] = client.__enter__()
    return clients[graphs]


def check(exchange: Exchange, status: int, media_type: str, body: bytes) -> None:
    if {"StatusCode2xx", "StatusCode3xx"} & exchange.statuses:
        assert 200 <= status < 400, body
    if "StatusCode4xx" in exchange.statuses:
        assert 400 <= status < 500, body
    if exchange.result_format == "boolean":
        assert media_type in BOOLEAN_TYPES
        if exchange.boolean is not None:
            assert parse_boolean(media_type, body) is exchange.boolean
    elif exchange.result_format == "tabular":
        assert media_type in TABULAR_TYPES
    elif exchange.result_format == "RDF":
        assert media_type in RDF_TYPES
        Graph().parse(data=body, format={"text/turtle": "turtle"}.get(media_type, "xml"))


def parse_boolean(media_type: str, body: bytes) -> bool:
    if media_type == "application/sparql-results+json":
        value: bool = json.loads(body)["boolean"]
        return value
    root = ET.fromstring(body)  # noqa: S314 - the answer of our own server
    element = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert element is not None
    return element.text == "true"


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_protocol(
    test: ProtocolTest, clients: dict[tuple[tuple[str, str], ...], TestClient]
) -> None:
    client = client_for(clients, test.graphs)
    for index, exchange in enumerate(test.exchanges):
        response = client.request(
            exchange.method, exchange.path, headers=exchange.headers, content=exchange.body
        )
        media_type = response.headers.get("content-type", "").split(";")[0]
        if index == 0 and test.is_refused_update:
            assert response.status_code == 403, response.text
            assert response.json()["error"] == "update_refused"
            return  # the read-only endpoint answers every update with its refusal
        check(exchange, response.status_code, media_type, response.content)


def test_the_manifest_is_read_whole() -> None:
    assert len(TESTS) == 34
    refused = [t.name for t in TESTS if t.is_refused_update]
    assert len(refused) == 7
    assert all(name.startswith("update_") for name in refused)


# --- Service Description (service-description/manifest.ttl: three tests) --------------------

SD_TESTS = [
    str(s).rpartition("#")[2]
    for s in Graph()
    .parse(W3C / "service-description" / "manifest.ttl", format="turtle")
    .subjects(RDF.type, MF.ServiceDescriptionTest)
]


def service_description(clients: dict[tuple[tuple[str, str], ...], TestClient]) -> Graph:
    response = client_for(clients, ()).get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    return Graph().parse(data=response.content, format="turtle")


def test_the_service_description_manifest_has_three_tests() -> None:
    assert sorted(SD_TESTS) == ["conforms-to-schema", "has-endpoint-triple", "returns-rdf"]


def test_sd_returns_rdf(clients: dict[tuple[tuple[str, str], ...], TestClient]) -> None:
    assert len(service_description(clients)) > 0


def test_sd_has_endpoint_triple(clients: dict[tuple[tuple[str, str], ...], TestClient]) -> None:
    graph = service_description(clients)
    endpoint = URIRef("http://www.example/sparql")
    assert (endpoint, SD.endpoint, endpoint) in graph


@pytest.mark.parametrize("accept", ["application/rdf+xml", "application/ld+json", "text/turtle"])
def test_sd_is_negotiated(
    clients: dict[tuple[tuple[str, str], ...], TestClient], accept: str
) -> None:
    response = client_for(clients, ()).get("/sparql", headers={"Accept": accept})
    assert response.headers["content-type"].split(";")[0] == accept
    rdf_format = ox.RdfFormat.from_media_type(accept)
    assert rdf_format is not None
    quads = ox.parse(response.content, format=rdf_format)
    endpoint = ox.NamedNode("http://www.example/sparql")
    assert any(
        q.predicate == ox.NamedNode(str(SD.endpoint)) and q.object == endpoint for q in quads
    )


def test_sd_conforms_to_schema(clients: dict[tuple[tuple[str, str], ...], TestClient]) -> None:
    """The domains and ranges of the SD vocabulary, as the recommendation states them."""
    graph = service_description(clients)
    services = set(graph.subjects(RDF.type, SD.Service))
    assert len(services) == 1
    service = services.pop()
    assert all(isinstance(e, URIRef) for e in graph.objects(service, SD.endpoint))
    languages = set(graph.objects(service, SD.supportedLanguage))
    assert languages
    assert languages <= {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
    assert SD.SPARQL11Update not in languages  # read-only: updates are not offered
    assert all(isinstance(f, URIRef) for f in graph.objects(service, SD.resultFormat))
    assert set(graph.objects(service, SD.feature)) <= {
        SD.UnionDefaultGraph, SD.BasicFederatedQuery, SD.DereferencesURIs,
        SD.RequiresDataset, SD.EmptyGraphs,
    }  # fmt: skip
    assert SD.BasicFederatedQuery not in set(graph.objects(service, SD.feature))
    dataset = _one(graph, service, SD.defaultDataset)
    assert (dataset, RDF.type, SD.Dataset) in graph
    for default in graph.objects(dataset, SD.defaultGraph):
        assert (default, RDF.type, SD.Graph) in graph
    for named in graph.objects(dataset, SD.namedGraph):
        assert (named, RDF.type, SD.NamedGraph) in graph
        assert isinstance(_one(graph, named, SD.name), URIRef)
        assert (_one(graph, named, SD.graph), RDF.type, SD.Graph) in graph
