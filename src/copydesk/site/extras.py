"""The site's files besides its pages: sitemap.xml, robots.txt, feed.xml and claims.json.

A rebuild makes the sitemap and robots.txt again (they are cheap, and the site-wide rules
read them), but takes the feed and claims.json back from the current site when what they
are made from is as it was: for the feed, what it shows of each published article
(``feeds.atom_inputs``); for claims.json, the claims of every page. A file taken back is
read from the site and must match the digest recorded when it was written, or it is made
afresh.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from copydesk.config import Config
from copydesk.content.models import Article, Project
from copydesk.site import feeds
from copydesk.site.cache import BuiltPage, Snapshot, bytes_digest, digest
from copydesk.site.page_jobs import PageJob

SITE_FILES = ("sitemap.xml", "robots.txt", "feed.xml", "claims.json")  # besides the pages


class ExtraFiles(NamedTuple):
    texts: dict[str, str]  # name -> text
    inputs: dict[str, str]  # name -> digest of what it was made from (claims.json: page order)


def site_files(config: Config, project: Project, planned: Sequence[PageJob],
               pages: Sequence[BuiltPage], articles: Sequence[Article],
               previous: Snapshot) -> ExtraFiles:
    """The four files, made from every page, or taken back where unchanged."""
    listed = [page for job, page in zip(planned, pages, strict=True) if job.kind != "404"]
    article_urls = [page.path.url for job, page in zip(planned, pages, strict=True)
                    if job.kind == "article"]
    entries = list(zip(article_urls, articles, strict=True))
    feed_inputs = feeds.atom_inputs(entries, project.authors)
    feed = (_taken_back(config.output_path, "feed.xml", previous)
            if previous.inputs.get("feed.xml") == feed_inputs else None)
    order = digest([page.path.file for page in pages])  # claims.json lists pages in order
    claims = (_taken_back(config.output_path, "claims.json", previous)
              if previous.inputs.get("claims.json") == order
              and _same_claims(pages, previous.pages) else None)
    texts = {
        "sitemap.xml": feeds.sitemap(config.site, listed),
        "robots.txt": feeds.robots(config.site),
        "feed.xml": feed or feeds.atom(config.site, entries, project.authors),
        "claims.json": claims or feeds.claims_json(config, [claim for page in pages
                                                           for claim in page.claims]),
    }
    return ExtraFiles(texts, {"feed.xml": feed_inputs, "claims.json": order})


def _same_claims(pages: Sequence[BuiltPage], before: Mapping[str, BuiltPage]) -> bool:
    """Every page the previous build had, and no other, with the same claims (a page reused
    from it is the very same record)."""
    return len(pages) == len(before) and all(
        (old := before.get(page.path.file)) is not None
        and (page is old or page.claims == old.claims) for page in pages)


def _taken_back(output: Path, name: str, previous: Snapshot) -> str | None:
    try:
        data = (output / name).read_bytes()
    except OSError:
        return None
    return data.decode("utf-8") if bytes_digest(data) == previous.extras.get(name) else None
