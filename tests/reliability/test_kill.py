"""SIGKILL at random moments: the site, a fixed file, a baseline, the draft cache stay whole.

Each test kills a real ``copydesk`` subprocess several times (seeded, see ``killing.py``) and
checks that what it was writing is exactly the previous complete version or the complete new
one. ``COPYDESK_KILL_TRIALS=N`` makes more kills; ``COPYDESK_KILL_SEED`` changes the moments.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from copydesk.lint.baseline import load_baseline
from copydesk.llm.cache import CACHE_DIR, ResponseCache
from tests.llm.conftest import ARTICLE, write_llm_config
from tests.llm.server import Reply, completion, scripted_server
from tests.reliability.counts import report_count
from tests.reliability.killing import (
    Trigger,
    after,
    present,
    replaced,
    rewritten,
    run_until,
    seeded_random,
    staging_holds,
    trials,
)
from tests.reliability.projects import big_project, revise, run_copydesk, snapshot

PAGES = 150


def test_a_killed_build_leaves_the_previous_site_or_the_new_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = big_project(tmp_path / "project", PAGES)
    site = root / "site"
    assert run_copydesk("build", "-C", str(root)).returncode == 0
    previous = snapshot(site)
    saved = tmp_path / "previous-site"
    shutil.copytree(site, saved)
    revise(root, "Revised.")
    new_build = run_copydesk("build", "-C", str(root))
    assert new_build.returncode == 0, new_build.stderr
    new = snapshot(site)
    assert new != previous and len(new) > PAGES
    entries = len({name.split("/")[0] for name in new})

    random = seeded_random("build")
    count = trials(5)
    # Kills anywhere in the run (loading, rendering, linting), while the staging folder fills
    # up (down to the moment it is complete), and just after the swap, while the previous
    # site is being deleted.
    kinds = ("anywhere", "writing", "writing", "writing", "swapped")
    outcomes: Counter[str] = Counter()
    for index in range(count):
        shutil.rmtree(site)
        shutil.copytree(saved, site)
        # The previous build's state, whole: its site, and no build cache that would claim
        # the new pages are already there.
        shutil.rmtree(root / ".copydesk" / "build-cache", ignore_errors=True)
        kind = kinds[index % len(kinds)]
        trigger: Trigger = (after(random.uniform(0.2, 3.0)) if kind == "anywhere"
                            else replaced(site) if kind == "swapped"
                            else staging_holds(root, random.randint(1, entries)))
        run = run_until(["build", "-C", str(root)], trigger)
        assert run.killed or run.returncode == 0, run.stderr
        assert run.orphans == (), "worker processes outlived the killed build"
        found = snapshot(site)
        assert found in (previous, new), "site/ is a mix of two builds, or missing"
        outcomes[("killed, " if run.killed else "finished, ")
                 + ("previous site" if found == previous else "new site")] += 1
    assert outcomes["killed, previous site"] >= 1 and outcomes["killed, new site"] >= 1, outcomes

    # The next build ignores or removes what a killed one left, and succeeds.
    assert run_copydesk("build", "-C", str(root)).returncode == 0
    assert snapshot(site) == new
    assert [path.name for path in root.iterdir() if path.name.startswith(".site-")] == []
    report_count(capsys, f"SIGKILL copydesk build ({PAGES} articles)", count, dict(outcomes))


FIXABLE = "We hire the the best engineers for  platform work. Teams ship models  every week.\n\n"
FILES = 20


def _write_files(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def _posts(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("post-*.md"))}


def _never(_elapsed: float) -> bool:
    return False


def test_a_killed_fix_leaves_each_file_old_or_fixed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    originals = {f"post-{index:02d}.md": f"# Post {index}\n\n" + FIXABLE * 40
                 for index in range(FILES)}
    reference = tmp_path / "reference"
    _write_files(reference, originals)
    # Timed cold, as each kill below runs on a fresh folder (no lint cache).
    whole_run = run_until(["check", "--fix", "."], _never, cwd=reference)
    fixed = _posts(reference)
    assert all(fixed[name] != text.encode() for name, text in originals.items())

    random = seeded_random("fix")
    count = trials(4)
    outcomes: Counter[str] = Counter()
    folder = tmp_path / "posts"
    for index in range(count):
        shutil.rmtree(folder, ignore_errors=True)
        _write_files(folder, originals)
        # Half the kills at a random moment, half after a random number of files were fixed.
        trigger = (after(random.uniform(0.1, 0.9) * whole_run.seconds) if index % 2 == 0
                   else rewritten(sorted(folder.glob("post-*.md")), random.randint(1, FILES)))
        run = run_until(["check", "--fix", "."], trigger, cwd=folder)
        assert run.orphans == (), "worker processes outlived the killed run"
        found = _posts(folder)
        assert set(found) == set(originals)
        for name, data in found.items():
            assert data in (originals[name].encode(), fixed[name]), f"{name} is half written"
        done = sum(1 for name, data in found.items() if data == fixed[name])
        outcomes[f"{'killed' if run.killed else 'finished'} with {done}/{FILES} fixed"] += 1
    # Whatever the kills left behind (temporary files, caches), the next run works.
    assert run_copydesk("check", "--fix", ".", cwd=folder).returncode in (0, 1)
    assert _posts(folder) == fixed
    report_count(capsys, f"SIGKILL copydesk check --fix ({FILES} files)", count, dict(outcomes))


def test_a_killed_baseline_update_leaves_the_old_or_the_new_baseline(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "posts"
    _write_files(folder, {f"post-{index:02d}.md": FIXABLE * 30 for index in range(FILES)})
    arguments = ["check", "--baseline", "baseline.json", "--update-baseline", "."]
    assert run_until(arguments, _never, cwd=folder).killed is False
    previous = (folder / "baseline.json").read_bytes()
    _write_files(folder, {f"post-{index:02d}.md": FIXABLE * 40 for index in range(FILES)})
    assert run_until(arguments, _never, cwd=folder).killed is False
    new = (folder / "baseline.json").read_bytes()
    whole_run = run_until(arguments, _never, cwd=folder)  # timed with the lint cache warm
    assert new != previous

    random = seeded_random("baseline")
    count = trials(4)
    outcomes: Counter[str] = Counter()
    for index in range(count):
        (folder / "baseline.json").write_bytes(previous)
        # Half the kills at a random moment, half while the new baseline's temporary file
        # is being written, before its rename.
        trigger = (after(random.uniform(0.3, 1.0) * whole_run.seconds) if index % 2 == 0
                   else present(folder, ".baseline.json.*.tmp"))
        run = run_until(arguments, trigger, cwd=folder)
        assert run.orphans == (), "worker processes outlived the killed run"
        found = (folder / "baseline.json").read_bytes()
        assert found in (previous, new), "the baseline is half written"
        assert load_baseline(folder / "baseline.json").entries
        outcomes[f"{'killed' if run.killed else 'finished'}, "
                 f"{'new' if found == new else 'previous'} baseline"] += 1
    assert run_copydesk(*arguments, cwd=folder).returncode == 0
    assert (folder / "baseline.json").read_bytes() == new
    report_count(capsys, "SIGKILL copydesk check --update-baseline", count, dict(outcomes))


SECTIONS = ("summary", "description")
ROLES = ("generative-ai-infrastructure-engineer", "mlops-specialist", "llm-engineer",
         "ai-ethics-governance-specialist", "machine-learning-research-scientist")


def test_a_killed_draft_leaves_a_cache_that_loads(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = big_project(tmp_path / "project", 0)
    cache = ResponseCache(root / CACHE_DIR)

    def arguments(role: str) -> list[str]:
        return ["draft", ARTICLE, "-C", str(root), "--force", "--role", role,
                *(option for section in SECTIONS for option in ("--section", section))]

    def stored() -> list[Path]:
        return sorted(cache.folder.glob("*.json"))

    random = seeded_random("draft")
    count = trials(4)
    outcomes: Counter[str] = Counter()
    with scripted_server() as server:
        write_llm_config(root, model="test-model", base_url=server.url, timeout=10.0,
                         max_retries=0)
        server.script(Reply(body=completion("A clean draft.").body, delay=0.3))
        whole_run = run_until(arguments(ROLES[-1]), _never)
        assert whole_run.returncode in (0, 1), whole_run.stderr
        for trial in range(count):
            # A new role each time, so its requests are not in the cache yet; the answers
            # are slow, one slower than the other, so the kill can fall between their writes.
            server.script(*(Reply(body=completion(f"A clean {section}.").body,
                                  delay=random.uniform(0.05, 0.8)) for section in SECTIONS))
            trigger = (after(random.uniform(0.5, 1.0) * whole_run.seconds) if trial % 2 == 0
                       else present(cache.folder, "*.json", len(stored()) + 1))
            run = run_until(arguments(ROLES[trial % (len(ROLES) - 1)]), trigger)
            assert run.killed or run.returncode in (0, 1), run.stderr
            assert run.orphans == (), "worker processes outlived the killed draft"
            for path in stored():
                kept = cache.get(path.stem)
                assert kept is not None, f"{path.name} does not load"
                assert kept.text.startswith("A clean ")
                json.loads(path.read_text(encoding="utf-8"))
            outcomes[f"{'killed' if run.killed else 'finished'}, {len(stored())} cached"] += 1
        server.script(*(completion(f"A clean {section}.") for section in SECTIONS))
        last = run_copydesk(*arguments(ROLES[0]))
    assert last.returncode in (0, 1), last.stderr
    assert "Traceback" not in last.stderr
    report_count(capsys, "SIGKILL copydesk draft (cache)", count, dict(outcomes))
