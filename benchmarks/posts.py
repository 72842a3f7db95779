"""The benchmark posts as values: one seeded generator per post, so post ``i`` is the same
whatever the corpus size, and data records shared by groups of :data:`GROUP` posts.

A body is Markdown in which a statistic stands as ``{{ stat("id") }}``, the form copydesk
renders; :func:`plain_body` turns it into the text the peers get.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

from benchmarks.prose import HEADINGS, INDUSTRIES, QUESTIONS, ROLES, ProseWriter

GROUP = 5  # posts sharing one set of statistics and FAQ entries
STATS_PER_GROUP = 3
FAQ_PER_GROUP = 3
TARGET_WORDS = 1100
FAQ_HEADING = "Frequently Asked Questions"
FIRST_DATE = date(2026, 1, 1)
STAT_RE = re.compile(r'\{\{ stat\("([a-z0-9-]+)"\) \}\}')
TITLES = (
    ("How to Hire {Role} in {Industry}", "hire {role}"),
    ("{Role} Salaries in {Industry}: 2026 Guide", "{role} salaries"),
    ("Interviewing {Role} for {Industry} Teams", "interviewing {role}"),
    ("Keeping {Role} in {Industry} for Longer", "keeping {role}"),
    ("Where to Find {Role} in {Industry}", "find {role}"),
)


@dataclass(frozen=True)
class Statistic:
    id: str
    value: float | None  # None: never filled in, the "[Insert %]" of the seed post
    unit: str  # "%" or "x"
    sentence: str  # the claim, with VALUE where the number goes
    source: str | None  # publisher name; None for an unsourced number
    url: str | None

    def formatted(self) -> str:
        if self.value is None:
            return f"[Insert {self.unit}]"
        return f"{self.value:g}{self.unit}"


@dataclass(frozen=True)
class FaqEntry:
    id: str
    question: str
    answer: str


@dataclass(frozen=True)
class Group:
    """The data records that :data:`GROUP` consecutive posts share."""

    index: int
    role: str
    industry: str
    statistics: tuple[Statistic, ...]
    faq: tuple[FaqEntry, ...]


@dataclass(frozen=True)
class Post:
    index: int
    slug: str
    title: str
    description: str
    keyphrase: str
    published: date
    author: str
    tags: tuple[str, ...]
    body: str  # Markdown with {{ stat("id") }} markers; no FAQ section (data gives it)
    group: Group


AUTHORS = ("alex-morgan", "sam-patel", "jo-okafor")
PUBLISHERS = (
    ("Hiring Pulse Survey", "https://research.example.org/hiring-pulse"),
    ("Talent Economics Review", "https://talent-economics.example.net/review"),
    ("National Skills Bureau", "https://skills-bureau.example.gov/statistics"),
)


def make_group(seed: int, index: int) -> Group:
    rng = random.Random(f"{seed}:group:{index}")
    role, industry = rng.choice(ROLES), rng.choice(INDUSTRIES)
    writer = ProseWriter(rng, role, industry)
    statistics = tuple(_statistic(rng, f"s{index:05d}-{k}", role, industry)
                       for k in range(STATS_PER_GROUP))
    questions = rng.sample(QUESTIONS, FAQ_PER_GROUP)
    faq = tuple(FaqEntry(f"q{index:05d}-{k}", writer.fill(question), writer.paragraph(3))
                for k, question in enumerate(questions))
    return Group(index, role, industry, statistics, faq)


def _statistic(rng: random.Random, id_: str, role: str, industry: str) -> Statistic:
    kind = rng.randrange(6)
    value = None if kind == 0 else round(rng.uniform(5, 95), rng.choice((0, 1)))
    unit = "x" if kind == 1 else "%"
    if unit == "x":
        value = round(rng.uniform(1.5, 4), 1)
        sentence = f"Offers for {role} in {industry} now take VALUE as long to agree as in 2023."
    else:
        sentence = rng.choice((
            f"Around VALUE of {industry} employers plan to hire more {role} in 2026.",
            f"In 2026, VALUE of {role} changed jobs within two years.",
            f"Roughly VALUE of {industry} vacancies for {role} stay open beyond sixty days.",
        ))
    sourced = kind >= 3  # half the numbers have a source, as in a typical draft
    publisher, url = rng.choice(PUBLISHERS)
    return Statistic(id_, value, unit, sentence, publisher if sourced else None,
                     url if sourced else None)


def make_post(seed: int, index: int, group: Group) -> Post:
    rng = random.Random(f"{seed}:post:{index}")
    role, industry = group.role, group.industry
    title_template, keyphrase_template = TITLES[index % len(TITLES)]
    names = {"role": role, "industry": industry,
             "Role": role.title(), "Industry": industry.title()}
    title, keyphrase = title_template.format(**names), keyphrase_template.format(**names)
    writer = ProseWriter(rng, role, industry)
    description = (f"A practical guide for {industry} teams on {keyphrase}: what {role} "
                   "expect, what they earn and how to keep them.")[:156]
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].rstrip("-")
    return Post(
        index=index, slug=f"{slug}-{index:05d}", title=title, description=description,
        keyphrase=keyphrase, published=FIRST_DATE + timedelta(days=index % 300),
        author=AUTHORS[index % len(AUTHORS)], tags=(role, industry, "hiring"),
        body=_body(rng, writer, keyphrase, group), group=group)


def _body(rng: random.Random, writer: ProseWriter, keyphrase: str, group: Group) -> str:
    blocks = [writer.paragraph(3, (f"This guide covers {keyphrase} step by step.",)),
              "## Key takeaways", "\n".join(f"- {item}" for item in writer.list_items(4))]
    claims = [s.sentence.replace("VALUE", f'{{{{ stat("{s.id}") }}}}') for s in group.statistics]
    defects = _defects(rng, writer)
    headings = rng.sample(HEADINGS, len(HEADINGS))
    questions = rng.sample(QUESTIONS, len(QUESTIONS))  # a repeated heading is a defect
    words = placed = 0
    for number, heading in enumerate(headings):
        if words > TARGET_WORDS - 380:  # the FAQ and the lead add the rest
            break
        extra = tuple(claims[number:number + 1]) + tuple(defects[number:number + 1])
        placed = number + 1
        section = [f"## {writer.fill(heading)}", writer.paragraph(rng.randint(4, 7), extra),
                   f"### {writer.fill(questions[number])}", writer.paragraph(rng.randint(4, 7))]
        if number == 1:
            section.append("\n".join(f"{n}. {item}"
                                     for n, item in enumerate(writer.list_items(3), start=1)))
        blocks.extend(section)
        words += sum(len(block.split()) for block in section)
    blocks.extend(claims[placed:] + defects[placed:])
    if rng.random() < 0.12:  # a paragraph that lost its full stop
        blocks[-1] = blocks[-1].rstrip(".")
    return "\n\n".join(blocks) + "\n"


def _defects(rng: random.Random, writer: ProseWriter) -> list[str]:
    """Sentences a linter must catch, planted in some posts."""
    found = []
    if rng.random() < 0.25:
        found.append("Ask [Insert company name] for the exact figures.")
    if rng.random() < 0.2:
        found.append(f"Our data shows that {writer.role} value flexibility above pay.")
    if rng.random() < 0.15:
        found.append(f"That is why you must hire {writer.role} in 2025 who know the tools.")
    if rng.random() < 0.1:
        found.append("TODO: add a quote from the hiring manager.")
    rng.shuffle(found)
    return found


def plain_body(post: Post) -> str:
    """The body as the peers get it: numbers written in, with their sources, and the FAQ."""
    statistics = {statistic.id: statistic for statistic in post.group.statistics}

    def number(match: re.Match[str]) -> str:
        statistic = statistics[match.group(1)]
        return statistic.formatted()

    body = STAT_RE.sub(number, post.body)
    for statistic in post.group.statistics:
        if statistic.source is not None:
            written = statistic.sentence.replace("VALUE", statistic.formatted())
            body = body.replace(written, written[:-1]
                                + f" ([{statistic.source}]({statistic.url})).")
    faq = "\n\n".join(f"### {entry.question}\n\n{entry.answer}" for entry in post.group.faq)
    return f"{body}\n## {FAQ_HEADING}\n\n{faq}\n"
