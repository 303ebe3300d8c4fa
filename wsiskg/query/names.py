"""Names -> resources: how a parameter such as "E-health", "C7 E-health", "Ghana" or "WHO"
finds the one resource it means.

Every label, acronym, code and number of the members of a kind's classes is read once from the
graph (``queries/views/names_of_class.rq``); two names match when their letters and digits
agree, casefolded. An ambiguous or unknown name is a :class:`~wsiskg.errors.QueryError` that
lists the candidates or the closest names.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

import pyoxigraph as ox

from wsiskg.errors import QueryError
from wsiskg.namespaces import WSIS
from wsiskg.query.registry import views
from wsiskg.query.results import Results, Value
from wsiskg.sparql import with_values

Row = Mapping[str, Value]

_KIND_CLASSES: dict[str, tuple[str, ...]] = {
    "action-line": (WSIS.ActionLine, WSIS.PlanSection),
    "agency": (WSIS.Agency, WSIS.AgencyGroup),
    "actor": (
        WSIS.Agency, WSIS.AgencyGroup, WSIS.StakeholderCategory, WSIS.Post, WSIS.Country,
        WSIS.Speaker,
    ),
    "level": (WSIS.Level,),
    "modality": (WSIS.Modality,),
    "proposal": (WSIS.Proposal,),
    "paragraph": (WSIS.Paragraph,),
}  # fmt: skip


def name_key(text: str) -> str:
    """What two names must share to name the same thing: letters and digits, casefolded.

    >>> name_key("C7 E-health") == name_key("c7/e-health")
    True
    """
    return re.sub(r"[\W_]+", "", text.casefold())


class Resolver:
    """Resolves names of a kind to resources, from the labels in the graph (read once)."""

    def __init__(self, select: Callable[[str], Results]) -> None:
        self._select = select
        self._index: dict[str, dict[str, set[str]]] = {}

    def resolve(self, kind: str, text: str) -> ox.NamedNode:
        """The one resource of ``kind`` called ``text``; QueryError when none or several."""
        index = self._names(kind)
        matches = index.get(text.strip(), set()) | index.get(name_key(text), set())
        if len(matches) == 1:
            return ox.NamedNode(next(iter(matches)))
        if not matches:
            raise QueryError(f"no {kind} called {text!r} in the graph{self._hint(kind, text)}")
        listed = ", ".join(sorted(matches))
        raise QueryError(f"{text!r} names several {kind}s: {listed}; give the IRI")

    def _names(self, kind: str) -> dict[str, set[str]]:
        if kind not in _KIND_CLASSES:
            raise QueryError(f"cannot resolve names of kind {kind!r}")
        if kind not in self._index:
            labelled: list[Mapping[str, Value]] = []
            things: list[str] = []
            for class_iri in _KIND_CLASSES[kind]:
                bound = {"class": ox.NamedNode(str(class_iri))}
                labelled += self._select(with_values(views().get("names_of_class").text, bound))
                members = self._select(with_values(views().get("members_of_class").text, bound))
                things += [str(row["thing"]) for row in members]
            self._index[kind] = _index_names(labelled, things)
        return self._index[kind]

    def _hint(self, kind: str, text: str) -> str:
        labels = sorted({key for key in self._names(kind) if not key.startswith("http")})
        close = difflib.get_close_matches(name_key(text), labels, n=3)
        return f"; close: {', '.join(close)}" if close else ""


def _index_names(rows: Sequence[Row], things: Sequence[str]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        index[name_key(str(row["label"]))].add(str(row["thing"]))
    for thing in things:
        index[thing].add(thing)  # the IRI itself
        tail = thing.rsplit("/id/", 1)[-1].split("/", 1)[-1]  # "C7/e-health", "who"
        for key in {name_key(tail), name_key(thing.rsplit("/", 1)[-1])}:  # + "rus"
            index[key].add(thing)
    return dict(index)
