"""Worker processes that answer queries with a hard time limit.

A pyoxigraph query cannot be interrupted from Python, so a thread cannot enforce a time
limit: the work would go on after the client got its error. Each worker is a process forked
from the loaded store (copy-on-write: no reload, no second copy of the data); a query that
runs past its limit has its worker killed and replaced. Slow queries hold one worker each
and the pool grows up to ``max_workers``, so a slow query never queues a quick one (while
fewer than ``max_workers`` slow ones run; a query a worker has measured cheap runs in the
server process from then on, :mod:`wsiskg.query.cost`;
``docs/decisions/0003-query-engine.md`` has the measurements).

Each worker is confined as soon as it starts (:func:`wsiskg.query.sandbox.confine`): it cannot open
a socket or a file, holds none of the server's connections, and may grow by at most
``memory`` bytes; it answers on a thread with a deep stack. The pool hands out a worker only
once it has said it is confined (a fresh fork still holds the server's connections). A
worker that dies (out of memory, stack overflow) is replaced and the client gets a
``QueryResourceError``.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, NamedTuple

import anyio
import anyio.to_thread

from wsiskg.errors import QueryTimeoutError, StoreError
from wsiskg.query.cost import Cost, measure
from wsiskg.query.sandbox import call_deep, confine, heap_trimmer
from wsiskg.query.store import QueryRequest, Store, capture_outcome, unpack_outcome, worker_death

#: Seconds a new worker has to confine itself and say so; it starts in milliseconds.
READY_TIMEOUT = 30.0
_READY = "ready"

__all__ = ["Answer", "QueryPool"]


class Answer(NamedTuple):
    """A worker's answer: media type, body, and what it cost the worker."""

    media_type: str
    body: bytes
    cost: Cost


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection


class QueryPool:
    """A pool of forked query workers over one store; thread-safe and usable from asyncio."""

    def __init__(
        self, store: Store, workers: int = 2, max_workers: int = 8, memory: int | None = None
    ) -> None:
        self.store = store
        self.memory = memory  # bytes each worker may grow by (None: no limit)
        self._context = multiprocessing.get_context("fork")
        self._min, self._max = max(1, workers), max(workers, max_workers)
        self._changed = threading.Condition()
        self._idle: list[_Worker] = []
        self._count = 0
        self._closed = False
        self._limiter = anyio.CapacityLimiter(self._max * 4)
        self._fill()

    @property
    def size(self) -> int:
        """The number of live workers (busy or idle)."""
        return self._count

    def run(self, request: QueryRequest, timeout: float) -> Answer:
        """The answer (media type, body, cost), or the query's error; blocks the caller."""
        deadline = time.monotonic() + timeout
        worker = self._acquire(deadline, timeout)
        try:
            worker.conn.send(request)
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                raise QueryTimeoutError(f"the query ran longer than {timeout:g} s and was stopped")
            outcome = worker.conn.recv()
        except (EOFError, OSError) as error:
            self._retire(worker)
            raise worker_death(worker.process.exitcode, self.memory) from error
        except BaseException:
            self._retire(worker)
            raise
        self._release(worker)
        answer: Answer = unpack_outcome(outcome)
        return answer

    async def arun(self, request: QueryRequest, timeout: float) -> Answer:
        """:meth:`run` from asyncio, on a thread of the pool's own limiter."""
        return await anyio.to_thread.run_sync(self.run, request, timeout, limiter=self._limiter)

    def open(self) -> None:
        """Start workers again after :meth:`close` (an app's lifespan may run more than once)."""
        with self._changed:
            if self._closed:
                self._closed = False
                self._fill()

    def close(self) -> None:
        """Stop every idle worker now, and every busy one when its query ends."""
        with self._changed:
            self._closed = True
            workers, self._idle = self._idle, []
            self._count -= len(workers)
        for worker in workers:
            _stop(worker)

    def _fill(self) -> None:
        while self._count < self._min:
            self._count += 1
            self._idle.append(self._spawn())

    def _spawn(self) -> _Worker:
        parent_end, child_end = self._context.Pipe()
        process = self._context.Process(
            target=_serve,
            args=(self.store, child_end, self.memory),
            daemon=True,
            name="wsiskg-query",
        )
        process.start()
        child_end.close()
        worker = _Worker(process, parent_end)
        try:  # not used before it is confined: until then it holds the server's connections
            ready = parent_end.poll(READY_TIMEOUT) and parent_end.recv() == _READY
        except (EOFError, OSError):
            ready = False
        if not ready:
            _stop(worker)
            with self._changed:  # re-entrant: callers count the worker before spawning it
                self._count -= 1
                self._changed.notify()
            raise StoreError(f"a query worker did not start (exit code {process.exitcode})")
        return worker

    def _acquire(self, deadline: float, timeout: float) -> _Worker:
        with self._changed:
            while not self._idle and self._count >= self._max and not self._closed:
                if not self._changed.wait(max(0.0, deadline - time.monotonic())):
                    raise QueryTimeoutError(f"no query worker became free within {timeout:g} s")
            if self._closed:
                raise StoreError("the query pool is closed")
            if self._idle:
                return self._idle.pop()
            self._count += 1
        return self._spawn()

    def _release(self, worker: _Worker) -> None:
        with self._changed:
            if self._closed:
                _stop(worker)
                self._count -= 1
            else:
                self._idle.append(worker)
            self._changed.notify()

    def _retire(self, worker: _Worker) -> None:
        _stop(worker)
        with self._changed:
            self._count -= 1
            if self._count < self._min and not self._closed:
                self._count += 1
                self._idle.append(self._spawn())
            self._changed.notify()


def _stop(worker: _Worker) -> None:
    worker.process.kill()
    worker.process.join()
    worker.conn.close()


def _serve(store: Store, conn: Connection, memory: int | None) -> None:
    """A worker: confine itself, then answer requests on a deep stack until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    gc.freeze()  # collections skip what was inherited: its pages stay shared with the server

    give_back = heap_trimmer()  # resolved before confinement: no file to open after it

    def loop() -> None:
        confine({conn.fileno()}, memory)
        conn.send(_READY)
        while True:
            try:
                request: Any = conn.recv()
            except (EOFError, OSError):
                return
            conn.send(capture_outcome(_measured_answer, store, request))
            give_back()

    call_deep(loop)


def _measured_answer(store: Store, request: QueryRequest) -> Answer:
    (media_type, body), cost = measure(lambda: store.answer(request))
    return Answer(media_type, body, Cost(cost.cpu_seconds, cost.touched_bytes, len(body)))
