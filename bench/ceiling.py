"""``/sparql`` against the Python ceiling, in one run: wsiskg, the bare handler, Oxigraph.

    python -m bench.ceiling [--seed build] [--large build/bench/build-8x-graph-only]
                            [--seconds 5] [--rounds 3] [--sets large seed stacks]

Every server runs at once on the same dump; each query is sent by GET (``wrk -t1 -c8``,
``Accept: application/sparql-results+json``) to each server in turn, for ``--rounds`` rounds,
so that the noise of this shared machine falls on all of them alike; a server's rate is the
median of its rounds, and ratios are taken between servers of the same run. The queries are
issue 13's: on the large build the e-health coordinators (``coordinators_of``, default
parameters) and the whole coordinator table (``coordinators``); on the seed, ``coordinators``.

Servers: ``wsiskg`` (``wsiskg serve``, default settings: the answer cache on, so a repeated
query is a cache hit), ``wsiskg, no answer cache`` (``WSISKG_ANSWER_CACHE_MB=0``: each
request runs the query, on the fast path after the first), the bare handler
(:mod:`bench.bare_handler`), Oxigraph's server and, on the seed, rdflib-endpoint. The set
``stacks`` runs wsiskg (no answer cache) under other HTTP stacks (:mod:`bench.serve_variant`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from bench import http_load, latency, procmem
from tests.virtuoso import free_port
from wsiskg.api import KG
from wsiskg.query.store import Store

BIN = Path(sys.executable).parent
ACCEPT = "application/sparql-results+json"
BARE = "bare handler"
NO_CACHE = "wsiskg, no answer cache"
#: Targets of issue 13: (query set, compared with, at least).
TARGETS = (
    ("large", BARE, 0.8),
    ("large", "oxigraph", 1.0),
    ("seed", "rdflib-endpoint", 20.0),
    ("seed", "oxigraph", 1.0),
)


@dataclass
class Running:
    """A server under test: a process and the GET URL of its endpoint."""

    name: str
    command: list[str]
    url: str
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    def start(self) -> Running:
        log = self.log = Path(tempfile.mkstemp(prefix="ceiling-", suffix=".log")[1])
        env = {**os.environ, **self.env}
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                self.command,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
            )
        http_load.wait_until_answering(self.name, self.process, log, self.get)
        return self

    def get(self, query: str, timeout: float = 60) -> httpx.Response:
        return httpx.get(
            self.url, params={"query": query}, headers={"Accept": ACCEPT}, timeout=timeout
        )

    def stop(self) -> None:
        http_load.stop_process(self.process)
        if self.log is not None:
            self.log.unlink(missing_ok=True)


def wsiskg(name: str, build: Path, env: Mapping[str, str] | None = None) -> Running:
    port = free_port()
    command = [str(BIN / "wsiskg"), "serve", "--build", str(build), "--port", str(port)]
    return Running(name, command, f"http://127.0.0.1:{port}/sparql", dict(env or {}))


def stack(variant: str, build: Path) -> Running:
    port = free_port()
    command = [sys.executable, "-m", "bench.serve_variant", str(build), str(port), variant]
    url = f"http://127.0.0.1:{port}/sparql"
    return Running(f"wsiskg on {variant}", command, url, {"WSISKG_ANSWER_CACHE_MB": "0"})


def bare(build: Path) -> Running:
    port = free_port()
    command = [str(BIN / "uvicorn"), "bench.bare_handler:app", "--port", str(port)]
    command += ["--log-level", "warning"]
    url = f"http://127.0.0.1:{port}/sparql"
    return Running(BARE, command, url, {"DUMP": str(build / "dataset.nq")})


def oxigraph(build: Path, location: Path) -> Running:
    made = http_load.oxigraph_server(build / "dataset.nq", free_port(), location)
    return Running("oxigraph", made.command, made.url)


def rdflib_endpoint(build: Path) -> Running:
    made = http_load.rdflib_endpoint_server(build / "dataset.nq", free_port())
    return Running("rdflib-endpoint", made.command, made.url)


def wrk(url: str, query: str, seconds: int, connections: int = 8) -> dict[str, float]:
    """Requests per second and failures of one ``wrk`` run (GET, the query in the URL)."""
    target = f"{url}?query={quote(query, safe='')}"
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
    done = subprocess.run(
        [*command, "-H", f"Accept: {ACCEPT}", target],
        capture_output=True,
        text=True,
        timeout=seconds + 120,
        check=True,
    )
    out = done.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    failed = sum(int(n) for n in re.findall(r"(?:Non-2xx or 3xx responses|timeout):? (\d+)", out))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+)", out)
    failed += sum(int(n) for n in errors.groups()) if errors else 0
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return {"rps": rate, "failed": failed, "requests": requests}


def rows(server: Running, query: str) -> int | str:
    response = server.get(query)
    if not response.is_success:
        return f"HTTP {response.status_code}"
    return len(response.json()["results"]["bindings"])


def measure(
    servers: Sequence[Running],
    queries: Mapping[str, str],
    seconds: int,
    rounds: int,
    sampled: str | None = None,
) -> dict[str, Any]:
    """Each query on each server, interleaved, ``rounds`` times; peak PSS of ``sampled``."""
    results: dict[str, Any] = {}
    with contextlib.ExitStack() as stack:
        samplers = {
            s.name: stack.enter_context(procmem.MemorySampler(s.process.pid))
            for s in servers
            if s.name == sampled and s.process is not None
        }
        for name, text in queries.items():
            entry: dict[str, Any] = {"rows": {s.name: rows(s, text) for s in servers}}
            runs: dict[str, list[dict[str, float]]] = {s.name: [] for s in servers}
            for _ in range(rounds):
                for server in servers:
                    runs[server.name].append(wrk(server.url, text, seconds))
            entry["runs"] = runs
            entry["rps"] = {s: statistics.median(r["rps"] for r in v) for s, v in runs.items()}
            entry["failed"] = {s: sum(r["failed"] for r in v) for s, v in runs.items()}
            results[name] = entry
            shown = ", ".join(f"{s} {v:.0f}" for s, v in entry["rps"].items())
            print(f"{name}: {shown}", file=sys.stderr, flush=True)
    if samplers:
        results["_peak_pss_mib"] = {k: v.peak_kib / 1024 for k, v in samplers.items()}
    return results


def run_set(
    makers: Sequence[Callable[[], Running]],
    queries: Mapping[str, str],
    args: argparse.Namespace,
    sampled: str | None = None,
) -> dict[str, Any]:
    servers: list[Running] = []
    try:
        for make in makers:
            servers.append(make().start())
        return measure(servers, queries, args.seconds, args.rounds, sampled)
    finally:
        for server in servers:
            server.stop()


def issue_queries(build: Path, names: Sequence[str]) -> dict[str, str]:
    texts = latency.library_texts(KG(Store.from_build(build), build))
    return {name: texts[name] for name in names}


def compare(args: argparse.Namespace) -> dict[str, Any]:
    """The comparison sets asked for: ``large``, ``seed``, ``stacks`` (HTTP stacks)."""
    work = Path(tempfile.mkdtemp(prefix="ceiling-"))
    large, seed = args.large, args.seed
    no_cache = {"WSISKG_ANSWER_CACHE_MB": "0"}
    variants = ["h11", "uvloop-h11", "uvloop-httptools", "granian"]
    sets: dict[str, tuple[Path, list[Callable[[], Running]], list[str]]] = {
        "large": (
            large,
            [
                lambda: wsiskg("wsiskg", large),
                lambda: wsiskg(NO_CACHE, large, no_cache),
                lambda: bare(large),
                lambda: oxigraph(large, work / "ox-large"),
            ],
            ["coordinators_of", "coordinators"],
        ),
        "seed": (
            seed,
            [
                lambda: wsiskg("wsiskg", seed),
                lambda: wsiskg(NO_CACHE, seed, no_cache),
                lambda: bare(seed),
                lambda: oxigraph(seed, work / "ox-seed"),
                lambda: rdflib_endpoint(seed),
            ],
            ["coordinators"],
        ),
        "stacks": (
            large,
            [*(lambda v=v: stack(v, large) for v in variants), lambda: bare(large)],  # type: ignore[misc]
            ["coordinators_of", "coordinators"],
        ),
    }
    result: dict[str, Any] = {"seconds": args.seconds, "rounds": args.rounds}
    try:
        for name in args.sets:
            build, makers, queries = sets[name]
            sampled = "wsiskg" if name == "large" else None
            result[name] = {
                "triples": len(Store.from_build(build)),
                "queries": run_set(makers, issue_queries(build, queries), args, sampled),
            }
    finally:
        shutil.rmtree(work, ignore_errors=True)  # Oxigraph's databases
    return result


def targets(result: Mapping[str, Any]) -> list[tuple[str, str, bool]]:
    """(target, measured, met) for issue 13's ratios, judged on wsiskg without its cache."""
    found = []
    for size, other, factor in TARGETS:
        if size not in result:
            continue
        for query, entry in result[size]["queries"].items():
            if query.startswith("_") or other not in entry["rps"]:
                continue
            ours, theirs = entry["rps"][NO_CACHE], entry["rps"][other]
            ratio = ours / theirs if theirs else float("inf")
            found.append(
                (
                    f"`{query}` ≥ {factor:g}× {other}, {size} "
                    f"({result[size]['triples']:,} triples)",
                    f"{ratio:.2f}× ({ours:,.0f} vs {theirs:,.0f} req/s)",
                    ratio >= factor,
                )
            )
    return found


def render(result: Mapping[str, Any]) -> str:
    """Markdown tables: req/s per server and query, with ratios to the bare handler."""
    lines = [
        f"GET, `wrk -t1 -c8`, {result['seconds']} s per run, median of {result['rounds']} "
        "interleaved rounds; all servers of a table running at once on the same dump.",
        "",
    ]
    for size, entry in result.items():
        if not isinstance(entry, dict) or "queries" not in entry:
            continue
        queries = {k: v for k, v in entry["queries"].items() if not k.startswith("_")}
        names = list(next(iter(queries.values()))["rps"])
        lines += [f"**{size}** ({entry['triples']:,} triples), req/s (× the bare handler):", ""]
        lines += ["| server | " + " | ".join(f"`{q}`" for q in queries) + " | failed |"]
        lines += ["|---|" + "---|" * (len(queries) + 1)]
        for name in names:
            cells = []
            for data in queries.values():
                rate, base = data["rps"][name], data["rps"].get(BARE)
                cells.append(f"{rate:,.0f}" + (f" ({rate / base:.2f}×)" if base else ""))
            failed = sum(data["failed"][name] for data in queries.values())
            lines.append(f"| {name} | " + " | ".join(cells) + f" | {failed} |")
        answered = {q: set(map(str, d["rows"].values())) for q, d in queries.items()}
        shown = "; ".join(f"`{q}` {'/'.join(sorted(r))}" for q, r in answered.items())
        lines += ["", f"Rows answered (every server): {shown}"]
        peak = entry["queries"].get("_peak_pss_mib")
        if peak:
            lines.append(
                "Peak PSS of `wsiskg serve` (process tree) across its runs: "
                + ", ".join(f"{v:,.0f} MiB" for v in peak.values())
            )
        lines.append("")
    lines += ["| target (wsiskg, no answer cache) | measured | status |", "|---|---|---|"]
    for target, measured, met in targets(result):
        lines.append(f"| {target} | {measured} | {'met' if met else '**missed**'} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=Path, default=Path("build"))
    parser.add_argument("--large", type=Path, default=Path("build/bench/build-8x-graph-only"))
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--sets", nargs="*", default=["large", "seed"], choices=["large", "seed", "stacks"]
    )
    parser.add_argument("--json", type=Path, default=Path("build/bench/ceiling.json"))
    args = parser.parse_args(argv)
    result = compare(args)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(render(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
