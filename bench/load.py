"""A bounded load test of ``wsiskg serve`` on 127.0.0.1: N requests at concurrency C over the
query mix of ``queries/``, with the server's memory sampled across the run.

    python -m bench.load --build build --requests 20000 --concurrency 32   # the long form
    python -m bench.load --build build --requests 1000 --concurrency 16    # what CI runs

It starts its own server (``wsiskg serve`` in a child process, 127.0.0.1, a free port), sends
a warm-up round (so the worker pool has grown before anything is measured), then the run, and
stops the server: it always ends by itself. Requests are the library queries with their
default parameters, POSTed round-robin as ``query=`` with an httpx async client. The report
gives errors, throughput, p50/p99 latency, and memory sampled every ``--every`` seconds: the
server process's RSS and the PSS of its whole tree (query workers included; shared pages
counted once). Memory is *stable* when the median of the last quarter of the samples is
within ``--tolerance`` (20 %) of the median of the first quarter, for both.

Exit code 0: no errors and stable memory; 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

from bench.http_load import stop_process, wait_until_answering
from bench.procmem import MemorySampler
from wsiskg.query.registry import registry

BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
MAX_WORKERS = 4  # at most this many query workers to warm up (WSISKG_QUERY_WORKERS: a core each)


@dataclass
class LoadReport:
    """What one run measured (memory in KiB, latency in ms)."""

    requests: int
    concurrency: int
    errors: int
    error_samples: list[str]
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    rss_kib: list[int] = field(default_factory=list)
    tree_pss_kib: list[int] = field(default_factory=list)
    workers: list[int] = field(default_factory=list)
    tolerance: float = 0.2

    @property
    def rss_stable(self) -> bool:
        """Last-quarter median RSS of the server process within tolerance of the first's."""
        return stable(self.rss_kib, self.tolerance)

    @property
    def tree_stable(self) -> bool:
        """The same for the PSS of the server and its query workers."""
        return stable(self.tree_pss_kib, self.tolerance)

    @property
    def ok(self) -> bool:
        """No error, and memory stable."""
        return self.errors == 0 and self.rss_stable and self.tree_stable

    def summary(self) -> str:
        """A few lines for people."""
        rss, pss = quarters(self.rss_kib), quarters(self.tree_pss_kib)
        return "\n".join(
            [
                f"{self.requests:,} requests at concurrency {self.concurrency}: "
                f"{self.errors} errors, {self.seconds:.1f} s, {self.rps:,.0f} req/s",
                f"latency p50 {self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms, "
                f"max {self.max_ms:.1f} ms",
                f"server RSS first/last quarter {rss[0] / 1024:.1f} / {rss[1] / 1024:.1f} MiB "
                f"({'stable' if self.rss_stable else 'NOT stable'})",
                f"server + workers PSS first/last quarter {pss[0] / 1024:.1f} / "
                f"{pss[1] / 1024:.1f} MiB ({'stable' if self.tree_stable else 'NOT stable'}); "
                f"workers {min(self.workers, default=0)}-{max(self.workers, default=0)}",
                f"peak PSS of server + workers {max(self.tree_pss_kib, default=0) / 1024:.1f} MiB",
                f"{len(self.rss_kib)} memory samples",
            ]
        )


def quarters(samples: Sequence[int]) -> tuple[float, float]:
    """Medians of the first and the last quarter of ``samples``."""
    if not samples:
        return 0.0, 0.0
    size = max(1, len(samples) // 4)
    return statistics.median(samples[:size]), statistics.median(samples[-size:])


def stable(samples: Sequence[int], tolerance: float) -> bool:
    """Whether the last quarter's median is within ``tolerance`` of the first quarter's."""
    first, last = quarters(samples)
    return len(samples) >= 4 and abs(last - first) <= tolerance * first


def query_mix() -> list[str]:
    """Every library query with its default parameters."""
    return [query.text for query in registry()]


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port nobody listens on right now, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def server(build: Path, log: Path, query_timeout: float = 10.0) -> Iterator[tuple[str, int]]:
    """``wsiskg serve`` on 127.0.0.1 in a child process; yields its endpoint URL and PID."""
    port = free_port()
    command = [str(BIN / "wsiskg"), "serve", "--build", str(build), "--host", HOST]
    env = {**os.environ, "WSISKG_QUERY_TIMEOUT": str(query_timeout)}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
        )
    url = f"http://{HOST}:{port}/sparql"
    try:
        wait_until_answering("the server", process, log, lambda q: _ask(url, q), timeout=120)
        yield url, process.pid
    finally:
        stop_process(process)


def _ask(url: str, query: str) -> httpx.Response:
    return httpx.get(url, params={"query": query}, timeout=5)


# --- memory ----------------------------------------------------------------------------------


# --- the load --------------------------------------------------------------------------------


async def _drive(
    url: str, texts: Sequence[str], requests: int, concurrency: int
) -> tuple[list[float], list[str]]:
    """Send ``requests`` queries with ``concurrency`` clients; latencies (s) and errors."""
    mix = itertools.cycle(texts)
    pending = iter(range(requests))
    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"Accept": "application/sparql-results+json"}
    async with httpx.AsyncClient(limits=limits, timeout=60, headers=headers) as client:

        async def one_client() -> None:
            for _ in pending:
                text = next(mix)
                started = time.perf_counter()
                try:
                    response = await client.post(url, data={"query": text})
                    if response.status_code != 200:
                        errors.append(f"HTTP {response.status_code}: {response.text[:200]}")
                except httpx.HTTPError as error:
                    cause = error.__cause__ or error.__context__
                    at = time.perf_counter() - begun
                    errors.append(f"{type(error).__name__} at {at:.1f} s: {error!r} ({cause!r})")
                latencies.append(time.perf_counter() - started)

        begun = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(concurrency)))
    return latencies, errors


def run_load(
    url: str,
    pid: int,
    requests: int,
    concurrency: int,
    texts: Sequence[str] | None = None,
    every: float = 0.05,
    tolerance: float = 0.2,
    warmup: int | None = None,
) -> LoadReport:
    """Warm up, then send ``requests`` at ``concurrency`` while sampling the server's memory.

    The warm-up (default: every query twice per possible worker) lets the pool grow to its
    size and each worker touch the pages its queries need (copy-on-write makes a forked
    worker's memory grow as it first reads the store), so what is left to see is a leak.
    """
    texts = list(texts or query_mix())
    rounds = warmup if warmup is not None else max(4 * concurrency, 2 * len(texts) * MAX_WORKERS)
    asyncio.run(_drive(url, texts, rounds, concurrency))
    with MemorySampler(pid, every) as sampler:
        started = time.perf_counter()
        latencies, errors = asyncio.run(_drive(url, texts, requests, concurrency))
        seconds = time.perf_counter() - started
    ordered = sorted(latencies)
    return LoadReport(
        requests=requests,
        concurrency=concurrency,
        errors=len(errors),
        error_samples=errors[:5],
        seconds=seconds,
        rps=requests / seconds,
        p50_ms=1000 * ordered[len(ordered) // 2],
        p99_ms=1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        max_ms=1000 * ordered[-1],
        rss_kib=sampler.rss,
        tree_pss_kib=sampler.pss,
        workers=sampler.workers,
        tolerance=tolerance,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=Path, default=Path("build"), help="build to serve")
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--every", type=float, default=0.05, help="memory sample period (s)")
    parser.add_argument("--tolerance", type=float, default=0.2)
    parser.add_argument("--json", type=Path, help="also write the report as JSON here")
    parser.add_argument("--log", type=Path, default=Path("build/bench-load-server.log"))
    args = parser.parse_args(argv)
    args.log.parent.mkdir(parents=True, exist_ok=True)
    with server(args.build, args.log) as (url, pid):
        report = run_load(
            url, pid, args.requests, args.concurrency, every=args.every, tolerance=args.tolerance
        )
    print(report.summary())
    for sample in report.error_samples:
        print("error:", sample)
    if args.json:
        data = {
            **asdict(report),
            "rss_stable": report.rss_stable,
            "tree_stable": report.tree_stable,
        }
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
