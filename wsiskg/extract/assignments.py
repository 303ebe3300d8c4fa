"""Explicit assignments: one per body named in a filled annex cell.

The role comes from the proposal's role header: "Coordinator(s)" is the role coordinator;
a header negotiated as alternatives ("[Moderator/Coordinator]") keeps every option in
``role_options`` and takes as its role the option that another proposal of the same
document uses alone (here Annex A's "Coordinator(s)"), else its first option. A slash
between bodies ("ITU/UNESCO") joins co-holders of the role, like "+": each body is its own
assignment and the joiner is kept. Blank and "-" cells give no assignment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wsiskg.extract.records import Assignment, Mention
from wsiskg.extract.text import PhraseMatcher
from wsiskg.text.model import AnnexRow, Body, CellStatus, Document, Proposal

_PLURAL_MARK = re.compile(r"\(s\)", re.IGNORECASE)
_NON_WORD = re.compile(r"[^a-z0-9]+")
_OPTION = re.compile(r"[^/\[\]]+")  # one option of "[Moderator/Coordinator]"


@dataclass(frozen=True)
class RolePhrase:
    """One role a header offers: its slug, its label, and where it is printed in the header."""

    slug: str
    label: str  # as printed, without brackets and the plural mark: "Lead agency"
    start: int
    end: int


def role_phrases(header: str) -> tuple[RolePhrase, ...]:
    """The roles a header offers, in printed order, with where each is printed.

    >>> [(p.slug, p.label, p.start, p.end) for p in role_phrases("[Moderator/Lead agencies]")]
    [('moderator', 'Moderator', 1, 10), ('lead-agency', 'Lead agencies', 11, 24)]
    >>> role_phrases("Facilitator(s)")
    (RolePhrase(slug='facilitator', label='Facilitator', start=0, end=14),)
    """
    phrases = []
    for match in _OPTION.finditer(header):
        label = _PLURAL_MARK.sub("", match.group()).strip()
        slug = _singular(_NON_WORD.sub("-", label.casefold()).strip("-"))
        if slug:
            printed = match.group()
            start = match.start() + len(printed) - len(printed.lstrip())
            end = match.end() - (len(printed) - len(printed.rstrip()))
            phrases.append(RolePhrase(slug, label, start, end))
    return tuple(phrases)


def _singular(slug: str) -> str:
    """The singular of a role slug's last word: "facilitators" -> "facilitator"."""
    if slug.endswith("ies"):
        return slug[:-3] + "y"
    if slug.endswith("s") and not slug.endswith("ss"):
        return slug[:-1]
    return slug


def role_options(header: str) -> tuple[str, ...]:
    """The role slugs a header offers, in printed order.

    >>> role_options("[Moderator/Coordinator]"), role_options("Coordinator(s)")
    (('moderator', 'coordinator'), ('coordinator',))
    >>> role_options("Facilitator(s)"), role_options("Lead agency")
    (('facilitator',), ('lead-agency',))
    """
    return tuple(phrase.slug for phrase in role_phrases(header))


def choose_role(options: tuple[str, ...], elsewhere: set[str]) -> str:
    """The role of a header: its option used alone by another proposal, else the first."""
    shared = [option for option in options if option in elsewhere]
    return (shared or list(options) or ["coordinator"])[0]


def read_assignments(
    document: Document, actors: PhraseMatcher, mentions: list[Mention]
) -> list[Assignment]:
    """Every explicit assignment of every proposal, in printed order."""
    found: list[Assignment] = []
    for proposal in document.proposals:
        others = {
            options[0]
            for other in document.proposals
            if other is not proposal and len(options := role_options(other.role_header)) == 1
        }
        for row in proposal.rows:
            found += _row(proposal, row, others, actors, mentions)
    return found


def _row(
    proposal: Proposal,
    row: AnnexRow,
    others: set[str],
    actors: PhraseMatcher,
    mentions: list[Mention],
) -> list[Assignment]:
    if row.cell.status is not CellStatus.FILLED:
        return []
    options = role_options(proposal.role_header)
    role = choose_role(options, others)
    return [
        Assignment(
            annex=proposal.annex,
            proponent=proposal.proponent,
            code=row.code,
            subline=row.subline,
            agency=_agency(body, actors, mentions),
            body=body.text,
            body_span=body.span,
            role=role,
            role_options=options,
            role_span=proposal.role_header_span,
            cell_span=row.cell.span,
            position=position,
            joiner=body.joiner,
        )
        for position, body in enumerate(row.cell.bodies, start=1)
    ]


def _agency(body: Body, actors: PhraseMatcher, mentions: list[Mention]) -> str | None:
    """The actor a body names: its abbreviation, name or text as a whole, else a mention in it."""
    for form in (body.abbreviation, body.name, body.text):
        if form and (actor := actors.lookup(form)) is not None:
            return actor
    inside = [m for m in mentions if body.span.contains(m.span) and m.actor is not None]
    return inside[0].actor if inside else None
