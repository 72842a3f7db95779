"""The CD6 rules on copydesk's own built example: only what is really wrong with it.

The example article keeps the seed post's defects on purpose; these are the CD6 ones:

- CD603/CD604 (title line): "The Most In-Demand ... Talent Frontier | Acceler8 Talent
  Insights" is 109 characters, about 1000 px: search results cut it.
- CD616: the article links to no other page of the site; the seed's "our blog discussing
  ..." names a post without linking it. The home and feed links are menus, not text.
- CD617: no outbound link; the example's statistics cite sources that have no URL.
- CD622 (description line): the description says "machine learning roles hiring managers
  compete for", not "most in-demand".
- CD625 (keyphrase line): the five-word keyphrase is in 3 sentences of about 1,400 words.

Everything else passes: title and description present, one H1, canonical, lang, Open
Graph, a short slug, and the keyphrase in the title, introduction, slug and a subheading.
"""

from __future__ import annotations

from pathlib import Path

from copydesk.config import Thresholds
from copydesk.lint.readers import read_document
from copydesk.lint.registry import ALL_RULES
from copydesk.lint.rule import RuleContext
from copydesk.lint.runner import lint_document
from tests.lint.rules.helpers import TODAY

GOLDEN = Path(__file__).parents[2] / "site" / "golden"
CD6 = [rule for rule in ALL_RULES if rule.family == "CD6"]


def cd6_findings(relative: str) -> list[tuple[str, int]]:
    path = GOLDEN / relative
    document = read_document(str(path), path.read_text(encoding="utf-8"), "html")
    findings = lint_document(document, CD6, RuleContext(Thresholds(), TODAY))
    return sorted((finding.code, finding.line) for finding in findings)


def line_of(relative: str, needle: str) -> int:
    lines = (GOLDEN / relative).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


def test_example_article_gives_only_its_known_seo_findings() -> None:
    article = "most-in-demand-machine-learning-roles-2026/index.html"
    title = line_of(article, "<title>")
    assert cd6_findings(article) == sorted([
        ("CD603", title), ("CD604", title),
        ("CD616", 1), ("CD617", 1),
        ("CD622", line_of(article, '<meta name="description"')),
        ("CD625", line_of(article, '<meta name="copydesk:keyphrase"')),
    ])



def test_the_noindex_404_page_gets_no_ranking_advice() -> None:
    assert cd6_findings("404.html") == []
