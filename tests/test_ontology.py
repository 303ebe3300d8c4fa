"""The OWL ontology: metadata, a label and definition on every term, the namespace in step,
the N-Triples copy in step, and the DL-friendly restrictions we promise HermiT."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from wsiskg.graph.lexicon import load_ontology, ontology_ntriples
from wsiskg.namespaces import (
    DCTERMS,
    ELI,
    NIF,
    ONTOLOGY_IRI,
    ONTOLOGY_VERSION_IRI,
    OWL,
    PRO,
    RDF,
    RDFS,
    SKOS,
    UNDO,
    VANN,
    WSIS,
    XSD,
)
from wsiskg.resources import data_path

DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
BUILTIN = (str(RDF._NS), str(RDFS._NS), str(OWL._NS), str(XSD._NS))


def declared(graph: Graph) -> set[URIRef]:
    return {
        s for kind in DECLARATIONS for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)
    }


def test_header_metadata() -> None:
    g = load_ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert g.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef("https://w3id.org/wsiskg/ontology/0.1.0")
    assert URIRef("https://w3id.org/wsiskg/ontology/0.1.0") == ONTOLOGY_VERSION_IRI
    assert g.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert g.value(ONTOLOGY_IRI, DCTERMS.creator) is not None
    for when in (DCTERMS.created, DCTERMS.modified):
        value = g.value(ONTOLOGY_IRI, when)
        assert isinstance(value, Literal)
        assert value.datatype == XSD.date
    assert g.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix) == Literal("wsis")
    assert g.value(ONTOLOGY_IRI, VANN.preferredNamespaceUri) == Literal(
        "https://w3id.org/wsiskg/ontology#"
    )


def test_every_term_has_an_english_label_and_definition() -> None:
    g = load_ontology()
    terms = declared(g) - {RDFS.label, RDFS.comment, RDFS.isDefinedBy, OWL.versionInfo}
    assert len(terms) > 100
    for term in sorted(terms):
        labels = [o for o in g.objects(term, RDFS.label) if isinstance(o, Literal)]
        definitions = [o for o in g.objects(term, SKOS.definition) if isinstance(o, Literal)]
        assert [label.language for label in labels] == ["en"], term
        assert [d.language for d in definitions] == ["en"], term
        assert g.value(term, RDFS.isDefinedBy) is not None, term


def test_namespace_and_ontology_declare_the_same_wsis_terms() -> None:
    in_ontology = {t for t in declared(load_ontology()) if t.startswith(str(WSIS._NS))}
    in_code = {WSIS[name] for name in WSIS.__annotations__}
    assert in_ontology == in_code


def test_wsis_namespace_rejects_typos() -> None:
    try:
        _ = WSIS.Paragrpah
    except AttributeError:
        return
    raise AssertionError("WSIS must fail on unknown terms")


def test_external_terms_are_declared_locally_not_imported() -> None:
    g = load_ontology()
    assert (None, OWL.imports, None) not in g
    local = declared(g)
    used = {p for p in g.predicates() if not str(p).startswith(BUILTIN)}
    for prop in (RDFS.subClassOf, RDFS.domain, RDFS.range, OWL.onProperty, OWL.inverseOf):
        used |= {o for o in g.objects(None, prop) if isinstance(o, URIRef)}
    used -= {OWL.Thing}
    used = {u for u in used if not str(u).startswith(BUILTIN)}
    assert used - local == set()
    for term in (ELI.Work, NIF.beginIndex, PRO.isHeldBy, SKOS.Concept):
        assert g.value(term, RDFS.isDefinedBy) is not None


def test_no_constructs_that_slow_hermit() -> None:
    g = load_ontology()
    assert (None, RDF.type, OWL.FunctionalProperty) not in g
    assert (None, RDF.type, OWL.InverseFunctionalProperty) not in g
    assert (None, OWL.sameAs, None) not in g
    assert (None, RDF.type, OWL.AllDisjointClasses) in g


def test_committed_ntriples_copy_is_isomorphic_to_the_turtle() -> None:
    path = data_path("ontology") / "wsiskg.nt"
    copy = Graph().parse(path, format="nt")
    source = load_ontology()
    if not isomorphic(copy, source):
        _, only_copy, only_source = graph_diff(to_isomorphic(copy), to_isomorphic(source))
        raise AssertionError(
            "ontology/wsiskg.nt is stale; run python -m wsiskg.graph.lexicon\n"
            f"only in copy: {sorted(only_copy)[:5]}\nonly in Turtle: {sorted(only_source)[:5]}"
        )
    assert path.read_text(encoding="utf-8") == ontology_ntriples()


def test_alignments_module_is_separate_and_targets_undo_eli_pro() -> None:
    g = Graph().parse(data_path("ontology") / "alignments.ttl")
    axioms = [(s, p, o) for s, p, o in g if p in (RDFS.subClassOf, RDFS.subPropertyOf)]
    assert all(str(s).startswith(str(WSIS._NS)) for s, _, _ in axioms)
    targets = {str(o) for _, _, o in axioms}
    assert any(t.startswith(str(UNDO._NS)) for t in targets)
    assert any(t.startswith(str(ELI._NS)) for t in targets)
    assert any(t.startswith(str(PRO._NS)) for t in targets)
    assert (WSIS.Commitment, RDFS.subClassOf, UNDO.Relation) in g
    assert (WSIS.speaker, RDFS.subPropertyOf, UNDO.hasProponent) in g
    assert (None, OWL.imports, None) not in load_ontology()
    assert (UNDO.Relation, None, None) not in load_ontology()
