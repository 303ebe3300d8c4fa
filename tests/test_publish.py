"""Publishing against an in-process SPARQL 1.1 store (pyoxigraph behind httpx.MockTransport).

The fake speaks the two write protocols wsiskg uses, so these tests check the protocol
choreography offline; tests/test_virtuoso.py checks the same against a real Virtuoso.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from typer.testing import CliRunner

from wsiskg.cli import EXIT_ERROR, EXIT_OK, app
from wsiskg.errors import StoreError
from wsiskg.publish.stores import (
    TEMP_SUFFIX,
    PublishError,
    PublishProgress,
    batches,
    publish,
)

EX = "http://example.org/"
ENDPOINT = "http://store.test/sparql"
UPDATE = "http://store.test/update"
GSP = "http://store.test/data"


def ex(local: str) -> ox.NamedNode:
    return ox.NamedNode(EX + local)


def dataset(version: str, graphs: str = "abc", size: int = 3) -> list[ox.Quad]:
    """``size`` triples per graph whose objects say which version wrote them."""
    return [
        ox.Quad(ex(f"s{i}"), ex("p"), ox.Literal(f"{version}-{g}-{i}"), ex(f"graph/{g}"))
        for g in graphs
        for i in range(size)
    ]


class FakeStore:
    """A SPARQL 1.1 query/update endpoint and Graph Store over one pyoxigraph store."""

    def __init__(self, fail: Callable[[httpx.Request], bool] = lambda _: False) -> None:
        self.store = ox.Store()
        self.fail = fail
        self.requests: list[httpx.Request] = []

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.handle))

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.fail(request):
            return httpx.Response(500, text="Error: injected failure\nmore detail")
        if request.method == "PUT":
            return self.put(request)
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        if "update" in form:
            self.store.update(form["update"])
            return httpx.Response(200)
        results = self.store.query(form["query"])
        data = results.serialize(format=ox.QueryResultsFormat.JSON)
        return httpx.Response(200, content=data)

    def put(self, request: httpx.Request) -> httpx.Response:
        graph = ox.NamedNode(request.url.params["graph"])
        existed = any(True for _ in self.store.quads_for_pattern(None, None, None, graph))
        self.store.remove_graph(graph)
        for triple in ox.parse(request.content, format=ox.RdfFormat.N_TRIPLES):
            self.store.add(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
        return httpx.Response(204 if existed else 201)

    def values(self, graph: str) -> set[str]:
        quads = self.store.quads_for_pattern(None, None, None, ex(f"graph/{graph}"))
        return {q.object.value for q in quads}

    def graphs(self) -> set[str]:
        return {g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)}


def values(version: str, graph: str, size: int = 3) -> set[str]:
    return {f"{version}-{graph}-{i}" for i in range(size)}


@pytest.fixture(params=["update", "graph-store"])
def method(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def targets(method: str) -> dict[str, str]:
    return {"update_endpoint": UPDATE} if method == "update" else {"graph_store": GSP}


def test_publish_loads_every_graph(method: str) -> None:
    fake = FakeStore()
    report = publish(dataset("v1"), ENDPOINT, **targets(method), client=fake.client())
    assert [g.graph for g in report.graphs] == [EX + "graph/a", EX + "graph/b", EX + "graph/c"]
    assert report.method == method
    assert report.triples == 9
    assert all(g.stored == 3 for g in report.graphs)
    assert fake.values("b") == values("v1", "b")


def test_publishing_again_replaces_and_never_duplicates(method: str) -> None:
    fake = FakeStore()
    publish(dataset("v1", size=5), ENDPOINT, **targets(method), client=fake.client())
    publish(dataset("v2", size=2), ENDPOINT, **targets(method), client=fake.client())
    publish(dataset("v2", size=2), ENDPOINT, **targets(method), client=fake.client())
    assert len(fake.store) == 6
    assert fake.values("a") == values("v2", "a", size=2)
    assert fake.graphs() == {EX + "graph/a", EX + "graph/b", EX + "graph/c"}


def test_graphs_the_dataset_does_not_mention_are_left_alone(method: str) -> None:
    fake = FakeStore()
    publish(dataset("v1", graphs="xy"), ENDPOINT, **targets(method), client=fake.client())
    publish(dataset("v2", graphs="y"), ENDPOINT, **targets(method), client=fake.client())
    assert fake.values("x") == values("v1", "x")
    assert fake.values("y") == values("v2", "y")


def fails_on_graph_b(request: httpx.Request) -> bool:
    """Fail the second write that concerns graph b: mid-graph for the update path."""
    body = request.content.decode(errors="replace") + str(request.url)
    return "graph%2Fb" in body or "graph/b" in body


def test_failure_names_the_graph_and_leaves_the_others_as_they_were(method: str) -> None:
    fake = FakeStore()
    publish(dataset("v1"), ENDPOINT, **targets(method), client=fake.client())
    writes = {"b": 0}

    def fail(request: httpx.Request) -> bool:
        if request.method == "GET" or b"query=" in request.content[:6]:
            return False
        if fails_on_graph_b(request):
            writes["b"] += 1
            return writes["b"] == (2 if method == "update" else 1)
        return False

    fake.fail = fail
    with pytest.raises(PublishError, match="graph/b") as caught:
        publish(dataset("v2"), ENDPOINT, **targets(method), client=fake.client(), batch_size=2)
    assert caught.value.graph == EX + "graph/b"
    assert "injected failure" in str(caught.value)
    assert fake.values("a") == values("v2", "a")  # published before the failure
    assert fake.values("b") == values("v1", "b")  # the failed graph is untouched
    assert fake.values("c") == values("v1", "c")  # not reached
    assert not any(g.endswith(TEMP_SUFFIX) for g in fake.graphs())


def test_update_batches_respect_the_size_and_swap_in_one_request() -> None:
    fake = FakeStore()
    report = publish(
        dataset("v1", graphs="a", size=7),
        ENDPOINT,
        update_endpoint=UPDATE,
        client=fake.client(),
        batch_size=3,
    )
    updates = [parse_qs(r.content.decode())["update"][0] for r in fake.requests if r.url == UPDATE]
    inserts = [u for u in updates if u.startswith("INSERT DATA")]
    assert [u.count(" .\n") + u.endswith(" .\n}") for u in inserts] == [3, 3, 1]
    assert all(EX + "graph/a" + TEMP_SUFFIX in u for u in inserts)
    assert "MOVE" in updates[-1]
    assert "DROP SILENT GRAPH <" + EX + "graph/a>" in updates[-1]
    assert report.graphs[0].requests == len(updates) == 5


def test_blank_nodes_stay_in_one_request_and_stay_one_node() -> None:
    b, c = ox.BlankNode(), ox.BlankNode()
    g = ex("graph/a")
    quads = [
        ox.Quad(ex("s"), ex("p"), b, g),
        ox.Quad(ex("s"), ex("p"), ex("o1"), g),
        ox.Quad(b, ex("p"), c, g),
        ox.Quad(ex("s"), ex("p"), ex("o2"), g),
        ox.Quad(c, ex("q"), ox.Literal("end"), g),
    ]
    fake = FakeStore()
    publish(quads, ENDPOINT, update_endpoint=UPDATE, client=fake.client(), batch_size=3)
    chain = fake.store.query(
        f"ASK {{ GRAPH <{g.value}> {{ <{EX}s> <{EX}p> ?b . ?b <{EX}p> ?c . ?c <{EX}q> 'end' }} }}"
    )
    assert bool(chain)
    assert len(fake.store) == 5


def test_batches_never_split_a_blank_node_group() -> None:
    b = ox.BlankNode()
    chain = [ox.Triple(b, ex("p"), ex(f"o{i}")) for i in range(3)]
    plain = [ox.Triple(ex("s"), ex("p"), ex(f"x{i}")) for i in range(3)]
    sizes = [len(batch) for batch in batches([plain[0], *chain, plain[1], plain[2]], 3)]
    assert sizes == [1, 3, 2]
    with pytest.raises(PublishError, match="3 triples hang together"):
        list(batches(chain, 2))


def test_progress_reports_every_batch_of_every_graph() -> None:
    seen: list[PublishProgress] = []
    publish(
        dataset("v1", graphs="ab", size=5),
        ENDPOINT,
        update_endpoint=UPDATE,
        client=FakeStore().client(),
        batch_size=2,
        progress=seen.append,
    )
    assert [(p.graph[-1], p.index, p.total, p.sent, p.triples) for p in seen] == [
        ("a", 1, 2, 2, 5),
        ("a", 1, 2, 4, 5),
        ("a", 1, 2, 5, 5),
        ("b", 2, 2, 2, 5),
        ("b", 2, 2, 4, 5),
        ("b", 2, 2, 5, 5),
    ]


def test_a_store_that_holds_fewer_triples_than_sent_is_an_error() -> None:
    fake = FakeStore()

    def lose_one(request: httpx.Request) -> httpx.Response:
        response = fake.handle(request)
        if request.method == "PUT":
            fake.store.remove(next(iter(fake.store)))
        return response

    client = httpx.Client(transport=httpx.MockTransport(lose_one))
    with pytest.raises(PublishError, match=r"sent 3 triples but the store holds 2"):
        publish(dataset("v1", graphs="a"), ENDPOINT, graph_store=GSP, client=client)


def test_updates_go_to_the_query_endpoint_when_no_other_is_given() -> None:
    fake = FakeStore()
    publish(dataset("v1", graphs="a"), ENDPOINT, client=fake.client())
    assert {str(r.url) for r in fake.requests} == {ENDPOINT}


def test_triples_outside_named_graphs_are_refused() -> None:
    quads = [ox.Quad(ex("s"), ex("p"), ex("o"), ox.DefaultGraph())]
    with pytest.raises(PublishError, match="outside any named graph"):
        publish(quads, ENDPOINT, client=FakeStore().client())


def test_update_endpoint_and_graph_store_are_exclusive() -> None:
    with pytest.raises(PublishError, match="not both"):
        publish(dataset("v1"), ENDPOINT, update_endpoint=UPDATE, graph_store=GSP)


def test_reads_an_nquads_file_and_an_rdflib_dataset(tmp_path: Path) -> None:
    path = tmp_path / "dataset.nq"
    path.write_bytes(ox.serialize(dataset("v1"), format=ox.RdfFormat.N_QUADS))
    fake = FakeStore()
    assert publish(path, ENDPOINT, client=fake.client()).triples == 9
    rd = rdflib.Dataset()
    rd.graph(rdflib.URIRef(EX + "graph/z")).add(
        (rdflib.URIRef(EX + "s"), rdflib.URIRef(EX + "p"), rdflib.Literal("z"))
    )
    assert publish(rd, ENDPOINT, client=fake.client()).graphs[0].graph == EX + "graph/z"


def test_cli_publish_without_a_build_says_so_and_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["publish", ENDPOINT, "--dataset", str(tmp_path / "dataset.nq")]
    )
    assert result.exit_code == EXIT_ERROR
    assert "no built dataset" in result.stderr
    assert result.stderr.count("\n") == 1
    with pytest.raises(StoreError):
        publish(tmp_path / "missing.nq", ENDPOINT)


def test_cli_publish_reports_graphs_and_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "dataset.nq"
    path.write_bytes(ox.serialize(dataset("v1"), format=ox.RdfFormat.N_QUADS))
    server = httpx.MockTransport(FakeStore().handle)
    original = httpx.Client.__init__

    def with_fake(self: httpx.Client, **kwargs: object) -> None:
        original(self, transport=server, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(httpx.Client, "__init__", with_fake)
        result = CliRunner().invoke(app, ["publish", ENDPOINT, "--dataset", str(path)])
    assert result.exit_code == EXIT_OK, result.stderr
    assert "published 3 graphs, 9 triples" in result.stdout
    assert f"[2/3] <{EX}graph/b>: 3 triples" in result.stderr


@pytest.mark.parametrize(
    ("challenge", "scheme"),
    [("Basic realm=x", "Basic"), ('Digest realm="x", nonce="n1", qop="auth"', "Digest")],
)
def test_credentials_answer_the_challenge_the_server_sends(challenge: str, scheme: str) -> None:
    fake = FakeStore()
    seen: list[str] = []

    def guarded(request: httpx.Request) -> httpx.Response:
        auth = request.headers.get("authorization", "")
        seen.append(auth.split(" ", 1)[0])
        if not auth:
            return httpx.Response(401, headers={"WWW-Authenticate": challenge})
        if scheme == "Basic":
            assert base64.b64decode(auth.split()[1]) == b"dba:secret"
        else:
            assert 'username="dba"' in auth
        return fake.handle(request)

    transport = httpx.MockTransport(guarded)
    original = httpx.Client.__init__

    def with_guard(self: httpx.Client, **kwargs: object) -> None:
        original(self, transport=transport, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(httpx.Client, "__init__", with_guard)
        publish(dataset("v1", graphs="a"), ENDPOINT, user="dba", password="secret")  # noqa: S106
    assert seen[0] == ""
    assert set(seen[1:]) == {scheme}
    assert json.dumps(seen).count('""') == 1  # challenged once, then every request is signed


def test_a_repeated_line_is_sent_once(tmp_path: Path) -> None:
    """A graph is a set: a file that repeats a quad publishes it once, and the count agrees."""
    path = tmp_path / "dataset.nq"
    data = ox.serialize(dataset("v1"), format=ox.RdfFormat.N_QUADS)
    path.write_bytes(data + data)
    report = publish(path, ENDPOINT, client=FakeStore().client())
    assert report.triples == 9
