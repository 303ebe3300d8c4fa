"""The ``versions`` graph: a series of drafts as one work with ordered expressions, and what
changed between consecutive versions (alignments, bracket fates, assignment changes), and
each proposal's survival in the adopted table.

The comparisons are made by :mod:`wsiskg.versions` (no RDF); this module only writes them
down. Every node is named from the texts (version names, element ids, offsets), so the same
series always gives the same IRIs. Each version's own tree is in the other graphs as usual.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal, URIRef

from wsiskg.graph.context import Graphs, Triple
from wsiskg.graph.iris import DocumentIdentity, IriMinter, item_eid, paragraph_eid, proposal_code
from wsiskg.namespaces import DCTERMS, PROV, RDF, WSIS, XSD
from wsiskg.text.model import Bracket
from wsiskg.versions import Chain, Pair, Series, VersionDiff, proposal_survival
from wsiskg.versions.annexes import AssignmentChange, Survival

__all__ = ["add_versions", "version_identities"]


def version_identities(series: Series) -> list[DocumentIdentity]:
    """The IRI identity of each version: the series' slug, the version's name."""
    return [
        DocumentIdentity(series.slug, series.language, v.version, listed=True, in_series=True)
        for v in series.versions
    ]


def add_versions(graphs: Graphs, chain: Chain) -> None:
    """Describe the series and every comparison of the chain in ``versions``."""
    minters = [
        IriMinter.for_identity(graphs.iris.base, identity)
        for identity in version_identities(chain.series)
    ]
    triples = _series(chain, minters)
    for k, step in enumerate(chain.steps):
        old, new = minters[k], minters[k + 1]
        triples += _alignments(step, old, new)
        triples += _fates(step, old, new)
        triples += _opened(step.new_brackets, new)
        triples += _changes(graphs, step.assignments, old, new)
    triples += _opened(chain.drafts[0].document.brackets, minters[0])
    triples += _survivals(graphs, chain, minters)
    graphs.add("versions", triples)


def _series(chain: Chain, minters: list[IriMinter]) -> list[Triple]:
    work = minters[0].work()
    triples: list[Triple] = [(work, RDF.type, WSIS.Series)]
    if chain.series.title:
        triples.append((work, DCTERMS.title, Literal(chain.series.title)))
    for k, (draft, minter) in enumerate(zip(chain.drafts, minters, strict=True)):
        version, node = draft.version, minter.expression()
        triples += [
            (node, WSIS.versionPosition, Literal(k + 1)),
            (node, WSIS.versionLabel, Literal(version.version)),
        ]
        triples += [
            (node, term, Literal(value))
            for term, value in (
                (WSIS.symbol, version.symbol),
                (WSIS.versionDate, version.date),
                (DCTERMS.title, version.title),
            )
            if value
        ]
        if k:
            triples.append((node, PROV.wasRevisionOf, minters[k - 1].expression()))
        if version.adopted:
            triples += [(node, WSIS.adopted, Literal(True)), (work, WSIS.adoptedVersion, node)]
    return triples


def _step(node: URIRef, kind: URIRef, old: IriMinter, new: IriMinter) -> list[Triple]:
    return [
        (node, RDF.type, kind),
        (node, WSIS.fromVersion, old.expression()),
        (node, WSIS.toVersion, new.expression()),
    ]


End = tuple[str, URIRef] | None  # an aligned element's eId and IRI, None on the missing side


def _alignments(step: VersionDiff, old: IriMinter, new: IriMinter) -> list[Triple]:
    triples: list[Triple] = []
    for pair in step.paragraphs:
        before: End = (
            None if pair.old is None else (paragraph_eid(pair.old), old.paragraph(pair.old))
        )
        after: End = (
            None if pair.new is None else (paragraph_eid(pair.new), new.paragraph(pair.new))
        )
        triples += _alignment(pair, old, new, before, after)
        for item in pair.items:
            assert pair.old is not None
            assert pair.new is not None
            was, now = pair.old, pair.new
            before = (
                None if item.old is None else (item_eid(was, item.old), old.item(was, item.old))
            )
            after = None if item.new is None else (item_eid(now, item.new), new.item(now, item.new))
            triples += _alignment(item, old, new, before, after)
    return triples


def _alignment(pair: Pair, old: IriMinter, new: IriMinter, before: End, after: End) -> list[Triple]:
    node = new.alignment(
        old.version, None if before is None else before[0], None if after is None else after[0]
    )
    triples = _step(node, WSIS.Alignment, old, new)
    triples += [
        (node, WSIS.alignmentStatus, Literal(pair.status.value)),
        (node, WSIS.similarity, Literal(Decimal(str(pair.similarity)), datatype=XSD.decimal)),
    ]
    if before is not None:
        triples.append((node, WSIS.oldElement, before[1]))
    if after is not None:
        triples.append((node, WSIS.newElement, after[1]))
    return triples


def _fates(step: VersionDiff, old: IriMinter, new: IriMinter) -> list[Triple]:
    triples: list[Triple] = []
    for fate in step.brackets:
        span = fate.old.span
        node = new.bracket_fate(old.version, span.start, span.end)
        triples += _step(node, WSIS.BracketFate, old, new)
        triples += [
            (node, WSIS.oldBracket, old.span(span.start, span.end)),
            (node, WSIS.fate, Literal(fate.fate.value)),
        ]
        if fate.chosen is not None:
            triples.append((node, WSIS.chosenOption, Literal(fate.chosen)))
        if fate.new is not None:
            triples.append(
                (node, WSIS.newBracket, new.span(fate.new.span.start, fate.new.span.end))
            )
    return triples


def _opened(brackets: tuple[Bracket, ...], version: IriMinter) -> list[Triple]:
    return [
        (version.span(b.span.start, b.span.end), WSIS.openedIn, version.expression())
        for b in brackets
    ]


def _changes(
    graphs: Graphs, changes: tuple[AssignmentChange, ...], old: IriMinter, new: IriMinter
) -> list[Triple]:
    triples: list[Triple] = []
    for change in changes:
        code = proposal_code(change.proponent, change.annex)
        node = new.assignment_change(old.version, code, change.line, change.subline)
        triples += _step(node, WSIS.AssignmentChange, old, new)
        triples += [
            (node, WSIS.oldProposal, old.proposal(code)),
            (node, WSIS.newProposal, new.proposal(code)),
            (node, WSIS.line, graphs.iris.action_line(change.line, change.subline)),
        ]
        for term, bodies in (
            (WSIS.oldBody, change.old),
            (WSIS.newBody, change.new),
            (WSIS.addedBody, change.added),
            (WSIS.removedBody, change.removed),
        ):
            triples += [(node, term, Literal(body)) for body in bodies]
    return triples


def _survivals(graphs: Graphs, chain: Chain, minters: list[IriMinter]) -> list[Triple]:
    by_version = {m.version: m for m in minters}
    adopted = minters[-1].expression()
    triples: list[Triple] = []
    for version, found in proposal_survival(chain):
        triples += _survival(graphs, found, by_version[version], adopted)
    return triples


def _survival(graphs: Graphs, found: Survival, minter: IriMinter, adopted: URIRef) -> list[Triple]:
    code = proposal_code(found.proponent, found.annex)
    node = minter.survival(code)
    share = Literal(Decimal(str(found.share)), datatype=XSD.decimal)
    triples: list[Triple] = [
        (node, RDF.type, WSIS.ProposalSurvival),
        (node, WSIS.survivalOf, minter.proposal(code)),
        (node, WSIS.againstVersion, adopted),
        (node, WSIS.proposedBodies, Literal(found.proposed)),
        (node, WSIS.keptBodies, Literal(found.kept)),
        (node, WSIS.survivalShare, share),
    ]
    for line in found.lines:
        part = minter.survival(code, line.line, line.subline)
        triples += [
            (node, WSIS.lineSurvival, part),
            (part, RDF.type, WSIS.LineSurvival),
            (part, WSIS.line, graphs.iris.action_line(line.line, line.subline)),
            (part, WSIS.proposedBodies, Literal(len(line.proposed))),
            (part, WSIS.keptBodies, Literal(len(line.kept))),
        ]
        triples += [(part, WSIS.proposedBody, Literal(body)) for body in line.proposed]
        triples += [(part, WSIS.keptBody, Literal(body)) for body in line.kept]
        triples += [(part, WSIS.adoptedBody, Literal(body)) for body in line.adopted]
    return triples
