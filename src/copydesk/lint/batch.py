"""Lint many files: one task per file, over worker processes, through the lint cache.

The work of ``copydesk check`` for one file is a pure function of its bytes, its path and
the run's settings, so files are linted in any process and in any order, and the runner
sorts the findings afterwards exactly as a serial run does. A file that cannot be read and
a rule that raises become CD902 findings inside the task, so a worker never fails.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from copydesk.lint.cache import CachedFile, LintCache
from copydesk.lint.finding import Finding
from copydesk.lint.rule import Rule, RuleContext
from copydesk.lint.rules import readability
from copydesk.lint.runner import lint_document, parse_file, unreadable
from copydesk.lint.site_facts import SiteFacts, facts_of
from copydesk.lint.site_rule import slim
from copydesk.lint.syllables import preload_dictionary
from copydesk.parallel import process_map


@dataclass(frozen=True)
class FileTask:
    path: Path
    display: str  # the path as findings show it
    ignored: tuple[str, ...]  # code prefixes per-file-ignores turns off for this file


@dataclass(frozen=True)
class FileOutcome:
    findings: tuple[Finding, ...]
    # What the site-wide rules read of the file, a few small strings (10,000 Documents
    # sent back to the parent, even slimmed, were most of what it held); None when not
    # wanted or unreadable.
    facts: SiteFacts | None
    cache_key: str | None = None


@dataclass(frozen=True)
class LintSettings:
    rules: tuple[Rule, ...]
    context: RuleContext
    severity: Mapping[str, str]
    keep_documents: bool  # the site-wide rules will run over these files
    cache: LintCache | None = None


def lint_files(tasks: Sequence[FileTask], settings: LintSettings,
               jobs: int | None = None) -> list[FileOutcome]:
    """The outcome of every task, in the order of ``tasks``."""
    if not _picklable(settings):
        jobs = 1  # a plugin rule defined in a closure cannot travel to a worker
    if any(rule.check.__module__ == readability.__name__ for rule in settings.rules):
        # Loaded once here, the pronouncing dictionary (half a second) is inherited by
        # forked workers instead of being loaded again by each of them.
        preload_dictionary()
    return process_map(partial(lint_task, settings), tasks, jobs=jobs, description="checking")


def lint_task(settings: LintSettings, task: FileTask) -> FileOutcome:
    rules = [rule for rule in settings.rules if not rule.code.startswith(task.ignored)]
    try:
        data = task.path.read_bytes()
    except OSError as error:
        return FileOutcome((unreadable(task.display, rules,
                                       f"cannot read the file: {error.strerror}"),), None)
    cache = settings.cache
    key = cache.key(data, task.display, task.ignored) if cache is not None else None
    if cache is not None and key is not None:
        cached = cache.load(key)
        if cached is not None:
            return FileOutcome(cached.findings,
                               cached.facts if settings.keep_documents else None, key)
    read = parse_file(data, task.display, rules)
    if isinstance(read, Finding):
        outcome = FileOutcome((read,), None, key)
    else:
        findings = tuple(lint_document(read, rules, settings.context, settings.severity))
        # Taken from the slimmed document, as the site-wide rules always read Markdown:
        # a "keyphrase:" line is looked for in the front matter only.
        wanted = settings.keep_documents or cache is not None
        outcome = FileOutcome(findings, facts_of(slim(read)) if wanted else None, key)
    if cache is not None and key is not None:
        cache.store(key, CachedFile(outcome.findings, outcome.facts))
    return outcome if settings.keep_documents else replace(outcome, facts=None)


def _picklable(settings: LintSettings) -> bool:
    try:
        pickle.dumps(settings)
    except Exception:  # pickling raises several unrelated types (PicklingError, TypeError, ...)
        return False
    return True
