"""Page URLs and the files they are written to, refused when they would leave site/."""

from __future__ import annotations

import re
from dataclasses import dataclass

from copydesk.config import SiteConfig
from copydesk.errors import BuildError, Location

_SEGMENT_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class PagePath:
    url: str  # site-relative, e.g. "/roles/llm-engineer/"
    file: str  # inside site/, e.g. "roles/llm-engineer/index.html"


def page_path(*segments: str, source: Location) -> PagePath:
    """The pretty URL ``/a/b/`` written as ``a/b/index.html``; ``source`` is the record
    whose slug this is, blamed when a segment is unsafe."""
    for segment in segments:
        check_segment(segment, source)
    if not segments:
        return PagePath("/", "index.html")
    joined = "/".join(segments)
    return PagePath(f"/{joined}/", f"{joined}/index.html")


def check_segment(segment: str, source: Location) -> None:
    if "/" in segment or "\\" in segment or ".." in segment or segment.startswith("~"):
        raise BuildError(f"slug '{segment}' would write outside site/", source,
                         "use a plain slug of letters, digits and hyphens, e.g. 'llm-engineer'")
    if not _SEGMENT_RE.fullmatch(segment):
        raise BuildError(f"slug '{segment}' is not a plain URL segment", source,
                         "use letters, digits and hyphens, starting with a letter or digit")


def absolute_url(site: SiteConfig, url: str) -> str:
    return site.base_url.rstrip("/") + url
