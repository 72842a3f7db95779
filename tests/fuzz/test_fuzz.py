"""Run each atheris harness of ``fuzz_lint.py`` for a bounded time; no input may crash it.

``COPYDESK_FUZZ_SECONDS`` (default 15) sets each run's length. Each run starts from a small
seed corpus (the seed article, the example site's pages, the example's data files) copied
into a temporary folder, and prints how many inputs it tried.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from copydesk.config import load_config
from copydesk.lint.readers import read_document
from copydesk.lint.runner import check_paths
from tests.reliability.counts import report_count

REPOSITORY = Path(__file__).resolve().parents[2]
HARNESS = Path(__file__).with_name("fuzz_lint.py")
SECONDS = int(os.environ.get("COPYDESK_FUZZ_SECONDS", "15"))
GOLDEN = REPOSITORY / "tests" / "site" / "golden"
SEEDS = {
    "markdown": [REPOSITORY / "tests" / "fixtures" / "seed.md",
                 REPOSITORY / "tests" / "fixtures" / "clean_structure.md"],
    "html": [GOLDEN / "index.html", GOLDEN / "404.html",
             GOLDEN / "roles" / "llm-engineer" / "index.html"],
    "yaml": sorted((REPOSITORY / "content" / "data").glob("*.yaml")),
}
MAX_LENGTH = {"markdown": 1024, "html": 4096, "yaml": 1024}  # bytes: small inputs run fast


@pytest.mark.parametrize("target", sorted(SEEDS))
def test_the_harness_finds_no_crash(target: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in SEEDS[target]:
        assert seed.is_file(), seed
        shutil.copy(seed, corpus / seed.name)
    run = subprocess.run(
        [sys.executable, str(HARNESS), target, f"-max_total_time={SECONDS}",
         f"-max_len={MAX_LENGTH[target]}", f"-artifact_prefix={tmp_path}/", "-seed=2026",
         str(corpus)],
        capture_output=True, text=True, timeout=SECONDS + 120, cwd=tmp_path, check=False)
    crashes = [path.read_bytes() for path in sorted(tmp_path.glob("crash-*"))]
    uncaught = run.stderr.rfind("=== Uncaught Python exception")
    assert run.returncode == 0 and not crashes, (
        f"{run.stderr[uncaught:][:3000]}\ninputs: {[data[:2000] for data in crashes]!r}")
    done = re.search(r"^Done (\d+) runs in (\d+) second", run.stderr, re.MULTILINE)
    assert done is not None, run.stderr[-2000:]
    runs = int(done.group(1))
    assert runs > len(SEEDS[target])  # it went past the seeds
    report_count(capsys, f"atheris {target} ({done.group(2)} s)", runs)


# Inputs the harnesses crashed on once, kept so the fixes stay.
def test_front_matter_with_an_impossible_date_is_a_problem_not_a_crash() -> None:
    document = read_document("post.md", "---\ndate: 2026-00-20\n---\nHello world.\n")
    assert [problem.message for problem in document.problems] == [
        "invalid YAML front matter: month must be in 1..12"]


def test_a_malformed_url_on_a_page_is_no_crash(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>Home</title>'
        '<link rel="canonical" href="http://[x/a/"></head><body><h1>Home</h1>'
        '<p>See <a href="http://[y/b">this</a>.</p></body></html>', encoding="utf-8")
    result = check_paths([tmp_path], load_config(tmp_path))
    assert [f.message for f in result.findings if f.code == "CD902"] == []
    assert {"CD619", "CD801"} <= {rule.code for rule in result.rules}


@pytest.mark.parametrize("value", ["!!timestamp x", "!!int ''", "!!bool maybe", "!!float ''"])
def test_an_explicit_tag_on_the_wrong_text_is_a_problem_not_a_crash(value: str) -> None:
    document = read_document("post.md", f"---\ntitle: {value}\n---\nHello world.\n")
    assert [problem.message.split(":")[0] for problem in document.problems] == [
        "invalid YAML front matter"]
