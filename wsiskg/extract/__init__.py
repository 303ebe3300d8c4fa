"""Extraction: Document + Lexicon -> commitments, mentions, levels, dates, references, assignments.

Pure Python: no rdflib, no store, no server. The records are in
:mod:`wsiskg.extract.records`; the rules and their limits are written up in
``docs/extraction.md``.
"""

from __future__ import annotations

from wsiskg.extract.assignments import read_assignments
from wsiskg.extract.commitments import CommitmentReader
from wsiskg.extract.dates import DateReader
from wsiskg.extract.levels import LevelReader
from wsiskg.extract.mentions import Addressees, find_mentions
from wsiskg.extract.provisions import ProvisionFinder
from wsiskg.extract.records import (
    DEFAULT_SPEAKER,
    Assignment,
    Commitment,
    CommitmentRef,
    CrossReference,
    DateMention,
    DateOption,
    Deadline,
    ElementLevel,
    Extraction,
    LevelBasis,
    LevelStatement,
    Lexicon,
    Mention,
    Place,
)
from wsiskg.extract.references import ReferenceReader
from wsiskg.extract.text import Locator, PhraseMatcher, blocks, match_text
from wsiskg.extract.verbs import VerbFinder
from wsiskg.text.model import Document

__all__ = [
    "DEFAULT_SPEAKER",
    "Assignment",
    "Commitment",
    "CommitmentRef",
    "CrossReference",
    "DateMention",
    "DateOption",
    "Deadline",
    "ElementLevel",
    "Extraction",
    "LevelBasis",
    "LevelStatement",
    "Lexicon",
    "Mention",
    "Place",
    "extract",
]


def extract(document: Document, lexicon: Lexicon) -> Extraction:
    """Read commitments, actors, levels, dates, references and assignments from ``document``.

    >>> from wsiskg.text.parse import parse_document
    >>> doc = parse_document("1.\\nWe invite the ITU to report by 2010.\\n")
    >>> lexicon = Lexicon({"itu": "id/org/itu"}, {"invite": "invite"}, {})
    >>> [(c.modality, [a.actor for a in c.addressees], c.deadlines[0].year)
    ...  for c in extract(doc, lexicon).commitments]
    [('invite', ['id/org/itu'], 2010)]
    """
    view, printed = match_text(document.text), document.text
    locator = Locator(document)
    actors = PhraseMatcher(lexicon.actors, lexicon.capitalised)
    mentions = find_mentions(view, printed, actors, locator)
    reader = LevelReader(lexicon.levels)
    statements = [s for block in blocks(document) for s in reader.statements(view, printed, block)]
    dates = DateReader(document, view, locator)
    deadlines = dates.deadlines()
    addressees = Addressees(view, printed, mentions, locator)
    verbs = VerbFinder(PhraseMatcher(lexicon.modalities), view, printed)
    auxiliaries = {k: v for k, v in lexicon.modalities.items() if v in lexicon.deontic}
    provisions = ProvisionFinder(PhraseMatcher(auxiliaries), view, printed)
    commitments = CommitmentReader(
        document, view, lexicon, verbs, addressees, statements, deadlines, provisions
    )
    found = commitments.read()
    unresolved = {a.span: a for c in found for a in c.addressees if a.actor is None}
    references = ReferenceReader(document, view, mentions, locator)
    return Extraction(
        commitments=tuple(found),
        mentions=tuple(sorted([*mentions, *unresolved.values()], key=lambda m: m.span)),
        cross_references=tuple(references.read(PhraseMatcher(lexicon.references))),
        assignments=tuple(read_assignments(document, actors, mentions)),
        levels=tuple(statements),
        element_levels=tuple(commitments.levels),
        deadlines=tuple(deadlines),
        dates=tuple(dates.mentions(deadlines)),
        unknown_verbs=tuple(commitments.unknown),
    )
