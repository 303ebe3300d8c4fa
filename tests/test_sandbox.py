"""The confinement of query processes: no new descriptors, no inherited sockets, bounded memory,
and a stack deep enough for the engine's recursion."""

from __future__ import annotations

import os
import signal
import socket
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from server_support import listener

from wsiskg.errors import QueryResourceError
from wsiskg.query.sandbox import call_deep, confine
from wsiskg.query.store import worker_death

MIB = 2**20


def _in_child(body: Callable[[], str]) -> tuple[int, str]:
    """Run ``body`` in a forked child; its exit status and what it reported through a pipe."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(reader)
        try:
            report = body()
        except BaseException as error:
            report = f"raised {type(error).__name__}: {error}"
        os.write(writer, report.encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        report = pipe.read().decode()
    _, status = os.waitpid(pid, 0)
    return status, report


def _attempt(action: Callable[[], object]) -> str:
    try:
        action()
    except OSError as error:
        return f"{type(error).__name__} errno={error.errno}"
    return "succeeded"


def test_a_confined_process_can_open_no_socket_and_no_file() -> None:
    def body() -> str:
        confine(keep=(), memory=None)
        return "|".join(
            [
                _attempt(socket.socket),
                _attempt(lambda: Path("/etc/hostname").open("rb")),
                _attempt(lambda: socket.getaddrinfo("localhost", 80)),
            ]
        )

    status, report = _in_child(body)
    assert status == 0
    socket_attempt, file_attempt, lookup_attempt = report.split("|")
    assert socket_attempt == "OSError errno=24"  # EMFILE
    assert file_attempt == "OSError errno=24"
    assert lookup_attempt.startswith("gaierror")  # even /etc/hosts cannot be read


def test_the_engine_in_a_confined_process_connects_nowhere() -> None:
    """pyoxigraph's own HTTP client (SERVICE) fails for want of a socket; the listener sees nothing."""
    with listener() as local:

        def body() -> str:
            confine(keep=(), memory=None)
            query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{local.port}/> {{ ?s ?p ?o }} }}"
            try:
                list(ox.Store().query(query))  # type: ignore[arg-type]
            except OSError as error:
                return str(error)
            return "answered"

        status, report = _in_child(body)
    assert status == 0
    assert "(os error 24)" in report
    assert local.connections == 0


def test_inherited_sockets_are_closed_but_the_kept_one() -> None:
    kept, other = socket.socketpair()
    server = socket.create_server(("127.0.0.1", 0))
    numbers = [kept.fileno(), other.fileno(), server.fileno()]
    try:

        def body() -> str:
            confine(keep={numbers[0]}, memory=None)
            return ",".join(str(fd) for fd in numbers if _is_socket(fd))

        status, report = _in_child(body)
    finally:
        for sock in (kept, other, server):
            sock.close()
    assert status == 0
    assert report == str(numbers[0])


def _is_socket(fd: int) -> bool:
    """Whether ``fd`` is an open socket (closed numbers are refilled with /dev/null)."""
    try:
        return stat.S_ISSOCK(os.fstat(fd).st_mode)
    except OSError:
        return False


def test_memory_growth_beyond_the_allowance_fails_in_the_child() -> None:
    def body() -> str:
        confine(keep=(), memory=64 * MIB)
        try:
            block = bytearray(256 * MIB)
        except MemoryError:
            return "MemoryError"
        return f"allocated {len(block)}"

    status, report = _in_child(body)
    assert status == 0
    assert report == "MemoryError"


def test_the_engine_aborts_when_a_string_outgrows_the_allowance() -> None:
    """A doubling string bomb: pyoxigraph cannot allocate and aborts; the process dies by SIGABRT."""
    binds = "".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1}) " for i in range(30))
    query = f'SELECT (STRLEN(?v30) AS ?n) {{ BIND("0123456789" AS ?v0) {binds} }}'

    def body() -> str:
        confine(keep=(), memory=128 * MIB)
        return str(list(ox.Store().query(query)))  # type: ignore[arg-type]

    status, _ = _in_child(body)
    assert os.WIFSIGNALED(status)
    assert os.WTERMSIG(status) == signal.SIGABRT


def test_call_deep_runs_on_its_own_deep_thread_and_reraises() -> None:
    assert call_deep(threading.current_thread) is not threading.current_thread()

    def fail() -> None:
        raise KeyError("inside")

    with pytest.raises(KeyError, match="inside"):
        call_deep(fail)


def test_nesting_that_overflows_a_small_stack_parses_on_the_deep_one() -> None:
    """2,000 nested groups crash pyoxigraph on a 2 MiB thread stack (measured); 256 MiB is ample."""
    query = "ASK " + "{" * 2000 + "}" * 2000
    assert call_deep(lambda: bool(ox.Store().query(query))) is True


@pytest.mark.parametrize(
    ("exitcode", "memory", "expected"),
    [
        (-signal.SIGABRT, 256 * MIB, "more memory than one query may use (256 MiB)"),
        (-signal.SIGSEGV, None, "overflowed the engine's stack"),
        (-signal.SIGKILL, None, "stopped without an answer (signal 9)"),
        (1, None, "stopped without an answer (exit 1)"),
    ],
)
def test_a_dead_worker_is_described_by_how_it_died(
    exitcode: int, memory: int | None, expected: str
) -> None:
    error = worker_death(exitcode, memory)
    assert isinstance(error, QueryResourceError)
    assert expected in error.message
