"""Varied, seeded prose for the benchmark corpus: sentence templates filled from word lists.

The prose has to make the readability and repetition rules do real work, so sentence length,
openings and vocabulary vary from paragraph to paragraph; a fixed lorem-ipsum text would let
any per-word cache answer everything after the first page.
"""

from __future__ import annotations

import random

ROLES = (
    "data engineers", "machine learning engineers", "platform engineers", "security analysts",
    "product designers", "site reliability engineers", "data scientists", "cloud architects",
    "frontend developers", "backend developers", "analytics managers", "QA engineers",
    "MLOps specialists", "embedded engineers", "technical writers", "solutions architects",
)
INDUSTRIES = (
    "fintech", "healthcare", "retail", "logistics", "insurance", "gaming", "energy",
    "biotech", "media", "manufacturing", "travel", "education", "telecoms", "public sector",
)
SUBJECTS = (
    "Hiring managers", "Most teams", "Smaller companies", "Founders", "Recruiters",
    "Engineering leads", "Candidates", "The best employers", "Growing start-ups",
    "Large enterprises", "Talent partners", "Busy teams", "Finance leaders", "HR teams",
)
VERBS = (
    "struggle to find", "compete hard for", "often overlook", "now prioritise", "quietly lose",
    "rarely retain", "keep chasing", "underpay", "misjudge", "train up", "promote",
    "look abroad for", "share", "borrow",
)
QUALITIES = (
    "experienced", "senior", "versatile", "reliable", "curious", "specialist", "remote",
    "mid-level", "well-rounded", "pragmatic", "junior", "highly skilled",
)
REASONS = (
    "because the pool of candidates is small",
    "since salaries have risen faster than budgets",
    "as projects move from prototype to production",
    "while demand keeps outpacing supply",
    "because the interview process takes too long",
    "when the job description promises too much",
    "since the best people rarely apply to adverts",
    "as regulation adds new duties every quarter",
    "because competitors move faster on offers",
    "while the tools change every few months",
)
ADVERBS = (
    "Often", "In practice", "Today", "Increasingly", "Meanwhile", "Yet", "Still", "Above all",
    "For many teams", "In short", "Even so", "By contrast", "Over time", "At the same time",
)
NOUNS = (
    "onboarding plan", "pay band", "career path", "interview loop", "job advert", "offer letter",
    "referral scheme", "training budget", "team structure", "hiring plan", "skills matrix",
    "probation review", "retention bonus", "remote policy",
)
LONG_TAILS = (
    "and that gap shows up first in delivery dates, then in morale, and finally in the budget "
    "conversations that nobody on the leadership team enjoys having",
    "which means that a clear and honest description of the work, the tools, the pay and the "
    "career path matters more than any clever slogan on the careers page",
    "so the teams that plan their hiring a quarter ahead, agree the budget early and move "
    "quickly on offers tend to win the candidates everyone else wanted",
)
QUESTIONS = (
    "Why is it so hard to hire {role} in {industry}?",
    "What do {role} in {industry} expect from an employer?",
    "How long does it take to hire {role}?",
    "What should a job advert for {role} include?",
    "How much do {role} in {industry} earn?",
    "Which skills matter most for {role}?",
    "Should you hire {role} remotely?",
    "How do you keep {role} once you have hired them?",
)
HEADINGS = (
    "Why {industry} teams compete for {role}",
    "What good {role} bring to a {industry} business",
    "How to write a job advert {role} will answer",
    "Pay, benefits and what {role} really want",
    "Interviewing {role} without losing them",
    "Onboarding {role} in their first ninety days",
    "Keeping {role} for the long term",
    "Where to find {role} outside the usual channels",
)


def _lower_first(text: str) -> str:
    """Lower-case an opening word for mid-sentence use, sparing acronyms such as "HR"."""
    first, _, rest = text.partition(" ")
    return f"{first if first.isupper() else first.lower()} {rest}"


class ProseWriter:
    """Sentences and paragraphs about hiring one kind of role in one industry."""

    def __init__(self, rng: random.Random, role: str, industry: str) -> None:
        self.rng = rng
        self.role = role
        self.industry = industry

    def fill(self, template: str) -> str:
        return template.format(role=self.role, industry=self.industry)

    def sentence(self) -> str:
        pick = self.rng.choice
        shape = self.rng.randrange(7)
        if shape == 0:
            text = f"{pick(SUBJECTS)} {pick(VERBS)} {pick(QUALITIES)} {self.role}."
        elif shape == 1:
            text = (f"{pick(ADVERBS)}, {_lower_first(pick(SUBJECTS))} {pick(VERBS)} "
                    f"{pick(QUALITIES)} {self.role} {pick(REASONS)}.")
        elif shape == 2:
            text = (f"A good {pick(NOUNS)} helps {self.role} in {self.industry} settle in, "
                    f"{pick(REASONS)}.")
        elif shape == 3:
            text = f"The {pick(NOUNS)} matters more than the {pick(NOUNS)}."
        elif shape == 4:
            text = (f"{pick(SUBJECTS)} in {self.industry} {pick(VERBS)} {self.role}, "
                    f"{pick(LONG_TAILS)}.")
        elif shape == 5:
            text = (f"When the {pick(NOUNS)} is vague, {pick(QUALITIES)} {self.role} "
                    f"walk away and {_lower_first(pick(SUBJECTS))} start again.")
        else:
            text = (f"{pick(ADVERBS)}, the {pick(NOUNS)} and the {pick(NOUNS)} decide whether "
                    f"{self.role} stay.")
        return text

    def paragraph(self, sentences: int, extra: tuple[str, ...] = ()) -> str:
        parts = [self.sentence() for _ in range(sentences)]
        for sentence in extra:
            parts.insert(self.rng.randrange(len(parts) + 1), sentence)
        return " ".join(parts)

    def list_items(self, count: int) -> list[str]:
        return [f"Review the {self.rng.choice(NOUNS)} {self.rng.choice(REASONS)}."
                for _ in range(count)]
