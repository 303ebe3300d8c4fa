"""Latency of every library query on three engines over the same build.

- the embedded store (``wsiskg.query.store.Store``, pyoxigraph in memory), run in-process;
- rdflib's own engine over an in-memory ``Dataset`` (default graph = union of the graphs,
  as on the embedded store);
- Virtuoso over HTTP on 127.0.0.1 (so each number includes one loopback round trip, ~1 ms),
  with the build's graphs as the request's default and named graphs.

Each query gets one warm-up run, then up to ``runs`` timed runs. So that one runaway query
cannot eat the benchmark's time, the local engines run each query in a child forked from the
loaded data (copy-on-write: no reload) that is killed when the warm-up takes longer than
``timeout`` or all runs longer than ``budget``; Virtuoso gets the same limits from the client.
A query stopped before its first timed run is reported as ``> timeout``; one with fewer runs
than asked keeps the runs it finished (the report says how many).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx
import rdflib

from wsiskg.api import KG
from wsiskg.query.registry import registry
from wsiskg.query.store import QueryRequest, Store
from wsiskg.sparql import with_values

Timings = dict[str, list[float] | str]  # seconds per run, or why there are none


@dataclass(frozen=True)
class Limits:
    """How many timed runs, and how long a query may take."""

    runs: int = 5
    timeout: float = 15.0  # the warm-up run
    budget: float = 40.0  # warm-up and all timed runs together


def library_texts(kg: KG) -> dict[str, str]:
    """Each library query with its default parameters bound, as the API would run it."""
    return {q.name: with_values(q.text, kg.arguments(q, {})) for q in registry()}


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


# --- local engines, in forked children --------------------------------------------------------


def _child(work: Callable[[], object], runs: int, sender: Connection) -> None:
    try:
        for _ in range(runs + 1):
            sender.send(_timed(work))
    except Exception as error:  # reported as the cell's value
        sender.send(f"error: {type(error).__name__}: {str(error)[:80]}")
    sender.close()


def _bounded(work: Callable[[], object], limits: Limits) -> list[float] | str:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(work, limits.runs, sender), daemon=True)
    started = time.monotonic()
    child.start()
    sender.close()
    received: list[float | str] = []
    try:
        while len(received) < limits.runs + 1:
            limit = limits.timeout if not received else limits.budget
            if not receiver.poll(max(0.0, started + limit - time.monotonic())):
                break
            received.append(receiver.recv())
            if isinstance(received[-1], str):
                return received[-1]
    except EOFError:
        pass
    finally:
        child.kill()
        child.join()
        receiver.close()
    if not received:
        return f"> {limits.timeout:g} s"
    return [float(t) for t in received[1:]] or f"warm-up {float(received[0]):.1f} s"


def embedded(store: Store, texts: Mapping[str, str], limits: Limits) -> Timings:
    """pyoxigraph, results materialised (what a server worker does)."""
    return {
        name: _bounded(lambda t=text: store.execute(QueryRequest(t)), limits)  # type: ignore[misc]
        for name, text in texts.items()
    }


def load_rdflib(dataset: Path) -> rdflib.Dataset:
    data = rdflib.Dataset(default_union=True)
    data.parse(dataset, format="nquads")
    return data


def rdflib_engine(data: rdflib.Dataset, texts: Mapping[str, str], limits: Limits) -> Timings:
    """rdflib's SPARQL engine, results materialised."""
    return {
        name: _bounded(lambda t=text: list(data.query(t)), limits)  # type: ignore[misc]
        for name, text in texts.items()
    }


# --- Virtuoso, over HTTP ----------------------------------------------------------------------


def virtuoso(endpoint: str, graphs: list[str], texts: Mapping[str, str], limits: Limits) -> Timings:
    """Virtuoso, the dataset restricted to ``graphs``; the client gives up at the limits."""
    results: Timings = {}
    with httpx.Client() as client:
        for name, text in texts.items():
            form = {"query": text, "default-graph-uri": graphs, "named-graph-uri": graphs}
            results[name] = _virtuoso_query(client, endpoint, form, limits)
    return results


def _virtuoso_query(
    client: httpx.Client, endpoint: str, form: dict[str, Any], limits: Limits
) -> list[float] | str:
    def ask(timeout: float) -> None:
        response = client.post(
            endpoint,
            data=form,
            timeout=timeout,
            headers={"Accept": "application/sparql-results+json"},
        )
        response.raise_for_status()
        response.json()

    deadline = time.monotonic() + limits.budget
    try:
        _timed(lambda: ask(limits.timeout))
    except httpx.TimeoutException:
        return f"> {limits.timeout:g} s"
    except httpx.HTTPError as error:
        return f"error: {str(error)[:80]}"
    times = []
    try:
        for _ in range(limits.runs):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            times.append(_timed(lambda left=left: ask(left)))  # type: ignore[misc]
    except httpx.HTTPError:
        pass  # out of budget: keep the runs that finished
    return times or "warm-up only (budget spent)"
