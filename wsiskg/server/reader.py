"""The reader view: a draft as a person reads it, with what the graph knows marked in the text.

``/read`` lists the document versions; ``/read/{version}`` shows one: its outline (chapters,
paragraphs, items) in document order beside the text, brackets shaded by depth, alternatives,
level phrases and headings marked, operative verbs linked to a note on their commitment
(modality, addressees, level, deadline), actor mentions linked to the actor, previous/next
links and a "cite" box per paragraph. Everything comes from ``queries/views/reader_*.rq``
and the library's ``commitments`` query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Request, Response

from wsiskg.api import KG
from wsiskg.query.registry import views
from wsiskg.server.rendering import render
from wsiskg.server.resource_view import composed_title, label, select, value_of
from wsiskg.server.state import ServerState, get_state
from wsiskg.sparql import with_values

router = APIRouter(tags=["web UI"])
_IS_STRING = ox.NamedNode("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString")


@dataclass(frozen=True)
class Mark:
    """A marked stretch of the text (bracket, alternative, level, heading, commitment, mention)."""

    begin: int
    end: int
    kind: str
    depth: int = 0
    target: str = ""
    label: str = ""


@dataclass(frozen=True)
class Piece:
    """A run of text under the same marks."""

    text: str
    classes: tuple[str, ...]
    commitment: str = ""  # the IRI of the commitment whose operative verb this is
    mention: Mark | None = None
    anchor: str = ""  # an item starts here


@dataclass
class Part:
    """A chapter, paragraph or item of the outline."""

    iri: str
    kind: str
    label: str
    begin: int
    end: int
    parent: str
    children: list[Part] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """The id of its place in the reader (the last part of its IRI: ``para_7``)."""
        return self.iri.rsplit("/", 1)[-1]


@dataclass
class Block:
    """A paragraph of the reader (or the text between two paragraphs)."""

    part: Part | None
    pieces: list[Piece]
    commitments: list[dict[str, object]] = field(default_factory=list)
    previous: Part | None = None
    next: Part | None = None
    text: str = ""


@router.get("/read", include_in_schema=False)
def versions(request: Request) -> Response:
    """The document versions there are to read."""
    state = get_state(request)
    rows = select(state.store, views().get("reader_versions").text)
    found = [(value_of(r["version"]), value_of(r["title"])) for r in rows]
    listed = [(state.iris.local_path(iri) or iri, title) for iri, title in found]
    return render(request, "read_index.html", state, {"versions": listed})


@router.get("/read/{path:path}", include_in_schema=False)
def reader(request: Request, path: str) -> Response:
    """One version in the reader view."""
    state = get_state(request)
    version = state.iris.iri_for("/id/" + path)
    parts, source = outline(state, version)
    if not parts:
        raise HTTPException(404, f"no document version <{version}> to read")
    blocks = reading(state, version, parts, source)
    chapters = [p for p in parts if p.kind == "chapter"]
    loose = [p for p in parts if p.kind == "paragraph" and not p.parent]
    context = {
        "version": version,
        "title": _title(state, version),
        "chapters": chapters,
        "loose": loose,
        "blocks": blocks,
        "local": state.iris.local_path(version),
    }
    return render(request, "reader.html", state, context)


def outline(state: ServerState, version: str) -> tuple[list[Part], str]:
    """Chapters, paragraphs and items in document order (items under their paragraph,
    paragraphs under their chapter), and the IRI of the version's source text."""
    text = with_values(views().get("reader_outline").text, {"version": ox.NamedNode(version)})
    rows = select(state.store, text)
    parts = [
        Part(
            value_of(r["part"]),
            value_of(r["kind"]),
            value_of(r["label"]),
            int(value_of(r["begin"])),
            int(value_of(r["end"])),
            value_of(r.get("parent")),
        )
        for r in rows
    ]
    by_iri = {p.iri: p for p in parts}
    for part in parts:
        if part.parent in by_iri:
            by_iri[part.parent].children.append(part)
    return parts, value_of(rows[0]["source"]) if rows else ""


def _title(state: ServerState, version: str) -> str:
    node = ox.NamedNode(version)
    return label(state.store, node) or composed_title(state.store, node) or version


def reading(state: ServerState, version: str, parts: list[Part], source: str) -> list[Block]:
    """The blocks of the reader: each paragraph, and the text between paragraphs."""
    full = _object_text(state, source)
    marks = _marks(state, version)
    notes = _commitment_notes(state)
    paragraphs = [p for p in parts if p.kind == "paragraph"]
    items = {p.begin: p for p in parts if p.kind == "item"}
    blocks: list[Block] = []
    cursor = 0
    for index, paragraph in enumerate(paragraphs):
        if paragraph.begin > cursor and full[cursor : paragraph.begin].strip():
            blocks.append(Block(None, pieces(full, cursor, paragraph.begin, marks, items)))
        block = Block(paragraph, pieces(full, paragraph.begin, paragraph.end, marks, items))
        block.previous = paragraphs[index - 1] if index else None
        block.next = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        block.text = " ".join(full[paragraph.begin : paragraph.end].split())
        verbs = [
            m
            for m in marks
            if m.kind == "commitment" and paragraph.begin <= m.begin < paragraph.end
        ]
        block.commitments = [notes[m.target] for m in verbs if m.target in notes]
        blocks.append(block)
        cursor = max(cursor, paragraph.end)
    if full[cursor:].strip():
        blocks.append(Block(None, pieces(full, cursor, len(full), marks, items)))
    return blocks


def _object_text(state: ServerState, source: str) -> str:
    for quad in state.store.ox_store.quads_for_pattern(ox.NamedNode(source), _IS_STRING, None):
        return value_of(quad.object)
    return ""


def _marks(state: ServerState, version: str) -> list[Mark]:
    text = with_values(views().get("reader_marks").text, {"version": ox.NamedNode(version)})
    return [
        Mark(
            int(value_of(r["begin"])),
            int(value_of(r["end"])),
            value_of(r["kind"]),
            int(value_of(r["depth"]) or 0) if "depth" in r else 0,
            value_of(r.get("target")),
            value_of(r.get("targetLabel")),
        )
        for r in select(state.store, text)
    ]


def _commitment_notes(state: ServerState) -> dict[str, dict[str, object]]:
    """What a click on an operative verb shows, by commitment IRI (library ``commitments``)."""
    rows = KG(state.store).named("commitments")
    return {str(row["commitment"]): dict(row) for row in rows}


def pieces(
    text: str, begin: int, end: int, marks: list[Mark], items: dict[int, Part]
) -> list[Piece]:
    """``text[begin:end]`` cut wherever a mark or an item starts or ends.

    >>> verb = Mark(3, 4, "commitment", target="c")
    >>> marks = [Mark(2, 9, "bracket", 1), Mark(5, 8, "bracket", 2), verb]
    >>> for piece in pieces("a [b [c]] d", 0, 11, marks, {}):
    ...     print(repr(piece.text), piece.classes, piece.commitment or '-')
    'a ' () -
    '[' ('bracket-1',) -
    'b' ('bracket-1',) c
    ' ' ('bracket-1',) -
    '[c]' ('bracket-2',) -
    ']' ('bracket-1',) -
    ' d' () -
    """
    inside = [m for m in marks if m.end > begin and m.begin < end]
    cuts = {begin, end} | {min(end, max(begin, x)) for m in inside for x in (m.begin, m.end)}
    cuts |= {at for at in items if begin <= at < end}
    result = []
    for start, stop in pairwise(sorted(cuts)):
        over = [m for m in inside if m.begin <= start and stop <= m.end]
        depth = max((m.depth for m in over if m.kind == "bracket"), default=0)
        classes = ((f"bracket-{depth}",) if depth else ()) + tuple(
            sorted({m.kind for m in over if m.kind in {"alternative", "level", "heading"}})
        )
        verb = next((m.target for m in over if m.kind == "commitment"), "")
        mention = next((m for m in over if m.kind == "mention"), None)
        anchor = items[start].anchor if start in items else ""
        result.append(Piece(text[start:stop], classes, verb, mention, anchor))
    return result
