"""Each bad input ends ``copydesk build`` with status 2, one ``file:line: what`` line and a
hint, and leaves the previously built ``site/`` byte-for-byte as it was."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from copydesk.cli import main
from copydesk.project_files import EXAMPLE_ENTRIES
from copydesk.site.init import init_project
from tests.site.helpers import snapshot

ARTICLE = "content/articles/most-in-demand-machine-learning-roles-2026.md"


def edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        file = project / path
        text = file.read_text()
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new, 1))
    return change


def line_of(project: Path, path: str, text: str) -> int:
    lines = (project / path).read_text().splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def duplicate_article(project: Path) -> None:
    text = (project / ARTICLE).read_text()
    (project / "content/articles/copy.md").write_text(text.replace(
        "title:", "slug: most-in-demand-machine-learning-roles-2026\ntitle:", 1))


CASES = {
    "malformed YAML": (
        edit("content/data/roles.yaml", "  title: LLM Engineer", "  title: [LLM Engineer"),
        r"content/data/roles.yaml:\d+: invalid YAML: .*expected ',' or ']'"),
    "malformed front matter": (
        edit(ARTICLE, "keyphrase: most", "keyphrase: [most"),
        rf"{ARTICLE}:\d+: invalid YAML"),
    "missing field": (
        edit("content/data/statistics.yaml",
             "  claim: RAG architecture now appears in 65% of applied LLM job listings.\n", ""),
        r"content/data/statistics.yaml:\d+: statistics\[\d\]\.claim: required field is missing"),
    "wrong type": (
        edit("content/data/roles.yaml", "    year: 2026", "    year: soon"),
        r"content/data/roles.yaml:\d+: roles\[0\]\.salary\.year: expected a number, got 'soon'"),
    "unknown statistic id": (
        edit(ARTICLE, 'stat("specialist-firm-time-to-hire-reduction")',
             'stat("specialist-firm-time-to-hire")'),
        rf"{ARTICLE}:LINE: unknown statistic 'specialist-firm-time-to-hire'\n"
        r"  hint: did you mean 'specialist-firm-time-to-hire-reduction'\?"),
    "undefined template variable": (
        edit("templates/article.html", "{{ article.title }}", "{{ headline }}"),
        r"templates/article\.html:\d+: undefined value: 'headline' is undefined"),
    "missing template": (
        lambda project: (project / "templates/partials/faq.html").unlink(),
        r"templates/article\.html:\d+: template 'partials/faq\.html' not found\n"
        r"  hint: looked in templates/"),
    "slug escaping site/": (
        edit(ARTICLE, "title:", "slug: ../outside\ntitle:"),
        rf"{ARTICLE}:2: slug: expected a slug, got '\.\./outside'"),
    "absolute slug": (
        edit(ARTICLE, "title:", "slug: /etc/outside\ntitle:"),
        rf"{ARTICLE}:2: slug: expected a slug, got '/etc/outside'"),
    "two pages with one URL": (
        duplicate_article,
        rf"{ARTICLE}:1: duplicate slug 'most-in-demand-machine-learning-roles-2026'\n"
        r"  hint: content/articles/copy\.md:1 already uses it"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_exits_2_with_location_and_keeps_the_site(case: str, tmp_path: Path) -> None:
    project = tmp_path / "project"
    init_project(project)
    runner = CliRunner()
    first = runner.invoke(main, ["build", "-C", str(project)])
    assert first.exit_code == 0, first.output
    before = snapshot(project / "site")

    change, expected = CASES[case]
    change(project)
    if "LINE" in expected:  # the line of the edited stat() call in the article
        expected = expected.replace("LINE", str(line_of(project, ARTICLE, "time-to-hire")))
    result = runner.invoke(main, ["build", "-C", str(project)])

    assert result.exit_code == 2, result.output
    assert re.search(rf"^error: {expected}", result.stderr, re.MULTILINE), result.stderr
    assert "Traceback" not in result.output
    assert snapshot(project / "site") == before
    left = sorted(p.name for p in project.iterdir())
    # no staging directory left behind; .copydesk/ holds the first build's cache
    assert left == sorted([*EXAMPLE_ENTRIES, ".copydesk", "site"])
