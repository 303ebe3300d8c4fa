"""Property tests of the parser on generated drafts of the genre (see ``genre.py``).

Two properties: the parser recovers exactly the structure the generator wrote, and every
element of every parsed document slices the original text to itself. Runs are reproducible
(derandomised, no example database) and take a few seconds.
"""

from __future__ import annotations

import itertools
import re

from genre import GeneratedDocument, assert_spans_faithful, documents, shape_of
from hypothesis import HealthCheck, given, settings

from wsiskg.text.model import AlternativeForm
from wsiskg.text.parse import parse_document

REPRODUCIBLE = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@REPRODUCIBLE
@given(documents())
def test_parser_recovers_what_was_generated(generated: GeneratedDocument) -> None:
    shape = shape_of(parse_document(generated.text))
    written = generated.shape
    assert shape.wrapped == written.wrapped
    assert shape.chapters == written.chapters
    assert shape.paragraphs == written.paragraphs
    assert [b.depth for b in shape.brackets] == [b.depth for b in written.brackets]
    assert shape.brackets == written.brackets
    assert shape.alternatives == written.alternatives
    assert len(shape.proposals) == len(written.proposals)
    for parsed, expected in zip(shape.proposals, written.proposals, strict=True):
        assert parsed.rows == expected.rows
        assert parsed == expected


@REPRODUCIBLE
@given(documents())
def test_every_element_slices_to_itself(generated: GeneratedDocument) -> None:
    assert_spans_faithful(parse_document(generated.text))


CONSTRUCTS = (
    "wrapper",
    "chapter gap",
    "wholly bracketed paragraph",
    "inline number in bracket",
    "items (a)",
    "wholly bracketed item",
    "continuation",
    "depth 3",
    "lead",
    "unbracketed annex",
    "C7 sub-lines",
    "blank sub-line cell",
    "none cell",
    "abbreviation",
    "slash joiner",
    "list dash",
    "Cyrillic code",
    "no-break space",
    "bullet ●",
    "bullet ·",
    "curly quotes",
)


def _features(generated: GeneratedDocument) -> set[str]:
    """The genre constructs a generated document exercises."""
    shape, text = generated.shape, generated.text
    rows = [row for proposal in shape.proposals for row in proposal.rows]
    found: dict[str, bool] = {
        "wrapper": shape.wrapped,
        "chapter gap": any(b[1] - a[1] > 1 for a, b in itertools.pairwise(shape.chapters)),
        "wholly bracketed paragraph": any(p.wholly_bracketed for p in shape.paragraphs),
        "inline number in bracket": re.search(r"^\[\d+\. ", text, re.MULTILINE) is not None,
        "items (a)": "\n(a) " in text,
        "wholly bracketed item": any(i.wholly_bracketed for p in shape.paragraphs for i in p.items),
        "continuation": any(p.continuations for p in shape.paragraphs),
        "depth 3": any(b.depth == 3 for b in shape.brackets),
        "lead": any(a.lead for a in shape.alternatives),
        "unbracketed annex": re.search(r"^ANNEX", text, re.MULTILINE) is not None,
        "C7 sub-lines": any(row.subline for row in rows),
        "blank sub-line cell": any(row.subline and not row.cell for row in rows),
        "none cell": any(row.status.value == "none" for row in rows),
        "abbreviation": any(body.abbreviation for row in rows for body in row.bodies),
        "slash joiner": any(body.joiner == "/" for row in rows for body in row.bodies),
        "list dash": any(row.cell.startswith("- ") for row in rows),
        "Cyrillic code": "\u0421" in text,
        "no-break space": "\u00a0" in text,
        "bullet ●": "●" in text,
        "bullet ·": "·" in text,
        "curly quotes": "“" in text,
    }
    assert set(found) == set(CONSTRUCTS)
    forms = {f"alternative {a.form.value}" for a in shape.alternatives}
    return {name for name, present in found.items() if present} | forms


def test_generator_writes_every_construct() -> None:
    """The properties above are not vacuous: the examples they see cover the genre."""
    seen: set[str] = set()

    @REPRODUCIBLE
    @given(documents())
    def collect(generated: GeneratedDocument) -> None:
        seen.update(_features(generated))

    collect()
    wanted = {f"alternative {form.value}" for form in AlternativeForm} | set(CONSTRUCTS)
    assert wanted - seen == set()
