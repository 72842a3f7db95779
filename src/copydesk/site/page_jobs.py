"""The pages of a build as jobs: planned in the main process, rendered and linted anywhere.

A :class:`PageJob` names one page and carries the digest of what its template is given
(:func:`plan_pages`), so the build can tell an unchanged page before rendering it. A job
is done by :func:`build_page`: render, write the HTML into the staging folder, lint it.
Jobs run in worker processes forked from the build, which find the loaded project in
:data:`_BUILD` (set by :func:`prepared` before the pool starts): a project of 10,000
articles is inherited by fork, never pickled per chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from copydesk.config import Config
from copydesk.content.models import Article, Fingerprinted, Project
from copydesk.errors import Location
from copydesk.render.environment import Renderer
from copydesk.site import feeds
from copydesk.site.cache import EVERY, MISSING, BuiltPage, Dependencies, bytes_digest, digest
from copydesk.site.lint_build import (
    PageLintSettings,
    SiteFiles,
    lint_page,
    relint_from_site,
    traced_here,
    tracer_for,
)
from copydesk.site.packed import spooling
from copydesk.site.pages import Page, PageBuilder, newest_first
from copydesk.site.urls import PagePath, page_path
from copydesk.site.writer import write_page_file

PageKind = Literal["index", "article", "role", "404"]


@dataclass(frozen=True)
class PageJob:
    kind: PageKind
    key: str  # which article (its slug) or role (its slug); "" for index and 404
    path: PagePath
    source: Location
    own: str  # digest of the page's variables and template, with the config and code


def plan_pages(config: Config, project: Project, articles: Sequence[Article],
               stamp: str) -> list[PageJob]:
    """Index, articles, roles and 404, in the site's order; ``stamp`` covers config and code."""
    def template(name: str) -> Location:
        return Location(config.display(config.templates_path / name))

    # Which articles the index lists, in its order; what it shows of each is recorded as
    # it renders (PageInputs.articles).
    jobs = [PageJob("index", "", page_path(source=template("index.html")),
                    template("index.html"),
                    digest(stamp, "index", [role.fingerprint for role in project.roles],
                           [a.slug for a in newest_first(articles, config.site.timezone)]))]
    job = article_jobs(project, stamp)
    jobs.extend(job(article) for article in articles)
    jobs.extend(role_jobs(project, stamp))
    jobs.append(PageJob("404", "", PagePath("/404.html", "404.html"), template("404.html"),
                        digest(stamp, "404")))
    return jobs


def role_jobs(project: Project, stamp: str) -> list[PageJob]:
    """The role pages' jobs of :func:`plan_pages`."""
    # The statistics about each role, in their order: one pass, not one per role.
    about: dict[str, list[str]] = {}
    for statistic in project.statistics.values():
        for slug in dict.fromkeys(statistic.roles):
            about.setdefault(slug, []).append(statistic.fingerprint)
    return [PageJob("role", role.slug, page_path("roles", role.slug, source=role.location),
                    role.location,
                    digest(stamp, "role", role.fingerprint, about.get(role.slug, [])))
            for role in project.roles]


def article_jobs(project: Project, stamp: str) -> Callable[[Article], PageJob]:
    """What makes an article's job in :func:`plan_pages` (``stamp``: config and code)."""
    role_of = {role.slug: role for role in project.roles}
    # A rebuild plans every page: a few microseconds each, so the digest is of one string
    # of digests (hexadecimal, or MISSING), "," between a list's and "|" between lists.
    authors, faq, data = project.authors, project.faq, project.data
    before = f"{stamp}|article|"

    def job(article: Article) -> PageJob:
        used = "|".join((article.fingerprint, _fingerprint(authors.get(article.author or "")),
                         ",".join([_fingerprint(role_of.get(slug)) for slug in article.roles]),
                         ",".join([_fingerprint(faq.get(entry)) for entry in article.faq]),
                         ",".join([_fingerprint(data.get(name)) for name in article.data])))
        return PageJob("article", article.slug,
                       page_path(article.slug, source=article.location), article.location,
                       bytes_digest(f"{before}{used}".encode()))

    return job


def _fingerprint(record: Fingerprinted | None) -> str:
    """A record's digest (``Fingerprinted``), kept on it; MISSING for a key it lacks."""
    return MISSING if record is None else record.fingerprint


class _Build:
    """One build's state, as every process that renders its pages sees it."""

    def __init__(self, config: Config, project: Project, articles: Sequence[Article],
                 staging: Path, kept: Mapping[str, BuiltPage]) -> None:
        self.config = config
        self.kept = kept
        self.articles = {article.slug: article for article in articles}
        self.roles = {role.slug: role for role in project.roles}
        self.published = list(articles)
        self.staging = str(staging)
        self.builder = PageBuilder(config, project,
                                   Renderer(config, project.statistics, keep_compiled=True))
        self.lint = PageLintSettings.of(config)
        self.files = SiteFiles(config)
        self.relint = relint_from_site(config, self.files, self.lint)
        self.dependencies = dependencies(config, project, articles)

    def render(self, job: PageJob) -> Page:
        if job.kind == "article":
            return self.builder.article(self.articles[job.key])
        if job.kind == "role":
            return self.builder.role(self.roles[job.key])
        if job.kind == "index":
            return self.builder.index(self.published)
        return self.builder.not_found()


_BUILD: _Build | None = None


@contextmanager
def prepared(config: Config, project: Project, articles: Sequence[Article],
             staging: Path, *, shared: bool = False,
             kept: Mapping[str, BuiltPage] | None = None) -> Iterator[None]:
    """Make this build's state what :func:`page_of_job` uses, here and in forked workers,
    which append their pages' findings to this process's spool (``site.packed``).
    ``shared``: the pages are built in forked workers, which share the words of the data
    files the tracer lists, listed here once (``Tracer.list_data_words``); ``kept``: the
    previous build's pages kept, by file, that :func:`relint_page` lints again."""
    global _BUILD
    _BUILD = build = _Build(config, project, articles, staging, kept or {})
    if shared:
        tracer_for(build.files).list_data_words()
    try:
        with spooling():
            yield
    finally:
        _BUILD = None
        if shared:
            tracer_for(build.files).forget_read()


def page_of_job(job: PageJob | str) -> BuiltPage:
    """A job's page built (:func:`build_page`), or a kept page's file linted again (its
    name: :func:`relint_page`)."""
    return relint_page(job) if isinstance(job, str) else build_page(job)


def _current() -> _Build:
    if _BUILD is None:  # a worker that was not forked from the build (spawn start method)
        raise RuntimeError("a page built outside copydesk.site.page_jobs.prepared()")
    return _BUILD


def relint_page(name: str) -> BuiltPage:
    """The kept page ``name`` as the last build rendered it, linted again from its file in
    the site (its lint key changed, not what it was made from: the findings show paths
    from the working folder, and this build runs from another)."""
    build = _current()
    page = build.kept[name]
    built = BuiltPage(page.path, page.source, page.inputs, page.output, page.stamp,
                      build.relint(name), page.lastmod, page.claims, page.warnings,
                      page.sitemap_entry, page.claims_entry)
    return traced_here(build.files, built)


def build_page(job: PageJob) -> BuiltPage:
    """Render the job's page into the staging folder and lint it."""
    build = _current()
    page = build.render(job)
    data = page.html.encode("utf-8")
    inputs = build.dependencies.inputs(job.own, page.templates, page.statistics,
                                       page.article_fields)
    listed = job.kind != "404"  # the one page the sitemap leaves out
    built = BuiltPage(job.path, job.source, inputs, bytes_digest(data),
                      write_page_file(build.staging, job.path.file, data),
                      lint_page(build.files, job.path.file, page.html, build.lint, page.body),
                      page.lastmod, page.claims, page.warnings,
                      feeds.sitemap_entry(build.config.site, job.path.url, page.lastmod)
                      if listed else "",
                      feeds.claims_entry(build.config, page.claims))
    # In the worker, not after the pool (lint_build): traced, and its part of the report.
    return traced_here(build.files, built)


def dependencies(config: Config, project: Project, articles: Sequence[Article]
                 ) -> Dependencies:
    """Digests of the project's templates (by name) and statistics (by id) as they are now,
    and of what the index shows of the published ``articles``."""
    folder = config.templates_path

    def template(name: str) -> str:
        if name == EVERY:
            return digest(sorted((path.relative_to(folder).as_posix(), _file_digest(path))
                                 for path in folder.rglob("*") if path.is_file()))
        return _file_digest(folder / name)

    def statistic(statistic_id: str) -> str:
        if statistic_id == EVERY:
            return digest(sorted((key, value.fingerprint)
                                 for key, value in project.statistics.items()))
        return _fingerprint(project.statistics.get(statistic_id))

    def listed(fields: tuple[str, ...]) -> str:
        if EVERY in fields:
            return digest([article.fingerprint
                           for article in newest_first(articles, config.site.timezone)])
        return digest([[getattr(article, name, MISSING) for name in fields]
                       for article in newest_first(articles, config.site.timezone)])

    return Dependencies(template, statistic, listed)


def _file_digest(path: Path) -> str:
    try:
        return bytes_digest(path.read_bytes())
    except OSError:  # missing, or a folder: a template that appears later changes this
        return MISSING
