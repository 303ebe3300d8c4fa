"""Session fixtures shared by the test modules: the seed text parsed, extracted and built once.

Each fixture is computed only when a test asks for it. ``seed_dataset`` is the in-memory
rdflib Dataset (no validation, no reasoning: fast); ``seed_build_dir`` runs the whole
pipeline (SHACL validation and, with Java, HermiT) into a temporary build directory.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from rdflib import Dataset

from wsiskg.text.model import Document

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

    from wsiskg.extract import Extraction

#: The build time pinned in test builds, so their provenance graph is reproducible too.
FIXED_BUILD_TIME = datetime(2005, 11, 18, tzinfo=UTC)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The shipped seed text."""
    from wsiskg.resources import corpus_files

    return corpus_files()[0]


@pytest.fixture(scope="session")
def seed_document(seed_path: Path) -> Document:
    """The seed text, parsed."""
    from wsiskg.text.parse import parse_file

    return parse_file(seed_path)


@pytest.fixture(scope="session")
def seed_extraction(seed_document: Document) -> Extraction:
    """What extraction reads from the seed text."""
    from wsiskg.extract import extract
    from wsiskg.graph.lexicon import load_lexicon

    return extract(seed_document, load_lexicon())


@pytest.fixture(scope="session")
def seed_dataset(seed_document: Document, seed_extraction: Extraction) -> Dataset:
    """The seed's knowledge graph as built (rules applied; not validated, not reasoned)."""
    from wsiskg.graph.dataset import build_dataset

    return build_dataset(seed_document, seed_extraction, generated_at=FIXED_BUILD_TIME)


@pytest.fixture(scope="session")
def seed_build_dir(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    """A build directory made by the whole pipeline from the seed text."""
    from wsiskg.pipeline.run import build

    out = tmp_path_factory.mktemp("seed-build") / "build"
    build([seed_path], out, generated_at=FIXED_BUILD_TIME)
    return out


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's headless Chromium driven by Playwright, one per test module."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as driver:
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


@pytest.fixture(scope="module")
def seed_client(seed_build_dir: Path) -> Iterator[TestClient]:
    """The web app over the seed's whole build (one query worker), one per test module."""
    from fastapi.testclient import TestClient

    from wsiskg.config import Settings
    from wsiskg.query.store import Store
    from wsiskg.server import create_app

    store = Store.from_build(seed_build_dir)
    with TestClient(create_app(Settings(), store, workers=1)) as test_client:
        yield test_client
