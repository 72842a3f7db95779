"""Drafting sections: plan (data, messages, target), ask (cache or model), gate, write.

Drafts go to ``content/drafts/<article-slug>/<section>.md``: valid articles marked
``draft: true``, so ``copydesk build`` skips them and ``build --drafts`` previews them.
Nothing is written until every section has been drafted, and an existing draft is only
replaced with ``force``; so a failed run touches no draft.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from copydesk.atomic import write_text_atomic
from copydesk.config import Config
from copydesk.content.models import Project
from copydesk.errors import DraftError, Location
from copydesk.lint.finding import Finding
from copydesk.llm.cache import ResponseCache, cache_key
from copydesk.llm.client import ChatClient, Completion, Message
from copydesk.llm.gate import gate
from copydesk.llm.prompts import build_messages, prompt_environment
from copydesk.llm.sections import SectionData, find_article, section_data
from copydesk.paths import is_inside

DRAFTS_DIR = "drafts"
MAX_WORKERS = 4  # concurrent requests; local servers often serve one at a time anyway


@dataclass(frozen=True)
class DraftPlan:
    section: SectionData
    messages: tuple[Message, ...]
    target: Path
    display: str  # the target as users see it
    force: bool


@dataclass(frozen=True)
class DraftResult:
    plan: DraftPlan
    completion: Completion
    cached: bool
    text: str  # the whole draft file
    findings: tuple[Finding, ...]  # positions in the draft file


def plan_drafts(config: Config, project: Project, article_ref: str, sections: Sequence[str],
                role: str | None, force: bool) -> list[DraftPlan]:
    article = find_article(project, article_ref)
    environment = prompt_environment(config)
    plans: list[DraftPlan] = []
    for name in dict.fromkeys(sections):
        data = section_data(project, article, name, role)
        target = config.content_path / DRAFTS_DIR / article.slug / f"{data.slug}.md"
        plan = DraftPlan(data, build_messages(environment, data), target,
                         config.display(target), force)
        _refuse_outside(plan, config.root)
        _refuse_overwrite(plan)
        plans.append(plan)
    return plans


def _refuse_outside(plan: DraftPlan, root: Path) -> None:
    if not is_inside(plan.target, root):  # a folder on the way is a link to elsewhere
        raise DraftError(f"{plan.display} would be written outside the project",
                         Location(plan.display), "a folder on its way is a symbolic link to "
                         "a place outside the project; replace the link with a real folder")


def _refuse_overwrite(plan: DraftPlan) -> None:
    if plan.target.exists() and not plan.force:
        raise DraftError(f"{plan.display} already exists", Location(plan.display),
                         "pass --force to replace it, or move it away first")


class Drafter:
    """Answers plans from the cache or the model, and gates the answers."""

    def __init__(self, config: Config, client: ChatClient, cache: ResponseCache | None,
                 today: date) -> None:
        self._config = config
        self._client = client
        self._cache = cache
        self._today = today

    def draft(self, plan: DraftPlan) -> DraftResult:
        key = cache_key(self._config.llm, plan.messages)
        completion = self._cache.get(key) if self._cache else None
        cached = completion is not None
        if completion is None:
            completion = self._client.complete(plan.messages)
            if self._cache is not None:
                self._cache.put(key, completion)
        header = front_matter(plan, self._config.llm.model, self._today)
        section = plan.section
        gated = gate(completion.text, section.statistics, section.allowed_numbers,
                     self._config, plan.display, self._today)
        shift = header.count("\n")
        findings = tuple(replace(f, line=f.line + shift, end_line=f.end_line + shift)
                         for f in gated.findings)
        return DraftResult(plan, completion, cached, f"{header}{gated.body}\n", findings)


def draft_all(plans: Sequence[DraftPlan], drafter: Drafter,
              on_done: Callable[[DraftPlan], None]) -> list[DraftResult]:
    """Draft every plan, at most MAX_WORKERS at once; results in plan order."""
    def run(plan: DraftPlan) -> DraftResult:
        result = drafter.draft(plan)
        on_done(plan)
        return result

    with ThreadPoolExecutor(max_workers=max(1, min(MAX_WORKERS, len(plans)))) as pool:
        futures = [pool.submit(run, plan) for plan in plans]
        try:
            return [future.result() for future in futures]
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def write_drafts(results: Sequence[DraftResult]) -> None:
    for result in results:  # checked again: a file may have appeared while we waited
        _refuse_overwrite(result.plan)
    for result in results:
        try:
            write_text_atomic(result.plan.target, result.text, make_folders=True)
        except OSError as error:
            raise DraftError(f"cannot write the draft: {error.strerror or error}",
                             Location(result.plan.display),
                             "check that content/drafts/ is a writable folder") from None


def front_matter(plan: DraftPlan, model: str, today: date) -> str:
    section = plan.section
    article = section.article
    about = f" ({section.role.title})" if section.role else ""
    fields = {
        "title": f"Draft {section.name}{about}: {article.title}",
        "description": f"A drafted '{section.name}' for {article.slug}; review it before use.",
        "date": today.isoformat(),
        "draft": True,
        "slug": f"{article.slug}-draft-{section.slug}",
        "draft-of": article.slug,
        "section": section.name,
        "model": model,
    }
    # JSON scalars are YAML scalars: quoting is exact whatever the title holds.
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"
