"""atheris harnesses: the linter's Markdown and HTML entry points, and the content loader.

    python tests/fuzz/fuzz_lint.py markdown|html|yaml [libFuzzer options] [CORPUS_DIR ...]

``markdown`` and ``html`` read the input as a file of that kind and run every document rule
on it directly (the runner would turn a rule's crash into a CD902 finding; here it is a
crash). ``yaml`` writes the input as a data file of a small project and loads it: a
CopydeskError is an answer, any other exception a crash. ``tests/fuzz/test_fuzz.py`` runs
each for a bounded time.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["copydesk"]):
    from copydesk.config import Thresholds, load_config
    from copydesk.content import load_project
    from copydesk.errors import CopydeskError
    from copydesk.lint.readers import read_document
    from copydesk.lint.registry import ALL_RULES
    from copydesk.lint.rule import RuleContext
    from copydesk.lint.runner import finding_from_hit
    from copydesk.lint.suppressions import apply_suppressions

CONTEXT = RuleContext(Thresholds(), date(2026, 1, 15))


def _lint(path: str) -> Callable[[bytes], None]:
    def lint(data: bytes) -> None:
        source = data.decode("utf-8", "replace")  # undecodable bytes are the runner's CD902
        document = read_document(path, source)
        findings = [finding_from_hit(document, rule, hit)
                    for rule in ALL_RULES for hit in rule.check(document, CONTEXT)]
        apply_suppressions(findings, document.suppressions)
    return lint


def _load_yaml() -> Callable[[bytes], None]:
    root = Path(tempfile.mkdtemp(prefix="copydesk-fuzz-"))
    (root / "content" / "data").mkdir(parents=True)
    config = load_config(root)
    data_file = root / "content" / "data" / "roles.yaml"

    def load(data: bytes) -> None:
        data_file.write_bytes(data)
        try:
            load_project(config)
        except CopydeskError as error:
            if error.location is None:
                raise AssertionError(f"an error without a location: {error!r}") from error
    return load


TARGETS: dict[str, Callable[[], Callable[[bytes], None]]] = {
    "markdown": lambda: _lint("input.md"),
    "html": lambda: _lint("input.html"),
    "yaml": _load_yaml,
}


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[1] not in TARGETS:
        raise SystemExit(f"usage: {argv[0]} {'|'.join(TARGETS)} [libFuzzer options] [CORPUS]")
    target = TARGETS[argv[1]]()
    atheris.Setup([argv[0], *argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
