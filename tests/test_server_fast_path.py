"""The fast path of /sparql: cheap queries answered in the server process once a worker has
measured them (``wsiskg.query.cost``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from server_support import MINI

from wsiskg.config import Settings
from wsiskg.query.pool import Answer, QueryPool
from wsiskg.query.store import QueryRequest, Store
from wsiskg.server import app as app_module
from wsiskg.server import create_app, sparql
from wsiskg.server.state import ServerState

AGENCIES = (
    "PREFIX wsis: <https://w3id.org/wsiskg/ontology#> "
    "SELECT ?acronym WHERE { ?a a wsis:Agency ; wsis:acronym ?acronym } ORDER BY ?acronym"
)


class CountingPool:
    """Wraps a pool's ``arun`` and counts the queries it is given."""

    def __init__(self, pool: QueryPool) -> None:
        self.arun, self.texts = pool.arun, list[str]()
        pool.arun = self.counted  # type: ignore[method-assign]

    async def counted(self, request: QueryRequest, timeout: float) -> Answer:
        self.texts.append(request.text)
        return await self.arun(request, timeout)


def served(settings: Settings | None = None) -> Iterator[tuple[TestClient, CountingPool]]:
    app = create_app(settings or Settings(answer_cache_mb=0), Store.from_files([MINI]))
    state: ServerState = app.state.wsiskg
    counting = CountingPool(state.pool)
    with TestClient(app) as client:
        yield client, counting


@pytest.fixture
def app() -> Iterator[tuple[TestClient, CountingPool]]:
    yield from served()


def acronyms(client: TestClient, query: str = AGENCIES) -> list[str]:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    return [b["acronym"]["value"] for b in response.json()["results"]["bindings"]]


def test_a_cheap_query_takes_the_worker_once_then_the_server_answers_it(
    app: tuple[TestClient, CountingPool],
) -> None:
    client, pool = app
    assert acronyms(client) == ["ITU", "WHO"]
    assert acronyms(client) == ["ITU", "WHO"]
    assert acronyms(client, AGENCIES + " LIMIT 1") == ["ITU"]  # another text: measured first
    assert acronyms(client, AGENCIES + " LIMIT 1") == ["ITU"]
    assert pool.texts == [AGENCIES, AGENCIES + " LIMIT 1"]


def test_the_protocol_dataset_is_part_of_what_was_measured(
    app: tuple[TestClient, CountingPool],
) -> None:
    client, pool = app
    assert acronyms(client) == ["ITU", "WHO"]
    empty = client.get(
        "/sparql", params={"query": AGENCIES, "default-graph-uri": "http://example.org/none"}
    )
    assert empty.json()["results"]["bindings"] == []
    assert len(pool.texts) == 2


@pytest.mark.parametrize(
    "query",
    [
        "SELECT (RAND() AS ?r) WHERE {}",  # the next run may differ from the measured one
        "SELECT (STRUUID() AS ?r) WHERE {}",
        'SELECT ("service" AS ?r) WHERE {}',  # may spell SERVICE: never outside a worker
        'SELECT ("\\u0041" AS ?r) WHERE {}',  # a codepoint escape
    ],
)
def test_untrusted_texts_always_take_a_worker(
    app: tuple[TestClient, CountingPool], query: str
) -> None:
    client, pool = app
    for _ in range(3):
        assert client.get("/sparql", params={"query": query}).status_code == 200
    assert pool.texts == [query] * 3


def test_queries_over_the_budget_always_take_a_worker() -> None:
    for client, pool in served(Settings(inline_query_seconds=0, answer_cache_mb=0)):
        for _ in range(3):
            assert acronyms(client) == ["ITU", "WHO"]
        assert pool.texts == [AGENCIES] * 3


def test_errors_are_never_measured_cheap(app: tuple[TestClient, CountingPool]) -> None:
    client, pool = app
    for _ in range(2):
        response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
        assert response.status_code == 400
        assert response.json()["error"] == "query_syntax"
    assert len(pool.texts) == 2


def test_a_large_answer_is_streamed_and_the_same_as_the_workers(
    app: tuple[TestClient, CountingPool], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, pool = app
    monkeypatch.setattr(sparql, "STREAM_BYTES", 1)  # every answer counts as large
    query = "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    plain = {"Accept-Encoding": "identity"}
    measured = client.get("/sparql", params={"query": query}, headers=plain)
    assert "content-length" in measured.headers  # from the worker: one body
    formats = ("application/sparql-results+json", "text/csv", "text/tab-separated-values")
    for spaces, accept in enumerate(formats, start=1):
        headers = {**plain, "Accept": accept}
        other = query + " " * spaces  # a text never measured: a worker answers it
        by_worker = client.get("/sparql", params={"query": other}, headers=headers)
        assert "content-length" in by_worker.headers
        streamed = client.get("/sparql", params={"query": query}, headers=headers)
        assert by_worker.status_code == streamed.status_code == 200
        assert "content-length" not in streamed.headers
        assert streamed.content == by_worker.content
        assert streamed.headers["content-type"] == by_worker.headers["content-type"]
    graph = "CONSTRUCT WHERE { ?s ?p ?o }"
    first, second = (client.get("/sparql", params={"query": graph}, headers=plain) for _ in "12")
    assert "content-length" not in second.headers
    assert second.headers["content-type"] == first.headers["content-type"]
    assert second.content == first.content
    assert pool.texts.count(query) == 1
    assert pool.texts.count(graph) == 1


@pytest.mark.parametrize("asked", [False, True])
def test_the_access_log_is_off_unless_asked(monkeypatch: pytest.MonkeyPatch, asked: bool) -> None:
    """No log line per request on the hot path; ``WSISKG_ACCESS_LOG=true`` brings it back."""
    configs: list[Any] = []

    class Recording:
        def __init__(self, config: Any) -> None:
            configs.append(config)

        def run(self) -> None:
            config = configs[-1]
            config.app.state.wsiskg.pool.close()  # the app's workers: not served, stopped

    monkeypatch.setattr(app_module.uvicorn, "Server", Recording)
    monkeypatch.setattr(app_module.Store, "from_build", lambda *_a, **_k: Store.from_files([MINI]))
    app_module.serve(settings=Settings(access_log=asked) if asked else Settings())
    assert configs[0].access_log is asked
    assert configs[0].http == "h11"  # the head-size limit the hostile-input tests rely on
