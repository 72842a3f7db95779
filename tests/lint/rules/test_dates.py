"""CD3xx: years that contradict the article's time frame, unanchored relative dates."""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from copydesk.lint.document import Block, Document, LineStart
from copydesk.lint.finding import Severity
from copydesk.lint.readers import read_document
from copydesk.lint.rules.dates import RULES, Frame, frame_year
from tests.lint.rules.helpers import RuleExamples, lint_snippet

SEED = Path(__file__).parents[2] / "fixtures" / "seed.txt"
TITLE = "# Machine Learning Hiring in 2026\n\n"
DATED = "---\ntitle: Hiring guide\ndate: 2026-03-01\n---\n\n"

EXAMPLES: dict[str, RuleExamples] = {
    "CD301": RuleExamples(
        failing=(
            TITLE + "You must hire machine learning engineers in 2025 who possess CI/CD skills.",
            TITLE + "The 2025 market rewards specialists over generalists.",
            TITLE + "In 2025 you need a partner who understands the AI talent market.",
            TITLE + "Hire specialised engineers in 2025 to stay ahead.",
            TITLE + "Engineers are needed in 2025 across every product team.",
            TITLE + "## Top roles to hire in 2025\n\nThe list follows.",
            DATED + "Budget for these salaries in 2025 and plan your roadmap.",
            TITLE + "Hiring trends for 2025: what to expect.",
            TITLE + "Start planning your 2025 hiring today.",
            TITLE + "In 2025, you will need at least three MLOps engineers.",
            # No title year: 2026 dominates the text (three mentions to one).
            "Demand in 2026 is high. Salaries in 2026 keep rising. Teams in 2026 grow. "
            "Plan your 2025 hiring now.",
        ),
        passing=(
            TITLE + "In 2024, Mat joined Understanding Recruitment.",
            TITLE + "Mat joined the firm in 2024, identified a gap and built a team.",
            TITLE + "In 2024, he launched the US operation.",
            TITLE + "Demand has grown steadily since 2022.",
            TITLE + "The firm was founded in 2023.",
            TITLE + "Between 2023 and 2025 demand for MLOps engineers grows steadily.",
            TITLE + "Demand rose sharply in 2025.",
            TITLE + "The company opened a Boston office in March 2025.",
            TITLE + "Throughout 2025, firms struggled to hire.",
            TITLE + "Unlike 2025, this year favours specialists.",
            TITLE + "The 2024-2025 hiring cycle is over.",
            TITLE + "By 2030, most teams will employ an LLM engineer.",
            TITLE + "According to the Stack Overflow survey of 2025, Python leads.",
            TITLE + "A 2025 report by Gartner counts 4,000 open roles.",
            TITLE + "Salaries are up 12% compared with 2025.",
            TITLE + "Back in 2024 few firms hire LLM engineers at all.",
            TITLE + "The fiscal year 2025-26 budget covers these hires.",
            TITLE + "Demand keeps climbing (Gartner, 2025).",
            TITLE + "Read [our 2025 hiring outlook](https://example.com/outlook) for details.",
            TITLE + "Roles in the 2020s look nothing like those of the 2010s.",
            TITLE + "Hiring plans for 2026 and 2027 are ambitious.",
            TITLE + "Pay of $2,025 a week and an index of 2025.5 points are normal.",
            TITLE + "In 1998, a search company is born in a garage.",
            DATED + "Plans made for 2026 hold up.",
            # Without a frame there is nothing to contradict.
            "You must hire machine learning engineers in 2025.",
            "Hiring in 2025 and 2026 is hard. In 2025 you need a partner. 2026 looks similar.",
        ),
    ),
    "CD302": RuleExamples(
        failing=(
            "Demand for MLOps engineers doubled last year.",
            "We are currently hiring three engineers.",
            "Salaries rose recently across the sector.",
            "Why are MLOps specialists so hard to find right now?",
            "This month we opened two roles.",
            "Next year the team will double in size.",
            "These days every team needs an MLOps engineer.",
            "The budget was cut this quarter.",
        ),
        passing=(
            "Demand for MLOps engineers doubled in 2025.",
            "Last year (2025), demand doubled.",
            "As of March 2026, the team is currently hiring.",
            "The currency market is volatile.",
            "Recent graduates apply often.",
            "This yearly report covers salaries.",
            "The last years of the decade were busy.",
            "The team hired two engineers in March.",
        ),
    ),
}


def test_every_rule_in_the_module_has_examples() -> None:
    assert {rule.code for rule in RULES} == set(EXAMPLES)


def test_contradicting_year_points_at_the_year_and_names_the_frame() -> None:
    findings = lint_snippet(TITLE + "Plan to hire in 2025 now.", "CD301")
    assert [(f.line, f.col, f.end_line, f.end_col) for f in findings] == [(3, 17, 3, 21)]
    assert findings[0].severity is Severity.WARNING
    assert findings[0].message.startswith("2025 reads as current in a 2026 article")
    assert "from the title" in findings[0].message


def test_contradicting_year_uses_the_html_title() -> None:
    html = ("<html><head><title>ML roles in 2026</title></head>"
            "<body><p>Hire engineers in 2025 now.</p></body></html>")
    findings = lint_snippet(html, "CD301", kind="html")
    assert [(f.line, f.col) for f in findings] == [(1, html.index("2025") + 1)]


def test_seed_stale_year_is_found_and_past_references_are_not() -> None:
    findings = lint_snippet(SEED.read_text(encoding="utf-8"), "CD301", kind="text")
    flagged = [(f.line, f.source_line[f.col - 1:f.end_col - 1]) for f in findings]
    assert flagged == [(31, "2025")]
    assert "hire machine learning engineers in 2025" in findings[0].source_line


def test_seed_years_outside_the_stale_window_are_still_judged_as_past() -> None:
    # "In 2015, Mat joined" and "In 2019, he launched" sit outside the five-year window
    # of a 2026 article; moved into a 2020 article they must still read as past.
    text = "# Hiring in 2020\n\n" + SEED.read_text(encoding="utf-8").split("About the Author")[1]
    assert not lint_snippet(text, "CD301")


def _document(front_matter: dict[str, Any], *texts: tuple[str, str, int]) -> Document:
    blocks = tuple(Block(kind, text, (LineStart(0, number + 1, 1),),  # type: ignore[arg-type]
                         level=level)
                   for number, (kind, text, level) in enumerate(texts))
    return Document("page.md", "markdown", "", blocks, front_matter=front_matter)


@pytest.mark.parametrize("value", [date(2026, 1, 5), datetime(2026, 1, 5, 9, 30),
                                   "2026-01-05", "January 5, 2026", 2026])
def test_frame_year_reads_every_shape_of_front_matter_date(value: object) -> None:
    document = _document({"date": value}, ("paragraph", "Hiring in 2024 and 2024.", 0))
    assert frame_year(document) == Frame(2026, "front matter date")


def test_frame_year_prefers_the_latest_front_matter_date() -> None:
    document = _document({"date": date(2024, 1, 1), "lastmod": date(2026, 2, 1)})
    assert frame_year(document) == Frame(2026, "front matter date")


def test_frame_year_falls_back_to_the_title_then_the_dominant_year() -> None:
    titled = _document({}, ("heading", "Best roles in 2026", 1),
                       ("paragraph", "In 2025, in 2025, in 2025.", 0))
    assert frame_year(titled) == Frame(2026, "title")
    untitled = _document({}, ("paragraph", "2025 then 2025, 2025 and 2024.", 0))
    assert frame_year(untitled) == Frame(2025, "most frequent year in the text")


def test_frame_year_needs_a_clearly_dominant_year() -> None:
    close = _document({}, ("paragraph", "2025, 2025, 2025, 2026 and 2026.", 0))
    assert frame_year(close) is None
    rare = _document({}, ("paragraph", "Only 2025 and 2025.", 0))
    assert frame_year(rare) is None


def test_frame_year_takes_no_title_from_a_lower_heading_in_markdown() -> None:
    document = _document({}, ("heading", "Plans for 2026", 2), ("paragraph", "Intro.", 0))
    assert frame_year(document) is None


def test_frame_year_takes_the_first_line_of_plain_text_as_its_title() -> None:
    document = read_document("post.txt", "Plans for 2026\n\nHire engineers in 2025 now.\n")
    assert frame_year(document) == Frame(2026, "title")


def test_relative_date_points_at_the_phrase_as_info() -> None:
    findings = lint_snippet("Intro.\n\nWe are currently hiring.", "CD302")
    assert [(f.line, f.col, f.end_col) for f in findings] == [(3, 8, 17)]
    assert findings[0].severity is Severity.INFO
    assert '"currently" has no year' in findings[0].message


def test_a_year_in_another_sentence_does_not_anchor_a_relative_date() -> None:
    findings = lint_snippet("Hiring doubled in 2025. Last year was quieter.", "CD302")
    assert [f.source_line[f.col - 1:f.end_col - 1] for f in findings] == ["Last year"]


def test_seed_relative_date_is_found() -> None:
    document = read_document("seed.txt", SEED.read_text(encoding="utf-8"))
    findings = lint_snippet(document.source, "CD302", kind="text")
    assert [(f.line, f.source_line[f.col - 1:f.end_col - 1]) for f in findings] == [
        (43, "right now")]


@pytest.mark.parametrize("code", [rule.code for rule in RULES])
def test_many_years_in_one_sentence_lint_in_linear_time(code: str) -> None:
    chunk = "in 2025 [a](https://x.org) according to 2024 since "
    small, large = TITLE + chunk * 250, TITLE + chunk * 2500
    assert _seconds(small, code) * 10 * 4 + 0.5 > _seconds(large, code)


def _seconds(text: str, code: str) -> float:
    started = time.process_time()  # CPU: other processes on a shared machine do not count
    lint_snippet(text, code)
    return time.process_time() - started
