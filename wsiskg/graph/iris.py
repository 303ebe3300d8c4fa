"""Every IRI wsiskg mints, in one place (the contract of ``docs/decisions/0001``).

IRIs are derived from the text only: the document's slug, language and version come from
``corpus/manifest.toml`` when the file is listed there (matched by sha256, else by file name),
otherwise from the file name and the first 12 hex digits of the file's sha256. Nothing here
uses a counter or randomness, so two builds of the same text mint the same IRIs.

>>> m = IriMinter("https://w3id.org/wsiskg/", "tunis-draft", "eng", "2005")
>>> str(m.paragraph("7"))
'https://w3id.org/wsiskg/id/doc/tunis-draft/eng/2005/para_7'
>>> str(m.span(1055, 1079))
'https://w3id.org/wsiskg/id/doc/tunis-draft/eng/2005/txt#char=1055,1079'
>>> str(m.assignment("gha", "C7", "E-health", "WHO", "coordinator"))
'https://w3id.org/wsiskg/id/doc/tunis-draft/annex-proposal/gha/assignment/C7/e-health/who/coordinator'
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import URIRef

from wsiskg.errors import BuildError
from wsiskg.graph.countries import COUNTRY_CODES
from wsiskg.resources import data_path

DEFAULT_LANGUAGE = "eng"
#: Every resource of one document has an IRI under ``{base}id/doc/{slug}`` (see IriMinter.work).
DOCUMENT_PATH = "/id/doc/"
VERSION_HASH_DIGITS = 12
GRAPH_NAMES = (
    "structure",
    "spans",
    "statements",
    "assignments-explicit",
    "assignments-inherited",
    "actors",
    "schemes",
    "provenance",
    "ontology",
    "inferred",
    "versions",
)

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case ASCII with runs of anything else as ``-`` (accents folded first).

    >>> slugify("UN Regional Commissions (UN RCs)")
    'un-regional-commissions-un-rcs'
    >>> slugify("Côte d'Ivoire")
    'cote-d-ivoire'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", folded.lower()).strip("-")


def proponent_code(proponent: str) -> str:
    """ISO 3166-1 alpha-3 (lower case) for a country, else the proponent's slug.

    >>> proponent_code("Russian Federation"), proponent_code("Ghana")
    ('rus', 'gha')
    >>> proponent_code("Group of 77 and China")
    'group-of-77-and-china'
    """
    code = _COUNTRY_BY_SLUG.get(slugify(proponent))
    if code is not None:
        return code.lower()
    slug = slugify(proponent)
    if not slug:
        raise BuildError(f"proponent {proponent!r} yields an empty IRI segment")
    return slug


def country_code(name: str) -> str | None:
    """The ISO 3166-1 alpha-3 code (upper case) of a country name, None for anything else.

    >>> country_code("Brazil"), country_code("European Union")
    ('BRA', None)
    """
    return _COUNTRY_BY_SLUG.get(slugify(name))


def proposal_code(proponent: str | None, annex: str) -> str:
    """The last IRI segment of a proposal: its proponent's code, else ``annex-{letter}``.

    >>> proposal_code("Ghana", "B"), proposal_code(None, "C")
    ('gha', 'annex-c')
    """
    if proponent is None or not slugify(proponent):
        return f"annex-{slugify(annex)}"
    return proponent_code(proponent)


_COUNTRY_BY_SLUG = {slugify(name): code for name, code in COUNTRY_CODES.items()}


@dataclass(frozen=True)
class DocumentIdentity:
    """What names a document in IRIs (slug, language, version) plus manifest metadata."""

    slug: str
    lang: str
    version: str
    title: str | None = None
    listed: bool = False  # True when the identity comes from the manifest
    # a version of a series: its annex proposals belong to the version, not to the work,
    # so that each draft's tables stay apart
    in_series: bool = False


def paragraph_eid(number: str) -> str:
    """Akoma Ntoso style element id of a paragraph (``para_7``)."""
    return f"para_{slugify(number)}"


def item_eid(number: str, label: str) -> str:
    """Element id of a lettered item (``para_7__list_1__item_a``)."""
    return f"{paragraph_eid(number)}__list_1__item_{slugify(label)}"


def continuation_eid(number: str, k: int) -> str:
    """Element id of the k-th continuation block of a paragraph (``para_41__cont_1``)."""
    return f"{paragraph_eid(number)}__cont_{k}"


def load_manifest(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """The corpus manifest (file name -> metadata); empty when there is none."""
    manifest = path if path is not None else data_path("corpus") / "manifest.toml"
    if not manifest.is_file():
        return {}
    try:
        with manifest.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise BuildError(f"{manifest}: not valid TOML: {exc}") from exc
    return {name: entry for name, entry in data.items() if isinstance(entry, dict)}


def document_identity(
    path: Path, sha256: str, manifest: Mapping[str, Mapping[str, Any]] | None = None
) -> DocumentIdentity:
    """The identity of the text at ``path``: from its manifest entry, else derived.

    The entry is found by the text's sha256 first (a copy under another name is the same
    text), then by file name when the entry pins no sha256.
    """
    entries = load_manifest() if manifest is None else manifest
    entry = _manifest_entry(path, sha256, entries)
    if entry is None:
        return DocumentIdentity(
            slug=slugify(path.stem) or "doc",
            lang=DEFAULT_LANGUAGE,
            version=sha256[:VERSION_HASH_DIGITS],
        )
    return DocumentIdentity(
        slug=slugify(str(entry["slug"])),
        lang=str(entry.get("language", DEFAULT_LANGUAGE)),
        version=slugify(str(entry.get("version", sha256[:VERSION_HASH_DIGITS]))),
        title=str(entry["title"]) if "title" in entry else None,
        listed=True,
    )


def _manifest_entry(
    path: Path, sha256: str, entries: Mapping[str, Mapping[str, Any]]
) -> Mapping[str, Any] | None:
    for entry in entries.values():
        if entry.get("sha256") == sha256 and "slug" in entry:
            return entry
    named = entries.get(path.name)
    if named is not None and "slug" in named and "sha256" not in named:
        return named
    return None


@dataclass(frozen=True)
class BaseIris:
    """IRIs that do not depend on a document: graphs, vocabularies, actors."""

    base: str

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            raise BuildError(f"base IRI {self.base!r} must end with '/' or '#'")

    def _iri(self, *segments: str) -> URIRef:
        return URIRef(self.base + "/".join(segments))

    def from_path(self, path: str) -> URIRef:
        """An IRI from a path relative to the base, as the Lexicon gives them (``id/org/who``)."""
        if not path or path.startswith(("/", "http:", "https:")):
            raise BuildError(f"{path!r} is not a path relative to the base IRI")
        return URIRef(self.base + path)

    def graph(self, name: str) -> URIRef:
        """A named graph ``{base}graph/{name}``."""
        if name not in GRAPH_NAMES:
            raise BuildError(f"unknown named graph {name!r}")
        return self._iri("graph", name)

    def action_line(self, code: str, subline: str | None = None) -> URIRef:
        """An action line (``C7``), C7 sub-line (``C7/e-health``) or section (``B``)."""
        if subline is None:
            return self._iri("id", "action-line", code)
        return self._iri("id", "action-line", code, slugify(subline))

    def org(self, name: str) -> URIRef:
        """An agency by its acronym (``org/itu``, ``org/un-rcs``)."""
        return self._iri("id", "org", slugify(name))

    def actor(self, name: str) -> URIRef:
        """A group or stakeholder category (``actor/governments``)."""
        return self._iri("id", "actor", slugify(name))

    def post(self, name: str) -> URIRef:
        """A post (``post/un-secretary-general``)."""
        return self._iri("id", "post", slugify(name))

    def modality(self, verb: str) -> URIRef:
        """A modality concept (``modality/call-upon``)."""
        return self._iri("id", "modality", slugify(verb))

    def level(self, level: str) -> URIRef:
        """A level concept (``level/national``)."""
        return self._iri("id", "level", slugify(level))

    def level_basis(self, basis: str) -> URIRef:
        """Why an element is at a level (``level-basis/heading``)."""
        return self._iri("id", "level-basis", slugify(basis))

    def role(self, role: str) -> URIRef:
        """A role concept (``role/coordinator``)."""
        return self._iri("id", "role", slugify(role))

    def scheme(self, name: str) -> URIRef:
        """A SKOS concept scheme (``scheme/roles``)."""
        return self._iri("id", "scheme", slugify(name))

    def org_kind(self, kind: str) -> URIRef:
        """An organisation kind concept (``org-kind/organization``)."""
        return self._iri("id", "org-kind", slugify(kind))

    def basis(self, basis: str) -> URIRef:
        """An assignment basis (``basis/explicit``, ``basis/inherited``)."""
        return self._iri("id", "basis", slugify(basis))

    def country(self, iso3: str) -> URIRef:
        """A country by ISO 3166-1 alpha-3 (``country/gha``), as added by decision 0002."""
        return self._iri("id", "country", iso3.lower())

    def proponent(self, name: str) -> URIRef:
        """The actor proposing an annex: a country when the table knows it, else an actor."""
        code = _COUNTRY_BY_SLUG.get(slugify(name))
        return self.country(code) if code is not None else self.actor(name)

    def cell_status(self, status: str) -> URIRef:
        """A cell status concept (``cell-status/blank``)."""
        return self._iri("id", "cell-status", slugify(status))

    def date_role(self, role: str) -> URIRef:
        """What a printed date is (``date-role/event``)."""
        return self._iri("id", "date-role", slugify(role))

    def instant(self, year: int, month: int | None = None) -> URIRef:
        """A ``time:Instant`` of a year (``time/2015``) or a month (``time/2006-07``)."""
        stamp = f"{year:04d}" if month is None else f"{year:04d}-{month:02d}"
        return self._iri("id", "time", stamp)

    def build_activity(self, digest: str) -> URIRef:
        """The PROV activity of one build, named by the digest of its inputs."""
        return self._iri("id", "build", digest[:VERSION_HASH_DIGITS])

    def software(self, tool: str, version: str) -> URIRef:
        """A tool at a version, the PROV software agent of builds (``software/rdflib/7.6.0``)."""
        return self._iri("id", "software", slugify(tool), slugify(version))

    def dataset(self) -> URIRef:
        """The VoID/DCAT description of the whole built dataset."""
        return self._iri("id", "dataset")


@dataclass(frozen=True)
class IriMinter(BaseIris):
    """IRIs of one document version and everything in it."""

    slug: str
    lang: str
    version: str
    in_series: bool = False

    @classmethod
    def for_identity(cls, base: str, identity: DocumentIdentity) -> IriMinter:
        """The minter of a document identity."""
        return cls(base, identity.slug, identity.lang, identity.version, identity.in_series)

    def _in_version(self, local: str) -> URIRef:
        return URIRef(f"{self.expression()}/{local}")

    def work(self) -> URIRef:
        """The document as a work (``id/doc/tunis-draft``)."""
        return self._iri("id", "doc", self.slug)

    def expression(self) -> URIRef:
        """The language version (``id/doc/tunis-draft/eng/2005``)."""
        return URIRef(f"{self.work()}/{self.lang}/{self.version}")

    def text(self) -> URIRef:
        """The source text, the NIF context of every span."""
        return self._in_version("txt")

    def span(self, begin: int, end: int) -> URIRef:
        """A text span by RFC 5147 offsets (0-based, end-exclusive)."""
        return URIRef(f"{self.text()}#char={begin},{end}")

    def chapter(self, ordinal: int) -> URIRef:
        """A chapter by its ordinal (``chp_4``)."""
        return self._in_version(f"chp_{ordinal}")

    def paragraph(self, number: str) -> URIRef:
        """A numbered paragraph (``para_7``)."""
        return self._in_version(paragraph_eid(number))

    def item(self, number: str, label: str) -> URIRef:
        """A lettered item (``para_7__list_1__item_a``)."""
        return self._in_version(item_eid(number, label))

    def continuation(self, number: str, k: int) -> URIRef:
        """The k-th (1-based) continuation block of a paragraph (``para_41__cont_1``)."""
        return self._in_version(continuation_eid(number, k))

    def alternative_set(self, begin: int, end: int) -> URIRef:
        """A set of alternative wordings by the offsets of the group."""
        return self._in_version(f"alternatives/{begin}-{end}")

    def alternative(self, begin: int, end: int, position: int) -> URIRef:
        """The option at ``position`` (1-based, printed order) of an alternative set."""
        return URIRef(f"{self.alternative_set(begin, end)}/{position}")

    def proposal(self, code: str) -> URIRef:
        """An annex proposal by proponent code (see :func:`proponent_code`); under the
        version when the document is one version of a series."""
        owner = self.expression() if self.in_series else self.work()
        return URIRef(f"{owner}/annex-proposal/{code}")

    def alignment(self, since: str, old: str | None, new: str | None) -> URIRef:
        """How an element of version ``since`` reappears in this one, by element ids."""
        local = old if old is not None else f"added/{new}"
        return self._in_version(f"alignment/{since}/{local}")

    def bracket_fate(self, since: str, begin: int, end: int) -> URIRef:
        """What this version did with the bracket at ``begin``-``end`` of version ``since``."""
        return self._in_version(f"bracket-fate/{since}/{begin}-{end}")

    def assignment_change(
        self, since: str, code: str, action_line: str, subline: str | None
    ) -> URIRef:
        """A proposal's change of bodies on one line since version ``since``."""
        return self._in_version(
            f"assignment-change/{since}/{code}/{_line_path(action_line, subline)}"
        )

    def survival(self, code: str, action_line: str | None = None, sub: str | None = None) -> URIRef:
        """A proposal's survival in the adopted table (per line when a line is given)."""
        node = f"{self.proposal(code)}/survival"
        return URIRef(node if action_line is None else f"{node}/{_line_path(action_line, sub)}")

    def row(self, code: str, action_line: str, subline: str | None = None) -> URIRef:
        """A row of a proposal's table (``row/C7`` or ``row/C7/e-health``)."""
        return URIRef(f"{self.proposal(code)}/row/{_line_path(action_line, subline)}")

    def cell(self, code: str, action_line: str, subline: str | None = None) -> URIRef:
        """The coordinator cell of a row."""
        return URIRef(f"{self.row(code, action_line, subline)}/cell")

    def assignment(
        self, code: str, action_line: str, subline: str | None, agency: str, role: str
    ) -> URIRef:
        """An assignment of an agency (acronym or slug) in a role to an action line."""
        line = _line_path(action_line, subline)
        return URIRef(f"{self.proposal(code)}/assignment/{line}/{slugify(agency)}/{slugify(role)}")

    def commitment(self, number: str, item: str | None, k: int) -> URIRef:
        """The k-th (1-based) commitment stated in a paragraph or item."""
        local = f"para_{slugify(number)}" + (f"__item_{slugify(item)}" if item else "")
        return self._in_version(f"commitment/{local}/{k}")

    def reference(self, e_id: str, k: int) -> URIRef:
        """The k-th (1-based) cross-reference in the element with this eId (decision 0002)."""
        return self._in_version(f"reference/{e_id}/{k}")


def _line_path(action_line: str, subline: str | None) -> str:
    return action_line if subline is None else f"{action_line}/{slugify(subline)}"
