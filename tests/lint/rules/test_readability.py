"""CD4xx: readability scores, long sentences and paragraphs, walls of text, repeated openings."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import NoReturn

import pytest

from copydesk.config import Thresholds
from copydesk.lint import syllables
from copydesk.lint.finding import Severity
from copydesk.lint.readers import read_document
from copydesk.lint.registry import ALL_RULES
from copydesk.lint.rule import RuleContext
from copydesk.lint.rules.readability import RULES
from copydesk.lint.runner import lint_document
from tests.lint.rules.helpers import TODAY, RuleExamples, lint_snippet

FIXTURES = Path(__file__).parents[2] / "fixtures"
# 7 words, 30 syllables a sentence: Flesch about -160.
DENSE = ("Organizational infrastructure modernization necessitates comprehensive "
         "interdepartmental coordination. ")
# 8 words, 10 syllables per pair of sentences: Flesch about 100.
EASY = "We hire good people. They like the work. "


def sentence(count: int, opening: str = "Our") -> str:
    """A plain sentence of ``count`` words."""
    filler = "team ships small changes to the data platform every week and"
    pool = (filler.split() * (count // 10 + 1))[:count - 1]
    return " ".join([opening, *pool]) + "."


def paragraph(*counts: int) -> str:
    """Plain sentences of the given word counts."""
    return " ".join(sentence(count) for count in counts)


LONG_24 = sentence(24)
SHORT_10 = sentence(10, "Each")

EXAMPLES: dict[str, RuleExamples] = {
    "CD401": RuleExamples(
        failing=(
            DENSE * 15,
            "# Modernization\n\n" + DENSE * 8 + "\n\n## Coordination\n\n" + DENSE * 8,
        ),
        passing=(
            EASY * 13,
            DENSE * 10,  # 70 words: too short for a meaningful score
            "# Modernization\n\n| " + DENSE * 20 + " | x |\n|---|---|\n| a | b |\n",
        ),
    ),
    "CD402": RuleExamples(
        failing=(
            "# Guide\n\n## Why\n\n" + EASY * 13 + "\n\n## How\n\n" + DENSE * 15,
            DENSE * 15 + "\n\n## Next steps\n\n" + EASY * 13,
        ),
        passing=(
            "# Guide\n\n" + DENSE * 15,  # one section: CD401 says it
            "# Guide\n\n## Why\n\n" + EASY * 13 + "\n\n## How\n\n" + DENSE * 10,
            "# Guide\n\n## Why\n\n" + EASY * 13 + "\n\n## How\n\n" + EASY * 13,
        ),
    ),
    "CD403": RuleExamples(
        failing=(
            " ".join([LONG_24, SHORT_10, LONG_24, SHORT_10, SHORT_10, SHORT_10]),
            " ".join([LONG_24, SHORT_10, LONG_24]) + "\n\n" + " ".join([SHORT_10] * 3),
        ),
        passing=(
            " ".join([LONG_24, SHORT_10, SHORT_10, SHORT_10, SHORT_10, SHORT_10]),
            " ".join([LONG_24, LONG_24, SHORT_10, SHORT_10, SHORT_10, SHORT_10, SHORT_10,
                      SHORT_10]),  # 25% exactly is Yoast's limit, not over it
            " ".join([LONG_24, LONG_24, SHORT_10, SHORT_10]),  # too few sentences to judge
            " ".join([LONG_24, LONG_24, SHORT_10]) + "\n\n## More\n\n"
            + " ".join([SHORT_10] * 3),
            "\n".join(f"- {LONG_24}" for _ in range(6)),  # list items are not counted
        ),
    ),
    "CD404": RuleExamples(
        failing=(
            sentence(41),
            "Intro.\n\n- " + sentence(45),
            "> " + sentence(60),
        ),
        passing=(
            sentence(40),
            "| " + sentence(60) + " | x |\n|---|---|\n| a | b |\n",
            sentence(30) + " " + sentence(30),
            "Pay ranges from $220,000 to $350,000 here.",
        ),
    ),
    "CD405": RuleExamples(
        failing=(
            paragraph(30, 30, 30, 30, 30, 1),
            "> " + paragraph(40, 40, 40, 40),
        ),
        passing=(
            paragraph(30, 30, 30, 30, 30),
            paragraph(30, 30, 30) + "\n\n" + paragraph(30, 30, 30),
            "- " + paragraph(40, 40, 40, 40),
        ),
    ),
    "CD406": RuleExamples(
        failing=(
            "\n\n".join([paragraph(30, 30, 30)] * 3 + [paragraph(30, 1)]),
            "# Title\n\n" + "\n\n".join([paragraph(25, 25, 25, 25)] * 3) + "\n\n- "
            + sentence(5),
        ),
        passing=(
            "\n\n".join([paragraph(30, 30, 30)] * 3 + [paragraph(30)]),
            "# Title\n\n" + paragraph(*[25] * 12) + "\n\n## More\n\n" + paragraph(*[25] * 8),
        ),
    ),
    "CD407": RuleExamples(
        failing=(
            "Companies hire. Companies train. Companies retain.",
            "We help.\n\nWe listen.\n\nWe deliver.",
            "The market grows. The market shifts. The market rewards skill.",
            "Intro first. Then we act. Then we measure. Then we adjust. Done.",
        ),
        passing=(
            "The market grows. The data shows it. The team agrees.",
            "Step 1 Audit your stack. Step 2 Build a framework. Step 3 Document paths.",
            "We help. We listen.\n\n## Next\n\nWe deliver.",
            "- We help.\n- We listen.\n- We deliver.",
            "Companies hire. Companies train. Teams retain.",
        ),
    ),
}


def test_every_rule_in_the_module_has_examples() -> None:
    assert {rule.code for rule in RULES} == set(EXAMPLES)


def test_document_score_message_reports_score_and_threshold() -> None:
    text = "# Modernization\n\n" + DENSE * 15
    expected = syllables.text_stats(DENSE * 15).flesch_reading_ease
    findings = lint_snippet(text, "CD401")
    assert [(f.line, f.severity) for f in findings] == [(3, Severity.WARNING)]
    assert findings[0].message.startswith(
        f"Flesch reading ease {expected:.1f} of the document is below 30 "
        "(set thresholds.flesch-min)")


def test_flesch_floor_is_configurable() -> None:
    text = EASY * 13
    assert not lint_snippet(text, "CD401")
    strict = lint_snippet(text, "CD401", thresholds=Thresholds(flesch_min=120))
    assert "is below 120 (set thresholds.flesch-min)" in strict[0].message


def test_section_score_points_at_the_heading_as_info() -> None:
    text = "# Guide\n\n## Why\n\n" + EASY * 13 + "\n\n## How it works\n\n" + DENSE * 15
    findings = lint_snippet(text, "CD402")
    assert [(f.line, f.col, f.end_col) for f in findings] == [(7, 4, 16)]
    assert findings[0].severity is Severity.INFO
    assert "of this section is below 30" in findings[0].message


def test_long_sentence_share_points_at_the_longest_sentence_not_already_overlong() -> None:
    longest = sentence(35)
    text = " ".join([LONG_24, sentence(50), longest, SHORT_10, SHORT_10, SHORT_10])
    findings = lint_snippet(text, "CD403")
    start = text.index(longest) + 1
    assert [(f.col, f.end_col) for f in findings] == [(start, start + len(longest))]
    assert findings[0].message.startswith(
        "3 of 6 sentences in this section (50%) have more than 20 words, above 25% "
        "(set thresholds.long-sentence-share); the longest, here, has 35 words")


def test_overlong_sentence_spans_the_sentence_and_reports_its_length() -> None:
    long = sentence(41)
    findings = lint_snippet("Intro here.\n\n" + long + " Short one.", "CD404")
    assert [(f.line, f.col, f.end_col) for f in findings] == [(3, 1, len(long) + 1)]
    assert findings[0].message.startswith(
        "sentence has 41 words, over 40 (set thresholds.max-sentence-words)")


def test_overlong_sentence_threshold_is_configurable() -> None:
    assert lint_snippet(sentence(30), "CD404", thresholds=Thresholds(max_sentence_words=25))


def test_long_paragraph_points_at_the_first_word_past_the_limit() -> None:
    text = sentence(150) + " Extra words here."
    findings = lint_snippet(text, "CD405")
    assert [(f.col, f.end_col) for f in findings] == [(text.index("Extra") + 1, len(text))]
    assert findings[0].message.startswith("paragraph has 153 words, over 150")


def test_wall_of_text_points_at_the_first_word_past_the_limit() -> None:
    text = "# Title\n\n" + sentence(300) + "\n\nBeyond the limit."
    findings = lint_snippet(text, "CD406")
    assert [(f.line, f.col, f.end_col) for f in findings] == [(5, 1, 7)]
    assert findings[0].message.startswith(
        "303 words without a subheading, over 300 (set thresholds.max-words-without-subheading)")


def test_repeated_start_points_at_the_first_opening_of_the_run() -> None:
    findings = lint_snippet("Hello there. We help. We listen. We deliver. You win.", "CD407")
    assert [(f.col, f.end_col) for f in findings] == [(14, 16)]
    assert findings[0].message.startswith('3 consecutive sentences start with "we"')


def test_repeated_start_run_length_is_configurable() -> None:
    text = "We help. We listen. Teams win."
    assert not lint_snippet(text, "CD407")
    assert lint_snippet(text, "CD407", thresholds=Thresholds(same_start_run=2))


def _seed_findings(code: str) -> list[tuple[int, str]]:
    source = (FIXTURES / "seed.txt").read_text(encoding="utf-8")
    return [(f.line, f.message) for f in lint_snippet(source, code, kind="text")]


def test_seed_mlops_sentence_is_overlong() -> None:
    source = (FIXTURES / "seed.txt").read_text(encoding="utf-8")
    findings = lint_snippet(source, "CD404", kind="text")
    mlops = [f for f in findings
             if f.source_line[f.col - 1:].startswith("Our MLOps specialist talent market")]
    assert len(mlops) == 1
    assert mlops[0].line == 43 and mlops[0].message.startswith("sentence has 53 words")


def test_seed_scores_below_the_floor() -> None:
    assert [line for line, _ in _seed_findings("CD401")] == [7]


CLEAN_ARTICLE = """\
---
title: How to Hire Your First MLOps Engineer
date: 2026-04-02
---

# How to Hire Your First MLOps Engineer

Most teams hire their first MLOps engineer after a model breaks in production. You can
plan it better. This guide covers what the role does, what to pay, and how to interview.

## What the role does

An MLOps engineer keeps models healthy after launch. They build the pipelines that train,
test and ship each model. They also watch for drift, the slow decay that sets in when live
data stops looking like the training data. In short, they turn a notebook into a service.

The role grew out of DevOps. Google described the pattern in a 2015 paper on hidden
technical debt in machine learning systems, and the name spread from there.

## What to pay

Pay depends on the city and the stack. In the
[2025 Stack Overflow survey](https://survey.stackoverflow.co/2025/), engineers who work on
data infrastructure reported some of the highest salaries. Check a recent local benchmark
before you write the offer, and review it every spring.

## How to interview

Ask candidates to walk through a pipeline they built. Good answers name the trade-offs they
made and the failures they saw. Then give them a small broken pipeline and watch them debug
it. Keep the task short: two hours is plenty.

Finally, ask who they would call when a model misbehaves at night. The answer tells you how
they work with data scientists, and that matters as much as any tool.

## Key points

- Hire for pipelines and monitoring, not research.
- Pay at the top of the local engineering band.
- Test debugging, not trivia.
"""


def test_well_edited_article_has_no_date_or_readability_warning() -> None:
    document = read_document("clean.md", CLEAN_ARTICLE)
    rules = [rule for rule in ALL_RULES if rule.family in ("CD3", "CD4")]
    findings = lint_document(document, rules, RuleContext(Thresholds(), TODAY))
    serious = [f"{f.code} {f.line}: {f.message}" for f in findings
               if f.severity.rank >= Severity.WARNING.rank]
    assert not serious


def test_readability_works_with_the_network_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> NoReturn:
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "socket", refuse)
    syllables._dictionary.cache_clear()
    syllables.forget_counts()
    findings = lint_snippet("# Modernization\n\n" + DENSE * 15, "CD401")
    score = syllables.text_stats(DENSE * 15).flesch_reading_ease
    assert len(findings) == 1
    assert findings[0].message.startswith(f"Flesch reading ease {score:.1f} of the document")


@pytest.mark.parametrize("code", [rule.code for rule in RULES])
def test_large_input_lints_in_linear_time(code: str) -> None:
    chunk = EASY + DENSE + sentence(45) + "\n\n## H\n\n"
    assert _seconds(chunk * 40, code) * 10 * 4 + 0.5 > _seconds(chunk * 400, code)


def _seconds(text: str, code: str) -> float:
    started = time.process_time()  # CPU: other processes on a shared machine do not count
    lint_snippet(text, code)
    return time.process_time() - started
