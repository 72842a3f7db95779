"""The preview build: drafts included, into ``.copydesk/preview/site`` so ``site/`` never holds one.

Each build is published as an immutable :class:`Snapshot`; a failed build keeps the last
good files on disk and turns every HTML answer into the error page until the next
build succeeds.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from copydesk.config import Config, load_config
from copydesk.lint.finding import Finding
from copydesk.serve.error_page import BuildFailure
from copydesk.serve.findings import PageReport, page_reports
from copydesk.site.build import build_site
from copydesk.site.lock import build_lock
from copydesk.site.writer import remove_leftovers

PREVIEW_OUTPUT = ".copydesk/preview/site"
LOCK_WAIT_SECONDS = 60.0  # as long as `copydesk build --wait` waits by default


@dataclass(frozen=True)
class Snapshot:
    number: int
    folder: Path  # the built preview site
    pages: Mapping[str, PageReport] = field(default_factory=dict)
    failure: BuildFailure | None = None
    findings: tuple[Finding, ...] = ()  # every finding of the build, on a page or not
    seconds: float = 0.0  # how long the build took


def preview_config(config: Config) -> Config:
    """``config`` building into the preview folder, its output's per-file-ignores carried over."""
    prefix = f"{config.site.output_dir.strip('/')}/"
    ignores = dict(config.lint.per_file_ignores)
    for glob, codes in config.lint.per_file_ignores.items():
        if glob.startswith(prefix):
            ignores[PREVIEW_OUTPUT + "/" + glob.removeprefix(prefix)] = codes
    return replace(config, site=replace(config.site, output_dir=PREVIEW_OUTPUT),
                   lint=replace(config.lint, per_file_ignores=ignores))


class Previewer:
    """Builds the project under ``root`` on demand; the config is read again every build."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.config = preview_config(Config(self.root, None))  # until a config file is read

    @property
    def folder(self) -> Path:
        return self.config.output_path

    def build(self, number: int) -> Snapshot:
        started = time.perf_counter()
        try:
            self.config = preview_config(load_config(self.root))
            # The project's build lock: a second `copydesk serve` on the project, or a
            # `copydesk build`, shares .copydesk/ with this build; one at a time.
            with build_lock(self.root, LOCK_WAIT_SECONDS):
                remove_leftovers(self.folder)  # of a preview killed mid-write
                result = build_site(self.config, drafts=True)
            return Snapshot(number, self.folder, page_reports(result, self.config),
                            findings=tuple(result.findings), seconds=time.perf_counter() - started)
        except Exception as error:  # any failure becomes the error page, never a dead server
            return Snapshot(number, self.folder, failure=BuildFailure.from_error(error),
                            seconds=time.perf_counter() - started)
