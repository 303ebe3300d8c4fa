"""Shared helpers for the store and server tests: fixture data, a live server, a listener."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI

from wsiskg.query.store import Store
from wsiskg.server.app import uvicorn_config

DATA = Path(__file__).with_name("data") / "server"
MINI = DATA / "mini.trig"
BASE = "https://w3id.org/wsiskg/"
ID = BASE + "id/"
GRAPH = BASE + "graph/"

#: Runs for hours without a time limit: 5-way cartesian product of every triple.
ENDLESS_QUERY = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?q }"
)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` with uvicorn on 127.0.0.1 in a thread; yield its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn_config(app, "127.0.0.1", port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(10)


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.socket.settimeout(0.1)
        self.port: int = self.socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        """An HTTP URL pointing at the listener."""
        return f"http://127.0.0.1:{self.port}/sparql"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            connection.close()

    def close(self) -> None:
        """Stop listening (waits for the accept loop)."""
        self._stop.set()
        self._thread.join(2)
        self.socket.close()


@contextlib.contextmanager
def listener() -> Iterator[Listener]:
    """A :class:`Listener` for the duration of a block."""
    found = Listener()
    try:
        yield found
    finally:
        found.close()


def assert_same_answer_over_http(url: str, store: Store, text: str) -> None:
    """``text`` POSTed to ``{url}sparql`` answers what ``store`` answers in process."""
    local = store.query(text)
    response = httpx.post(url + "sparql", data={"query": text}, timeout=30)
    assert response.status_code == 200, response.text
    if local.boolean is not None:
        assert response.json()["boolean"] is local.boolean
        return
    expected = {
        frozenset((v, t.value) for v, t in zip(local.variables, row, strict=True) if t is not None)
        for row in local.rows
    }
    rows = response.json()["results"]["bindings"]
    assert {frozenset((k, v["value"]) for k, v in row.items()) for row in rows} == expected
