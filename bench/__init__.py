"""Benchmarks: synthetic corpus generator and the benchmark runner (``python -m bench.run``)."""
