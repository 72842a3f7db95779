"""The site's files besides its pages, as a build holds them: bytes made once, compared with
the site's file in chunks, their texts decoded for the site rules only when read."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copydesk.site import build as build_module
from copydesk.site.cache import bytes_digest
from copydesk.site.extras import SiteFile, SiteTexts


@pytest.mark.parametrize("on_disk, holds", [
    (b"0123456789abcdef", True),
    (b"0123456789abcdeF", False),  # differs in the last chunk only
    (b"0123X56789abcdef", False),  # in a middle one
    (b"0123456789abcde", False),  # shorter
    (b"0123456789abcdef0", False),  # longer
])
def test_a_site_file_is_compared_byte_for_byte_chunk_by_chunk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_disk: bytes, holds: bool) -> None:
    monkeypatch.setattr(build_module, "_CHUNK", 5)  # not a divisor of the length
    path = tmp_path / "claims.json"
    path.write_bytes(on_disk)
    assert build_module._holds(path, b"0123456789abcdef") is holds


@given(st.binary(max_size=40), st.binary(max_size=40), st.integers(1, 9))
def test_holds_is_equality_of_the_file_s_bytes(
        tmp_path_factory: pytest.TempPathFactory, data: bytes, on_disk: bytes,
        chunk: int) -> None:
    path = tmp_path_factory.mktemp("holds") / "feed.xml"
    path.write_bytes(on_disk)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_module, "_CHUNK", chunk)
        assert build_module._holds(path, data) is (data == on_disk)
        assert build_module._holds(path.with_name("missing"), data) is False


def test_a_site_file_holds_its_text_s_bytes_and_their_digest() -> None:
    file = SiteFile.of("<urlset>é</urlset>\n")
    assert file == SiteFile("<urlset>é</urlset>\n".encode(), bytes_digest(file.data))


def test_site_texts_are_decoded_when_read_and_named_without_decoding() -> None:
    texts = SiteTexts({"sitemap.xml": SiteFile.of("<urlset />\n"),
                       "claims.json": SiteFile(b"\xff not UTF-8", "")})
    assert list(texts) == ["sitemap.xml", "claims.json"] and len(texts) == 2
    assert "claims.json" in texts and "feed.xml" not in texts  # claims.json not decoded
    assert texts["sitemap.xml"] == "<urlset />\n"
