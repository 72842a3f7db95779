"""`copydesk check FOLDER` runs the site-wide rules: on a hand-made Hugo-style site with
planted breakage, on copydesk's own built example, and with config and suppressions."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from copydesk.cli import main
from copydesk.site.init import init_project

HUGO = Path(__file__).parents[1] / "fixtures" / "hugo_site"
POSTS = "posts/{}/index.html"


def check(*args: str) -> tuple[int, list[dict[str, object]]]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def site_findings(findings: list[dict[str, object]], root: Path) -> set[tuple[str, str]]:
    """(code, path inside the site) of each CD8/CD690 finding."""
    return {(str(f["code"]), Path(str(f["path"])).resolve().relative_to(root.resolve())
             .as_posix()) for f in findings if str(f["code"]).startswith(("CD8", "CD690"))}


def test_every_planted_defect_of_the_hugo_site_is_reported() -> None:
    status, findings = check(str(HUGO))
    assert status == 1
    assert site_findings(findings, HUGO) == {
        ("CD801", POSTS.format("broken-links")),  # /posts/missing-post/
        ("CD802", POSTS.format("broken-links")),  # #salary-bands
        ("CD803", POSTS.format("not-in-sitemap")),
        ("CD804", "sitemap.xml"),  # posts/deleted-post/
        ("CD805", POSTS.format("hiring-plan-a")),
        ("CD805", POSTS.format("hiring-plan-b")),
        ("CD807", POSTS.format("orphan")),
        ("CD808", "robots.txt"),
    }
    messages = " ".join(str(f["message"]) for f in findings)
    assert "link to /posts/missing-post/ resolves to no file" in messages
    assert "has no element with id 'salary-bands'" in messages
    assert "sitemap entry https://blog.example.org/posts/deleted-post/ is no page" in messages


def test_the_correct_page_of_the_hugo_site_has_no_finding_at_all() -> None:
    _, findings = check(str(HUGO))
    correct = (HUGO / POSTS.format("correct-post")).resolve()
    assert [f for f in findings if Path(str(f["path"])).resolve() == correct] == []


def test_the_built_example_has_no_site_wide_finding(tmp_path: Path) -> None:
    project = tmp_path / "p"
    init_project(project)
    assert CliRunner().invoke(main, ["build", "-C", str(project)]).exit_code in (0, 1)
    site = project / "site"
    _, findings = check(str(site), "--select", "CD8,CD690")
    assert site_findings(findings, site) == set()
    # The site rules did look: a page removed from the sitemap is noticed.
    sitemap = site / "sitemap.xml"
    sitemap.write_text(sitemap.read_text().replace("/roles/llm-engineer/", "/roles/gone/"))
    _, findings = check(str(site), "--select", "CD8")
    assert site_findings(findings, site) == {("CD803", "roles/llm-engineer/index.html"),
                                             ("CD804", "sitemap.xml")}


def copy_hugo(target: Path) -> Path:
    for path in HUGO.rglob("*"):
        if path.is_file():
            destination = target / path.relative_to(HUGO)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(path.read_bytes())
    return target


def test_selection_per_file_ignores_severity_and_suppressions_apply(tmp_path: Path) -> None:
    site = copy_hugo(tmp_path / "public")
    (tmp_path / "copydesk.toml").write_text(
        '[per-file-ignores]\n"public/robots.txt" = ["CD808"]\n[severity]\nCD805 = "error"\n')
    orphan = site / POSTS.format("orphan")
    orphan.write_text("<!-- copydesk: ignore-file CD807 -->\n" + orphan.read_text())
    _, findings = check("-C", str(tmp_path), str(site))
    codes = {(str(f["code"]), str(f["severity"])) for f in findings}
    assert ("CD808", "error") not in codes and ("CD807", "warning") not in codes
    assert ("CD805", "error") in codes
    # The per-page pass does not call a suppression for a site-wide rule unused.
    assert not [f for f in findings if f["code"] == "CD901"]
    _, selected = check(str(site), "--select", "CD1")
    assert site_findings(selected, site) == set()


def test_a_folder_is_checked_as_a_site_only_when_it_is_one(tmp_path: Path) -> None:
    copy_hugo(tmp_path / "project" / "public")
    # The project root holds the site below it: its links would resolve wrongly from here.
    _, findings = check(str(tmp_path / "project"), "--select", "CD8")
    assert findings == []
    # A folder of Markdown sources is still compared page with page (CD690).
    sources = tmp_path / "content"
    sources.mkdir()
    for name in ("one", "two"):
        (sources / f"{name}.md").write_text(f"---\ntitle: {name}\nkeyphrase: ML roles\n---\n\n"
                                            "A short text.\n")
    _, findings = check(str(sources), "--select", "CD690")
    assert sorted(Path(str(f["path"])).name for f in findings) == ["one.md", "two.md"]
