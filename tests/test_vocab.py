"""Controlled vocabularies and the Lexicon extraction matches against.

Expected values come from the WSIS Plan of Action and from reading the seed draft's annexes.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from wsiskg.graph.lexicon import VocabularyError, build_lexicon, load_lexicon, load_vocabularies
from wsiskg.namespaces import RDF, SKOS, WSIS

ID = "https://w3id.org/wsiskg/id/"


@pytest.fixture(scope="module")
def vocab() -> Graph:
    return load_vocabularies()


def test_action_lines_c1_to_c11_are_top_concepts(vocab: Graph) -> None:
    scheme = URIRef(ID + "scheme/action-lines")
    tops = set(vocab.objects(scheme, SKOS.hasTopConcept))
    assert tops == {URIRef(f"{ID}action-line/C{n}") for n in range(1, 12)}
    assert all((top, RDF.type, WSIS.ActionLine) in vocab for top in tops)
    assert vocab.value(URIRef(ID + "action-line/C9"), SKOS.prefLabel) == Literal("Media", lang="en")


def test_c7_has_the_eight_e_applications(vocab: Graph) -> None:
    c7 = URIRef(ID + "action-line/C7")
    narrower = set(vocab.objects(c7, SKOS.narrower))
    expected = {
        "e-government",
        "e-business",
        "e-learning",
        "e-health",
        "e-employment",
        "e-environment",
        "e-agriculture",
        "e-science",
    }
    assert narrower == {URIRef(f"{ID}action-line/C7/{slug}") for slug in expected}
    for sub in narrower:
        assert (sub, SKOS.broader, c7) in vocab
        assert (sub, RDF.type, WSIS.ActionLine) in vocab
    assert vocab.value(URIRef(ID + "action-line/C7/e-health"), SKOS.prefLabel) == Literal(
        "E-health", lang="en"
    )


def test_plan_sections_are_not_action_lines(vocab: Graph) -> None:
    for letter in "BDE":
        section = URIRef(ID + f"action-line/{letter}")
        assert (section, RDF.type, WSIS.PlanSection) in vocab
        assert (section, RDF.type, WSIS.ActionLine) not in vocab
    assert vocab.value(URIRef(ID + "action-line/D"), SKOS.altLabel) == Literal(
        "Digital Solidarity", lang="en"
    )


@pytest.mark.parametrize(
    ("printed", "path"),
    [
        # bodies printed in the annex cells of the seed draft
        ("ITU", "id/org/itu"),
        ("UNESCO", "id/org/unesco"),
        ("UNDP", "id/org/undp"),
        ("ECOSOC", "id/org/ecosoc"),
        ("WTO", "id/org/wto"),
        ("UNCTAD", "id/org/unctad"),
        ("WHO", "id/org/who"),
        ("ILO", "id/org/ilo"),
        ("WMO", "id/org/wmo"),
        ("FAO", "id/org/fao"),
        ("UNEP", "id/org/unep"),
        ("UN-Habitat", "id/org/un-habitat"),
        ("UN RCs", "id/org/un-rcs"),
        ("UN Regional Commissions", "id/org/un-rcs"),
        ("Regional Commissions", "id/org/un-rcs"),
        ("UN Regional economic Commissions", "id/org/un-rcs"),
        ("Regional political bodies", "id/actor/regional-political-bodies"),
        ("Global Alliance on ICT and Development", "id/org/gaid"),
        # bodies, categories and posts named in paragraphs
        ("WSIS-ES", "id/org/wsis-es"),
        ("UNGA", "id/org/unga"),
        ("General Assembly of the United Nations", "id/org/unga"),
        ("UN Statistical Commission", "id/org/un-statistical-commission"),
        ("International Telecommunication Union", "id/org/itu"),
        ("World Health Organization", "id/org/who"),
        ("Secretary General of the United Nations", "id/post/un-secretary-general"),
        ("UN Secretary General", "id/post/un-secretary-general"),
        ("Secretary-General of the Summit", "id/post/summit-secretary-general"),
        ("governments", "id/actor/governments"),
        ("all stakeholders", "id/actor/all-stakeholders"),
        (
            "international and intergovernmental organisations",
            "id/actor/international-organizations",
        ),
        ("international organizations", "id/actor/international-organizations"),
        ("national statistical offices", "id/actor/national-statistical-offices"),
        ("e-government agencies", "id/actor/e-government-agencies"),
        ("UN agencies", "id/actor/un-agencies"),
        ("international community", "id/actor/international-community"),
        (
            "regional inter-governmental organizations",
            "id/actor/regional-intergovernmental-organizations",
        ),
        ("civil society", "id/actor/civil-society"),
        ("business entities", "id/actor/private-sector"),
        ("private sector", "id/actor/private-sector"),
        ("developing countries", "id/actor/developing-countries"),
        ("ICT enterprises", "id/actor/ict-enterprises"),
        ("Russian Federation", "id/country/rus"),
        ("Ghana", "id/country/gha"),
    ],
)
def test_actor_surface_forms_resolve(printed: str, path: str) -> None:
    assert load_lexicon().actors[printed.casefold()] == path


def test_aliases_share_one_iri() -> None:
    actors = load_lexicon().actors
    names = (
        "un rcs",
        "un regional commissions",
        "regional commissions",
        "united nations regional commissions",
    )
    assert {actors[name] for name in names} == {"id/org/un-rcs"}


def test_acronyms_are_marked_capitalised_and_speaker_is_known() -> None:
    lexicon = load_lexicon()
    assert {"who", "itu", "un rcs", "unga"} <= lexicon.capitalised
    assert "governments" not in lexicon.capitalised
    assert lexicon.speaker == "id/actor/wsis-participants"
    assert lexicon.actors["we"] == lexicon.speaker


@pytest.mark.parametrize(
    ("verb", "slug"),
    [
        ("call upon", "call-upon"),
        ("call on", "call-upon"),
        ("encourage", "encourage"),
        ("invite", "invite"),
        ("request", "request"),
        ("call for", "call-for"),
        ("recognise", "recognize"),
        ("recognize", "recognize"),
        ("acknowledge", "acknowledge"),
        ("reaffirm", "reaffirm"),
        ("commit", "commit"),
        ("commit ourselves", "commit"),
        ("are determined", "are-determined"),
        ("are committed", "are-committed"),
        ("undertake", "undertake"),
        ("agree", "agree"),
        ("welcome", "welcome"),
        ("applaud", "applaud"),
        ("underline", "underline"),
        ("note", "note"),
    ],
)
def test_modality_verbs(verb: str, slug: str) -> None:
    assert load_lexicon().modalities[verb] == slug


def test_modality_categories_are_not_verbs(vocab: Graph) -> None:
    modalities = load_lexicon().modalities
    for category in ("commissive", "directive", "assertive", "deontic"):
        assert category not in modalities
    categories = {
        URIRef(f"{ID}modality/{c}") for c in ("commissive", "directive", "assertive", "deontic")
    }
    for verb in vocab.subjects(RDF.type, WSIS.Modality):
        if verb not in categories:
            assert vocab.value(verb, SKOS.broader) in categories, verb
    assert (
        URIRef(ID + "modality/encourage"),
        SKOS.broader,
        URIRef(ID + "modality/directive"),
    ) in vocab
    assert (
        URIRef(ID + "modality/commit"),
        SKOS.broader,
        URIRef(ID + "modality/commissive"),
    ) in vocab
    assert (
        URIRef(ID + "modality/recognize"),
        SKOS.broader,
        URIRef(ID + "modality/assertive"),
    ) in vocab


def test_levels_match_adjectives_and_adverbs() -> None:
    levels = load_lexicon().levels
    for level in ("global", "international", "regional", "national", "local"):
        assert levels[level] == level
        assert levels[level + "ly"] == level


def test_small_schemes(vocab: Graph) -> None:
    for path, cls in (
        ("basis/explicit", WSIS.AssignmentBasis),
        ("basis/inherited", WSIS.AssignmentBasis),
        ("cell-status/filled", WSIS.CellStatus),
        ("cell-status/blank", WSIS.CellStatus),
        ("cell-status/none", WSIS.CellStatus),
        ("role/coordinator", WSIS.CoordinationRole),
        ("role/moderator", WSIS.CoordinationRole),
        ("date-role/deadline", WSIS.DateRole),
        ("date-role/event", WSIS.DateRole),
        ("date-role/placeholder", WSIS.DateRole),
    ):
        assert (URIRef(ID + path), RDF.type, cls) in vocab


def test_named_references() -> None:
    references = load_lexicon().references
    assert references["plan of action"] == "id/ref/plan-of-action"
    assert references["unga resolution 57/270 b"] == "id/ref/unga-res-57-270-b"
    assert references["millennium development goals"] == "id/ref/mdg"


def test_one_surface_form_cannot_name_two_actors() -> None:
    graph = Graph()
    for slug in ("a", "b"):
        actor = URIRef(f"{ID}org/{slug}")
        graph.add((actor, RDF.type, WSIS.Agency))
        graph.add((actor, SKOS.prefLabel, Literal("Same Name", lang="en")))
    graph.add((URIRef(ID + "actor/we"), RDF.type, WSIS.Speaker))
    with pytest.raises(VocabularyError, match="same name"):
        build_lexicon(graph)


def test_a_label_joining_two_known_names_with_a_slash_is_refused() -> None:
    # "ITU/WSIS-ES" names two bodies: extraction finds each one, a joined label hides one
    graph = Graph()
    for slug, label in (("itu", "ITU"), ("wsis-es", "WSIS-ES")):
        graph.add((URIRef(f"{ID}org/{slug}"), RDF.type, WSIS.Agency))
        graph.add((URIRef(f"{ID}org/{slug}"), WSIS.acronym, Literal(label)))
    graph.add((URIRef(f"{ID}org/wsis-es"), SKOS.altLabel, Literal("ITU/WSIS-ES", lang="en")))
    graph.add((URIRef(ID + "actor/we"), RDF.type, WSIS.Speaker))
    with pytest.raises(VocabularyError, match="joins the names"):
        build_lexicon(graph)


def test_rebased_vocabularies_keep_relative_paths() -> None:
    base = "http://example.org/kg/"
    rebased = load_vocabularies(base)
    e_health = URIRef("http://example.org/kg/id/action-line/C7/e-health")
    assert (e_health, RDF.type, WSIS.ActionLine) in rebased
    assert not any(str(s).startswith(ID) for s in rebased.subjects())
    assert build_lexicon(rebased, base).actors["who"] == "id/org/who"
