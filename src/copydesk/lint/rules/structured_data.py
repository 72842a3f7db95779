"""CD7xx structured data: the JSON-LD of an HTML page, checked against the page itself.

Every rule reads ``Document.page.json_ld`` (Markdown has no structured data) and sees
``@graph`` arrays, lists of entities and ``@type`` lists the same way (``_jsonld``).
Findings point at the line of the ``<script type="application/ld+json">`` element, and
a parse error at the line inside it.

FAQ markup: Google stopped showing FAQ rich results in 2026. FAQPage stays valid
schema.org that other consumers (assistants, answer engines, other search engines) read,
so copydesk checks it for correctness only; it does not promise a rich result.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from copydesk.lint.document import Document
from copydesk.lint.finding import Severity
from copydesk.lint.rule import Hit, Rule, RuleContext
from copydesk.lint.rules._jsonld import (
    ARTICLE_TYPES,
    as_list,
    entities,
    line_hit,
    parse_moment,
    parsed_blocks,
    same_moment,
)
from copydesk.lint.rules.faq_markup import check_faq_mismatch

_ARTICLE_PROPERTIES = ("headline", "author", "datePublished", "image")
# Each JSON-LD date and the Open Graph article tag that states the same date.
_DATE_PROPERTIES = (("datePublished", "article:published_time"),
                    ("dateModified", "article:modified_time"))
# Types that make a page a listing or an article, where a JobPosting cannot be the one vacancy.
_NOT_A_VACANCY_TYPES = ARTICLE_TYPES | {"ItemList", "CollectionPage"}


def check_invalid_json_ld(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a ``<script type="application/ld+json">`` whose content is not valid JSON, or
    is JSON but neither an object nor a list of objects, at the line of the error.

    Why it matters:
    Search engines and other readers drop a block that does not parse, silently: the page
    loses all of its structured data over one trailing comma.

    Example:
    ``{"@type": "BlogPosting", "headline": "Roles in 2026",}``: remove the trailing comma.
    """
    if document.page is None:
        return
    for block, value in parsed_blocks(document):
        if isinstance(value, json.JSONDecodeError):
            yield line_hit(block.line + value.lineno - 1,
                           f"JSON-LD does not parse: {value.msg} (line {value.lineno}, column "
                           f"{value.colno} of the script's content); fix the JSON there")
            continue
        if not isinstance(value, (dict, list)) or not all(
                isinstance(item, dict) for item in as_list(value)):
            yield line_hit(block.line, "JSON-LD must be an object or a list of objects; "
                           "wrap the data in {\"@context\": ..., \"@type\": ...}")


def check_incomplete_article(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags an Article, BlogPosting or NewsArticle without ``headline``, ``author``,
    ``datePublished`` or ``image``, and a ``datePublished`` or ``dateModified`` that is
    not an ISO 8601 date-time with a time zone.

    Why it matters:
    Search engines and share previews use these to show the article with its title,
    byline, date and picture; a date without a time zone is read in the search engine's
    own zone and can show the wrong day. Google lists them as recommended, not required,
    so this is a warning.

    Example:
    ``"datePublished": "2026-01-15"``: write ``"2026-01-15T09:00:00+00:00"``.
    """
    if document.page is None:
        return
    for entity in entities(document):
        if not entity.types & ARTICLE_TYPES:
            continue
        kind = "/".join(sorted(entity.types & ARTICLE_TYPES))
        missing = [name for name in _ARTICLE_PROPERTIES if not entity.data.get(name)]
        if missing:
            yield line_hit(entity.line, f"{kind} has no {', '.join(missing)}; add "
                           f"{'it' if len(missing) == 1 else 'them'} to the JSON-LD")
        for name, _ in _DATE_PROPERTIES:
            raw = entity.data.get(name)
            if raw is None:
                continue
            moment = parse_moment(raw)
            if moment is None or not moment.has_timezone:
                problem = "is not an ISO 8601 date" if moment is None else "has no time zone"
                yield line_hit(entity.line, f"{kind} {name} {raw!r} {problem}; write a date-time "
                               "with an offset, such as 2026-01-15T09:00:00+00:00")


def check_date_mismatch(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a JSON-LD ``datePublished`` or ``dateModified`` that lies in the future, or that
    differs from what the page shows: the ``article:published_time`` or
    ``article:modified_time`` meta tag, and for ``datePublished`` the ``<time
    datetime>`` elements (a page may show several dates; the published one must be among
    them). Values with a time zone on both sides compare as instants, others by the
    calendar date as written.

    Why it matters:
    Search engines show one of the two dates; when they disagree the reader sees a date
    the page contradicts, and a future date looks like a mistake or a trick.

    Example:
    ``<time datetime="2026-01-15">`` on the page and ``"datePublished": "2025-01-15..."``
    in the JSON-LD: a year copied from last year's post.
    """
    if document.page is None:
        return
    page = document.page
    times = [(moment, line) for value, line in page.times
             if (moment := parse_moment(value)) is not None]
    for entity in entities(document):
        for name, meta in _DATE_PROPERTIES:
            moment = parse_moment(entity.data.get(name))
            if moment is None:
                continue  # CD702 reports a date that does not parse
            written = entity.data.get(name)
            if moment.day > context.today:
                yield line_hit(entity.line, f"{name} {written!r} lies in the future; "
                               "use the real publication date")
            declared = parse_moment(page.meta.get(meta))
            if declared is not None and not same_moment(moment, declared):
                yield line_hit(entity.line, f"{name} {written!r} differs from <meta "
                               f"property=\"{meta}\"> at line "
                               f"{page.meta_lines.get(meta, 0)}; make them the same")
            if name == "datePublished" and times and not any(
                    same_moment(moment, time) for time, _ in times):
                yield line_hit(entity.line, f"{name} {written!r} is not a date the page shows "
                               f"(<time> at line {times[0][1]} says "
                               f"{times[0][0].day.isoformat()}); make them the same")


def check_invalid_breadcrumbs(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a BreadcrumbList with fewer than two items, or whose ListItem ``position``
    values are not the integers 1, 2, ... n in the order the items are listed.

    Why it matters:
    A trail of one step is no trail, and Google orders the crumbs by ``position``: a
    missing, textual or repeated position shows a wrong or no breadcrumb.

    Example:
    ``"position": "1"`` (a string): write ``"position": 1``.
    """
    if document.page is None:
        return
    for entity in entities(document):
        if "BreadcrumbList" not in entity.types:
            continue
        items = as_list(entity.data.get("itemListElement"))
        if len(items) < 2:
            yield line_hit(entity.line, f"BreadcrumbList has {len(items)} item"
                           f"{'' if len(items) == 1 else 's'}; a trail needs at "
                           "least two (home and this page)")
        positions = [item.get("position") if isinstance(item, dict) else None for item in items]
        expected = list(range(1, len(items) + 1))
        if any(type(position) is not int for position in positions):
            yield line_hit(entity.line, f"BreadcrumbList positions {positions} are not all "
                           "integers; write 1, 2, ... without quotes")
        elif positions != expected:
            yield line_hit(entity.line, f"BreadcrumbList positions {positions} should be "
                           f"{expected}: numbered from 1, in the order listed")


def check_misused_job_posting(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags JobPosting markup on a page that is not a single open vacancy. The heuristic:
    more than one JobPosting on the page; a JobPosting next to an Article, BlogPosting,
    NewsArticle, ItemList or CollectionPage (an article or a listing, not a vacancy); or
    a JobPosting without ``hiringOrganization`` or ``validThrough`` (no employer, no
    closing date: a role description, not an opening).

    Why it matters:
    Google shows JobPosting only for one real, open vacancy per page and treats markup
    on articles, listings or expired jobs as spam. A page about a role should use
    schema.org ``Occupation``, as copydesk's role pages do.

    Example:
    A blog post "The Most In-Demand ML Roles" marking each role up as a JobPosting:
    use Occupation, or link to the real vacancy pages.
    """
    if document.page is None:
        return
    found = entities(document)
    postings = [entity for entity in found if "JobPosting" in entity.types]
    if not postings:
        return
    if len(postings) > 1:
        yield line_hit(postings[1].line, f"{len(postings)} JobPostings on one page; a JobPosting "
                       "page describes a single vacancy")
    layout = sorted({name for entity in found for name in entity.types & _NOT_A_VACANCY_TYPES})
    if layout:
        yield line_hit(postings[0].line, f"JobPosting on a page marked up as {', '.join(layout)}; "
                       "an article or a list is not a vacancy, use Occupation")
    for posting in postings:
        missing = [name for name in ("hiringOrganization", "validThrough")
                   if not posting.data.get(name)]
        if missing:
            yield line_hit(posting.line, f"JobPosting has no {' or '.join(missing)}; a real "
                           "vacancy names its employer and closing date")


RULES: tuple[Rule, ...] = (
    Rule("CD701", "invalid-json-ld", Severity.ERROR, check_invalid_json_ld),
    Rule("CD702", "incomplete-article-markup", Severity.WARNING, check_incomplete_article),
    Rule("CD703", "json-ld-date-mismatch", Severity.ERROR, check_date_mismatch),
    Rule("CD704", "faq-markup-mismatch", Severity.ERROR, check_faq_mismatch),
    Rule("CD705", "invalid-breadcrumb-list", Severity.ERROR, check_invalid_breadcrumbs),
    Rule("CD706", "misused-job-posting", Severity.ERROR, check_misused_job_posting),
)
