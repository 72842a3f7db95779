"""The site's files besides its pages: sitemap.xml, robots.txt, feed.xml and claims.json.

The sitemap and claims.json are joined from each page's part of them, made where the page
was rendered (``BuiltPage.sitemap_entry``, ``claims_entry``): a rebuild that renders a few
pages of 10,000 makes a few parts, not the two files. robots.txt is cheap. The feed is
taken back from the current site when what it shows of each published article is as it
was (``feeds.atom_inputs``): read from the site, it must match the digest recorded when it
was written, or it is made afresh. Each file is made into bytes once, with their digest
(claims.json and the feed are 18 MB at 10,000 posts): what the build records, compares with
the site's file and writes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from copydesk.config import Config
from copydesk.content.models import Article, Project
from copydesk.site import feeds
from copydesk.site.cache import BuiltPage, Snapshot, bytes_digest
from copydesk.site.page_jobs import PageJob

SITE_FILES = ("sitemap.xml", "robots.txt", "feed.xml", "claims.json")  # besides the pages


class SiteFile(NamedTuple):
    """A file of the site besides its pages, as written."""

    data: bytes
    digest: str  # cache.bytes_digest of ``data``

    @classmethod
    def of(cls, text: str) -> SiteFile:
        data = text.encode("utf-8")
        return cls(data, bytes_digest(data))


class Feed(NamedTuple):
    file: SiteFile
    inputs: str  # the digest of what it was made from (feeds.atom_inputs)


class ExtraFiles(NamedTuple):
    files: dict[str, SiteFile]  # by name
    inputs: dict[str, str]  # name -> digest of what it was made from (the feed)


class SiteTexts(Mapping[str, str]):
    """The texts of the site's ``files`` by name, each decoded when read: the site rules
    read those of sitemap.xml and robots.txt only, and the names of all."""

    def __init__(self, files: Mapping[str, SiteFile]) -> None:
        self._files = files

    def __getitem__(self, name: str) -> str:
        return self._files[name].data.decode("utf-8")

    def __contains__(self, name: object) -> bool:
        return name in self._files  # without decoding it

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


def site_files(config: Config, project: Project, planned: Sequence[PageJob],
               pages: Sequence[BuiltPage], articles: Sequence[Article],
               previous: Snapshot, feed: Feed | None = None) -> ExtraFiles:
    """The four files: the sitemap and claims.json joined from the pages' parts, the feed
    taken back where unchanged; ``feed``: the feed and its inputs, when the caller knows
    they are unchanged (then ``articles`` may be a few), or made them (:func:`feed_of`)."""
    if feed is None:
        feed = feed_of(config, project, planned, articles, previous)
    files = {
        "sitemap.xml": SiteFile.of(feeds.sitemap(page.sitemap_entry for page in pages)),
        "robots.txt": SiteFile.of(feeds.robots(config.site)),
        "feed.xml": feed.file,
        "claims.json": SiteFile.of(feeds.claims_json(page.claims_entry for page in pages)),
    }
    return ExtraFiles(files, {"feed.xml": feed.inputs})


def feed_of(config: Config, project: Project, planned: Sequence[PageJob],
            articles: Sequence[Article], previous: Snapshot) -> Feed:
    """The feed of the published ``articles`` (the article pages of ``planned``, in their
    order), taken back from the site when what it shows is unchanged. It needs no built
    page: a build makes it while its workers build them."""
    article_urls = [job.path.url for job in planned if job.kind == "article"]
    entries = list(zip(article_urls, articles, strict=True))
    feed_inputs = feeds.atom_inputs(entries, project.authors)
    taken = (taken_back(config.output_path, "feed.xml", previous)
             if previous.inputs.get("feed.xml") == feed_inputs else None)
    return Feed(taken or SiteFile.of(feeds.atom(config.site, entries, project.authors)),
                feed_inputs)


def taken_back(output: Path, name: str, previous: Snapshot) -> SiteFile | None:
    """File ``name`` of the site when it is the one the previous build wrote."""
    try:
        data = (output / name).read_bytes()
    except OSError:
        return None
    found = bytes_digest(data)
    return SiteFile(data, found) if found == previous.extras.get(name) else None
