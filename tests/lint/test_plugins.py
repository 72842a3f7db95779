"""Third-party rules through the entry-point group ``copydesk.rules``.

Each test installs a tiny plugin package the way pip lays one out (the module plus a
``.dist-info`` with ``entry_points.txt``) into a temporary ``sys.path`` entry, which
``importlib.metadata`` discovers exactly as it discovers site-packages.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from copydesk.lint.plugins import PluginError, _may_be_declared, plugin_rules
from copydesk.lint.registry import BUILTIN_RULES, SITE_RULES

GOOD_RULES = '''
from copydesk import Document, Hit, Rule, RuleContext, Severity


def check_lorem(document: Document, context: RuleContext) -> list[Hit]:
    """What it does:
    Finds "Lorem ipsum" filler.

    Why it matters:
    Filler text is never meant to be published.

    Example:
    Lorem ipsum dolor sit amet.
    """
    return [Hit(block, 0, 11, "filler text left in the copy")
            for block in document.blocks if block.text.startswith("Lorem ipsum")]


RULES = (Rule("AC101", "acme-filler", Severity.ERROR, check_lorem),)
'''


def install_plugin(site: Path, module_source: str, target: str = "acme_copydesk.rules:RULES",
                   ) -> Path:
    """Lay out the package ``acme-copydesk`` under ``site`` and return ``site``."""
    package = site / "acme_copydesk"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "rules.py").write_text(module_source, encoding="utf-8")
    dist_info = site / "acme_copydesk-1.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: acme-copydesk\nVersion: 1.0\n", encoding="utf-8")
    (dist_info / "entry_points.txt").write_text(f"[copydesk.rules]\nacme = {target}\n",
                                                encoding="utf-8")
    return site


def run_copydesk(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "copydesk", *args], cwd=cwd,
                          env={**os.environ, "PYTHONPATH": path, "NO_COLOR": "1"},
                          capture_output=True, text=True, timeout=120)


def test_plugin_rules_are_loaded_after_the_built_ins(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(install_plugin(tmp_path, GOOD_RULES)))
    rules = plugin_rules((*BUILTIN_RULES, *SITE_RULES))
    assert [(rule.code, rule.name) for rule in rules] == [("AC101", "acme-filler")]
    assert rules[0].summary == 'Finds "Lorem ipsum" filler.'


def test_no_plugin_installed_means_no_extra_rules() -> None:
    assert plugin_rules(BUILTIN_RULES) == ()


def test_a_plugin_rule_runs_lists_and_explains(tmp_path: Path) -> None:
    site = install_plugin(tmp_path / "site", GOOD_RULES)
    (tmp_path / "post.md").write_text("# Draft\n\nLorem ipsum dolor sit amet.\n",
                                      encoding="utf-8")
    run = run_copydesk(site, tmp_path, "check", "post.md", "--select", "AC,CD1")
    assert run.returncode == 1, run.stderr
    assert "post.md:3:1: AC101 [error] filler text left in the copy" in run.stdout
    listed = run_copydesk(site, tmp_path, "rules")
    assert "AC101  acme-filler" in listed.stdout
    explained = run_copydesk(site, tmp_path, "explain", "acme-filler")
    assert explained.stdout.startswith("AC101 acme-filler (default severity: error)")


@pytest.mark.parametrize(("source", "problem"), [
    ("import acme_copydesk.missing_module\n",
     "cannot be loaded: ModuleNotFoundError: No module named 'acme_copydesk.missing_module'"),
    ("RULES = 'AC101'\n", "must be a tuple or list of copydesk.Rule, not str"),
    (GOOD_RULES.replace('"AC101"', '"CD101"'),
     "rule CD101 is already a built-in rule; a plugin cannot replace or shadow it"),
    (GOOD_RULES.replace('"acme-filler"', '"lorem-ipsum"'),
     "rule lorem-ipsum is already a built-in rule; a plugin cannot replace or shadow it"),
    (GOOD_RULES.replace('"AC101"', '"lorem"'),
     "rule code 'lorem' is not letters and three digits (such as AC101)"),
])
def test_a_broken_plugin_stops_the_run_naming_itself(tmp_path: Path, source: str,
                                                     problem: str) -> None:
    site = install_plugin(tmp_path / "site", source)
    (tmp_path / "post.md").write_text("# Fine\n\nNothing to see.\n", encoding="utf-8")
    run = run_copydesk(site, tmp_path, "check", "post.md")
    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        f"error: rule plugin 'acme' (acme_copydesk.rules:RULES): {problem}",
        "  hint: fix or upgrade acme-copydesk, or uninstall it (pip uninstall acme-copydesk)"]


def test_two_plugins_may_not_share_a_code(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    site = install_plugin(tmp_path, GOOD_RULES)
    entry_points = site / "acme_copydesk-1.0.dist-info" / "entry_points.txt"
    entry_points.write_text("[copydesk.rules]\nacme = acme_copydesk.rules:RULES\n"
                            "acme-again = acme_copydesk.rules:RULES\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    with pytest.raises(PluginError, match=r"'acme-again'.*AC101 is already defined by rule "
                                          r"plugin 'acme'"):
        plugin_rules(BUILTIN_RULES)


def test_every_group_an_installed_distribution_declares_is_looked_for() -> None:
    """The byte search that spares importing importlib.metadata finds no fewer groups
    than importlib.metadata does, here; and not the group of no installed plugin."""
    from importlib.metadata import entry_points

    groups = entry_points().groups
    assert "console_scripts" in groups
    assert all(_may_be_declared(group) for group in groups)
    assert not _may_be_declared("copydesk.rules")


@pytest.mark.parametrize("layout", ["dist-info", "egg-info", "EGG-INFO in an egg"])
def test_a_group_declared_in_any_layout_is_looked_for(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str) -> None:
    folder = tmp_path / "acme-1.0.egg" if layout == "EGG-INFO in an egg" else tmp_path
    info = folder / {"dist-info": "Acme-1.0.dist-info", "egg-info": "acme.egg-info",
                     "EGG-INFO in an egg": "EGG-INFO"}[layout]
    info.mkdir(parents=True)
    (info / "entry_points.txt").write_text("[copydesk.rules]\nacme = acme:RULES\n",
                                           encoding="utf-8")
    assert not _may_be_declared("copydesk.rules")
    monkeypatch.syspath_prepend(str(folder))
    assert _may_be_declared("copydesk.rules")
    assert not _may_be_declared("copydesk.other")


def test_a_zip_on_the_path_or_another_finder_is_scanned(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "plugins.zip"
    archive.write_bytes(b"")
    monkeypatch.syspath_prepend(str(archive))
    assert _may_be_declared("copydesk.rules")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "missing")])
    assert not _may_be_declared("copydesk.rules")

    class Finder:
        @staticmethod
        def find_distributions(*args: object) -> list[object]:
            return []

    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Finder])
    assert _may_be_declared("copydesk.rules")
