"""Reading built pages back: JSON-LD blocks, visible FAQ, a snapshot of a directory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from click.testing import CliRunner

from copydesk.cli import main
from copydesk.site.init import init_project


def built_example(project: Path) -> Path:
    """The example project created in ``project`` and built there by the real CLI."""
    init_project(project)
    result = CliRunner().invoke(main, ["build", "-C", str(project)])
    assert result.exit_code == 0, result.output
    return project


def snapshot(directory: Path) -> dict[str, bytes]:
    return {path.relative_to(directory).as_posix(): path.read_bytes()
            for path in sorted(directory.rglob("*")) if path.is_file()}


def jsonld_blocks(html: str) -> list[dict[str, Any]]:
    soup = BeautifulSoup(html, "html.parser")
    return [json.loads(script.string or "")
            for script in soup.find_all("script", type="application/ld+json")]


def visible_faq(html: str) -> list[tuple[str, str]]:
    """(question, answer text) of each FAQ entry shown on the page."""
    soup = BeautifulSoup(html, "html.parser")
    return [(item.h3.get_text(), item.find(class_="faq-answer").get_text())
            for item in soup.select("section.faq .faq-item")]


def jsonld_faq(html: str) -> list[tuple[str, str]]:
    """(question, answer text) of the page's FAQPage JSON-LD."""
    pairs: list[tuple[str, str]] = []
    for block in jsonld_blocks(html):
        if block["@type"] == "FAQPage":
            for question in block["mainEntity"]:
                answer = question["acceptedAnswer"]["text"]
                pairs.append((question["name"],
                              BeautifulSoup(answer, "html.parser").get_text()))
    return pairs


def lose_lint_parts(path: Path) -> None:
    """A bucket file of the build cache's pages with its light and heavy parts unreadable,
    its index and rare parts as written, and its length (a truncated one is not read)."""
    import pickle

    with path.open("rb") as file:
        index = pickle.load(file)
        kept = file.tell() + index[2]  # the index part, then the rare part
    data = path.read_bytes()
    path.write_bytes(data[:kept] + b"\x80\x05garbage".ljust(len(data) - kept, b"\0"))
