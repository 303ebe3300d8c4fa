"""``wsiskg serve`` with another HTTP stack, to measure HTTP servers on the same app.

    python -m bench.serve_variant BUILD_DIR PORT VARIANT

Variants: ``h11`` (uvicorn, asyncio loop, h11 parser: wsiskg's configuration before issue 13),
``uvloop-h11``, ``uvloop-httptools`` (uvicorn with both fast extensions), ``granian`` (one
Granian worker, ASGI). Whatever the variant, the app is ``create_app`` over the build, with the
default settings (access log off).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from wsiskg.config import Settings
from wsiskg.query.store import Store
from wsiskg.server.app import create_app, uvicorn_config

VARIANTS = {
    "h11": ("asyncio", "h11"),
    "uvloop-h11": ("uvloop", "h11"),
    "uvloop-httptools": ("uvloop", "httptools"),
}


def granian_app() -> FastAPI:
    """The app, built inside Granian's worker process (``--factory``)."""
    return _app(Path(os.environ["WSISKG_BENCH_BUILD"]))


def _app(build: Path) -> FastAPI:
    settings = Settings(build_dir=build)
    return create_app(settings, Store.from_build(build, base_iri=settings.base_iri))


def main(argv: list[str]) -> int:
    build, port, variant = Path(argv[0]), int(argv[1]), argv[2]
    if variant == "granian":
        from granian import Granian
        from granian.constants import Interfaces

        os.environ["WSISKG_BENCH_BUILD"] = str(build)
        Granian(
            "bench.serve_variant:granian_app",
            port=port,
            interface=Interfaces.ASGI,
            factory=True,
            log_access=False,
        ).serve()
        return 0
    config = uvicorn_config(_app(build), "127.0.0.1", port, log_level="warning")
    config.loop, config.http = VARIANTS[variant]
    uvicorn.Server(config).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
