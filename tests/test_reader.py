"""The reader view (issue 14, item 1) and entity pages that lead with meaning (item 2)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

READ = "/read/doc/tunis-draft/eng/2005"
RUS = "/id/doc/tunis-draft/annex-proposal/rus"


@pytest.fixture(scope="module")
def reader(seed_client: TestClient) -> str:
    page = seed_client.get(READ)
    assert page.status_code == 200
    return page.text


def test_the_drafts_are_listed(seed_client: TestClient) -> None:
    assert f'href="{READ}"' in seed_client.get("/read").text


def test_the_outline_is_in_document_order(reader: str) -> None:
    outline = reader[
        reader.index('<nav class="outline"') : reader.index(
            "</nav>", reader.index('<nav class="outline"')
        )
    ]
    numbers = [int(n) for n in re.findall(r">Paragraph (\d+)<", outline)]
    assert numbers == sorted(numbers)
    assert len(numbers) == 32
    assert re.search(r">Chapter One: Implementation Mechanism<", outline)
    items = re.findall(r'href="#para_19__list_1__item_(\w)"', outline)
    assert items == sorted(items)
    assert len(items) >= 3


def test_brackets_alternatives_and_levels_are_marked(reader: str) -> None:
    section = reader[reader.index('id="para_2"') :]
    section = section[: section.index("</section>")]
    assert '<span class="bracket-1">' in section
    assert "alternative" in section  # [by 2007/2008/2009/2010]
    assert re.search(r'class="[^"]*\blevel\b', reader)
    assert re.search(r'class="bracket-2', reader)  # nested brackets are visible as such


def test_commitments_and_mentions_are_annotated(reader: str) -> None:
    verb = re.search(r'<a class="commitment[^"]*" href="#(note-[^"]+)"', reader)
    assert verb is not None
    note = reader[reader.index(f'id="{verb.group(1)}"') :]
    note = note[: note.index("</details>")]
    for term in ("Modality", "Addressees", "Level", "Deadline"):
        assert f"<dt>{term}</dt>" in note
    assert re.search(r'<a class="mention[^"]*" href="/id/org/itu" title="ITU">', reader)


def test_previous_next_and_cite(reader: str) -> None:
    section = reader[reader.index('id="para_10"') :]
    section = section[: section.index("</section>")]
    assert 'rel="prev" href="#para_9"' in section
    assert 'rel="next" href="#para_11"' in section
    cite = section[section.index('<details class="cite">') :]
    assert "https://w3id.org/wsiskg/id/doc/tunis-draft/eng/2005/para_10" in cite
    assert "<dt>Version</dt>" in cite
    assert "<blockquote>10." in cite


def test_an_agency_page_leads_with_its_portfolio_mentions_and_commitments(
    seed_client: TestClient,
) -> None:
    page = seed_client.get("/id/org/itu").text
    order = [
        page.index(h) for h in ("Portfolio per proposal", "Mentions in the text", "All statements")
    ]
    assert order == sorted(order)  # the meaning first, the triples below
    assert re.search(r"Annex A \(Russian Federation\)</td><td class=\"num\">\d+", page)
    assert re.search(r"<mark>ITU</mark>", page)  # a mention in its surroundings
    assert "Commitments addressed to it" in page


def test_an_action_line_page_marks_inherited_coordinators(seed_client: TestClient) -> None:
    page = seed_client.get("/id/action-line/C7/e-government").text
    table = page[page.index("Coordinators in each proposal") :]
    table = table[: table.index("</table>")]
    assert '<span class="inherited">inherited</span>' in table
    assert "Annex B (Ghana)" in table


def test_an_assignment_shows_its_cell_in_context(seed_client: TestClient) -> None:
    page = seed_client.get(RUS + "/assignment/C7/e-health/who/coordinator").text
    cell = page[page.index("Read from this annex cell") :]
    assert '<span class="focus">WHO</span>' in cell or re.search(
        r'class="[^"]*focus[^"]*">WHO<', cell
    )
    assert "E-health" in cell  # the row around the cell
