"""What an entity page says first, before its triples: the meaning of the resource.

An agency: its portfolio per proposal, where the text mentions it (with the sentence around),
the commitments addressed to it. An action line: who coordinates it in each proposal
(inherited assignments marked) and the paragraphs whose words name it. An assignment: the
annex cell it was read from, highlighted in its text. (A span's page shows its surroundings:
:func:`wsiskg.server.resource_view.passage_of`.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from wsiskg.api import KG
from wsiskg.errors import QueryError
from wsiskg.query.registry import views
from wsiskg.query.results import Results
from wsiskg.query.search import Hit
from wsiskg.server.resource_view import Passage, ResourceView, label, passage_of, select, value_of
from wsiskg.server.state import ServerState
from wsiskg.sparql import with_values

WSIS = "https://w3id.org/wsiskg/ontology#"
_ACTORS = {WSIS + k for k in ("Agency", "AgencyGroup", "StakeholderCategory", "Post", "Actor")}
_DERIVED_FROM = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
_IS_STRING = ox.NamedNode("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString")
#: Characters shown on each side of a mention.
AROUND = 90
MAX_MENTIONS = 60


@dataclass(frozen=True)
class Mention:
    """A mention in its sentence: the text before, the mention, the text after."""

    iri: str
    where: str
    before: str
    text: str
    after: str


@dataclass
class Summary:
    """What the page leads with; each part empty when it does not apply."""

    kind: str
    portfolio: Results | None = None
    commitments: Results | None = None
    mentions: list[Mention] = field(default_factory=list)
    coordinators: Results | None = None
    paragraphs: list[Hit] = field(default_factory=list)
    source_cell: Passage | None = None


def summarise(state: ServerState, view: ResourceView) -> Summary | None:
    """The summary for the resource's kind, or None for kinds without one."""
    types = {value_of(t) for t in view.types}
    kg = KG(state.store)
    if types & _ACTORS:
        return _actor(state, kg, view.iri, agency=WSIS + "Agency" in types)
    if WSIS + "ActionLine" in types:
        return _action_line(state, kg, view.iri)
    if WSIS + "CoordinationAssignment" in types:
        return _assignment(state, view.iri)
    return None


def _actor(state: ServerState, kg: KG, iri: str, agency: bool) -> Summary:
    summary = Summary("actor")
    if agency:
        summary.portfolio = _named(kg, "agency_portfolio", agency=iri)
    summary.commitments = _named(kg, "commitments", actor=iri)
    summary.mentions = mentions(state, iri)
    return summary


def _action_line(state: ServerState, kg: KG, iri: str) -> Summary:
    summary = Summary("action line", coordinators=_named(kg, "coordinators_of", action_line=iri))
    name = label(state.store, ox.NamedNode(iri)) or ""
    hits = state.search.search(name, 20) if name else []
    summary.paragraphs = [hit for hit in hits if hit.kind in {"paragraph", "item"}]
    return summary


def _assignment(state: ServerState, iri: str) -> Summary:
    node = ox.NamedNode(iri)
    spans = [q.object for q in state.store.ox_store.quads_for_pattern(node, _DERIVED_FROM, None)]
    cell = next((s for s in spans if isinstance(s, ox.NamedNode)), None)
    return Summary("assignment", source_cell=passage_of(state.store, cell) if cell else None)


def _named(kg: KG, name: str, **params: str) -> Results | None:
    try:
        return kg.named(name, **params)
    except QueryError:  # a parameter the graph cannot resolve: nothing to summarise
        return None


def mentions(state: ServerState, actor: str) -> list[Mention]:
    """Where the text names ``actor``, in document order, each in its surroundings."""
    text = with_values(views().get("mentions_of").text, {"actor": ox.NamedNode(actor)})
    found, sources = [], {}
    for row in select(state.store, text)[:MAX_MENTIONS]:
        source = value_of(row["source"])
        if source not in sources:
            sources[source] = _string(state, source)
        full, begin, end = sources[source], int(value_of(row["begin"])), int(value_of(row["end"]))
        number, item = value_of(row.get("number")), value_of(row.get("item"))
        where = f"Paragraph {number}" + (f" ({item})" if item else "") if number else ""
        before = _squeezed(full[max(0, begin - AROUND) : begin])
        after = _squeezed(full[end : end + AROUND])
        found.append(Mention(value_of(row["mention"]), where, before, full[begin:end], after))
    return found


def _squeezed(text: str) -> str:
    """Runs of whitespace as one space, kept at the ends (they separate the mention)."""
    return re.sub(r"\s+", " ", text)


def _string(state: ServerState, source: str) -> str:
    for quad in state.store.ox_store.quads_for_pattern(ox.NamedNode(source), _IS_STRING, None):
        return value_of(quad.object)
    return ""
