"""Parser bugs found by fuzzing and reported to the lead, and how to recognise them.

A failure is *known* when it is the listed exception type raised (or, for a hang, caught)
in the listed parser function -- the innermost frame of ``wsiskg`` on its traceback.
Each bug has regression inputs in ``tests/fuzz/regressions/`` that are strict xfails in
``tests/test_fuzz_parser.py``; when the lead fixes one, its xfail turns into a failure
(XPASS) and the entry here goes, with the ``REGRESSION_BUGS`` lines that name it.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class KnownBug:
    """A parser bug reported to the lead: how it shows, and why it happens."""

    error: type[BaseException]
    where: str  # innermost parser function on the traceback: "module.function"
    reason: str


KNOWN_BUGS: dict[str, KnownBug] = {
    # Empty: the seven bugs found so far (ordinals of 'Chapter ı', 4301-digit chapter numbers,
    # quadratic regex backtracking in chapter/row/bullet lines and in the '[/ y]' look-back,
    # and O(paragraphs x brackets) containment) are fixed; their inputs stay as regressions.
}


def _innermost_parser_frame(error: BaseException) -> str:
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if "/wsiskg/" in frame.filename
        and not frame.filename.endswith("model.py")
        and not frame.name.startswith("<")  # <genexpr>: name the function around it
    ]
    if not frames:
        return "?"
    return f"{Path(frames[-1].filename).stem}.{frames[-1].name}"


def known_bug(error: BaseException) -> str | None:
    """The id of the known bug this failure shows, if it is one."""
    where = _innermost_parser_frame(error)
    for bug_id, bug in KNOWN_BUGS.items():
        if isinstance(error, bug.error) and where in bug.where.split("|"):
            return bug_id
    return None
