"""Synthetic negotiation drafts of the seed's genre, for benchmarks at 1× to 1000× its size.

A generated draft copies the seed's layout conventions (see ``cat -A`` of the seed): an outer
bracket opening before the first chapter heading and closing on a line of its own; a
paragraph number on its own line (``"2."``, sometimes ``"1. "``) or in front of its text
(``"40. Building…"``); lettered items ``"a) …; "`` continuing a chapeau that ends in ``:``,
with or without empty lines between them; level headings ``"At the national level:"``;
continuation text between items; wholly bracketed paragraphs (``"[13. …]"`` and
``"[15.\\n…]"``); nested brackets; alternatives in the four printed forms ``[a/b/c]``,
``[a] /[b]/[c]``, ``[a] [b]`` and ``x [/ y]``; and annex tables of coordinator proposals laid
out like Annex A (Russian Federation) and Annex B (Ghana): tab-indented cells, a
``[ANNEX X (Country)`` heading, a header row, rows C1–C11 (C1/C2 sometimes printed with a
Cyrillic ``С`` as in the seed), the C7 bullet block with one cell per sub-line (blank and ``-``
cells included), then sections B, D and E, and ``]`` on its own line.

The output depends only on the seed number: ``generate(scale=10, seed=1)`` is the same text
on every machine. Scale by *documents* (``scale`` drafts of about the seed's size) or by
*length* (one draft ``scale`` times as long).

    python -m bench.generate --scale 10 --out build/bench/corpus-10 [--mode long] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SEED_CHARS = 27_503  # size of corpus/000_789c031e886835c5.txt
PARAGRAPHS = 40  # paragraphs per draft of about the seed's size (with two annexes)
CHAPTER_NAMES = ("One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten")
CHAPTER_TITLES = (
    "Implementation Mechanism",
    "Financial Mechanisms",
    "Internet Governance",
    "The Way Ahead",
    "Follow-up and Review",
    "Capacity Building",
    "Enabling Environment",
)
VERBS = ("encourage", "call upon", "request", "invite", "urge", "call on", "recommend")
ACTORS = (
    "governments",
    "all stakeholders",
    "those governments that have not yet done so",
    "UN agencies and Regional Commissions",
    "the International Telecommunication Union (ITU)",
    "international and intergovernmental organisations",
    "the private sector and civil society",
    "national statistical offices and e-government agencies",
    "the Secretary General of the United Nations",
    "regional inter-governmental organizations",
    "donors and development partners",
)
ACTIONS = (
    "elaborate comprehensive, forward looking and sustainable national e-strategies",
    "support these efforts by providing technical support",
    "strengthen the statistical capacity of developing countries",
    "develop their policy analysis and capacity-building programmes",
    "participate actively in the review and policy debate activities",
    "share useful knowledge and know-how related to the design of national e-strategies",
    "establish an information gathering mechanism",
    "contribute new and updated information on their activities",
    "assist those countries affected by the digital divide",
    "promote multi-stakeholder partnerships including Public Private Partnerships (PPPs)",
)
COMPLEMENTS = (
    "as an integral part of national development plans",
    "in order to bridge the digital divide",
    "taking into account different national circumstances",
    "with full observance of applicable national and international laws",
    "in a collaborative manner",
    "within approved budgetary resources",
    "at the national, regional and international levels",
)
OPENINGS = (
    "We recognise that it is now time to move from principles to action",
    "We reaffirm our commitment to providing equitable access to information and knowledge",
    "We acknowledge the leading role of governments in partnership with other stakeholders",
    "We affirm that the exchange of views and the sharing of effective practices are essential",
    "We are determined to improve global, regional and national connectivity",
    "WSIS follow up mechanisms should be based on a multi-stakeholder approach",
)
GERUNDS = (
    "mainstreaming and aligning national e-strategies across local, national and regional "
    "action plans",
    "developing and implementing enabling policies and regulatory frameworks",
    "building the ICT capacities of people and nations",
    "promoting community involvement in the ICT for development sector",
    "ensuring that library and information services are available",
    "improving access to the world's health knowledge and telemedicine services",
    "establishing standards-based monitoring and early-warning systems",
    "digitizing our cultural treasures for the benefit of future generations",
    "encouraging good information management policies in public and private sectors",
)
SUBJECTS = (
    "National e-strategies",
    "Each UN agency",
    "UN Regional economic Commissions",
    "Existing bilateral and multilateral technical assistance programmes",
    "Regional inter-governmental organizations",
    "Common Country Assessment reports",
)
MODALS = ("should", "could", "may", "should continue to")
LEVELS = ("national", "regional", "international")
WORDS = ("international", "only", "WSIS", "and resources", "Geneva", "all", "review", "dates")
YEARS = ("2006", "2007", "2008", "2009", "2010", "2015")
ALTERNATIVE_WORDS = (
    ("all", "all women and men", "all citizens"),
    ("agreements", "decisions", "outcomes"),
    ("volunteerism", "involvement"),
    ("evaluation", "review"),
    ("policies", "actions", "programmes"),
)

ACTION_LINES = (
    "The role of public governance authorities and all stakeholders in the promotion of ICTs "
    "for development",
    "Information and communication infrastructure",
    "Access to information and knowledge",
    "Capacity building",
    "Building confidence and security in the use of ICTs",
    "Enabling environment",
    "ICT Applications",
    "Cultural diversity and identity, linguistic diversity and local content",
    "Media",
    "Ethical dimensions of the Information Society",
    "International and regional cooperation",
)
SUBLINES = (
    "E-government",
    "E-business",
    "E-learning",
    "E-health",
    "E-employment",
    "E-environment",
    "E-agriculture",
    "E-science",
)
SECTIONS = (
    ("B", "Objectives, goals and targets"),
    ("D", "Digital Solidarity"),
    ("E", "Follow-up and evaluation"),
)
AGENCIES = (
    "ITU",
    "UNESCO",
    "UNDP",
    "ECOSOC",
    "WHO",
    "ILO",
    "WMO",
    "FAO",
    "UNCTAD",
    "WTO",
    "UNEP",
    "UN-Habitat",
    "UN RCs",
    "Regional political bodies",
)
JOINERS = (" + ", "+ ", " +", "/", "+")
COUNTRIES = (
    "Russian Federation",
    "Ghana",
    "Brazil",
    "India",
    "Japan",
    "Kenya",
    "Mexico",
    "Norway",
    "Senegal",
    "Tunisia",
    "Argentina",
    "Egypt",
    "Canada",
    "Chile",
    "China",
    "Finland",
    "Indonesia",
    "Jamaica",
    "Malaysia",
    "Morocco",
    "Nigeria",
    "Pakistan",
    "Peru",
    "Philippines",
    "South Africa",
    "Sweden",
    "Switzerland",
    "Thailand",
    "Uganda",
    "Viet Nam",
)
SEED_PROPONENTS = ("Russian Federation", "Ghana")
CYRILLIC_ES = "\u0421"  # the seed prints C1 and C2 of Annex A with a Cyrillic capital Es


@dataclass
class Counts:
    """What a generated draft holds, to check a parser against (and to size benchmarks)."""

    chapters: int = 0
    paragraphs: int = 0
    items: int = 0
    wholly_bracketed: int = 0
    alternatives: int = 0
    continuations: int = 0
    proposals: int = 0
    rows: int = 0
    proponents: list[str] = field(default_factory=list)


class Draft:
    """Writes one draft line by line; ``rng`` decides every choice."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lines: list[str] = []
        self.counts = Counts()
        self.number = 0

    # --- sentences --------------------------------------------------------------------------

    def pick(self, options: tuple[str, ...]) -> str:
        return options[self.rng.randrange(len(options))]

    def bracketed(self, phrase: str) -> str:
        """The phrase, sometimes with a bracket, a nested bracket or an alternative in it."""
        roll = self.rng.random()
        if roll < 0.15:
            return f"{phrase} [{self.pick(WORDS)}]"
        if roll < 0.22:
            return f"[{self.pick(WORDS)} [{self.pick(WORDS)}] {phrase}]"
        if roll < 0.40:
            return f"{phrase} {self.alternative()}"
        return phrase

    def alternative(self) -> str:
        """One alternative group in one of the four printed forms."""
        self.counts.alternatives += 1
        form = self.rng.randrange(4)
        if form == 0:
            years = sorted(self.rng.sample(YEARS, self.rng.randint(2, 4)))
            return f"[by {'/'.join(years)}]"
        options = self.pick_options()
        if form == 1:
            return f"[{options[0]}] /" + "/".join(f"[{o}]" for o in options[1:])
        if form == 2:
            return " ".join(f"[{o}]" for o in options)
        return f"{options[0]} [/ {options[1]}]"

    def pick_options(self) -> tuple[str, ...]:
        return ALTERNATIVE_WORDS[self.rng.randrange(len(ALTERNATIVE_WORDS))]

    def commitment(self) -> str:
        """'We encourage governments to … .'"""
        verb, actor = self.pick(VERBS), self.pick(ACTORS)
        action = self.bracketed(self.pick(ACTIONS))
        return f"We {verb} {actor} to {action}, {self.pick(COMPLEMENTS)}."

    def prose(self, sentences: int) -> str:
        parts = [f"{self.pick(OPENINGS)}, {self.pick(COMPLEMENTS)}."]
        parts += [self.commitment() for _ in range(sentences)]
        return " ".join(parts)

    # --- paragraphs -------------------------------------------------------------------------

    def next_number(self) -> str:
        self.number += 1
        self.counts.paragraphs += 1
        return str(self.number)

    def number_line(self) -> str:
        return self.next_number() + self.pick((".", ".", ".", ". "))

    def gap(self, probability: float = 0.4) -> None:
        if self.rng.random() < probability:
            self.lines.append("")

    def plain_paragraph(self) -> None:
        if self.rng.random() < 0.1:
            self.lines.append(f"{self.next_number()}. {self.prose(self.rng.randint(2, 4))}")
        else:
            self.lines.append(self.number_line())
            self.lines.append(self.prose(self.rng.randint(2, 4)) + self.pick(("", " ")))
        self.gap()

    def wholly_bracketed_paragraph(self) -> None:
        self.counts.wholly_bracketed += 1
        text = self.commitment()
        if self.rng.random() < 0.5:
            self.lines.append(f"[{self.next_number()}. {text}]")
        else:
            self.lines.append(f"[{self.next_number()}.")
            self.lines.append(f"{text}]")
        self.gap()

    def items(self, count: int, render: Callable[[], str], continuation: int | None = None) -> None:
        """Lettered items; ``continuation``: after that item comes unlettered text between
        empty lines (as after item a of the seed's paragraph 41)."""
        for index in range(count):
            label = "abcdefghijklmnopqrstuvwxyz"[index]
            self.counts.items += 1
            end = "." if index == count - 1 else self.pick((";", "; ", ";"))
            text = render()
            if self.rng.random() < 0.06:
                self.counts.wholly_bracketed += 1
                self.lines.append(f"{label}) [{text}{end}]")
            else:
                self.lines.append(f"{label}) {text}{end}")
            if index == continuation:
                self.counts.continuations += 1
                self.lines += ["", self.commitment(), ""]
            else:
                self.gap(0.5)

    def gerund_item(self) -> str:
        return self.bracketed(self.pick(GERUNDS))

    def level_item(self) -> str:
        subject, modal = self.pick(SUBJECTS), self.pick(MODALS)
        return f"{subject} {modal} {self.bracketed(self.pick(ACTIONS))}"

    def chapeau_paragraph(self) -> None:
        self.lines.append(self.number_line())
        verb, actor = self.pick(VERBS), self.pick(ACTORS)
        self.lines.append(
            f"We {verb} {actor} to achieve the indicative targets, {self.pick(COMPLEMENTS)}, by:"
        )
        self.gap(0.6)
        count = self.rng.randint(3, 12)
        continuation = self.rng.randrange(count - 1) if self.rng.random() < 0.2 else None
        self.items(count, self.gerund_item, continuation)

    def level_paragraph(self) -> None:
        self.lines.append(self.number_line())
        level = self.pick(LEVELS)
        if self.rng.random() < 0.5:
            self.lines.append(f"At the {level} level:")
        else:
            self.lines.append(
                f"At the {level} level, we {self.pick(VERBS)} {self.pick(ACTORS)} "
                "to set up an implementation framework, in which:"
            )
        self.gap(0.6)
        self.items(self.rng.randint(2, 5), self.level_item)

    def paragraph(self) -> None:
        roll = self.rng.random()
        if roll < 0.10:
            self.wholly_bracketed_paragraph()
        elif roll < 0.22:
            self.chapeau_paragraph()
        elif roll < 0.32:
            self.level_paragraph()
        else:
            self.plain_paragraph()

    # --- chapters ---------------------------------------------------------------------------

    def chapter(self, index: int, paragraphs: int, annexes: tuple[str, ...]) -> None:
        name = CHAPTER_NAMES[index % len(CHAPTER_NAMES)]
        title = CHAPTER_TITLES[index % len(CHAPTER_TITLES)]
        prefix = " [" if index == 0 else ""
        self.lines.append(f"{prefix}Chapter {name}: {title}")
        self.counts.chapters += 1
        if index > 0:
            self.lines.append("")
            self.number += self.rng.choice((0, 0, 5, 17))  # chapters of other drafts between
        for _ in range(paragraphs):
            self.paragraph()
        if annexes:
            self.gap(1.0)
        for letter_index, proponent in enumerate(annexes):
            Annex(self, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[letter_index], proponent).write()


class Annex:
    """One proposal table in one of the seed's two layouts."""

    def __init__(self, draft: Draft, letter: str, proponent: str) -> None:
        self.draft = draft
        self.rng = draft.rng
        self.letter = letter
        self.proponent = proponent
        self.ghana_style = self.rng.random() < 0.5
        self.lines = draft.lines

    def coordinators(self) -> str:
        chosen = self.rng.sample(AGENCIES, self.rng.randint(1, 3))
        text = chosen[0]
        for agency in chosen[1:]:
            text += self.draft.pick(JOINERS) + agency
        return text

    def cell(self) -> str:
        roll = self.rng.random()
        if self.ghana_style and roll < 0.08:
            return "-"
        if self.ghana_style and roll < 0.25:
            return "- " + self.coordinators()
        return self.coordinators()

    def write(self) -> None:
        counts = self.draft.counts
        counts.proposals += 1
        counts.proponents.append(self.proponent)
        self.lines.append(f"[ANNEX {self.letter} ({self.proponent})")
        if self.ghana_style:
            self.lines += ["", "\tAction Lines", "\t[Moderator/Coordinator]", ""]
        else:
            self.lines += ["\tAction Line ", "\tCoordinator(s) ", ""]
        for number, title in enumerate(ACTION_LINES, start=1):
            if number == 7:
                self.c7(title)
            else:
                self.row(self.code(number), title)
        for code, title in SECTIONS:
            self.row(code, title)
        self.lines += ["", "]", ""]

    def code(self, number: int) -> str:
        cyrillic = not self.ghana_style and number <= 2 and self.rng.random() < 0.5
        return f"{CYRILLIC_ES if cyrillic else 'C'}{number}"

    def row(self, code: str, title: str) -> None:
        self.draft.counts.rows += 1
        space = " " if not self.ghana_style and self.rng.random() < 0.5 else ""
        self.lines += [f"\t{code}. {title}{space}", f"\t{self.cell()}{space}", ""]

    def c7(self, title: str) -> None:
        self.draft.counts.rows += 1 + len(SUBLINES)
        if self.ghana_style:
            self.c7_ghana(title)
        else:
            self.c7_russia(title)

    def c7_russia(self, title: str) -> None:
        """Bullets (some followed by an empty line), then one cell per sub-line; only the first
        cell is tab-indented, the rest stand alone between empty lines."""
        self.lines += [f"\tC7. {title} ", ""]
        for subline in SUBLINES:
            self.lines.append(f"\u00b7 {subline} ")
            self.draft.gap(0.4)
        cells = [self.coordinators() for _ in SUBLINES]
        self.lines.append(f"\t{cells[0]}")
        for cell in cells[1:]:
            self.lines += ["", cell]
        self.lines.append("")

    def c7_ghana(self, title: str) -> None:
        """Bullets, the parent's own cell, then per sub-line a blank action-line cell and its
        coordinator cell (itself blank for some sub-lines)."""
        self.lines += [f"\tC7. {title}", ""]
        self.lines += [f"\u25cf {subline}" for subline in SUBLINES]
        self.lines += [f"\t{self.coordinators()}", ""]
        for _ in SUBLINES:
            cell = "" if self.rng.random() < 0.25 else self.coordinators()
            self.lines += ["\t", f"\t{cell}", ""]


def generate_draft(
    rng: random.Random,
    paragraphs: int = PARAGRAPHS,
    annexes: int = 2,
    proponents: tuple[str, ...] = SEED_PROPONENTS,
) -> tuple[str, Counts]:
    """One draft of ``paragraphs`` paragraphs over 2–4 chapters with ``annexes`` proposals by
    distinct ``proponents`` (at most as many annexes as proponents)."""
    draft = Draft(rng)
    chapters = max(1, min(len(CHAPTER_NAMES), 2 + paragraphs // 40))
    share, extra = divmod(paragraphs, chapters)
    proponents = tuple(rng.sample(proponents, min(annexes, len(proponents))))
    for index in range(chapters):
        count = share + (1 if index < extra else 0)
        draft.chapter(index, count, proponents if index == 0 else ())
    draft.lines += ["]", *[""] * 11]
    return "\n".join(draft.lines), draft.counts


def generate(scale: float, seed: int = 0, mode: str = "documents") -> list[tuple[str, str, Counts]]:
    """Drafts totalling about ``scale`` times the seed's size: ``(file name, text, counts)``.

    ``documents``: ``ceil(scale)`` drafts of about the seed's size (the last one shorter for a
    fractional scale), each with annexes by the seed's two proponents. ``long``: one draft
    with ``scale`` times the paragraphs and annexes, proponents drawn from 30 member states.
    """
    rng = random.Random(seed)
    if mode == "long":
        annexes = max(1, min(len(COUNTRIES), round(2 * scale)))
        text, counts = generate_draft(rng, max(1, round(PARAGRAPHS * scale)), annexes, COUNTRIES)
        return [(f"{seed:03d}_long_{scale:g}x.txt", text, counts)]
    drafts = []
    remaining = scale
    index = 0
    while remaining > 1e-9:
        part = min(1.0, remaining)
        text, counts = generate_draft(rng, max(1, round(PARAGRAPHS * part)), 2 if part > 0.5 else 1)
        drafts.append((f"{index:05d}_synthetic_{seed}.txt", text, counts))
        remaining -= part
        index += 1
    return drafts


def write_corpus(out: Path, scale: float, seed: int = 0, mode: str = "documents") -> list[Path]:
    """Write the drafts of :func:`generate` into ``out``; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text, _ in generate(scale, seed, mode):
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="times the seed's size")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mode", choices=("documents", "long"), default="documents")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    paths = write_corpus(args.out, args.scale, args.seed, args.mode)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} drafts, {size:,} bytes ({size / SEED_CHARS:.1f}× the seed) in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
