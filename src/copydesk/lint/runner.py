"""Run rules over files and documents and turn their hits into findings.

``check_paths`` is the whole of ``copydesk check`` minus the printing: find the files,
choose the rules (``select``/``ignore``, ``per-file-ignores``), read each file, run the
rules, apply severity overrides and suppressions. A file that cannot be read and a rule
that raises become CD902 findings; the run always goes on to the next file. A folder given
as a path is also checked as a whole by the site-wide rules (``lint_site``).
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from operator import attrgetter
from pathlib import Path

from copydesk.config import Config
from copydesk.errors import LintInputError, Location
from copydesk.lint.discovery import (
    compiled,
    default_paths,
    discover,
    name_of,
    relative_to_root,
)
from copydesk.lint.document import Document, Suppression
from copydesk.lint.finding import Finding, Severity
from copydesk.lint.readers import read_document
from copydesk.lint.registry import (
    EVERY_RULE,
    SITE_RULES,
    is_selected,
    longest_prefix,
    select_rules,
    suggest_code,
)
from copydesk.lint.rule import Hit, Rule, RuleContext
from copydesk.lint.rules.meta import UNREADABLE_FILE, UNUSED_SUPPRESSION
from copydesk.lint.site_facts import SiteFacts
from copydesk.lint.site_rule import ROBOTS, SITEMAP, Site, SiteHit, SiteRule
from copydesk.lint.suppressions import apply_suppressions


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...]  # sorted by path, line, column
    files: tuple[str, ...]  # every file checked, as shown in findings
    rules: tuple[Rule | SiteRule, ...]  # the rules that ran, in registry order

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    def fails(self, fail_on: Severity) -> bool:
        return any(finding.severity.rank >= fail_on.rank for finding in self.findings)


def check_paths(paths: Sequence[Path], config: Config, *, select: Sequence[str] | None = None,
                ignore: Sequence[str] | None = None, jobs: int | None = 1,
                cache: bool = False) -> CheckResult:
    """Lint ``paths`` (files or folders; none = the project's content and built site).

    ``jobs`` worker processes share the files (None: every core); with ``cache``, files
    unchanged since a run with the same rules and settings are not linted again (the
    cache lives under the project root). Neither changes the result.
    """
    from copydesk.lint.batch import FileTask, LintSettings, lint_files  # it imports this module
    from copydesk.lint.cache import LintCache

    for code in (*(select or ()), *(ignore or ())):
        _check_code(code, None)
    lint = config.lint
    configured = (*lint.select, *lint.ignore, *lint.severity,
                  *(code for codes in lint.per_file_ignores.values() for code in codes))
    for code in configured:
        _check_code(code, Location(str(config.source)) if config.source else None)
    chosen = (select if select else config.lint.select, (*config.lint.ignore, *(ignore or ())))
    rules = select_rules(*chosen)
    site_rules = tuple(rule for rule in SITE_RULES if is_selected(rule.code, *chosen))
    context = RuleContext(config.lint.thresholds, date.today())
    roots = paths or default_paths(config)
    files = discover(roots, config)
    here = Path.cwd().resolve()
    resolved = _Resolver()
    located = [(path, resolved(path)) for path in files]
    tasks = [FileTask(path, display_of(real, path, here), ignored_codes(path, config))
             for path, real in located]
    lint_cache = (LintCache.for_run(config.root, rules, context, config.lint.severity)
                  if cache else None)
    site_wide = bool(site_rules) and any(root.is_dir() for root in roots)
    settings = LintSettings(rules, context, config.lint.severity, site_wide, lint_cache)
    outcomes = lint_files(tasks, settings, jobs)
    if lint_cache is not None:
        lint_cache.prune(outcome.cache_key for outcome in outcomes if outcome.cache_key)
    findings = [finding for outcome in outcomes for finding in outcome.findings]
    facts = {real: outcome.facts
             for (_, real), outcome in zip(located, outcomes, strict=True)
             if outcome.facts is not None}
    for folder in (root for root in roots if root.is_dir() and site_rules):
        if _is_site(folder, facts):
            findings.extend(_check_folder(folder, facts, site_rules, context, config))
    return CheckResult(tuple(sort_findings(findings)), tuple(task.display for task in tasks),
                       (*rules, *site_rules))


def _is_site(folder: Path, facts: Mapping[Path, SiteFacts]) -> bool:
    """A built site has its home page or sitemap at the root; a folder of sources has no
    HTML. A project root holding both (templates/, site/) would resolve links wrongly."""
    if any((folder / name).is_file() for name in ("index.html", SITEMAP)):
        return True
    root = folder.resolve()
    return not any(file.page and path.is_relative_to(root) for path, file in facts.items())


def _check_folder(folder: Path, facts: Mapping[Path, SiteFacts], rules: Sequence[SiteRule],
                  context: RuleContext, config: Config) -> list[Finding]:
    here = Path.cwd().resolve()
    resolved = _Resolver()

    def display(name: str) -> str:
        path = folder / name
        return display_of(resolved(path), path, here)

    def ignored(name: str) -> tuple[str, ...]:
        return ignored_codes(folder / name, config)

    return lint_site(read_site(folder, facts), rules, context, config.lint.severity,
                     display=display, ignored=ignored)


def ignored_codes(path: Path, config: Config) -> tuple[str, ...]:
    """The codes ``per-file-ignores`` turns off for ``path``."""
    if not config.lint.per_file_ignores:
        return ()
    return FileIgnores(config)(relative_to_root(path, config))


class FileIgnores:
    """The codes ``per-file-ignores`` turns off for a file, its globs compiled once: for
    callers that ask for many files and know each one's path from the project root."""

    def __init__(self, config: Config) -> None:
        self._globs = tuple((compiled(glob), codes)
                            for glob, codes in config.lint.per_file_ignores.items())

    def __call__(self, relative: str) -> tuple[str, ...]:
        """The codes turned off for the file at ``relative`` (POSIX, from the project root)."""
        name = name_of(relative)
        return tuple(code for glob, codes in self._globs if glob.matches(relative, name)
                     for code in codes)


def read_file(path: Path, display: str, rules: Sequence[Rule]) -> Document | Finding:
    """The file as a Document, or the CD902 finding that says why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return unreadable(display, rules, f"cannot read the file: {error.strerror}")
    return parse_file(data, display, rules)


def unreadable(display: str, rules: Sequence[Rule], why: str) -> Finding:
    """The CD902 finding for a file that cannot be read at all."""
    return _file_problem([rule for rule in rules if rule.code == UNREADABLE_FILE], display, 1, why)


def parse_file(data: bytes, display: str, rules: Sequence[Rule]) -> Document | Finding:
    """The bytes of a file as a Document, or the CD902 finding that says why they cannot be."""
    meta = [rule for rule in rules if rule.code == UNREADABLE_FILE]
    try:
        source = _decode(data)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        text = data.split(b"\n")[line - 1].decode("utf-8", "replace")
        message = (f"not valid UTF-8: byte 0x{data[error.start]:02x} at byte offset "
                   f"{error.start}; save the file as UTF-8")
        return _file_problem(meta, display, line, message, col, text)
    try:
        return read_document(display, source)
    except Exception as error:  # a reader bug must not end the run for the other files
        return _file_problem(meta, display, 1, f"cannot parse the file: "
                             f"{type(error).__name__}: {error}")


def read_site(folder: Path, facts: Mapping[Path, SiteFacts]) -> Site:
    """The folder as a Site, from the facts of the files already read (keyed by resolved
    path)."""
    root = folder.resolve()
    files = {path.relative_to(root).as_posix(): path for path in root.rglob("*")
             if path.is_file()}
    read = {name: facts[path] for name, path in files.items() if path in facts}
    texts = {name: files[name].read_text(encoding="utf-8", errors="replace")
             for name in (SITEMAP, ROBOTS) if name in files}
    return Site(read, frozenset(files), texts)


def lint_site(site: Site, rules: Iterable[SiteRule], context: RuleContext,
              severity: Mapping[str, str] | None = None, *,
              display: Callable[[str], str] = str,
              ignored: Callable[[str], tuple[str, ...]] = lambda name: ()) -> list[Finding]:
    """Findings of site-wide ``rules``; per-file ignores, suppressions and severity apply."""
    by_file: dict[str, list[Finding]] = {}
    for rule in rules:
        for hit in rule.check(site, context):
            if not rule.code.startswith(ignored(hit.path)):
                by_file.setdefault(hit.path, []).append(
                    site_finding(site, rule, hit, display(hit.path)))
    kept: list[Finding] = []
    for name, found in by_file.items():
        facts = site.facts.get(name)
        kept.extend(apply_suppressions(found, facts.suppressions).kept
                    if facts is not None and facts.suppressions else found)
    return sort_findings(_override(finding, severity) if severity else finding
                         for finding in kept)


def site_finding(site: Site, rule: SiteRule, hit: SiteHit, path: str) -> Finding:
    """The finding of a site rule's ``hit``, shown at ``path``, before suppressions."""
    facts = site.facts.get(hit.path)
    lines = [] if facts is not None else site.texts.get(hit.path, "").split("\n")
    last = len(lines) if facts is None else facts.line_count
    # Clamped by comparisons, as in finding_from_hit: one of these is made for each of a
    # site's tens of thousands of site-wide findings.
    line = hit.line
    line = last if line > last else line
    line = 1 if line < 1 else line
    text = lines[line - 1] if facts is None else facts.line(line)
    # An attribute value ("/a/") is found quoted first: bare, "/" would match "</p>".
    quoted = text.find(f'"{hit.highlight}"') if hit.highlight else -1
    start = quoted + 1 if quoted >= 0 else text.find(hit.highlight) if hit.highlight else -1
    col, end_col = (start + 1, start + 1 + len(hit.highlight)) if start >= 0 else (1, len(text) + 1)
    return Finding(path, line, col, line, max(end_col, col + 1), rule.code, rule.name,
                   rule.severity, hit.message, source_line=text)


def _decode(data: bytes) -> str:
    """UTF-8, or UTF-16 when a byte-order mark says so (Windows editors save that)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    return data.decode("utf-8")


def _file_problem(meta: Sequence[Rule], path: str, line: int, message: str, col: int = 1,
                  source_line: str = "") -> Finding:
    code, name, severity = UNREADABLE_FILE, "unreadable-file", Severity.ERROR
    if meta:
        name, severity = meta[0].name, meta[0].severity
    return Finding(path, line, col, line, col + 1, code, name, severity, message,
                   source_line=source_line)


def lint_document(document: Document, rules: Iterable[Rule], context: RuleContext,
                  severity: Mapping[str, str] | None = None) -> list[Finding]:
    """Findings of ``rules`` on ``document``, after suppressions, sorted by position."""
    rules = list(rules)
    findings: list[Finding] = []
    found = findings.append
    for rule in rules:
        # A plain loop: most rules find nothing on a page, and a generator expression
        # handed to extend() cost a frame of its own for each of the 61 rules.
        try:
            for hit in rule.check(document, context):
                found(finding_from_hit(document, rule, hit))
        except Exception as error:  # a rule bug is reported on the file, never a crash
            findings.append(finding_from_hit(document, rule, Hit(
                None, 0, 0, f"rule {rule.code} ({rule.name}) failed on this file: "
                f"{type(error).__name__}: {error}; this is a bug in copydesk, please report it")))
            findings[-1] = replace(findings[-1], code=UNREADABLE_FILE, name="unreadable-file",
                                   severity=Severity.ERROR)
    return sort_findings(suppress(findings, document, rules, severity))


def suppress(findings: Iterable[Finding], document: Document, rules: Sequence[Rule],
             severity: Mapping[str, str] | None = None) -> list[Finding]:
    """``findings`` on ``document`` (of ``rules``) less those its suppressions silence, and
    a CD901 finding for each suppression that silenced nothing; severity overrides applied.
    The build calls it with page findings traced back to their Markdown source."""
    if document.suppressions:
        applied = apply_suppressions(findings, document.suppressions)
        kept = [*applied.kept, *_unused_suppressions(document, rules, applied.unused)]
    else:  # most documents: nothing to silence, no comment to report
        kept = list(findings)
    return [_override(finding, severity) for finding in kept] if severity else kept


def _unused_suppressions(document: Document, rules: Sequence[Rule],
                         unused: Iterable[Suppression]) -> Iterator[Finding]:
    rule = next((rule for rule in rules if rule.code == UNUSED_SUPPRESSION), None)
    if rule is None:
        return
    ran = [rule.code for rule in rules]
    known = [rule.code for rule in EVERY_RULE]
    for suppression in unused:
        # A suppression for a known rule that did not run (deselected) may still be
        # needed; one naming no rule at all is a typo and is reported.
        if (suppression.codes and not any(c.startswith(suppression.codes) for c in ran)
                and any(c.startswith(suppression.codes) for c in known)):
            continue
        listed = ", ".join(suppression.codes) or "every rule"
        line = document.source_line(suppression.line)
        yield Finding(document.path, suppression.line, suppression.col, suppression.line,
                      len(line) + 1, rule.code, rule.name, rule.severity,
                      f"unused suppression ({listed}): nothing to ignore here; remove the comment",
                      source_line=line)


def _override(finding: Finding, severity: Mapping[str, str]) -> Finding:
    prefix = longest_prefix(finding.code, severity)
    if prefix is None:
        return finding
    return replace(finding, severity=Severity(severity[prefix]))


# A C-level key: a lambda building the same tuple costs a Python call per finding.
_SORT_KEY = attrgetter("path", "line", "col", "end_line", "end_col", "code", "message")


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=_SORT_KEY)


def finding_from_hit(document: Document, rule: Rule, hit: Hit) -> Finding:
    # Bounds are kept inline as comparisons (no helper, no min/max): this runs for each
    # of a page's ~16 findings, and a builtin call per bound (two for each of six values,
    # ~190 ns a pair) was most of its time. Each clamps as max(low, min(value, high)).
    lines = document.lines
    last = len(lines) or 1
    block = hit.block
    if block is None:
        line = hit.line or 1
        line = last if line > last else 1 if line < 1 else line
        text = lines[line - 1] if lines else ""
        return Finding(document.path, line, 1, line, len(text) + 1, rule.code,
                       rule.name, rule.severity, hit.message, hit.fix, text)
    size = len(block.text)
    start, end = hit.start, hit.end
    start = size if start > size else 0 if start < 0 else start
    end = size if end > size else end
    end = start if end < start else end
    line, col = block.position(start)
    line = last if line > last else 1 if line < 1 else line
    text = lines[line - 1] if lines else ""
    width = len(text) + 1
    col = width if col > width else 1 if col < 1 else col
    end_line, end_col = block.position(end - 1 if end - 1 > start else start)
    end_line = last if end_line > last else 1 if end_line < 1 else end_line
    width = (len(lines[end_line - 1]) if lines else 0) + 1
    end_col = (width if end_col > width else 1 if end_col < 1 else end_col) + 1
    if (end_line, end_col) <= (line, col):
        end_line, end_col = line, col + 1
    return Finding(document.path, line, col, end_line, end_col, rule.code, rule.name,
                   rule.severity, hit.message, hit.fix, text)


def display_path(path: Path, cwd: Path | None = None) -> str:
    """The path as findings show it: relative to the working folder (``cwd``, resolved;
    default: the current one) when inside it."""
    return display_of(path.resolve(), path, cwd or Path.cwd().resolve())


def display_of(resolved: Path, path: Path, cwd: Path) -> str:
    """display_path of ``path``, whose resolved form is ``resolved``."""
    try:
        return resolved.relative_to(cwd).as_posix()
    except ValueError:
        return os.fspath(path)


class _Resolver:
    """``Path.resolve()`` for many files in a few folders: each folder is resolved once,
    and a file that is not itself a symbolic link is its resolved folder and its name
    (Path.resolve walks every part of every path: 80 µs a file, 10,000 files three times
    per check)."""

    def __init__(self) -> None:
        self._folders: dict[Path, Path] = {}

    def __call__(self, path: Path) -> Path:
        name = path.name
        if name in ("", ".", "..") or os.path.islink(path):
            return path.resolve()
        parent = path.parent
        folder = self._folders.get(parent)
        if folder is None:
            folder = self._folders[parent] = parent.resolve()
        return folder / name


def _check_code(code: str, where: Location | None) -> None:
    """A code or prefix that names no rule is a typo; it must not silently do nothing."""
    if any(rule.code.startswith(code) for rule in EVERY_RULE):
        return
    guess = suggest_code(code)
    hint = f"did you mean {guess}? " if guess else ""
    raise LintInputError(f"unknown rule code or prefix: {code}", where,
                         hint=f"{hint}run `copydesk rules` for the list")
