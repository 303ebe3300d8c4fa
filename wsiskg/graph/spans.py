"""The ``spans`` graph: the source text, its brackets and its sets of alternative wordings.

The source text is stored whole (``nif:isString``) and pinned by sha256, so every span's
``nif:anchorOf`` can be checked against it (SHACL does). Brackets link to their direct parent
only (``wsis:nestedIn``); the wrapper around the whole draft is typed as such, not nested.
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef

from wsiskg.graph.context import DocumentScope, Triple
from wsiskg.namespaces import NIF, RDF, WSIS
from wsiskg.text.model import AlternativeGroup, Bracket, Option

_YEAR = re.compile(r"(?:19|20)\d\d")


def add_spans(scope: DocumentScope) -> None:
    """Add the source text, every bracket and every alternative set to ``spans``."""
    triples = _source_text(scope)
    for bracket in scope.document.brackets:
        triples += _bracket(scope, bracket)
    for group in scope.document.alternatives:
        triples += _alternative_set(scope, group)
    scope.graphs.add("spans", triples)


def _source_text(scope: DocumentScope) -> list[Triple]:
    node = scope.iris.text()
    document = scope.document
    return [
        (node, RDF.type, WSIS.SourceText),
        (node, NIF.isString, Literal(document.text)),
        (node, NIF.beginIndex, Literal(0)),
        (node, NIF.endIndex, Literal(len(document.text))),
        (node, WSIS.sha256, Literal(document.sha256)),
    ]


def _bracket_node(scope: DocumentScope, index: int) -> URIRef:
    return scope.span(scope.document.brackets[index].span)


def _bracket(scope: DocumentScope, bracket: Bracket) -> list[Triple]:
    node = scope.span(bracket.span)
    kind = WSIS.DocumentWrapperBracket if bracket.is_wrapper else WSIS.BracketedSpan
    triples: list[Triple] = [(node, RDF.type, kind), (node, WSIS.depth, Literal(bracket.depth))]
    if bracket.parent is not None:
        triples.append((node, WSIS.nestedIn, _bracket_node(scope, bracket.parent)))
    where = scope.subdivision(bracket.paragraph, bracket.item, bracket.annex)
    if where is not None and not bracket.is_wrapper:
        triples.append((node, WSIS.inSubdivision, where))
    return triples


def _alternative_set(scope: DocumentScope, group: AlternativeGroup) -> list[Triple]:
    begin, end = group.span.start, group.span.end
    node = scope.iris.alternative_set(begin, end)
    triples: list[Triple] = [
        (node, RDF.type, WSIS.AlternativeSet),
        (node, WSIS.form, Literal(group.form.value)),
        (node, WSIS.span, scope.span(group.span)),
    ]
    triples += [(node, WSIS.bracket, _bracket_node(scope, index)) for index in group.brackets]
    if group.lead is not None:
        triples.append((node, WSIS.lead, Literal(group.lead)))
    where = scope.subdivision(group.paragraph, group.item, group.annex)
    if where is not None:
        triples.append((node, WSIS.inSubdivision, where))
    for position, option in enumerate(group.options, start=1):
        member = scope.iris.alternative(begin, end, position)
        triples.append((node, WSIS.option, member))
        triples += _alternative(scope, member, option, position)
    return triples


def _alternative(scope: DocumentScope, node: URIRef, option: Option, position: int) -> list[Triple]:
    triples: list[Triple] = [
        (node, RDF.type, WSIS.Alternative),
        (node, WSIS.position, Literal(position)),
        (node, WSIS.optionText, Literal(option.text)),
        (node, WSIS.span, scope.span(option.span)),
    ]
    if _YEAR.fullmatch(option.text.strip()):
        triples.append((node, WSIS.denotes, scope.instant(int(option.text.strip()))))
    return triples
