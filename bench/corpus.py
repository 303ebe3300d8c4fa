"""Corpus-scale builds, as ``wsiskg build`` runs them: whole build, rebuild after one changed
draft, and the seed; wall time and peak memory of the whole process tree.

    python -m bench.corpus --scales 100            # the 100x target (about 1M triples)
    python -m bench.corpus --scales 100 1000       # and 1000x, when there is time

Each build is a real ``wsiskg build`` subprocess with a fresh document cache (``--work``);
the tree's resident memory (the build, its document workers, HermiT's JVMs) is sampled every
0.2 s (:mod:`bench.procmem`). The rebuild edits one paragraph of one draft and builds again
over the same cache. Results go to ``WORK/corpus.json`` and, as a table, to stdout (pasted
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

from bench.generate import write_corpus
from bench.procmem import process_tree, rss_kib
from wsiskg.resources import corpus_files


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


def run_scale(scale: float, work: Path, env: dict[str, str]) -> dict[str, Any]:
    """Whole build, then a rebuild after one changed draft, over one document cache."""
    corpus = work / f"corpus-{scale:g}x"
    shutil.rmtree(corpus, ignore_errors=True)
    paths = write_corpus(corpus, scale, seed=0)
    cache = work / f"cache-{scale:g}x"
    shutil.rmtree(cache, ignore_errors=True)
    run_env = {**env, "WSISKG_CACHE_DIR": str(cache)}
    out = work / f"build-{scale:g}x"
    command = [sys.executable, "-m", "wsiskg.cli", "build", "--out", str(out), *map(str, paths)]
    whole = measure(command, run_env, work / f"whole-{scale:g}x.log")
    changed = edit_one(paths)
    rebuild = measure(command, run_env, work / f"rebuild-{scale:g}x.log")
    summary = (
        json.loads((out / "summary.json").read_text()) if (out / "summary.json").is_file() else {}
    )
    triples = sum(summary.get("graphs", {}).values())
    return {
        "scale": scale,
        "documents": len(paths),
        "triples": triples,
        "whole": whole,
        "rebuild": rebuild,
        "changed": changed.name,
    }


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
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    results: dict[str, Any] = {"cores": os.cpu_count(), "load_before": os.getloadavg()}
    results["seed"] = run_seed(args.work, env)
    results["scales"] = [run_scale(scale, args.work, env) for scale in args.scales]
    results["load_after"] = os.getloadavg()
    (args.work / "corpus.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
