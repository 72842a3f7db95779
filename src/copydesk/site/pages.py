"""Every HTML page of the site: articles, role pages, index, 404, one at a time.

Each page gets its own claims ledger; what ``stat()`` records there becomes the page's
Sources section, its build warnings and its rows in ``claims.json``. Each page also says
which templates and statistics it read (``copydesk.site.dependencies``), so that the
build cache knows when it must be rendered again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup

from copydesk.config import Config
from copydesk.content.models import Article, FaqEntry, Project, Role
from copydesk.errors import Location
from copydesk.lint.html_body import PlainBody
from copydesk.render import jsonld
from copydesk.render.environment import Renderer
from copydesk.render.helpers import LEDGER_VARIABLE
from copydesk.render.ledger import BuildWarning, Claim, PageLedger
from copydesk.site.dependencies import AttributeTracker, ReadTracker, TemplateRecorder
from copydesk.site.urls import PagePath, absolute_url, page_path


@dataclass(frozen=True)
class PageMeta:
    """What base.html needs for the head: title, description, canonical URL, JSON-LD."""

    title: str
    description: str
    url: str  # absolute, the canonical URL
    og_type: str
    jsonld: tuple[jsonld.JsonLd, ...]
    indexable: bool = True  # False: search engines are asked not to list the page
    image: str | None = None  # absolute URL of the share image, when the page has one


@dataclass(frozen=True)
class FaqItem:
    """One visible FAQ entry; JSON-LD uses these very strings, so the two always match."""

    id: str
    question: str
    answer_html: Markup


@dataclass(frozen=True)
class Page:
    path: PagePath
    source: Location  # the record or template the page comes from
    html: str
    lastmod: datetime | None = None
    claims: tuple[Claim, ...] = ()
    warnings: tuple[BuildWarning, ...] = ()
    templates: frozenset[str] = frozenset()  # every template name it loaded
    statistics: frozenset[str] = frozenset()  # ids it printed or read, or EVERY
    article_fields: frozenset[str] = frozenset()  # of the articles it lists, or EVERY
    body: PlainBody | None = None  # the article's body as written, when plain Markdown


def newest_first(articles: Sequence[Article], timezone: str) -> list[Article]:
    """The index's order: newest first, by date in the site's time zone."""
    return sorted(articles, key=lambda a: jsonld.with_timezone(a.date, timezone), reverse=True)


class PageBuilder:
    def __init__(self, config: Config, project: Project, renderer: Renderer) -> None:
        self.config = config
        self.site = config.site
        self.project = project
        self.renderer = renderer
        self.recorder = TemplateRecorder(renderer.environment, renderer.body_environment)
        self._statistics = ReadTracker(project.statistics)
        self._article_fields: set[str] = set()
        self._roles = {role.slug: role for role in project.roles}  # made once, not a page

    def article(self, article: Article) -> Page:
        path = page_path(article.slug, source=article.location)
        url = absolute_url(self.site, path.url)
        ledger = PageLedger(path.url)
        # the loader has checked every reference in the front matter
        author = self.project.authors[article.author] if article.author else None
        variables: dict[str, Any] = {
            "site": self.site, "article": article, "author": author, LEDGER_VARIABLE: ledger,
            "roles": [self._roles[slug] for slug in article.roles],
            "statistics": self._statistics,
        }
        for name in article.data:
            variables[name] = self.project.data[name].items
        body = self.renderer.string(
            article.body, variables, Location(article.location.path, article.body_line))
        faq = [self._faq_item(self.project.faq[entry_id]) for entry_id in article.faq]
        image = self._image(article)
        blocks = [
            jsonld.blog_posting(self.site, article, author, url, image),
            jsonld.breadcrumbs(self._trail(article.title, url)),
        ]
        if faq:
            blocks.append(jsonld.faq_page([(item.question, item.answer_html) for item in faq]))
        page = PageMeta(article.title, article.description, url, "article", tuple(blocks),
                        image=image)
        content, plain = self.renderer.markdown_body(body)
        variables.update(page=page, content=content, faq=faq)
        html = self.renderer.template(article.template, variables, article.location)
        return self._page(path, article.location, html, ledger, article.updated or article.date,
                          plain)

    def role(self, role: Role) -> Page:
        path = page_path("roles", role.slug, source=role.location)
        url = absolute_url(self.site, path.url)
        ledger = PageLedger(path.url)
        blocks = (jsonld.occupation(role, url), jsonld.breadcrumbs(self._trail(role.title, url)))
        variables = {
            "site": self.site, "role": role, LEDGER_VARIABLE: ledger,
            "page": PageMeta(role.title, role.summary, url, "website", blocks),
            "role_statistics": [s for s in self.project.statistics.values()
                                if role.slug in s.roles],
        }
        html = self.renderer.template("role.html", variables, role.location)
        return self._page(path, role.location, html, ledger)

    def index(self, articles: Sequence[Article]) -> Page:
        source = self._template_location("index.html")
        path = page_path(source=source)
        url = absolute_url(self.site, path.url)
        page = PageMeta(self.site.title, self.site.description, url, "website",
                        (jsonld.website(self.site),))
        ledger = PageLedger(path.url)
        variables = {
            "site": self.site, "page": page, LEDGER_VARIABLE: ledger,
            "articles": [(page_path(a.slug, source=a.location).url,
                          AttributeTracker(a, self._article_fields))
                         for a in newest_first(articles, self.site.timezone)],
            "roles": [(page_path("roles", r.slug, source=r.location).url, r)
                      for r in self.project.roles],
        }
        return self._page(path, source, self.renderer.template("index.html", variables, source),
                          ledger)

    def not_found(self) -> Page:
        path = PagePath("/404.html", "404.html")
        page = PageMeta("Page not found", self.site.description,
                        absolute_url(self.site, path.url), "website", (), indexable=False)
        ledger = PageLedger(path.url)
        variables = {"site": self.site, "page": page, LEDGER_VARIABLE: ledger}
        source = self._template_location("404.html")
        return self._page(path, source, self.renderer.template("404.html", variables, source),
                          ledger)

    def _template_location(self, name: str) -> Location:
        return Location(self.config.display(self.config.templates_path / name))

    def _image(self, article: Article) -> str | None:
        """The front matter's ``image:``, made absolute: share previews need a full URL."""
        image = article.extra.get("image")
        if not isinstance(image, str) or not image:
            return None
        return absolute_url(self.site, image) if image.startswith("/") else image

    def _trail(self, title: str, url: str) -> list[tuple[str, str]]:
        return [("Home", absolute_url(self.site, "/")), (title, url)]

    def _faq_item(self, entry: FaqEntry) -> FaqItem:
        return FaqItem(entry.id, entry.question, self.renderer.markdown(entry.answer).strip())

    def _page(self, path: PagePath, source: Location, html: str, ledger: PageLedger,
              lastmod: datetime | None = None, body: PlainBody | None = None) -> Page:
        statistics = {claim.statistic for claim in ledger.claims} | self._statistics.read
        self._statistics.read.clear()
        fields = frozenset(self._article_fields)
        self._article_fields.clear()
        return Page(path, source, html, lastmod, tuple(ledger.claims), tuple(ledger.warnings),
                    self.recorder.take(), frozenset(statistics), fields, body)

