"""``copydesk build``: content + templates -> every page in memory -> lint -> one atomic write.

With ``strict`` an error-level finding stops the build before the write, so the previous
``site/`` stays as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from copydesk.config import Config
from copydesk.content import load_project
from copydesk.content.models import Article, Project
from copydesk.errors import BuildError, ConfigError, Location
from copydesk.lint.finding import Finding, Severity
from copydesk.render.environment import Renderer
from copydesk.render.jsonld import with_timezone
from copydesk.render.ledger import BuildWarning, Claim
from copydesk.site import feeds
from copydesk.site.lint_build import lint_build
from copydesk.site.pages import Page, PageBuilder
from copydesk.site.writer import check_output_dir, write_site


@dataclass(frozen=True)
class BuildResult:
    pages: tuple[Page, ...]
    warnings: tuple[BuildWarning, ...]
    output_dir: Path
    ledger: tuple[Claim, ...]
    findings: tuple[Finding, ...] = ()  # lint of the sources and the built pages
    written: bool = True  # False when --strict refused to replace the site

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == Severity.ERROR)


def build_site(config: Config, *, drafts: bool = False, future: bool = False,
               now: datetime | None = None, strict: bool = False) -> BuildResult:
    """Load the project under ``config.root`` and build it into the output directory."""
    return build_project(config, load_project(config), drafts=drafts, future=future, now=now,
                         strict=strict)


def build_project(config: Config, project: Project, *, drafts: bool = False,
                  future: bool = False, now: datetime | None = None,
                  strict: bool = False) -> BuildResult:
    """Build already loaded content; ``now`` decides which articles are future-dated."""
    check_output_dir(config.output_path, {"project root": config.root,
                                          "content folder": config.content_path,
                                          "templates folder": config.templates_path})
    zone = _timezone(config)  # a bad time zone fails here, naming the config file
    moment = with_timezone(now or datetime.now(zone), config.site.timezone)
    articles = [article for article in project.articles
                if _publishable(article, config, drafts, future, moment)]
    builder = PageBuilder(config, project, Renderer(config, project.statistics))
    article_pages = [builder.article(article) for article in articles]
    role_pages = [builder.role(role) for role in project.roles]
    index = builder.index(articles)
    pages = (index, *article_pages, *role_pages, builder.not_found())
    _check_unique_urls(pages)

    files = {page.path.file: page.html for page in pages}
    ledger = tuple(claim for page in pages for claim in page.claims)
    files["sitemap.xml"] = feeds.sitemap(config.site, (index, *article_pages, *role_pages))
    files["robots.txt"] = feeds.robots(config.site)
    files["feed.xml"] = feeds.atom(
        config.site, [(page.path.url, article) for page, article in zip(
            article_pages, articles, strict=True)], project.authors)
    files["claims.json"] = feeds.claims_json(config, ledger)
    warnings = tuple(warning for page in pages for warning in page.warnings)
    result = BuildResult(pages, warnings, config.output_path, ledger,
                         lint_build(config, pages, files).findings, written=False)
    if strict and result.errors:
        return result
    write_site(config.output_path, files)
    return replace(result, written=True)


def _timezone(config: Config) -> ZoneInfo:
    try:
        return ZoneInfo(config.site.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"unknown time zone '{config.site.timezone}'",
                          Location(config.display(config.source or config.root)),
                          "set [site] timezone to an IANA name such as 'Europe/London' or "
                          "'UTC'") from None


def _publishable(article: Article, config: Config, drafts: bool, future: bool,
                 now: datetime) -> bool:
    if article.draft and not drafts:
        return False
    return future or with_timezone(article.date, config.site.timezone) <= now


def _check_unique_urls(pages: Iterable[Page]) -> None:
    seen: dict[str, Page] = {}
    for page in pages:
        first = seen.setdefault(page.path.url, page)
        if first is not page:
            raise BuildError(
                f"two pages claim the URL {page.path.url}: {first.source} and {page.source}",
                page.source, "give one of them a different slug")
