"""The ontology and controlled vocabularies, read from ``ontology/``; the Lexicon for extraction.

The Turtle files are the source of truth. Extraction must not see RDF, so
:func:`load_lexicon` flattens the vocabularies into plain mappings from casefolded surface
forms (``skos:prefLabel``, ``skos:altLabel``, ``wsis:acronym``) to IRI paths relative to the
base, or to concept slugs. ``python -m wsiskg.graph.lexicon`` regenerates
``ontology/wsiskg.nt``, the N-Triples copy owlready2 reads (it cannot parse Turtle).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from wsiskg.config import DEFAULT_BASE_IRI
from wsiskg.errors import VocabularyError
from wsiskg.extract.records import Lexicon
from wsiskg.namespaces import RDF, SKOS, WSIS
from wsiskg.resources import data_path

__all__ = [
    "ONTOLOGY_FILE",
    "ONTOLOGY_NTRIPLES",
    "VOCABULARY_FILES",
    "VocabularyError",
    "build_lexicon",
    "load_lexicon",
    "load_ontology",
    "load_vocabularies",
    "ontology_ntriples",
    "write_ontology_ntriples",
]

ONTOLOGY_FILE = "wsiskg.ttl"
ONTOLOGY_NTRIPLES = "wsiskg.nt"
VOCABULARY_FILES = (
    "action-lines.ttl",
    "actors.ttl",
    "modality.ttl",
    "levels.ttl",
    "schemes.ttl",
    "references.ttl",
)
ACTOR_CLASSES = (
    WSIS.Agency,
    WSIS.AgencyGroup,
    WSIS.StakeholderCategory,
    WSIS.Post,
    WSIS.Country,
    WSIS.Speaker,
)
_LABELS = (SKOS.prefLabel, SKOS.altLabel)


def _parse_turtle(path: Path, graph: Graph | None = None) -> Graph:
    target = graph if graph is not None else Graph()
    if not path.is_file():
        raise VocabularyError(f"{path}: vocabulary file missing")
    try:
        target.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises parser-specific exception types
        raise VocabularyError(f"{path}: not valid Turtle: {exc}") from exc
    return target


def load_ontology() -> Graph:
    """The OWL ontology (``ontology/wsiskg.ttl``) as an rdflib graph."""
    return _parse_turtle(data_path("ontology") / ONTOLOGY_FILE)


def load_vocabularies(base_iri: str = DEFAULT_BASE_IRI) -> Graph:
    """Every controlled vocabulary in one graph, data IRIs rebased to ``base_iri``."""
    graph = Graph()
    folder = data_path("ontology")
    for name in VOCABULARY_FILES:
        _parse_turtle(folder / name, graph)
    if base_iri == DEFAULT_BASE_IRI:
        return graph
    rebased = Graph()
    for s, p, o in graph:
        rebased.add((_rebase(s, base_iri), p, _rebase(o, base_iri)))
    return rebased


def _rebase(node: Node, base_iri: str) -> Node:
    old = DEFAULT_BASE_IRI + "id/"
    if isinstance(node, URIRef) and node.startswith(old):
        return URIRef(base_iri + "id/" + node[len(old) :])
    return node


def _surface(label: Node) -> str:
    """The lexicon key of a label: casefolded, white space collapsed."""
    return " ".join(str(label).split()).casefold()


def _relative(iri: Node, base_iri: str) -> str:
    text = str(iri)
    if not text.startswith(base_iri):
        raise VocabularyError(f"{text} is not under the base IRI {base_iri}")
    return text[len(base_iri) :]


def _add_form(table: dict[str, str], form: str, value: str, what: str) -> None:
    known = table.setdefault(form, value)
    if known != value:
        raise VocabularyError(f"{what} surface form {form!r} names both {known} and {value}")


def _typed(graph: Graph, classes: Iterable[URIRef]) -> list[Node]:
    found = {s for cls in classes for s in graph.subjects(RDF.type, cls)}
    return sorted(found, key=str)


def _label_table(
    graph: Graph, subjects: Iterable[Node], value_of: dict[Node, str], what: str
) -> dict[str, str]:
    table: dict[str, str] = {}
    for subject in subjects:
        for predicate in (*_LABELS, WSIS.acronym):
            for label in graph.objects(subject, predicate):
                _add_form(table, _surface(label), value_of[subject], what)
    return table


def _actor_table(graph: Graph, base_iri: str) -> tuple[dict[str, str], frozenset[str]]:
    actors = _typed(graph, ACTOR_CLASSES)
    paths = {actor: _relative(actor, base_iri) for actor in actors}
    table = _label_table(graph, actors, paths, "actor")
    _refuse_joined_names(table)
    acronyms = frozenset(
        _surface(acronym) for actor in actors for acronym in graph.objects(actor, WSIS.acronym)
    )
    return table, acronyms


def _refuse_joined_names(table: dict[str, str]) -> None:
    """A slash between two names joins two bodies ("ITU/WSIS-ES", "UNESCO/ITU"): extraction
    finds each one, so a label that joins known names would hide all but one of them."""
    for form, value in table.items():
        parts = [part.strip() for part in form.split("/")]
        if len(parts) > 1 and all(part in table for part in parts):
            raise VocabularyError(
                f"actor label {form!r} of {value} joins the names {parts} with '/': "
                "each is found on its own, so drop the joined label"
            )


def _slug(iri: Node) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def _modality_table(graph: Graph) -> dict[str, str]:
    """Verb concepts only: the speech-act categories (top concepts) are not verbs."""
    verbs = [m for m in _typed(graph, (WSIS.Modality,)) if (m, SKOS.broader, None) in graph]
    return _label_table(graph, verbs, {verb: _slug(verb) for verb in verbs}, "modality")


def _category_slugs(graph: Graph, category: str) -> frozenset[str]:
    """The verbs of one speech-act category: "directive" verbs (encourage, invite, request…)
    take addressees; "deontic" auxiliaries (should, may…) state provisions."""
    top = next((m for m in _typed(graph, (WSIS.Modality,)) if _slug(m) == category), None)
    if top is None:
        return frozenset()
    return frozenset(_slug(verb) for verb in graph.subjects(SKOS.broader, top))


def _level_table(graph: Graph) -> dict[str, str]:
    levels = _typed(graph, (WSIS.Level,))
    return _label_table(graph, levels, {level: _slug(level) for level in levels}, "level")


def _reference_table(graph: Graph, base_iri: str) -> dict[str, str]:
    works = _typed(graph, (WSIS.ReferencedWork,))
    paths = {work: _relative(work, base_iri) for work in works}
    return _label_table(graph, works, paths, "reference")


def _speaker(graph: Graph, base_iri: str) -> str:
    speakers = _typed(graph, (WSIS.Speaker,))
    if len(speakers) != 1:
        raise VocabularyError(f"expected one wsis:Speaker in the actors, found {len(speakers)}")
    return _relative(speakers[0], base_iri)


def build_lexicon(graph: Graph, base_iri: str = DEFAULT_BASE_IRI) -> Lexicon:
    """Flatten vocabulary ``graph`` (IRIs under ``base_iri``) into extraction's Lexicon."""
    actors, acronyms = _actor_table(graph, base_iri)
    return Lexicon(
        actors=actors,
        modalities=_modality_table(graph),
        levels=_level_table(graph),
        references=_reference_table(graph, base_iri),
        capitalised=acronyms,
        directives=_category_slugs(graph, "directive"),
        speaker=_speaker(graph, base_iri),
        deontic=_category_slugs(graph, "deontic"),
    )


def load_lexicon() -> Lexicon:
    """The Lexicon of the shipped vocabularies (paths are relative, so the base is moot).

    >>> lexicon = load_lexicon()
    >>> lexicon.actors["world health organization"], lexicon.actors["who"]
    ('id/org/who', 'id/org/who')
    >>> lexicon.modalities["call on"], lexicon.levels["nationally"]
    ('call-upon', 'national')
    """
    return build_lexicon(load_vocabularies())


def ontology_ntriples() -> str:
    """The ontology as sorted N-Triples with canonical blank-node labels (stable output)."""
    canonical = to_canonical_graph(load_ontology())
    lines = canonical.serialize(format="nt").splitlines()
    return "\n".join(sorted(line for line in lines if line.strip())) + "\n"


def write_ontology_ntriples(path: Path | None = None) -> Path:
    """(Re)write the N-Triples copy of the ontology that owlready2 loads."""
    target = path if path is not None else data_path("ontology") / ONTOLOGY_NTRIPLES
    target.write_text(ontology_ntriples(), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(write_ontology_ntriples())
