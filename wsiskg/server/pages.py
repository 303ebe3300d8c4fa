"""Linked data: every IRI the graph mints dereferences here, plus home, VoID, dumps, health.

``/id/…``, ``/graph/…`` and ``/ontology`` stand for ``{base}id/…``, ``{base}graph/…`` and the
ontology IRI, so the pages work whatever public base the dataset was built with. Each
resource is HTML for browsers and Turtle / JSON-LD / N-Triples / RDF/XML by ``Accept`` or
by extension (``/id/org/itu.ttl``), with ``Vary: Accept`` and ``Link`` alternates.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import RedirectResponse

from wsiskg.namespaces import ONTOLOGY_IRI, WSIS
from wsiskg.query.export import jsonld_context
from wsiskg.query.formats import serialize_triples
from wsiskg.query.registry import views
from wsiskg.query.results import Term
from wsiskg.server.negotiation import FORMAT_NAMES, HTML, RDF, choose
from wsiskg.server.openapi import documented, problems, representations
from wsiskg.server.rendering import Renderer, cached, download, render
from wsiskg.server.resource_view import ResourceView, describe, select, value_of
from wsiskg.server.self_description import (
    DESCRIPTION,
    DUMPS,
    TITLE,
    dataset_description,
    serialize_graph,
)
from wsiskg.server.state import ServerState, get_state, quote_path
from wsiskg.server.summaries import summarise
from wsiskg.sparql import with_values

router = APIRouter(tags=["linked data"])

#: Representations of a resource, preferred first (HTML for browsers).
PAGE_OFFERS = {HTML: HTML, "application/xhtml+xml": HTML, **RDF}
_EXTENSIONS = {"html", "ttl", "jsonld", "nt", "rdf"}
_ONTOLOGY_KINDS = ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty")
_PAGE = representations(dict.fromkeys(PAGE_OFFERS.values()), "HTML or RDF, by Accept")
_RDF = representations(dict.fromkeys(RDF.values()), "RDF, by Accept (Turtle by default)")


@router.get("/", include_in_schema=False)
def home(request: Request) -> Response:
    """What the dataset is, and links to everything."""
    state = get_state(request)
    return render(
        request, "home.html", state, {"graphs": state.graph_sizes, "entries": _entries(state)}
    )


@router.get("/health", summary="Liveness and dataset size")
def health(request: Request) -> dict[str, object]:
    state = get_state(request)
    return {"status": "ok", "triples": len(state.store), "graphs": len(state.store.graphs)}


@router.get("/void", **documented("VoID/DCAT description of the dataset", _RDF))
def void(request: Request) -> Response:
    """The dataset description: a page for browsers (which would download RDF/XML), RDF
    (Turtle by default) for everyone else."""
    state = get_state(request)
    media_type = choose(request.headers.get("accept"), _VOID_OFFERS) or "text/turtle"
    site = str(request.base_url)
    if media_type == HTML:
        context = {"title": TITLE, "description": DESCRIPTION, "dumps": DUMPS, "site": site}
        response = render(request, "void.html", state, {**context, "graphs": state.graph_sizes})
        response.headers["Vary"] = "Accept"
        return response
    body = serialize_graph(dataset_description(state, site), media_type)
    return cached(request, body, media_type, {"Vary": "Accept"})


#: RDF first (Turtle for ``*/*``), HTML only for a client that names it (a browser).
_VOID_OFFERS = {**RDF, HTML: HTML, "application/xhtml+xml": HTML}


@router.get(
    "/context.jsonld",
    **documented(
        "The JSON-LD @context of the dumps and exports",
        representations(["application/ld+json"], "the shipped JSON-LD context"),
    ),
)
def context(request: Request) -> Response:
    """The ``@context`` that ``wsiskg export --format jsonld`` and the dumps use."""
    body = json.dumps({"@context": jsonld_context()}, indent=2, ensure_ascii=False)
    return cached(request, body.encode("utf-8"), "application/ld+json", {})


@router.get("/.well-known/void", include_in_schema=False)
def well_known_void() -> Response:
    return RedirectResponse("/void", status_code=303)


@router.get(
    "/dumps/dataset.{extension}",
    **documented(
        "The whole dataset in one RDF format",
        {
            **representations(DUMPS.values(), "the dataset; the extension names the format"),
            **problems(404),
        },
    ),
)
def dump(request: Request, extension: str) -> Response:
    if extension not in DUMPS:
        raise HTTPException(404, f"no dump .{extension}; formats: {', '.join(DUMPS)}")
    state = get_state(request)
    key = f"dump:{extension}"
    body = state.dumps.get(key)
    if body is None:
        rdf_format = ox.RdfFormat.from_media_type(DUMPS[extension])
        assert rdf_format is not None
        body = state.dumps[key] = state.store.dump(rdf_format)
    return download(request, body, DUMPS[extension], f"wsiskg-dataset.{extension}")


@router.get(
    "/ontology",
    **documented("The ontology: documentation (HTML) or RDF", {**_PAGE, **problems(406)}),
)
def ontology(request: Request) -> Response:
    return _ontology(request, None)


@router.get("/ontology.{extension}", include_in_schema=False)
def ontology_file(request: Request, extension: str) -> Response:
    if extension not in _EXTENSIONS:
        raise HTTPException(404, f"no representation .{extension}")
    return _ontology(request, extension)


@router.get("/ontology/{version:path}", include_in_schema=False)
def ontology_version(request: Request, version: str) -> Response:
    """The ontology's version IRI (``owl:versionIRI …/ontology/0.1.0``): the ontology, while
    this version is the one served; 404 for any other version."""
    state = get_state(request)
    stem, _, suffix = version.rpartition(".")
    extension = suffix if stem and suffix in _EXTENSIONS else None
    iri = f"{state.iris.ontology_iri}/{stem if extension else version}"
    if not any(state.store.ox_store.quads_for_pattern(None, _VERSION_IRI, ox.NamedNode(iri))):
        raise HTTPException(404, f"no ontology version <{iri}> here")
    return _ontology(request, extension)


_VERSION_IRI = ox.NamedNode("http://www.w3.org/2002/07/owl#versionIRI")


@router.get(
    "/id/{path:path}",
    **documented(
        "A resource of the graph (HTML or RDF; or by extension: .html, .ttl, .jsonld, ...)",
        {**_PAGE, **problems(404, 406)},
    ),
)
def resource(request: Request, path: str) -> Response:
    return _resource(request, "/id/" + path)


@router.get(
    "/graph/{path:path}",
    **documented("A named graph (HTML or its triples)", {**_PAGE, **problems(404, 406)}),
)
def graph(request: Request, path: str) -> Response:
    return _resource(request, "/graph/" + path)


def _resource(request: Request, local: str) -> Response:
    state = get_state(request)
    iri, extension = state.iris.iri_for(local), None
    view = describe(state.store, iri)
    stem, dot, suffix = local.rpartition(".")
    if view is None and dot and suffix in _EXTENSIONS:
        iri, extension, local = state.iris.iri_for(stem), suffix, stem
        view = describe(state.store, iri)
    is_graph = iri in state.store.graphs
    if view is None and is_graph:
        view = ResourceView(iri, [], [])
    if view is None:
        raise HTTPException(404, f"nothing is known about <{iri}>")
    media_type = _media_type(request, extension)
    local = quote_path(local)  # ``#`` in a span's IRI is part of its path here
    headers = {"Vary": "Accept", "Link": _links(local, iri)}
    if media_type == HTML:
        size = state.graph_sizes.get(iri) if is_graph else None
        context = {
            "view": view,
            "iri": iri,
            "local": local,
            "graph_size": size,
            "summary": summarise(state, view),
        }
        response = render(request, "resource.html", state, context)
        response.headers.update(headers)
        return response
    if is_graph:
        rdf_format = ox.RdfFormat.from_media_type(media_type)
        assert rdf_format is not None
        return cached(request, state.store.dump(rdf_format, iri), media_type, headers)
    prefixes = Renderer(state).prefixes
    return cached(
        request, serialize_triples(view.triples(), media_type, prefixes), media_type, headers
    )


def _media_type(request: Request, extension: str | None) -> str:
    if extension is not None:
        return FORMAT_NAMES[extension]
    chosen = choose(request.headers.get("accept"), PAGE_OFFERS)
    if chosen is None:
        raise HTTPException(406, "offered: text/html, " + ", ".join(dict.fromkeys(RDF.values())))
    return chosen


def _links(local: str, iri: str) -> str:
    alternates = [
        f'<{local}.{ext}>; rel="alternate"; type="{FORMAT_NAMES[ext]}"'
        for ext in sorted(_EXTENSIONS)
    ]
    return ", ".join([f'<{iri}>; rel="canonical"', *alternates])


def _ontology(request: Request, extension: str | None) -> Response:
    state = get_state(request)
    namespace = str(WSIS._NS)
    query = with_values(views().get("ontology_terms").text, {"namespace": ox.Literal(namespace)})
    terms: dict[str, list[ResourceView]] = {kind: [] for kind in _ONTOLOGY_KINDS}
    for row in select(state.store, query):
        kind = value_of(row["kind"]).rpartition("#")[2]
        view = describe(state.store, value_of(row["term"]))
        if view is not None and kind in terms:
            terms[kind].append(view)
    header = describe(state.store, str(ONTOLOGY_IRI))
    media_type = _media_type(request, extension)
    headers = {"Vary": "Accept", "Link": _links("/ontology", str(ONTOLOGY_IRI))}
    if media_type == HTML:
        context = {"terms": terms, "header": header, "namespace": namespace}
        response = render(request, "ontology.html", state, context)
        response.headers.update(headers)
        return response
    shown = [view for group in terms.values() for view in group] + ([header] if header else [])
    triples = [
        t
        for view in shown
        for t in view.triples()
        if value_of(t.subject).startswith(namespace[:-1])
    ]
    body = serialize_triples(triples, media_type, Renderer(state).prefixes)
    return cached(request, body, media_type, headers)


def _entries(state: ServerState) -> list[tuple[Term, str]]:
    rows = select(state.store, views().get("entry_points").text)
    return [(row["thing"], value_of(row["kind"]).rpartition("#")[2]) for row in rows]
