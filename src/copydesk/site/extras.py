"""The site's files besides its pages: sitemap.xml, robots.txt, feed.xml and claims.json.

The sitemap and claims.json are joined from each page's part of them, made where the page
was rendered (``BuiltPage.sitemap_entry``, ``claims_entry``): a rebuild that renders a few
pages of 10,000 makes a few parts, not the two files. robots.txt is cheap. The feed is
taken back from the current site when what it shows of each published article is as it
was (``feeds.atom_inputs``): read from the site, it must match the digest recorded when it
was written, or it is made afresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from copydesk.config import Config
from copydesk.content.models import Article, Project
from copydesk.site import feeds
from copydesk.site.cache import BuiltPage, Snapshot, bytes_digest
from copydesk.site.page_jobs import PageJob

SITE_FILES = ("sitemap.xml", "robots.txt", "feed.xml", "claims.json")  # besides the pages


class Feed(NamedTuple):
    text: str
    inputs: str  # the digest of what it was made from (feeds.atom_inputs)


class ExtraFiles(NamedTuple):
    texts: dict[str, str]  # name -> text
    inputs: dict[str, str]  # name -> digest of what it was made from (the feed)


def site_files(config: Config, project: Project, planned: Sequence[PageJob],
               pages: Sequence[BuiltPage], articles: Sequence[Article],
               previous: Snapshot, feed: Feed | None = None) -> ExtraFiles:
    """The four files: the sitemap and claims.json joined from the pages' parts, the feed
    taken back where unchanged; ``feed``: the feed and its inputs, when the caller knows
    they are unchanged (then ``articles`` may be a few)."""
    if feed is None:
        article_urls = [page.path.url for job, page in zip(planned, pages, strict=True)
                        if job.kind == "article"]
        entries = list(zip(article_urls, articles, strict=True))
        feed_inputs = feeds.atom_inputs(entries, project.authors)
        text = (taken_back(config.output_path, "feed.xml", previous)
                if previous.inputs.get("feed.xml") == feed_inputs else None)
        feed = Feed(text or feeds.atom(config.site, entries, project.authors), feed_inputs)
    texts = {
        "sitemap.xml": feeds.sitemap(page.sitemap_entry for page in pages),
        "robots.txt": feeds.robots(config.site),
        "feed.xml": feed.text,
        "claims.json": feeds.claims_json(page.claims_entry for page in pages),
    }
    return ExtraFiles(texts, {"feed.xml": feed.inputs})


def taken_back(output: Path, name: str, previous: Snapshot) -> str | None:
    """The text of file ``name`` of the site when it is the one the previous build wrote."""
    try:
        data = (output / name).read_bytes()
    except OSError:
        return None
    return data.decode("utf-8") if bytes_digest(data) == previous.extras.get(name) else None
