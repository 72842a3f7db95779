"""The site-wide rules in the build, run on the pages a rebuild's changes reach.

The build keeps what the rules gather from every page (``copydesk.lint.site_index``) beside
its cache, and each page keeps its site-wide findings traced (``Trace.site``) and their
share of the report (``PageReport``). A rebuild brings the index up to date with the pages
whose HTML changed and runs the rules on the pages that reaches; every other page keeps
its findings as they were. The index is trusted only by the build whose cache names it
(:attr:`SiteRules.token`): a build that wrote no cache (``--strict`` refused, a failed
save) leaves an index the next build does not use.
"""

from __future__ import annotations

import pickle
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from copydesk.atomic import write_atomic
from copydesk.config import Config
from copydesk.heap import collection_paused
from copydesk.lint.finding import Finding
from copydesk.lint.registry import SITE_RULES, is_selected
from copydesk.lint.rule import RuleContext
from copydesk.lint.runner import lint_site
from copydesk.lint.site_index import SiteIndex
from copydesk.lint.site_rule import ROBOTS, SITEMAP, Site
from copydesk.site.cache import BuiltPage, digest
from copydesk.site.noop import FOLDER, output_key

if TYPE_CHECKING:  # it runs these rules
    from copydesk.site.lint_build import SiteFiles


@dataclass
class SiteRules:
    """The site-wide rules of one build: which pages they report on, and what on."""

    site: Site  # every page, reporting on the pages reached
    index: SiteIndex
    # The pages (output files) whose site-wide findings may differ from the previous
    # build's; None: every page's may.
    reached: frozenset[str] | None
    outer: tuple[Finding, ...]  # the findings on sitemap.xml and robots.txt
    token: str  # names the index kept for the next build ("" when none was)

    def findings(self, config: Config, files: SiteFiles, scope: Iterable[str] | None
                 ) -> list[Finding]:
        """The site-wide findings on the pages of ``scope`` (None: every file), sorted."""
        chosen = None if scope is None else frozenset(scope)
        site = Site(self.site.facts, self.site.files, self.site.texts, chosen, self.index.gathered)
        return _lint_site(config, files, site)


def site_rules(config: Config, files: SiteFiles, pages: Sequence[BuiltPage],
               texts: Mapping[str, str], *, cache: bool, token: str) -> SiteRules:
    """The index brought up to date with ``pages`` (``texts``: the site's other files), from
    the one the previous build kept when its cache names it (``token``)."""
    facts = {page.path.file: page.lint.facts for page in pages}
    site = Site(facts, frozenset((*facts, *texts)),
                {name: texts[name] for name in (SITEMAP, ROBOTS) if name in texts})
    outputs = {page.path.file: page.output for page in pages}
    context = _context(config, files, site)
    file = _index_file(config)
    kept = _load(file, token) if cache and token else None
    if kept is None:
        index, reached, outer = SiteIndex.of(site, outputs, context), None, None
    else:
        index, outer = kept
        reached = index.update(site, outputs, context)
    if reached is None or outer is None or SITEMAP in reached or ROBOTS in reached:
        scope = Site(site.facts, site.files, site.texts, frozenset((SITEMAP, ROBOTS)),
                     index.gathered)
        outer = tuple(_lint_site(config, files, scope))
    if reached is None or reached:
        token = _keep(file, index, outer)
    return SiteRules(site, index, reached, outer, token)


def _context(config: Config, files: SiteFiles, site: Site) -> str:
    """What the site-wide findings depend on besides the pages and the site's files."""
    lint = config.lint
    return digest([rule.code for rule in SITE_RULES
                   if is_selected(rule.code, lint.select, lint.ignore)],
                  sorted(lint.severity.items()), sorted(lint.per_file_ignores.items()),
                  files.display(""), site.base_url)


def _lint_site(config: Config, files: SiteFiles, site: Site) -> list[Finding]:
    lint = config.lint
    rules = [rule for rule in SITE_RULES if is_selected(rule.code, lint.select, lint.ignore)]
    return lint_site(site, rules, RuleContext(lint.thresholds, date.today()), lint.severity,
                     display=files.display, ignored=files.ignored)


def _index_file(config: Config) -> Path:
    return config.root / FOLDER / f"site-index-{output_key(config.output_path)}.pickle"


def _load(file: Path, token: str) -> tuple[SiteIndex, tuple[Finding, ...]] | None:
    """The index kept under ``token``, with its outer findings; None when missing,
    unreadable or another build's."""
    try:
        with collection_paused():
            kept = pickle.loads(file.read_bytes())
    except Exception:  # missing, truncated, from another Python: gathered again
        return None
    if (isinstance(kept, tuple) and len(kept) == 3 and kept[0] == token
            and isinstance(kept[1], SiteIndex) and isinstance(kept[2], tuple)):
        return kept[1], kept[2]
    return None


def _keep(file: Path, index: SiteIndex, outer: tuple[Finding, ...]) -> str:
    """Keep the index for the next build; gives its token ("" when it could not)."""
    token = uuid.uuid4().hex

    def dump(out: BinaryIO) -> None:
        pickle.dump((token, index, outer), out, protocol=pickle.HIGHEST_PROTOCOL)

    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with collection_paused():
            write_atomic(file, dump)
    except OSError:
        return ""
    return token
