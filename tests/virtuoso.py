"""A throw-away Virtuoso Open Source server on 127.0.0.1, for tests and benchmarks.

Installs Debian's ``virtuoso-opensource-7-bin`` when ``virtuoso-t`` is missing. That is the
binaries-only member of the ``virtuoso-opensource`` family: the ``virtuoso-opensource`` /
``-7`` packages add a system service that listens on every interface and asks for a dba
password through debconf; we need neither. The server runs from a scratch ``virtuoso.ini``
in a temporary directory, loopback only, with the default ``dba``/``dba`` account, and is
stopped and deleted afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import httpx

PACKAGE = "virtuoso-opensource-7-bin"
USER = "dba"
PASSWORD = "dba"  # noqa: S105 - Virtuoso's default account on a throw-away loopback server

_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DirsAllowed = ., {dir}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
ServerThreads = 10
CheckpointInterval = 60
CaseMode = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxClientConnections = 10
KeepAliveTimeout = 10

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 0
"""


class VirtuosoError(RuntimeError):
    """Virtuoso could not be installed or started."""


def ensure_installed() -> Path:
    """The path of ``virtuoso-t``, installing the Debian package first when it is missing."""
    found = shutil.which("virtuoso-t")
    if found:
        return Path(found)
    if os.geteuid() != 0:
        raise VirtuosoError(f"virtuoso-t is missing and only root can `apt-get install {PACKAGE}`")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update", "-q"],
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", PACKAGE],
    ):
        done = subprocess.run(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        if done.returncode != 0:
            raise VirtuosoError(f"`{' '.join(command)}` failed:\n{done.stderr[-2000:]}")
    found = shutil.which("virtuoso-t")
    if not found:
        raise VirtuosoError(f"{PACKAGE} installed but virtuoso-t is not on PATH")
    return Path(found)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class VirtuosoServer:
    """A running scratch server; use as a context manager or call start()/stop()."""

    buffers: int = 20_000  # 8 KB pages: ~160 MB of cache
    directory: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="virtuoso-")))
    http_port: int = field(default_factory=free_port)
    sql_port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        """Anonymous query endpoint."""
        return f"{self.base}/sparql"

    @property
    def sparql_auth(self) -> str:
        """Query and update endpoint behind Digest auth (dba)."""
        return f"{self.base}/sparql-auth"

    @property
    def graph_store(self) -> str:
        """Graph Store HTTP Protocol behind Digest auth (dba)."""
        return f"{self.base}/sparql-graph-crud-auth"

    @property
    def log(self) -> Path:
        return self.directory / "virtuoso.log"

    def start(self, timeout: float = 90.0) -> VirtuosoServer:
        binary = ensure_installed()
        ini = self.directory / "virtuoso.ini"
        ini.write_text(
            _INI.format(
                dir=self.directory,
                sql_port=self.sql_port,
                http_port=self.http_port,
                buffers=self.buffers,
                dirty_buffers=self.buffers * 3 // 4,
            ),
            encoding="utf-8",
        )
        self.process = subprocess.Popen(
            [str(binary), "+configfile", str(ini), "+foreground"],
            cwd=self.directory,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise VirtuosoError(f"virtuoso-t exited early:\n{self._log_tail()}")
            try:
                if httpx.get(self.sparql, params={"query": "ASK {}"}, timeout=2).is_success:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.25)
        self.stop()
        raise VirtuosoError(f"Virtuoso not ready after {timeout:.0f} s:\n{self._log_tail()}")

    def _log_tail(self) -> str:
        if not self.log.exists():
            return "(no log)"
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-20:])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> VirtuosoServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
