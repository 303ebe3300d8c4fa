"""Build stages timed one by one: parse, extract, graph, SHACL, reasoning (and writing).

The stages are called the way ``wsiskg.pipeline.build`` calls them, each under its own
clock, so the numbers add up to a build minus its locking and file swapping.
"""

from __future__ import annotations

import importlib.util
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wsiskg.build import build_corpus, dataset_graphs
from wsiskg.config import get_settings
from wsiskg.extract import extract
from wsiskg.parse import parse_file
from wsiskg.pipeline import data_graph, dataset_quads, serialize_nquads
from wsiskg.vocab import load_lexicon

STAGES = ("parse", "extract", "graph", "shacl", "reason", "write")


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
        return sum(v for k, v in self.seconds.items() if k != "write")


def _clock(times: StageTimes, stage: str, work: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    value = work()
    times.seconds[stage] = time.perf_counter() - started
    return value


def time_build(
    paths: Sequence[Path], out: Path | None = None, *, shacl: bool = True, reason: bool = True
) -> StageTimes:
    """One build of ``paths`` with each stage timed; writes ``out/dataset.nq`` when given."""
    from wsiskg.validate import validate_graph

    settings = get_settings()
    times = StageTimes()
    docs = _clock(times, "parse", lambda: [parse_file(p) for p in paths])
    lexicon = load_lexicon()
    extractions = _clock(times, "extract", lambda: [extract(d, lexicon) for d in docs])
    pairs = list(zip(docs, extractions, strict=True))

    def graph() -> Any:
        return dataset_graphs(build_corpus(pairs, settings.base_iri), settings.base_iri)

    graphs = _clock(times, "graph", graph)
    if shacl:
        report = _clock(times, "shacl", lambda: validate_graph(data_graph(graphs)))
        times.violations = len(report.violations)
    if reason and shutil.which("java") and importlib.util.find_spec("wsiskg.reason"):
        _clock(times, "reason", lambda: _reason(graphs, settings.reason_timeout))
        times.reasoned = True
    data = _clock(times, "write", lambda: serialize_nquads(dataset_quads(graphs)))
    times.triples = data.count(b"\n")
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "dataset.nq").write_bytes(data)
    return times


def _reason(graphs: Any, timeout: float) -> None:
    from wsiskg.reason import infer

    target = graphs("inferred")
    for triple in infer(data_graph(graphs), timeout=timeout):
        target.add(triple)
