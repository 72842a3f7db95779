"""A cached page and its lint as the index keeps them: heavy fields and claims left out of
the index's objects until they are read."""

from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path

from copydesk.site.build import build_project
from copydesk.site.cache import BuiltPage, PageLint
from copydesk.site.stored import HEAVY, Heavy, StoredLint, StoredPage, stored_page
from tests.site.records import make_config, make_project
from tests.site.test_incremental import NOW


class Source:
    """Where a stored lint's heavy fields are: here, the page's own, counted."""

    def __init__(self, page: BuiltPage) -> None:
        self.page, self.reads = page, 0

    def heavy(self, name: str) -> Heavy:
        self.reads += 1
        return self.page.lint.findings, self.page.lint.traced


def a_page_with_claims(tmp_path: Path) -> BuiltPage:
    """A page as a build makes it: a plain BuiltPage with its whole lint."""
    config, project = make_config(tmp_path), make_project(tmp_path)
    pages = build_project(config, project, now=NOW, cache=False).pages
    page = next(page for page in pages if page.claims)
    # The build leaves its pages stored; made whole again as a fresh render would give it.
    lint = PageLint(**{name: getattr(page.lint, name) for name in PageLint.__dataclass_fields__})
    return BuiltPage(**{**{name: getattr(page, name) for name in BuiltPage.__dataclass_fields__},
                        "lint": lint})


def test_the_index_keeps_claims_pickled_and_no_heavy_field(tmp_path: Path) -> None:
    page = a_page_with_claims(tmp_path)
    stored = stored_page(page)
    assert isinstance(stored, StoredPage) and isinstance(stored.lint, StoredLint)
    loaded = pickle.loads(pickle.dumps(stored))
    assert not set(HEAVY) & set(loaded.lint.__dict__)
    assert "claims" not in loaded.__dict__ and isinstance(loaded.__dict__["_claims"], bytes)
    assert loaded.claims == page.claims and loaded.claims
    source = Source(page)
    loaded.lint.attach(source, page.path.file)
    assert not loaded.lint.loaded
    assert loaded.lint.findings == page.lint.findings and loaded.lint.loaded
    assert loaded.lint.traced == page.lint.traced and source.reads == 1
    assert (loaded.lint.key, loaded.lint.facts) == (page.lint.key, page.lint.facts)


def test_a_replaced_stored_page_holds_every_field_and_is_pickled_whole(tmp_path: Path) -> None:
    page = a_page_with_claims(tmp_path)
    loaded = pickle.loads(pickle.dumps(stored_page(page)))
    loaded.lint.attach(Source(page), page.path.file)
    changed = replace(loaded, claims=page.claims[:1])
    assert isinstance(changed, StoredPage) and changed.claims == page.claims[:1]
    again = pickle.loads(pickle.dumps(stored_page(changed)))
    assert again.claims == page.claims[:1] and again.lint.key == page.lint.key
