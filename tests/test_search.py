"""Full-text search (issue 14, item 3): the build writes an FTS5 index; ``/search`` ranks and
marks; every page has a search box."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from server_support import MINI

from wsiskg.config import Settings
from wsiskg.query.search import SEARCH_DB, SearchIndex, fts_query
from wsiskg.query.store import Store
from wsiskg.server import create_app

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_the_build_writes_the_index_next_to_the_dataset(seed_build_dir: Path) -> None:
    index = seed_build_dir / SEARCH_DB
    with sqlite3.connect(index) as connection:
        kinds = dict(connection.execute("SELECT kind, COUNT(*) FROM documents GROUP BY kind"))
    connection.close()
    assert kinds["paragraph"] == 32  # as many as the build summary counts
    assert kinds["item"] > 30
    assert {"agency", "action line", "chapter"} <= kinds.keys()


def test_ranked_hits_with_marked_snippets(seed_build_dir: Path) -> None:
    index = SearchIndex.open(seed_build_dir / SEARCH_DB)
    hits = index.search("International Telecommunication Union")
    assert hits[0].resource.endswith("/id/org/itu")  # the name itself ranks first
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    texts = [h for h in hits if h.kind == "paragraph"]
    assert texts
    assert "\x02Telecommunication\x03" in texts[0].snippet
    assert index.search("telecom")  # the last word matches as a prefix
    assert index.search("zzzz nothing") == []


def test_user_text_is_never_fts_syntax() -> None:
    assert fts_query('NEAR(a b) OR "x" -y *') == '"NEAR a" "b" "OR" "x" "y"*'
    index = SearchIndex.of_store(Store.from_files([MINI]).ox_store)
    for hostile in ['"', "AND OR NOT", "a*b)", "(((", "title:x", "^x"]:
        index.search(hostile)  # never an FTS5 syntax error


def test_search_answers_json_and_html(seed_client: TestClient) -> None:
    data = seed_client.get("/search", params={"q": "digital divide"}).json()
    assert data["query"] == "digital divide"
    assert len(data["hits"]) >= 3
    assert "[[digital]] [[divide]]" in data["hits"][0]["snippet"]
    page = seed_client.get("/search", params={"q": "digital divide"}, headers=BROWSER)
    assert page.headers["content-type"].startswith("text/html")
    assert "<mark>digital</mark> <mark>divide</mark>" in page.text
    assert re.search(r'href="/id/doc/tunis-draft/eng/2005/para_\d+', page.text)
    assert seed_client.get("/search", params={"q": "<script>"}, headers=BROWSER).status_code == 200
    assert (
        "<script>" not in seed_client.get("/search", params={"q": "<script>"}, headers=BROWSER).text
    )


def test_the_mini_store_is_searchable_without_a_build() -> None:
    with TestClient(create_app(Settings(), Store.from_files([MINI]), workers=1)) as client:
        hits = client.get("/search", params={"q": "villages"}).json()["hits"]
    assert [h["title"] for h in hits] == ["Paragraph 1"]


@pytest.mark.parametrize("path", ["/", "/compare", "/query", "/ontology", "/id/org/who", "/search"])
def test_every_page_has_a_search_box(seed_client: TestClient, path: str) -> None:
    page = seed_client.get(path, headers=BROWSER).text
    assert '<form class="search" role="search" action="/search"' in page
    assert 'name="q"' in page
