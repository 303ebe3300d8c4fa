"""HTTP caching of /sparql answers: ETag per dataset version, Cache-Control, 304, and the
bounded in-memory cache of written answers (``wsiskg.server.caching``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from server_support import MINI
from test_server_fast_path import AGENCIES, CountingPool

from wsiskg.config import Settings
from wsiskg.query.store import Store
from wsiskg.server import create_app
from wsiskg.server.caching import AnswerCache
from wsiskg.server.state import ServerState

JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture
def served() -> Iterator[tuple[TestClient, ServerState, CountingPool]]:
    app = create_app(Settings(cache_max_age=120), Store.from_files([MINI]))
    state: ServerState = app.state.wsiskg
    counting = CountingPool(state.pool)
    with TestClient(app) as client:
        yield client, state, counting


def never(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("the query must not run")


def get(client: TestClient, query: str = AGENCIES, **headers: str) -> Any:
    return client.get("/sparql", params={"query": query}, headers={**JSON, **headers})


def test_a_get_answer_has_an_etag_and_may_be_cached(served: Any) -> None:
    client, _, _ = served
    first, second = get(client), get(client)
    assert first.status_code == second.status_code == 200
    assert first.headers["etag"].startswith('W/"')
    assert first.headers["etag"] == second.headers["etag"]
    assert first.headers["cache-control"] == "public, max-age=120"
    as_csv = get(client, Accept="text/csv")
    assert as_csv.headers["etag"] != first.headers["etag"]  # another representation
    posted = client.post("/sparql", data={"query": AGENCIES}, headers=JSON)
    assert posted.status_code == 200
    assert "etag" not in posted.headers
    assert "cache-control" not in posted.headers


def test_if_none_match_is_answered_304_without_running_the_query(served: Any) -> None:
    client, state, pool = served
    tag = get(client).headers["etag"]
    state.answers = AnswerCache(0)  # nothing kept: only the tag can answer
    state.pool.arun = never
    state.store.answer = never
    for header in (tag, f'W/"nope", {tag}', "*"):
        response = get(client, **{"If-None-Match": header})
        assert response.status_code == 304
        assert response.content == b""
        assert response.headers["etag"] == tag
    assert len(pool.texts) == 1


def test_a_stale_tag_gets_the_answer(served: Any) -> None:
    client, _, _ = served
    response = get(client, **{"If-None-Match": 'W/"another-build-or-query"'})
    assert response.status_code == 200
    assert [b["acronym"]["value"] for b in response.json()["results"]["bindings"]] == ["ITU", "WHO"]


def test_the_tag_names_the_dataset_version() -> None:
    other = '<http://ex/a> <http://ex/p> "1" <http://ex/g> .'
    tags = []
    for store in (Store.from_files([MINI]), Store.from_text(other)):
        with TestClient(create_app(Settings(), store)) as client:
            tags.append(get(client).headers["etag"])
    assert tags[0] != tags[1]
    assert Store.from_files([MINI]).version == Store.from_files([MINI]).version
    assert Store.from_text(other).version == Store.from_text(other).version


def test_answers_are_kept_in_memory(served: Any) -> None:
    client, state, pool = served
    first = get(client)
    state.pool.arun = never
    state.inline.submit = never
    again = client.post("/sparql", data={"query": AGENCIES}, headers=JSON)  # POST too
    assert again.content == first.content
    assert pool.texts == [AGENCIES]
    assert state.answers.size == len(first.content) + len(AGENCIES)  # answer and query kept


def test_changing_answers_and_errors_are_never_kept(served: Any) -> None:
    client, state, pool = served
    random = "SELECT (RAND() AS ?r) WHERE {}"
    values = {get(client, random).json()["results"]["bindings"][0]["r"]["value"] for _ in "123"}
    assert len(values) == 3
    response = get(client, random)
    assert response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers
    for _ in "12":
        assert get(client, "SELECT * WHERE { ?s ?p }").status_code == 400
    assert pool.texts.count("SELECT * WHERE { ?s ?p }") == 2
    assert state.answers.size == 0


def test_the_cache_is_bounded_and_drops_the_least_recently_used() -> None:
    cache = AnswerCache(max_bytes=56)  # 5-byte answers to 2-character queries: 8 fit
    keys = [(f"q{n}", (), (), "text/csv") for n in range(9)]
    for number, key in enumerate(keys):
        cache.put(key, "text/csv", b"x" * 5)
        if number == 2:
            cache.get(keys[0])  # used again: kept
    assert cache.size == 56
    assert cache.get(keys[0]) is not None
    assert cache.get(keys[1]) is None
    assert cache.get(keys[8]) is not None
