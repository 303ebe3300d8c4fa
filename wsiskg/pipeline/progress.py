"""Stages of a build: counted, timed, and their peak memory measured.

A build reports each stage through a :class:`StageLog`: on a terminal a rich progress bar per
stage (count, rate, ETA) on stderr; otherwise the plain messages the caller's ``progress``
function receives. Either way every stage's wall time and the peak resident memory of the
whole process tree during it (the build, its document workers, HermiT's JVMs) are recorded,
sampled from ``/proc`` every 0.1 s, for the summary ``wsiskg build`` prints and
``summary.json`` keeps.
"""

from __future__ import annotations

import os
import resource
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["StageLog", "StageStats", "tree_rss"]

Progress = Callable[[str], None]
_SAMPLE_SECONDS = 0.1


@dataclass
class StageStats:
    """One stage: items done, seconds, peak MiB of the process tree while it ran."""

    name: str
    items: int = 0
    seconds: float = 0.0
    peak_mib: float = 0.0

    def line(self) -> str:
        """The stage as one line of the summary."""
        count = f" {self.items:>6,} items" if self.items else " " * 13
        return f"{self.name:<12}{count} {self.seconds:>8.2f} s {self.peak_mib:>8,.0f} MiB peak"


def tree_rss(pid: int | None = None) -> int:
    """Resident bytes of ``pid`` (default: this process) and all its descendants."""
    root = os.getpid() if pid is None else pid
    children: dict[int, list[int]] = {}
    try:
        names = [entry.name for entry in Path("/proc").iterdir()]
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    for name in names:
        if name.isdigit():
            parent = _parent(name)
            if parent is not None:
                children.setdefault(parent, []).append(int(name))
    total, todo = 0, [root]
    while todo:
        current = todo.pop()
        total += _rss(current)
        todo += children.get(current, [])
    return total


def _parent(pid: str) -> int | None:
    try:
        with Path(f"/proc/{pid}/stat").open(encoding="ascii", errors="replace") as handle:
            return int(handle.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def _rss(pid: int) -> int:
    try:
        with Path(f"/proc/{pid}/statm").open(encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


@dataclass
class StageLog:
    """Stages of one build, reported as they go and summarised at the end."""

    say: Progress
    live: bool = False  # draw rich progress bars (stderr is a terminal)
    stages: list[StageStats] = field(default_factory=list)
    _peak: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _progress: Any = None

    @contextmanager
    def running(self) -> Iterator[StageLog]:
        """Sample memory (and draw bars, when live) for the duration of the build."""
        sampler = threading.Thread(target=self._sample, daemon=True)
        sampler.start()
        try:
            if self.live:
                with self._bars():
                    yield self
            else:
                yield self
        finally:
            self._stop.set()
            sampler.join()

    @contextmanager
    def _bars(self) -> Iterator[None]:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        columns = (
            TextColumn("{task.description:<12}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=Console(stderr=True), transient=False) as bars:
            self._progress = bars
            try:
                yield
            finally:
                self._progress = None

    def _sample(self) -> None:
        while not self._stop.wait(_SAMPLE_SECONDS):
            rss = tree_rss()
            with self._lock:
                self._peak = max(self._peak, rss)

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
        """Run one stage; yields ``advance(n)`` to count items done (of ``total``)."""
        stats = StageStats(name)
        self.stages.append(stats)
        with self._lock:
            self._peak = tree_rss()
        task = self._progress.add_task(name, total=total) if self._progress else None
        started = time.perf_counter()

        def advance(items: int = 1) -> None:
            stats.items += items
            if task is not None:
                self._progress.advance(task, items)

        try:
            yield advance
        finally:
            stats.seconds = time.perf_counter() - started
            with self._lock:
                stats.peak_mib = max(self._peak, tree_rss()) / 2**20
            if task is not None:
                self._progress.update(task, completed=stats.items, total=total or stats.items)

    def note(self, message: str) -> None:
        """A message: printed above the bars when live, else to ``say``."""
        if self._progress is not None:
            self._progress.console.print(message, markup=False, highlight=False)
        else:
            self.say(message)

    def summary(self) -> list[str]:
        """Time and peak memory per stage, one line each, then the whole build."""
        total = sum(s.seconds for s in self.stages)
        peak = max((s.peak_mib for s in self.stages), default=0.0)
        lines = [s.line() for s in self.stages]
        lines.append(f"{'total':<12}{' ' * 13} {total:>8.2f} s {peak:>8,.0f} MiB peak")
        return lines

    def as_dict(self) -> dict[str, dict[str, float]]:
        """The stages for ``summary.json``."""
        return {
            s.name: {
                "items": s.items,
                "seconds": round(s.seconds, 3),
                "peak_mib": round(s.peak_mib),
            }
            for s in self.stages
        }


def is_terminal() -> bool:
    """Whether progress bars should be drawn (stderr is a terminal)."""
    return sys.stderr.isatty()
