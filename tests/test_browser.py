"""The web UI in headless Chromium (Debian's ``/usr/bin/chromium`` driven by Playwright).

Every request the page makes is intercepted: anything not addressed to 127.0.0.1 is aborted
and recorded, and the test fails if there is one. Needs ``apt-get install chromium``;
skipped (with the reason) where the browser is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from server_support import MINI, live_server

from wsiskg.config import Settings
from wsiskg.query.store import Store
from wsiskg.server import create_app
from wsiskg.server.vendor import VENDOR_DIR

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)"
    ),
    pytest.mark.skipif(
        not (VENDOR_DIR / "yasgui" / "yasgui.min.js").exists(),
        reason="YASGUI not vendored: npm ci --ignore-scripts && python -m wsiskg.server.vendor",
    ),
]
playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with live_server(create_app(Settings(), Store.from_files([MINI]))) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[tuple[object, list[str]]]:
    """A page whose every request outside 127.0.0.1 is aborted and recorded."""
    context = browser.new_context()  # type: ignore[attr-defined]
    outside: list[str] = []

    def guard(route: object) -> None:
        request_url = route.request.url  # type: ignore[attr-defined]
        if urlsplit(request_url).hostname == "127.0.0.1" or request_url.startswith("data:"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            outside.append(request_url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", guard)
    yield context.new_page(), outside
    context.close()


def test_the_editor_runs_a_query(url: str, page: tuple[object, list[str]]) -> None:
    tab, outside = page
    tab.goto(url + "query#proposals")  # type: ignore[attr-defined]
    tab.wait_for_selector(".yasqe .CodeMirror", timeout=15_000)  # type: ignore[attr-defined]
    active = tab.evaluate("() => window.wsiskgYasgui.getTab().getName()")  # type: ignore[attr-defined]
    assert active == "proposals"  # the tab named in the URL fragment
    tab.evaluate(  # type: ignore[attr-defined]
        "() => { const t = window.wsiskgYasgui.getTab(); t.getYasqe().setValue("
        "'PREFIX wsis: <https://w3id.org/wsiskg/ontology#> "
        "SELECT ?name WHERE { ?p a wsis:Proposal ; wsis:proponentName ?name } ORDER BY ?name'); "
        "t.getYasqe().query(); }"
    )
    tab.wait_for_selector("text=Russian Federation", timeout=15_000)  # type: ignore[attr-defined]
    assert "Ghana" in tab.inner_text(".yasr")  # type: ignore[attr-defined]
    tab.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert outside == []


def test_the_comparison_page_shows_agreement(url: str, page: tuple[object, list[str]]) -> None:
    tab, outside = page
    tab.goto(url + "compare")  # type: ignore[attr-defined]
    rows = tab.locator("#comparison tbody tr")  # type: ignore[attr-defined]
    assert rows.count() == 3
    e_health = rows.nth(2).inner_text()
    assert "WHO" in e_health
    assert "ITU" in e_health
    assert "differ" in e_health
    inherited = tab.locator("#comparison .agency.inherited")  # type: ignore[attr-defined]
    assert inherited.all_inner_texts() == ["ITU"]
    tab.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert outside == []
