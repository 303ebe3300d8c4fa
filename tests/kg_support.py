"""Shared set-up for the API, query and export tests: the seed text's graph in a store.

The graph is built in memory (parse -> extract -> build) once per session, without the
SHACL and reasoning stages, which have their own tests; a test session never writes a build
directory or touches the user's cache.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from wsiskg.api import KG
from wsiskg.config import DATASET_FILE, STORE_DIR
from wsiskg.extract import extract
from wsiskg.graph.dataset import build_corpus
from wsiskg.graph.lexicon import load_lexicon
from wsiskg.pipeline import patch
from wsiskg.pipeline.run import DATASET_TRIG, SUMMARY_JSON
from wsiskg.query.export import FORMATS
from wsiskg.query.search import SEARCH_DB
from wsiskg.query.store import Store
from wsiskg.resources import corpus_files
from wsiskg.text.parse import parse_file

#: What a corpus build writes into its directory, and nothing else.
BUILD_FILES = frozenset(
    {DATASET_FILE, DATASET_TRIG, SUMMARY_JSON, SEARCH_DB, STORE_DIR, patch.MANIFEST}
)


@lru_cache(maxsize=1)
def seed_nquads() -> str:
    """The seed text's dataset as N-Quads."""
    return corpus_nquads(corpus_files()[:1])


def corpus_nquads(paths: Sequence[Path]) -> str:
    """The dataset of the drafts at ``paths``, built as one corpus, as N-Quads."""
    lexicon = load_lexicon()
    documents = [parse_file(path) for path in paths]
    dataset = build_corpus([(document, extract(document, lexicon)) for document in documents])
    with warnings.catch_warnings():  # rdflib 7's N-Quads writer calls its deprecated API
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        text = dataset.serialize(format="nquads")
    return text if isinstance(text, str) else text.decode("utf-8")


def seed_kg() -> KG:
    """A fresh KG over the seed dataset (cheap: the N-Quads are built once)."""
    return KG(Store.from_text(seed_nquads()))


def read_quads(data: bytes, fmt: str) -> list[ox.Quad]:
    """Parse an export back into quads (triples land in the default graph)."""
    return list(ox.parse(data, format=FORMATS[fmt]))


def same_dataset(left: Iterable[ox.Quad], right: Iterable[ox.Quad]) -> bool:
    """True when two sets of quads are isomorphic (blank nodes matched by canonicalisation)."""
    return _canonical(left) == _canonical(right)


def _canonical(quads: Iterable[ox.Quad]) -> frozenset[ox.Quad]:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return frozenset(dataset)
