"""The short form of the load test (``bench/load.py``): ``wsiskg serve`` on 127.0.0.1 over the
seed build, 1,000 requests of the ``queries/`` mix at concurrency 16.

No request may fail, and memory must be stable: the median of the last quarter of the samples
within 20 % of the first quarter's, for the server process's RSS and for the PSS of the server
with its query workers. The long form (20,000 at concurrency 32) is run by hand; its numbers
are in ``docs/security.md``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.load import query_mix, run_load, server, stable

REQUESTS = 1_000
CONCURRENCY = 16


@pytest.mark.slow
def test_1000_requests_at_concurrency_16_fail_none_and_leak_nothing(
    seed_build_dir: Path, tmp_path: Path
) -> None:
    texts = query_mix()
    assert len(texts) >= 15  # the whole library, not a token query
    with server(seed_build_dir, tmp_path / "server.log") as (url, pid):
        report = run_load(url, pid, REQUESTS, CONCURRENCY, texts)
    assert report.errors == 0, report.error_samples
    assert report.requests == REQUESTS
    assert len(report.rss_kib) >= 20, "too few memory samples to judge"
    assert report.rss_stable, report.summary()
    assert report.tree_stable, report.summary()
    assert max(report.workers) <= 8  # the pool's ceiling


@pytest.mark.parametrize(
    ("samples", "expected"),
    [
        ([100, 100, 100, 100, 100, 100, 100, 100], True),
        ([100, 100, 110, 115, 118, 119, 119, 119], True),  # +19 %: warm, not leaking
        ([100, 100, 130, 160, 190, 220, 250, 280], False),  # climbing: a leak
        ([100, 100, 100], False),  # too few to judge
    ],
)
def test_memory_is_stable_when_the_last_quarter_stays_near_the_first(
    samples: list[int], expected: bool
) -> None:
    assert stable(samples, 0.2) is expected
