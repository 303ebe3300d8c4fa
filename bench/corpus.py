"""Corpus-scale builds, as ``wsiskg build`` runs them: whole build, rebuild after one changed
draft, and the seed; wall time and peak memory of the whole process tree.

    python -m bench.corpus --scales 100            # the 100x target (about 1M triples)
    python -m bench.corpus --scales 100 1000       # and 1000x, when there is time
    python -m bench.corpus --scales 1000 --whole-only  # 1000x: the whole build and serving it

Each build is a real ``wsiskg build`` subprocess with a fresh document cache (``--work``);
the tree's resident memory (the build, its document workers, HermiT's JVMs) is sampled every
0.2 s (:mod:`bench.procmem`). The rebuild edits one paragraph of one draft and builds again
over the same cache. The whole build is then served (``wsiskg serve``, no answer cache) and
timed on ``ASK {}`` and the e-health coordinators, by HTTP and embedded, with the server tree's
peak PSS. Results go to ``WORK/corpus.json`` and, as a table, to stdout (pasted
into ``docs/benchmarks.md``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bench.generate import write_corpus
from bench.http_load import wsiskg_server
from bench.latency import library_texts
from bench.procmem import MemorySampler, process_tree, rss_kib
from tests.virtuoso import free_port
from wsiskg.api import KG
from wsiskg.query.store import Store
from wsiskg.resources import corpus_files

#: The serving checks of issue 15: a query's name in the library, and the target in ms.
SERVED = {"ASK": ("ASK {}", 100.0), "coordinators_of": ("", 50.0)}


def measure(command: list[str], env: dict[str, str], log: Path) -> dict[str, Any]:
    """Run ``command``; its wall seconds, peak tree RSS (MiB), exit code and stderr tail.

    stderr goes to the file ``log`` (a pipe read only at the end would fill and block the
    build: it reports every document and SHACL warning)."""
    started = time.perf_counter()
    with (
        log.open("w") as errors,
        subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors) as process,
    ):
        peak = 0
        while process.poll() is None:
            peak = max(peak, sum(rss_kib(p) for p in process_tree(process.pid)))
            time.sleep(0.2)
    seconds = time.perf_counter() - started
    stderr = log.read_text(errors="replace")
    return {
        "seconds": round(seconds, 2),
        "peak_mib": round(peak / 1024),
        "code": process.returncode,
        "stages": _stages(stderr),
        "reuse": next((line for line in stderr.splitlines() if "document(s);" in line), ""),
        "tail": stderr[-1500:],
    }


def _stages(stderr: str) -> dict[str, list[float]]:
    """The per-stage lines ``wsiskg build`` prints: name -> [items, seconds, peak MiB]."""
    found = {}
    for line in stderr.splitlines():
        match = re.match(r"^(\w+)\s+([\d,]+)\s+([\d.]+) s\s+([\d,]+) MiB$", line.strip())
        if match:
            name, items, seconds, peak = match.groups()
            found[name] = [
                float(items.replace(",", "")),
                float(seconds),
                float(peak.replace(",", "")),
            ]
    return found


def edit_one(paths: list[Path]) -> Path:
    """Change one word of the middle draft (a revision: one document differs)."""
    path = paths[len(paths) // 2]
    text = path.read_text(encoding="utf-8")
    for old, new in ((" shall ", " should "), (" and ", " and also "), (" the ", " the said ")):
        if old in text:
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
            return path
    raise SystemExit(f"{path}: found nothing to edit")


def serve_checks(build: Path, runs: int = 20) -> dict[str, Any]:
    """``ASK {}`` and the e-health coordinators (``coordinators_of``, its default line) on the
    build: embedded (``Store.from_build``: the on-disk store when the build is large) and by
    HTTP from ``wsiskg serve`` without its answer cache, ``runs`` times each after a first
    run; milliseconds, and the peak PSS of the server's process tree (MiB)."""
    store = Store.from_build(build)
    library = library_texts(KG(store, build))
    texts = {name: text or library[name] for name, (text, _) in SERVED.items()}
    found: dict[str, Any] = {"on_disk": store.on_disk, "embedded": {}, "http": {}}
    for name, text in texts.items():
        first = _ms(lambda t=text: store.query(t))
        times = [_ms(lambda t=text: store.query(t)) for _ in range(runs)]
        found["embedded"][name] = {"first": first, **_spread(times)}
    server = wsiskg_server(build, free_port(), query_timeout=600)  # measured, not cut off
    server.env["WSISKG_ANSWER_CACHE_MB"] = "0"
    server.start()
    try:
        assert server.process is not None
        with (
            MemorySampler(server.process.pid, every=0.1) as memory,
            httpx.Client(headers={"Accept": "application/sparql-results+json"}) as client,
        ):
            for name, text in texts.items():
                statuses: set[int] = set()

                def get(query: str = text, seen: set[int] = statuses) -> None:  # a kept connection
                    seen.add(
                        client.get(server.url, params={"query": query}, timeout=600).status_code
                    )

                first = _ms(get)
                times = [_ms(get) for _ in range(runs)]
                found["http"][name] = {
                    "first": first,
                    **_spread(times),
                    "statuses": sorted(statuses),
                }
        found["server_peak_pss_mib"] = round(memory.peak_kib / 1024)
    finally:
        server.stop()
    return found


def _ms(work: Any) -> float:
    started = time.perf_counter()
    work()
    return round((time.perf_counter() - started) * 1000, 2)


def _spread(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {"median": ordered[len(ordered) // 2], "max": ordered[-1]}


def run_scale(
    scale: float, work: Path, env: dict[str, str], whole_only: bool = False
) -> dict[str, Any]:
    """Whole build, then (unless ``whole_only``) a rebuild after one changed draft, over one
    document cache; then the serving checks on the whole build."""
    corpus = work / f"corpus-{scale:g}x"
    shutil.rmtree(corpus, ignore_errors=True)
    paths = write_corpus(corpus, scale, seed=0)
    cache = work / f"cache-{scale:g}x"
    shutil.rmtree(cache, ignore_errors=True)
    run_env = {**env, "WSISKG_CACHE_DIR": str(cache)}
    out = work / f"build-{scale:g}x"
    command = [sys.executable, "-m", "wsiskg.cli", "build", "--out", str(out), *map(str, paths)]
    whole = measure(command, run_env, work / f"whole-{scale:g}x.log")
    summary = (
        json.loads((out / "summary.json").read_text()) if (out / "summary.json").is_file() else {}
    )
    found = {
        "scale": scale,
        "documents": len(paths),
        "triples": sum(summary.get("graphs", {}).values()),
        "whole": whole,
        "served": serve_checks(out) if whole["code"] == 0 else None,
    }
    if not whole_only:
        found["changed"] = edit_one(paths).name
        found["rebuild"] = measure(command, run_env, work / f"rebuild-{scale:g}x.log")
    return found


def run_seed(work: Path, env: dict[str, str]) -> dict[str, Any]:
    """The seed: cold (empty document cache) and warm (the cache of a previous build)."""
    cache = work / "cache-seed"
    shutil.rmtree(cache, ignore_errors=True)
    run_env = {**env, "WSISKG_CACHE_DIR": str(cache)}
    out = work / "build-seed"
    command = [sys.executable, "-m", "wsiskg.cli", "build", "--out", str(out)]
    command += [str(p) for p in corpus_files()]
    cold = measure(command, run_env, work / "seed-cold.log")
    return {"cold": cold, "warm": measure(command, run_env, work / "seed-warm.log")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=float, nargs="*", default=[100.0])
    parser.add_argument("--work", type=Path, default=Path("build/bench-corpus"))
    parser.add_argument(
        "--whole-only", action="store_true", help="no seed builds and no one-draft rebuild"
    )
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    results: dict[str, Any] = {"cores": os.cpu_count(), "load_before": os.getloadavg()}
    if not args.whole_only:
        results["seed"] = run_seed(args.work, env)
    results["scales"] = [run_scale(s, args.work, env, args.whole_only) for s in args.scales]
    results["load_after"] = os.getloadavg()
    name = "corpus-whole.json" if args.whole_only else "corpus.json"
    (args.work / name).write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
