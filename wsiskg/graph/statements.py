"""The ``statements`` graph: what extraction read into the text.

Commitments (n-ary: speaker, modality, addressees, action, level, deadline, where stated),
actor mentions resolved to actors, cross-references, deadlines as ``time:Instant``, and the
levels each paragraph or item states or inherits (``wsis:implementationLevel``, with a basis).
Every node points at the span it was read from (``wsis:span`` / ``prov:wasDerivedFrom``),
so each claim can be checked against the printed text.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal, URIRef

from wsiskg.extract import (
    Commitment,
    CrossReference,
    DateMention,
    Deadline,
    ElementLevel,
    Extraction,
    Mention,
    Place,
)
from wsiskg.graph.context import DocumentScope, Triple
from wsiskg.graph.iris import continuation_eid, item_eid, paragraph_eid
from wsiskg.graph.minted import named_actor
from wsiskg.namespaces import PROV, RDF, WSIS
from wsiskg.text.model import Span


def add_statements(scope: DocumentScope, extraction: Extraction) -> None:
    """Add commitments, mentions, cross-references and deadlines to ``statements``."""
    triples: list[Triple] = []
    for mention in extraction.mentions:
        triples += _mention(scope, mention)
    triples = _untyped_cell_bodies(scope, triples)
    for commitment in extraction.commitments:
        triples += _commitment(scope, commitment)
        triples += _event_dates(scope, commitment, extraction.dates)
    triples += _cross_references(scope, extraction.cross_references)
    for level in extraction.element_levels:
        triples += _element_level(scope, level)
    for deadline in extraction.deadlines:
        triples += _deadline_mention(scope, deadline)
    for date in extraction.dates:
        triples += _date_mention(scope, date)
    scope.graphs.add("statements", triples)


def _untyped_cell_bodies(scope: DocumentScope, triples: list[Triple]) -> list[Triple]:
    """Drop the ``wsis:ActorMention`` type of annex cell bodies: ``structure`` states it.

    Each triple lives in exactly one named graph (:func:`~wsiskg.graph.dataset.build_corpus`
    refuses a duplicate), so a body printed in a cell is typed where the cell is described;
    ``statements`` only says which actor it refers to.
    """
    bodies = {
        scope.iris.span(body.span.start, body.span.end)
        for proposal in scope.document.proposals
        for row in proposal.rows
        for body in row.cell.bodies
    }
    return [t for t in triples if not (t[1] == RDF.type and t[0] in bodies)]


def _place(scope: DocumentScope, place: Place) -> URIRef | None:
    return scope.subdivision(place.paragraph, place.item, place.annex, place.block)


def _mention(scope: DocumentScope, mention: Mention) -> list[Triple]:
    node = scope.span(mention.span)
    triples: list[Triple] = [(node, RDF.type, WSIS.ActorMention)]
    triples.append((node, WSIS.refersTo, _actor(scope, mention)))
    for member in mention.members:
        triples.append((node, WSIS.includesMember, _actor(scope, member)))
        triples += _mention(scope, member)
    where = _place(scope, mention.where)
    if where is not None:
        triples.append((node, WSIS.inSubdivision, where))
    return triples


def _actor(scope: DocumentScope, mention: Mention) -> URIRef:
    """The actor a mention names: the lexicon's, else one minted from the printed name (a
    SHACL warning lists it for a curator), never silent unresolved text."""
    if mention.actor is not None:
        return scope.iris.from_path(mention.actor)
    return named_actor(scope, mention.text, mention.span)


def _element_level(scope: DocumentScope, level: ElementLevel) -> list[Triple]:
    """A paragraph's or item's levels, why it has them and the phrases they come from."""
    where = _place(scope, level.where)
    if where is None or not level.levels:
        return []
    triples: list[Triple] = [(where, WSIS.levelBasis, scope.iris.level_basis(level.basis))]
    triples += [(where, WSIS.implementationLevel, scope.iris.level(lv)) for lv in level.levels]
    return triples + [(where, WSIS.levelSource, scope.span(span)) for span in level.sources]


def commitment_iri(scope: DocumentScope, paragraph: str, item: str | None, k: int) -> URIRef:
    """The contract IRI of the k-th commitment of a paragraph or item."""
    return scope.iris.commitment(paragraph, item, k)


def _stated_in(scope: DocumentScope, commitment: Commitment) -> URIRef:
    iris = scope.iris
    if commitment.item is not None:
        return iris.item(commitment.paragraph, commitment.item)
    if commitment.block is not None:
        return iris.continuation(commitment.paragraph, commitment.block)
    return iris.paragraph(commitment.paragraph)


def _commitment(scope: DocumentScope, commitment: Commitment) -> list[Triple]:
    iris = scope.iris
    node = commitment_iri(scope, commitment.paragraph, commitment.item, commitment.index)
    span = scope.span(commitment.span)
    triples: list[Triple] = [
        (node, RDF.type, WSIS.Commitment),
        (node, WSIS.speaker, iris.from_path(commitment.speaker)),
        (node, WSIS.modality, iris.modality(commitment.modality)),
        (node, WSIS.verbSpan, scope.span(commitment.modality_span)),
        (node, WSIS.actionText, Literal(scope.document.slice(commitment.action_span))),
        (node, WSIS.statedIn, _stated_in(scope, commitment)),
        (node, WSIS.span, span),
        (node, PROV.wasDerivedFrom, span),
        (node, WSIS.bracketed, Literal(commitment.bracketed)),
    ]
    if commitment.bracket is not None:
        triples.append((node, WSIS.inBracket, scope.span(commitment.bracket)))
    if commitment.provision:
        triples.append((node, RDF.type, WSIS.Provision))
    for mention in commitment.addressees:
        triples += _addressee(scope, node, mention)
    triples += [(node, WSIS.level, iris.level(level)) for level in commitment.levels]
    for deadline in commitment.deadlines:
        triples += _deadline(scope, node, deadline)
    if commitment.continues is not None:
        ref = commitment.continues
        chapeau = commitment_iri(scope, ref.paragraph, ref.item, ref.index)
        triples.append((node, WSIS.inheritsFrom, chapeau))
    return triples


def _addressee(scope: DocumentScope, node: URIRef, mention: Mention) -> list[Triple]:
    triples: list[Triple] = [
        (node, WSIS.addresseeText, Literal(mention.text)),
        (node, WSIS.addresseeMention, scope.span(mention.span)),
    ]
    triples.append((node, WSIS.addressee, _actor(scope, mention)))
    return triples + _mention(scope, mention)


def _instants(scope: DocumentScope, deadline: Deadline) -> list[URIRef]:
    return [scope.instant(option.year, option.month) for option in deadline.options]


def _deadline(scope: DocumentScope, node: URIRef, deadline: Deadline) -> list[Triple]:
    triples: list[Triple] = [(node, WSIS.deadlineText, Literal(deadline.text))]
    instants = _instants(scope, deadline)
    if deadline.group is not None:
        group = scope.iris.alternative_set(deadline.group.start, deadline.group.end)
        triples.append((node, WSIS.deadlineAlternatives, group))
    else:
        triples += [(node, WSIS.deadline, instant) for instant in instants]
    return triples


def _dated(scope: DocumentScope, span: Span, role: str, where: Place) -> list[Triple]:
    node = scope.span(span)
    triples: list[Triple] = [
        (node, RDF.type, WSIS.DateMention),
        (node, WSIS.dateRole, scope.iris.date_role(role)),
    ]
    place = _place(scope, where)
    # a bracketed date ("[dates]", "[by 2007/2008]") is placed by ``spans`` already
    bracket = any(b.span == span for b in scope.document.brackets)
    return triples + ([(node, WSIS.inSubdivision, place)] if place and not bracket else [])


def _deadline_mention(scope: DocumentScope, deadline: Deadline) -> list[Triple]:
    """A deadline as a printed date in the role ``deadline``; one date denotes its instant,
    a negotiated group of dates denotes none (its options are alternatives)."""
    triples = _dated(scope, deadline.span, "deadline", deadline.where)
    instants = _instants(scope, deadline)
    if deadline.group is None:
        triples += [(scope.span(deadline.span), WSIS.denotesTime, i) for i in instants]
    return triples


def _date_mention(scope: DocumentScope, date: DateMention) -> list[Triple]:
    """A date that is no deadline: an event ("in June 2004") or a placeholder ("[dates]")."""
    role = "placeholder" if date.year is None else "event"
    triples = _dated(scope, date.span, role, date.where)
    if date.year is not None:
        instant = scope.instant(date.year, date.month)
        triples.append((scope.span(date.span), WSIS.denotesTime, instant))
    return triples


def _event_dates(
    scope: DocumentScope, commitment: Commitment, dates: tuple[DateMention, ...]
) -> list[Triple]:
    node = commitment_iri(scope, commitment.paragraph, commitment.item, commitment.index)
    return [
        (node, WSIS.eventDate, scope.instant(date.year, date.month))
        for date in dates
        if date.year is not None and commitment.span.contains(date.span)
    ]


def element_eid(place: Place) -> str:
    """The eId of the element a record stands in (``para_20__list_1__item_f``)."""
    if place.paragraph is not None and place.item is not None:
        return item_eid(place.paragraph, place.item)
    if place.paragraph is not None and place.block is not None:
        return continuation_eid(place.paragraph, place.block)
    if place.paragraph is not None:
        return paragraph_eid(place.paragraph)
    if place.annex is not None:
        return f"annex_{place.annex.lower()}"
    return "doc"


def _cross_references(scope: DocumentScope, references: tuple[CrossReference, ...]) -> list[Triple]:
    by_element: dict[str, list[CrossReference]] = defaultdict(list)
    for reference in references:
        by_element[element_eid(reference.where)].append(reference)
    triples: list[Triple] = []
    for e_id, found in by_element.items():
        for k, reference in enumerate(sorted(found, key=lambda r: r.span), start=1):
            triples += _cross_reference(scope, scope.iris.reference(e_id, k), reference)
    return triples


def _cross_reference(scope: DocumentScope, node: URIRef, reference: CrossReference) -> list[Triple]:
    triples: list[Triple] = [
        (node, RDF.type, WSIS.CrossReference),
        (node, WSIS.referenceText, Literal(reference.text)),
        (node, WSIS.span, scope.span(reference.span)),
        (node, PROV.wasDerivedFrom, scope.span(reference.span)),
    ]
    where = _place(scope, reference.where)
    if where is not None:
        triples.append((node, WSIS.statedIn, where))
    triples += [(node, WSIS.references, target) for target in _targets(scope, reference)]
    return triples


def _targets(scope: DocumentScope, reference: CrossReference) -> list[URIRef]:
    """What a reference points at: this document's annex proposals for "the annex"."""
    if reference.kind == "annex" and scope.document.proposals:
        return [scope.proposal(proposal.annex) for proposal in scope.document.proposals]
    return [scope.iris.from_path(reference.target)]
