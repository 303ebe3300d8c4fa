"""Hypothesis strategies for hostile negotiation texts: mutated drafts and generated soup.

``hostile_texts(bases)`` draws a base text (the seed draft, a generated draft of the genre
from ``tests/genre.py``, a hand-written draft from ``tests/data/genre/``) and applies a few random mutations:
lines deleted, inserted, duplicated or swapped; characters deleted, inserted or swapped;
brackets, tabs, bullets, no-break spaces, Cyrillic look-alikes and control characters
injected; very long lines; deep ``[`` nesting; paragraph numbers sent backwards; annex
tables broken. ``soup_texts()`` draws texts with no base at all. Sizes stay below ~200 KB.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sized
from typing import Any

from hypothesis import strategies as st

from wsiskg.resources import corpus_files

Draw = Callable[[st.SearchStrategy[Any]], Any]
Mutation = Callable[[Draw, list[str]], list[str]]

#: The seed draft: a base to mutate and a source of realistic lines to insert.
SEED = corpus_files()[0].read_text(encoding="utf-8")

#: Pieces of the genre's grammar and its typographic hazards.
TOKENS = (
    "[", "]", "[", "]", "/", " /", "[/ ", "] [", "]/[", "+", "-", "(", ")", "\t", "\n", "\n\n",
    " ", "\u00a0", "\u202f", "\ufeff", "\u200b", "·", "●", "•", "\uf0b7", "С", "А", "о", "е",
    "“", "’", "–", "a)", "(b)", "zz)", "1.", "13.", "999.", "0.", "[1.", "Chapter One: T",
    "Chapter 4:", "[Chapter Two: X]", "ANNEX", "ANNEX B (Ghana)", "[ANNEX C (X)", "Annex",
    "\tAction Line", "\tCoordinator(s)", "\tC7. ICT applications", "\tС1. Role",
    "\tC12. X", "• E-health", "\t-", "\t\t", "ITU/UNESCO+UN RCs", "UN Regional Commissions (UN RCs)",
    "x", "We", "2007/2008", "\r", "\r\n", "\x00", "\x1b", "\x7f", "\u0085", "\u2028", "\u2029",
)  # fmt: skip
_LOOKALIKES = {"C": "С", "A": "А", "o": "о", "e": "е", " ": "\u00a0", "-": "‑", "'": "’"}
_CHARS = st.characters(codec="utf-8", exclude_categories=["Cs"])
_NUMBER = re.compile(r"^([ \t\[]*)([0-9]{1,3})\.")


def _index(draw: Draw, seq: Sized, extra: int = 0) -> int:
    return int(draw(st.integers(0, max(0, len(seq) - 1 + extra))))


def _token(draw: Draw) -> str:
    return str(draw(st.sampled_from(TOKENS) | st.text(_CHARS, min_size=1, max_size=8)))


# -- line mutations ---------------------------------------------------------------------------


def delete_line(draw: Draw, lines: list[str]) -> list[str]:
    del lines[_index(draw, lines)]
    return lines


def insert_line(draw: Draw, lines: list[str]) -> list[str]:
    source = SEED.split("\n")
    new = source[_index(draw, source)] if draw(st.booleans()) else _token(draw)
    lines.insert(_index(draw, lines, 1), new)
    return lines


def duplicate_line(draw: Draw, lines: list[str]) -> list[str]:
    at = _index(draw, lines)
    lines[at:at] = [lines[at]] * int(draw(st.integers(1, 3)))
    return lines


def swap_lines(draw: Draw, lines: list[str]) -> list[str]:
    a, b = _index(draw, lines), _index(draw, lines)
    lines[a], lines[b] = lines[b], lines[a]
    return lines


def numbers_backwards(draw: Draw, lines: list[str]) -> list[str]:
    """Give a paragraph a number at or below an earlier one (or any number)."""
    numbered = [i for i, line in enumerate(lines) if _NUMBER.match(line)]
    if not numbered:
        return lines
    at = numbered[_index(draw, numbered)]
    new = str(draw(st.integers(0, 999)))
    lines[at] = _NUMBER.sub(lambda m: f"{m[1]}{new}.", lines[at], count=1)
    return lines


def break_annex(draw: Draw, lines: list[str]) -> list[str]:
    """Delete, duplicate, blank or bullet one line of an annex table."""
    cells = [i for i, line in enumerate(lines) if "\t" in line or line.lstrip()[:1] in "·●•"]
    if not cells:
        return lines
    at = cells[_index(draw, cells)]
    how = draw(st.sampled_from(("delete", "duplicate", "blank", "tab", "bullet", "row", "none")))
    replacement = {
        "delete": [],
        "duplicate": [lines[at], lines[at]],
        "blank": [lines[at], ""],
        "tab": ["\t"],
        "bullet": [lines[at], "● E-something"],
        "row": ["\tC9. Media", lines[at]],
        "none": ["\t-"],
    }[how]
    lines[at : at + 1] = replacement
    return lines


# -- character mutations ----------------------------------------------------------------------


def _on_text(change: Callable[[Draw, str], str]) -> Mutation:
    def mutate(draw: Draw, lines: list[str]) -> list[str]:
        return change(draw, "\n".join(lines)).split("\n")

    mutate.__name__ = change.__name__
    return mutate


@_on_text
def delete_chars(draw: Draw, text: str) -> str:
    at = _index(draw, text)
    return text[:at] + text[at + int(draw(st.integers(1, 12))) :]


@_on_text
def insert_token(draw: Draw, text: str) -> str:
    at = _index(draw, text, 1)
    return text[:at] + _token(draw) + text[at:]


@_on_text
def swap_chars(draw: Draw, text: str) -> str:
    at = _index(draw, text, -1)
    return text[:at] + text[at + 1 : at + 2] + text[at : at + 1] + text[at + 2 :]


@_on_text
def lookalike(draw: Draw, text: str) -> str:
    """Replace every occurrence of one Latin character in a stretch by its look-alike."""
    plain, fake = draw(st.sampled_from(sorted(_LOOKALIKES.items())))
    at = _index(draw, text)
    end = at + int(draw(st.integers(1, 400)))
    return text[:at] + text[at:end].replace(plain, fake) + text[end:]


@_on_text
def long_run(draw: Draw, text: str) -> str:
    """A very long line: one token repeated up to tens of thousands of times."""
    piece = str(draw(st.sampled_from(("a", " ", "x ", "\t", "[x]", "ab", "+", "/", "-"))))
    count = int(draw(st.sampled_from((50, 500, 3_000, 20_000))))
    at = _index(draw, text, 1)
    return text[:at] + piece * count + text[at:]


@_on_text
def deep_nesting(draw: Draw, text: str) -> str:
    """Up to 5,000 nested brackets, closed (or not quite) further on."""
    depth = int(draw(st.sampled_from((2, 50, 1_000, 5_000))))
    missing = int(draw(st.sampled_from((0, 0, 1))))
    a, b = sorted((_index(draw, text, 1), _index(draw, text, 1)))
    return text[:a] + "[" * depth + text[a:b] + "]" * (depth - missing) + text[b:]


MUTATIONS: tuple[Mutation, ...] = (
    delete_line,
    insert_line,
    duplicate_line,
    swap_lines,
    numbers_backwards,
    break_annex,
    delete_chars,
    insert_token,
    insert_token,
    swap_chars,
    lookalike,
    long_run,
    deep_nesting,
)


@st.composite
def hostile_texts(draw: Draw, bases: st.SearchStrategy[str]) -> str:
    """A base text with one to eight mutations applied."""
    lines = str(draw(bases)).split("\n")
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=8)):
        lines = mutation(draw, lines) or [""]
    return "\n".join(lines)


def soup_texts() -> st.SearchStrategy[str]:
    """Texts built from nothing: grammar tokens and arbitrary (surrogate-free) characters."""
    tokens = st.lists(st.sampled_from(TOKENS) | st.text(_CHARS, max_size=6), max_size=300)
    return st.one_of(st.text(_CHARS, max_size=3_000), tokens.map("".join))
