"""Shared set-up for the tests of drafts as versions: the constructed test series built as
one dataset (parse -> extract -> compare -> build, without SHACL and reasoning, which the
graph tests run once on their own) and loaded into a store."""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path

from rdflib import Dataset

from wsiskg.api import KG
from wsiskg.graph.dataset import build_corpus
from wsiskg.pipeline.series import read_chain
from wsiskg.query.store import Store
from wsiskg.versions import Chain, read_series

SERIES_MANIFEST = Path(__file__).parent / "data" / "versions" / "series.toml"


@lru_cache(maxsize=1)
def series_chain() -> Chain:
    """The test series, parsed, extracted and compared."""
    return read_chain(read_series(SERIES_MANIFEST))


@lru_cache(maxsize=1)
def series_dataset() -> Dataset:
    """The test series as one dataset, versions graph included."""
    chain = series_chain()
    pairs = []
    from wsiskg.extract import extract
    from wsiskg.graph.lexicon import load_lexicon

    lexicon = load_lexicon()
    for draft in chain.drafts:
        pairs.append((draft.document, extract(draft.document, lexicon)))
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
