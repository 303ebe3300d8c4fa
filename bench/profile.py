"""Profile ``/sparql`` under load with py-spy: where a request's time goes, server and workers.

    python -m bench.profile BUILD_DIR QUERY.rq [--seconds 6] [--out build/prof/NAME.raw]

Starts ``wsiskg serve`` on ``BUILD_DIR``, sends the query by GET with ``wrk -t1 -c8`` while
``py-spy record --subprocesses`` samples the server and its query workers, then prints the
busy samples by part of the request path. Idle waits (a thread waiting for work, a worker
waiting for its next query, the event loop's ``select``) are dropped: py-spy counts some of
them as busy. py-spy is not a dependency of the project: ``pip install py-spy``.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from bench import http_load
from tests.virtuoso import free_port

#: Leaf frames that are waits, not work.
IDLE = (
    "Condition.wait",
    "_PollLikeSelector.select",
    "EpollSelector.select",
    "_wait_for_tstate_lock",
    "connection.py:395)",  # a worker blocked reading its next request
    "Queue.get",
)
#: Parts of the request path: the first whose marker is on the stack takes the sample.
PARTS = (
    ("worker", "guard (again)", "Store.inspect"),
    ("worker", "engine, rows to Python objects", "Store.execute"),
    ("worker", "serialise", "serialize"),
    ("worker", "pickle + pipe", "Connection."),
    ("worker", "other", ""),
    ("server", "guard (tokenize, checks)", "Store.inspect"),
    ("server", "in-process answer (engine + serialise)", "Store.answer"),
    ("server", "read the request (parse_qsl)", "read_operation"),
    ("server", "worker hop (pipe, pickle, thread)", "QueryPool.run"),
    ("server", "access log", "Logger."),
    ("server", "FastAPI parameter parsing", "solve_dependencies"),
    ("server", "HTTP (uvicorn, starlette, middleware)", "run_asgi"),
    ("server", "HTTP (uvicorn, starlette, middleware)", "Protocol.data_received"),
    ("server", "event loop, thread hand-off", ""),
)


def summarise(raw: Path) -> tuple[int, dict[str, int]]:
    """Busy samples of a ``py-spy --format raw`` file, by part (``process: part``)."""
    counts: collections.Counter[str] = collections.Counter()
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, number = line.rpartition(" ")
        frames = stack.split(";")
        if any(marker in frames[-1] for marker in IDLE):
            continue
        process = "worker" if len(frames) > 1 and frames[1].startswith("process ") else "server"
        for owner, part, marker in PARTS:
            if owner == process and (not marker or any(marker in f for f in frames)):
                counts[f"{owner}: {part}"] += int(number)
                break
    return sum(counts.values()), dict(counts.most_common())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("build", type=Path)
    parser.add_argument("query", type=Path)
    parser.add_argument("--seconds", type=int, default=6)
    parser.add_argument("--out", type=Path, default=Path("build/prof/profile.raw"))
    args = parser.parse_args(argv)
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    server = http_load.wsiskg_server(args.build, free_port()).start()
    assert server.process is not None
    args.out.parent.mkdir(parents=True, exist_ok=True)
    try:
        url = f"{server.url}?query={quote(args.query.read_text(encoding='utf-8'), safe='')}"
        pid = str(server.process.pid)
        spy_args = ["record", "-s", "-r", "200", "-f", "raw", "-o", str(args.out), "-p", pid]
        record = subprocess.Popen(
            [spy, *spy_args, "-d", str(args.seconds + 2)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1)
        accept = "Accept: application/sparql-results+json"
        load = ["wrk", "-t1", "-c8", f"-d{args.seconds}s", "-H", accept, url]
        done = subprocess.run(load, capture_output=True, text=True, check=True)
        record.wait()
    finally:
        server.stop()
    print(next(x for x in done.stdout.splitlines() if "Requests/sec" in x))
    total, parts = summarise(args.out)
    print(f"| part | share of {total} busy samples |\n|---|---|")
    for part, samples in parts.items():
        print(f"| {part} | {100 * samples / total:.0f} % |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
