"""What extraction reads into a document: frozen, typed records, no RDF.

Every :class:`~wsiskg.text.model.Span` points into the ORIGINAL text of the document, so
``document.text[span.start:span.end]`` is exactly the thing (and equals the record's
``text`` where it has one). Actors, references, modalities and levels are given as IRI
paths relative to the base (``"id/org/who"``, ``"id/ref/mdg"``) or as slugs
(``"call-upon"``, ``"national"``); :mod:`wsiskg.graph.iris` turns them into IRIs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from wsiskg.text.model import Span

DEFAULT_SPEAKER = "id/actor/wsis-participants"


@dataclass(frozen=True)
class Lexicon:
    """The controlled vocabularies extraction matches against.

    Built by :mod:`wsiskg.graph.lexicon`.

    Keys are casefolded surface forms; white space and hyphens between words are matched
    loosely ("secretary general" also finds "Secretary-General").
    """

    actors: Mapping[str, str]  # "who" -> "id/org/who", "governments" -> "id/actor/governments"
    modalities: Mapping[str, str]  # "call upon" -> "call-upon", "are committed to" -> "commit"
    levels: Mapping[str, str]  # "national" / "nationally" -> "national"
    # named documents: "plan of action" -> "id/ref/plan-of-action"
    references: Mapping[str, str] = field(default_factory=dict)
    # actor keys that match only when printed acronym-style, with a capital after the first
    # letter ("WHO", "UN RCs"), so the pronoun "who" is not the World Health Organization
    capitalised: frozenset[str] = frozenset()
    # modality slugs whose object is addressed ("encourage X to …"): for these an addressee
    # the actor lexicon does not know is kept as an unresolved mention
    directives: frozenset[str] = frozenset()
    speaker: str = DEFAULT_SPEAKER  # whom the Summit's "We" denotes
    # modality slugs of deontic auxiliaries ("should", "may", "is to"): under a level heading
    # they carry the Summit's provisions ("b) UN Regional economic Commissions … may organize")
    deontic: frozenset[str] = frozenset()


class LevelBasis(StrEnum):
    """Why a level applies: said in the sentence, or inherited."""

    STATED = "stated"  # a level phrase in the sentence or item itself
    HEADING = "heading"  # a heading that opens the paragraph: "At the regional level:"
    CHAPEAU = "chapeau"  # the chapeau commitment an item continues


@dataclass(frozen=True)
class Place:
    """The smallest element of the document a record stands in."""

    paragraph: str | None = None  # Paragraph.number
    item: str | None = None  # Item.label within that paragraph
    block: int | None = None  # 1-based Continuation index when in a continuation block
    annex: str | None = None  # Proposal.annex when in an annex


@dataclass(frozen=True)
class Mention:
    """A name of an actor as printed, resolved to one entity (``actor``) or not (``None``)."""

    span: Span
    text: str
    actor: str | None  # actor path, None when the lexicon does not know it
    where: Place = Place()
    # the surface form looked up when the printed words are elliptical:
    # "international [and intergovernmental] organisations" -> "international organisations"
    expanded: str | None = None
    # bodies a group is said to include: "the regional bodies, including the African Union"
    members: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class DateOption:
    """One date a deadline (or one of its alternatives) denotes."""

    span: Span  # the date as printed: "2008", "July 2006"
    text: str
    year: int
    month: int | None = None


@dataclass(frozen=True)
class Deadline:
    """A target date ("by 2015", "by July 2006", "[by 2007/2008/2009/2010]").

    ``options`` holds one date, or several when the date is negotiated as alternatives:
    then ``group`` is the span of the :class:`~wsiskg.text.model.AlternativeGroup` and the
    options are competing choices, not one date.
    """

    span: Span  # the whole expression, "by" and brackets included
    text: str
    options: tuple[DateOption, ...]
    where: Place = Place()
    group: Span | None = None

    @property
    def is_alternative(self) -> bool:
        """True when the date is still negotiated between several options."""
        return self.group is not None

    @property
    def year(self) -> int | None:
        """The year of a single date; None for alternatives."""
        return None if self.is_alternative else self.options[0].year

    @property
    def month(self) -> int | None:
        """The month (1-12) of a single date, when printed."""
        return None if self.is_alternative else self.options[0].month


@dataclass(frozen=True)
class DateMention:
    """A date that is not a target: a past event ("in June 2004") or a placeholder ("[dates]")."""

    span: Span
    text: str
    year: int | None  # None for a placeholder
    month: int | None = None
    where: Place = Place()

    @property
    def is_placeholder(self) -> bool:
        """True for a bracketed blank to be filled in by negotiators."""
        return self.year is None


@dataclass(frozen=True)
class CrossReference:
    """A reference to another text or part ("the Plan of Action", "Chapter Three")."""

    span: Span
    text: str
    target: str  # "id/ref/plan-of-action", "id/ref/unga-res-57-270-b", "id/ref/annex"
    kind: str  # "document", "resolution", "chapter" or "annex"
    where: Place = Place()


@dataclass(frozen=True)
class LevelStatement:
    """A phrase saying at which level(s) something happens."""

    span: Span  # "At the national level", "at national, regional and international levels"
    text: str
    levels: tuple[str, ...]  # level slugs in printed order, without repeats
    where: Place = Place()
    heading: bool = False  # it opens its paragraph or item ("At the regional level:")


@dataclass(frozen=True)
class ElementLevel:
    """The level(s) of a paragraph or item, and why."""

    where: Place
    levels: tuple[str, ...]
    basis: LevelBasis
    sources: tuple[Span, ...]  # the level phrases they come from


@dataclass(frozen=True)
class CommitmentRef:
    """Identifies a commitment: k-th (1-based) in a paragraph, or in one of its items."""

    paragraph: str
    item: str | None
    index: int


@dataclass(frozen=True)
class Commitment:
    """One operative verb phrase of the Summit ("We encourage X to …"), an item continuing one,
    or a provision under a level heading ("b) Each UN agency … should facilitate …").

    An item that continues a chapeau ("… by: a) …") inherits speaker, modality, addressees
    and level from the chapeau commitment named by ``continues``; its own spans are the
    item's, while ``modality_span`` still points at the verb in the chapeau (provenance).
    """

    paragraph: str
    item: str | None
    index: int  # 1-based within the paragraph (item None) or within the item
    span: Span  # "We" (or the coordinated verb) through the end of the action
    speaker: str  # actor path; the lexicon's speaker for "We"
    modality: str  # slug
    verb: str  # the verb phrase as printed: "call upon", "are committed to"
    modality_span: Span  # where the verb is printed
    action_span: Span  # what is committed to / asked for
    addressees: tuple[Mention, ...] = ()
    levels: tuple[str, ...] = ()
    level_basis: LevelBasis | None = None
    level_sources: tuple[Span, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    continues: CommitmentRef | None = None
    block: int | None = None  # continuation block it is stated in
    bracketed: bool = False  # the verb stands inside a negotiation bracket (not the wrapper)
    bracket: Span | None = None  # the innermost such bracket (an item's own, else the chapeau's)
    provision: bool = False  # a deontic auxiliary without "We": its addressees are its bearers

    @property
    def ref(self) -> CommitmentRef:
        """This commitment's identity within the document."""
        return CommitmentRef(self.paragraph, self.item, self.index)


@dataclass(frozen=True)
class Assignment:
    """One body named in a filled annex cell, in the role the proposal's header names.

    Blank and "-" cells give none: they stay cells in the structure graph, and inherited
    assignments are derived later by a rule.
    """

    annex: str
    proponent: str | None  # as the heading prints it; None when it names nobody
    code: str  # "C7"
    subline: str | None  # "E-health"
    agency: str | None  # actor path, None when the lexicon does not know the body
    body: str  # as printed: "UN Regional Commissions (UN RCs)"
    body_span: Span
    role: str  # slug: "coordinator"
    role_options: tuple[str, ...]  # the header's alternatives: ("moderator", "coordinator")
    role_span: Span  # the role header as printed
    cell_span: Span
    position: int  # 1-based order of the body in its cell
    joiner: str | None = None  # "+" or "/" printed before the body


@dataclass(frozen=True)
class Extraction:
    """Everything read from one document."""

    commitments: tuple[Commitment, ...] = ()
    mentions: tuple[Mention, ...] = ()
    cross_references: tuple[CrossReference, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    levels: tuple[LevelStatement, ...] = ()
    element_levels: tuple[ElementLevel, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    dates: tuple[DateMention, ...] = ()
    # "we" followed by a verb the modality lexicon does not know: a vocabulary gap
    unknown_verbs: tuple[Span, ...] = ()
