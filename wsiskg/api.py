"""The facade researchers, the CLI and the server use: one knowledge graph, asked in Python.

>>> import wsiskg
>>> kg = wsiskg.load()                                     # the shipped corpus (built once, cached)
>>> sorted((a.proponent, a.agency_label) for a in kg.coordinators("e-health"))
[('Ghana', 'WHO'), ('Russian Federation', 'ITU'), ('Russian Federation', 'WHO')]
>>> kg.query("SELECT ?n WHERE { ?p a wsis:Paragraph ; wsis:number ?n } ORDER BY ?n LIMIT 1")[0]
{'n': '1'}

Action lines, agencies, proposals, levels and modalities are accepted by code, label or
alias (``"e-health"``, ``"C7 E-health"``, ``"WHO"``, ``"World Health Organization"``,
``"Ghana"``, ``"B"``), resolved through the SKOS labels *in the graph* — extend the
vocabularies and the API understands the new names.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib

from wsiskg.config import get_settings
from wsiskg.errors import QueryError, QuerySyntaxError
from wsiskg.graph.rdf_files import ox_term
from wsiskg.namespaces import PREFIXES
from wsiskg.pipeline import cache
from wsiskg.query import answers, series
from wsiskg.query.answers import (
    Assignment,
    Commitment,
    ContestedSpan,
    ItemView,
    ParagraphView,
)
from wsiskg.query.comparison import QUERY_NAME as COMPARISON_QUERY
from wsiskg.query.comparison import LineComparison, compare
from wsiskg.query.export import export as export_dataset
from wsiskg.query.formats import QueryResult
from wsiskg.query.names import Resolver
from wsiskg.query.registry import PLAIN_KINDS, Query, plain_term, registry
from wsiskg.query.results import Results
from wsiskg.query.store import Store
from wsiskg.query.syntax import predeclare
from wsiskg.sparql import paged, with_values
from wsiskg.versions import CurvePoint

__all__ = [
    "KG",
    "Assignment",
    "Commitment",
    "ContestedSpan",
    "ItemView",
    "LineComparison",
    "Page",
    "ParagraphView",
    "load",
]

Progress = Callable[[str], None]

#: SPARQL prefixes every query sent through :meth:`KG.query` may use without declaring them.
QUERY_PREFIXES = {name: str(namespace) for name, namespace in PREFIXES.items()}


def load(
    source: str | Path | Iterable[str | Path] | None = None,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> KG:
    """The knowledge graph of ``source``:

    - ``None``: the shipped corpus;
    - a build directory (holding ``dataset.nq``): that build, as it is;
    - one or more negotiation texts: built once into a cache directory
      (``$WSISKG_CACHE_DIR``, else ``~/.cache/wsiskg``) keyed by their content and the code;
    - RDF files (``.nq``, ``.trig``, ``.ttl``, …): loaded as they are.
    """
    paths = _source_paths(source)
    if len(paths) == 1 and paths[0].is_dir():
        return _open_build(paths[0])
    if paths and all(cache.is_rdf(p) for p in paths):
        return KG(Store.from_files(paths, _base_iri()))
    built = cache.ensure_build(paths, get_settings(), rebuild=rebuild, progress=progress)
    return _open_build(built)


def _open_build(build_dir: Path) -> KG:
    settings = get_settings()
    memory = settings.memory_store_mb * 2**20
    return KG(Store.from_build(build_dir, (), settings.base_iri, memory_bytes=memory), build_dir)


def _base_iri() -> str:
    return get_settings().base_iri


def _source_paths(source: str | Path | Iterable[str | Path] | None) -> list[Path]:
    if source is None:
        from wsiskg.resources import corpus_files

        return corpus_files()
    if isinstance(source, str | Path):
        return [Path(source)]
    return [Path(item) for item in source]


@dataclass(frozen=True)
class Page:
    """One page of a large answer: at most ``limit`` rows after ``offset``, and only the rows
    naming a resource of ``document`` (a slug like ``tunis-draft``, or an IRI) when given.

    >>> Page(limit=20, offset=40).is_whole
    False
    """

    limit: int | None = None
    offset: int = 0
    document: str | None = None

    @property
    def is_whole(self) -> bool:
        """Whether this page is the whole answer (nothing to cut)."""
        return self.limit is None and not self.offset and self.document is None


class KG:
    """A loaded knowledge graph: SPARQL, the named research queries and domain methods."""

    def __init__(self, store: Store, build_dir: Path | None = None) -> None:
        self.store = store
        self.build_dir = build_dir
        self._resolver = Resolver(self._select)

    def __repr__(self) -> str:
        where = f" from {self.build_dir}" if self.build_dir else ""
        return f"<KG {len(self.store):,} quads{where}>"

    def __len__(self) -> int:
        return len(self.store)

    # --- SPARQL -------------------------------------------------------------------------

    def query(self, sparql: str, **bindings: object) -> Results:
        """Run a SELECT query; keyword arguments bind variables (``kg.query(q, n="7")``).

        Common prefixes (``wsis:``, ``skos:``, ``pro:``, ``nif:``, …) need no declaration.
        Values are bound as RDF terms, never pasted into the query text.
        """
        terms = {name: to_term(value) for name, value in bindings.items() if value is not None}
        return self._select(with_values(sparql, terms))

    def run(
        self, query: str, params: Mapping[str, str] | None = None, page: Page | None = None
    ) -> answers.Answer:
        """Run a named query, a ``.rq`` file or SPARQL text with ``name=value`` parameters
        (what ``wsiskg query`` does); any query form. ``page`` cuts a SELECT to one page of
        rows (and to one document's rows)."""
        named = _find_query(query)
        if named is not None:
            text = with_values(named.text, self.arguments(named, params or {}))
        else:
            text = with_values(_read_query_text(query), _plain_bindings(params or {}))
        return answers.Answer(self._execute(self.paged(text, page)))

    def named(self, name: str, **params: str | None) -> Results:
        """Run a query of ``queries/`` by name, parameters given as text (resolved by kind)."""
        return self.named_page(name, None, **params)

    def named_page(self, name: str, page: Page | None, **params: str | None) -> Results:
        """:meth:`named`, one ``page`` (limit, offset, document) of a large answer."""
        query = registry().get(name)
        given = {key: value for key, value in params.items() if value is not None}
        text = with_values(query.text, self.arguments(query, given))
        return self._select(self.paged(text, page))

    def document_iri(self, document: str) -> str:
        """The IRI a document filter keeps rows under: an IRI as given, else the work of
        that slug (``tunis-draft`` -> ``{base}id/doc/tunis-draft``: all its versions)."""
        if re.match(r"^https?://", document):
            return document
        from wsiskg.graph.iris import slugify

        return f"{self.store.base_iri}id/doc/{slugify(document)}"

    def paged(self, text: str, page: Page | None) -> str:
        """``text`` cut to ``page`` (nothing to cut: as it is)."""
        if page is None or page.is_whole:
            return text
        within = self.document_iri(page.document) if page.document else None
        return paged(text, limit=page.limit, offset=page.offset, within=within)

    def arguments(
        self, query: Query, given: Mapping[str, str]
    ) -> dict[str, ox.NamedNode | ox.Literal]:
        """The RDF terms for a named query's parameters: defaults filled, names resolved."""
        bound: dict[str, ox.NamedNode | ox.Literal] = {}
        for name, text in query.arguments(given).items():
            parameter = query.parameter(name)
            if parameter.kind in PLAIN_KINDS:
                bound[name] = plain_term(parameter, text)  # type: ignore[assignment]
            else:
                bound[name] = self.resolve(parameter.kind, text)
        return bound

    def resolve(self, kind: str, text: str) -> ox.NamedNode:
        """The resource of ``kind`` (action-line, agency, actor, proposal, paragraph, level,
        modality) named by ``text`` — a code, label, alias or IRI from the graph."""
        return self._resolver.resolve(kind, text)

    def _select(self, text: str) -> Results:
        result = self._execute(text)
        if result.form != "SELECT":
            raise QueryError(f"expected a SELECT query, got {result.form}; use KG.run()")
        return Results(result.variables, result.rows)

    def _execute(self, text: str) -> QueryResult:
        """Run a query with the common prefixes declared; syntax errors keep the positions
        of the text the caller wrote."""
        query = predeclare(text, self.prefixes())
        try:
            return self.store.query(query.text)
        except QuerySyntaxError as error:
            raise query.located(error) from None

    # --- domain questions ---------------------------------------------------------------

    def coordinators(
        self, action_line: str = "e-health", proposal: str | None = None
    ) -> list[Assignment]:
        """Who coordinates ``action_line`` in each proposal (or in ``proposal`` only)."""
        rows = self.named("coordinators_of", action_line=action_line, proposal=proposal)
        return [answers.assignment(row) for row in rows]

    def compare_proposals(self) -> list[LineComparison]:
        """Every action line the proposals list, what each assigns to it, and whether they agree."""
        tables = compare(self.named(COMPARISON_QUERY))
        return [line for table in tables for line in table.line_comparisons()]

    def commitments(
        self, actor: str | None = None, level: str | None = None, modality: str | None = None
    ) -> list[Commitment]:
        """Commitments, optionally only those addressed to ``actor``, at ``level``, or with
        the operative verb or speech-act category ``modality``."""
        rows = self.named("commitments", actor=actor, level=level, modality=modality)
        return [answers.commitment(row) for row in rows]

    def contested(self, paragraph: str | int | None = None) -> list[ContestedSpan]:
        """Bracketed passages (all, or those of one paragraph), in text order."""
        number = None if paragraph is None else str(paragraph)
        return [
            answers.contested_span(row) for row in self.named("contested_text", paragraph=number)
        ]

    def paragraph(self, number: str | int) -> ParagraphView:
        """A paragraph: its text, items, brackets and commitments."""
        rows = self.named("paragraph_text", paragraph=str(number))
        commitments = tuple(c for c in self.commitments() if c.paragraph == str(number))
        return answers.paragraph_view(rows, tuple(self.contested(number)), commitments)

    # --- drafts as versions (docs/versions.md) -----------------------------------------

    def versions(self) -> list[series.VersionInfo]:
        """Every version of every series built, oldest first (none for texts built alone)."""
        return series.versions(self.named)

    def history(
        self, paragraph: str | int, version: str | None = None
    ) -> list[series.ParagraphState]:
        """A paragraph across the versions of its series, followed by content; ``paragraph``
        is its number as printed in ``version`` (default: the first version)."""
        if version is None:
            known = self.versions()
            if not known:
                raise QueryError("no series in this graph: build drafts as versions first")
            version = known[0].label
        return series.history(self.named, str(paragraph), version)

    def diff(self, old: str, new: str) -> series.Comparison:
        """Two consecutive versions compared: paragraphs, bracket fates, new brackets and
        assignment changes (versions by label, e.g. ``kg.diff("rev1", "rev2")``)."""
        return series.compare(self.named, old, new)

    def bracket_fates(self, old: str, new: str) -> list[series.BracketOutcome]:
        """What version ``new`` did with each bracket of version ``old``."""
        return series.bracket_fates(self.named, old, new)

    def bracket_curve(self) -> list[CurvePoint]:
        """Brackets per version and chapter (the bracket curve)."""
        return series.curve(self.named)

    def survival(self) -> list[series.SurvivalShare]:
        """How much of each earlier proposal the adopted coordinator table keeps."""
        return series.survival(self.named)

    # --- data out -----------------------------------------------------------------------

    def export(self, fmt: str = "trig", graph: str | None = None) -> bytes:
        """The dataset (or one named graph) as ``ttl``, ``nt``, ``nq``, ``trig``, ``jsonld``
        or ``xml``."""
        return export_dataset(self.store.ox_store, fmt, graph)

    def prefixes(self) -> dict[str, str]:
        """Prefixes for compact display: the vocabularies, ``id:`` for data IRIs and
        ``graph:`` for named graphs."""
        base = self.store.base_iri
        return {**QUERY_PREFIXES, "id": f"{base}id/", "graph": f"{base}graph/"}


def to_term(value: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An RDF term for a Python value: pyoxigraph/rdflib terms as they are, ``str`` as a
    plain literal, numbers, booleans and dates as typed literals.

    >>> to_term(7)
    <Literal value=7 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
    >>> to_term("WHO").value
    'WHO'
    """
    if isinstance(value, ox.NamedNode | ox.BlankNode | ox.Literal):
        return value
    if isinstance(value, rdflib.term.Node):
        return ox_term(value)
    if isinstance(value, bool | int | float | Decimal | datetime.date):
        if isinstance(value, Decimal):
            return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "decimal"))
        if isinstance(value, datetime.datetime):
            return ox.Literal(value.isoformat(), datatype=ox.NamedNode(_XSD + "dateTime"))
        if isinstance(value, datetime.date):
            return ox.Literal(value.isoformat(), datatype=ox.NamedNode(_XSD + "date"))
        return ox.Literal(value)
    if isinstance(value, str):
        return ox.Literal(value)
    raise QueryError(f"cannot bind a {type(value).__name__} as an RDF term")


_XSD = "http://www.w3.org/2001/XMLSchema#"


def _find_query(query: str) -> Query | None:
    """The registry query called ``query``; None when it is a file or SPARQL text."""
    if re.fullmatch(r"[\w-]+", query) and not Path(query).is_file():
        return registry().get(query)  # raises with close names when unknown
    return None


def _read_query_text(query: str) -> str:
    path = Path(query)
    if len(query) < 4096 and "\n" not in query and path.suffix in {".rq", ".sparql"}:
        try:
            return path.read_text(encoding="utf-8")
        except OSError as error:
            raise QueryError(f"{path}: cannot read query file: {error.strerror}") from None
    return query


def _plain_bindings(params: Mapping[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Parameters of an ad-hoc query: ``<iri>`` binds an IRI, anything else a plain literal."""
    bound: dict[str, ox.NamedNode | ox.Literal] = {}
    for name, text in params.items():
        if text.startswith("<") and text.endswith(">"):
            try:
                bound[name] = ox.NamedNode(text[1:-1])
            except ValueError as error:
                raise QueryError(f"parameter {name!r}: not an IRI: {error}") from None
        else:
            bound[name] = ox.Literal(text)
    return bound


def format_answer(answer: answers.Answer, fmt: str, prefixes: Mapping[str, str]) -> str:
    """An answer as the CLI prints it."""
    return answer.render(fmt, prefixes)


def load_for_cli(build_dir: Path | None, progress: Progress | None = None) -> KG:
    """The KG the CLI works on: ``build_dir``, else the configured build, else the shipped
    corpus built into the cache."""
    if build_dir is not None:
        return _open_build(build_dir)
    default = get_settings().build_dir
    if cache.has_build(default):
        return _open_build(default)
    if progress is not None:
        progress(f"no build in {default}: using the shipped corpus, built once into the cache")
    return load(progress=progress)


def describe_build(build_dir: Path | None) -> dict[str, Any]:
    """What ``wsiskg info`` reports about a build directory."""
    return cache.describe(build_dir if build_dir is not None else get_settings().build_dir)


def render_info(facts: Mapping[str, Any]) -> str:
    """``wsiskg info`` as text."""
    return cache.render(facts)
