"""What the benchmark ran on: CPU, memory, OS, and the versions of everything measured."""

from __future__ import annotations

import os
import platform
import re
import subprocess
from importlib import metadata
from pathlib import Path

PACKAGES = (
    "wsiskg",
    "pyoxigraph",
    "rdflib",
    "pyshacl",
    "owlready2",
    "fastapi",
    "uvicorn",
    "httpx",
    "rdflib-endpoint",
    "oxigraph",
)


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""


def _command_output(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"
    return (done.stdout + done.stderr).strip() or "unknown"


def _command_version(command: list[str]) -> str:
    return _command_output(command).splitlines()[0].strip()


def describe() -> dict[str, str]:
    """Facts about this machine and the software under test."""
    cpu = re.search(r"^model name\s*:\s*(.+)$", _read("/proc/cpuinfo"), re.MULTILINE)
    mem = re.search(r"^MemTotal:\s*(\d+) kB", _read("/proc/meminfo"), re.MULTILINE)
    os_name = re.search(r'^PRETTY_NAME="?([^"\n]+)', _read("/etc/os-release"), re.MULTILINE)
    facts = {
        "CPU": cpu.group(1) if cpu else platform.processor(),
        "cores": str(os.cpu_count()),
        "memory": f"{int(mem.group(1)) / 1024**2:.1f} GiB" if mem else "unknown",
        "OS": f"{os_name.group(1) if os_name else platform.system()} ({platform.release()})",
        "Python": platform.python_version(),
    }
    for package in PACKAGES:
        try:
            facts[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            facts[package] = "not installed"
    facts["Virtuoso"] = _virtuoso_version()
    facts["Java"] = _command_version(["java", "-version"])
    facts["wrk"] = _command_version(["wrk", "--version"])
    return facts


def _virtuoso_version() -> str:
    text = _command_output(["virtuoso-t", "-?"])
    found = re.search(r"Version \S+", text)
    return f"Open Source {found.group(0)}" if found else text.splitlines()[0]
