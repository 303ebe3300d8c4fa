"""RDF files in and out of wsiskg, and the bridge from rdflib's terms to pyoxigraph's.

Every stage that reads an RDF file — the store, SHACL validation, publishing — goes through
:func:`read_quads`, so a file reads the same everywhere and fails with the same message
(``path: cannot be read as turtle: …``). pyoxigraph parses every format it knows (fast and
streaming); rdflib only the ones pyoxigraph lacks (HexTuples, JSON-LD under a ``.json``
suffix, which may name a context pyoxigraph would not load).

The graph stage builds with rdflib; the store and the dumps are pyoxigraph. :func:`ox_term`
is the one converter between the two.

>>> import rdflib
>>> ox_term(rdflib.Literal("7", datatype=rdflib.XSD.integer))
<Literal value=7 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from wsiskg.errors import GraphFileError

__all__ = ["OxTerm", "format_for", "ox_quads", "ox_term", "read_graph", "read_quads"]

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal

#: Suffixes pyoxigraph's ``from_extension`` does not know, and what they hold.
_ALIASES = {".owl": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML}
#: Suffixes read through rdflib, with its parser's name.
_RDFLIB_ONLY = {".json": "json-ld", ".hext": "hext"}


def ox_term(term: rdflib.term.Node | rdflib.Graph) -> OxTerm:
    """The pyoxigraph term for an rdflib term (a graph stands for its identifier)."""
    if isinstance(term, rdflib.Graph):
        return ox_term(term.identifier)
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = ox.NamedNode(str(term.datatype)) if term.datatype else None
        return ox.Literal(str(term), datatype=datatype)
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def ox_quads(dataset: rdflib.Dataset) -> Iterator[ox.Quad]:
    """Every quad of an rdflib dataset as pyoxigraph quads (its default graph stays default)."""
    with warnings.catch_warnings():  # rdflib's dataset code calls its deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        for s, p, o, g in dataset.quads((None, None, None, None)):
            graph = ox.DefaultGraph() if g is None or g == DATASET_DEFAULT_GRAPH_ID else ox_term(g)
            yield ox.Quad(ox_term(s), ox_term(p), ox_term(o), graph)  # type: ignore[arg-type]


def format_for(path: Path) -> ox.RdfFormat | str:
    """The format a file's suffix names: a pyoxigraph format, or an rdflib parser's name."""
    suffix = path.suffix.lower()
    if suffix in _RDFLIB_ONLY:
        return _RDFLIB_ONLY[suffix]
    if suffix in _ALIASES:
        return _ALIASES[suffix]
    try:
        found = ox.RdfFormat.from_extension(suffix.lstrip("."))
    except ValueError:
        found = None
    if found is None:
        raise GraphFileError(f"{path}: unknown RDF file extension {path.suffix!r}")
    return found


def read_quads(path: Path, base_iri: str | None = None) -> list[ox.Quad]:
    """The quads of an RDF file, in the format its suffix names (triples: the default graph).

    Raises :class:`GraphFileError` naming the file for a missing, unknown or broken file.
    """
    if not path.is_file():
        raise GraphFileError(f"{path}: no such file")
    rdf_format = format_for(path)
    try:
        if isinstance(rdf_format, str):
            return list(_read_with_rdflib(path, rdf_format, base_iri))
        return list(ox.parse(path=path, format=rdf_format, base_iri=base_iri))
    except (SyntaxError, ValueError, OSError) as error:
        name = rdf_format if isinstance(rdf_format, str) else rdf_format.name.lower()
        raise GraphFileError(f"{path}: cannot be read as {name}: {error}") from error
    except Exception as error:  # rdflib's parsers raise exceptions of their own kinds
        raise GraphFileError(f"{path}: cannot be read as {rdf_format}: {error}") from error


def read_graph(path: Path) -> rdflib.Graph:
    """An RDF file as one plain rdflib graph (a dataset's named graphs merged), for pyshacl."""
    triples = {quad.triple for quad in read_quads(path)}
    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", format="nt")
    return graph


def _read_with_rdflib(path: Path, parser: str, base_iri: str | None) -> Iterable[ox.Quad]:
    dataset = rdflib.Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(data=path.read_bytes(), format=parser, publicID=base_iri)
    return ox_quads(dataset)
