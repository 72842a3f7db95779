"""The public Python API: ``copydesk.__all__`` is complete and every name works."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import copydesk
from copydesk.site.init import init_project

PUBLIC = ["BuildResult", "Config", "CopydeskError", "Document", "Finding", "Hit", "Rule",
          "RuleContext", "Severity", "__version__", "build", "check", "load_config"]


def test_all_lists_exactly_the_public_names() -> None:
    assert sorted(copydesk.__all__) == sorted(PUBLIC)
    defined = {name for name, value in vars(copydesk).items()
               if not name.startswith("_") and inspect.isfunction(value)
               and value.__module__ == "copydesk"}
    assert defined == {"build", "check"}
    assert defined <= set(copydesk.__all__), "a public function is missing from __all__"


@pytest.mark.parametrize("name", PUBLIC)
def test_each_name_resolves_to_its_implementation(name: str) -> None:
    value = getattr(copydesk, name)
    if name == "__version__":
        assert value == copydesk.__version__
        return
    home = importlib.import_module(value.__module__)
    assert home.__name__.startswith("copydesk")
    assert getattr(home, name) is value


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'chek'"):
        copydesk.chek  # noqa: B018


def test_import_does_not_load_the_linter() -> None:
    code = ("import sys, copydesk; "
            "print(sorted(m for m in sys.modules if m.startswith('copydesk.')))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert run.stdout.strip() == "[]"


def test_check_returns_the_findings_of_the_current_project(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "copydesk.toml").write_text('select = ["CD1"]\n', encoding="utf-8")
    post = tmp_path / "post.md"
    post.write_text("# Pay\n\nSalaries rose by [Insert %] in 2025.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    findings = copydesk.check([post])
    assert [(f.path, f.line, f.code, f.severity) for f in findings] == [
        ("post.md", 3, "CD101", copydesk.Severity.ERROR)]
    assert all(isinstance(finding, copydesk.Finding) for finding in findings)


def test_check_uses_the_config_it_is_given(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("# Pay\n\nSalaries rose by [Insert %] in 2025.\n", encoding="utf-8")
    (tmp_path / "copydesk.toml").write_text('select = ["CD3"]\n', encoding="utf-8")
    everything = copydesk.Config(root=tmp_path, source=None)
    assert "CD101" in {finding.code for finding in copydesk.check([str(post)], everything)}
    dates_only = copydesk.load_config(tmp_path)
    assert all(finding.code.startswith("CD3")
               for finding in copydesk.check([str(post)], dates_only))


def test_check_raises_a_copydesk_error_for_a_missing_path(tmp_path: Path) -> None:
    config = copydesk.Config(root=tmp_path, source=None)
    with pytest.raises(copydesk.CopydeskError) as raised:
        copydesk.check([tmp_path / "nowhere.md"], config)
    assert "nowhere.md" in raised.value.render()


def test_build_writes_the_site_and_returns_its_pages(tmp_path: Path) -> None:
    init_project(tmp_path / "blog")
    result = copydesk.build(tmp_path / "blog")
    assert isinstance(result, copydesk.BuildResult)
    assert result.output_dir == (tmp_path / "blog" / "site").resolve()
    assert (result.output_dir / "index.html").is_file()
    assert len(result.pages) >= 3


def test_rule_and_hit_are_what_a_plugin_needs() -> None:
    def no_lorem(document: copydesk.Document,
                 context: copydesk.RuleContext) -> list[copydesk.Hit]:
        return [copydesk.Hit(block, 0, 5, "lorem ipsum left in")
                for block in document.blocks if block.text.startswith("Lorem")]

    rule = copydesk.Rule("CD999", "lorem-ipsum", copydesk.Severity.ERROR, no_lorem)
    assert (rule.family, rule.severity.value) == ("CD9", "error")
