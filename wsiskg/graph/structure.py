"""The ``structure`` graph: document, version, chapters, paragraphs, items, annex tables.

Everything here comes from the parsed model alone (no extraction): the document tree as
printed, each node pointing at its text span with ``wsis:span``.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from wsiskg.graph.context import DocumentScope, Triple, language_tag
from wsiskg.graph.iris import (
    DocumentIdentity,
    continuation_eid,
    item_eid,
    paragraph_eid,
    proposal_code,
)
from wsiskg.graph.minted import proponent_actor
from wsiskg.namespaces import DCTERMS, ELI, RDF, WSIS
from wsiskg.text.model import AnnexRow, Body, Cell, Chapter, Item, Paragraph, Proposal, Span


def add_structure(scope: DocumentScope, identity: DocumentIdentity) -> None:
    """Add the document tree and its annex tables to the ``structure`` graph."""
    triples = _document(scope, identity)
    for chapter in scope.document.chapters:
        triples += _chapter(scope, chapter)
    for paragraph in scope.document.paragraphs:
        triples += _paragraph(scope, paragraph)
    for proposal in scope.document.proposals:
        triples += _proposal(scope, proposal)
    scope.graphs.add("structure", triples)


def _document(scope: DocumentScope, identity: DocumentIdentity) -> list[Triple]:
    iris = scope.iris
    work, version = iris.work(), iris.expression()
    triples: list[Triple] = [
        (work, RDF.type, WSIS.Document),
        (version, RDF.type, WSIS.DocumentVersion),
        (version, ELI.realizes, work),
        (version, DCTERMS.language, Literal(language_tag(identity.lang))),
        (version, WSIS.sourceText, iris.text()),
    ]
    if identity.title:
        triples.append((work, DCTERMS.title, Literal(identity.title)))
    return triples


def _chapter(scope: DocumentScope, chapter: Chapter) -> list[Triple]:
    node = scope.iris.chapter(chapter.ordinal)
    return [
        *_part(scope, node, WSIS.Chapter, scope.iris.expression(), chapter.span),
        (node, WSIS.number, Literal(chapter.number)),
        (node, WSIS.ordinal, Literal(chapter.ordinal)),
        (node, DCTERMS.title, Literal(chapter.title)),
    ]


def _part(
    scope: DocumentScope, node: URIRef, kind: URIRef, whole: URIRef, span: Span
) -> list[Triple]:
    """What every structural node says: its class, the whole it is part of, and its span."""
    return [
        (node, RDF.type, kind),
        (node, DCTERMS.isPartOf, whole),
        (node, WSIS.span, scope.span(span)),
    ]


def _chapter_node(scope: DocumentScope, number: str | None) -> URIRef | None:
    for chapter in scope.document.chapters:
        if chapter.number == number:
            return scope.iris.chapter(chapter.ordinal)
    return None


def _paragraph(scope: DocumentScope, paragraph: Paragraph) -> list[Triple]:
    node = scope.iris.paragraph(paragraph.number)
    triples: list[Triple] = [
        *_part(scope, node, WSIS.Paragraph, scope.iris.expression(), paragraph.span),
        (node, WSIS.number, Literal(paragraph.number)),
        (node, WSIS.eId, Literal(paragraph_eid(paragraph.number))),
        (node, WSIS.chapeauSpan, scope.span(paragraph.chapeau_span)),
        (node, WSIS.whollyBracketed, Literal(paragraph.wholly_bracketed)),
    ]
    chapter = _chapter_node(scope, paragraph.chapter)
    if chapter is not None:
        triples.append((node, WSIS.inChapter, chapter))
    for item in paragraph.items:
        triples += _item(scope, paragraph, item)
    for k, continuation in enumerate(paragraph.continuations, start=1):
        block = scope.iris.continuation(paragraph.number, k)
        triples += [
            *_part(scope, block, WSIS.ContinuationBlock, node, continuation.span),
            (block, WSIS.eId, Literal(continuation_eid(paragraph.number, k))),
            (block, WSIS.followsItem, scope.iris.item(paragraph.number, continuation.after_item)),
        ]
    return triples


def _item(scope: DocumentScope, paragraph: Paragraph, item: Item) -> list[Triple]:
    node = scope.iris.item(paragraph.number, item.label)
    return [
        *_part(scope, node, WSIS.Item, scope.iris.paragraph(paragraph.number), item.span),
        (node, WSIS.itemLabel, Literal(item.label)),
        (node, WSIS.eId, Literal(item_eid(paragraph.number, item.label))),
        (node, WSIS.whollyBracketed, Literal(item.wholly_bracketed)),
    ]


def _proposal(scope: DocumentScope, proposal: Proposal) -> list[Triple]:
    code = proposal_code(proposal.proponent, proposal.annex)
    node = scope.iris.proposal(code)
    triples: list[Triple] = [
        *_part(scope, node, WSIS.Proposal, scope.iris.expression(), proposal.span),
        (node, WSIS.annexLetter, Literal(proposal.annex)),
        (node, WSIS.lineHeader, Literal(proposal.line_header)),
        (node, WSIS.roleHeader, Literal(proposal.role_header)),
    ]
    if proposal.proponent is not None:
        triples.append((node, WSIS.proponent, proponent_actor(scope, proposal)))
        triples.append((node, WSIS.proponentName, Literal(proposal.proponent)))
    for row in proposal.rows:
        triples.append((node, WSIS.row, _row_node(scope, code, row)))
        triples += _row(scope, code, row)
    return triples


def _row_node(scope: DocumentScope, code: str, row: AnnexRow) -> URIRef:
    return scope.iris.row(code, row.code, row.subline)


def _row(scope: DocumentScope, code: str, row: AnnexRow) -> list[Triple]:
    node = _row_node(scope, code, row)
    cell = scope.iris.cell(code, row.code, row.subline)
    triples: list[Triple] = [
        (node, RDF.type, WSIS.AnnexRow),
        (node, WSIS.code, Literal(row.code)),
        (node, WSIS.actionLine, scope.iris.action_line(row.code, row.subline)),
        (node, WSIS.titleAsPrinted, Literal(row.title)),
        (node, WSIS.titleSpan, scope.span(row.title_span)),
        (node, WSIS.cell, cell),
        (node, WSIS.span, scope.span(row.span)),
    ]
    if row.parent is not None:
        triples.append((node, WSIS.parentRow, scope.iris.row(code, row.parent)))
    return triples + _cell(scope, cell, row.cell)


def _cell(scope: DocumentScope, node: URIRef, cell: Cell) -> list[Triple]:
    triples: list[Triple] = [
        (node, RDF.type, WSIS.AnnexCell),
        (node, WSIS.cellStatus, scope.iris.cell_status(cell.status.value)),
        (node, WSIS.cellText, Literal(cell.text)),
        (node, WSIS.span, scope.span(cell.span)),
    ]
    for position, body in enumerate(cell.bodies, start=1):
        mention = scope.span(body.span)
        triples.append((node, WSIS.body, mention))
        triples += _body(mention, body, position)
    return triples


def _body(mention: URIRef, body: Body, position: int) -> list[Triple]:
    """A body named in a cell: an actor mention (resolved to an actor in ``statements``)."""
    triples: list[Triple] = [
        (mention, RDF.type, WSIS.ActorMention),
        (mention, WSIS.position, Literal(position)),
        (mention, WSIS.normalisedName, Literal(body.name)),
    ]
    if body.joiner is not None:
        triples.append((mention, WSIS.joiner, Literal(body.joiner)))
    if body.abbreviation is not None:
        triples.append((mention, WSIS.abbreviation, Literal(body.abbreviation)))
    return triples
