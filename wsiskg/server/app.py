"""The FastAPI application: SPARQL endpoint, linked-data pages, web UI, dumps, health.

``create_app`` takes explicit settings and store (tests pass fixtures); ``serve`` is the plain
function behind ``wsiskg serve``. The query worker processes are forked here, right after the
store is loaded and before the server starts its threads.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from wsiskg.config import Settings, get_settings, query_worker_limit
from wsiskg.query.cost import Budget, CostBook
from wsiskg.query.pool import QueryPool
from wsiskg.query.store import Store
from wsiskg.server import (
    charts,
    drafts,
    errors,
    openapi,
    pages,
    query_forms,
    reader,
    search_page,
    ui,
)
from wsiskg.server.caching import AnswerCache
from wsiskg.server.middleware import HeadMiddleware
from wsiskg.server.sparql import sparql_router
from wsiskg.server.state import ServerState

__all__ = ["create_app", "serve", "uvicorn_config"]

STATIC_DIR = Path(__file__).with_name("static")
#: Seconds an idle keep-alive connection stays open. Longer than clients keep theirs (httpx: 5 s,
#: uvicorn's own default too): the server closing first while a client reuses the connection
#: loses that request (seen once in 20,000 by ``bench/load.py`` with both at 5 s).
KEEP_ALIVE_SECONDS = 20
#: Bytes of request line and headers read before refusing with 400. h11 alone applies 16 KiB only
#: to a head that is still incomplete after a read, so a 100 kB ``Accept`` header passed or failed
#: by how the kernel split it; one fixed limit, above the documented 100 kB, makes it decidable.
MAX_REQUEST_HEAD_BYTES = 1024 * 1024


def uvicorn_config(
    app: FastAPI, host: str, port: int, log_level: str = "info", *, access_log: bool = False
) -> uvicorn.Config:
    """The one HTTP configuration: the same protocol and limits for ``serve`` and for tests.

    No access log unless asked (``WSISKG_ACCESS_LOG=true``): a line on stdout per request
    cost 2-3 % of the server's time under load (``docs/benchmarks.md``, profile); a reverse
    proxy in front usually keeps one anyway.
    """
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=access_log,
        lifespan="on",
        loop="auto",  # uvloop (a dependency) where it installs: +5-15 % req/s, measured
        http="h11",  # not httptools: it has no limit on a request's head (a 2 MB header passes)
        h11_max_incomplete_event_size=MAX_REQUEST_HEAD_BYTES,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )


def create_app(
    settings: Settings | None = None, store: Store | None = None, *, workers: int = 2
) -> FastAPI:
    """The app over ``store`` (default: the build directory of ``settings``)."""
    settings = settings or get_settings()
    if store is None:
        store = _build_store(settings)
    memory = settings.query_memory * 2**20 or None
    pool = QueryPool(store, workers, max_workers=query_worker_limit(settings), memory=memory)
    state = ServerState(settings, store, pool)
    state.costs = CostBook(Budget(cpu_seconds=settings.inline_query_seconds))
    state.answers = AnswerCache(settings.answer_cache_mb * 2**20)
    store.version  # noqa: B018 - digest the dataset now, not on the first request

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        state.pool.open()  # no-op on the first start: the workers were forked above
        yield
        state.pool.close()
        state.inline.close()

    app = FastAPI(
        title="wsiskg",
        summary="SPARQL endpoint and linked data for the WSIS knowledge graph",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.wsiskg = state
    errors.install(app)
    openapi.install(app)
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.add_middleware(
        CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["*"]
    )
    app.add_middleware(HeadMiddleware)  # outermost: every GET route answers HEAD too
    app.include_router(sparql_router("/sparql", ui_path="/query"))
    app.include_router(ui.router)
    app.include_router(drafts.router)
    app.include_router(pages.router)
    app.include_router(search_page.router)
    app.include_router(query_forms.router)
    app.include_router(reader.router)
    app.include_router(charts.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_api_route("/docs", _swagger, include_in_schema=False)
    return app


async def _swagger() -> HTMLResponse:
    """OpenAPI docs with Swagger UI served from our own static files (no CDN)."""
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="wsiskg API",
        swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
        swagger_favicon_url="/static/favicon.svg",
    )


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    data_paths: Sequence[Path] = (),
    settings: Settings | None = None,
) -> None:
    """Load the built dataset (plus ``data_paths``) and serve it until interrupted."""
    settings = settings or get_settings()
    store = _build_store(settings, data_paths)
    app = create_app(settings, store)
    uvicorn.Server(uvicorn_config(app, host, port, access_log=settings.access_log)).run()


def _build_store(settings: Settings, extra: Sequence[Path] = ()) -> Store:
    """The store of the build directory the settings name (in memory when small enough)."""
    memory = settings.memory_store_mb * 2**20
    return Store.from_build(settings.build_dir, extra, settings.base_iri, memory_bytes=memory)
