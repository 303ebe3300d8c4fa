"""The ``assignments-explicit`` graph: one n-ary node per body an annex cell names.

Only what a cell prints is here (basis ``explicit``). What blank sub-line cells inherit is
derived by :mod:`wsiskg.graph.rules` into ``assignments-inherited``, never mixed in. The actor
mention of each body is resolved (``wsis:refersTo``) in ``statements``, to the actor the
lexicon names or to the one minted from the cell.
"""

from __future__ import annotations

from rdflib import URIRef

from wsiskg.extract import Assignment, Extraction
from wsiskg.graph.context import DocumentScope, Triple
from wsiskg.graph.iris import proposal_code
from wsiskg.graph.minted import holder, role_concept
from wsiskg.namespaces import PRO, PROV, RDF, WSIS


def add_assignments(scope: DocumentScope, extraction: Extraction) -> None:
    """Add every explicit assignment, and resolve the body mentions they come from.

    A body or role the vocabularies do not define is minted from the text
    (:mod:`wsiskg.graph.minted`), so every assignment has a holder and a role.
    """
    explicit: list[Triple] = []
    resolved: list[Triple] = []
    for assignment in extraction.assignments:
        agency = holder(scope, assignment)
        explicit += _assignment(scope, assignment, agency)
        resolved.append((scope.span(assignment.body_span), WSIS.refersTo, agency))
    scope.graphs.add("assignments-explicit", explicit)
    scope.graphs.add("statements", resolved)


def assignment_iri(scope: DocumentScope, assignment: Assignment, agency: URIRef) -> URIRef:
    """The contract IRI of an assignment (``{proposal}/assignment/C7/e-health/who/coordinator``).

    The agency segment is the last segment of the holder's IRI (as the inheritance rule reads
    it), so a minted body's assignment reads ``…/D/dsf/facilitator``.
    """
    return scope.iris.assignment(
        proposal_code(assignment.proponent, assignment.annex),
        assignment.code,
        assignment.subline,
        str(agency).rstrip("/").rsplit("/", 1)[-1],
        assignment.role,
    )


def _assignment(scope: DocumentScope, assignment: Assignment, agency: URIRef) -> list[Triple]:
    iris = scope.iris
    node = assignment_iri(scope, assignment, agency)
    proposal = iris.proposal(proposal_code(assignment.proponent, assignment.annex))
    return [
        (node, RDF.type, WSIS.CoordinationAssignment),
        (node, PRO.relatesToDocument, proposal),
        (node, PRO.relatesToEntity, iris.action_line(assignment.code, assignment.subline)),
        (node, PRO.isHeldBy, agency),
        (node, PRO.withRole, role_concept(scope, assignment)),
        (node, WSIS.basis, iris.basis("explicit")),
        (node, PROV.wasDerivedFrom, scope.span(assignment.body_span)),
    ]
