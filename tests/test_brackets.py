"""The bracket grammar, construct by construct (table-driven)."""

from __future__ import annotations

import pytest

from wsiskg.text.brackets import bracket_depths, find_alternatives, find_wrapper, match_brackets
from wsiskg.text.model import AlternativeForm
from wsiskg.text.source import LineIndex


def brackets_of(text: str) -> list[str]:
    return [text[b.span.start : b.span.end] for b in match_brackets(text, LineIndex("t", text))]


def alternatives_of(text: str) -> list[tuple[str, list[str], str | None]]:
    raw = match_brackets(text, LineIndex("t", text))
    return [
        (
            g.form.value,
            [text[o.span.start : o.span.end] for o in g.options],
            text[g.lead.start : g.lead.end] if g.lead else None,
        )
        for g in find_alternatives(text, raw)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a [b] c", ["[b]"]),
        ("[a [b [c]]]", ["[a [b [c]]]", "[b [c]]", "[c]"]),
        ("[a]\n[b]", ["[a]", "[b]"]),
        ("no brackets", []),
    ],
)
def test_matching(text: str, expected: list[str]) -> None:
    assert brackets_of(text) == expected


@pytest.mark.parametrize(
    ("text", "depths"),
    [
        ("x [a [b [c]]]", [1, 2, 3]),
        (" [draft [x] and [y [z]]]\n", [0, 1, 1, 2]),  # a wrapper is depth 0, its children 1
        ("[a] [b]", [1, 1]),
    ],
)
def test_depths(text: str, depths: list[int]) -> None:
    raw = match_brackets(text, LineIndex("t", text))
    assert bracket_depths(raw, find_wrapper(text, raw)) == depths


@pytest.mark.parametrize(
    ("text", "wrapped"),
    [(" [whole draft]\n\n", True), ("[a] b [c]", False), ("x [y]", False), ("[only this]", True)],
)
def test_wrapper(text: str, wrapped: bool) -> None:
    raw = match_brackets(text, LineIndex("t", text))
    assert (find_wrapper(text, raw) is not None) is wrapped


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("for [all] /[all women and men]/[all citizens]. persons",
         [("slashed-brackets", ["all", "all women and men", "all citizens"], None)]),
        ("[a]/[b]", [("slashed-brackets", ["a", "b"], None)]),
        ("promoting community [volunteerism] [involvement]in the", [("adjacent", ["volunteerism", "involvement"], None)]),
        ("of [agreements] [decisions] [outcomes] and", [("adjacent", ["agreements", "decisions", "outcomes"], None)]),
        ("[a][b]", [("adjacent", ["a", "b"], None)]),
        ("plans, [by 2007/2008/2009/2010]. ", [("slashed", ["2007", "2008", "2009", "2010"], "by")]),
        ("\t[Moderator/Coordinator]", [("slashed", ["Moderator", "Coordinator"], None)]),
        ("[short one/long second option]", [("slashed", ["short one", "long second option"], None)]),
        ("b) evaluation;[/ review]", [("slash-addition", ["evaluation", "review"], None)]),
        ("and review [/ and follow up]", [("slash-addition", ["review", "and follow up"], None)]),
        # not alternatives
        ("the [Geneva] Plan of [Action]", []),
        ("[a]\n[b]", []),
        ("[body (ITU/WSIS-ES) and/or the Global Alliance on ICT and Development is to work]", []),
        ("[a very long first part here / and a second long part of prose]", []),
        ("[x] and [y]", []),
    ],
)  # fmt: skip
def test_alternative_forms(text: str, expected: list[tuple[str, list[str], str | None]]) -> None:
    assert alternatives_of(text) == expected


def test_alternative_forms_cover_the_enum() -> None:
    texts = "[a/b] and [c] /[d] then [e] [f] x [/ y]"
    forms = {AlternativeForm(form) for form, _, _ in alternatives_of(texts)}
    assert forms == set(AlternativeForm)
