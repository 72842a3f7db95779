"""schema.org JSON-LD as plain dicts; templates emit them with ``|tojson``, which escapes
``<``, ``>``, ``&`` and ``'`` so that data containing ``</script>`` cannot end the block.

Role pages describe an ``Occupation`` with ``estimatedSalary``, not a ``JobPosting``:
Google reserves JobPosting for a real open vacancy.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from copydesk.config import SiteConfig
from copydesk.content.models import Article, Author, Role

JsonLd = dict[str, Any]
CONTEXT = "https://schema.org"
_DURATIONS = {"year": "P1Y", "month": "P1M", "week": "P1W", "day": "P1D", "hour": "PT1H"}


def with_timezone(moment: datetime, timezone: str) -> datetime:
    """``moment`` with the site's time zone when it was written without one."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=ZoneInfo(timezone))


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def blog_posting(site: SiteConfig, article: Article, author: Author | None, url: str,
                 image: str | None = None) -> JsonLd:
    published = with_timezone(article.date, site.timezone)
    modified = with_timezone(article.updated, site.timezone) if article.updated else published
    data: JsonLd = {
        "@context": CONTEXT,
        "@type": "BlogPosting",
        "headline": article.title,
        "description": article.description,
        "datePublished": published.isoformat(),
        "dateModified": modified.isoformat(),
        "inLanguage": site.language,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "publisher": {"@type": "Organization", "name": site.title, "url": site.base_url},
    }
    if author is not None:
        person: JsonLd = {"@type": "Person", "name": author.name}
        if author.url:
            person["url"] = author.url
        if author.job_title:
            person["jobTitle"] = author.job_title
        data["author"] = person
    if article.keyphrase or article.tags:
        data["keywords"] = ", ".join(filter(None, (article.keyphrase, *article.tags)))
    if image:
        data["image"] = image
    return data


def website(site: SiteConfig) -> JsonLd:
    return {"@context": CONTEXT, "@type": "WebSite", "name": site.title,
            "url": site.base_url, "description": site.description, "inLanguage": site.language}


def faq_page(questions_and_answers: Sequence[tuple[str, str]]) -> JsonLd:
    """FAQPage from the same (question, answer text) pairs the page shows."""
    return {
        "@context": CONTEXT,
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": question,
             "acceptedAnswer": {"@type": "Answer", "text": answer}}
            for question, answer in questions_and_answers
        ],
    }


def breadcrumbs(trail: Sequence[tuple[str, str]]) -> JsonLd:
    """BreadcrumbList from (name, absolute URL) pairs, outermost first."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def occupation(role: Role, url: str) -> JsonLd:
    data: JsonLd = {
        "@context": CONTEXT,
        "@type": "Occupation",
        "name": role.title,
        "description": role.summary,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
    }
    if role.skills:
        data["skills"] = list(role.skills)
    if role.responsibilities:
        data["responsibilities"] = list(role.responsibilities)
    if role.salary is not None:
        salary = role.salary
        distribution: JsonLd = {
            "@type": "MonetaryAmountDistribution",
            "name": salary.note or "base salary",
            "currency": salary.currency,
            "duration": _DURATIONS[salary.period],
            "minValue": _json_number(salary.minimum),
            "maxValue": _json_number(salary.maximum),
        }
        data["estimatedSalary"] = [distribution]
    return data
