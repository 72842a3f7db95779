from pathlib import PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copydesk.config import SiteConfig
from copydesk.errors import BuildError, Location
from copydesk.site.urls import PagePath, absolute_url, page_path

SOURCE = Location("content/articles/a.md", 1)


def test_pretty_urls_map_to_index_files() -> None:
    assert page_path(source=SOURCE) == PagePath("/", "index.html")
    assert page_path("roles", "llm-engineer", source=SOURCE) == PagePath(
        "/roles/llm-engineer/", "roles/llm-engineer/index.html")


@pytest.mark.parametrize("slug", ["../x", "/etc/passwd", "a\\..\\b", "~root", "..", "a/b"])
def test_segments_that_leave_the_folder_are_refused(slug: str) -> None:
    with pytest.raises(BuildError, match="would write outside site/") as caught:
        page_path(slug, source=SOURCE)
    assert caught.value.location == SOURCE


@pytest.mark.parametrize("slug", ["", ".", "-x", "a b", "a?b"])
def test_segments_that_are_not_plain_are_refused(slug: str) -> None:
    with pytest.raises(BuildError, match="is not a plain URL segment"):
        page_path(slug, source=SOURCE)


@given(st.lists(st.text(max_size=12), min_size=1, max_size=3))
def test_no_accepted_slug_points_outside_the_site(segments: list[str]) -> None:
    try:
        path = page_path(*segments, source=SOURCE)
    except BuildError:
        return
    file = PurePosixPath(path.file)
    assert not file.is_absolute()
    assert ".." not in file.parts
    assert file.parts[: len(segments)] == tuple(segments)


def test_absolute_url_joins_base_and_path_once() -> None:
    site = SiteConfig(base_url="https://example.com/")
    assert absolute_url(site, "/roles/x/") == "https://example.com/roles/x/"
