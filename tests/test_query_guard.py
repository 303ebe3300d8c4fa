"""The lexical guard: forms, dataset clauses, and what is refused before any engine runs."""

from __future__ import annotations

import pytest

from wsiskg.errors import QueryRefusedError, QuerySyntaxError, UpdateRefusedError
from wsiskg.query.guard import inspect_query


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("  # a comment with INSERT and SERVICE\nask {}", "ASK"),
        ("PREFIX ex: <http://ex/> BASE <http://b/> CONSTRUCT WHERE { ?s ex:p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://ex/a>", "DESCRIBE"),
        ('SELECT ?x WHERE { ?x ?p "SERVICE LOAD INSERT" }', "SELECT"),
        ("SELECT ?service WHERE { ?service <http://ex/insert> ?delete }", "SELECT"),
        ("PREFIX service: <http://ex/> SELECT * { ?s service:load ?o }", "SELECT"),
        ("SELECT * { <http://ex/SERVICE> ?p '''multi\nline SERVICE''' }", "SELECT"),
    ],
)
def test_queries_pass_with_their_form(text: str, form: str) -> None:
    assert inspect_query(text).form == form


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "delete where { ?s ?p ?o }",
        "LOAD <file:///etc/passwd>",
        "CLEAR ALL",
        "DROP GRAPH <http://g>",
        "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "PREFIX ex: <http://ex/> CREATE GRAPH ex:g",
        "SELECT * {} ; INSERT DATA { <a> <b> <c> }",
    ],
)
def test_updates_are_refused(text: str) -> None:
    with pytest.raises(UpdateRefusedError):
        inspect_query(text)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { service silent <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE ?endpoint { ?s ?p ?o } } }",
    ],
)
def test_service_is_refused_with_its_position(text: str) -> None:
    with pytest.raises(QueryRefusedError, match="SERVICE") as caught:
        inspect_query(text)
    assert caught.value.location is not None
    assert caught.value.location.line == 1
    assert text[caught.value.location.column - 1 :].upper().startswith("SERVICE")


def test_from_clauses_are_resolved_against_prefixes_and_base() -> None:
    shape = inspect_query(
        "BASE <http://b/dir/> PREFIX g: <http://g/>\n"
        "SELECT * FROM <one> FROM g:two FROM NAMED <http://n/three> WHERE { ?s ?p ?o }"
    )
    assert shape.default_graphs == ("http://b/dir/one", "http://g/two")
    assert shape.named_graphs == ("http://n/three",)
    assert shape.has_dataset


def test_relative_from_uses_the_server_base() -> None:
    shape = inspect_query("SELECT * FROM <graph/x> {}", base_iri="https://w3id.org/wsiskg/")
    assert shape.default_graphs == ("https://w3id.org/wsiskg/graph/x",)


def test_a_query_without_from_names_no_dataset() -> None:
    assert not inspect_query("SELECT * { GRAPH ?g { ?s ?p ?o } }").has_dataset


@pytest.mark.parametrize("text", ["", "   # only a comment", "HELLO { }", "{ ?s ?p ?o }"])
def test_text_that_is_no_query_is_a_syntax_error(text: str) -> None:
    with pytest.raises(QuerySyntaxError):
        inspect_query(text)


def test_a_syntax_error_says_line_and_column() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        inspect_query("PREFIX a: <http://a/>\n  FETCH *")
    assert (caught.value.location.line, caught.value.location.column) == (2, 3)  # type: ignore[union-attr]
