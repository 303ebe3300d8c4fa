"""Memory of a server and its query workers, read from ``/proc`` while a benchmark runs."""

from __future__ import annotations

import threading
from pathlib import Path


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                stack += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
    return found


def _proc_kib(path: str, key: str) -> int:
    try:
        text = Path(path).read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def pss_kib(pid: int) -> int:
    """Proportional set size: shared pages counted once across the processes sharing them."""
    return _proc_kib(f"/proc/{pid}/smaps_rollup", "Pss")


def rss_kib(pid: int) -> int:
    """Resident set size of one process."""
    return _proc_kib(f"/proc/{pid}/status", "VmRSS")


class MemorySampler:
    """Samples a server's RSS, its tree's PSS and its worker count every ``every`` seconds."""

    def __init__(self, pid: int, every: float = 0.1) -> None:
        self.pid, self.every = pid, every
        self.rss: list[int] = []
        self.pss: list[int] = []
        self.workers: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def peak_kib(self) -> int:
        """The largest tree PSS seen."""
        return max(self.pss, default=0)

    def _run(self) -> None:
        while not self._stop.is_set():
            tree = process_tree(self.pid)
            self.rss.append(rss_kib(self.pid))
            self.pss.append(sum(pss_kib(p) for p in tree))
            self.workers.append(len(tree) - 1)
            self._stop.wait(self.every)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
