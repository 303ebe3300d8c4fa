"""Build stages timed: parse, extract, graph, SHACL and reasoning side by side, writing.

The stages are called the way ``wsiskg.pipeline.run.build`` calls them, each under its own
clock. SHACL and HermiT run at the same time, as in a build: ``shacl`` and ``reason`` are
each one's own duration, ``check`` the wall time of the pair, so parse + extract + graph +
check is a build minus its writing, locking and file swapping.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wsiskg.config import get_settings
from wsiskg.extract import extract
from wsiskg.graph.dataset import build_corpus, dataset_graphs
from wsiskg.graph.lexicon import load_lexicon
from wsiskg.pipeline.run import data_graph, dataset_quads, serialize_nquads
from wsiskg.text.parse import parse_file

STAGES = ("parse", "extract", "graph", "shacl", "reason", "check", "write")
#: What a build waits for, one after the other (``check`` holds ``shacl`` and ``reason``).
SEQUENCE = ("parse", "extract", "graph", "check")


def build_seconds(seconds: Mapping[str, float]) -> float:
    """Parse through reasoning as a build spends it (writing excluded, as in the target)."""
    return sum(seconds.get(stage, 0.0) for stage in SEQUENCE)


@dataclass
class StageTimes:
    """Seconds per stage for one build, and what it produced."""

    seconds: dict[str, float] = field(default_factory=dict)
    triples: int = 0
    reasoned: bool = False
    violations: int = 0  # SHACL violations (a benchmark records them rather than stopping)

    @property
    def total(self) -> float:
        """Parse through reasoning (writing excluded, as in the seed-build target)."""
        return build_seconds(self.seconds)


def _clock(times: StageTimes, stage: str, work: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    value = work()
    times.seconds[stage] = time.perf_counter() - started
    return value


def time_build(
    paths: Sequence[Path], out: Path | None = None, *, shacl: bool = True, reason: bool = True
) -> StageTimes:
    """One build of ``paths`` with each stage timed; writes ``out/dataset.nq`` when given."""

    settings = get_settings()
    times = StageTimes()
    docs = _clock(times, "parse", lambda: [parse_file(p) for p in paths])
    lexicon = load_lexicon()
    extractions = _clock(times, "extract", lambda: [extract(d, lexicon) for d in docs])
    pairs = list(zip(docs, extractions, strict=True))

    def graph() -> Any:
        return dataset_graphs(build_corpus(pairs, settings.base_iri), settings.base_iri)

    graphs = _clock(times, "graph", graph)
    if shacl or reason:
        _check(times, graphs, settings.reason_timeout, shacl=shacl, reason=reason)
    data = _clock(times, "write", lambda: serialize_nquads(dataset_quads(graphs)))
    times.triples = data.count(b"\n")
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "dataset.nq").write_bytes(data)
    return times


def _check(times: StageTimes, graphs: Any, timeout: float, *, shacl: bool, reason: bool) -> None:
    """SHACL here while HermiT works in its own process, as ``wsiskg.pipeline.run`` does."""
    from wsiskg.check.reason import RunningReasoner, start_reasoning
    from wsiskg.check.shacl import validate_graph

    data = data_graph(graphs)
    started = time.perf_counter()
    can_reason = reason and shutil.which("java") is not None
    running = start_reasoning(data, timeout) if can_reason else RunningReasoner(data, timeout)
    with running:
        if shacl:
            report = _clock(times, "shacl", lambda: validate_graph(data))
            times.violations = len(report.violations)
        result = running.result()
    times.seconds["check"] = time.perf_counter() - started
    if result.reasoned:
        times.seconds["reason"] = result.seconds
        times.reasoned = True
        target = graphs("inferred")
        for triple in result.inferred:
            target.add(triple)
