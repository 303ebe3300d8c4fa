"""Numbers as drafts print them: ``Four``, ``4``, ``IV`` (chapter numbers and their references)."""

from __future__ import annotations

import re

NUMBER_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty",
)  # fmt: skip
_ROMAN = re.compile(r"^(x{0,3})(ix|iv|v?i{0,3})$", re.IGNORECASE | re.ASCII)
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}


def number_value(printed: str) -> int | None:
    """The value of a printed number word, ASCII digits or Roman numeral (up to XXXIX).

    >>> [number_value(n) for n in ("Four", "4", "IV", "xii", "Forty", "", "ı")]
    [4, 4, 4, 12, None, None, None]
    """
    word = printed.lower()
    if printed.isascii() and printed.isdigit():
        return int(printed) if len(printed) <= 12 else None
    if word in NUMBER_WORDS:
        return NUMBER_WORDS.index(word) + 1
    if printed and _ROMAN.match(printed):
        digits = [_ROMAN_VALUES[char] for char in word]
        pairs = zip(digits, [*digits[1:], 0], strict=True)
        return sum(-digit if digit < after else digit for digit, after in pairs)
    return None


def number_word(printed: str) -> str:
    """The number as a lower-case word where there is one: ``3``, ``III``, ``Three`` -> ``three``.

    >>> [number_word(n) for n in ("3", "III", "Three", "IV", "21")]
    ['three', 'three', 'three', 'four', '21']
    """
    value = number_value(printed)
    if value is not None and 1 <= value <= len(NUMBER_WORDS):
        return NUMBER_WORDS[value - 1]
    return str(value) if value is not None else printed.lower()
