"""What a query cost when a confined worker answered it, and whether it may skip the worker.

The worker hop (fork pool, pickle, pipe) is what lets the server kill a query at its time
limit, cap its memory and forbid it any socket; for a query that answers in a millisecond it
is also most of the request's cost (``docs/benchmarks.md``, profile). Which queries are cheap
cannot be read from the text: a lexer does not know the plan, and two patterns that share no
variable cost the square of the store. It can be *measured*: the store is read-only while it
is served, so a query's plan, rows and work are the same on every run (queries whose answer
may change between runs, ``RAND()``, ``NOW()``, ``UUID()``, ``STRUUID()``, are never
trusted). A query is therefore answered by a worker the first time; the worker measures the
CPU time and the memory it touched; once a query with the same text and protocol dataset has
run within :class:`Budget`, later requests are answered in the server process (on a
deep-stack thread, :func:`wsiskg.query.sandbox.DeepStackThreads`).

What the server process gives up for those queries, and why that is safe:

- the time limit: the query finished within ``Budget.cpu_seconds`` in the worker, and will
  do the same work again;
- the memory cap: it touched at most ``Budget.touched_bytes`` of new pages;
- the socket ban: a query that tried to open a connection failed in the worker and was never
  recorded; ``SERVICE SILENT`` would hide such a failure, so a text containing ``service``
  anywhere (in any case, whatever a lexer makes of it) or a ``\\u`` escape is never trusted.

>>> book = CostBook(Budget(cpu_seconds=0.05, touched_bytes=2**20))
>>> key = ("SELECT * { ?s ?p ?o } LIMIT 1", (), ())
>>> book.trusted(key)
False
>>> book.record(key, Cost(cpu_seconds=0.001, touched_bytes=4096))
>>> book.trusted(key)
True
>>> book.record(("SELECT (RAND() AS ?r) {}", (), ()), Cost(0.001, 0))
>>> book.trusted(("SELECT (RAND() AS ?r) {}", (), ()))
False
"""

from __future__ import annotations

import re
import resource
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["MAX_TEXT", "Budget", "Cost", "CostBook", "QueryKey", "deterministic", "measure"]

T = TypeVar("T")
#: A query as the engine sees it: text, ``default-graph-uri``s, ``named-graph-uri``s.
QueryKey = tuple[str, tuple[str, ...], tuple[str, ...]]
#: Functions whose value may change from one run to the next, and codepoint escapes (which
#: could spell anything).
_CHANGING = re.compile(r"\\u|\b(rand|now|uuid|struuid)\s*\(", re.I)
#: Texts never answered outside a worker: changing answers (the next run may differ from the
#: measured one) and anything that may spell SERVICE.
_UNTRUSTED = re.compile(f"service|{_CHANGING.pattern}", re.I)
_PAGE = resource.getpagesize()
#: Longest query text remembered (a book of 4,096 texts then holds at most 64 MiB of them).
MAX_TEXT = 16 * 1024


@dataclass(frozen=True)
class Cost:
    """What one answer cost its worker: CPU time of the answering thread, new pages touched,
    and the answer's size."""

    cpu_seconds: float
    touched_bytes: int
    answer_bytes: int = 0


@dataclass(frozen=True)
class Budget:
    """The most a query may have cost in a worker to be answered in the server process."""

    cpu_seconds: float = 0.1
    touched_bytes: int = 64 * 2**20


def measure(work: Callable[[], T]) -> tuple[T, Cost]:
    """``work()`` and what it cost the calling thread (CPU) and process (pages faulted in)."""
    cpu, faults = time.thread_time(), resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    value = work()
    faulted = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
    return value, Cost(time.thread_time() - cpu, faulted * _PAGE)


def deterministic(text: str) -> bool:
    """Whether every run of the query over the same data gives the same answer (up to blank
    node labels): no ``RAND()``, ``NOW()``, ``UUID()``, ``STRUUID()``, no ``\\u`` escape.

    >>> deterministic("SELECT * { ?s ?p ?o }"), deterministic("SELECT (NOW() AS ?t) {}")
    (True, False)
    """
    return _CHANGING.search(text) is None


class CostBook:
    """The queries measured within budget, most recently used last (at most ``size``, each
    at most :data:`MAX_TEXT` characters long: longer texts always take a worker)."""

    def __init__(self, budget: Budget, size: int = 4096) -> None:
        self.budget = budget
        self._size = size
        self._cheap: OrderedDict[QueryKey, Cost] = OrderedDict()

    def record(self, key: QueryKey, cost: Cost) -> None:
        """Remember ``cost`` for ``key`` if it is within budget and its text can be trusted."""
        within = (
            cost.cpu_seconds <= self.budget.cpu_seconds
            and cost.touched_bytes <= self.budget.touched_bytes
        )
        if not within:
            self._cheap.pop(key, None)
        elif len(key[0]) <= MAX_TEXT and _UNTRUSTED.search(key[0]) is None:
            self._cheap[key] = cost
            self._cheap.move_to_end(key)
            while len(self._cheap) > self._size:
                self._cheap.popitem(last=False)

    def trusted(self, key: QueryKey) -> bool:
        """Whether ``key`` was answered by a worker within budget."""
        return self.lookup(key) is not None

    def lookup(self, key: QueryKey) -> Cost | None:
        """What ``key`` cost when a worker answered it within budget; None if it did not."""
        cost = self._cheap.get(key)
        if cost is not None:
            self._cheap.move_to_end(key)
        return cost
