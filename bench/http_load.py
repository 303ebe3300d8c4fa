"""SPARQL servers under load on 127.0.0.1: throughput and latency with ``wrk``, a quick query
answered while a slow one runs, and the memory a server holds.

Every server gets the same dump and the same query mix (the library queries with their
default parameters, POSTed round-robin as form-encoded ``query=``). ``wrk`` (Debian) drives
the load: a Python load generator on the same 2 cores caps out near 440 req/s, below the
fast servers (``/work/shared/design/tool-facts.md``). It runs one thread with 8
connections, so one core is left for the server under test.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx

from bench import procmem

BIN = Path(sys.executable).parent


def stop_process(process: subprocess.Popen[bytes] | None) -> None:
    """Terminate a server still running, and kill it if it has not exited after 20 s."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until_answering(
    name: str,
    process: subprocess.Popen[bytes],
    log: Path,
    ask: Callable[[str], httpx.Response],
    timeout: float = 600.0,
) -> None:
    """Poll ``ASK {}`` until the server answers; RuntimeError with its log if it dies or
    does not answer within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited: {log.read_text()[-2000:]}")
        try:
            if ask("ASK {}").is_success:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{name} not ready after {timeout:.0f} s")


@dataclass
class Server:
    """A server process and the URL of its SPARQL endpoint."""

    name: str
    command: list[str]
    url: str
    extra: list[tuple[str, str]] = field(default_factory=list)  # sent with every query
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    def start(self, timeout: float = 600.0) -> Server:
        return self.launch().wait_ready(timeout)

    def launch(self) -> Server:
        handle, name = tempfile.mkstemp(prefix=f"bench-{self.name}-", suffix=".log")
        os.close(handle)
        self.log = Path(name)
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                self.command,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env={**os.environ, **self.env},
            )
        return self

    def wait_ready(self, timeout: float = 600.0) -> Server:
        assert self.process is not None
        assert self.log is not None
        try:
            wait_until_answering(self.name, self.process, self.log, self.ask, timeout)
        except RuntimeError:
            self.stop()
            raise
        return self

    def ask(self, query: str, timeout: float = 5.0) -> httpx.Response:
        return httpx.post(
            self.url,
            content=urlencode([("query", query), *self.extra]),
            timeout=timeout,
            headers={
                "Accept": "application/sparql-results+json",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None


def wsiskg_server(build_dir: Path, port: int, query_timeout: float = 10.0) -> Server:
    return Server(
        "wsiskg",
        [
            str(BIN / "wsiskg"),
            "serve",
            "--build",
            str(build_dir),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        f"http://127.0.0.1:{port}/sparql",
        env={"WSISKG_QUERY_TIMEOUT": str(query_timeout)},
    )


def rdflib_endpoint_server(dataset: Path, port: int) -> Server:
    return Server(
        "rdflib-endpoint",
        [
            str(BIN / "rdflib-endpoint"),
            "serve",
            str(dataset),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        f"http://127.0.0.1:{port}/",
    )


def oxigraph_server(dataset: Path, port: int, location: Path) -> Server:
    """Oxigraph's own server (PyPI ``oxigraph``) on a RocksDB directory loaded first."""
    subprocess.run(
        [str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(dataset)],
        check=True,
        capture_output=True,
        timeout=1800,
    )
    return Server(
        "oxigraph",
        [
            str(BIN / "oxigraph"),
            "serve-read-only",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        f"http://127.0.0.1:{port}/query",
    )


# --- throughput ------------------------------------------------------------------------------

_LUA = """\
local bodies = {{
{bodies}
}}
local i = 0
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", nil, {{
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/sparql-results+json"}}, bodies[i])
end
done = function(summary, latency, requests)
  io.write(string.format(
    '\\nRESULT {{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "non2xx": %d, "timeouts": %d, "errors": %d}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, summary.errors.status, summary.errors.timeout,
    summary.errors.connect + summary.errors.read + summary.errors.write))
end
"""


def wrk_script(texts: Sequence[str], extra: Sequence[tuple[str, str]], path: Path) -> Path:
    bodies = ",\n".join(f"[==[{urlencode([('query', t), *extra])}]==]" for t in texts)
    path.write_text(_LUA.format(bodies=bodies), encoding="utf-8")
    return path


def throughput(
    server: Server, texts: Sequence[str], seconds: int, connections: int = 8
) -> dict[str, float]:
    """Requests per second and latency percentiles (ms) of ``server`` under ``wrk``."""
    with tempfile.TemporaryDirectory() as scratch:
        script = wrk_script(texts, server.extra, Path(scratch) / "mix.lua")
        done = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "-s",
                str(script),
                server.url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 120,
            check=True,
        )
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    data = json.loads(line.removeprefix("RESULT "))
    return {
        "requests": data["requests"],
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50_ms": data["p50_us"] / 1000,
        "p99_ms": data["p99_us"] / 1000,
        "max_ms": data["max_us"] / 1000,
        "failed": data["non2xx"] + data["timeouts"] + data["errors"],
    }


def answer_sizes(server: Server, texts: Mapping[str, str]) -> dict[str, int | str]:
    """Rows per query (a check that every server answers the mix, and the same)."""
    sizes: dict[str, int | str] = {}
    for name, text in texts.items():
        try:
            response = server.ask(text, timeout=120)
        except httpx.HTTPError as error:
            sizes[name] = f"error: {error}"
            continue
        if not response.is_success:
            sizes[name] = f"HTTP {response.status_code}"
            continue
        data = response.json()
        sizes[name] = (
            len(data["results"]["bindings"]) if "results" in data else int(data["boolean"])
        )
    return sizes


# --- a quick query while a slow one runs -----------------------------------------------------

SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def ask_during_slow_query(server: Server, slow_seconds: float) -> dict[str, float | str]:
    """Latencies of ``ASK {}`` sent every 0.25 s while :data:`SLOW_QUERY` runs (the server's
    time limit, ``slow_seconds``, stops it)."""
    outcome: dict[str, float | str] = {}

    def slow() -> None:
        started = time.perf_counter()
        try:
            response = server.ask(SLOW_QUERY, timeout=slow_seconds + 10)
            outcome["slow_status"] = f"HTTP {response.status_code}"
        except httpx.TimeoutException:
            outcome["slow_status"] = f"not stopped: no answer after {slow_seconds + 10:g} s"
        except httpx.HTTPError as error:
            outcome["slow_status"] = f"error {error}"
        outcome["slow_s"] = time.perf_counter() - started

    worker = threading.Thread(target=slow)
    worker.start()
    time.sleep(1.0)
    latencies = []
    with httpx.Client(timeout=30) as client:
        while worker.is_alive():
            started = time.perf_counter()
            response = client.post(
                server.url,
                data={"query": "ASK {}"},
                headers={"Accept": "application/sparql-results+json"},
            )
            response.raise_for_status()
            latencies.append(time.perf_counter() - started)
            time.sleep(0.25)
    worker.join()
    outcome.update(
        asks=len(latencies),
        p50_ms=1000 * statistics.median(latencies),
        max_ms=1000 * max(latencies),
    )
    return outcome


# Memory sampling lives in bench/procmem.py (shared with bench/load.py).
MemorySampler = procmem.MemorySampler
