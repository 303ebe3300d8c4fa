"""The draft pages over HTTP (no browser): the curve's CSV, errors, and a store without series."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from kg_support import seed_nquads
from series_support import series_nquads

from wsiskg.config import Settings
from wsiskg.query.store import Store
from wsiskg.server import create_app


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), Store.from_text(series_nquads()))) as test_client:
        yield test_client


def test_curve_csv(client: TestClient) -> None:
    response = client.get("/series/curve.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text.splitlines() == [
        "position,version,chapter,brackets",
        "1,zero,One,32", "1,zero,Four,9", "1,zero,Annexes,3",
        "2,rev1,One,27", "2,rev1,Four,9", "2,rev1,Annexes,3",
        "3,rev2,One,0", "3,rev2,Four,0", "3,rev2,Annexes,0",
    ]  # fmt: skip


def test_series_page_lists_survival(client: TestClient) -> None:
    page = client.get("/series").text
    assert 'id="survival"' in page
    assert "<td>rev1</td><td>Ghana</td><td>B</td>" in page
    assert '<td class="num">50%</td>' in page  # Ghana's Rev.1 table: 19 of 38 bodies kept


def test_unknown_paragraph_is_404(client: TestClient) -> None:
    response = client.get("/series/history", params={"version": "zero", "paragraph": "99"})
    assert response.status_code == 404
    assert response.json()["message"] == "no paragraph 99 in version 'zero'"
    assert client.get("/series/history", params={"version": "zero"}).status_code in {400, 422}


def test_a_store_without_series_says_so() -> None:
    with TestClient(create_app(Settings(), Store.from_text(seed_nquads()))) as plain:
        page = plain.get("/series")
        assert page.status_code == 200
        assert "No series of drafts is loaded" in page.text
        assert plain.get("/series/curve.csv").text.strip() == "position,version,chapter,brackets"
