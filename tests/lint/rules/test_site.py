"""CD8xx site-wide rules and CD690 duplicate-keyphrase, on small folders given as dicts."""

from __future__ import annotations

from tests.lint.rules.helpers import SiteExamples, lint_site_snippet

BASE = "https://example.com/"
ROBOTS_OK = f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"


def page(title: str, body: str = "", description: str = "", keyphrase: str = "",
         canonical: str = "") -> str:
    head = [f"<title>{title}</title>"]
    if description:
        head.append(f'<meta name="description" content="{description}">')
    if keyphrase:
        head.append(f'<meta name="copydesk:keyphrase" content="{keyphrase}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n" + "\n".join(head)
            + f"\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def sitemap(*paths: str) -> str:
    entries = "".join(f"  <url>\n    <loc>{BASE}{path}</loc>\n  </url>\n" for path in paths)
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</urlset>\n')


HOME = page("Home", '<a href="/a/">A</a> <a href="b.html">B</a>', canonical=BASE)
A = page("Post A", '<h2 id="pay">Pay</h2><a href="/">Home</a>')
B = page("Post B", '<a href="/a/#pay">pay of A</a>')
SITE = {"index.html": HOME, "a/index.html": A, "b.html": B}

EXAMPLES = {
    "CD801": SiteExamples(
        failing=({**SITE, "b.html": page("Post B", '<a href="/old-slug/">old</a>')},
                 {**SITE, "a/index.html": page("Post A", '<a href="../missing.html">x</a>')},
                 {**SITE, "b.html": page("Post B", f'<a href="{BASE}gone/">gone</a>')}),
        passing=(SITE,
                 {**SITE, "b.html": page("Post B", '<a href="https://other.org/x">x</a> '
                                         '<a href="mailto:a@example.com">mail</a> '
                                         '<a href="/img/logo.png">logo</a>'),
                  "img/logo.png": ""},
                 {**SITE, "b.html": page("Post B", f'<a href="{BASE}a/">A</a> '
                                         '<a href="a">A again</a> <a href="?page=2">next</a>')}),
    ),
    "CD802": SiteExamples(
        failing=({**SITE, "b.html": page("Post B", '<a href="/a/#salary">pay of A</a>')},
                 {**SITE, "b.html": page("Post B", '<a href="#nowhere">down</a>')}),
        passing=(SITE,
                 {**SITE, "b.html": page("Post B", '<h2 id="faq">FAQ</h2><a href="#faq">FAQ</a>'
                                         ' <a name="top"></a><a href="#top">top</a>')}),
    ),
    "CD803": SiteExamples(
        failing=({**SITE, "sitemap.xml": sitemap("", "a/")},),
        passing=({**SITE, "sitemap.xml": sitemap("", "a/", "b.html")},
                 {**SITE, "sitemap.xml": sitemap("", "a/"),
                  "b.html": page("Post B", '<meta name="robots" content="noindex">')},
                 {**SITE, "sitemap.xml": sitemap("en/sitemap.xml").replace(
                     "urlset", "sitemapindex").replace("<url>", "<sitemap>").replace(
                     "</url>", "</sitemap>")},
                 SITE),
    ),
    "CD804": SiteExamples(
        failing=({**SITE, "sitemap.xml": sitemap("", "a/", "b.html", "deleted/")},
                 {**SITE, "sitemap.xml": sitemap("", "a/", "b.html").replace(
                     "</urlset>", "<url><loc>https://elsewhere.org/a/</loc></url></urlset>")}),
        passing=({**SITE, "sitemap.xml": sitemap("", "a/", "b.html")},),
    ),
    "CD805": SiteExamples(
        failing=({**SITE, "b.html": page("post  a", '<a href="/a/">A</a>')},),
        passing=(SITE, {**SITE, "404.html": page("Home")}),
    ),
    "CD806": SiteExamples(
        failing=({**SITE, "a/index.html": page("Post A", description="Same words here."),
                  "b.html": page("Post B", description="Same words here.")},),
        passing=(SITE, {**SITE, "a/index.html": page("Post A", description="About A."),
                        "b.html": page("Post B", description="About B.")}),
    ),
    "CD807": SiteExamples(
        failing=({**SITE, "c/index.html": page("Post C", '<a href="/">Home</a>')},
                 {**SITE, "c/index.html": page("Post C", '<a href="#top">self</a>')}),
        passing=(SITE, {**SITE, "404.html": page("Not found")}),
    ),
    "CD808": SiteExamples(
        failing=({**SITE, "robots.txt": "User-agent: *\nDisallow: /\n"},
                 {**SITE, "robots.txt": f"User-agent: Googlebot\nUser-agent: *\nDisallow: /  "
                  f"# staging\nSitemap: {BASE}sitemap.xml\n"}),
        passing=({**SITE, "robots.txt": ROBOTS_OK},
                 {**SITE, "robots.txt": "User-agent: BadBot\nDisallow: /\n\nUser-agent: *\n"
                  f"Disallow: /admin/\nSitemap: {BASE}sitemap.xml\n"},
                 {**SITE, "robots.txt": "User-agent: *\nDisallow: /\nAllow: /\n"}),
    ),
    "CD809": SiteExamples(
        failing=({**SITE, "robots.txt": "User-agent: *\nAllow: /\n"},),
        passing=({**SITE, "robots.txt": ROBOTS_OK}, SITE),
    ),
    "CD690": SiteExamples(
        failing=({**SITE, "a/index.html": page("Post A", keyphrase="ML roles"),
                  "b.html": page("Post B", keyphrase="ml  Roles")},
                 {"one.md": "---\ntitle: One\nkeyphrase: ml roles\n---\n\nText.\n",
                  "two.md": "---\ntitle: Two\nkeyphrase: ML roles\n---\n\nText.\n"}),
        passing=({**SITE, "a/index.html": page("Post A", keyphrase="ML roles"),
                  "b.html": page("Post B", keyphrase="ML salaries")},
                 {"one.md": "---\ntitle: One\nkeyphrase: ml roles\n---\n\nText.\n",
                  "two.md": "---\ntitle: Two\n---\n\nText.\n"}),
    ),
}


def test_a_broken_link_is_reported_on_its_line_with_the_address() -> None:
    files = {**SITE, "b.html": page("Post B", '<p>\n<a href="/old-slug/">old</a></p>')}
    [finding] = lint_site_snippet(files, "CD801")
    assert (finding.path, finding.line) == ("b.html", 8)
    assert finding.source_line[finding.col - 1:finding.end_col - 1] == "/old-slug/"
    assert "link to /old-slug/ resolves to no file" in finding.message


def test_a_missing_anchor_names_the_target_page_and_id() -> None:
    files = {**SITE, "b.html": page("Post B", '<a href="/a/#salary">pay</a>')}
    [finding] = lint_site_snippet(files, "CD802")
    assert "a/index.html has no element with id 'salary'" in finding.message


def test_sitemap_entry_without_page_points_at_its_line() -> None:
    files = {**SITE, "sitemap.xml": sitemap("", "a/", "b.html", "deleted/")}
    [finding] = lint_site_snippet(files, "CD804")
    assert finding.path == "sitemap.xml"
    assert finding.source_line.strip() == f"<loc>{BASE}deleted/</loc>"


def test_base_url_falls_back_to_the_sitemaps_common_prefix() -> None:
    home = page("Home", '<a href="/a/">A</a> <a href="b.html">B</a>')  # no canonical
    files = {**SITE, "index.html": home, "sitemap.xml": sitemap("", "a/")}
    [finding] = lint_site_snippet(files, "CD803")
    assert finding.path == "b.html"


def test_duplicates_name_the_other_pages() -> None:
    files = {**SITE, "c.html": page("Home", '<a href="/">x</a>')}
    findings = lint_site_snippet(files, "CD805")
    assert {(f.path, f.message) for f in findings} == {
        ("c.html", "title 'Home' is also used by index.html; give each page its own title"),
        ("index.html", "title 'Home' is also used by c.html; give each page its own title")}


def test_a_large_group_of_duplicates_names_three_others_and_counts_the_rest() -> None:
    # a corpus of pages sharing one title must not print every name in every finding
    copies = {f"p{number}.html": page("Same", '<a href="/">x</a>') for number in range(6)}
    findings = lint_site_snippet({**SITE, **copies}, "CD805")
    assert len(findings) == 6
    first = next(f for f in findings if f.path == "p0.html")
    assert first.message == ("title 'Same' is also used by p1.html, p2.html, p3.html and 2 more; "
                             "give each page its own title")


def test_a_keyphrase_in_front_matter_is_reported_on_its_line() -> None:
    files = {"one.md": "---\ntitle: One\nkeyphrase: ml roles\n---\n\nText.\n",
             "two.md": "---\ntitle: Two\ndate: 2026-01-01\nkeyphrase: ML roles\n---\n\nText.\n"}
    lines = {f.path: f.line for f in lint_site_snippet(files, "CD690")}
    assert lines == {"one.md": 3, "two.md": 4}


def test_a_canonical_without_a_trailing_slash_still_gives_the_site_address() -> None:
    home = page("Home", '<a href="https://example.com/a/">A</a> <a href="b.html">B</a>',
                canonical="https://example.com")
    files = {**SITE, "index.html": home,
             "b.html": page("Post B", '<a href="https://example.com/gone/">gone</a>')}
    [finding] = lint_site_snippet(files, "CD801")
    assert finding.path == "b.html"
