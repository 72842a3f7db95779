from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.config import load_config
from copydesk.content import load_project, loader
from copydesk.content.loader import load_records, read_text
from copydesk.content.models import Project
from copydesk.errors import ContentError, Location
from tests.content.helpers import ARTICLE, FIXTURES, ROLES_YAML, load, load_error

REPOSITORY = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def example() -> Project:
    return load_project(load_config(REPOSITORY))


def test_the_example_has_the_seed_roles_in_order(example: Project) -> None:
    assert [role.title for role in example.roles] == [
        "Generative AI Infrastructure Engineer", "MLOps Specialist", "LLM Engineer",
        "AI Ethics & Governance Specialist", "Machine Learning Research Scientist"]
    assert example.roles[0].location == Location("content/data/roles.yaml", 5)


def test_only_the_infrastructure_engineer_has_a_salary(example: Project) -> None:
    salaries = {role.slug: role.salary for role in example.roles if role.salary}
    assert list(salaries) == ["generative-ai-infrastructure-engineer"]
    salary = salaries["generative-ai-infrastructure-engineer"]
    assert (salary.minimum, salary.maximum, salary.currency, salary.period, salary.year) == (
        Decimal(220000), Decimal(350000), "USD", "year", 2026)
    assert salary.source is None
    assert salary.note == "base salary, senior practitioners"


def test_the_example_statistics_keep_the_seeds_gaps(example: Project) -> None:
    stats = example.statistics
    assert stats["rag-in-applied-llm-listings"].value == Decimal(65)
    assert stats["prompt-engineering-demand-growth"].value == Decimal("135.8")
    assert stats["enterprises-adding-ai-ethics-role"].value is None
    first_party = {s.id for s in stats.values() if s.source and s.source.kind == "first-party"}
    assert first_party == {"llm-specialist-requests-increase", "mlops-roles-open-beyond-days"}
    assert all(s.source.url is None for s in stats.values() if s.source)
    unsourced = {s.id for s in stats.values() if s.source is None}
    assert unsourced == {
        "rag-in-applied-llm-listings", "prompt-engineering-demand-growth",
        "ai-postings-requiring-domain-specialisation", "enterprises-adding-ai-ethics-role",
        "specialist-firm-time-to-hire-reduction"}
    assert stats["mlops-roles-open-beyond-days"].roles == ("mlops-specialist",)


def test_the_example_faq_authors_and_collections(example: Project) -> None:
    assert len(example.faq) == 4
    assert all(entry.question.endswith("?") for entry in example.faq.values())
    assert example.authors["matthew-ferdenzi"].name == "Matthew Ferdenzi"
    assert len(example.data["steps"].items) == 4
    assert len(example.data["takeaways"].items) == 4
    assert example.data["steps"].location == Location("content/data/steps.yaml", 1)


@pytest.mark.parametrize("fixture", ["json_project", "toml_project", "csv_project"])
def test_each_format_loads_the_same_records(tmp_path: Path, fixture: str) -> None:
    shutil.copytree(FIXTURES / fixture, tmp_path, dirs_exist_ok=True)
    project = load(tmp_path)
    mlops, llm = project.roles
    assert (mlops.slug, llm.slug) == ("mlops-specialist", "llm-engineer")
    assert mlops.skills == ("Kubeflow", "CI/CD")
    assert mlops.salary is not None
    assert (mlops.salary.minimum, mlops.salary.maximum) == (Decimal(150000), Decimal("210000.5"))
    assert llm.summary.split() == ["Fine-tunes", "foundation", "models."]
    rag = project.statistics["rag-share"]
    assert (rag.value, rag.unit, rag.as_of, rag.roles) == (
        Decimal(65), "%", date(2026, 1, 31), ("llm-engineer",))
    assert rag.source is not None
    assert (rag.source.url, rag.source.published) == (
        "https://example.org/survey", date(2026, 2, 1))
    assert project.statistics["unfilled"].value is None


@pytest.mark.parametrize(("fixture", "suffix", "role_lines", "stat_lines"), [
    ("json_project", "json", (2, 9), (2, 6)),
    ("toml_project", "toml", (3, 16), (1, 10)),
    ("csv_project", "csv", (2, 3), (2, 3)),
])
def test_each_format_locates_its_records(tmp_path: Path, fixture: str, suffix: str,
                                         role_lines: tuple[int, int],
                                         stat_lines: tuple[int, int]) -> None:
    shutil.copytree(FIXTURES / fixture, tmp_path, dirs_exist_ok=True)
    project = load(tmp_path)
    assert tuple(role.location for role in project.roles) == tuple(
        Location(f"content/data/roles.{suffix}", line) for line in role_lines)
    assert tuple(s.location for s in project.statistics.values()) == tuple(
        Location(f"content/data/statistics.{suffix}", line) for line in stat_lines)


def test_other_data_files_become_collections(tmp_path: Path) -> None:
    project = load(tmp_path, {
        "content/data/steps.yaml": "- text: one\n- text: two\n",
        "content/data/prices.csv": "plan,price\nbasic,10\n",
        "content/data/site_facts.json": '{"founded": 2015}',
    })
    assert sorted(project.data) == ["prices", "site_facts", "steps"]
    assert project.data["steps"].items == [{"text": "one"}, {"text": "two"}]
    assert project.data["prices"].items == [{"plan": "basic", "price": "10"}]
    assert project.data["site_facts"].items == {"founded": 2015}


def test_articles_are_found_recursively_in_sorted_order(tmp_path: Path) -> None:
    project = load(tmp_path, {
        "content/b/second.md": ARTICLE,
        "content/a/first.markdown": ARTICLE,
        "content/zeta.md": ARTICLE,
        "content/data/notes.md": "not an article",
        "content/.drafts/hidden.md": "not an article either",
        "content/data/roles.yaml": ROLES_YAML,
    })
    assert [a.slug for a in project.articles] == ["first", "second", "zeta"]
    assert project.articles[0].path == tmp_path.resolve() / "content/a/first.markdown"


def test_a_project_without_data_loads_empty(tmp_path: Path) -> None:
    project = load(tmp_path)
    assert (project.roles, dict(project.statistics), project.articles) == ((), {}, ())


def test_a_missing_content_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_project(load_config(tmp_path))
    assert str(caught.value) == "content: the content folder does not exist"


@pytest.mark.parametrize(("files", "where", "message"), [
    ({"content/data/roles.yaml": ROLES_YAML, "content/data/roles.json": "[]"},
     "content/data/roles.yaml", "a second data file named 'roles'"),
    ({"content/data/hiring-steps.yaml": "[]"},
     "content/data/hiring-steps.yaml", "'hiring-steps' cannot name a data collection"),
    ({"content/one.md": ARTICLE, "content/sub/one.md": ARTICLE},
     "content/sub/one.md:1", "duplicate slug 'one'"),
])
def test_clashing_files(tmp_path: Path, files: dict[str, str | bytes], where: str,
                        message: str) -> None:
    error = load_error(tmp_path, files)
    assert str(error) == f"{where}: {message}"
    assert error.hint


def test_the_records_load_alone_as_with_the_articles(example: Project) -> None:
    records = load_records(load_config(REPOSITORY))
    assert records.roles == example.roles
    assert (records.statistics, records.faq, records.authors, records.data) == (
        example.statistics, example.faq, example.authors, example.data)
    assert records.known.faq == set(example.faq) and records.known.roles == {
        role.slug for role in example.roles}


def test_the_records_of_a_linked_data_folder_load_alone(tmp_path: Path) -> None:
    elsewhere = tmp_path / "data"
    elsewhere.mkdir()
    (elsewhere / "steps.yaml").write_text("- text: one\n", encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content/data").symlink_to(elsewhere)
    (tmp_path / "copydesk.toml").write_text("", encoding="utf-8")
    records = load_records(load_config(tmp_path))
    assert records.data["steps"].location.path == "content/data/steps.yaml"


@settings(max_examples=200, deadline=None)
@given(raw=st.lists(st.sampled_from(
    [b"ab", b" ", b"\n", b"\r\n", b"\r", b"\r\r\n", b"\x0b", b"\xc3\xa9", b"\xe2\x80\xa8",
     b"\xef\xbb\xbf"]), max_size=12).map(b"".join))
def test_the_text_taken_from_the_loader_is_what_open_reads(raw: bytes) -> None:
    """What the tracer takes of a file the loader read last is what ``open()`` reads of it
    (its line ends made "\\n", a byte-order mark kept), once; none when the loader dropped a
    byte-order mark, or read another file last."""
    with TemporaryDirectory() as folder:
        path, other = Path(folder, "a.md"), Path(folder, "b.md")
        path.write_bytes(raw)
        other.write_bytes(b"other")
        text = read_text(path, "a.md", 1)
        assert loader.taken_text(str(other)) is None
        taken = loader.taken_text(str(path))
        with open(path, encoding="utf-8") as file:
            assert taken == (None if raw.startswith(b"\xef\xbb\xbf") else file.read())
        assert loader.taken_text(str(path)) is None  # given once
        assert read_text(other, "b.md", 1) == "other" and text is not None
        assert loader.taken_text(str(path)) is None  # another file read since
