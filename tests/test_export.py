"""Export in every format, read back, and compare as datasets (blank nodes matched by
canonicalisation, never as text)."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import rdflib
from kg_support import read_quads, same_dataset, seed_kg

from wsiskg.api import KG
from wsiskg.errors import QueryError, StoreError
from wsiskg.namespaces import PREFIXES
from wsiskg.query.export import (
    DATASET_FORMATS,
    FORMATS,
    export,
    jsonld_context,
    resolve_graph,
)
from wsiskg.resources import data_dir

E = "https://w3id.org/wsiskg/id/x/"
G1 = ox.NamedNode("https://w3id.org/wsiskg/graph/structure")
G2 = ox.NamedNode("https://w3id.org/wsiskg/graph/spans")


def n(local: str) -> ox.NamedNode:
    return ox.NamedNode(E + local)


@pytest.fixture(scope="module")
def tricky() -> ox.Store:
    """Literals and nodes that trip serialisers: quotes, newlines, brackets, languages,
    datatypes, a blank node shared by two graphs, non-ASCII text and a span IRI."""
    shared = ox.BlankNode()
    store = ox.Store()
    store.extend(
        [
            ox.Quad(n("a"), n("text"), ox.Literal('say "[by 2007/2008]"\n\tand } go'), G1),
            ox.Quad(n("a"), n("label"), ox.Literal("Côte d’Ivoire", language="fr"), G1),
            ox.Quad(
                n("a"),
                n("year"),
                ox.Literal("2007", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")),
                G1,
            ),
            ox.Quad(n("a"), n("count"), ox.Literal(3), G1),
            ox.Quad(n("a"), n("flag"), ox.Literal(True), ox.DefaultGraph()),
            ox.Quad(n("a"), n("option"), shared, G1),
            ox.Quad(shared, n("position"), ox.Literal(1), G2),
            ox.Quad(ox.NamedNode(E + "txt#char=1,5"), n("anchor"), ox.Literal("[x]"), G2),
        ]
    )
    return store


@pytest.fixture(scope="module")
def kg() -> KG:
    return seed_kg()


def triples_only(quads: list[ox.Quad]) -> list[ox.Quad]:
    return [ox.Quad(q.subject, q.predicate, q.object) for q in quads]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_tricky_dataset_round_trips(tricky: ox.Store, fmt: str) -> None:
    back = read_quads(export(tricky, fmt), fmt)
    expected = list(tricky) if fmt in DATASET_FORMATS else triples_only(list(tricky))
    assert same_dataset(expected, back)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_seed_dataset_round_trips(kg: KG, fmt: str) -> None:
    data = kg.export(fmt)
    quads = list(kg.store.ox_store)
    expected = quads if fmt in DATASET_FORMATS else triples_only(quads)
    back = read_quads(data, fmt)
    assert same_dataset(expected, back), f"{fmt}: {len(back)} quads back of {len(expected)}"


@pytest.mark.parametrize("fmt", ["ttl", "nq"])
def test_one_graph(kg: KG, fmt: str) -> None:
    graph = resolve_graph(kg.store.ox_store, "structure")
    quads = list(kg.store.ox_store.quads_for_pattern(None, None, None, graph))
    assert quads, "the structure graph is not empty"
    back = read_quads(kg.export(fmt, graph="structure"), fmt)
    assert same_dataset(quads if fmt == "nq" else triples_only(quads), back)


def test_triple_formats_merge_the_graphs(tricky: ox.Store) -> None:
    back = read_quads(export(tricky, "nt"), "nt")
    assert len(back) == len(tricky)  # every triple once, none lost with its graph name
    assert {q.graph_name for q in back} == {ox.DefaultGraph()}


def test_graph_names_resolve_by_short_name_or_iri(tricky: ox.Store) -> None:
    assert resolve_graph(tricky, "spans") == G2
    assert resolve_graph(tricky, G1.value) == G1
    assert resolve_graph(tricky, "default") == ox.DefaultGraph()
    with pytest.raises(StoreError, match="spans, structure"):
        resolve_graph(tricky, "statements")


def test_unknown_format_is_refused(tricky: ox.Store) -> None:
    with pytest.raises(QueryError, match="ttl"):
        export(tricky, "csv")


def test_jsonld_embeds_the_shipped_context(tricky: ox.Store) -> None:
    document = json.loads(export(tricky, "jsonld"))
    assert document["@context"] == jsonld_context()


def test_shipped_context_declares_every_prefix() -> None:
    shipped = json.loads((data_dir("ontology") / "context.jsonld").read_text("utf-8"))["@context"]
    for prefix, namespace in PREFIXES.items():
        assert shipped[prefix] == str(namespace)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib 7 calls its own old API
def test_jsonld_reads_in_another_processor(tricky: ox.Store) -> None:
    dataset = rdflib.Dataset()
    dataset.parse(data=export(tricky, "jsonld"), format="json-ld")
    found = {(str(s), str(p), str(o), str(g)) for s, p, o, g in dataset.quads()}
    assert (E + "a", E + "text", 'say "[by 2007/2008]"\n\tand } go', G1.value) in found
    assert len(found) == len(tricky)
