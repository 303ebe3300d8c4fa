"""API fuzzing: schemathesis generates requests from the app's own OpenAPI description and
checks every answer (no 5xx; status codes, media types, headers and JSON bodies as described).

In process (ASGI, no network), bounded: ``EXAMPLES`` examples per operation, derandomised.
Schemathesis' pytest integration (``from_fixture``) needs a pytest internal that pytest 9
removed, so each operation is driven with hypothesis directly; the first test checks that the
operations listed here are exactly those the app describes.

One check is off for ``/sparql``: "positive data acceptance" expects any schema-valid request to
succeed, but a JSON Schema cannot say which strings are SPARQL queries, so a random ``query``
rightly gets 400 ``query_syntax``. Every other check applies there too.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import CheckFunction
from schemathesis.generation import GenerationMode
from schemathesis.generation.case import Case
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi.checks import positive_data_acceptance
from server_support import MINI

from wsiskg.config import Settings
from wsiskg.query.store import Store
from wsiskg.server import create_app

EXAMPLES = 100
OPERATIONS = [
    ("GET", "/sparql"),
    ("POST", "/sparql"),
    ("GET", "/health"),
    ("GET", "/void"),
    ("GET", "/context.jsonld"),
    ("GET", "/compare.csv"),
    ("GET", "/series/curve.csv"),
    ("GET", "/dumps/dataset.{extension}"),
    ("GET", "/ontology"),
    ("GET", "/id/{path}"),
    ("GET", "/graph/{path}"),
    ("GET", "/search"),
]


@pytest.fixture(scope="module")
def api() -> Iterator[BaseSchema]:
    app = create_app(Settings(query_timeout=2.0, max_result_rows=1000), Store.from_files([MINI]))
    try:
        yield schemathesis.openapi.from_asgi("/openapi.json", app)
    finally:
        app.state.wsiskg.pool.close()


def test_every_described_operation_is_fuzzed(api: BaseSchema) -> None:
    described = {(op.ok().method.upper(), op.ok().path) for op in api.get_all_operations()}
    assert described == set(OPERATIONS)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_answers_conform_to_the_openapi_description(
    api: BaseSchema, method: str, path: str
) -> None:
    operation = api[path][method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def check(case: Case) -> None:
        case.call_and_validate(excluded_checks=_excluded(path))

    check()


def test_malformed_posts_are_4xx(api: BaseSchema) -> None:
    """Bodies that break the description (no body, no ``query`` field, wrong media type...) are
    refused with a documented 4xx, never a 5xx. (The other operations take only strings in the
    URL, which no request can violate.)"""
    operation = api["/sparql"]["POST"]

    @given(case=operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def check(case: Case) -> None:
        case.call_and_validate(excluded_checks=_excluded("/sparql"))

    check()


def _excluded(path: str) -> list[CheckFunction]:
    return [positive_data_acceptance] if path == "/sparql" else []


def test_generated_sparql_queries_never_cause_a_server_error(api: BaseSchema) -> None:
    """The description says only "a string"; this also feeds query-shaped text to both verbs."""
    words = st.sampled_from(
        ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "FROM", "NAMED", "GRAPH", "{", "}",
         "(", ")", "?s", "?p", "?o", "<urn:x>", "'x'", "*", ".", ";", "FILTER", "REGEX", "VALUES",
         "OPTIONAL", "UNION", "SERVICE", "INSERT", "LIMIT", "1", "\\u0041", "#", "\n"]
    )  # fmt: skip
    queries = st.lists(words, max_size=30).map(" ".join)

    @given(query=queries, post=st.booleans())
    @settings(max_examples=EXAMPLES * 2, deadline=None, derandomize=True, database=None)
    def check(query: str, post: bool) -> None:
        operation = api["/sparql"]["POST" if post else "GET"]
        case = operation.Case(query={"query": query})
        case.call_and_validate(excluded_checks=_excluded("/sparql"))

    check()
