"""Raw HTML in Markdown: escaped by default; with ``raw-html`` sanitised by nh3 (what a
blog post needs stays, anything that runs script goes); left alone only when trusted."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.config import load_config
from copydesk.render.markdown import markdown_to_html
from copydesk.site.build import build_site
from tests.security.helpers import ARTICLE, example

NOW = datetime(2026, 11, 1)

ATTACKS = {
    "script": "<script>alert(1)</script>",
    "event handler": '<img src="/a.png" onerror="alert(1)">',
    "javascript link": '<a href="javascript:alert(1)">x</a>',
    "javascript link, mixed case": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "entity-encoded scheme": '<a href="&#106;avascript:alert(1)">x</a>',
    "data image": '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
    "svg onload": '<svg onload="alert(1)"></svg>',
    "style": "<style>body{display:none}</style>",
    "style attribute": '<p style="background:url(javascript:alert(1))">x</p>',
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "form": '<form action="https://evil.example"><input name="q"></form>',
    "object": '<object data="x.swf"></object>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "base": '<base href="https://evil.example/">',
    "theme class": '<div class="faq-answer">fake</div>',
}
SAFE = {
    "table": "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody>"
             "</table>",
    "figure": '<figure><img src="https://cdn.example/a.png" alt="A chart" width="640">'
              "<figcaption>Source: survey</figcaption></figure>",
    "relative image": '<img src="/images/a.png" alt="a">',
    "details": "<details><summary>More</summary><p>Hidden text</p></details>",
}


def is_script_free(html: str) -> bool:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        if tag.name in ("script", "style", "iframe", "form", "object", "svg", "meta", "base",
                        "input"):
            return False
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.startswith("on") or name == "style" or "javascript:" in text.lower() or (
                    text.startswith("data:")):
                return False
            if name == "class" and "faq-answer" in text:
                return False
    return True


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=list(ATTACKS))
def test_sanitised_raw_html_runs_no_script(attack: str) -> None:
    assert not is_script_free(markdown_to_html(f"{attack}\n", raw_html=True, trusted=True))
    assert is_script_free(markdown_to_html(f"{attack}\n", raw_html=True))
    assert is_script_free(markdown_to_html(f"Text {attack} text\n", raw_html=True))


@pytest.mark.parametrize("html", SAFE.values(), ids=list(SAFE))
def test_the_markup_a_post_needs_is_kept(html: str) -> None:
    kept = markdown_to_html(f"{html}\n", raw_html=True)
    assert BeautifulSoup(kept.strip(), "html.parser") == BeautifulSoup(html, "html.parser")


def test_external_links_get_rel_internal_ones_do_not() -> None:
    html = markdown_to_html('<a href="https://other.example/a?b=1&amp;c=2" title="x > y">out</a>'
                            ' <a href="/roles/">in</a> [md](https://other.example)\n',
                            raw_html=True)
    links = BeautifulSoup(html, "html.parser").find_all("a")
    assert [link.get("rel") for link in links] == [["noopener", "noreferrer"], None,
                                                   ["noopener", "noreferrer"]]
    assert links[0]["title"] == "x > y"


def test_an_image_address_urllib_cannot_parse_is_dropped_not_a_crash() -> None:
    assert markdown_to_html('<img src="http://[x" alt="a">\n', raw_html=True) == (
        '<img alt="a">\n')


def test_markdown_made_html_is_unchanged_by_the_sanitiser() -> None:
    text = ("## Heading\n\n| a | b |\n|--:|:-:|\n| 1 | 2 |\n\nText[^1] and "
            "[\\[1\\]](#source-1) ~~old~~ ![alt](/a.png \"t\")\n\n[^1]: A note.\n")
    trusted = markdown_to_html(text, raw_html=True, trusted=True)
    assert BeautifulSoup(markdown_to_html(text, raw_html=True), "html.parser") == (
        BeautifulSoup(trusted, "html.parser"))


def body_and_faq_html(project: Path) -> str:
    build_site(load_config(project), now=NOW)
    return (project / "site/most-in-demand-machine-learning-roles-2026/index.html").read_text()


def plant(project: Path) -> None:
    article = project / ARTICLE
    article.write_text(article.read_text() + '\n<img src=x onerror="alert(\'body\')">\n')
    faq = project / "content/data/faq.yaml"
    faq.write_text(faq.read_text().replace(
        "answer: >-\n", "answer: >-\n    <script>alert('faq')</script>\n\n", 1))


@pytest.mark.parametrize(("settings", "escaped", "script_runs"), [
    ({}, True, False),
    ({"raw_html": True}, False, False),
    ({"raw_html": True, "trusted": True}, False, True),
], ids=["default", "raw-html", "raw-html trusted"])
def test_article_bodies_and_faq_answers_follow_the_setting(
        tmp_path: Path, settings: dict[str, bool], escaped: bool, script_runs: bool) -> None:
    project = example(tmp_path / "p", **settings)
    plant(project)
    html = body_and_faq_html(project)
    assert ("&lt;script&gt;alert('faq')" in html) is escaped
    assert ("&lt;img src=x onerror" in html) is escaped
    assert ("<script>alert('faq')</script>" in html) is script_runs
    assert ('onerror="alert(\'body\')"' in html) is script_runs


FRAGMENTS = st.sampled_from([
    "<script>", "</script>", "<img src=x ", "onerror=", "onload=", "\"alert(1)\"", "'",
    "javascript:", "JaVaScRiPt&colon;", "<a href=", "<svg", "<iframe", "<style>", "<!--",
    "-->", ">", "<", "&#x6a;", "http://[", "<math>", "<table>", "<td>", "data:text/html,", "<p ",
    "style=", "<object", "<embed", "<base href=", "text", "\n\n", " ", "`", "<form",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=30).map("".join))
def test_no_mix_of_fragments_gets_script_through(text: str) -> None:
    assert is_script_free(markdown_to_html(text, raw_html=True))
