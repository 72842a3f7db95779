"""The example project builds to exactly the files under ``golden/``.

After a reviewed change to templates or content, refresh them with
``COPYDESK_UPDATE_GOLDEN=1 pytest tests/site/test_golden.py``.
"""

import os
import shutil
from datetime import datetime
from pathlib import Path

from copydesk.config import load_config
from copydesk.site.build import build_site
from copydesk.site.init import init_project
from tests.site.helpers import snapshot

GOLDEN = Path(__file__).parent / "golden"
NOW = datetime(2026, 11, 1)  # after the example article's date: it is published


def test_example_site_matches_the_golden_copy(tmp_path: Path) -> None:
    project = tmp_path / "example"
    init_project(project)
    build_site(load_config(project), now=NOW)
    built = snapshot(project / "site")
    if os.environ.get("COPYDESK_UPDATE_GOLDEN") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(project / "site", GOLDEN)
    golden = snapshot(GOLDEN)
    assert sorted(built) == sorted(golden)
    for name, content in built.items():
        assert content.decode() == golden[name].decode(), name
