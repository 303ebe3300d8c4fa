"""The Summit's provisions: items under a level heading that state a rule with a deontic
auxiliary and no "We" ("b) UN Regional economic Commissions … may organize …").

A sentence holds a provision when a deontic auxiliary of the lexicon ("should", "could",
"may", "must", "shall", "is to") is printed in it in lower case ("May" may be a month). The
first such auxiliary is the main one; a run of auxiliaries left by negotiation ("could should
facilitate", one struck and one inserted) counts as its last, the wording inserted last.
The subject is the text before the run.
"""

from __future__ import annotations

from dataclasses import dataclass

from wsiskg.extract.text import Hit, PhraseMatcher
from wsiskg.extract.verbs import Verb
from wsiskg.text.model import Span


@dataclass(frozen=True)
class Provision:
    """A deontic auxiliary found in a sentence, and the sentence's subject before it."""

    verb: Verb
    subject: Span


class ProvisionFinder:
    """Finds the main deontic auxiliary of a sentence."""

    def __init__(self, auxiliaries: PhraseMatcher, view: str, printed: str) -> None:
        self._auxiliaries, self._view, self._printed = auxiliaries, view, printed

    def find(self, sentence: Span) -> Provision | None:
        """The sentence's provision, or None when no deontic auxiliary is printed in it.

        >>> text = "Each agency could should act."
        >>> finder = ProvisionFinder(PhraseMatcher({"could": "could", "should": "should"}),
        ...                          text, text)
        >>> found = finder.find(Span(0, len(text)))
        >>> found.verb.hit.value, text[found.subject.start:found.subject.end]
        ('should', 'Each agency ')
        """
        hits = [hit for hit in self._hits(sentence) if self._lower(hit)]
        if not hits:
            return None
        last = hits[0]
        for hit in hits[1:]:
            if self._view[last.span.end : hit.span.start].strip(" \t\n[]/"):  # "[should] /[could]"
                break
            last = hit
        verb = Verb(last, sentence.start, sentence.start)
        return Provision(verb, Span(sentence.start, hits[0].span.start))

    def _hits(self, sentence: Span) -> list[Hit]:
        return list(self._auxiliaries.finditer(self._view, self._printed, sentence))

    def _lower(self, hit: Hit) -> bool:
        return self._printed[hit.span.start : hit.span.end].islower()
