"""Actors and roles a text names that the curated vocabularies do not define: minted from it.

The next negotiation text will name proponents ("European Union"), bodies ("Digital
Solidarity Fund (DSF)") and role headers ("Lead agency") that ``ontology/actors.ttl`` and
``schemes.ttl`` do not list. Linking to an undescribed IRI would break the shapes (a proposal
whose proponent is no ``wsis:Actor``, an assignment held by nobody), and growing the curated
files for every new text does not scale. So the builder mints each one, once per build, at its
contract IRI (``country/{iso3}``, ``actor/{slug}``, ``org/{slug of acronym or name}``,
``role/{slug}``), into ``actors`` or ``schemes``, labelled as printed, derived from the span
that first printed it and marked ``wsis:mintedFromText true``: a SHACL warning
(``MintedFromTextWarningShape``) lists them for a curator. Every decision uses the build's
:class:`~wsiskg.graph.context.MintLedger`, so one body printed twice, in one document or in
two, is one node.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from wsiskg.errors import BuildError
from wsiskg.extract import Assignment
from wsiskg.extract.assignments import role_phrases
from wsiskg.graph.context import DocumentScope, Graphs, Triple, language_tag
from wsiskg.graph.iris import country_code, slugify
from wsiskg.namespaces import ORG, PRO, PROV, RDF, SKOS, WSIS
from wsiskg.text.model import Body, Proposal, Span

__all__ = ["holder", "index_curated", "named_actor", "proponent_actor", "role_concept"]

# The organisation kind of a minted body: nothing in a cell says more than "an organisation".
MINTED_ORG_KIND = "organization"
ROLE_SCHEME = "roles"


def index_curated(graphs: Graphs) -> None:
    """Record what the vocabularies define; call after loading them, before any document."""
    ledger = graphs.ledger
    for name in ("actors", "schemes"):
        typed = graphs(name).subjects(RDF.type, None)
        ledger.curated.update(node for node in typed if isinstance(node, URIRef))
    for predicate in (SKOS.prefLabel, SKOS.altLabel, WSIS.acronym):
        for actor, label in graphs("actors").subject_objects(predicate):
            if isinstance(actor, URIRef):
                ledger.labels.setdefault(_surface(str(label)), actor)


def _surface(text: str) -> str:
    """How names are compared: casefolded, white space (no-break spaces too) collapsed."""
    return " ".join(text.split()).casefold()


def _known(scope: DocumentScope, iri: URIRef) -> bool:
    ledger = scope.graphs.ledger
    return iri in ledger.curated or iri in ledger.minted


def _minted(scope: DocumentScope, node: URIRef, label: str, span: Span) -> list[Triple]:
    """What every minted node says: its label as printed, its evidence, the marker."""
    scope.graphs.ledger.minted.add(node)
    tag = language_tag(scope.iris.lang)
    return [
        (node, SKOS.prefLabel, Literal(label, lang=tag)),
        (node, WSIS.mintedFromText, Literal(True)),
        (node, PROV.wasDerivedFrom, scope.span(span)),
    ]


# --- proponents ------------------------------------------------------------------------------


def proponent_actor(scope: DocumentScope, proposal: Proposal) -> URIRef:
    """The actor proposing an annex: curated when known (by IRI or name), else minted."""
    name = proposal.proponent
    if name is None:
        raise BuildError(f"annex {proposal.annex} prints no proponent")
    iri = scope.iris.proponent(name)
    if _known(scope, iri):
        return iri
    curated = scope.graphs.ledger.labels.get(_surface(name))
    if curated is not None:
        return curated
    code = country_code(name)
    triples = _minted(scope, iri, name, _proponent_span(scope, proposal, name))
    if code is None:
        triples.append((iri, RDF.type, WSIS.Actor))
    else:
        triples += [(iri, RDF.type, WSIS.Country), (iri, SKOS.notation, Literal(code))]
    scope.graphs.add("actors", triples)
    return iri


def _proponent_span(scope: DocumentScope, proposal: Proposal, name: str) -> Span:
    """Where the heading prints the proponent's name ("ANNEX C (Brazil)"), else the heading."""
    heading = proposal.heading_span
    found = scope.document.slice(heading).find(name)
    if found < 0:
        return heading
    return Span(heading.start + found, heading.start + found + len(name))


# --- addressees and bearers the lexicon does not know ----------------------------------------


def named_actor(scope: DocumentScope, text: str, span: Span) -> URIRef:
    """The actor an unresolved addressee, bearer or group member names ("Secretary-General",
    "Commission on Science and Technology for Development"): a curated actor with that label,
    a body already minted under that name, else a new ``actor/{slug}`` minted from the text."""
    ledger = scope.graphs.ledger
    form = _surface(text)
    known = ledger.labels.get(form) or ledger.forms.get(form)
    if known is not None:
        return known
    if not slugify(text):
        raise BuildError(f"addressee {text!r} at {span.start} yields an empty IRI segment")
    node = scope.iris.actor(text)
    if not _known(scope, node):
        triples = [*_minted(scope, node, text, span), (node, RDF.type, WSIS.Actor)]
        scope.graphs.add("actors", triples)
    ledger.forms.setdefault(form, node)
    return node


# --- bodies named in annex cells -------------------------------------------------------------


def holder(scope: DocumentScope, assignment: Assignment) -> URIRef:
    """The actor holding an assignment: the lexicon's, else the body minted from its cell."""
    if assignment.agency is not None:
        return scope.iris.from_path(assignment.agency)
    body = _body(scope, assignment)
    ledger = scope.graphs.ledger
    forms = [_surface(form) for form in (body.abbreviation, body.name) if form]
    node = next((ledger.forms[form] for form in forms if form in ledger.forms), None)
    if node is None:
        node = _new_body(scope, body)
    elif body.abbreviation and node not in ledger.acronyms and node not in ledger.curated:
        ledger.acronyms.add(node)
        scope.graphs.add("actors", [(node, WSIS.acronym, Literal(body.abbreviation))])
    for form in forms:
        ledger.forms.setdefault(form, node)
    return node


def _new_body(scope: DocumentScope, body: Body) -> URIRef:
    """Mint ``org/{acronym or name}``, unless that IRI is already described."""
    ledger = scope.graphs.ledger
    if not slugify(body.abbreviation or body.name):
        raise BuildError(f"body {body.text!r} at {body.span.start} yields an empty IRI segment")
    node = scope.iris.org(body.abbreviation or body.name)
    if _known(scope, node):
        return node
    triples = _minted(scope, node, body.name, body.span)
    triples += [
        (node, RDF.type, WSIS.Agency),
        (node, RDF.type, ORG.FormalOrganization),
        (node, ORG.classification, scope.iris.org_kind(MINTED_ORG_KIND)),
    ]
    if body.abbreviation:
        ledger.acronyms.add(node)
        triples.append((node, WSIS.acronym, Literal(body.abbreviation)))
    scope.graphs.add("actors", triples)
    return node


def _body(scope: DocumentScope, assignment: Assignment) -> Body:
    """The parsed body an assignment comes from (its name and acronym, not only its text)."""
    row = scope.document.proposal(assignment.annex).row(assignment.code, assignment.subline)
    for body in row.cell.bodies:
        if body.span == assignment.body_span:
            return body
    raise BuildError(f"no body at {assignment.body_span} in annex {assignment.annex}")


# --- roles -----------------------------------------------------------------------------------


def role_concept(scope: DocumentScope, assignment: Assignment) -> URIRef:
    """The role of an assignment: the roles scheme's concept, else one minted from the header."""
    node = scope.iris.role(assignment.role)
    if _known(scope, node):
        return node
    label, span = _role_label(scope, assignment)
    scheme = scope.iris.scheme(ROLE_SCHEME)
    triples = _minted(scope, node, label, span)
    triples += [
        (node, RDF.type, WSIS.CoordinationRole),
        (node, RDF.type, SKOS.Concept),
        (node, RDF.type, PRO.Role),
        (node, SKOS.inScheme, scheme),
        (node, SKOS.topConceptOf, scheme),
        (scheme, SKOS.hasTopConcept, node),
    ]
    scope.graphs.add("schemes", triples)
    return node


def _role_label(scope: DocumentScope, assignment: Assignment) -> tuple[str, Span]:
    """The role's words in the header as printed ("Lead agency") and where they stand."""
    header = assignment.role_span
    for phrase in role_phrases(scope.document.slice(header)):
        if phrase.slug == assignment.role:
            return phrase.label, Span(header.start + phrase.start, header.start + phrase.end)
    return assignment.role.replace("-", " "), header
