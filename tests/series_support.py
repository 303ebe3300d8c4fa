"""Shared set-up for the tests of drafts as versions: the constructed test series built as
one dataset (parse -> extract -> compare -> build, without SHACL and reasoning, which the
graph tests run once on their own) and loaded into a store. Built once per session."""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path

from rdflib import Dataset

from wsiskg.api import KG
from wsiskg.extract import Extraction, extract
from wsiskg.graph.dataset import build_corpus
from wsiskg.graph.lexicon import load_lexicon
from wsiskg.query.store import Store
from wsiskg.text.model import Document
from wsiskg.text.parse import parse_file
from wsiskg.versions import Chain, Draft, compare_series, read_series

SERIES_MANIFEST = Path(__file__).parent / "data" / "versions" / "series.toml"


@lru_cache(maxsize=1)
def _read() -> tuple[Chain, list[tuple[Document, Extraction]]]:
    series = read_series(SERIES_MANIFEST)
    lexicon = load_lexicon()
    pairs = []
    for version in series.versions:
        document = parse_file(version.path)
        pairs.append((document, extract(document, lexicon)))
    drafts = [
        Draft(version, document, extraction.assignments)
        for version, (document, extraction) in zip(series.versions, pairs, strict=True)
    ]
    return compare_series(series, drafts), pairs


@lru_cache(maxsize=1)
def series_dataset() -> Dataset:
    """The test series as one dataset, versions graph included."""
    chain, pairs = _read()
    return build_corpus(pairs, chain=chain)


@lru_cache(maxsize=1)
def series_nquads() -> str:
    """The series dataset as N-Quads."""
    with warnings.catch_warnings():  # rdflib 7's N-Quads writer calls its deprecated API
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        text = series_dataset().serialize(format="nquads")
    return text if isinstance(text, str) else text.decode("utf-8")


def series_kg() -> KG:
    """A fresh KG over the series dataset."""
    return KG(Store.from_text(series_nquads()))
