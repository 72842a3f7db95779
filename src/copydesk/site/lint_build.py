"""The build's lint: every built page, the sources no page was made from, before anything
is written.

A published article is linted once, as its built page: the page holds everything a reader
sees (data a template loop printed, ``stat()`` values, FAQ answers). Each page is linted
from memory where it is rendered (:func:`lint_page`), then the site's pages as a whole.
A page finding whose text came from a source file (``site.tracing``) is moved there and
obeys that file's ``per-file-ignores`` and suppression comments; a suppression that
silences nothing is reported (CD901), as ``copydesk check`` would. A problem shown on two
pages but coming from one line is reported once, where it can be fixed. The other files
under ``content/`` (drafts, future-dated articles, notes) are linted as
``copydesk check content`` does. Front matter problems never get this far: the content
loader stops the build on them.

The traced findings of a page are kept with it in the build cache: a rebuild traces only
the pages it rendered (or whose source files changed), and runs the site-wide rules.
"""

from __future__ import annotations

import functools
import heapq
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from copydesk.config import Config
from copydesk.lint.cache import LintCache
from copydesk.lint.discovery import discover, relative_to_root
from copydesk.lint.finding import Finding, Severity
from copydesk.lint.readers import read_document
from copydesk.lint.registry import SITE_RULES, is_selected, select_rules
from copydesk.lint.rule import Rule, RuleContext
from copydesk.lint.runner import (
    check_paths,
    display_path,
    ignored_at,
    ignored_codes,
    lint_document,
    lint_site,
    sort_findings,
    suppress,
)
from copydesk.lint.site_facts import facts_of
from copydesk.lint.site_rule import ROBOTS, SITEMAP, Site
from copydesk.site.cache import BuiltPage, PageLint, Untraced, digest, no_findings_kept
from copydesk.site.tracing import Tracer, traced_pages


@dataclass(frozen=True)
class BuildLint:
    findings: tuple[Finding, ...]  # sorted by path, line, column
    pages: tuple[BuiltPage, ...]  # the build's pages with their traced findings, to cache
    traced_against: str = ""  # the data files' stamp those traces hold for (Tracer.data_stamp)


@dataclass(frozen=True)
class PageLintSettings:
    """What decides a page's own findings, besides its HTML and its path."""

    rules: tuple[Rule, ...]
    context: RuleContext
    severity: Mapping[str, str]
    fingerprint: str  # of the rules, thresholds, today's date, severities and copydesk

    @classmethod
    def of(cls, config: Config) -> PageLintSettings:
        lint = config.lint
        rules = tuple(select_rules(lint.select, lint.ignore))
        context = RuleContext(lint.thresholds, date.today())
        return cls(rules, context, lint.severity,
                   LintCache.for_run(config.root, rules, context, lint.severity).fingerprint)


class SiteFiles:
    """How files of the output folder are shown in findings and which codes
    ``per-file-ignores`` turns off for them, without resolving each path: a site has
    thousands of files, and a path resolution costs a system call per folder."""

    def __init__(self, config: Config) -> None:
        self.config = config
        shown = display_path(config.output_path)
        self._shown = "" if shown == "." else f"{shown}/"
        self._relative = relative_to_root(config.output_path, config)
        self._ignored: dict[str, tuple[str, ...]] = {}

    def display(self, name: str) -> str:
        return self._shown + name

    def ignored(self, name: str) -> tuple[str, ...]:
        if name not in self._ignored:  # asked again for every site-wide hit on the page
            self._ignored[name] = ignored_at(f"{self._relative}/{name}", self.config)
        return self._ignored[name]


def lint_page(files: SiteFiles, name: str, html: str, settings: PageLintSettings) -> PageLint:
    """The findings of one built page (``name`` inside the output folder), before tracing."""
    off = files.ignored(name)
    document = read_document(files.display(name), html)
    findings = lint_document(document, [rule for rule in settings.rules
                                        if not rule.code.startswith(off)],
                             settings.context, settings.severity)
    return PageLint(page_lint_key(files, name, settings), tuple(findings), facts_of(document))


def page_lint_key(files: SiteFiles, name: str, settings: PageLintSettings) -> str:
    """The lint a cached page's findings were made under; another one lints it again."""
    return digest(settings.fingerprint, files.display(name), files.ignored(name))


def lint_build(config: Config, pages: Sequence[BuiltPage], texts: Mapping[str, str], *,
               jobs: int | None = 1, cache: bool = False, traced_against: str = "",
               untraced: Untraced = no_findings_kept) -> BuildLint:
    """Findings on the built pages and ``texts`` (the site's other files, path -> text), from
    each page's own lint and the site-wide rules, traced to their sources; and on the files
    under content/ that no page was made from. ``traced_against``: the previous build's
    :attr:`BuildLint.traced_against`, which the pages' cached traces hold for; ``untraced``:
    the findings of the pages loaded without them (``Snapshot.untraced``)."""
    sources = _lint_sources(config, pages, jobs=jobs, cache=cache)
    files = SiteFiles(config)
    tracer = Tracer(config, {files.display(page.path.file): page for page in pages},
                    traced_against)
    pages = traced_pages(tracer, pages, functools.partial(_untraced, config, files, untraced))
    site, pages = tracer.traced_site(pages, _lint_site(config, files, pages, texts))
    found = [finding for page in pages if page.lint.traced is not None
             for finding in page.lint.traced.findings]
    found.extend(site)
    seen = {(f.path, f.line, f.code) for f in sources}
    kept = list(sources)
    for finding in _suppressed(config, pages, found):
        key = (finding.path, finding.line, finding.code)
        if key not in seen:
            seen.add(key)
            kept.append(finding)
    return BuildLint(tuple(sort_findings(kept)), tuple(pages), tracer.data_stamp)


def _untraced(config: Config, files: SiteFiles, stored: Untraced,
              page: BuiltPage) -> tuple[Finding, ...]:
    """A reused page's findings before tracing: from the build cache or, unreadable there,
    from its file linted again (a reused page's file is the one it was built as)."""
    found = stored(page.path.file)
    if found is not None:
        return found
    html = (config.output_path / page.path.file).read_text(encoding="utf-8")
    return lint_page(files, page.path.file, html, PageLintSettings.of(config)).findings or ()


def _lint_sources(config: Config, pages: Sequence[BuiltPage], *, jobs: int | None,
                  cache: bool) -> tuple[Finding, ...]:
    """Findings on the files under content/ that are not the source of a built page."""
    if not config.content_path.is_dir():
        return ()
    built = {str(config.root / page.source.path) for page in pages}
    left = [path for path in discover([config.content_path], config) if str(path) not in built]
    return check_paths(left, config, jobs=jobs, cache=cache).findings if left else ()


def _suppressed(config: Config, pages: Sequence[BuiltPage],
                findings: Sequence[Finding]) -> list[Finding]:
    """``findings`` less those the suppression comments of their Markdown sources silence,
    with a CD901 finding for each of those comments that silenced nothing."""
    documents = {traced.suppressions.path: traced.suppressions for page in pages
                 if (traced := page.lint.traced) is not None and traced.suppressions is not None}
    if not documents:
        return list(findings)
    lint = config.lint
    rules = select_rules(lint.select, lint.ignore)
    on_source: dict[str, list[Finding]] = {path: [] for path in documents}
    for finding in findings:
        if finding.path in on_source:
            on_source[finding.path].append(finding)
    silenced: set[Finding] = set()
    unused: list[Finding] = []
    for path, document in documents.items():
        off = ignored_codes(Path(path), config)
        ran = [rule for rule in rules if not rule.code.startswith(off)]
        given = set(on_source[path])
        kept = suppress(on_source[path], document, ran, lint.severity)
        silenced.update(given.difference(kept))
        unused.extend(finding for finding in kept if finding not in given)
    return [*(finding for finding in findings if finding not in silenced), *unused]


def _lint_site(config: Config, files: SiteFiles, pages: Sequence[BuiltPage],
               texts: Mapping[str, str]) -> list[Finding]:
    lint = config.lint
    facts = {page.path.file: page.lint.facts for page in pages}
    site = Site(facts, frozenset((*facts, *texts)),
                {name: texts[name] for name in (SITEMAP, ROBOTS) if name in texts})
    site_rules = [rule for rule in SITE_RULES if is_selected(rule.code, lint.select, lint.ignore)]
    return lint_site(site, site_rules, RuleContext(lint.thresholds, date.today()),
                     lint.severity, display=files.display, ignored=files.ignored)


def worst_files(findings: Iterable[Finding], count: int = 3) -> list[tuple[str, int, int]]:
    """(path, errors, warnings) of the files with the most errors, then warnings."""
    tally: dict[str, list[int]] = {}
    for finding in findings:
        row = tally.setdefault(finding.path, [0, 0])
        if finding.severity == Severity.ERROR:
            row[0] += 1
        elif finding.severity == Severity.WARNING:
            row[1] += 1
    ranked = heapq.nsmallest(count, tally.items(),
                             key=lambda item: (-item[1][0], -item[1][1], item[0]))
    return [(path, errors, warnings) for path, (errors, warnings) in ranked
            if errors or warnings]


def lint_summary(findings: Sequence[Finding]) -> str:
    """One line of counts by severity, and the files with the most errors and warnings."""
    if not findings:
        return "lint: no findings"
    tally = Counter(finding.severity for finding in findings)  # one pass over 100,000s
    counts = ", ".join(f"{tally[severity]} {severity.value}s" for severity in Severity)
    worst = "; ".join(f"{path} ({errors} errors, {warnings} warnings)"
                      for path, errors, warnings in worst_files(findings))
    return (f"lint: {len(findings)} findings ({counts}); most in: {worst}; "
            "run `copydesk check` for every finding")
