"""The store: loading files as named graphs, the union default graph, datasets, refusals, limits."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from server_support import ENDLESS_QUERY, GRAPH, ID, MINI, listener

from wsiskg.errors import (
    QueryRefusedError,
    QuerySyntaxError,
    QueryTimeoutError,
    ResultTooLargeError,
    StoreError,
    UpdateRefusedError,
)
from wsiskg.query.store import DATASET_FILE, Store

EX = "http://example.org/"


@pytest.fixture(scope="module")
def mini() -> Store:
    return Store.from_files([MINI])


def two_graphs() -> Store:
    return Store.from_text(f'<{EX}a> <{EX}p> "1" <{EX}g1> .\n<{EX}b> <{EX}p> "2" <{EX}g2> .\n', EX)


def subjects(result_rows: list[tuple[object, ...]]) -> set[str]:
    return {row[0].value for row in result_rows}  # type: ignore[attr-defined]


def test_trig_keeps_its_graphs(mini: Store) -> None:
    names = {"structure", "spans", "actors", "schemes", "ontology"}
    names |= {"assignments-explicit", "assignments-inherited"}
    assert mini.graphs == {GRAPH + name for name in names}


def test_a_triples_file_becomes_the_graph_named_by_its_file_iri(tmp_path: Path) -> None:
    notes = tmp_path / "notes.ttl"
    notes.write_text(f"<{EX}x> <{EX}note> 'mine' .\n", encoding="utf-8")
    store = Store.from_files([MINI, notes])
    assert notes.resolve().as_uri() in store.graphs
    rows = store.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{EX}x> ?p ?o }} }}").rows
    assert [row[0].value for row in rows] == [notes.resolve().as_uri()]  # type: ignore[union-attr]


def test_a_format_only_rdflib_reads_is_loaded_through_it(tmp_path: Path) -> None:
    data = tmp_path / "annotations.json"
    data.write_text(f'{{"@id": "{EX}y", "{EX}tag": "hello"}}', encoding="utf-8")
    store = Store.from_files([data])
    assert store.query(f'ASK {{ <{EX}y> <{EX}tag> "hello" }}').boolean is True


def test_unreadable_rdf_is_a_store_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(StoreError, match=r"broken\.ttl"):
        Store.from_files([broken])


def test_a_missing_build_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=DATASET_FILE):
        Store.from_build(tmp_path)


def test_from_build_reads_the_dataset_file(tmp_path: Path) -> None:
    (tmp_path / DATASET_FILE).write_text(f'<{EX}a> <{EX}p> "1" <{EX}g> .\n', encoding="utf-8")
    assert len(Store.from_build(tmp_path)) == 1


def test_a_small_build_is_served_from_memory_a_large_one_from_its_disk_store(
    seed_build_dir: Path,
) -> None:
    small = Store.from_build(seed_build_dir)
    large = Store.from_build(seed_build_dir, memory_bytes=0)
    assert (small.on_disk, large.on_disk) == (False, True)
    count = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    assert sorted(small.query(count).rows) == sorted(large.query(count).rows)
    assert len(small) == len(large) > 10_000


def test_the_default_graph_is_the_union_of_the_named_graphs() -> None:
    rows = two_graphs().query("SELECT ?s WHERE { ?s ?p ?o }").rows
    assert subjects(rows) == {f"{EX}a", f"{EX}b"}


def test_from_selects_the_default_graph() -> None:
    rows = two_graphs().query(f"SELECT ?s FROM <{EX}g1> WHERE {{ ?s ?p ?o }}").rows
    assert subjects(rows) == {f"{EX}a"}


def test_protocol_dataset_overrides_from() -> None:
    result = two_graphs().query(
        f"SELECT ?s FROM <{EX}g1> WHERE {{ ?s ?p ?o }}", default_graph_uris=[f"{EX}g2"]
    )
    assert subjects(result.rows) == {f"{EX}b"}


def test_protocol_named_graphs_limit_graph_patterns() -> None:
    result = two_graphs().query(
        "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }", named_graph_uris=[f"{EX}g2"]
    )
    assert subjects(result.rows) == {f"{EX}b"}


def test_a_protocol_graph_not_in_the_store_is_empty_not_fetched() -> None:
    result = two_graphs().query("ASK { ?s ?p ?o }", default_graph_uris=["file:///etc/passwd"])
    assert result.boolean is False


@pytest.mark.parametrize(
    "clause", ["FROM <file:///etc/passwd>", "FROM NAMED <file:///etc/passwd>", "FROM <x>"]
)
def test_from_a_graph_not_in_the_store_is_refused(clause: str) -> None:
    with pytest.raises(QueryRefusedError, match="not in this store"):
        two_graphs().query(f"SELECT * {clause} WHERE {{ ?s ?p ?o }}")


def test_service_is_refused_and_nothing_connects() -> None:
    with listener() as local:
        with pytest.raises(QueryRefusedError, match="SERVICE"):
            two_graphs().query(f"SELECT * WHERE {{ SERVICE <{local.url}> {{ ?s ?p ?o }} }}")
        with pytest.raises(QueryRefusedError):
            two_graphs().query(f"ASK FROM <{local.url}> {{ ?s ?p ?o }}")
        time.sleep(0.3)
        assert local.connections == 0


def test_the_listener_does_see_an_engine_that_is_not_guarded() -> None:
    """Control: raw pyoxigraph would call the SERVICE, so the listener proves the refusal."""
    with listener() as local:
        engine = ox.Store()
        with pytest.raises(OSError, match=r"(?i)connection|http"):  # the listener hangs up
            list(engine.query(f"SELECT * WHERE {{ SERVICE <{local.url}> {{ ?s ?p ?o }} }}"))
        time.sleep(0.3)
        assert local.connections >= 1


def test_insert_data_is_refused_and_changes_nothing() -> None:
    store = two_graphs()
    with pytest.raises(UpdateRefusedError):
        store.query(f"INSERT DATA {{ <{EX}c> <{EX}p> 3 }}")
    assert len(store) == 2


def test_a_syntax_error_carries_the_engine_position() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        two_graphs().query("SELECT ?x\nWHERE {\n  ?x ?p\n}")
    assert caught.value.location is not None
    assert caught.value.location.line == 4


def test_the_row_cap_refuses_rather_than_truncates() -> None:
    store = two_graphs()
    assert len(store.query("SELECT * { ?s ?p ?o }", max_rows=2).rows) == 2
    with pytest.raises(ResultTooLargeError, match="more than 1 rows"):
        store.query("SELECT * { ?s ?p ?o }", max_rows=1)


def test_construct_gives_triples(mini: Store) -> None:
    result = mini.query(f"CONSTRUCT {{ ?s a ?t }} WHERE {{ ?s a ?t . FILTER(?s = <{ID}org/who>) }}")
    assert [t.object.value for t in result.triples] == ["https://w3id.org/wsiskg/ontology#Agency"]


def test_a_timeout_stops_the_query_in_its_child_process(mini: Store) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match="stopped"):
        mini.query(ENDLESS_QUERY, timeout=0.5)
    assert time.monotonic() - started < 3
    threads = {t.name for t in threading.enumerate()}
    assert len(threads) >= 1  # the caller is back; no thread left computing


def test_a_quick_query_with_a_timeout_answers_from_the_child(mini: Store) -> None:
    result = mini.query(f"ASK {{ <{ID}org/itu> ?p ?o }}", timeout=5)
    assert result.boolean is True


def test_errors_cross_the_process_boundary_with_their_location(mini: Store) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        mini.query("ASK {", timeout=5)
    assert caught.value.location is not None
    assert (caught.value.location.line, caught.value.location.column) == (1, 6)


# --- the query pool: a worker is used only once it has confined itself -----------------------


def test_a_worker_that_cannot_confine_itself_is_never_used(
    mini: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wsiskg.query import pool

    running = pool.QueryPool(mini, workers=1)
    try:
        assert running.size == 1
        running.close()
        monkeypatch.setattr(pool, "confine", lambda keep, memory: os._exit(3))  # in the fork
        with pytest.raises(StoreError, match=r"did not start \(exit code 3\)"):
            running.open()
        assert running.size == 0  # counted out again
    finally:
        running.close()
