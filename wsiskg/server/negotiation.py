"""HTTP content negotiation: Accept with q-values, aliases, and the ``format=`` override.

>>> choose("text/csv;q=0.5, application/sparql-results+xml", TABULAR)
'application/sparql-results+xml'
>>> choose("application/json", TABULAR)
'application/sparql-results+json'
>>> choose("image/png", TABULAR) is None
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from wsiskg.query.formats import RDF_MEDIA_TYPES, TABULAR_MEDIA_TYPES

HTML = "text/html"

#: Offers for SELECT/ASK answers: media type a client may ask for -> media type served.
TABULAR: Mapping[str, str] = {
    **{media: media for media in TABULAR_MEDIA_TYPES},
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
}
#: Offers for RDF answers (CONSTRUCT, DESCRIBE, resources, the service description).
RDF: Mapping[str, str] = {
    **{media: media for media in RDF_MEDIA_TYPES},
    "application/x-turtle": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json": "application/ld+json",
    "application/xml": "application/rdf+xml",
    "application/turtle": "text/turtle",  # SPARQLWrapper's N3/Turtle Accept lists these
    "text/n3": "text/turtle",  # Turtle is N3 without N3's extensions: a valid N3 answer
    "text/rdf+n3": "text/turtle",
    "application/x-json+ld": "application/ld+json",
}
#: Short names accepted by ``?format=`` (and file extensions of resource pages).
FORMAT_NAMES: Mapping[str, str] = {
    "json": "application/sparql-results+json",
    "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "srx": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "nq": "application/n-quads",
    "nquads": "application/n-quads",
    "trig": "application/trig",
    "rdf": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "n3": "text/turtle",
    "owl": "application/rdf+xml",
    "html": HTML,
}
#: For a graph answer, ``format=json``/``xml`` mean the RDF flavour.
_GRAPH_RENAMES = {
    "application/sparql-results+json": "application/ld+json",
    "application/sparql-results+xml": "application/rdf+xml",
}


class MediaRange(NamedTuple):
    """One entry of an Accept header (read on every request: a plain tuple)."""

    type: str
    subtype: str
    q: float


def parse_accept(header: str) -> list[MediaRange]:
    """The media ranges of an Accept header; malformed entries are skipped."""
    ranges = []
    for entry in header.split(","):
        media, *params = (part.strip() for part in entry.split(";"))
        kind, slash, sub = media.lower().partition("/")
        if not slash or not kind or not sub:
            continue
        ranges.append(MediaRange(kind, sub, _quality(params)))
    return ranges


def _quality(params: Sequence[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return min(1.0, max(0.0, float(value)))
            except ValueError:
                return 0.0
    return 1.0


def choose(accept: str | None, offers: Mapping[str, str]) -> str | None:
    """The served media type best fitting ``accept``; ``None`` when nothing is acceptable.

    Ties go to the earlier offer, so the order of ``offers`` is the server's preference.
    """
    if not accept or not accept.strip():
        return next(iter(offers.values()))
    qualities = _qualities(parse_accept(accept))
    best, best_q = None, 0.0
    for offer, served in offers.items():
        q = _quality_of(offer, qualities)
        if q > best_q:
            best, best_q = served, q
    return best


def _qualities(ranges: Sequence[MediaRange]) -> dict[tuple[str, str], float]:
    """The highest q given to each distinct range: one pass, however long the header (a
    100 kB Accept costs milliseconds, and no entry is ignored)."""
    qualities: dict[tuple[str, str], float] = {}
    for r in ranges:
        key = (r.type, r.subtype)
        qualities[key] = max(r.q, qualities.get(key, 0.0))
    return qualities


def _quality_of(offer: str, qualities: Mapping[tuple[str, str], float]) -> float:
    """The q of the most specific range matching ``offer`` (``type/sub``, ``type/*``, ``*/*``)."""
    kind, _, sub = offer.partition("/")
    for key in ((kind, sub), (kind, "*"), ("*", "*")):
        if key in qualities:
            return qualities[key]
    return 0.0


def from_format(name: str, offers: Mapping[str, str], graph: bool = False) -> str | None:
    """The media type named by ``?format=`` (a short name or a media type), if offered."""
    media = FORMAT_NAMES.get(name.strip().lower(), name.strip().lower())
    if graph:
        media = _GRAPH_RENAMES.get(media, media)
    return offers.get(media)


def is_known_format(name: str) -> bool:
    """Whether ``name`` names a format this server writes (for some query form).

    >>> is_known_format("csv"), is_known_format("json-ld"), is_known_format("sparql-foo")
    (True, True, False)
    """
    media = FORMAT_NAMES.get(name.strip().lower(), name.strip().lower())
    return media in TABULAR or media in RDF or media == HTML


def format_choice(
    values: Sequence[str], offers: Mapping[str, str], graph: bool
) -> tuple[str | None, list[str]]:
    """The first ``format=`` value (or comma-separated media type in one) that is offered,
    and the known formats asked for that are not offered for this query form.

    Clients repeat the parameter: SPARQLWrapper sends ``format=json-ld`` and
    ``format=application/ld+json,application/x-json+ld``. A value nobody knows is ignored
    (the Accept header decides), as other endpoints do.

    >>> format_choice(["json-ld", "application/ld+json,application/x-json+ld"], RDF, True)
    ('application/ld+json', [])
    >>> format_choice(["csv"], RDF, True)
    (None, ['csv'])
    >>> format_choice(["sparql-results-foo"], RDF, True)
    (None, [])
    """
    refused: list[str] = []
    for value in values:
        for name in (part.strip() for part in value.split(",")):
            if not name:
                continue
            chosen = from_format(name, offers, graph)
            if chosen is not None:
                return chosen, []
            if is_known_format(name):
                refused.append(name)
    return None, refused
