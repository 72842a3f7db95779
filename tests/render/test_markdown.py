from copydesk.render.markdown import _render, markdown_to_html


def test_tables_strikethrough_footnotes_and_heading_ids() -> None:
    html = markdown_to_html(
        "## Why MLOps?\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new[^1]\n\n[^1]: note\n")
    assert '<h2 id="why-mlops">Why MLOps?</h2>' in html
    assert "<td>1</td>" in html
    assert "<s>old</s>" in html
    assert 'class="footnote-ref"' in html


def test_raw_html_is_escaped_unless_allowed_and_sanitised_unless_trusted() -> None:
    text = "Hello <script>alert(1)</script> <b>bold</b>\n"
    assert "&lt;script&gt;" in markdown_to_html(text)
    assert markdown_to_html(text, raw_html=True) == "<p>Hello  <b>bold</b></p>\n"
    assert "<script>alert(1)</script>" in markdown_to_html(text, raw_html=True, trusted=True)


def test_citation_links_become_superscripts_other_links_do_not() -> None:
    html = markdown_to_html("65%[\\[1\\]](#source-1) and [a link](#faq)\n")
    assert html == ('<p>65%<sup><a href="#source-1" class="cite">[1]</a></sup> and '
                    '<a href="#faq">a link</a></p>\n')


def test_each_render_starts_afresh_so_the_html_is_reused_for_the_same_text() -> None:
    text = "# Pay\n\n# Pay\n\nA note[^1].\n\n[^1]: The source.\n"
    uncached = _render.__wrapped__
    first = uncached(text, False, False)
    assert uncached(text, False, False) == first  # heading ids and footnotes restart
    assert 'id="pay-1"' in first and "pay-2" not in first
    hits = _render.cache_info().hits
    assert markdown_to_html(text) == markdown_to_html(text) == first
    assert _render.cache_info().hits > hits


def test_suppression_comments_never_reach_the_reader() -> None:
    text = ("Intro line.\n<!-- copydesk: ignore CD201 -->\n45% of teams hire.\n\n"
            "<!-- copydesk: ignore-file CD5 -->\nA note about <!-- copydesk: ignore --> inline.\n")
    html = markdown_to_html(text)
    assert html == ("<p>Intro line.</p>\n<p>45% of teams hire.</p>\n"
                    "<p>A note about &lt;!-- copydesk: ignore --&gt; inline.</p>\n")
    # with raw HTML on, the comment is an HTML comment: it ends the paragraph the same way
    assert "copydesk" not in markdown_to_html(text.split("\n\n")[0], raw_html=True)
    assert "<p>Intro line.</p>" in markdown_to_html(text.split("\n\n")[0], raw_html=True)
