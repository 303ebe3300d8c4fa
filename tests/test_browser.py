"""The web UI in headless Chromium (Debian's ``/usr/bin/chromium`` driven by Playwright).

Every request the page makes is intercepted: anything not addressed to 127.0.0.1 is aborted
and recorded, and the test fails if there is one. Needs ``apt-get install chromium``;
skipped (with the reason) where the browser is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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


# --- issue 14: the researcher's front end, in a real browser ------------------------------

SCREENSHOTS = Path(__file__).parents[1] / "docs" / "screenshots"
AXE = VENDOR_DIR / "axe" / "axe.min.js"
READ = "read/doc/tunis-draft/eng/2005"
#: Impacts that fail the accessibility check (axe-core's two highest).
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def seed_url(seed_build_dir: Path) -> Iterator[str]:
    with live_server(create_app(Settings(), Store.from_build(seed_build_dir))) as base:
        yield base


def shoot(tab: object, name: str) -> None:
    """A screenshot of the viewport for docs/server.md."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"))  # type: ignore[attr-defined]


def serious_violations(tab: object) -> list[str]:
    """axe-core's serious and critical WCAG 2 A/AA violations on the page."""
    tab.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    found = tab.evaluate(  # type: ignore[attr-defined]
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target)}))"
    )
    return [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in found if v["impact"] in BLOCKING]


def test_the_reader_view_opens_a_commitment_note(
    seed_url: str, page: tuple[object, list[str]]
) -> None:
    tab, outside = page
    tab.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]
    tab.goto(seed_url + READ + "#para_2")  # type: ignore[attr-defined]
    outline = tab.locator("nav.outline a").all_inner_texts()  # type: ignore[attr-defined]
    numbers = [int(text.split()[-1]) for text in outline if text.startswith("Paragraph")]
    assert numbers == sorted(numbers)
    verb = tab.locator("#para_2 a.commitment").first  # type: ignore[attr-defined]
    note_id = verb.get_attribute("data-note")
    verb.click()
    note = tab.locator(f"#{note_id}")  # type: ignore[attr-defined]
    assert note.get_attribute("open") is not None
    assert "Addressees" in note.inner_text()
    shoot(tab, "reader")
    assert outside == []


def test_search_from_the_header_box(seed_url: str, page: tuple[object, list[str]]) -> None:
    tab, outside = page
    tab.goto(seed_url)  # type: ignore[attr-defined]
    tab.fill("#site-search", "digital divide")  # type: ignore[attr-defined]
    tab.press("#site-search", "Enter")  # type: ignore[attr-defined]
    tab.wait_for_selector("#hits li")  # type: ignore[attr-defined]
    assert "/search?q=digital+divide" in tab.url  # type: ignore[attr-defined]
    marks = tab.locator("#hits mark").all_inner_texts()  # type: ignore[attr-defined]
    assert {"digital", "divide"} <= {m.lower() for m in marks}
    shoot(tab, "search")
    tab.locator("#hits li a").first.click()  # type: ignore[attr-defined]
    assert "/id/" in tab.url  # type: ignore[attr-defined]
    assert outside == []


def test_a_chart_is_drawn(seed_url: str, page: tuple[object, list[str]]) -> None:
    tab, outside = page
    tab.set_viewport_size({"width": 1280, "height": 1000})  # type: ignore[attr-defined]
    tab.goto(seed_url + "charts#chart-roles")  # type: ignore[attr-defined]
    chart = tab.locator("#chart-roles svg")  # type: ignore[attr-defined]
    box = chart.bounding_box()
    assert box is not None
    assert box["width"] > 400
    assert chart.locator("rect").count() > 10
    shoot(tab, "charts")
    assert outside == []


def test_the_comparison_page_in_the_browser(seed_url: str, page: tuple[object, list[str]]) -> None:
    tab, outside = page
    tab.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]
    tab.goto(seed_url + "compare")  # type: ignore[attr-defined]
    assert tab.locator("#comparison tbody tr.differ").count() > 0  # type: ignore[attr-defined]
    assert tab.locator("#comparison .agency.inherited").count() > 0  # type: ignore[attr-defined]
    shoot(tab, "compare")
    assert outside == []


def test_a_parameterised_query(seed_url: str, page: tuple[object, list[str]]) -> None:
    tab, outside = page
    tab.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]
    tab.goto(seed_url + "queries/coordinators_of")  # type: ignore[attr-defined]
    tab.select_option("#p-action_line", label="C4 Capacity building")  # type: ignore[attr-defined]
    tab.click("#query-form button[type=submit]")  # type: ignore[attr-defined]
    tab.wait_for_selector("#answer tbody tr")  # type: ignore[attr-defined]
    assert "action_line=" in tab.url  # type: ignore[attr-defined]  # shareable
    rows = tab.locator("#answer tbody tr").all_inner_texts()  # type: ignore[attr-defined]
    assert rows
    assert all("C4" in row for row in rows)
    assert tab.get_attribute("#download-csv", "href").startswith("/queries/coordinators_of.csv?")  # type: ignore[attr-defined]
    agency = tab.locator("#answer a[href^='/id/org/']")  # type: ignore[attr-defined]
    assert agency.count() > 0
    shoot(tab, "query-form")
    assert outside == []


def test_keyboard_navigation(seed_url: str, page: tuple[object, list[str]]) -> None:
    tab, outside = page
    tab.goto(seed_url)  # type: ignore[attr-defined]
    tab.keyboard.press("Tab")  # type: ignore[attr-defined]
    focused = tab.evaluate("() => document.activeElement.textContent")  # type: ignore[attr-defined]
    assert focused == "Skip to content"
    tab.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert tab.evaluate("() => document.activeElement.id") == "content"  # type: ignore[attr-defined]
    tab.focus("#site-search")  # type: ignore[attr-defined]
    outline = tab.evaluate(  # type: ignore[attr-defined]
        "() => getComputedStyle(document.activeElement).outlineStyle"
    )
    assert outline != "none"  # focus stays visible
    tab.keyboard.type("e-health")  # type: ignore[attr-defined]
    tab.keyboard.press("Enter")  # type: ignore[attr-defined]
    tab.wait_for_selector("#hits li")  # type: ignore[attr-defined]
    tab.goto(seed_url + READ)  # type: ignore[attr-defined]
    verb = tab.locator("#reader-text a.commitment").first  # type: ignore[attr-defined]
    verb.focus()
    tab.keyboard.press("Enter")  # type: ignore[attr-defined]
    note = tab.locator("#" + verb.get_attribute("data-note"))  # type: ignore[attr-defined]
    assert note.get_attribute("open") is not None
    assert outside == []


def test_query_results_link_to_local_pages(seed_url: str, page: tuple[object, list[str]]) -> None:
    tab, outside = page
    tab.goto(seed_url + "query")  # type: ignore[attr-defined]
    tab.wait_for_selector(".yasqe .CodeMirror", timeout=15_000)  # type: ignore[attr-defined]
    tab.evaluate(  # type: ignore[attr-defined]
        "() => { const t = window.wsiskgYasgui.getTab(); t.getYasqe().setValue("
        "'SELECT ?agency WHERE { ?agency a wsis:Agency } ORDER BY ?agency LIMIT 3'); "
        "t.getYasqe().query(); }"
    )
    tab.wait_for_selector(".yasr a[href^='/id/org/']", timeout=15_000)  # type: ignore[attr-defined]
    hrefs = tab.eval_on_selector_all(
        ".yasr td a", "links => links.map(a => a.getAttribute('href'))"
    )  # type: ignore[attr-defined]
    assert hrefs
    assert all(h.startswith("/id/") for h in hrefs)
    assert outside == []


def test_a_syntax_error_is_readable_and_wrapped(
    seed_url: str, page: tuple[object, list[str]]
) -> None:
    tab, outside = page
    tab.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]
    tab.goto(seed_url + "query")  # type: ignore[attr-defined]
    tab.wait_for_selector(".yasqe .CodeMirror", timeout=15_000)  # type: ignore[attr-defined]
    tab.evaluate(  # type: ignore[attr-defined]
        "() => { const t = window.wsiskgYasgui.getTab(); t.getYasqe().setValue("
        "'SELECT * WHERE { ?s nope:p ?o }'); t.getYasqe().query(); }"
    )
    error = tab.wait_for_selector(".yasr .errorResult", timeout=15_000)  # type: ignore[attr-defined]
    assert "the prefix nope: is not declared" in error.inner_text()
    wide = tab.evaluate("() => document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert wide <= 1280  # wrapped, not one line thousands of pixels wide
    error.scroll_into_view_if_needed()
    shoot(tab, "syntax-error")
    assert outside == []


def test_browsers_get_pages_for_void_spans_and_missing_pages(
    seed_url: str, page: tuple[object, list[str]]
) -> None:
    tab, outside = page
    tab.goto(seed_url + "void")  # type: ignore[attr-defined]
    assert tab.locator("h1").inner_text() == "WSIS knowledge graph"  # type: ignore[attr-defined]
    missing = tab.goto(seed_url + "id/nothing/here")  # type: ignore[attr-defined]
    assert missing.status == 404
    assert tab.locator("h1").inner_text() == "Not found"  # type: ignore[attr-defined]
    tab.goto(seed_url + "id/doc/tunis-draft/eng/2005/para_2")  # type: ignore[attr-defined]
    tab.locator("a[href*='txt%23char=609,1080']").first.click()  # type: ignore[attr-defined]
    assert "%23char=609,1080" in tab.url  # type: ignore[attr-defined]  # the span's page, not the source
    assert tab.locator(".focus").count() > 0  # type: ignore[attr-defined]
    assert outside == []


@pytest.mark.parametrize(
    "path",
    [
        "",
        READ,
        "search?q=digital+divide",
        "charts",
        "compare",
        "queries/coordinators_of?action_line=C4&run=1",
        "id/org/itu",
        "id/doc/tunis-draft/eng/2005/txt%23char=1055,1079",
        "void",
        "query",
    ],
)
def test_no_serious_accessibility_violations(
    seed_url: str, page: tuple[object, list[str]], path: str
) -> None:
    tab, outside = page
    tab.goto(seed_url + path)  # type: ignore[attr-defined]
    if path == "query":
        tab.wait_for_selector(".yasqe .CodeMirror", timeout=15_000)  # type: ignore[attr-defined]
    found = serious_violations(tab)
    print("\n".join(found))
    assert found == []
    assert outside == []


def test_an_entity_page_leads_with_meaning(seed_url: str, page: tuple[object, list[str]]) -> None:
    tab, outside = page
    tab.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]
    tab.goto(seed_url + "id/org/itu")  # type: ignore[attr-defined]
    assert tab.locator("h1").inner_text() == "International Telecommunication Union"  # type: ignore[attr-defined]
    assert tab.title().startswith("International Telecommunication Union")  # type: ignore[attr-defined]
    headings = tab.locator("main h2").all_inner_texts()  # type: ignore[attr-defined]
    assert headings[0] == "Portfolio per proposal"
    assert headings.index("All statements") > headings.index("Commitments addressed to it")
    shoot(tab, "entity")
    assert outside == []
