"""Commitments: one per operative verb phrase of the Summit, one per item continuing a chapeau.

A verb's clause runs to the next operative verb of its sentence (or the sentence's end).
When a directive takes an object and a to-infinitive ("encourage governments to set up"),
the object holds the addressees and the action starts at "to"; otherwise the whole clause
is the action. A verb with an empty clause shares the next verb's ("We call upon and
encourage X to …": two commitments, same addressees and action).

An item continues the chapeau when the chapeau ends with ":" and its last sentence holds an
operative verb ("We are committed to … by:", "we encourage governments … in which:"); the
item's first commitment inherits speaker, modality, addressees and level from it.

A chapeau that is only a level heading ("At the regional level:") has no verb to continue:
there each sentence of an item stating a deontic auxiliary without "We" is the Summit's
provision (:mod:`wsiskg.extract.provisions`), its addressees the actors heading its subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wsiskg.extract.levels import element_level, heading, opening, refers_back, stated, union
from wsiskg.extract.mentions import Addressees
from wsiskg.extract.provisions import Provision, ProvisionFinder
from wsiskg.extract.records import (
    Commitment,
    Deadline,
    ElementLevel,
    LevelBasis,
    LevelStatement,
    Lexicon,
    Mention,
    Place,
)
from wsiskg.extract.text import Block, Hit, sentences, trim
from wsiskg.extract.verbs import Verb, VerbFinder
from wsiskg.text.model import Document, Item, Paragraph, Span

_TRAILING_CONJUNCTION = re.compile(r"[\s;,]+(?:and|or)$")
_MAX_OBJECT = 160  # characters between a verb and its to-infinitive for an asyndetic verb

# "should be sought", "should continue to be developed", "may [also] be made": passive, so
# the subject undergoes the action and no bearer is named
_PASSIVE = re.compile(
    r"(?:\s+(?:also|further|not|[a-z]+ly))*(?:\s+continue\s+to)?\s+be\s+\[?(?:[a-z]+ly\s+)?"
    r"[a-z]+(?:ed|en|wn|ght|de|lt|pt|ne|id|ld|ung|un|ot|et)\b"
)
_THAT = re.compile(r"\s*that\b", re.IGNORECASE)  # "We recognize that …": a clause, not an object

Levels = tuple[tuple[str, ...], LevelBasis | None, tuple[Span, ...]]


@dataclass(frozen=True)
class Context:
    """Where a commitment stands and what it may inherit."""

    place: Place
    index: int
    opener: list[LevelStatement]  # a level phrase opening its sentence ("At the X level, we")
    fallback: ElementLevel | None  # the heading's or chapeau's level


@dataclass(frozen=True)
class Found:
    """What one operative verb or auxiliary says, before levels and deadlines are read."""

    verb: Verb
    span: Span
    action: Span
    addressees: tuple[Mention, ...]
    provision: bool = False


class CommitmentReader:
    """Reads the commitments of one document; also collects element levels and unknown verbs."""

    def __init__(
        self,
        document: Document,
        view: str,
        lexicon: Lexicon,
        verbs: VerbFinder,
        addressees: Addressees,
        statements: list[LevelStatement],
        deadlines: list[Deadline],
        provisions: ProvisionFinder | None = None,
    ) -> None:
        self._document, self._view, self._lexicon = document, view, lexicon
        self._verbs, self._addressees, self._provisions = verbs, addressees, provisions
        self._statements, self._deadlines = statements, deadlines
        self._brackets = [b.span for b in document.brackets if not b.is_wrapper]
        self.levels: list[ElementLevel] = []
        self.unknown: list[Span] = []

    def read(self) -> list[Commitment]:
        """Every commitment, paragraph by paragraph (chapeau, continuations, then items)."""
        return [c for paragraph in self._document.paragraphs for c in self._paragraph(paragraph)]

    def _paragraph(self, paragraph: Paragraph) -> list[Commitment]:
        number = paragraph.number
        top = heading(self._statements, number)
        fallback = None
        if top is not None and top.levels:
            fallback = ElementLevel(Place(number), top.levels, LevelBasis.HEADING, (top.span,))
        blocks = [Block(paragraph.chapeau_span, Place(number))] + [
            Block(c.span, Place(number, block=k)) for k, c in enumerate(paragraph.continuations, 1)
        ]
        found: list[Commitment] = []
        for block in blocks:
            found += self._block(block, fallback, len(found) + 1, provides=True)
        own = [s for s in self._statements if s.where.paragraph == number and s.where.item is None]
        level = self._element(Place(number), own, None)
        chapeau = self._continued(paragraph, found)
        inherited = self._chapeau_level(chapeau) or fallback or self._each_level(paragraph, level)
        for item in paragraph.items:
            found += self._item(paragraph, item, chapeau, inherited)
        return found

    def _item(
        self,
        paragraph: Paragraph,
        item: Item,
        chapeau: Commitment | None,
        inherited: ElementLevel | None,
    ) -> list[Commitment]:
        """An item continuing a chapeau is part of what the chapeau says: a modal inside it
        ("in which: a) … should be made …") is no provision of its own."""
        place = Place(paragraph.number, item.label)
        level = self._element(place, [s for s in self._statements if s.where == place], inherited)
        found = [] if chapeau is None else [self._continuing(item, chapeau, level)]
        block = Block(item.text_span, place)
        return found + self._block(block, inherited, len(found) + 1, provides=chapeau is None)

    def _element(
        self, place: Place, own: list[LevelStatement], inherited: ElementLevel | None
    ) -> ElementLevel | None:
        level = element_level(place, own, inherited)
        if level is not None:
            self.levels.append(level)
        return level

    def _chapeau_level(self, chapeau: Commitment | None) -> ElementLevel | None:
        if chapeau is None or not chapeau.levels or chapeau.level_basis is None:
            return None
        basis = chapeau.level_basis
        basis = LevelBasis.CHAPEAU if basis is LevelBasis.STATED else basis
        place = Place(chapeau.paragraph)
        return ElementLevel(place, chapeau.levels, basis, chapeau.level_sources)

    def _each_level(self, paragraph: Paragraph, level: ElementLevel | None) -> ElementLevel | None:
        """Para 17's "That process may include, at each level, the following elements:"."""
        if level is None or not paragraph.items or not len(paragraph.chapeau_span):
            return None
        last = sentences(self._view, paragraph.chapeau_span)[-1]
        if not refers_back(self._view, last):
            return None
        return ElementLevel(level.where, level.levels, LevelBasis.CHAPEAU, level.sources)

    def _continued(self, paragraph: Paragraph, found: list[Commitment]) -> Commitment | None:
        """The chapeau commitment the items continue, if the chapeau ends so (a provision's
        items, "That process may include … the following elements:", are its object)."""
        chapeau = self._document.slice(paragraph.chapeau_span).rstrip(" \t\n]")
        in_chapeau = [c for c in found if c.block is None and not c.provision]
        if not paragraph.items or not chapeau.endswith(":") or not in_chapeau:
            return None
        last = sentences(self._view, paragraph.chapeau_span)[-1]
        return in_chapeau[-1] if last.contains(in_chapeau[-1].modality_span) else None

    def _continuing(
        self, item: Item, chapeau: Commitment, level: ElementLevel | None
    ) -> Commitment:
        text = self._item_text(item)
        action, addressees = self._item_addressees(text, chapeau)
        bracket = self._item_bracket(item, text, chapeau)
        return Commitment(
            paragraph=chapeau.paragraph,
            item=item.label,
            index=1,
            span=text,
            speaker=chapeau.speaker,
            modality=chapeau.modality,
            verb=chapeau.verb,
            modality_span=chapeau.modality_span,
            action_span=action,
            addressees=addressees,
            levels=level.levels if level else (),
            level_basis=level.basis if level else None,
            level_sources=level.sources if level else (),
            deadlines=self._deadlines_in(text),
            continues=chapeau.ref,
            bracketed=bracket is not None,
            bracket=bracket,
        )

    def _item_addressees(self, text: Span, chapeau: Commitment) -> tuple[Span, tuple[Mention, ...]]:
        """Under an object-less directive ("We invite:") each item names whom it asks:
        "a) parliaments to review …" -> addressee parliaments, action "to review …"."""
        directive = chapeau.modality in self._lexicon.directives
        if chapeau.addressees or not directive:
            return text, chapeau.addressees
        to = self._addressees.infinitive(text)
        if to is None or to - text.start > _MAX_OBJECT:
            return text, ()
        named = self._addressees.read(Span(text.start, to), directive=True, certain=True)
        return (trim(self._view, Span(to, text.end)), named) if named else (text, ())

    def _item_bracket(self, item: Item, text: Span, chapeau: Commitment) -> Span | None:
        """The bracket an item's commitment stands in: its own, else the chapeau's."""
        own = self._bracket(text)
        if own is None and item.wholly_bracketed:
            inside = [bracket for bracket in self._brackets if item.span.contains(bracket)]
            own = max(inside, key=len, default=None)
        return own if own is not None else chapeau.bracket

    def _item_text(self, item: Item) -> Span:
        span = trim(self._view, item.text_span)
        while found := _TRAILING_CONJUNCTION.search(self._view, span.start, span.end):
            span = trim(self._view, Span(span.start, found.start()))
        return span

    def _block(
        self, block: Block, fallback: ElementLevel | None, first: int, provides: bool = False
    ) -> list[Commitment]:
        found: list[Commitment] = []
        for sentence in sentences(self._view, block.span):
            verbs, unknown = self._verbs.find(sentence, self._controls)
            self.unknown += unknown
            opener = opening(self._view, self._statements, sentence)
            for verb, clause in self._clauses(sentence, verbs):
                context = Context(block.place, first + len(found), opener, fallback)
                found.append(self._record(context, self._commitment(verb, clause)))
            provision = self._provision(sentence) if provides and not verbs else None
            if provision is not None:
                context = Context(block.place, first + len(found), opener, fallback)
                found.append(self._record(context, self._provided(provision, sentence)))
        return found

    def _provision(self, sentence: Span) -> Provision | None:
        return None if self._provisions is None else self._provisions.find(sentence)

    def _provided(self, provision: Provision, sentence: Span) -> Found:
        """A provision's clause: the subject's actors are addressed, the rest is the action."""
        verb = provision.verb
        start = verb.hit.span.end
        while start < sentence.end and self._view[start] in " ]":
            start += 1  # "[should] /[could] facilitate": the action starts after the bracket
        action = trim(self._view, Span(start, sentence.end))
        span = trim(self._view, Span(sentence.start, max(action.end, verb.hit.span.end)))
        if _PASSIVE.match(self._view, verb.hit.span.end, sentence.end):
            return Found(verb, span, action, (), provision=True)  # "should be sought"
        bearers = self._addressees.subjects(provision.subject)
        if not bearers and (name := self._addressees.unresolved_subject(provision.subject)):
            bearers = (name,)  # an unknown body by name: minted when the graph is built
        return Found(verb, span, action, bearers, provision=True)

    def _clauses(self, sentence: Span, verbs: list[Verb]) -> list[tuple[Verb, Span]]:
        if not verbs:
            return []
        ends = [verb.boundary for verb in verbs[1:]] + [sentence.end]
        clauses = [Span(v.hit.span.end, end) for v, end in zip(verbs, ends, strict=True)]
        for i in range(len(clauses) - 2, -1, -1):
            if not len(trim(self._view, clauses[i])):
                clauses[i] = clauses[i + 1]  # "call upon and encourage X to …"
        return list(zip(verbs, clauses, strict=True))

    def _controls(self, hit: Hit, rest: Span) -> bool:
        """True when a known actor and a to-infinitive follow the verb ("request ITU to …")."""
        to = self._addressees.infinitive(rest)
        if to is None or to - rest.start > _MAX_OBJECT:
            return False
        named = self._addressees.read(Span(rest.start, to), directive=False)
        if not named or named[0].actor is None:
            return False
        return len(self._view[rest.start : named[0].span.start].split()) <= 1  # "request [the] ITU"

    def _commitment(self, verb: Verb, clause: Span) -> Found:
        to, addressees = self._addressed(verb, clause)
        action = trim(self._view, Span(to, clause.end) if addressees and to is not None else clause)
        if not len(action):
            action = Span(verb.hit.span.end, verb.hit.span.end)
        end = max(action.end, verb.hit.span.end)
        return Found(verb, Span(verb.subject, end), action, addressees)

    def _record(self, context: Context, found: Found) -> Commitment:
        verb, span = found.verb, found.span
        levels, basis, sources = self._levels(span, context)
        return Commitment(
            paragraph=context.place.paragraph or "",
            item=context.place.item,
            index=context.index,
            span=span,
            speaker=self._lexicon.speaker,
            modality=verb.hit.value,
            verb=self._document.slice(verb.hit.span),
            modality_span=verb.hit.span,
            action_span=found.action,
            addressees=found.addressees,
            levels=levels,
            level_basis=basis,
            level_sources=sources,
            deadlines=self._deadlines_in(span),
            block=context.place.block,
            bracketed=self._bracket(verb.hit.span) is not None,
            bracket=self._bracket(verb.hit.span),
            provision=found.provision,
        )

    def _addressed(self, verb: Verb, clause: Span) -> tuple[int | None, tuple[Mention, ...]]:
        """The to-infinitive and the addressees before it, for a directive verb."""
        directives = self._lexicon.directives
        directive = verb.hit.value in directives
        to = self._addressees.infinitive(clause)
        if to is None or (directives and not directive) or _THAT.match(self._view, clause.start):
            return to, ()
        return to, self._addressees.read(Span(clause.start, to), directive)

    def _levels(self, span: Span, context: Context) -> Levels:
        own = context.opener + stated(self._statements, span)
        if levels := union(own):
            return levels, LevelBasis.STATED, tuple(s.span for s in own if s.levels)
        if context.fallback is not None:
            return context.fallback.levels, context.fallback.basis, context.fallback.sources
        return (), None, ()

    def _deadlines_in(self, scope: Span) -> tuple[Deadline, ...]:
        return tuple(d for d in self._deadlines if scope.contains(d.span))

    def _bracket(self, span: Span) -> Span | None:
        """The innermost negotiation bracket holding ``span`` (the draft's wrapper does not
        count)."""
        holding = [bracket for bracket in self._brackets if bracket.contains(span)]
        return min(holding, key=len) if holding else None
