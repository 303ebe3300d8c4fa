"""IRI minting follows the contract of docs/decisions/0001 and is stable."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from wsiskg.errors import BuildError
from wsiskg.graph.countries import COUNTRY_CODES
from wsiskg.graph.iris import (
    BaseIris,
    IriMinter,
    document_identity,
    load_manifest,
    proponent_code,
    slugify,
)
from wsiskg.resources import corpus_files

BASE = "https://w3id.org/wsiskg/"
VERSION = BASE + "id/doc/tunis-draft/eng/2005"
SEED_SHA = "d67e1af9a8eac27abffb74ce368db58510744ababe71c117089e0793e7bed4da"


@pytest.fixture
def minter() -> IriMinter:
    return IriMinter(BASE, "tunis-draft", "eng", "2005")


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda m: m.work(), BASE + "id/doc/tunis-draft"),
        (lambda m: m.expression(), VERSION),
        (lambda m: m.text(), VERSION + "/txt"),
        (lambda m: m.chapter(4), VERSION + "/chp_4"),
        (lambda m: m.paragraph("18"), VERSION + "/para_18"),
        (lambda m: m.item("7", "a"), VERSION + "/para_7__list_1__item_a"),
        (lambda m: m.continuation("41", 1), VERSION + "/para_41__cont_1"),
        (lambda m: m.span(1, 27452), VERSION + "/txt#char=1,27452"),
        (lambda m: m.alternative_set(10, 20), VERSION + "/alternatives/10-20"),
        (lambda m: m.alternative(10, 20, 2), VERSION + "/alternatives/10-20/2"),
        (lambda m: m.proposal("rus"), BASE + "id/doc/tunis-draft/annex-proposal/rus"),
        (lambda m: m.row("gha", "C7"), BASE + "id/doc/tunis-draft/annex-proposal/gha/row/C7"),
        (
            lambda m: m.cell("gha", "C7", "E-health"),
            BASE + "id/doc/tunis-draft/annex-proposal/gha/row/C7/e-health/cell",
        ),
        (
            lambda m: m.assignment("gha", "C7", None, "UN RCs", "coordinator"),
            BASE + "id/doc/tunis-draft/annex-proposal/gha/assignment/C7/un-rcs/coordinator",
        ),
        (lambda m: m.commitment("18", None, 1), VERSION + "/commitment/para_18/1"),
        (lambda m: m.commitment("7", "b", 2), VERSION + "/commitment/para_7__item_b/2"),
        (lambda m: m.action_line("C7", "E-health"), BASE + "id/action-line/C7/e-health"),
        (lambda m: m.action_line("B"), BASE + "id/action-line/B"),
        (lambda m: m.org("UN RCs"), BASE + "id/org/un-rcs"),
        (lambda m: m.modality("call upon"), BASE + "id/modality/call-upon"),
        (lambda m: m.level("national"), BASE + "id/level/national"),
        (lambda m: m.role("coordinator"), BASE + "id/role/coordinator"),
        (lambda m: m.basis("inherited"), BASE + "id/basis/inherited"),
        (lambda m: m.graph("assignments-inherited"), BASE + "graph/assignments-inherited"),
    ],
)
def test_contract_patterns(minter: IriMinter, call: object, expected: str) -> None:
    assert str(call(minter)) == expected  # type: ignore[operator]


def test_base_is_configurable() -> None:
    other = IriMinter("http://example.org/kg/", "d", "eng", "1")
    assert str(other.paragraph("1")) == "http://example.org/kg/id/doc/d/eng/1/para_1"


def test_base_without_separator_is_refused() -> None:
    with pytest.raises(BuildError, match="must end"):
        BaseIris("http://example.org/kg")


def test_unknown_graph_is_refused(minter: IriMinter) -> None:
    with pytest.raises(BuildError, match="unknown named graph"):
        minter.graph("everything")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("E-health", "e-health"),
        ("UN-Habitat", "un-habitat"),
        ("  ITU + UN RCs ", "itu-un-rcs"),
        ("Türkiye", "turkiye"),
        ("a__b", "a-b"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Russian Federation", "rus"),
        ("Ghana", "gha"),
        ("russian  federation", "rus"),
        ("Côte d'Ivoire", "civ"),
        ("Cote d'Ivoire", "civ"),
        ("United States of America", "usa"),
        ("Switzerland", "che"),
        ("Tunisia", "tun"),
        ("European Union", "european-union"),
    ],
)
def test_proponent_code(name: str, code: str) -> None:
    assert proponent_code(name) == code


def test_country_table_has_iso_shaped_codes() -> None:
    assert all(len(code) == 3 and code.isupper() for code in COUNTRY_CODES.values())


def test_empty_proponent_is_refused() -> None:
    with pytest.raises(BuildError):
        proponent_code("—")


def test_seed_identity_comes_from_the_manifest() -> None:
    seed = corpus_files()[0]
    identity = document_identity(seed, hashlib.sha256(seed.read_bytes()).hexdigest())
    assert (identity.slug, identity.lang, identity.version) == ("tunis-draft", "eng", "2005")
    assert identity.listed


def test_a_renamed_copy_of_the_seed_keeps_its_identity(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(corpus_files()[0].read_bytes())
    identity = document_identity(copy, SEED_SHA)
    assert identity.slug == "tunis-draft"


def test_unlisted_file_is_named_by_stem_and_hash(tmp_path: Path) -> None:
    text = tmp_path / "My Draft_2.txt"
    text.write_text("1. We agree.\n", encoding="utf-8")
    sha = hashlib.sha256(text.read_bytes()).hexdigest()
    identity = document_identity(text, sha)
    assert (identity.slug, identity.lang, identity.version) == ("my-draft-2", "eng", sha[:12])
    assert not identity.listed


def test_listed_name_with_other_content_is_not_the_listed_text(tmp_path: Path) -> None:
    manifest = {"x.txt": {"slug": "x-draft", "version": "1", "sha256": "0" * 64}}
    identity = document_identity(tmp_path / "x.txt", "f" * 64, manifest)
    assert identity.slug == "x"
    assert identity.version == "f" * 12


def test_manifest_parses() -> None:
    entries = load_manifest()
    assert entries["000_789c031e886835c5.txt"]["sha256"] == SEED_SHA


def test_minting_is_stable(minter: IriMinter) -> None:
    again = IriMinter(BASE, "tunis-draft", "eng", "2005")
    assert again.assignment("rus", "C7", "E-health", "WHO", "coordinator") == minter.assignment(
        "rus", "C7", "E-health", "WHO", "coordinator"
    )
