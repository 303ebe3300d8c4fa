"""Confine a process that runs untrusted queries, and give the engine a deep stack.

The lexical guard (:mod:`wsiskg.query.guard`) refuses ``SERVICE`` before the engine sees a
query, but pyoxigraph has an HTTP client of its own: a query the guard misreads would still
make the engine connect. So a query worker is also confined at the operating-system level,
right after it is forked:

- every inherited socket (the server's listening socket, client connections, other workers'
  pipes) is closed, so a worker never holds a connection open behind the server's back;
- no new file descriptor can be created (``RLIMIT_NOFILE`` pinned to the descriptors already
  open, holes filled with ``/dev/null``): no socket, no file, whatever the engine is asked;
- the address space may grow by at most ``memory`` bytes (``RLIMIT_AS``): a string bomb
  makes the worker abort instead of the machine swapping or the OOM killer choosing a victim.

pyoxigraph's parser and evaluator recurse once per nesting level and per chained operator;
a thread with a small stack crashes (SIGSEGV) on a few thousand of them. :func:`call_deep`
runs a function on a thread with :data:`STACK_BYTES` of stack (reserved, touched lazily).
"""

from __future__ import annotations

import ctypes
import faulthandler
import os
import queue
import resource
import stat
import threading
import time
import traceback
from collections.abc import Callable, Collection
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["STACK_BYTES", "DeepStackThreads", "call_deep", "confine", "heap_trimmer"]

T = TypeVar("T")

#: Stack of the thread that runs the engine: ~30x what the guard's limits need in the worst case.
STACK_BYTES = 256 * 1024 * 1024
_FD_DIRS = (Path("/proc/self/fd"), Path("/dev/fd"))
_STATUS = Path("/proc/self/status")
_STACK_SIZE_LOCK = threading.Lock()


def confine(keep: Collection[int], memory: int | None) -> None:
    """Close inherited sockets but ``keep``; forbid new descriptors; cap memory growth.

    A worker that hits its memory cap may abort inside the engine; the pool replaces it and
    answers 503, so an inherited ``faulthandler`` traceback dump would only be noise.
    """
    faulthandler.disable()
    size = _address_space()
    _close_sockets(keep)
    _forbid_new_descriptors()
    if memory and size is not None:
        limit = size + memory
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def call_deep(function: Callable[[], T], stack_bytes: int = STACK_BYTES) -> T:
    """``function()`` run on a thread with a deep stack; its exception is raised here."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(function())
        except BaseException as error:  # re-raised in the caller's thread below
            _drop_locals(error)
            failure.append(error)

    with _STACK_SIZE_LOCK:
        previous = threading.stack_size(stack_bytes)
        try:
            thread = threading.Thread(target=run, name="wsiskg-deep-stack", daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    thread.join()
    if failure:
        raise failure[0]
    return outcome[0]


def heap_trimmer(every: float = 0.0) -> Callable[[], object]:
    """glibc's ``malloc_trim(0)`` (a no-op elsewhere), run at most once per ``every`` seconds.

    The engine's memory for a query is freed when it ends but kept by the allocator, per
    thread arena: a query worker would keep its largest query's heap, and the server the
    heaps of its fast-path threads. Trimming gives it back (measured after the 8x load mix:
    a worker's RSS 120 → 90 MiB)."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return lambda: None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    last = [0.0]

    def give_back() -> None:
        now = time.monotonic()
        if now - last[0] >= every:
            last[0] = now
            trim(0)

    return give_back


class DeepStackThreads:
    """A few long-lived threads with deep stacks, for engine calls made in the server process.

    :func:`call_deep` starts a thread per call; a server answering hundreds of cheap queries a
    second keeps its threads. They start on first use and stop at :meth:`close`
    (``threading.stack_size`` is process-wide, so it is set only while they are created).
    """

    def __init__(self, count: int = 2, stack_bytes: int = STACK_BYTES) -> None:
        self._count, self._stack_bytes = max(1, count), stack_bytes
        self._trim = heap_trimmer(every=1.0)  # at most once a second: it walks every arena
        self._jobs: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]] | None]
        self._jobs = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def submit(self, function: Callable[[], T]) -> Future[T]:
        """Run ``function()`` on one of the threads; its value or exception in the future."""
        with self._lock:
            if not self._threads:
                self._start()
        future: Future[T] = Future()
        self._jobs.put((function, future))
        return future

    def close(self) -> None:
        """Let the threads end once the jobs already submitted are done."""
        with self._lock:
            for _ in self._threads:
                self._jobs.put(None)
            self._threads = []

    def _start(self) -> None:
        with _STACK_SIZE_LOCK:
            previous = threading.stack_size(self._stack_bytes)
            try:
                for number in range(self._count):
                    thread = threading.Thread(
                        target=self._loop, name=f"wsiskg-inline-{number}", daemon=True
                    )
                    thread.start()
                    self._threads.append(thread)
            finally:
                threading.stack_size(previous)

    def _loop(self) -> None:
        while (job := self._jobs.get()) is not None:
            function, future = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(function())
            except BaseException as error:  # handed to the caller through the future
                _drop_locals(error)
                future.set_exception(error)
            self._trim()


def _drop_locals(error: BaseException | None) -> None:
    """Free the locals of the frames an error holds, on this thread: pyoxigraph's result
    iterators may only be dropped by the thread that made them."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        traceback.clear_frames(error.__traceback__)
        error = error.__cause__ or error.__context__


def _open_descriptors() -> list[int]:
    """The descriptors open in this process (the listing's own descriptor excluded)."""
    directory = next((d for d in _FD_DIRS if d.is_dir()), _FD_DIRS[0])
    found = []
    for entry in directory.iterdir():
        fd = int(entry.name)
        try:
            os.fstat(fd)
        except OSError:
            continue  # the directory handle listdir used, closed by now
        found.append(fd)
    return sorted(found)


def _close_sockets(keep: Collection[int]) -> None:
    for fd in _open_descriptors():
        if fd not in keep and stat.S_ISSOCK(os.fstat(fd).st_mode):
            os.close(fd)


def _forbid_new_descriptors() -> None:
    """Fill every free number below the highest open descriptor, then pin the limit there."""
    open_now = set(_open_descriptors())
    top = max(open_now)
    null = os.open(os.devnull, os.O_RDONLY)  # takes the lowest free number
    open_now.add(null)
    for fd in range(top + 1):
        if fd not in open_now:
            os.dup2(null, fd, inheritable=False)
    if null > top:
        os.close(null)
    resource.setrlimit(resource.RLIMIT_NOFILE, (top + 1, top + 1))


def _address_space() -> int | None:
    """This process's virtual memory size in bytes (``VmSize``), if the kernel tells it."""
    try:
        text = _STATUS.read_text(encoding="ascii")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return None
