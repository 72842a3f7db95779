"""CD2xx: claims and sources."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from copydesk.config import Thresholds
from copydesk.lint.document import Block, Document, LineStart, Link
from copydesk.lint.finding import Finding
from copydesk.lint.rule import RuleContext
from copydesk.lint.rules.claims import RULES, check_unsourced_statistic
from tests.lint.rules.helpers import TODAY, RuleExamples, lint_snippet

SEED = Path(__file__).parents[2] / "fixtures" / "seed.txt"

EXAMPLES: dict[str, RuleExamples] = {
    "CD201": RuleExamples(
        failing=(
            "RAG now appears in 65% of applied LLM job listings.",
            "Base salaries range from $220,000 to $350,000 for senior staff.",
            "Specialist firms cut time-to-hire by 3x for niche roles.",
            "Candidates with MLOps skills get three times more offers.",
            "Candidates with MLOps skills get 2.5 times more offers.",
            "Costs fell 3× after the switch.",
            "Turnover halved after we changed the rota.",
            "One in five engineers is changing jobs this year.",
            "Only 3 out of 10 applicants pass the first screen.",
            "Demand for prompt engineers doubled in a single year.",
            "Contractors earn £95k and up.",
            "Contractors earn USD 120,000 and up.",
            "## 40% of teams now use vector databases",
            "Growth was 20–30% across the sector.",
            "Budgets grew by 12 percent. Nobody expected it.",
            "Hiring data shows postings for ML roles rose 20%.",
            "Figure 3 shows that 65% of teams use RAG.",
            "Researchers found that 65% of teams use RAG.",
        ),
        passing=(
            "RAG now appears in 65% of LLM job listings "
            "([LinkedIn, 2026](https://example.com/jobs-report)).",
            "RAG now appears in 65% of LLM job listings. The figure comes from "
            "[LinkedIn's jobs report](https://example.com/jobs-report).",
            "RAG now appears in 65% of LLM job listings.[^1]\n\n"
            "[^1]: LinkedIn, Jobs Report 2026.",
            "Salaries rose 12% in 2026 (Source: ONS Labour Market Survey).",
            "According to Gartner, 30% of firms will adopt agents by 2027.",
            "According to a 2024 LinkedIn report, 30% of firms use agents.",
            "LinkedIn found that 40% of recruiters struggle to hire ML talent.",
            "Data from Indeed shows postings for ML roles rose 20%.",
            "Harvard researchers found that 65% of teams use RAG.",
            "Salaries rose 12% last year (Smith et al., 2025).",
            "Salaries rose 12% last year [3].",
            "In 2026 the team hired 5 engineers over 12 months, on call 24/7.",
            "Step 1 Audit your stack. Step 2 Upgrade Python 3.11 to 3.12.",
            "We are 100% committed to your success.",
            "Give it 100% of your attention.",
            "Use a 3 x 4 grid, and the team doubled down on quality.",
            "We meet three times a week and 2 times a month.",
            "Laptops authenticate with IEEE 802.1X on the office network.",
        ),
    ),
    "CD202": RuleExamples(
        failing=(
            "In 2026, our data shows a huge increase in requests for LLM specialists.",
            "Our MLOps specialist talent market analysis consistently shows long vacancies.",
            "Studies show that remote teams ship faster.",
            "Experts say the market will cool.",
            "Research suggests hiring will slow.",
            "It is widely known that MLOps engineers are scarce.",
            "Many believe the talent gap will close.",
            "According to our internal placement data, hiring slowed.",
            "According to a recent study, hiring slowed.",
            "It's widely accepted that AI roles pay more.",
            "Many companies believe AI will replace recruiters.",
        ),
        passing=(
            "Our 2026 placement data ([method](https://example.com/method)) shows longer "
            "vacancies.",
            "Studies show that remote teams ship faster (Source: Stanford, 2024).",
            "Our research team interviewed forty hiring managers.",
            "We study the market every quarter.",
            "Experts in MLOps are rare.",
            "According to a 2024 LinkedIn report, hiring slowed.",
        ),
    ),
    "CD203": RuleExamples(
        failing=(
            "This is similar to the issues in our blog discussing semiconductor funding.",
            "See our guide on hiring MLOps engineers for details.",
            "As we covered in our previous post, salaries rose.",
            "Download our latest report for the full picture.",
            "The figures are in our 2026 salary guide.",
            "Revenue grew, per our annual report.",
        ),
        passing=(
            "This is similar to [our blog on semiconductor funding](/blog/semiconductors/).",
            "See our guide on hiring MLOps engineers: https://example.com/guide.",
            "Our team reviews every role.",
            "Blog posts are short; guides are long.",
            "Once we added some content to our post, we published it.",
            "Our clients report faster hiring, and our recruiters guide every candidate.",
        ),
    ),
}

# Well-edited prose: every number sourced, every reference linked. No CD2 finding.
CLEAN_PROSE = """\
# Hiring machine learning engineers in 2026

RAG architecture appears in 65% of applied LLM job listings, according to
[LinkedIn's 2026 Jobs on the Rise report](https://example.com/jobs-on-the-rise).
Base salaries for senior infrastructure engineers range from $220,000 to $350,000
(Source: Levels.fyi, 2026 pay report).

The Bureau of Labor Statistics estimates that demand for data scientists will grow
by 36% between 2023 and 2033.[^bls] Our team has placed engineers since 2019, and we
explain our method in [our guide on technical hiring](/guides/technical-hiring/).

Step 1 Audit your stack. Step 2 Budget for compute.

[^bls]: Bureau of Labor Statistics, Occupational Outlook Handbook, 2024.
"""


def test_every_rule_in_the_module_has_examples() -> None:
    assert {rule.code for rule in RULES} == set(EXAMPLES)


def _covered(findings: list[Finding]) -> list[str]:
    return [f.source_line[f.col - 1:f.end_col - 1] for f in findings if f.line == f.end_line]


def test_statistic_position_and_message() -> None:
    findings = lint_snippet("Teams grew fast.\nAbout 65% of them use RAG.", "CD201", kind="text")
    assert [(f.line, f.col, f.end_line, f.end_col) for f in findings] == [(2, 7, 2, 10)]
    assert findings[0].message.startswith("'65%' has no source in this sentence or the next")


def test_each_statistic_is_its_own_finding_and_a_range_is_one() -> None:
    text = "Pay runs from $220,000 to $350,000, up 12% and 3x faster than 2020."
    assert _covered(lint_snippet(text, "CD201")) == ["$220,000 to $350,000", "12%", "3x"]


def test_a_source_in_the_next_sentence_counts_but_not_two_sentences_later() -> None:
    sourced = "Pay rose 12%. That is the [ONS figure](https://example.com/ons)."
    late = "Pay rose 12%. That is high. See [ONS](https://example.com/ons)."
    assert not lint_snippet(sourced, "CD201")
    assert _covered(lint_snippet(late, "CD201")) == ["12%"]


def test_the_next_sentence_may_open_the_next_block() -> None:
    sourced = "## Pay rose 12% in 2026\n\nSource: [ONS](https://example.com/ons).\n"
    unsourced = "Pay rose 12% in 2026.\n\nHiring slowed. Source: [ONS](https://example.com).\n"
    assert not lint_snippet(sourced, "CD201")
    assert _covered(lint_snippet(unsourced, "CD201")) == ["12%"]


def test_recorded_link_and_citation_are_sources() -> None:
    text = "Pay rose 12% in 2026. Hiring slowed. Demand fell 8%."
    context = RuleContext(Thresholds(), TODAY)

    def hits(links: tuple[Link, ...] = (), citations: tuple[int, ...] = ()) -> list[str]:
        block = Block("paragraph", text, (LineStart(0, 1, 1),), links=links, citations=citations)
        document = Document("page.html", "html", text, (block,))
        return [text[hit.start:hit.end] for hit in check_unsourced_statistic(document, context)]

    assert hits() == ["12%", "8%"]
    assert hits(links=(Link("#source-1", 9, 12),)) == ["8%"]
    assert hits(citations=(len(text) - 1,)) == ["12%"]


def test_copydesk_stat_citations_are_sources_in_built_html_and_markdown() -> None:
    html = ('<p>RAG appears in 65%<sup class="cite"><a href="#source-1">[1]</a></sup> of '
            "listings. Pay runs from $220,000 to $350,000.</p><p>Demand doubled.</p>")
    markdown = ("RAG appears in 65%[\\[1\\]](#source-1) of listings. Pay runs from $220,000 "
                "to $350,000.\n\nDemand doubled.\n")
    assert _covered(lint_snippet(html, "CD201", kind="html")) == ["$220,000 to $350,000", "doubled"]
    assert _covered(lint_snippet(markdown, "CD201")) == ["$220,000 to $350,000", "doubled"]


def test_seed_claims_are_found() -> None:
    seed = SEED.read_text(encoding="utf-8")
    statistics = _covered(lint_snippet(seed, "CD201", kind="text"))
    assert {"65%", "135.8%", "75%", "30%", "$220,000 to $350,000"} <= set(statistics)
    assert "5" not in statistics and "2026" not in statistics
    assert _covered(lint_snippet(seed, "CD202", kind="text")) == [
        "our data shows", "Our MLOps specialist talent market analysis consistently shows"]
    references = _covered(lint_snippet(seed, "CD203", kind="text"))
    assert len(references) == 1
    assert references[0].startswith("our blog discussing semiconductor funding")


@pytest.mark.parametrize("code", [rule.code for rule in RULES])
def test_clean_prose_gives_no_finding(code: str) -> None:
    findings = lint_snippet(CLEAN_PROSE, code)
    assert not findings, [f"{f.line}:{f.col} {f.message}" for f in findings]


@pytest.mark.parametrize("code", [rule.code for rule in RULES])
def test_large_hostile_input_lints_in_linear_time(code: str) -> None:
    chunk = ("our " * 20 + "1" * 50 + "$" * 20 + "A." * 30 + "according to " * 5 + "[" * 30
             + "(" * 30 + "9% " * 10 + "\n")
    small, large = chunk * 300, chunk * 3000
    assert _seconds(small, code) * 10 * 4 + 0.5 > _seconds(large, code)


def _seconds(text: str, code: str) -> float:
    started = time.process_time()  # CPU: other processes on a shared machine do not count
    lint_snippet(text, code, kind="text")
    return time.process_time() - started
