# ruff: noqa: N815  (RDF term names are mixedCase by convention)
"""RDF namespaces: the wsiskg ontology and the external vocabularies it reuses.

Every RDF term in the code goes through one of these classes, so a typo fails at import time
(``_fail = True``) instead of minting a silent new IRI. ``WSIS`` lists exactly the terms
declared in ``ontology/wsiskg.ttl`` (a test checks both directions). The ontology namespace
is fixed; only the data base IRI (``Settings.base_iri``) is configurable.

>>> str(WSIS.Paragraph)
'https://w3id.org/wsiskg/ontology#Paragraph'
>>> str(NIF.beginIndex)
'http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    TIME,
    VANN,
    VOID,
    XSD,
    DefinedNamespace,
)

__all__ = [
    "DCAT",
    "DCTERMS",
    "ELI",
    "ENTAILMENT_SIMPLE",
    "FOAF",
    "FORMATS",
    "NIF",
    "OA",
    "ONTOLOGY_IRI",
    "ONTOLOGY_VERSION",
    "ONTOLOGY_VERSION_IRI",
    "ORG",
    "OWL",
    "PREFIXES",
    "PRO",
    "PROV",
    "RDF",
    "RDFS",
    "SD",
    "SDO",
    "SH",
    "SKOS",
    "TIME",
    "UNDO",
    "VANN",
    "VOID",
    "WSIS",
    "XSD",
]

ONTOLOGY_IRI = URIRef("https://w3id.org/wsiskg/ontology")
ONTOLOGY_VERSION = "0.1.0"
ONTOLOGY_VERSION_IRI = URIRef(f"{ONTOLOGY_IRI}/{ONTOLOGY_VERSION}")


class WSIS(DefinedNamespace):
    """The wsiskg ontology (``wsis:``); definitions live in ``ontology/wsiskg.ttl``."""

    _fail = True
    _NS = Namespace("https://w3id.org/wsiskg/ontology#")

    # --- classes: documents and their structure
    Document: URIRef  # a negotiation text as a work (eli:Work)
    DocumentVersion: URIRef  # one language version / revision of it (eli:Expression)
    SourceText: URIRef  # the exact character string of a version (nif:Context)
    Subdivision: URIRef  # any part of a version: chapter, paragraph, item, block, annex
    Chapter: URIRef
    Paragraph: URIRef
    Item: URIRef  # a lettered item "a) ..."
    ContinuationBlock: URIRef  # unlettered text of a paragraph after one of its items
    TextSpan: URIRef  # a character range of a source text (NIF offsets)
    BracketedSpan: URIRef  # "[...]" negotiated text, brackets included
    DocumentWrapperBracket: URIRef  # the bracket that wraps a whole draft
    AlternativeSet: URIRef  # competing wordings of one place
    Alternative: URIRef  # one wording of an alternative set
    # --- classes: annex proposals
    Proposal: URIRef  # an annex: one proponent's table of action lines and bodies
    AnnexRow: URIRef  # one action line (or section, or C7 sub-line) of a proposal
    AnnexCell: URIRef  # the coordinator cell of a row, as printed
    CoordinationAssignment: URIRef  # n-ary: proposal x action line x agency x role
    # --- classes: statements
    Commitment: URIRef  # n-ary: speaker, modality, addressees, action, level, deadline
    ActorMention: URIRef  # a span naming an actor
    CrossReference: URIRef  # a span referring to another text or part
    ReferencedWork: URIRef  # a document, outcome or goal set referred to by name
    # --- classes: actors
    Actor: URIRef
    Agency: URIRef  # a UN body or other formal organisation (org:FormalOrganization)
    AgencyGroup: URIRef  # a named group of agencies or bodies ("UN RCs")
    StakeholderCategory: URIRef  # "governments", "civil society", ...
    Post: URIRef  # an office (org:Post): "Secretary-General of the United Nations"
    Country: URIRef  # a state, e.g. the proponent of an annex
    Speaker: URIRef  # the collective voice of the text ("We", the Summit)
    # --- classes: controlled vocabularies (each a skos:Concept subclass)
    ActionLine: URIRef  # WSIS action lines C1-C11 and the C7 sub-lines
    PlanSection: URIRef  # Plan of Action sections B, D, E (not action lines)
    Modality: URIRef  # operative verbs and their speech-act categories
    Level: URIRef  # global, international, regional, national, local
    CoordinationRole: URIRef  # coordinator, moderator, ... (pro:Role)
    AssignmentBasis: URIRef  # explicit or inherited
    LevelBasis: URIRef  # why an element is at a level: stated, heading, chapeau
    DateRole: URIRef  # what a printed date is: deadline, event, placeholder
    Provision: URIRef  # a commitment by a deontic auxiliary; addressees are its bearers
    DateMention: URIRef  # a date as printed, with its role
    CellStatus: URIRef  # filled, blank, none
    OrganizationKind: URIRef  # specialised agency, programme, principal organ, ...
    # --- classes: drafts as versions
    Series: URIRef  # a document negotiated through several drafts (its versions)
    Alignment: URIRef  # how a paragraph or item of one version reappears in the next
    BracketFate: URIRef  # what the next version did with a bracket
    AssignmentChange: URIRef  # bodies a proposal adds or drops on one line between versions
    ProposalSurvival: URIRef  # the share of a proposal's bodies the adopted table keeps
    LineSurvival: URIRef  # the same for one action line
    # --- defined classes (filled by the reasoner)
    InheritedAssignment: URIRef  # an assignment with an inheritedFrom link
    ContinuedCommitment: URIRef  # a commitment that inheritsFrom a chapeau

    # --- object properties
    sourceText: URIRef  # version -> its source text
    span: URIRef  # node -> the text span it was read from
    chapeauSpan: URIRef  # paragraph -> text before its first item
    inChapter: URIRef  # paragraph -> chapter
    followsItem: URIRef  # continuation block -> item it follows
    nestedIn: URIRef  # bracket -> directly enclosing bracket (not transitive)
    inSubdivision: URIRef  # span-based node -> smallest paragraph/item/annex containing it
    option: URIRef  # alternative set -> alternative
    bracket: URIRef  # alternative set -> a bracket that makes it
    denotes: URIRef  # alternative -> what its wording denotes (time:Instant for years)
    proponent: URIRef  # proposal -> proposing actor
    row: URIRef  # proposal -> annex row
    parentRow: URIRef  # sub-line row -> its parent row
    actionLine: URIRef  # annex row -> action line or plan section
    titleSpan: URIRef  # annex row -> its title as printed
    cell: URIRef  # annex row -> its coordinator cell
    cellStatus: URIRef  # cell -> filled / blank / none
    body: URIRef  # cell -> a mention of a body it names
    refersTo: URIRef  # actor mention -> actor
    basis: URIRef  # assignment -> explicit / inherited
    inheritedFrom: URIRef  # inherited assignment -> the parent-line assignment
    speaker: URIRef  # commitment -> who speaks
    modality: URIRef  # commitment -> operative verb concept
    addressee: URIRef  # commitment -> resolved addressee actor
    addresseeMention: URIRef  # commitment -> span naming an addressee
    level: URIRef  # commitment -> level concept
    implementationLevel: URIRef  # paragraph / item -> level concept it states or inherits
    levelBasis: URIRef  # paragraph / item -> why it is at its levels
    levelSource: URIRef  # paragraph / item -> span of the level phrase its levels come from
    deadline: URIRef  # commitment -> time:Instant
    deadlineAlternatives: URIRef  # commitment -> contested deadline (alternative set)
    statedIn: URIRef  # commitment / cross-reference -> paragraph or item
    inheritsFrom: URIRef  # item commitment -> chapeau commitment it continues
    inBracket: URIRef  # commitment -> innermost bracket it stands in
    includesMember: URIRef  # group mention -> actor it is said to include
    dateRole: URIRef  # date mention -> deadline / event / placeholder
    denotesTime: URIRef  # date mention -> time:Instant
    eventDate: URIRef  # commitment -> date of a past event in its text
    verbSpan: URIRef  # commitment -> span of its operative verb
    references: URIRef  # cross-reference -> resource referred to
    memberOfGroup: URIRef  # actor -> group or category it belongs to
    proposedFor: URIRef  # actor -> action line it is assigned to (inferred by a chain)
    adoptedVersion: URIRef  # series -> its adopted version
    fromVersion: URIRef  # comparison -> the earlier version
    toVersion: URIRef  # comparison -> the later version
    oldElement: URIRef  # alignment -> paragraph or item of the earlier version
    newElement: URIRef  # alignment -> paragraph or item of the later version
    oldBracket: URIRef  # bracket fate -> the bracket of the earlier version
    newBracket: URIRef  # bracket fate -> the bracket that still holds it (open)
    openedIn: URIRef  # bracket -> the version that opened it
    oldProposal: URIRef  # assignment change -> the proposal in the earlier version
    newProposal: URIRef  # assignment change -> the proposal in the later version
    line: URIRef  # assignment change / line survival -> action line or plan section
    survivalOf: URIRef  # proposal survival -> the proposal
    againstVersion: URIRef  # proposal survival -> the adopted version
    lineSurvival: URIRef  # proposal survival -> one line's survival

    # --- datatype properties
    sha256: URIRef  # source text -> hex digest
    number: URIRef  # paragraph / chapter number as printed
    ordinal: URIRef  # chapter ordinal (1 for "One")
    itemLabel: URIRef  # item letter "a"
    eId: URIRef  # Akoma Ntoso style element id "para_7__list_1__item_a"
    whollyBracketed: URIRef  # paragraph / item stands entirely inside a bracket
    bracketed: URIRef  # commitment is still under negotiation
    depth: URIRef  # bracket depth: 0 wrapper, 1 top level inside it
    position: URIRef  # 1-based order (alternatives, bodies in a cell)
    optionText: URIRef  # an alternative's wording as printed
    form: URIRef  # printed shape of an alternative set
    lead: URIRef  # shared words split off the first option ("by")
    annexLetter: URIRef  # "A"
    proponentName: URIRef  # proponent as printed
    roleHeader: URIRef  # role column header as printed
    lineHeader: URIRef  # line column header as printed
    titleAsPrinted: URIRef  # annex row title as printed
    code: URIRef  # action line code of a row "C7"
    cellText: URIRef  # cell text as printed ("" for blank)
    joiner: URIRef  # "+" or "/" printed before a body
    normalisedName: URIRef  # body name without its abbreviation definition
    abbreviation: URIRef  # abbreviation defined in a cell "UN RCs"
    acronym: URIRef  # an actor's acronym "WHO"
    mintedFromText: URIRef  # true on an actor or role minted from the text, not curated
    actionText: URIRef  # what the commitment says is to be done
    addresseeText: URIRef  # an addressee as printed (also when unresolved)
    deadlineText: URIRef  # deadline phrase as printed "by 2015"
    referenceText: URIRef  # cross-reference as printed
    versionPosition: URIRef  # 1-based place of a version in its series
    versionLabel: URIRef  # the version's name in IRIs "rev1"
    symbol: URIRef  # the document symbol of a version
    versionDate: URIRef  # the date of a version, ISO 8601 text
    adopted: URIRef  # true on the adopted version of a series
    alignmentStatus: URIRef  # unchanged / changed / added / removed
    similarity: URIRef  # text similarity of an aligned pair, 0-1
    fate: URIRef  # kept / dropped / chosen / open / removed-with-paragraph
    chosenOption: URIRef  # the wording of an alternative group that survived
    oldBody: URIRef  # a body on the line in the earlier version, as printed
    newBody: URIRef  # a body on the line in the later version
    addedBody: URIRef  # a body the later version adds
    removedBody: URIRef  # a body the later version drops
    proposedBodies: URIRef  # how many bodies a proposal (or one line of it) names
    keptBodies: URIRef  # how many of them the adopted table keeps on the same line
    survivalShare: URIRef  # kept over proposed
    proposedBody: URIRef  # a body a proposal names on a line, as printed
    keptBody: URIRef  # one of them the adopted table keeps
    adoptedBody: URIRef  # a body the adopted table names on the line


class NIF(DefinedNamespace):
    """NLP Interchange Format 2.1 core: character offsets into a context string."""

    _fail = True
    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

    Context: URIRef
    String: URIRef
    OffsetBasedString: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    anchorOf: URIRef
    referenceContext: URIRef
    isString: URIRef


class OA(DefinedNamespace):
    """W3C Web Annotation: selectors for exporting spans."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    Annotation: URIRef
    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    hasTarget: URIRef
    hasBody: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef


class ELI(DefinedNamespace):
    """European Legislation Identifier ontology (work / expression / subdivision)."""

    _fail = True
    _NS = Namespace("http://data.europa.eu/eli/ontology#")

    Work: URIRef
    Expression: URIRef
    WorkSubdivision: URIRef
    LegalResource: URIRef
    LegalResourceSubdivision: URIRef
    realizes: URIRef
    is_realized_by: URIRef
    is_part_of: URIRef
    has_part: URIRef


class PRO(DefinedNamespace):
    """SPAR Publishing Roles Ontology: the role-in-time pattern."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/pro/")

    RoleInTime: URIRef
    Role: URIRef
    isHeldBy: URIRef
    holdsRoleInTime: URIRef
    withRole: URIRef
    relatesToEntity: URIRef
    relatesToDocument: URIRef


class UNDO(DefinedNamespace):
    """UN System Document Ontology (alignment target only, see ``ontology/alignments.ttl``)."""

    _fail = True
    _NS = Namespace("https://w3id.org/un/ontology/undo/")

    Document: URIRef
    DocumentVersion: URIRef
    Agent: URIRef
    Relation: URIRef
    hasProponent: URIRef
    hasReceiver: URIRef
    hasSemantics: URIRef


PREFIXES: dict[str, Namespace] = {
    "wsis": Namespace(str(WSIS._NS)),
    "nif": Namespace(str(NIF._NS)),
    "oa": Namespace(str(OA._NS)),
    "eli": Namespace(str(ELI._NS)),
    "pro": Namespace(str(PRO._NS)),
    "undo": Namespace(str(UNDO._NS)),
    "dcterms": Namespace(str(DCTERMS._NS)),
    "dcat": Namespace(str(DCAT._NS)),
    "foaf": Namespace(str(FOAF._NS)),
    "org": Namespace(str(ORG._NS)),
    "owl": Namespace(str(OWL._NS)),
    "prov": Namespace(str(PROV._NS)),
    "rdf": Namespace(str(RDF._NS)),
    "rdfs": Namespace(str(RDFS._NS)),
    "schema": Namespace(str(SDO._NS)),
    "sh": Namespace(str(SH._NS)),
    "skos": Namespace(str(SKOS._NS)),
    "time": Namespace(str(TIME._NS)),
    "vann": Namespace(str(VANN._NS)),
    "void": Namespace(str(VOID._NS)),
    "xsd": Namespace(str(XSD._NS)),
}
"""Prefixes to bind when serialising (``graph.bind(prefix, ns)`` for each)."""


# Vocabularies the server describes itself with (absent from rdflib's bundled namespaces).


class SD(DefinedNamespace):
    """SPARQL 1.1 Service Description."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/sparql-service-description#")

    Service: URIRef
    Dataset: URIRef
    Graph: URIRef
    NamedGraph: URIRef
    Language: URIRef
    Feature: URIRef
    endpoint: URIRef
    supportedLanguage: URIRef
    resultFormat: URIRef
    feature: URIRef
    defaultDataset: URIRef
    defaultGraph: URIRef
    namedGraph: URIRef
    name: URIRef
    graph: URIRef
    defaultEntailmentRegime: URIRef
    SPARQL10Query: URIRef
    SPARQL11Query: URIRef
    SPARQL11Update: URIRef
    UnionDefaultGraph: URIRef
    BasicFederatedQuery: URIRef
    DereferencesURIs: URIRef
    RequiresDataset: URIRef
    EmptyGraphs: URIRef


class FORMATS(DefinedNamespace):
    """W3C unique URIs for file formats."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/formats/")

    SPARQL_Results_JSON: URIRef
    SPARQL_Results_XML: URIRef
    SPARQL_Results_CSV: URIRef
    SPARQL_Results_TSV: URIRef
    Turtle: URIRef
    N_Triples: URIRef
    N_Quads: URIRef
    TriG: URIRef
    JSON_LD: URIRef
    RDF_XML: URIRef


ENTAILMENT_SIMPLE = URIRef("http://www.w3.org/ns/entailment/Simple")
