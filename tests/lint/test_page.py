"""What a built page declares about itself, read from its tree (copydesk.lint.page)."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from copydesk.lint.html_tree import parse_page
from copydesk.lint.page import PageHeading, PageInfo, PageLink, _words, extract_page
from tests.lint.test_html_tree import PIECES


@settings(max_examples=400, deadline=None)
@given(source=st.lists(PIECES, max_size=40).map("".join))
@example(source="<h2>A <!-- no --></h2><h2><!-- c --></h2><a href='u'>\n x  y\n</a>")
@example(source="<h2><![CDATA[x]]></h2><h3> </h3><a href='u'><b>x</b></a>")
def test_an_elements_words_are_those_of_its_text(source: str) -> None:
    for element in parse_page(source)[0].elements():
        assert _words(element) == " ".join(element.get_text(" ").split())


@pytest.mark.parametrize(("kind", "given", "defaults"), [
    (PageHeading, (2, "Pay", 7), {"id": ""}),
    (PageHeading, (2, "Pay", 7, "pay"), {}),
    (PageLink, ("/x", "X", 3), {"rel": "", "navigation": False}),
    (PageLink, ("/x", "X", 3, "nofollow", True), {}),
])
def test_headings_and_links_hold_their_fields_as_a_frozen_dataclass(
        kind: type, given: tuple[object, ...], defaults: dict[str, object]) -> None:
    made = kind(*given)
    names = [field.name for field in dataclasses.fields(kind)]
    assert dataclasses.asdict(made) == {**dict(zip(names, given, strict=False)), **defaults}
    assert made == kind(**dataclasses.asdict(made)) and hash(made) == hash(kind(*given))
    assert made != dataclasses.replace(made, line=99)
    assert pickle.loads(pickle.dumps(made)) == made
    shown = ", ".join(f"{name}={getattr(made, name)!r}" for name in names)
    assert repr(made) == f"{kind.__name__}({shown})"
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.line = 1


def test_a_pages_facts_are_the_page_info_its_constructor_makes() -> None:
    page = ('<html lang="en"><head><title>T</title><meta name="description" content=" d ">'
            '<link rel="canonical" href="/c"><script type="application/ld+json">{}</script>'
            '</head><body><h1 id="a">H</h1><a href="/x" rel="Next">x</a><img src="i" alt="">'
            '<time datetime="2026">t</time></body></html>')
    info = extract_page(parse_page(page)[1])
    names = [field.name for field in dataclasses.fields(PageInfo)]
    built = PageInfo(**{name: getattr(info, name) for name in names})
    assert list(info.__dict__) == names  # every field, in order
    assert info == built and repr(info) == repr(built)
    assert pickle.dumps(info) == pickle.dumps(built)
    assert (info.title, info.description, info.canonical, info.lang) == ("T", "d", "/c", "en")
