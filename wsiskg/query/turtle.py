"""Turtle for people: only the prefixes it uses, and no backslash-escaped prefixed names.

pyoxigraph declares every prefix it is given and writes any IRI under a prefix as a prefixed
name, escaping what a local name cannot hold: ``id:doc\\/tunis-draft\\/eng\\/2005`` — valid,
but unreadable, and the ``@prefix`` block lists twenty vocabularies a page never uses. Here
an IRI becomes ``prefix:local`` only when ``local`` needs no escape; otherwise it is written
in full, and only the prefixes used are declared.

>>> s = ox.NamedNode("https://w3id.org/wsiskg/id/org/who")
>>> t = ox.Triple(s, ox.NamedNode(RDF_TYPE), ox.NamedNode("urn:x#Agency"))
>>> print(write_turtle([t], {"x": "urn:x#", "id": "https://w3id.org/wsiskg/id/", "y": "urn:y#"}))
@prefix x: <urn:x#> .
<BLANKLINE>
<https://w3id.org/wsiskg/id/org/who> a x:Agency .
<BLANKLINE>
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pyoxigraph as ox

__all__ = ["write_turtle"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: A local name that needs no escape (ASCII subset of PN_LOCAL, no trailing dot).
_CLEAN_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")


class _Names:
    """Writes IRIs compactly where that is clean, and remembers which prefixes it used."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = sorted(prefixes.items(), key=lambda p: -len(p[1]))
        self.used: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        for prefix, namespace in self.prefixes:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and _CLEAN_LOCAL.match(local):
                self.used[prefix] = namespace
                return f"{prefix}:{local}"
        return f"<{iri}>"

    def term(self, term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.BlankNode):
            return str(term)
        quoted = str(ox.Literal(term.value))
        if term.language:
            return f"{quoted}@{term.language}"
        if term.datatype.value == _XSD_STRING:
            return quoted
        return f"{quoted}^^{self.iri(term.datatype.value)}"


def write_turtle(triples: Sequence[ox.Triple], prefixes: Mapping[str, str]) -> str:
    """``triples`` as Turtle, grouped by subject, in the order given."""
    names = _Names(prefixes)
    by_subject: dict[str, dict[str, list[str]]] = {}
    for triple in triples:
        if any(isinstance(t, ox.Triple) for t in (triple.subject, triple.object)):
            raise ValueError("RDF-star triples are written by pyoxigraph")
        subject = names.term(triple.subject)  # type: ignore[arg-type]
        predicate = triple.predicate.value
        verb = "a" if predicate == RDF_TYPE else names.iri(predicate)
        objects = by_subject.setdefault(subject, {}).setdefault(verb, [])
        written = names.term(triple.object)  # type: ignore[arg-type]
        if written not in objects:
            objects.append(written)
    blocks = [_block(subject, verbs) for subject, verbs in by_subject.items()]
    header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(names.used.items()))
    return header + ("\n" if header else "") + "\n".join(blocks)


def _block(subject: str, verbs: dict[str, list[str]]) -> str:
    ordered = sorted(verbs.items(), key=lambda v: v[0] != "a")
    lines = [f"{verb} {' , '.join(objects)}" for verb, objects in ordered]
    return subject + " " + " ;\n    ".join(lines) + " .\n"
