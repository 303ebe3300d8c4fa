"""Dates: deadlines ("by 2015", "by July 2006", "[by 2007/2008/2009/2010]") and other dates.

Only a target introduced by "by", "before", "until", "no later than" or "by the end of" is a
deadline. A negotiated group of dates is one deadline with several options, never one date.
Any other date ("in June 2004", the date of a past event) is a :class:`DateMention`, and so
is a bracketed blank such as "[dates]" (a placeholder, without a year).
"""

from __future__ import annotations

import re

from wsiskg.extract.records import DateMention, DateOption, Deadline, Place
from wsiskg.extract.text import Locator, in_any
from wsiskg.text.model import AlternativeGroup, Document, Option, Span

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_DATE = (
    rf"(?:(?P<day>\d{{1,2}})\s+)?(?:(?P<month>{'|'.join(_MONTHS)})\s+)?"
    r"(?P<year>(?:19|20)\d\d)(?!\d)"
)
_LEAD = r"(?:by(?:\s+the\s+end\s+of)?|before|until|no\s+later\s+than|not\s+later\s+than)"
_DATE_RE = re.compile(rf"(?<![\w/-]){_DATE}", re.IGNORECASE)
_DEADLINE = re.compile(rf"(?<![\w-]){_LEAD}\s+(?:the\s+year\s+)?(?P<date>{_DATE})", re.IGNORECASE)
_OPTION = re.compile(rf"\s*(?:{_LEAD}\s+)?(?P<date>{_DATE})\s*", re.IGNORECASE)
_LEAD_ONLY = re.compile(rf"\s*{_LEAD}\s*", re.IGNORECASE)
_LEAD_BEFORE = re.compile(rf"(?<![\w-]){_LEAD}\s*$", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\s*(?:dates?|date\(s\)|years?|months?|days?)\s*", re.IGNORECASE)


class DateReader:
    """Reads the dates of one document."""

    def __init__(self, document: Document, view: str, locator: Locator) -> None:
        self._document, self._view, self._locator = document, view, locator

    def deadlines(self) -> list[Deadline]:
        """Every deadline, alternatives first claimed by their group."""
        found = [d for g in self._document.alternatives if (d := self._alternative(g)) is not None]
        claimed = [deadline.span for deadline in found]
        for match in _DEADLINE.finditer(self._view):
            span = Span(match.start(), match.end())
            if not in_any(span, claimed):
                option = self._option(match, "date")
                found.append(self._deadline(span, (option,)))
        return sorted(found, key=lambda deadline: deadline.span.start)

    def mentions(self, deadlines: list[Deadline]) -> list[DateMention]:
        """Dates that are not deadlines, and bracketed date placeholders."""
        taken = [deadline.span for deadline in deadlines]
        found: list[DateMention] = []
        for match in _DATE_RE.finditer(self._view):
            span = Span(match.start(), match.end())
            if not in_any(span, taken):
                date = self._option(match, None)
                found.append(DateMention(span, date.text, date.year, date.month, self._at(span)))
        for bracket in self._document.brackets:
            if not bracket.is_wrapper and _PLACEHOLDER.fullmatch(self._view, *_ends(bracket.inner)):
                found.append(
                    DateMention(
                        bracket.span, self._text(bracket.span), None, None, self._at(bracket.span)
                    )
                )
        return sorted(found, key=lambda mention: mention.span.start)

    def _alternative(self, group: AlternativeGroup) -> Deadline | None:
        parsed = [_OPTION.fullmatch(self._view, *_ends(option.span)) for option in group.options]
        if not parsed or any(match is None for match in parsed):
            return None
        options = tuple(self._option(m, "date") for m in parsed if m is not None)
        span = group.span
        lead_inside = group.lead is not None and _LEAD_ONLY.fullmatch(group.lead) is not None
        lead_each = all(_has_lead(option) for option in group.options)
        before = _LEAD_BEFORE.search(self._view, max(0, span.start - 40), span.start)
        if not (lead_inside or lead_each or before):
            return None
        if before is not None and not (lead_inside or lead_each):
            span = Span(before.start(), span.end)
        return Deadline(span, self._text(span), options, self._at(span), group.span)

    def _option(self, match: re.Match[str], group: str | None) -> DateOption:
        start, end = match.span(group) if group else match.span()
        month = match.group("month")
        number = _MONTHS.index(month.lower()) + 1 if month else None
        return DateOption(
            Span(start, end), self._text(Span(start, end)), int(match.group("year")), number
        )

    def _deadline(self, span: Span, options: tuple[DateOption, ...]) -> Deadline:
        return Deadline(span, self._text(span), options, self._at(span))

    def _text(self, span: Span) -> str:
        return self._document.slice(span)

    def _at(self, span: Span) -> Place:
        return self._locator.place(span)


def _ends(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _has_lead(option: Option) -> bool:
    return re.match(rf"\s*{_LEAD}\s", option.text, re.IGNORECASE) is not None
