"""Time copydesk against its peers on one generated corpus, in one run.

    python benchmarks/compare.py --posts 10000 [--work DIR] [--peer-bin DIR ...] [--json FILE]

Each task runs as a fresh child process. Wall time is measured around it. Memory is sampled
over the whole process tree, two ways: the sum of resident memory (RSS), which counts a page
that forked workers share with their parent once per process, and the sum of proportional
set sizes (PSS), which splits each shared page between the processes sharing it, so that
the tree's pages are counted once. Each is at least the biggest single process (``wait4``
rusage). Linux only: it reads ``/proc``.

Before each task the kernel is asked to write out what earlier tasks left in the page
cache (``sync``, as ``hyperfine --prepare sync`` does): a cold build leaves ~350 MB of
written pages behind, and their write-back, landing in the next task's run, made the
first rebuild after it take from 0.85 s to 4.4 s on the same machine. Each task pays for
its own writes only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import report
from benchmarks.corpus import DEFAULT_SEED, Corpus, generate
from benchmarks.report import NOT_INSTALLED, Measurement

SAMPLE_SECONDS = 0.2  # /proc scans cost CPU the measured task would miss
PAGE_MIB = os.sysconf("SC_PAGE_SIZE") / 2**20
OK_STATUSES = {"build": (0,), "lint": (0, 1)}  # a linter exits 1 when it finds something


@dataclass(frozen=True)
class Task:
    name: str
    argv: Sequence[str] | None  # None: the tool is not installed
    cwd: Path
    kind: str = "build"  # "build" or "lint" (which exit statuses mean success)
    prepare: Callable[[], None] | None = None  # runs before timing starts


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii") as handle:
                # the command name may hold spaces: the fields start after its ")"
                parent = int(handle.read().rpartition(")")[2].split()[1])
        except (OSError, ValueError, IndexError):
            continue  # the process ended while we looked
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _tree(root: int) -> list[int]:
    tree, pending, found = _children(), [root], []
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(tree.get(pid, ()))
    return found


def tree_rss_mib(root: int) -> float:
    """Resident memory of ``root`` and all its descendants, in MiB."""
    pages = 0
    for pid in _tree(root):
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
                pages += int(handle.read().split()[1])
        except (OSError, ValueError, IndexError):
            continue  # the process ended while we looked
    return pages * PAGE_MIB


def tree_pss_mib(root: int) -> float:
    """Proportional set size of ``root`` and its descendants, in MiB: memory shared by
    several of them (a forked pool's inherited pages) counts once in all."""
    kib = 0
    for pid in _tree(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
                kib += next(int(line.split()[1]) for line in handle if line.startswith("Pss:"))
        except (OSError, ValueError, IndexError, StopIteration):
            continue
    return kib / 1024


def measure(task: Task, log: Path) -> Measurement:
    """Run one task as a fresh child process, timing it and watching its memory."""
    if task.argv is None:
        return Measurement(task.name, NOT_INSTALLED)
    if task.prepare is not None:
        task.prepare()
    os.sync()  # the page cache's debt from earlier tasks is not this task's time
    peak = peak_pss = 0.0
    with log.open("wb") as output:
        start = time.perf_counter()
        process = subprocess.Popen(list(task.argv), cwd=task.cwd, stdout=output,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        finished = threading.Event()

        def sample() -> None:
            nonlocal peak, peak_pss
            while not finished.wait(SAMPLE_SECONDS):
                peak = max(peak, tree_rss_mib(process.pid))
                peak_pss = max(peak_pss, tree_pss_mib(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        finished.set()
        sampler.join()
    process.returncode = code = os.waitstatus_to_exitcode(status)
    largest = usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux
    peak, peak_pss = max(peak, largest), max(peak_pss, largest)
    if code not in OK_STATUSES[task.kind]:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
        return Measurement(task.name, f"failed: exit {code}: {' '.join(tail)[:120]}", wall, peak,
                           peak_pss)
    return Measurement(task.name, "ok", wall, peak, peak_pss)


def _remove(*paths: Path) -> Callable[[], None]:
    def remove() -> None:
        for path in paths:
            shutil.rmtree(path, ignore_errors=True)
    return remove


def _edit_post(corpus: Corpus) -> Callable[[], None]:
    def edit() -> None:
        with corpus.copydesk_article.open("a", encoding="utf-8") as handle:
            handle.write("\nOne more sentence, added by the benchmark.\n")
    return edit


def _edit_record(corpus: Corpus) -> Callable[[], None]:
    """Change the value of the statistic that :data:`benchmarks.posts.GROUP` posts use."""
    def edit() -> None:
        path = corpus.copydesk_statistics
        text = path.read_text(encoding="utf-8")
        pattern = re.compile(rf"(- id: {corpus.shared_statistic}\n  value: )([^\n]+)")

        def new_value(match: re.Match[str]) -> str:
            return match.group(1) + ("13.5" if match.group(2) == "12.5" else "12.5")

        path.write_text(pattern.sub(new_value, text, count=1), encoding="utf-8")
    return edit


def peer_command(name: str, peer_bins: Sequence[Path], *arguments: str) -> list[str] | None:
    """The command line for a peer tool, or None when it is in none of the folders or PATH."""
    search = os.pathsep.join([*map(str, peer_bins), os.environ.get("PATH", "")])
    found = shutil.which(name, path=search)
    return None if found is None else [found, *arguments]


def tasks(corpus: Corpus, peer_bins: Sequence[Path]) -> list[Task]:
    copydesk = [sys.executable, "-m", "copydesk"]
    site = corpus.layout("copydesk")
    build = [*copydesk, "build", "-C", str(site)]
    markdown = corpus.layout("markdown")
    check_help = subprocess.run([*copydesk, "check", "--help"], capture_output=True, text=True,
                                check=False).stdout
    no_cache = ["--no-cache"] if "--no-cache" in check_help else []
    return [
        Task(report.COLD_BUILD, build, site,
             prepare=_remove(site / ".copydesk", site / "site")),
        Task(report.NOOP_BUILD, build, site),
        Task(report.POST_EDIT_BUILD, build, site, prepare=_edit_post(corpus)),
        Task(report.RECORD_EDIT_BUILD, build, site, prepare=_edit_record(corpus)),
        Task(report.CHECK, [*copydesk, "check", *no_cache, "-C", str(markdown), str(markdown)],
             markdown, kind="lint", prepare=_remove(markdown / ".copydesk")),
        Task(report.PELICAN, peer_command("pelican", peer_bins, "content", "-s",
                                          "pelicanconf.py", "-o", "output", "-q"),
             corpus.layout("pelican"), prepare=_remove(corpus.layout("pelican") / "output")),
        Task(report.MKDOCS, peer_command("mkdocs", peer_bins, "build", "-q"),
             corpus.layout("mkdocs"), prepare=_remove(corpus.layout("mkdocs") / "site")),
        Task(report.HUGO, peer_command("hugo", peer_bins, "--quiet"), corpus.layout("hugo"),
             prepare=_remove(corpus.layout("hugo") / "public")),
        Task(report.MARKDOWNLINT, peer_command("markdownlint-cli2", peer_bins, "**/*.md"),
             markdown, kind="lint"),
    ]


def run(corpus: Corpus, peer_bins: Sequence[Path], logs: Path) -> list[Measurement]:
    logs.mkdir(parents=True, exist_ok=True)
    results = []
    for number, task in enumerate(tasks(corpus, peer_bins)):
        results.append(measure(task, logs / f"{number:02d}.log"))
        seconds = results[-1].wall_s
        took = "" if seconds is None else f" in {seconds:.1f} s"
        print(f"  {task.name}: {results[-1].status}{took}", file=sys.stderr, flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=1000, help="corpus size (default 1000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--work", type=Path,
                        help="folder for the corpus and logs (default: a new temporary one)")
    parser.add_argument("--peer-bin", type=Path, action="append", default=[],
                        help="a folder holding peer executables (repeatable); PATH is searched "
                             "after these")
    parser.add_argument("--json", type=Path, help="also save the figures to this JSON file")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="copydesk-bench-"))
    if (work / "corpus").exists():
        parser.error(f"{work / 'corpus'} exists: choose a new --work folder")
    print(f"generating {args.posts:,} posts in {work / 'corpus'}", file=sys.stderr)
    corpus = generate(work / "corpus", args.posts, args.seed)
    load_before = os.getloadavg()
    measurements = run(corpus, args.peer_bin, work / "logs")
    load_after = os.getloadavg()
    print(report.format_table(measurements, args.posts))
    print(f"\n{report.format_markdown(measurements)}")
    print(f"\nload average (1 min) before / after: {load_before[0]:.2f} / {load_after[0]:.2f}; "
          f"logs in {work / 'logs'}")
    if args.json:
        args.json.write_text(json.dumps({
            "posts": args.posts, "seed": args.seed,
            "load_average_before_after": [load_before[0], load_after[0]],
            "measurements": [asdict(m) for m in measurements],
            "ratios": [asdict(r) for r in report.ratios(measurements)],
            "targets": [asdict(t) for t in report.targets(measurements)]}, indent=2) + "\n",
            encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
