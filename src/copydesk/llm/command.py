"""``copydesk draft``: the run as the user sees it (progress, findings, usage, exit status)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from copydesk.config import Config
from copydesk.content.loader import load_project
from copydesk.lint.finding import Severity
from copydesk.llm.cache import CACHE_DIR, ResponseCache
from copydesk.llm.client import ChatClient, api_key
from copydesk.llm.draft import Drafter, DraftPlan, draft_all, plan_drafts, write_drafts
from copydesk.llm.usage import usage_line
from copydesk.report.text import format_finding


@dataclass(frozen=True)
class DraftOptions:
    article: str
    sections: tuple[str, ...]
    role: str | None = None
    force: bool = False
    dry_run: bool = False
    use_cache: bool = True


def run_draft(config: Config, options: DraftOptions, environ: Mapping[str, str]) -> bool:
    """Draft, print and write; True when a draft has findings at or above ``fail-on``."""
    project = load_project(config)
    plans = plan_drafts(config, project, options.article, options.sections, options.role,
                        options.force)
    if options.dry_run:
        _print_messages(plans)
        return False
    client = ChatClient(config.llm, api_key(config.llm, environ))
    cache = ResponseCache(config.root / CACHE_DIR) if options.use_cache else None
    drafter = Drafter(config, client, cache, date.today())
    with Progress(TextColumn("drafting"), BarColumn(), MofNCompleteColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("drafting", total=len(plans))
        results = draft_all(plans, drafter, lambda plan: progress.advance(task))
    write_drafts(results)
    fail_on = Severity(config.lint.fail_on)
    failing = False
    for result in results:
        click.echo(f"wrote {result.plan.display} ({len(result.findings)} finding(s))")
        for finding in result.findings:
            click.echo(format_finding(finding))
            failing = failing or finding.severity.rank >= fail_on.rank
    click.echo(usage_line([(r.completion.usage, r.cached) for r in results], config.llm))
    return failing


def _print_messages(plans: Sequence[DraftPlan]) -> None:
    for plan in plans:
        click.echo(f"=== {plan.section.name} -> {plan.display} (dry run: nothing sent) ===")
        for message in plan.messages:
            click.echo(f"--- {message.role} ---\n{message.content}")
