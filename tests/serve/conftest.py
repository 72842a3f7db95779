"""The example project, built once into its preview folder for the tests of this package."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.config import Config, load_config
from copydesk.serve.preview import preview_config
from copydesk.site.build import BuildResult, build_site
from copydesk.site.init import init_project


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, BuildResult]:
    root = tmp_path_factory.mktemp("serve") / "project"
    init_project(root)
    config = preview_config(load_config(root))
    return config, build_site(config, drafts=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    init_project(root)
    return root
