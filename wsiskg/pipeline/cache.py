"""Builds made on demand by :func:`wsiskg.load`, kept in a cache keyed by what they depend on.

A cached build is reused only when the input texts, the base IRI and the package itself
(code, ontology, shapes, rules) are byte-for-byte the same, so an edited vocabulary or a new
release never serves a stale graph. Builds land in a scratch directory first and are renamed
into place, so concurrent loads never see half a build.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from wsiskg.config import DATASET_FILE, DEFAULT_BASE_IRI, Settings
from wsiskg.errors import StoreError
from wsiskg.resources import data_path

Progress = Callable[[str], None]

SUMMARY_FILE = "summary.json"
RDF_SUFFIXES = frozenset({".nq", ".nt", ".trig", ".ttl", ".jsonld", ".rdf", ".owl", ".xml", ".n3"})
_PACKAGE_FOLDERS = ("ontology", "shapes", "queries")
KEEP_BUILDS = 4  # cached builds kept; older ones (older code or texts) are removed


def is_rdf(path: Path) -> bool:
    """Whether a path names an RDF file (by suffix) rather than a negotiation text."""
    return path.suffix.lower() in RDF_SUFFIXES


def has_build(build_dir: Path) -> bool:
    """Whether ``build_dir`` holds a finished build."""
    return (build_dir / DATASET_FILE).is_file()


def cache_root(configured: Path | None = None) -> Path:
    """Where cached builds live: ``configured`` (``Settings.cache_dir``), else
    ``$XDG_CACHE_HOME/wsiskg``."""
    if configured is not None:
        return configured
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "wsiskg"


def cache_key(texts: Sequence[Path], base_iri: str = DEFAULT_BASE_IRI) -> str:
    """A digest of the inputs, the base IRI and the package (code and data)."""
    digest = hashlib.sha256()
    digest.update(base_iri.encode())
    for path in sorted(texts, key=lambda p: p.name):
        digest.update(path.name.encode() + b"\0" + _file_digest(path))
    for path in _package_files():
        digest.update(str(path.name).encode() + b"\0" + _file_digest(path))
    return digest.hexdigest()[:24]


def _file_digest(path: Path) -> bytes:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError as error:
        raise StoreError(f"{path}: cannot read: {error.strerror}") from None


def _package_files() -> list[Path]:
    code = Path(__file__).resolve().parent
    files = sorted(code.rglob("*.py"))
    for folder in _PACKAGE_FOLDERS:
        root = data_path(folder)
        if root.is_dir():
            files += sorted(p for p in root.rglob("*") if p.is_file())
    manifest = data_path("corpus") / "manifest.toml"  # names documents in IRIs
    return [*files, manifest] if manifest.is_file() else files


def ensure_build(
    texts: Sequence[Path],
    settings: Settings | None = None,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> Path:
    """The cached build directory of ``texts``, building it first when missing."""
    if not texts:
        raise StoreError("nothing to build: no input texts")
    config = settings if settings is not None else Settings.model_construct()
    target = cache_root(config.cache_dir) / cache_key(texts, config.base_iri)
    if has_build(target) and not rebuild:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    try:
        _build(texts, scratch / "build", config, progress)
        if rebuild and target.exists():
            shutil.rmtree(target)
        try:
            (scratch / "build").rename(target)
        except OSError:
            if not has_build(target):  # someone else won the race with a complete build
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    _prune(target.parent, keep=target)
    return target


def _prune(root: Path, keep: Path, entries: int = KEEP_BUILDS) -> None:
    """Remove all but the ``entries`` most recently made builds (``keep`` always stays)."""
    builds = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".") and p != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in builds[entries - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


def _build(texts: Sequence[Path], out: Path, settings: Settings, progress: Progress | None) -> None:
    from wsiskg.pipeline.run import build  # building pulls in the whole pipeline

    build(list(texts), out, settings, progress=progress)


def describe(directory: Path) -> dict[str, Any]:
    """What ``wsiskg info`` reports: the build's summary, triples per graph, versions."""
    facts: dict[str, Any] = {"build_dir": str(directory), "built": has_build(directory)}
    if facts["built"]:
        summary = directory / SUMMARY_FILE
        facts["summary"] = json.loads(summary.read_text("utf-8")) if summary.is_file() else None
        facts["graphs"] = _graph_sizes(directory / DATASET_FILE)
        facts["quads"] = sum(facts["graphs"].values())
    facts["versions"] = versions()
    return facts


def _graph_sizes(dataset: Path) -> dict[str, int]:
    import pyoxigraph as ox

    sizes: dict[str, int] = {}
    for quad in ox.parse(path=dataset, format=ox.RdfFormat.N_QUADS):
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else "default"
        sizes[name] = sizes.get(name, 0) + 1
    return dict(sorted(sizes.items()))


def versions() -> dict[str, str]:
    """Versions of wsiskg, its ontology and the libraries that shape its output."""
    from wsiskg.namespaces import ONTOLOGY_VERSION

    found = {"wsiskg": _version("wsiskg"), "ontology": ONTOLOGY_VERSION}
    for name in ("rdflib", "pyoxigraph", "pyshacl", "owlready2"):
        found[name] = _version(name)
    found["python"] = platform.python_version()
    return found


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def render(facts: Mapping[str, Any]) -> str:
    """``wsiskg info`` as text."""
    lines = [f"build directory: {facts['build_dir']}"]
    if not facts["built"]:
        lines.append("  nothing built there yet: run `wsiskg build`")
    else:
        lines += _render_summary(facts.get("summary") or {})
        lines.append(f"quads: {facts['quads']:,}")
        lines += [f"  {name:<60} {count:>8,}" for name, count in facts["graphs"].items()]
    lines.append("versions: " + ", ".join(f"{k} {v}" for k, v in facts["versions"].items()))
    return "\n".join(lines)


def _render_summary(summary: Mapping[str, Any]) -> Iterable[str]:
    for key, value in summary.items():
        if isinstance(value, Mapping | list):
            yield f"{key}: {json.dumps(value, ensure_ascii=False)}"
        else:
            yield f"{key}: {value}"
