"""SELECT results: RDF terms kept for faithful serialisation, Python values for people.

``Results`` is what :meth:`wsiskg.KG.query` returns: a sequence of rows (dicts of Python
values), the column names, the underlying terms, and writers for the SPARQL 1.1 result
formats (JSON, CSV, TSV) plus a plain-text table.

>>> from pyoxigraph import Literal, NamedNode
>>> who = NamedNode("https://w3id.org/wsiskg/id/org/who")
>>> results = Results(("agency", "n"), [(who, Literal(2))])
>>> results[0]
{'agency': 'https://w3id.org/wsiskg/id/org/who', 'n': 2}
>>> results.serialize("csv").splitlines()
['agency,n', 'https://w3id.org/wsiskg/id/org/who,2']
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, overload

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from wsiskg.errors import QueryError

if TYPE_CHECKING:
    import pandas

Term = NamedNode | BlankNode | Literal | Triple
Value = str | int | float | bool | Decimal | datetime.date | datetime.datetime | None

FORMATS = ("table", "csv", "tsv", "json")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort",
    "unsignedByte",
}  # fmt: skip


def to_python(term: Term | None) -> Value:
    """A Python value for an RDF term: IRIs as strings, typed literals as numbers/dates.

    >>> to_python(Literal("2006-07-01", datatype=NamedNode(_XSD + "date")))
    datetime.date(2006, 7, 1)
    """
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Triple):
        return str(term)
    return _literal_value(term)


def _literal_value(literal: Literal) -> Value:
    kind = literal.datatype.value.removeprefix(_XSD)
    text = literal.value
    try:
        if kind in _INTEGERS:
            return int(text)
        if kind == "decimal":
            return Decimal(text)
        if kind in {"double", "float"}:
            return float(text)
        if kind == "boolean":
            return text in {"true", "1"}
        if kind == "date":
            return datetime.date.fromisoformat(text)
        if kind == "dateTime":
            return datetime.datetime.fromisoformat(text)
    except ValueError:
        return text  # an ill-typed literal keeps its lexical form
    return text


class Results(Sequence[dict[str, Value]]):
    """The rows of a SELECT query; each row a dict of Python values (``None`` when unbound)."""

    def __init__(self, columns: Sequence[str], terms: Sequence[Sequence[Term | None]]) -> None:
        self.columns: tuple[str, ...] = tuple(columns)
        self.terms: tuple[tuple[Term | None, ...], ...] = tuple(tuple(row) for row in terms)

    @overload
    def __getitem__(self, index: int) -> dict[str, Value]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Value]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Value] | list[dict[str, Value]]:
        if isinstance(index, slice):
            return [self._row(row) for row in self.terms[index]]
        return self._row(self.terms[index])

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[dict[str, Value]]:
        return (self._row(row) for row in self.terms)

    def __repr__(self) -> str:
        return f"<Results columns={list(self.columns)} rows={len(self)}>"

    def _row(self, row: Sequence[Term | None]) -> dict[str, Value]:
        return {name: to_python(term) for name, term in zip(self.columns, row, strict=True)}

    def column(self, name: str) -> list[Value]:
        """The values of one column, in row order."""
        if name not in self.columns:
            raise QueryError(f"no column {name!r}; columns: {', '.join(self.columns)}")
        index = self.columns.index(name)
        return [to_python(row[index]) for row in self.terms]

    def to_dataframe(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame (needs the optional ``pandas`` extra)."""
        try:
            import pandas  # optional dependency
        except ImportError:
            raise QueryError("to_dataframe() needs pandas: pip install 'wsiskg[pandas]'") from None
        return pandas.DataFrame(list(self), columns=list(self.columns))

    def serialize(self, fmt: str, prefixes: Mapping[str, str] | None = None) -> str:
        """The results as ``json`` / ``csv`` / ``tsv`` (SPARQL 1.1 result formats) or ``table``."""
        if fmt == "json":
            return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"
        if fmt == "csv":
            return self._delimited()
        if fmt == "tsv":
            return self._tsv()
        if fmt == "table":
            return render_table(self, prefixes or {})
        raise QueryError(f"unknown result format {fmt!r}; expected one of {', '.join(FORMATS)}")

    def to_json(self) -> dict[str, Any]:
        """The SPARQL 1.1 Query Results JSON document."""
        bindings = [
            {name: _json_term(term) for name, term in zip(self.columns, row, strict=True) if term}
            for row in self.terms
        ]
        return {"head": {"vars": list(self.columns)}, "results": {"bindings": bindings}}

    def _delimited(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.columns)
        for row in self.terms:
            writer.writerow([_csv_value(term) for term in row])
        return out.getvalue()

    def _tsv(self) -> str:
        lines = ["\t".join(f"?{name}" for name in self.columns)]
        lines += [
            "\t".join("" if term is None else str(term) for term in row) for row in self.terms
        ]
        return "\n".join(lines) + "\n"


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Triple):
        parts = zip(("subject", "predicate", "object"), term, strict=True)
        return {"type": "triple", "value": {key: _json_term(part) for key, part in parts}}
    encoded: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        encoded["xml:lang"] = term.language
    elif term.datatype.value != _XSD + "string":
        encoded["datatype"] = term.datatype.value
    return encoded


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Triple):
        return str(term)
    return term.value


def compact(term: Term | None, prefixes: Mapping[str, str]) -> str:
    """A short human form: ``prefix:local`` for IRIs under a known prefix, plain literal text.

    >>> compact(NamedNode("https://w3id.org/wsiskg/id/org/who"), {"id": "https://w3id.org/wsiskg/id/"})
    'id:org/who'
    """
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        for prefix, namespace in sorted(prefixes.items(), key=lambda p: -len(p[1])):
            if term.value.startswith(namespace) and len(term.value) > len(namespace):
                return f"{prefix}:{term.value[len(namespace) :]}"
        return f"<{term.value}>"
    return " ".join(_csv_value(term).split())


def render_table(results: Results, prefixes: Mapping[str, str], width: int = 60) -> str:
    """A plain-text table with aligned columns: IRIs compacted with ``prefixes``, cells cut
    to ``width`` characters (``…``); csv, tsv and json keep every value whole."""
    header = list(results.columns)
    cells = [[_cut(compact(term, prefixes), width) for term in row] for row in results.terms]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
