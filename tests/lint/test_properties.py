"""Any input: ``check`` never crashes and every finding lies inside the file; time is linear."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copydesk.config import load_config
from copydesk.lint.readers import normalise
from copydesk.lint.runner import CheckResult, check_paths

MARKUP = "[]()!*_`#<>&;|^%{}-=~:/\\\"'0123456789aZé \t\n\r\ufeff\u2028\x0c"
SOURCES = st.one_of(
    st.text(),
    st.text(alphabet=MARKUP),
    st.lists(st.sampled_from([
        "# ", "- [ ] ", "> ", "[a](b)", "![i](j)", "`x`", "```\n", "<!-- copydesk: ignore -->",
        "<p>", "</p>", "<script>", "&amp;", "[^1]", "[Insert %]", "{{ x }}", "65%", "\r\n",
        "\n\n", "---\n", "title: [", "| a | b |\n|---|---|\n", "word ", "Sentence. ",
        "<![*", "<!", "]]>", "+++\n", "<br>", "<li>", "<sup>", "<a href='#'>", "\\", "&#0;",
    ]), max_size=40).map("".join),
)


def check_source(source: str, suffix: str) -> tuple[CheckResult, list[str]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input.{suffix}"
        path.write_text(source, encoding="utf-8", newline="")
        result = check_paths([path], load_config(Path(folder)))
    lines = normalise(source).split("\n")
    return result, lines[:-1] if lines[-1] == "" else lines


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=SOURCES, suffix=st.sampled_from(["md", "html", "txt"]))
def test_any_input_is_linted_and_findings_lie_inside_the_file(source: str, suffix: str) -> None:
    result, lines = check_source(source, suffix)
    count = max(len(lines), 1)
    for finding in result.findings:
        assert "bug in copydesk" not in finding.message, finding.message
        assert not finding.message.startswith("cannot parse"), finding.message
        assert 1 <= finding.line <= count, finding
        assert 1 <= finding.end_line <= count, finding
        width = len(lines[finding.line - 1]) if lines else 0
        assert 1 <= finding.col <= width + 1, finding
        end_width = len(lines[finding.end_line - 1]) if lines else 0
        assert (finding.end_line, finding.end_col) > (finding.line, finding.col), finding
        assert finding.end_col <= end_width + 2, finding


def adversarial(size: int) -> str:
    """Long lines of brackets, braces, percent signs and digits, no spaces."""
    unit = ("[[[" * 300 + "{{" * 300 + "%" * 300 + "1234567890" * 100 + "]]" * 100 + "\n"
            + "$" + "9" * 2000 + "%%\n" + "(" * 500 + "x" * 2500 + "\n\n")
    return (unit * (size // len(unit) + 1))[:size]


def seconds_to_check(source: str, suffix: str) -> float:
    start = time.process_time()  # CPU: other processes on a shared machine do not count
    check_source(source, suffix)
    return time.process_time() - start


def test_five_megabytes_take_at_most_about_eight_times_one_megabyte() -> None:
    seconds_to_check("Warm up the syllable dictionary.\n", "md")
    one = seconds_to_check(adversarial(1_000_000), "md")
    five = seconds_to_check(adversarial(5_000_000), "md")
    assert five <= 8 * one + 1.0, f"1 MB: {one:.1f}s, 5 MB: {five:.1f}s"
