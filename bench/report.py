"""``docs/benchmarks.md`` from the results of :mod:`bench.run`: tables, ratios, targets."""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from typing import Any

from bench.stages import STAGES, build_seconds

Results = dict[str, Any]


def median(values: Sequence[float] | str) -> float | None:
    if isinstance(values, str) or not values:
        return None
    return statistics.median(values)


def ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:,.1f}" if value < 10 else f"{value * 1000:,.0f}"


def cell(values: Sequence[float] | str, runs: int = 5) -> str:
    """A latency cell: the median in ms (with the run count when short), or why there is none."""
    if isinstance(values, str):
        return values
    short = f" ({len(values)} run{'s' if len(values) > 1 else ''})" if len(values) < runs else ""
    return ms(median(values)) + short


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def slope(points: Sequence[tuple[float, float]]) -> float | None:
    """Least-squares exponent k of time ∝ size^k (1 = linear)."""
    usable = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y and y > 0]
    if len(usable) < 2:
        return None
    mx = statistics.mean(x for x, _ in usable)
    my = statistics.mean(y for _, y in usable)
    sxx = sum((x - mx) ** 2 for x, _ in usable)
    return sum((x - mx) * (y - my) for x, y in usable) / sxx if sxx else None


# --- sections --------------------------------------------------------------------------------


def machine_section(r: Results) -> str:
    rows = [(k, v) for k, v in r["machine"].items()]
    return "## Machine and versions\n\n" + table(("", ""), rows)


def stages_section(r: Results) -> str:
    stages = r["stages"]
    header = ("corpus", "× seed", "triples", *[f"{s} (ms)" for s in STAGES], "parse→reason (ms)")
    rows = []
    for name, entry in stages.items():
        med = entry["median"]
        total = build_seconds(med)
        rows.append(
            (
                name,
                f"{entry['scale']:g}",
                f"{entry['triples']:,}",
                *[ms(med.get(s)) for s in STAGES],
                ms(total),
            )
        )
    text = "## Build stages\n\n" + table(header, rows)
    text += f"\n\nMedians of {r['runs']} builds per corpus. " + _stage_notes(r)
    return text + "\n\n" + growth_table(stages) + "\n\n" + graph_only_table(r)


EARLY = ("parse", "extract", "graph")


def early_points(r: Results) -> list[tuple[float, float]]:
    """(scale, parse+extract+graph seconds) of every synthetic build made in one piece."""
    full = [
        (e["scale"], sum(e["median"].get(s, 0) for s in EARLY))
        for k, e in r["stages"].items()
        if k != "seed"
    ]
    only = [
        (e["scale"], sum(e["stages"].get(s, 0) for s in EARLY))
        for e in r.get("large", {}).values()
        if e.get("pieces", 1) == 1
    ]
    return full + only


def graph_only_table(r: Results) -> str:
    large = r.get("large", {})
    if not large:
        return ""
    rows = [
        (
            name,
            f"{e['scale']:g}",
            f"{e['triples']:,}",
            *[ms(e["stages"].get(s)) for s in (*EARLY, "write")],
        )
        for name, e in large.items()
    ]
    k = slope(early_points(r))
    return (
        "Graph-only builds (one run each, SHACL and reasoning skipped), used for the query "
        "tables and for how parse → graph grows at larger sizes:\n\n"
        + table(("corpus", "× seed", "triples", *[f"{s} (ms)" for s in (*EARLY, "write")]), rows)
        + (
            ""
            if k is None
            else "\n\nparse + extract + graph over the synthetic builds made in one piece "
            f"(0.5× up to 16×): time ∝ size^{k:.2f}. A corpus built in pieces shows the sum "
            "of its pieces' times."
        )
    )


def _stage_notes(r: Results) -> str:
    notes = (
        "`seed` is the shipped text; `N×` is N synthetic drafts of about the seed's size "
        "(`bench/generate.py`, seed 0), built as one corpus. SHACL and HermiT run side by "
        "side, as in `wsiskg build`: `shacl` and `reason` are each one's own time, `check` "
        "the wall time of the pair, and parse→reason = parse + extract + graph + check. "
        "`write` is serialising `dataset.nq` (not part of the seed-build target)."
    )
    if r.get("large"):
        notes += (
            " The graph-only corpora below were built once each, parse → graph only, for the "
            "query tables: SHACL and reasoning at those sizes do not fit the time budget."
        )
    return notes


def growth_table(stages: Mapping[str, Any]) -> str:
    synthetic = {k: v for k, v in stages.items() if k != "seed"}
    if len(synthetic) < 2:
        return ""
    smallest = min(synthetic.values(), key=lambda e: e["scale"])
    rows = []
    for stage in (*STAGES, "total"):
        points = [(e["scale"], _stage_value(e, stage)) for e in synthetic.values()]
        base = _stage_value(smallest, stage)
        ratios = [
            f"{(y or 0) / (base or math.inf) / (x / smallest['scale']):.2f}" for x, y in points
        ]
        k = slope(points)
        rows.append((stage, *ratios, "—" if k is None else f"{k:.2f}"))
    header = ("stage", *[f"{e['scale']:g}×" for e in synthetic.values()], "exponent k")
    return (
        "How each stage grows: time per unit of corpus relative to the smallest synthetic "
        "corpus (1.00 = linear), and the fitted exponent k of time ∝ size^k.\n\n"
        + table(header, rows)
    )


def _stage_value(entry: Mapping[str, Any], stage: str) -> float | None:
    med = entry["median"]
    if stage == "total":
        return build_seconds(med)
    return med.get(stage)


def latency_section(r: Results) -> str:
    parts = [
        "## Library query latency\n",
        "Median ms of 5 runs after one warm-up, default parameters; a query gets 15 s for "
        "its warm-up and 40 s for all its runs (rdflib: 10 s and 20 s; fewer runs are marked). "
        "*embedded*: "
        "`wsiskg.query.store.Store` (pyoxigraph, in-process); *rdflib*: rdflib's engine over an "
        "in-memory `Dataset` (union default graph), each query stopped at its time limit; "
        "*Virtuoso*: over HTTP on 127.0.0.1, so each includes a loopback round trip.",
    ]
    for size, entry in r["latency"].items():
        queries = sorted(entry["embedded"])
        rows = []
        for q in queries:
            row = [q, cell(entry["embedded"][q], r["runs"])]
            for engine in ("rdflib", "virtuoso"):
                values = entry.get(engine, {}).get(q, entry.get(f"{engine}_note", "—"))
                row.append(cell(values, r["runs"]))
            emb, rdf = median(entry["embedded"][q]), median(entry.get("rdflib", {}).get(q, ""))
            row.append(f"{rdf / emb:,.0f}×" if emb and rdf else "—")
            rows.append(row)
        parts.append(
            f"\n### {size} ({entry['triples']:,} triples)\n\n"
            + table(("query", "embedded", "rdflib", "Virtuoso", "rdflib / embedded"), rows)
        )
        if entry.get("notes"):
            parts.append("\n" + entry["notes"])
    return "\n".join(parts)


def http_section(r: Results) -> str:
    parts = [
        "## HTTP `/sparql` under load\n\nThe mix is the library queries (default parameters), "
        "POSTed round-robin; `wrk -t1 -c8` on 127.0.0.1, median of the runs per server (requests "
        "and failures summed over the runs); all servers in the same benchmark run, one at a "
        "time, on the same dump. Failed = non-2xx answers, timeouts and socket errors."
    ]
    for size, h in r["http"].items():
        rows = [
            (
                name,
                f"{s['rps']:,.1f}",
                f"{s['p50_ms']:,.1f}",
                f"{s['p99_ms']:,.1f}",
                s["requests"],
                s["failed"],
            )
            for name, s in h["servers"].items()
        ]
        parts.append(
            f"\n### {size} ({h['triples']:,} triples), {h['queries']} queries, "
            f"{h['runs']} runs of {h['seconds']} s each (rdflib-endpoint: {4 * h['seconds']} s)\n\n"
            + table(("server", "req/s", "p50 ms", "p99 ms", "requests", "failed"), rows)
        )
        if h.get("left_out"):
            parts.append(
                "\nLeft out of the mix (slower than 1 s alone): "
                + "; ".join(f"`{q}` ({why})" for q, why in h["left_out"].items())
                + "."
            )
        if h.get("answers"):
            names = sorted(next(iter(h["answers"].values())))
            parts.append(
                "\nRows answered per query (each server, the same mix):\n\n"
                + table(
                    ("query", *h["answers"]),
                    [(q, *[a.get(q, "—") for a in h["answers"].values()]) for q in names],
                )
            )
    return "\n".join(parts)


def ask_section(r: Results) -> str:
    rows = [
        (
            name,
            f"{o['slow_s']:.1f}",
            o["slow_status"],
            o["asks"],
            f"{o['p50_ms']:.1f}",
            f"{o['max_ms']:.1f}",
        )
        for name, o in r["ask_during_slow"].items()
    ]
    return (
        "## `ASK {}` while a 20 s query runs\n\nA cross product of all triples, stopped by the "
        "server's 20 s time limit, while `ASK {}` is sent every 0.25 s on another connection.\n\n"
        + table(("server", "slow query s", "slow status", "ASKs", "p50 ms", "max ms"), rows)
    )


def memory_section(r: Results) -> str:
    rows = [
        (size, f"{m['triples']:,}", f"{m['peak_pss_mib']:,.0f}", f"{m['start_s']:.1f}")
        for size, m in r["memory"].items()
    ]
    return (
        "## Peak memory of `wsiskg serve`\n\nProportional set size (shared pages counted once) of "
        "the server and its forked query workers, sampled every 0.1 s from start through one "
        "run of every library query.\n\n"
        + table(("build", "triples", "peak PSS MiB", "start-up s"), rows)
    )


def ceiling_section(r: Results) -> str:
    from bench.ceiling import render

    return (
        "## `/sparql` against the Python ceiling (issue 13's queries)\n\n"
        "`bench/ceiling.py`: wsiskg with and without its answer cache, the bare FastAPI + "
        "pyoxigraph handler (`bench/bare_handler.py`), Oxigraph's server and rdflib-endpoint, "
        "one query at a time by GET.\n\n" + render(r["ceiling"])
    )


def report(r: Results, targets: Sequence[tuple[str, str, bool | None, str]]) -> str:
    """The whole markdown page."""
    target_rows = [
        (
            name,
            measured,
            {True: "met", False: "**missed**", None: "not measured"}[ok],
            "; ".join(p for p in (why, "see *Analysis of the misses*" if ok is False else "") if p),
        )
        for name, measured, ok, why in targets
    ]
    sections = [
        "# Benchmarks\n",
        f"Produced by `{r['command']}` on {r['started']} in {r['duration_s'] / 60:.1f} min. "
        "Absolute times drift between runs on this shared machine; the ratios are what matter.",
        "## Targets\n\n"
        + table(("target", "measured", "status", "why / what would close it"), target_rows),
        machine_section(r),
        stages_section(r),
        latency_section(r),
        http_section(r) if r.get("http") else "",
        ceiling_section(r) if r.get("ceiling") else "",
        ask_section(r) if r.get("ask_during_slow") else "",
        memory_section(r) if r.get("memory") else "",
    ]
    return "\n\n".join(s for s in sections if s) + "\n"
