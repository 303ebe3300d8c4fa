"""Coverage-guided fuzzing of the parser with atheris (libFuzzer), under the same oracle.

Run from the repository root (see ``docs/security.md``)::

    .venv/bin/python -m tests.fuzz.fuzz_parser -max_total_time=20 -timeout=10 \\
        -max_len=200000 -artifact_prefix=build/fuzz/ build/fuzz/corpus tests/fuzz/corpus corpus

Each input is decoded and parsed as a file would be; it must end in a Document with honest
spans or a located WsiskgError within the oracle's CPU limit (``tests/fuzz/oracle.py``).
Any other outcome is reported by libFuzzer as a crash, and the input written under
``-artifact_prefix``: copy it to ``tests/fuzz/regressions/`` as a regression test.
``--keep-going-on-known`` (our flag, stripped before libFuzzer sees the arguments) treats
the bugs listed in ``tests/fuzz/known.py`` as handled, to hunt for new ones.
Without atheris installed the module imports cleanly and ``main`` says so.

The parser's modules are imported (instrumented) inside :func:`main`, so nothing from
``wsiskg`` is imported at module level here.
"""

from __future__ import annotations

import sys

try:
    import atheris  # type: ignore[import-untyped]
except ImportError:  # atheris is optional: it needs a libFuzzer-capable wheel or toolchain
    atheris = None

KEEP_GOING = "--keep-going-on-known"


def one_input(data: bytes) -> None:
    """The fuzz target: the oracle on one input."""
    from tests.fuzz.oracle import check_bytes

    check_bytes(data)


def one_input_skipping_known(data: bytes) -> None:
    """The fuzz target, with failures from already-reported bugs let through."""
    from tests.fuzz.known import known_bug
    from tests.fuzz.oracle import check_bytes

    try:
        check_bytes(data)
    except Exception as error:
        if isinstance(error, AssertionError) or known_bug(error) is None:
            raise
    except BaseException as error:  # ParseTimeoutError
        if known_bug(error) is None:
            raise


def main(argv: list[str]) -> int:
    """Start libFuzzer on the parser; 2 when atheris is not installed."""
    if atheris is None:
        print("atheris is not installed: pip install atheris", file=sys.stderr)
        return 2
    target = one_input
    if KEEP_GOING in argv:
        argv = [arg for arg in argv if arg != KEEP_GOING]
        target = one_input_skipping_known
    with atheris.instrument_imports(include=["wsiskg"]):  # coverage of the parser only
        import wsiskg.text.parse  # noqa: F401
    atheris.Setup(argv, target)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
