"""The research questions as forms (issue 14, item 5): pickers, a shareable URL, CSV/JSON
downloads, links to local pages, and an editor page that says when its files are missing."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from wsiskg.query.registry import registry
from wsiskg.server import ui

E_HEALTH = "https://w3id.org/wsiskg/id/action-line/C7/e-health"
C4 = "https://w3id.org/wsiskg/id/action-line/C4"


def options(page: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select id="p-{name}" name="{name}">(.*?)</select>', page, re.DOTALL)
    assert select is not None, name
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))


def test_every_library_query_is_listed(seed_client: TestClient) -> None:
    page = seed_client.get("/queries").text
    for query in registry():
        assert f'href="/queries/{query.name}"' in page


def test_pickers_offer_the_graph_in_document_order(seed_client: TestClient) -> None:
    paragraphs = options(seed_client.get("/queries/paragraph_text").text, "paragraph")
    numbers = [int(label.split()[-1]) for value, label in paragraphs if value]
    assert numbers[:11] == list(range(1, 12))  # 1 … 10, 11 (not 1, 10, 11, 2)
    lines = options(seed_client.get("/queries/coordinators_of").text, "action_line")
    assert (E_HEALTH, "C7 E-health") in lines
    codes = [label.split()[0] for value, label in lines if label.startswith("C")]
    assert codes.index("C2") < codes.index("C9")
    levels = options(seed_client.get("/queries/commitments").text, "level")
    assert {label for _, label in levels} >= {"national", "regional", "global"}


def test_the_default_is_selected_and_answered(seed_client: TestClient) -> None:
    page = seed_client.get("/queries/coordinators_of", params={"run": "1"}).text
    assert f'<option value="{E_HEALTH}" selected>' in page
    assert re.search(r"Answer <small>\d+ rows", page)


def test_a_parameterised_answer_links_locally_and_can_be_shared(seed_client: TestClient) -> None:
    page = seed_client.get("/queries/coordinators_of", params={"action_line": C4, "run": "1"}).text
    assert 'href="/id/org/' in page  # agencies link to this server's pages
    assert "https://w3id.org/wsiskg/id/org/" not in re.sub(r'title="[^"]*"', "", page)
    shared = re.search(r'id="share-link" href="([^"]+)"', page)
    assert shared is not None
    again = seed_client.get(shared.group(1).replace("&amp;", "&")).text
    assert re.search(r"Answer <small>(\d+)", again).group(1) == re.search(
        r"Answer <small>(\d+)", page
    ).group(1)  # type: ignore[union-attr]


def test_downloads_in_csv_and_json(seed_client: TestClient) -> None:
    table = list(
        csv.DictReader(
            io.StringIO(
                seed_client.get("/queries/coordinators_of.csv", params={"action_line": "C4"}).text
            )
        )
    )
    assert table
    assert {row["actionLineCode"] for row in table} == {"C4"}
    data = seed_client.get("/queries/commitments.json", params={"level": "national"}).json()
    assert data["head"]["vars"][0] == "commitment"
    assert data["results"]["bindings"]


def test_an_unknown_name_is_said_on_the_form(seed_client: TestClient) -> None:
    page = seed_client.get("/queries/coordinators_of", params={"action_line": "C99", "run": "1"})
    assert page.status_code == 400
    assert "no action-line called" in page.text
    assert '<form class="query-form"' in page.text


def test_the_editor_says_plainly_when_its_files_are_missing(
    seed_client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(ui, "VENDOR_DIR", tmp_path)
    page = seed_client.get("/query").text
    assert "The SPARQL editor is not installed" in page
    assert "npm ci --ignore-scripts" in page
    assert "yasgui.min.js" not in page  # no script tag left to fail silently
