"""What one drafted section is given: only the data it needs, as plain values.

The data is the single source of truth for grounding: the prompt template renders it,
and :attr:`SectionData.allowed_numbers` is every number in it, so a number the draft
uses is either in what the model was shown or reported (CD204).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from copydesk.content.models import Article, Project, Role, Statistic
from copydesk.errors import DraftError
from copydesk.lint.rules.grounding import canonical_number, numbers_in
from copydesk.render.formatting import format_statistic, money
from copydesk.suggestions import did_you_mean

KINDS = ("faq", "summary", "description")
_STAT_CALL_RE = re.compile(r"""stat\(\s*["']([^"']+)["']\s*\)""")
_HEADING_RE = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_NOT_SLUG_RE = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class SectionData:
    name: str  # "faq", "summary", "description" or the heading to draft
    kind: str  # "faq", "summary", "description" or "section"
    article: Article
    role: Role | None
    statistics: tuple[Statistic, ...]  # the ones given, each with a value
    context: Mapping[str, Any]  # what the prompt template renders

    @property
    def slug(self) -> str:
        own = _NOT_SLUG_RE.sub("-", self.name.lower()).strip("-") or "section"
        return f"{own}-{self.role.slug}" if self.role else own

    @property
    def allowed_numbers(self) -> frozenset[str]:
        return frozenset(_numbers(self.context))


def find_article(project: Project, wanted: str) -> Article:
    """The article whose slug, path or path relative to the project is ``wanted``."""
    for article in project.articles:
        if wanted in (article.slug, article.location.path, str(article.path)):
            return article
    raise DraftError(f"no article '{wanted}'",
                     hint=did_you_mean(wanted, [a.slug for a in project.articles]))


def section_data(project: Project, article: Article, name: str, role_slug: str | None,
                 ) -> SectionData:
    role = _role(project, role_slug)
    statistics = _statistics(project, article, role)
    context: dict[str, Any] = {
        "article": {"title": article.title, "description": article.description,
                    "keyphrase": article.keyphrase or "", "year": article.date.year},
        "role": _role_values(role) if role else None,
        "statistics": [_statistic_values(s) for s in statistics],
    }
    kind = name if name in KINDS else "section"
    if kind == "faq":
        questions = [project.faq[faq_id].question for faq_id in article.faq]
        if not questions:
            raise DraftError(f"{article.title!r} lists no FAQ entries", article.location,
                             "add 'faq: [entry-id, ...]' to its front matter first")
        context["questions"] = questions
    elif kind == "section":
        context["heading"] = _heading(article, name)
    return SectionData(name, kind, article, role, statistics, context)


def _role(project: Project, slug: str | None) -> Role | None:
    if slug is None:
        return None
    role = project.role(slug)
    if role is None:
        raise DraftError(f"no role '{slug}'",
                         hint=did_you_mean(slug, [r.slug for r in project.roles]))
    return role


def _statistics(project: Project, article: Article, role: Role | None) -> tuple[Statistic, ...]:
    """A role's statistics; else those the article cites or that are about its roles."""
    cited = set(_STAT_CALL_RE.findall(article.body))
    wanted = ({role.slug} if role else set(article.roles))
    return tuple(s for s in project.statistics.values() if s.value is not None and (
        (role is None and s.id in cited) or wanted.intersection(s.roles)))


def _heading(article: Article, wanted: str) -> str:
    headings = [match.group(1) for match in _HEADING_RE.finditer(article.body)
                if "{" not in match.group(1)]
    for heading in headings:
        if heading.casefold() == wanted.strip().casefold():
            return heading
    raise DraftError(f"no section '{wanted}' in {article.location.path}",
                     article.location, "use faq, summary, description or a heading of the "
                     f"article; {did_you_mean(wanted, headings)}")


def _statistic_values(statistic: Statistic) -> dict[str, Any]:
    source = statistic.source
    claim = " ".join(statistic.claim.split()).rstrip(".")
    return {"value": format_statistic(statistic), "claim": claim,
            "source": source.name if source else "",
            "as_of": statistic.as_of.year if statistic.as_of else None}


def _role_values(role: Role) -> dict[str, Any]:
    salary = role.salary
    pay = ""
    if salary is not None:
        pay = (f"{money(salary.minimum, salary.currency)} to "
               f"{money(salary.maximum, salary.currency)} per {salary.period} in {salary.year}"
               + (f" ({salary.note})" if salary.note else ""))
    return {"title": role.title, "question": role.question,
            "summary": " ".join(role.summary.split()),
            "responsibilities": list(role.responsibilities), "skills": list(role.skills),
            "salary": pay}


def _numbers(value: object) -> set[str]:
    """Every number in a plain value: in strings, and numbers themselves."""
    if isinstance(value, str):
        return set(numbers_in(value))
    if isinstance(value, bool) or value is None:
        return set()
    if isinstance(value, int | Decimal):
        return {canonical_number(value)}
    if isinstance(value, Mapping):
        return {n for item in value.values() for n in _numbers(item)}
    if isinstance(value, Sequence):
        return {n for item in value for n in _numbers(item)}
    return set()
