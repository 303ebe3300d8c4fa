"""The draft pages in headless Chromium (Debian's ``/usr/bin/chromium`` driven by Playwright):
the series page draws the bracket curve, and a paragraph's history shows its versions side
by side with word changes and bracket fates marked. The store holds the test series of
``tests/data/versions/``; expected values are read from its texts.

Every request the page makes outside 127.0.0.1 is aborted and recorded, and fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from series_support import series_nquads
from server_support import live_server

from wsiskg.config import Settings
from wsiskg.query.store import Store
from wsiskg.server import create_app

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)"
    ),
]
playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with live_server(create_app(Settings(), Store.from_text(series_nquads()))) as base:
        yield base


def test_series_page_draws_the_bracket_curve(url: str, page: tuple[object, list[str]]) -> None:
    tab, outside = page
    tab.goto(url + "series")  # type: ignore[attr-defined]
    chart = tab.locator("#bracket-curve svg.curve")  # type: ignore[attr-defined]
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box["width"] > 300
    assert box["height"] > 150
    lines = tab.locator("#bracket-curve polyline")  # type: ignore[attr-defined]
    assert sorted(lines.evaluate_all("els => els.map(e => e.dataset.chapter)")) == [
        "All chapters", "Annexes", "Four", "One",
    ]  # fmt: skip
    points = tab.locator('#bracket-curve circle[data-chapter="All chapters"]')  # type: ignore[attr-defined]
    counts = points.evaluate_all("els => els.map(e => [e.dataset.version, e.dataset.brackets])")
    # zero: 32 + 9 + 3 brackets; Rev.1: 27 + 9 + 3; the adopted Rev.2: none
    assert counts == [["zero", "44"], ["rev1", "39"], ["rev2", "0"]]
    labels = tab.locator("#versions tbody tr td:nth-child(2)").all_inner_texts()  # type: ignore[attr-defined]
    assert labels == ["zero", "rev1", "rev2"]
    assert tab.locator("#curve-csv").get_attribute("href") == "/series/curve.csv"  # type: ignore[attr-defined]
    assert outside == []


def test_the_form_opens_a_paragraph_history(url: str, page: tuple[object, list[str]]) -> None:
    tab, outside = page
    tab.goto(url + "series")  # type: ignore[attr-defined]
    tab.select_option("#history-form select[name=version]", "zero")  # type: ignore[attr-defined]
    tab.fill("#history-form input[name=paragraph]", "12")  # type: ignore[attr-defined]
    tab.click("#history-form button")  # type: ignore[attr-defined]
    tab.wait_for_selector("table.history")  # type: ignore[attr-defined]
    heads = tab.locator("table.history thead th").all_inner_texts()  # type: ignore[attr-defined]
    # paragraph 12 of the zero draft is 13 in both revisions (a paragraph was inserted before it)
    assert heads == ["zero · ¶12", "rev1 · ¶13", "rev1 · ¶13", "rev2 · ¶13"]
    assert outside == []


def test_paragraph_history_side_by_side(url: str, page: tuple[object, list[str]]) -> None:
    tab, outside = page
    tab.goto(url + "series/history?version=zero&paragraph=2")  # type: ignore[attr-defined]
    tables = tab.locator("table.history")  # type: ignore[attr-defined]
    assert tables.count() == 2  # zero beside Rev.1, Rev.1 beside Rev.2
    first, second = tables.nth(0), tables.nth(1)
    # zero -> Rev.1 leaves both brackets of paragraph 2 open
    assert first.locator("td.old .fate-open").all_inner_texts() == [
        "[WSIS]",
        "[by 2007/2008/2009/2010]",
    ]
    # Rev.1 -> Rev.2: [WSIS] dropped, the years resolved to 2010
    assert second.locator("td.old .fate-dropped").all_inner_texts() == ["[WSIS]"]
    chosen = "".join(second.locator("td.old .fate-chosen").all_inner_texts())
    assert chosen == "[by 2007/2008/2009/2010]"
    deleted = "".join(second.locator("td.old .w-delete").all_inner_texts())
    assert "WSIS" in deleted
    assert "2007" in deleted
    assert "2010" not in deleted
    # the two columns stand side by side
    old_box = second.locator("td.old").bounding_box()
    new_box = second.locator("td.new").bounding_box()
    assert new_box["x"] > old_box["x"] + old_box["width"] / 2
    assert abs(new_box["y"] - old_box["y"]) < 5
    colour = second.locator("td.old .w-delete").first.evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    assert colour == "rgb(255, 215, 213)"  # deletions are highlighted
    assert outside == []


def test_inserted_words_are_highlighted(url: str, page: tuple[object, list[str]]) -> None:
    tab, outside = page
    # paragraph 1 gains "[regional,]" in Rev.1
    tab.goto(url + "series/history?version=zero&paragraph=1")  # type: ignore[attr-defined]
    inserted = tab.locator("table.history").first.locator("td.new .w-insert").all_inner_texts()  # type: ignore[attr-defined]
    assert "".join(inserted).replace(" ", "") == "[regional,]"
    assert outside == []
