"""Which findings of a build the overlay of each page lists."""

from __future__ import annotations

from pathlib import Path

from copydesk.config import Config
from copydesk.lint.finding import Finding, Severity
from copydesk.serve.findings import excerpt, overlay_payload, page_reports, record_end
from copydesk.site.build import BuildResult

ARTICLE = "most-in-demand-machine-learning-roles-2026/index.html"
ARTICLE_SOURCE = "content/articles/most-in-demand-machine-learning-roles-2026.md"
ETHICS = "roles/ai-ethics-governance-specialist/index.html"
MLOPS = "roles/mlops-specialist/index.html"

RECORDS = """\
# two roles
- slug: first
  summary: >-
    folded text

    # not a comment: inside the block
  tags: [a, b]

# between the records
- slug: second
  title: Second
""".splitlines()


def _codes(findings: tuple[Finding, ...]) -> set[str]:
    return {finding.code for finding in findings}


def _page_text(result: BuildResult, name: str) -> str:
    text = (result.output_dir / name).read_text(encoding="utf-8")
    return " ".join(text.replace("&#39;", "'").replace("&quot;", '"').split())


def _finding(line: str, col: int, end_col: int, end_line: int = 3) -> Finding:
    return Finding("content/a.md", 3, col, end_line, end_col, "CD101", "unfilled-placeholder",
                   Severity.ERROR, "fill it", source_line=line)


def test_a_record_runs_to_the_next_line_no_deeper_than_its_first() -> None:
    assert record_end(RECORDS, 2) == 7  # the blank line and the comment after it stay out
    assert record_end(RECORDS, 10) == 11  # the last record runs to the end of the file
    assert record_end(RECORDS, 3) == 6  # a key's block, "#" line of its text included
    assert record_end(RECORDS, 99) == 99  # a line past the file is a record of one line


def test_an_article_page_lists_its_markdown_and_its_built_file(
        example: tuple[Config, BuildResult]) -> None:
    config, result = example
    report = page_reports(result, config)[ARTICLE]
    roles = config.root / "content/data/roles.yaml"
    paths = {Path(finding.path).resolve() for finding in report.findings}
    assert paths == {config.root / ARTICLE_SOURCE, result.output_dir / ARTICLE, roles}
    assert {"CD301", "CD202", "CD603"} <= _codes(report.findings)  # source and page
    # The article repeats the MLOps role's question, whose "right now" has no year.
    repeated = [f for f in report.findings if Path(f.path).resolve() == roles]
    assert "CD302" in _codes(tuple(repeated))
    assert all(excerpt(f)[0] in _page_text(result, ARTICLE) for f in repeated)
    assert report.source == f"{ARTICLE_SOURCE}:1"
    assert not report.draft


def test_a_role_page_lists_only_its_own_record_of_the_data_file(
        example: tuple[Config, BuildResult]) -> None:
    config, result = example
    reports = page_reports(result, config)
    roles = (config.root / "content/data/roles.yaml").resolve()

    def record_codes(name: str) -> set[str]:
        return {f.code for f in reports[name].findings if Path(f.path).resolve() == roles}

    # "our blog discussing ..." is in the ethics role's record, "right now" in MLOps's.
    assert "CD203" in record_codes(ETHICS) and "CD203" not in record_codes(MLOPS)
    assert "CD302" in record_codes(MLOPS) and "CD302" not in record_codes(ETHICS)


def test_every_built_file_finding_is_on_its_own_page_only(
        example: tuple[Config, BuildResult]) -> None:
    config, result = example
    reports = page_reports(result, config)
    for finding in result.findings:
        path = Path(finding.path).resolve()
        if not path.is_relative_to(result.output_dir.resolve()):
            continue
        holders = [name for name, report in reports.items() if finding in report.findings]
        assert holders == [path.relative_to(result.output_dir.resolve()).as_posix()]


def test_the_payload_shows_paths_from_the_project_root(
        example: tuple[Config, BuildResult]) -> None:
    config, result = example
    payload = overlay_payload(page_reports(result, config)[ARTICLE], 4, config.root)
    assert payload["build"] == 4 and payload["source"] == f"{ARTICLE_SOURCE}:1"
    findings = payload["findings"]
    assert isinstance(findings, list) and findings
    stale = next(f for f in findings if f["code"] == "CD301")
    assert stale["where"].startswith(f"{ARTICLE_SOURCE}:")
    assert stale["text"] == "2025" and stale["severity"] == "warning"
    assert stale["before"].endswith("hire machine learning engineers in ")


def test_a_page_without_a_report_has_an_empty_payload(tmp_path: Path) -> None:
    assert overlay_payload(None, 2, tmp_path) == {
        "build": 2, "draft": False, "source": "", "findings": []}


def test_excerpt_is_the_finding_text_with_its_neighbours() -> None:
    line = "Retention rose by [Insert %] among teams."
    start = line.index("[") + 1
    finding = _finding(line, start, start + len("[Insert %]"))
    assert excerpt(finding) == ("[Insert %]", "Retention rose by ", " among teams.")
    assert excerpt(finding, context=4) == ("[Insert %]", " by ", " amo")


def test_excerpt_of_a_finding_across_lines_runs_to_the_end_of_its_first() -> None:
    line = "It starts here and goes on"
    assert excerpt(_finding(line, 4, 2, end_line=5))[0] == "starts here and goes on"


def test_an_element_of_its_own_has_no_excerpt() -> None:
    line = "<title>Too long a title</title>"
    assert excerpt(_finding(line, 1, len(line) + 1)) == ("", "", "")


def test_inline_tags_and_entities_are_read_as_a_reader_sees_them() -> None:
    line = "<p>Pay rose <strong>65%</strong> at O&#39;Neil &amp; Co in 2026.</p>"
    start = line.index("Pay") + 1
    text, before, after = excerpt(_finding(line, start, line.index("</p>") + 1))
    assert text == "Pay rose 65% at O'Neil & Co in 2026."
    assert before == "" and after == ""


def test_errors_come_first_then_files_and_lines(example: tuple[Config, BuildResult]) -> None:
    config, result = example
    for report in page_reports(result, config).values():
        ranks = [-finding.severity.rank for finding in report.findings]
        assert ranks == sorted(ranks)
        for rank in set(ranks):
            places = [(f.path, f.line) for f in report.findings if -f.severity.rank == rank]
            assert places == sorted(places)
