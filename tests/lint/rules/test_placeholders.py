"""CD1xx: placeholders and template residue."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from copydesk.config import Thresholds
from copydesk.lint.document import Block, Document, LineStart, Link
from copydesk.lint.rule import RuleContext
from copydesk.lint.rules.placeholders import RULES, check_empty_link
from tests.lint.rules.helpers import TODAY, RuleExamples, lint_snippet

SEED = Path(__file__).parents[2] / "fixtures" / "seed.txt"

EXAMPLES: dict[str, RuleExamples] = {
    "CD101": RuleExamples(
        failing=(
            "As regulations tighten, [Insert %] of enterprises are adding this role.",
            "Contact [INSERT COMPANY NAME] today.",
            "Welcome to [Company Name], the leading agency.",
            "Read more on our pricing page [link].",
            "Salaries are rising fast [citation needed].",
            "Launch is planned for [TBC].",
            "Dear <insert client name>, thank you.",
            "We surveyed [X] companies this year.",
            "Signed, [Your Name Here].",
            "Call us at <PHONE NUMBER> today.",
            "Book a call with [Consultant Name] today!",
        ),
        passing=(
            "Read [our salary guide](https://example.com/guide) before you hire.",
            "Markdown links by reference work too: [the guide][guide].",
            "Every statistic has a footnote.[^1]",
            "- [ ] audit the stack\n- [x] agree the budget",
            "Salaries rose sharply [1] and stayed high [2, 3].",
            "Use `[Insert %]` in templates to mark a missing figure.",
            'He said the team "[was] ready" and left [...] early.',
            "The original reads [sic] in every copy.",
            "Download the full report [PDF] for details.",
            "We thanked [the company] for its help.",
            "Wrap text in <em> tags, or use <br> for a break.",
            "Compare values[x] with values[y] in the table.",
            "Tested on node [12.x, 14.x, 16.x] as required by [RFC 7540].",
            "- [`Arc<[T; N]>` now implements `From<T>`](https://example.com/pr)",
            "Make RSplit<T, P>: Clone not require T: Clone.",
            "Ask [[account_manager]] for a quote.",
        ),
    ),
    "CD102": RuleExamples(
        failing=(
            "Demand grew by XX% last year.",
            "Senior salaries start at $X,XXX a month.",
            "The market is worth X.X million pounds.",
            "Contractors charge £XXk a year.",
            "We placed NN engineers this quarter.",
            "Only XX companies replied to the survey.",
        ),
        passing=(
            "Teams ship faster on the Xbox and in XML pipelines.",
            "The Series X console sold out.",
            "Super Bowl XX was played in New Orleans.",
            "Chapter XX covers the history of the company.",
            "A NN model needs labelled data.",
            "Louis XIV built Versailles; the XXL size sold out.",
            "Set `XX%` as the default in the template.",
            "The flag supports both --XX and --no-XX variants.",
        ),
    ),
    "CD103": RuleExamples(
        failing=(
            "Launch date: TBD.",
            "TODO: add the salary table here.",
            "FIXME the numbers below are from last year.",
            "The figure is XXX and rising.",
            "Who owns the budget ???",
            "Pricing TBC after the board meeting.",
        ),
        passing=(
            "Keep a todo list and fix me a coffee.",
            "Super Bowl XXX drew a record audience.",
            "Really??? That seems high.",
            "Run `make TODO` to list open items.",
            "Launch is planned for [TBC].",
            "Demand grew by XXX% last year.",
        ),
    ),
    "CD104": RuleExamples(
        failing=(
            "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
            "Our services: lorem  ipsum placeholder copy.",
            "Intro text. Dolor sit amet, sed do eiusmod.",
        ),
        passing=(
            "Our services cover every machine learning role.",
            "The Lorem family founded the firm; Ipsum is their dog.",
        ),
    ),
    "CD105": RuleExamples(
        failing=(
            "Hi {{ first_name }}, welcome back.",
            "{% if premium %}Upgrade today.{% endif %}",
            "A note {# remove before launch #} in the text.",
            "Call %%PHONE_NUMBER%% to book.",
            "Our office in ${city} is open.",
            "Ask [[account_manager]] for a quote.",
            "Signed <%= author %> in London.",
        ),
        passing=(
            "Write `{{ name }}` in a template to print the name.",
            "Budgets rose {sharply} in 2026, by any {reasonable} measure.",
            "Costs $5 and ${'{'} is not a variable.",
            "Use [[ double brackets ]] sparingly in wiki prose.",
        ),
    ),
    "CD106": RuleExamples(
        failing=(
            "Read [our salary guide](#) before you hire.",
            "Read [our salary guide]() before you hire.",
            "Read [the report](javascript:void(0)) first.",
            "Read [the report](URL) first.",
            "Read [the report](insert link) first.",
            'Read <a href="#">the report</a> first.',
            "Read <a href='javascript:void(0)'>the report</a> first.",
        ),
        passing=(
            "Read [our salary guide](https://example.com/guide) before you hire.",
            "Jump to [the FAQ](#faq) below.",
            'Read <a href="https://example.com/report">the report</a> first.',
            'Write `<a href="#">` for a link to the top of the page.',
            'The <a id="pricing"></a>pricing table follows.',
            "## [Back to the top](#)",
            "Read the report first.",
        ),
    ),
}


def test_every_rule_in_the_module_has_examples() -> None:
    assert {rule.code for rule in RULES} == set(EXAMPLES)


def test_placeholder_position_and_message() -> None:
    findings = lint_snippet("Intro.\n\nAs rules tighten, [Insert %] of firms act.", "CD101")
    assert [(f.line, f.col, f.end_line, f.end_col) for f in findings] == [(3, 19, 3, 29)]
    assert "'[Insert %]'" in findings[0].message
    assert "replace it" in findings[0].message


def test_a_placeholder_in_code_is_skipped_beside_one_outside_it() -> None:
    """A block's code spans are looked for once it has a placeholder: one in code is left
    alone, one after it in the same block reported (each text asked twice, as a page's
    citation brackets are asked on every page)."""
    for _ in range(2):
        [finding] = lint_snippet("See `[Insert %]` and [1], then fill [Insert %] in.", "CD101",
                                 "text")
        assert finding.col == 37


def test_front_matter_fields_readers_see_are_checked() -> None:
    source = ('---\ntitle: "Hiring [Insert Year]"\ntags: [x, y]\n'
              "description: Salaries TBD for {{ role }}\n"
              "summary: Lorem ipsum for hiring, up XX% a year\n---\n\nBody text.\n")
    positions = {code: [(f.line, f.col, f.end_col) for f in lint_snippet(source, code)]
                 for code in ("CD101", "CD102", "CD103", "CD104", "CD105")}
    assert positions == {"CD101": [(2, 16, 29)], "CD102": [(5, 37, 40)],
                         "CD103": [(4, 23, 26)], "CD104": [(5, 10, 21)],
                         "CD105": [(4, 31, 41)]}


def test_each_masked_number_is_its_own_finding() -> None:
    findings = lint_snippet("Pay rose XX% to $X,XXX, then X.X million.", "CD102")
    assert [(f.col, f.end_col) for f in findings] == [(10, 13), (17, 23), (30, 41)]


def test_recorded_empty_link_points_at_its_text() -> None:
    text = "Read our salary guide today."
    start = text.index("our")
    block = Block("paragraph", text, (LineStart(0, 4, 1),),
                  links=(Link("#", start, start + 16), Link("https://example.com", 0, 4)))
    document = Document("page.html", "html", "\n\n\n" + text, (block,))
    hits = list(check_empty_link(document, RuleContext(Thresholds(), TODAY)))
    assert [(hit.start, hit.end) for hit in hits] == [(start, start + 16)]
    assert "'our salary guide'" in hits[0].message and "'#'" in hits[0].message


def test_seed_placeholder_is_found() -> None:
    findings = lint_snippet(SEED.read_text(encoding="utf-8"), "CD101", kind="text")
    assert [f.source_line[f.col - 1:f.end_col - 1] for f in findings] == ["[Insert %]"]


@pytest.mark.parametrize("separator", ["\n", " "], ids=["lines", "one-line"])
@pytest.mark.parametrize("code", [rule.code for rule in RULES])
def test_large_hostile_input_lints_in_linear_time(code: str, separator: str) -> None:
    chunk = ("[" * 40 + "X" * 40 + "{{" + "{%" * 20 + "%" * 40 + "<" * 40 + "?" * 10 + "N "
             + "[Insert %] [x] XX TODO" + separator)
    small, large = chunk * 500, chunk * 5000
    assert _seconds(small, code) * 10 * 4 + 0.5 > _seconds(large, code)


def _seconds(text: str, code: str) -> float:
    started = time.process_time()  # CPU: other processes on a shared machine do not count
    lint_snippet(text, code, kind="text")
    return time.process_time() - started
