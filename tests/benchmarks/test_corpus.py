"""The benchmark corpus: deterministic bytes, a copydesk project that builds, defects that
``copydesk check`` finds, and every peer's layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from benchmarks.corpus import Corpus, generate, main
from benchmarks.posts import GROUP, STAT_RE

import copydesk
from copydesk.config import load_config


def _tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return generate(tmp_path_factory.mktemp("corpus"), posts=20, seed=11)


@pytest.fixture(scope="module")
def markdown_findings(corpus: Corpus) -> list[copydesk.Finding]:
    folder = corpus.layout("markdown")
    return copydesk.check([folder], load_config(folder))


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", posts=6, seed=3)
    second = generate(tmp_path / "b", posts=6, seed=3)
    other = generate(tmp_path / "c", posts=6, seed=4)
    assert _tree(first.root) == _tree(second.root)
    assert _tree(first.root) != _tree(other.root)


def test_a_post_does_not_depend_on_the_corpus_size(tmp_path: Path) -> None:
    small = generate(tmp_path / "small", posts=3, seed=3)
    large = generate(tmp_path / "large", posts=9, seed=3)
    name = f"{small.first_post}.md"
    assert (small.layout("markdown") / name).read_bytes() == \
        (large.layout("markdown") / name).read_bytes()


def test_posts_are_about_1100_words_of_varied_prose(corpus: Corpus) -> None:
    texts = [path.read_text(encoding="utf-8") for path in corpus.layout("markdown").glob("*.md")]
    counts = [len(text.split()) for text in texts]
    assert min(counts) >= 950 and max(counts) <= 1400
    # FAQ entries are shared by a group of posts on purpose; the rest is written per post
    bodies = [text.split("## Frequently Asked Questions")[0] for text in texts]
    sentences = [s for body in bodies for s in re.split(r"(?<=[.?!])\s+", body)]
    assert len(set(sentences)) > 0.8 * len(sentences)


def test_the_copydesk_project_builds(corpus: Corpus) -> None:
    result = copydesk.build(corpus.layout("copydesk"))
    site = corpus.layout("copydesk") / "site"
    articles = sorted(corpus.layout("copydesk").glob("content/articles/*.md"))
    assert len(articles) == 20
    for article in articles:
        assert (site / article.stem / "index.html").is_file()
    codes = {finding.code for finding in result.findings}
    assert {"CD101", "CD201"} <= codes  # the null statistic and the unsourced numbers


def test_a_shared_record_is_used_by_exactly_one_group_of_posts(corpus: Corpus) -> None:
    users = {path.stem for path in corpus.layout("copydesk").glob("content/articles/*.md")
             if f'stat("{corpus.shared_statistic}")' in path.read_text(encoding="utf-8")}
    assert users == set(corpus.posts_using_shared)
    assert len(users) == GROUP
    statistics = corpus.copydesk_statistics.read_text(encoding="utf-8")
    assert f"- id: {corpus.shared_statistic}\n  value: " in statistics


@pytest.mark.parametrize(("marker", "code"), [
    ("[Insert company name]", "CD101"),
    ("TODO:", "CD103"),
    ("Our data shows", "CD202"),
])
def test_check_finds_each_planted_defect(corpus: Corpus, markdown_findings: list[copydesk.Finding],
                                         marker: str, code: str) -> None:
    planted = {path.name for path in corpus.layout("markdown").glob("*.md")
               if marker in path.read_text(encoding="utf-8")}
    flagged = {Path(finding.path).name for finding in markdown_findings
               if finding.code == code and marker in finding.source_line}
    assert planted, f"no post of the corpus carries {marker!r}"
    assert planted == flagged


def _sentence_at(line: str, column: int) -> str:
    start = line.rfind(". ", 0, column - 1) + 1
    end = line.find(". ", column - 1)
    return line[start:] if end < 0 else line[start:end + 1]


def test_unsourced_numbers_are_flagged_and_sourced_ones_are_not(
        markdown_findings: list[copydesk.Finding]) -> None:
    flagged = [_sentence_at(f.source_line, f.col) for f in markdown_findings
               if f.code == "CD201"]
    assert flagged
    assert not [sentence for sentence in flagged if "](https://" in sentence]


def test_each_peer_layout_has_its_files(corpus: Corpus) -> None:
    pelican = corpus.layout("pelican")
    assert (pelican / "pelicanconf.py").is_file()
    posts = sorted((pelican / "content").glob("*.md"))
    assert len(posts) == 20
    head = posts[0].read_text(encoding="utf-8").split("\n\n")[0]
    assert [line.split(":")[0] for line in head.splitlines()] == \
        ["Title", "Date", "Slug", "Tags", "Author", "Summary"]
    assert "RELATIVE_URLS = False" in (pelican / "pelicanconf.py").read_text(encoding="utf-8")

    mkdocs = corpus.layout("mkdocs")
    assert "docs_dir: docs" in (mkdocs / "mkdocs.yml").read_text(encoding="utf-8")
    assert len(list((mkdocs / "docs").glob("*.md"))) == 21  # the posts and index.md

    hugo = corpus.layout("hugo")
    assert (hugo / "hugo.toml").is_file()
    assert (hugo / "layouts" / "_default" / "single.html").is_file()
    assert len(list((hugo / "content" / "posts").glob("*.md"))) == 20

    markdown = sorted(corpus.layout("markdown").glob("*.md"))
    assert len(markdown) == 20
    for path in markdown:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("---\ntitle: ")
        assert "## Frequently Asked Questions" in text
        assert not STAT_RE.search(text)  # numbers are written in for the peers


def test_the_command_line_refuses_a_used_folder(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--posts", "2", "--out", str(tmp_path)]) == 0
    assert "wrote 2 posts" in capsys.readouterr().out
    with pytest.raises(SystemExit) as refused:
        main(["--posts", "2", "--out", str(tmp_path)])
    assert refused.value.code == 2
    assert "choose an empty folder" in capsys.readouterr().err
