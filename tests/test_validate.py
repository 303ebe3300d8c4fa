"""The validation wrapper: reading files, the report, and ``wsiskg validate``'s exit codes."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from typer.testing import CliRunner

from wsiskg.check.shacl import document_parts, format_report, validate_file, validate_graph
from wsiskg.cli import EXIT_ERROR, EXIT_NONCONFORMING, EXIT_OK, app
from wsiskg.errors import GraphFileError
from wsiskg.graph.lexicon import load_vocabularies
from wsiskg.graph.rdf_files import read_graph
from wsiskg.namespaces import WSIS

SHAPES_DATA = Path(__file__).parent / "data" / "shapes"


@pytest.fixture(scope="module")
def valid() -> Graph:
    return Graph().parse(SHAPES_DATA / "valid.ttl") + load_vocabularies()


@pytest.fixture(scope="module")
def broken(valid: Graph) -> Graph:
    # one violation (a second modality) and one warning (an unresolved mention)
    extra = Graph().parse(SHAPES_DATA / "commitment.ttl")
    extra += Graph().parse(SHAPES_DATA / "unresolved-mention.ttl")
    return valid + extra


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld", ".rdf"])
def test_valid_graph_files_conform(valid: Graph, tmp_path: Path, suffix: str) -> None:
    formats = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".rdf": "xml"}
    path = tmp_path / f"data{suffix}"
    valid.serialize(path, format=formats[suffix], encoding="utf-8")
    report = validate_file(path)
    assert report.conforms
    assert report.violations == ()


def write_quads(graph: Graph, path: Path) -> None:
    """Half the triples in one named graph, half in another, as N-Quads or TriG."""
    lines = sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip())
    names = ("<https://w3id.org/wsiskg/graph/structure>", "<https://w3id.org/wsiskg/graph/schemes>")
    if path.suffix == ".nq":
        text = "".join(f"{line[:-1]}{names[i % 2]} .\n" for i, line in enumerate(lines))
    else:
        text = "".join(
            f"{name} {{\n" + "".join(f"{line}\n" for line in lines[k::2]) + "}\n"
            for k, name in enumerate(names)
        )
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("name", ["dataset.nq", "dataset.trig"])
def test_quads_merge_every_named_graph(valid: Graph, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_quads(valid, path)
    assert len(read_graph(path)) == len(valid)
    assert validate_file(path).conforms


def test_a_dataset_is_validated_as_the_union_of_its_graphs(valid: Graph) -> None:
    with warnings.catch_warnings():  # rdflib's Dataset warns about its own internals
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset = Dataset()
        for i, triple in enumerate(sorted(valid)):
            dataset.graph(URIRef(f"https://w3id.org/wsiskg/graph/g{i % 2}")).add(triple)
    assert validate_graph(dataset).conforms


def test_report_separates_violations_and_warnings(broken: Graph) -> None:
    report = validate_graph(broken)
    assert not report.conforms
    (violation,) = report.violations
    (warning,) = report.warnings
    assert violation.severity == "Violation"
    assert violation.source_shape == "<https://w3id.org/wsiskg/shapes#CommitmentShape>"
    assert violation.focus_node.endswith("/commitment/para_1/1>")
    assert violation.path == "<https://w3id.org/wsiskg/ontology#modality>"
    assert warning.source_shape == "<https://w3id.org/wsiskg/shapes#UnresolvedMentionWarningShape>"
    assert report.warning_messages == (str(warning),)
    text = format_report(report)
    lines = text.splitlines()
    assert lines[0] == "Validation: does NOT conform (1 violations, 1 warnings)"
    assert lines[1].startswith("[Violation]")
    assert lines[2].startswith("[Warning]")
    assert report.text == text


def test_warnings_alone_still_conform(valid: Graph) -> None:
    report = validate_graph(valid + Graph().parse(SHAPES_DATA / "unresolved-mention.ttl"))
    assert report.conforms
    assert len(report.warnings) == 1


def _validate(path: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["validate", str(path)])
    return result.exit_code, result.stdout, result.stderr


def test_cli_validate_exit_codes(valid: Graph, broken: Graph, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.nt", tmp_path / "bad.nt"
    valid.serialize(good, format="nt", encoding="utf-8")
    broken.serialize(bad, format="nt", encoding="utf-8")
    code, out, _ = _validate(good)
    assert (code, "Validation: conforms" in out) == (EXIT_OK, True)
    code, out, _ = _validate(bad)
    assert (code, "CommitmentShape" in out) == (EXIT_NONCONFORMING, True)
    code, _, err = _validate(tmp_path / "missing.ttl")
    assert (code, "missing.ttl: no such file" in err) == (EXIT_ERROR, True)


def test_cli_validate_reads_a_build_directory(valid: Graph, tmp_path: Path) -> None:
    write_quads(valid, tmp_path / "dataset.nq")
    code, out, _ = _validate(tmp_path)
    assert (code, "conforms" in out) == (EXIT_OK, True)


def test_unreadable_files_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(GraphFileError, match=r"broken\.ttl: cannot be read as turtle"):
        read_graph(bad)
    odd = tmp_path / "data.csv"
    odd.write_text("a,b", encoding="utf-8")
    with pytest.raises(GraphFileError, match=r"data\.csv: unknown RDF file extension"):
        read_graph(odd)


# --- a corpus is validated document by document ---------------------------------------------

DOC = "https://w3id.org/wsiskg/id/doc/"
MENTION = "eng/1/txt#char=35,46"  # "governments" in the fixture's text


def _second_document(extra: str = "") -> Graph:
    """The fixture document again under another slug (a corpus of two), plus ``extra``."""
    text = (SHAPES_DATA / "valid.ttl").read_text(encoding="utf-8") + extra
    return Graph().parse(data=text.replace("id/doc/test", "id/doc/other"), format="turtle")


def test_a_corpus_is_cut_into_one_part_per_document(valid: Graph) -> None:
    corpus = valid + _second_document()
    parts = dict(document_parts(corpus))
    assert set(parts) == {DOC + "test", DOC + "other"}
    shared = {t for t in corpus if not str(t[0]).startswith(DOC)}
    for own, other in (("test", "other"), ("other", "test")):
        part = parts[DOC + own]
        assert shared <= set(part)
        assert any(str(s).startswith(DOC + own) for s in part.subjects())
        assert not any(str(s).startswith(DOC + other) for s in part.subjects())
    assert document_parts(valid) == [(None, valid)]  # one document: the graph itself


def test_a_corpus_conforms_and_a_break_in_one_document_is_found(valid: Graph) -> None:
    assert validate_graph(valid + _second_document()).conforms
    broken_second = _second_document((SHAPES_DATA / "commitment.ttl").read_text(encoding="utf-8"))
    report = validate_graph(valid + broken_second)
    (violation,) = report.violations
    assert violation.focus_node.startswith(f"<{DOC}other/")


def test_a_pointer_into_another_document_keeps_its_class(valid: Graph) -> None:
    """sh:class on a value of another document: its type travels with the part."""
    commitment = URIRef(DOC + "test/eng/1/commitment/para_1/1")
    pointer = (commitment, WSIS.addresseeMention, URIRef(DOC + "other/" + MENTION))
    assert validate_graph(valid + _second_document() + Graph().add(pointer)).conforms
    dangling = (commitment, WSIS.addresseeMention, URIRef(DOC + "nowhere/" + MENTION))
    assert not validate_graph(valid + _second_document() + Graph().add(dangling)).conforms
