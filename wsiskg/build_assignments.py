"""The ``assignments-explicit`` graph: one n-ary node per body an annex cell names.

Only what a cell prints is here (basis ``explicit``). What blank sub-line cells inherit is
derived by :mod:`wsiskg.rules` into ``assignments-inherited``, never mixed in. The actor
mention of each body is resolved (``wsis:refersTo``) in ``statements``.
"""

from __future__ import annotations

from rdflib import URIRef

from wsiskg.build_context import DocumentScope, Triple
from wsiskg.extract import Assignment, Extraction
from wsiskg.iris import proposal_code, slugify
from wsiskg.namespaces import PRO, PROV, RDF, WSIS


def add_assignments(scope: DocumentScope, extraction: Extraction) -> None:
    """Add every explicit assignment, and resolve the body mentions they come from."""
    explicit: list[Triple] = []
    resolved: list[Triple] = []
    for assignment in extraction.assignments:
        explicit += _assignment(scope, assignment)
        if assignment.agency is not None:
            mention = scope.span(assignment.body_span)
            resolved.append((mention, WSIS.refersTo, scope.iris.from_path(assignment.agency)))
    scope.graphs.add("assignments-explicit", explicit)
    scope.graphs.add("statements", resolved)


def agency_slug(assignment: Assignment) -> str:
    """The agency segment of an assignment IRI: the actor's own slug, else the body's."""
    if assignment.agency is not None:
        return assignment.agency.rstrip("/").rsplit("/", 1)[-1]
    return slugify(assignment.body)


def assignment_iri(scope: DocumentScope, assignment: Assignment) -> URIRef:
    """The contract IRI of an assignment (``{proposal}/assignment/C7/e-health/who/coordinator``)."""
    return scope.iris.assignment(
        proposal_code(assignment.proponent, assignment.annex),
        assignment.code,
        assignment.subline,
        agency_slug(assignment),
        assignment.role,
    )


def _assignment(scope: DocumentScope, assignment: Assignment) -> list[Triple]:
    iris = scope.iris
    node = assignment_iri(scope, assignment)
    proposal = iris.proposal(proposal_code(assignment.proponent, assignment.annex))
    triples: list[Triple] = [
        (node, RDF.type, WSIS.CoordinationAssignment),
        (node, PRO.relatesToDocument, proposal),
        (node, PRO.relatesToEntity, iris.action_line(assignment.code, assignment.subline)),
        (node, PRO.withRole, iris.role(assignment.role)),
        (node, WSIS.basis, iris.basis("explicit")),
        (node, PROV.wasDerivedFrom, scope.span(assignment.body_span)),
    ]
    if assignment.agency is not None:
        triples.append((node, PRO.isHeldBy, iris.from_path(assignment.agency)))
    return triples
