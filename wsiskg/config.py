"""Settings read from the environment (``WSISKG_`` prefix) — the only global configuration."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_BASE_IRI = "https://w3id.org/wsiskg/"
#: The file of a build directory that holds the dataset (what the store loads).
DATASET_FILE = "dataset.nq"
#: The on-disk store of a build directory (bulk-loaded by the build), opened read-only.
STORE_DIR = "store"


class Settings(BaseSettings):
    """Configuration of builds, the store and the server."""

    model_config = SettingsConfigDict(env_prefix="WSISKG_")

    base_iri: str = DEFAULT_BASE_IRI
    build_dir: Path = Path("build")
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout: float = 10.0  # seconds a SPARQL query may run
    max_result_rows: int = 100_000
    max_query_bytes: int = 1_000_000
    max_result_bytes: int = 100_000_000  # a serialised answer larger than this is refused
    query_memory: int = 1024  # MiB one query's worker process may add; 0: no limit
    query_workers: int = 0  # most query workers (slow queries at once); 0: a core each, 2 at least
    memory_store_mb: int = 256  # a dataset.nq up to this is served from memory, else from disk
    answer_cache_mb: int = 32  # MiB of written answers kept in memory; 0: none
    cache_max_age: int = 300  # seconds HTTP caches may reuse a GET answer (Cache-Control)
    access_log: bool = False  # one log line per request (uvicorn's); off on the hot path
    inline_query_seconds: float = 0.1  # CPU s a worker measured: later runs in-process; 0: never
    reason_timeout: float = 120.0  # seconds HermiT may run at build time (per piece)
    build_workers: int = 0  # document processes of a build; 0: one per core
    reason_piece_triples: int = 60_000  # DL triples of documents per HermiT piece
    cache_dir: Path | None = None  # builds made by wsiskg.load(); default ~/.cache/wsiskg


def query_worker_limit(settings: Settings) -> int:
    """The most query worker processes: as set, or one per core (two at least, so a slow
    query never waits for another on a one-core machine)."""
    return settings.query_workers or max(2, os.cpu_count() or 1)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
