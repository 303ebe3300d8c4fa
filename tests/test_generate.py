"""The synthetic corpus generator (bench/generate.py): deterministic, seed-sized, parseable,
and laid out like the seed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.generate import SEED_CHARS, generate, write_corpus
from wsiskg.text.parse import parse_document


def test_same_seed_same_text_other_seed_other_text() -> None:
    assert generate(2, seed=7) == generate(2, seed=7)
    assert generate(1, seed=7)[0][1] != generate(1, seed=8)[0][1]


@pytest.mark.parametrize(
    ("scale", "mode", "files"),
    [(1, "documents", 1), (5, "documents", 5), (2.5, "documents", 3), (5, "long", 1)],
)
def test_scale_sets_size_and_file_count(scale: float, mode: str, files: int) -> None:
    drafts = generate(scale, seed=1, mode=mode)
    size = sum(len(text) for _, text, _ in drafts)
    assert len(drafts) == files
    assert 0.75 * scale * SEED_CHARS < size < 1.25 * scale * SEED_CHARS


@pytest.mark.parametrize("seed", range(8))
def test_the_parser_finds_what_the_generator_wrote(seed: int) -> None:
    [(_, text, counts)] = generate(1, seed=seed)
    doc = parse_document(text, f"synthetic-{seed}")
    items = [i for p in doc.paragraphs for i in p.items]
    assert len(doc.chapters) == counts.chapters
    assert len(doc.paragraphs) == counts.paragraphs
    assert len(items) == counts.items
    continuations = [k for p in doc.paragraphs for k in p.continuations]
    assert len(continuations) == counts.continuations
    assert (
        sum(p.wholly_bracketed for p in doc.paragraphs) + sum(i.wholly_bracketed for i in items)
    ) == counts.wholly_bracketed
    assert len([a for a in doc.alternatives if a.annex is None]) == counts.alternatives
    assert [p.proponent for p in doc.proposals] == counts.proponents
    assert sum(len(p.rows) for p in doc.proposals) == counts.rows == 2 * (10 + 9 + 3)
    assert doc.wrapper is not None


def test_no_generated_draft_gives_an_empty_continuation() -> None:
    """Regression: an empty line then the wrapper's ']' after a last item once gave one."""
    empty = [
        (seed, p.number)
        for seed in range(8)
        for p in parse_document(generate(1, seed=seed)[0][1], "x").paragraphs
        for k in p.continuations
        if k.span.end == k.span.start
    ]
    assert empty == []


def test_a_long_draft_parses_with_numbering_that_only_goes_forward() -> None:
    [(_, text, counts)] = generate(3, seed=3, mode="long")
    doc = parse_document(text, "long")
    numbers = [int(p.number) for p in doc.paragraphs]
    assert numbers == sorted(set(numbers))
    assert len(doc.proposals) == counts.proposals == 6


def test_layout_follows_the_seed() -> None:
    [(_, text, _)] = generate(1, seed=11)
    lines = text.split("\n")
    assert lines[0].startswith(" [Chapter One: ")  # outer bracket before the first heading
    assert "]" in lines  # it closes on a line of its own
    assert lines[-1] == ""
    assert re.search(r"^\[ANNEX A \([A-Z][a-z]+.*\)$", text, re.MULTILINE)
    assert re.search(r"^\t(Action Line |Action Lines)$", text, re.MULTILINE)
    assert re.search(r"^\tC11\. International and regional cooperation", text, re.MULTILINE)
    assert re.search(r"^[\u00b7\u25cf] E-health ?$", text, re.MULTILINE)
    assert re.search(r"^\tE\. Follow-up and evaluation", text, re.MULTILINE)
    assert re.search(r"^[a-w]\) ", text, re.MULTILINE)


def test_all_four_alternative_forms_occur() -> None:
    text = "".join(t for _, t, _ in generate(3, seed=5))
    assert re.search(r"\[by \d{4}(/\d{4})+\]", text)  # [a/b/c]
    assert re.search(r"\[[^][]+\] /\[[^][]+\]", text)  # [a] /[b]/[c]
    assert re.search(r"\[[^][/]+\] \[[^][/]+\]", text)  # [a] [b]
    assert re.search(r"\w \[/ [^][]+\]", text)  # x [/ y]
    assert re.search(r"\[[^][]*\[[^][]+\][^][]*\]", text)  # nested


def test_write_corpus_writes_the_files(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "c", 2, seed=4)
    assert [p.name for p in paths] == ["00000_synthetic_4.txt", "00001_synthetic_4.txt"]
    assert paths[0].read_text(encoding="utf-8") == generate(2, seed=4)[0][1]
