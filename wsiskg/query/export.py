"""Write the dataset, or one named graph of it, in the RDF formats researchers ask for.

Dataset formats (``nq``, ``trig``, ``jsonld``) keep the named graphs; triple formats (``ttl``,
``nt``, ``xml``) cannot, so exporting *all* graphs to them writes the merge (union) of the
graphs, each triple once. JSON-LD carries the shipped ``@context`` (``ontology/context.jsonld``)
embedded, with IRIs written compactly (``wsis:Paragraph``), so that reading it back never
needs the network.

>>> from pyoxigraph import Quad, NamedNode, Literal, Store
>>> store = Store()
>>> g = NamedNode("https://w3id.org/wsiskg/graph/structure")
>>> store.add(Quad(NamedNode("https://w3id.org/wsiskg/id/x"), WSIS_NUMBER, Literal("7"), g))
>>> print(export(store, "nt").decode(), end="")
<https://w3id.org/wsiskg/id/x> <https://w3id.org/wsiskg/ontology#number> "7" .
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pyoxigraph
from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Triple

from wsiskg.errors import QueryError, StoreError
from wsiskg.namespaces import PREFIXES, WSIS
from wsiskg.resources import data_dir

FORMATS: dict[str, RdfFormat] = {
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "nq": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "jsonld": RdfFormat.JSON_LD,
    "xml": RdfFormat.RDF_XML,
}
MEDIA_TYPES: dict[str, str] = {fmt: rdf_format.media_type for fmt, rdf_format in FORMATS.items()}
DATASET_FORMATS = frozenset({"nq", "trig", "jsonld"})
WSIS_NUMBER = NamedNode(str(WSIS.number))
CONTEXT_FILE = "context.jsonld"

GraphName = NamedNode | DefaultGraph


@lru_cache(maxsize=1)
def jsonld_context() -> dict[str, Any]:
    """The shipped JSON-LD context (the value of its ``@context`` key)."""
    document = json.loads((data_dir("ontology") / CONTEXT_FILE).read_text(encoding="utf-8"))
    context: dict[str, Any] = document["@context"]
    return context


def prefixes() -> dict[str, str]:
    """Prefix -> namespace IRI, for Turtle and TriG output."""
    return {name: str(namespace) for name, namespace in PREFIXES.items()}


def graph_names(store: pyoxigraph.Store) -> list[NamedNode]:
    """The named graphs of the store, sorted by IRI."""
    return sorted(
        (g for g in store.named_graphs() if isinstance(g, NamedNode)), key=lambda g: g.value
    )


def resolve_graph(store: pyoxigraph.Store, name: str) -> GraphName:
    """A graph by full IRI, by short name (``structure`` for ``…/graph/structure``), or
    ``default``; StoreError listing the graphs there are otherwise."""
    if name == "default":
        return DefaultGraph()
    graphs = graph_names(store)
    for graph in graphs:
        if name in (graph.value, graph.value.rsplit("/", 1)[-1]):
            return graph
    known = ", ".join(g.value.rsplit("/", 1)[-1] for g in graphs) or "none"
    raise StoreError(f"no graph named {name!r} in the dataset (graphs: {known})")


def export(store: pyoxigraph.Store, fmt: str, graph: str | None = None) -> bytes:
    """The dataset (or the graph called ``graph``) serialised as ``fmt``."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if graph is not None:
        selected = resolve_graph(store, graph)
        quads = list(store.quads_for_pattern(None, None, None, selected))
    else:
        quads = list(store)
    if fmt == "jsonld":
        return _jsonld(quads)
    content = quads if fmt in DATASET_FORMATS else _union(quads)
    return pyoxigraph.serialize(content, format=FORMATS[fmt], prefixes=prefixes()) or b""


def _union(quads: Iterable[Quad]) -> list[Triple]:
    """Each triple once, in first-seen order."""
    seen: dict[Triple, None] = {}
    for quad in quads:
        seen.setdefault(quad.triple, None)
    return list(seen)


def _jsonld(quads: list[Quad]) -> bytes:
    """JSON-LD with the shipped context embedded and IRIs written as compact IRIs.

    pyoxigraph writes the expanded form with every lexical form exact (rdflib would
    normalise literals, e.g. ``…Z`` to ``…+00:00``); compacting IRIs with the context's
    prefixes is then a plain rewrite that any JSON-LD processor expands back.
    """
    expanded = json.loads(pyoxigraph.serialize(quads, format=RdfFormat.JSON_LD) or b"[]")
    context = jsonld_context()
    namespaces = sorted(
        ((name, iri) for name, iri in context.items() if isinstance(iri, str) and iri[-1:] in "#/"),
        key=lambda pair: -len(pair[1]),
    )
    body = [_compact_node(node, namespaces) for node in _grouped(expanded)]
    document = {"@context": context, "@graph": body}
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _grouped(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One node object per subject (pyoxigraph writes one per triple), types as ``@type``,
    named graphs grouped the same way inside."""
    merged: dict[str, dict[str, Any]] = {}
    for node in nodes:
        target = merged.setdefault(node.get("@id", f"_:@{len(merged)}"), {})
        for key, value in node.items():
            if key == "@graph":
                target.setdefault("@graph", []).extend(value)
            elif key == _RDF_TYPE and all(set(v) == {"@id"} for v in value):
                target.setdefault("@type", []).extend(v["@id"] for v in value)
            elif key == "@id":
                target["@id"] = value
            else:
                target.setdefault(key, []).extend(value)
    for node in merged.values():
        if "@graph" in node:
            node["@graph"] = _grouped(node["@graph"])
    return list(merged.values())


def _compact_node(node: Any, namespaces: list[tuple[str, str]]) -> Any:
    """Compact the IRIs of a node object (keys, ``@id``, ``@type``) recursively."""
    if isinstance(node, list):
        return [_compact_node(item, namespaces) for item in node]
    if not isinstance(node, dict):
        return node
    compacted: dict[str, Any] = {}
    for key, value in node.items():
        if key in {"@id", "@type"} and "@value" not in node:
            compacted[key] = _compact_iris(value, namespaces)
        elif key == "@type":  # the datatype of a value object
            compacted[key] = _compact_iri(value, namespaces)
        elif key.startswith("@"):
            compacted[key] = _compact_node(value, namespaces)
        else:
            compacted[_compact_iri(key, namespaces)] = _compact_node(value, namespaces)
    return compacted


def _compact_iris(value: Any, namespaces: list[tuple[str, str]]) -> Any:
    if isinstance(value, list):
        return [_compact_iri(item, namespaces) for item in value]
    return _compact_iri(value, namespaces)


_SAFE_LOCAL = re.compile(r"(?!//)[^\s]+")


def _compact_iri(iri: str, namespaces: list[tuple[str, str]]) -> str:
    """``prefix:local`` when a namespace matches (never before ``//``, which reads as an IRI)."""
    for prefix, namespace in namespaces:
        if iri.startswith(namespace) and _SAFE_LOCAL.fullmatch(iri[len(namespace) :]):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def media_type(fmt: str) -> str:
    """The media type of an export format."""
    return MEDIA_TYPES[fmt]
