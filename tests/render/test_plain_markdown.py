import itertools
import string
from unittest.mock import patch

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from markdown_it.common.normalize_url import normalizeLink, validateLink
from markdown_it.common.utils import escapeHtml
from mdit_py_plugins.anchors.index import slugify

from copydesk.render import plain_markdown
from copydesk.render.markdown import _parser, markdown_to_html
from copydesk.render.plain_markdown import plain_html

_BODY = """Intro with 39.6%[\\[1\\]](#source-1) and a [link](https://example.org/a_b?q=1).

## Key takeaways

- Review the pay band.
- Review the interview loop.

### What do "senior" people earn? [Insert %] & why

1. First step.
2. Second step.

Another paragraph
over two lines, 3.2x as long (as in 2023): well-rounded start-ups.
"""


def test_a_plain_body_is_read_here_as_markdown_it_renders_it() -> None:
    html = plain_html(_BODY)
    assert html is not None
    assert html == _parser(False).render(_BODY)
    assert '<sup><a href="#source-1" class="cite">[1]</a></sup>' in html
    assert '<h3 id="what-do-senior-people-earn-insert---why">' in html
    assert markdown_to_html(_BODY) == html


def test_what_is_not_plain_is_left_to_markdown_it() -> None:
    for text in ("_em_", "x**a**", "*a **b** c*", "**a**b", "** a**", "- a\n\n- b",
                 "  indented", "a\n---", "[x]: /u\n\n[x]", "a[^1]",
                 "## Title ##", "- item\nlazy line", "![i](x.png)", "a <b>", "a &amp; b",
                 "a &#38; b", "a&b",
                 "1. a\n\n1. b", "[x](javascript:alert(1))", "> quote", "| a |"):
        assert plain_html(text) is None, text


# Pieces of lines: prose, each ASCII mark, links and near misses of them, escapes, and the
# starts of every kind of block, so that what is read here and what is not are both tried.
_PIECES = st.sampled_from([
    "Pay", "rose", "5%", "3.2x", "well-rounded", "(see", "it's", '"q"', "$3", "a/b", "C#",
    "e.g.", "x2", "É", "\u00a0", "\u2014", "日本",
    *string.punctuation, " ", "  ", "\t", "\n", "\n\n",
    "a & b", "&x", "&#1;", "&amp;", "&1", "&;",
    "[x](y)", "[x](https://e.org/p?q=1&r=2)", "[a b](/p_q)", "[\\[1\\]](#source-1)",
    "[see](#source-2)", "[x](javascript:x)", "[x] (y)", "[x][y]", "[Insert %]", "[x]",
    "[^1]", "![x](y)", "\\[", "\\]", "\\*", "\\a", "\\", "<b>", "&amp;", "&", "`c`", "*e*",
    "_e_", "**b**", "**b:**", "*a*", "** b**", "**b **", "***c***", "~~s~~",
    "- ", "* ", "+ ", "1. ", "2) ", "10. ", "# ", "## ", "#### ", "> ",
    "---", "===", "    ", "```", "|", "[x]: /u",
])
_TEXTS = st.lists(_PIECES, max_size=24).map("".join)
_PLAIN_LINES = st.lists(st.sampled_from([
    "Pay rose 5% in 2026.", "AI & MLOps roles.", "Teams hire [more](https://e.org/x) people.",
    "It's (mostly) fine:", "**Bold:** then *some* text.", "- **Pay**: rose.",
    "## Pay", "# Pay", "#### Deep", "- An item.", "- Another [x](#y) item.", "1. One.",
    "2. Two.", "3) Three.", "", "", "Roughly 78.2%[\\[1\\]](#source-1) stay open.",
    '"Quoted" text and [Insert %] here.', "2026 was busy."]), max_size=16).map("\n".join)


@settings(max_examples=2000, deadline=None)
@given(text=st.one_of(_TEXTS, _PLAIN_LINES), raw_html=st.booleans())
@example(text="- a\n- b\n\n- c", raw_html=False)
@example(text="- a\n  \n- b", raw_html=False)  # a blank line of spaces ends a list
@example(text="- a\n \t\nPay\n\n## Pay\n\t\nPay", raw_html=False)
@example(text="## Pay\n\n## Pay\n\n# Pay", raw_html=False)
@example(text="a\u00a0\n\nb", raw_html=False)
@example(text="\u00a0", raw_html=False)
def test_what_is_read_here_is_what_markdown_it_makes_of_it(text: str, raw_html: bool) -> None:
    html = plain_html(text)
    if html is not None:
        assert html == _parser(raw_html).render(text)


def _list_kind(block: str) -> str:
    return "-" if block.startswith("- ") else block[1] if block[1:2] in (".", ")") else ""


@settings(max_examples=300, deadline=None)
@given(blocks=st.lists(st.sampled_from([
    "Pay rose 5% in 2026.\nOver two lines.", "## Pay", "#### Deep", "- An item.\n- Another.",
    "1. One.\n2. Two.", "3) Three.", '"Quoted" [Insert %] and 78.2%[\\[1\\]](#source-1).'])))
def test_blocks_blank_lines_part_are_read_here(blocks: list[str]) -> None:
    """Documents of the blocks the module names, parted by blank lines, are all read."""
    kinds = [_list_kind(block) for block in blocks]
    assume(not any(a and a == b for a, b in itertools.pairwise(kinds)))
    assert plain_html("\n\n".join(blocks)) is not None


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(max_codepoint=0x7f) | st.sampled_from("é·\u2028"), max_size=30))
@example("a\nb")
@example("x\x7f")
@example("a\x00[b\\é")
def test_a_text_s_marks_are_those_the_mark_pattern_finds(text: str) -> None:
    # The marks found in the masked bytes of an ASCII text, against the pattern.
    masked = (text.encode().translate(plain_markdown._MARKS_TO_NUL) if text.isascii()
              else None)
    found, at = [], plain_markdown._next_mark(text, masked, 0)
    while at >= 0:
        found.append(at)
        at = plain_markdown._next_mark(text, masked, at + 1)
    assert found == [mark.start() for mark in plain_markdown._MARK_RE.finditer(text)]


@settings(max_examples=1000, deadline=None)
@given(st.text(st.sampled_from(string.printable + "ÉéİK\u212a\u00a0\u2014日本ß")
               | st.characters(), max_size=40))
@example("What do \"senior\" people earn? [Insert %] & why")
@example("\u212a")  # Kelvin sign: ASCII once lowered
@example("İ")  # lowered into two characters, one of them not ASCII
def test_a_heading_s_slug_is_the_anchors_plugins(title: str) -> None:
    # The quick slug (bytes.translate on ASCII) against the plugin's slugify.
    assert plain_markdown._slug(title) == slugify(title)


@settings(max_examples=1000, deadline=None)
@given(st.text(st.sampled_from("\\\\\\[]1a \n*é"), max_size=16) | st.text(max_size=8))
@example("\\[1\\]")
@example("a\\\\b")
@example("a\\")
@example("\\\nb")
def test_a_text_is_unescaped_as_the_escape_pattern_does(text: str) -> None:
    assert plain_markdown._unescaped(text) == plain_markdown._ESCAPED_RE.sub(r"\1", text)


@settings(max_examples=500, deadline=None)
@given(st.from_regex(plain_markdown._FRAGMENT_RE, fullmatch=True))
@example("#source-12")
@example("#")
def test_a_link_to_a_place_in_the_page_is_normalised_as_itself(url: str) -> None:
    # Links the fast path takes as they are: markdown-it's normalizeLink gives them back.
    assert normalizeLink(url) == url
    assert validateLink(url)


@settings(max_examples=1000, deadline=None)
@given(st.text(st.sampled_from("aZé日_1239.) -*\"'($#[\u00b2\u2160\u0660") | st.characters(),
               max_size=6))
@example("3. x")
@example("3.")
@example("²")  # a digit no list marker takes, and no letter
@example("_a")
@example("")
def test_a_line_starts_plain_as_the_start_pattern_says(line: str) -> None:
    # The letter found first by str.isalpha, against the pattern alone.
    assert plain_markdown._plain_start(line) == bool(plain_markdown._PLAIN_START_RE.match(line))


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("a &<>\"'é") | st.characters(), max_size=12))
@example("a & b")
@example('"q"')
def test_a_text_is_escaped_as_markdown_it_escapes_it(text: str) -> None:
    assert plain_markdown._escaped(text) == escapeHtml(text)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=20),
       bound=st.integers(1, 6))
def test_a_kept_table_gives_what_its_function_makes_once_a_text(texts: list[str],
                                                                bound: int) -> None:
    made: list[str] = []

    def make(text: str) -> str:
        made.append(text)
        return text.upper()

    with patch.object(plain_markdown, "_KEPT", bound):
        kept = plain_markdown._Kept(make)
        for text in texts:
            assert kept[text] == text.upper()
            assert len(kept) <= bound
    if bound >= len(set(texts)):  # never emptied: each text made once
        assert sorted(made) == sorted(set(texts))


def test_a_body_read_again_from_the_kept_texts_is_read_the_same() -> None:
    first = plain_markdown.plain_body(_BODY)
    assert first is not None
    assert (plain_markdown._KEPT_HEADINGS and plain_markdown._KEPT_ITEMS
            and plain_markdown._KEPT_SLUGS)
    assert plain_markdown.plain_body(_BODY) == first
