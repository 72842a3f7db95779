"""XSS in the real browser: filter-evasion vectors in every text field run no script.

Each text field of the example's data files and of the article's front matter (titles,
descriptions, role fields, statistic claims and sources, FAQ questions and answers, the
author...) gets the vectors of ``tests/fixtures/xss_vectors.txt``: first every vector at once
in every field, then each vector alone in one field or more (the fields in turn). Every page
of each build is loaded in chromium with a ``dialog`` handler and a ``window.__xss`` tripwire;
no dialog, no "xss" console message, no page error, no request for a URL the vectors name
(with raw HTML on, the sanitised ``<img src=x>`` only), no script, event handler, frame or
object the clean site lacks, and each JSON-LD block is still one
script element whose JSON parses. Once with raw HTML off (the default), once with
``raw-html = true`` (the nh3 sanitiser).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from click.testing import CliRunner
from playwright.sync_api import Dialog, Page

from copydesk.cli import main
from copydesk.config import load_config
from copydesk.content import load_project
from copydesk.errors import CopydeskError
from copydesk.site.init import init_project
from tests.browser.conftest import PageLog

VECTORS = [line for line in (Path(__file__).parents[1] / "fixtures" / "xss_vectors.txt")
           .read_text(encoding="utf-8").splitlines() if line and not line.startswith("# ")]
ARTICLE = Path("content/articles/most-in-demand-machine-learning-roles-2026.md")
# Keys whose values name other records, dates or units rather than carry text.
NOT_TEXT = {"slug", "id", "roles", "author", "faq", "data", "unit", "currency", "kind",
            "period", "date", "updated", "as-of", "published", "template", "year", "image"}
# What the page may run or hold: the clean site's, measured once per build and compared.
PAGE_PROBE = """() => ({
    xss: window.__xss,
    scripts: [...document.scripts].map(s => s.type || 'text/javascript'),
    handlers: [...document.querySelectorAll('*')].flatMap(
        e => [...e.attributes].filter(a => a.name.startsWith('on')).map(a => a.name)),
    embedded: document.querySelectorAll('iframe, frame, object, embed, base, meta[http-equiv]')
        .length,
    jsonld: [...document.querySelectorAll('script[type="application/ld+json"]')]
        .map(s => s.textContent),
})"""


@dataclass
class Field:
    """One text value in a YAML document: the file (or front matter) and the path to it."""

    file: Path
    path: tuple[str | int, ...]
    original: str


class Project:
    """The example project's YAML as data, written back with chosen fields replaced."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.documents: dict[Path, Any] = {}
        for path in sorted((root / "content" / "data").glob("*.yaml")):
            self.documents[path] = yaml.safe_load(path.read_text(encoding="utf-8"))
        _, front, self.body = (root / ARTICLE).read_text(encoding="utf-8").split("---\n", 2)
        self.documents[root / ARTICLE] = yaml.safe_load(front)
        self.fields = [field for file, data in self.documents.items()
                       for field in _text_fields(file, data, ())]

    def write(self, values: dict[int, str]) -> None:
        """Write every file with field ``i`` set to ``values[i]`` (the original otherwise)."""
        for file, data in self.documents.items():
            copy = json.loads(json.dumps(data, default=str))
            for index, field in enumerate(self.fields):
                if field.file == file:
                    _set(copy, field.path, values.get(index, field.original))
            text = yaml.safe_dump(copy, allow_unicode=True, sort_keys=False, width=10**6)
            if file.suffix == ".md":
                text = f"---\n{text}---\n{self.body}"
            file.write_text(text, encoding="utf-8")

    def accepts(self, values: dict[int, str]) -> bool:
        self.write(values)
        try:
            load_project(load_config(self.root))
        except CopydeskError:
            return False
        return True


def _text_fields(file: Path, data: Any, path: tuple[str | int, ...]) -> Iterator[Field]:
    if isinstance(data, str):
        yield Field(file, path, data)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in NOT_TEXT:
                yield from _text_fields(file, value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _text_fields(file, value, (*path, index))


def _set(data: Any, path: tuple[str | int, ...], value: str) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def _build(root: Path) -> Path:
    result = CliRunner().invoke(main, ["build", "-C", str(root), "--wait", "0"])
    assert result.exit_code == 0, result.output
    return root / "site"


def _pages(site: Path) -> list[str]:
    return [path.relative_to(site).as_posix().removesuffix("index.html")
            for path in sorted(site.rglob("*.html"))]


def _visit(page: Page, base: str, url: str) -> dict[str, Any]:
    response = page.goto(f"{base}/{url}", wait_until="load")
    assert response is not None and response.ok, url
    page.wait_for_timeout(30)  # autofocus and timers fire just after load
    assert page.url == f"{base}/{url}", f"{url} navigated away to {page.url}"
    probe: dict[str, Any] = page.evaluate(PAGE_PROBE)
    return probe


@pytest.mark.parametrize("raw_html", [False, True], ids=["escaped", "raw-html-sanitised"])
def test_xss_vectors_in_every_text_field_run_nothing_in_the_browser(
        raw_html: bool, tmp_path: Path, static_server: Callable[[Path], str], page: Page,
        page_log: PageLog, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "project"
    init_project(root)
    config = root / "copydesk.toml"
    text = config.read_text(encoding="utf-8").replace(
        "[site]\n", f"[site]\nraw-html = {str(raw_html).lower()}\n", 1)
    config.write_text('select = ["CD1"]\n' + text, encoding="utf-8")
    project = Project(root)
    clean_site = _build(root)
    base = static_server(clean_site.parent)

    every_vector = " ".join(VECTORS)
    taking = [index for index in range(len(project.fields))
              if project.accepts({index: every_vector})]
    assert len(taking) >= 0.8 * len(project.fields), "the loader refused most fields"
    rounds = [{index: every_vector for index in taking}]
    for start in range(0, math.ceil(len(VECTORS) / len(taking)) * len(taking), len(taking)):
        rounds.append({index: VECTORS[(start + offset) % len(VECTORS)]
                       for offset, index in enumerate(taking)})

    requests: set[tuple[str, str]] = set()
    page.on("request", lambda request: requests.add((request.resource_type, request.url)))
    clean = {url: _visit(page, f"{base}/site", url) for url in _pages(clean_site)}
    clean_requests = set(requests)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: _dismiss(dialog, dialogs))
    page.add_init_script("window.__xss = 0;")
    visits = 0
    for values in rounds:
        project.write(values)
        site = _build(root)
        for path in sorted(site.rglob("*.xml")):
            ElementTree.parse(path)  # the feed and the sitemap stay well-formed XML
        assert sorted(_pages(site)) == sorted(clean)
        for url in clean:
            found = _visit(page, f"{base}/site", url)
            visits += 1
            assert found["xss"] == 0, url
            for key in ("scripts", "handlers", "embedded"):
                assert found[key] == clean[url][key], f"{url}: injected {key}"
            assert len(found["jsonld"]) == len(clean[url]["jsonld"]), url
            for block in found["jsonld"]:
                json.loads(block)
    assert dialogs == []
    assert [m.text for m in page_log.console if "xss" in m.text.lower()] == []
    assert page_log.page_errors == []
    new_requests = requests - clean_requests
    if raw_html:
        # The sanitiser keeps images (<img src=x>, minus their onerror): a 404 for one is
        # the only request a vector may cause; a script, style, frame or object is not.
        assert {kind for kind, _ in new_requests} <= {"image"}, new_requests
        assert all(error.startswith("Failed to load resource")
                   for error in page_log.console_errors())
    else:
        assert new_requests == set()
        page_log.assert_clean()
    placed = sum(len(values) for values in rounds[1:])
    with capsys.disabled():
        print(f"\n[reliability] XSS ({'raw-html' if raw_html else 'escaped'}): "
              f"{len(VECTORS)} vectors, {len(taking)}/{len(project.fields)} fields took them, "
              f"{len(rounds)} builds ({placed} single placements + all in every field), "
              f"{visits} page loads of {len(clean)} pages")


def _dismiss(dialog: Dialog, dialogs: list[str]) -> None:
    dialogs.append(f"{dialog.type}: {dialog.message}")
    dialog.dismiss()
