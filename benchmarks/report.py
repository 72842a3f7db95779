"""The comparison's figures: measurements in, ratios, targets and a printed table out.

Pure functions over :class:`Measurement` values, so the arithmetic is tested on fixed
figures; ``compare.py`` does the measuring.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

COLD_BUILD = "copydesk build (cold)"
NOOP_BUILD = "copydesk build (no-op)"
POST_EDIT_BUILD = "copydesk build (1 post edited)"
RECORD_EDIT_BUILD = "copydesk build (1 data record edited, 5 pages)"
CHECK = "copydesk check"
PELICAN = "pelican"
MKDOCS = "mkdocs build"
HUGO = "hugo"
MARKDOWNLINT = "markdownlint-cli2"
COPYDESK_TASKS = (COLD_BUILD, NOOP_BUILD, POST_EDIT_BUILD, RECORD_EDIT_BUILD, CHECK)
# (copydesk task, peer task, the largest ratio the issue accepts; None: shown, no target)
PAIRS: tuple[tuple[str, str, float | None], ...] = (
    (COLD_BUILD, PELICAN, 0.4),
    (COLD_BUILD, MKDOCS, None),
    (COLD_BUILD, HUGO, None),
    (CHECK, MARKDOWNLINT, 0.5),
)
# absolute wall-time ceilings in seconds (the "<": strictly below)
CEILINGS = ((NOOP_BUILD, 2.0), (POST_EDIT_BUILD, 1.0), (RECORD_EDIT_BUILD, 1.5))
PEAK_MIB_LIMIT = 400.0
NOT_INSTALLED = "not installed"


@dataclass(frozen=True)
class Measurement:
    task: str
    status: str  # "ok", NOT_INSTALLED, or "failed: ..." with the reason
    wall_s: float | None = None
    peak_mib: float | None = None  # the process tree's resident memory (RSS), summed
    # The tree's proportional set size: pages forked workers share with their parent count
    # once, so this is what the tree really holds; the memory target is judged on it.
    peak_pss_mib: float | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True)
class Ratio:
    copydesk: str
    peer: str
    value: float | None  # None when either side has no figure


@dataclass(frozen=True)
class Target:
    description: str
    met: bool | None  # None: cannot be judged (a figure is missing)
    detail: str


def _by_task(measurements: Sequence[Measurement]) -> dict[str, Measurement]:
    return {measurement.task: measurement for measurement in measurements if measurement.ok}


def ratios(measurements: Sequence[Measurement]) -> list[Ratio]:
    found = _by_task(measurements)
    result = []
    for ours, peer, _ in PAIRS:
        mine, theirs = found.get(ours), found.get(peer)
        value = None
        if mine and theirs and mine.wall_s is not None and theirs.wall_s:
            value = mine.wall_s / theirs.wall_s
        result.append(Ratio(ours, peer, value))
    return result


def targets(measurements: Sequence[Measurement]) -> list[Target]:
    found = _by_task(measurements)
    result = []
    for ratio, (_, _, limit) in zip(ratios(measurements), PAIRS, strict=True):
        if limit is None:
            continue
        description = f"{ratio.copydesk} <= {limit} x {ratio.peer}"
        if ratio.value is None:
            result.append(Target(description, None, "no figure for one side"))
        else:
            result.append(Target(description, ratio.value <= limit, f"ratio {ratio.value:.2f}"))
    for task, ceiling in CEILINGS:
        figure = found.get(task)
        description = f"{task} < {ceiling:g} s"
        if figure is None or figure.wall_s is None:
            result.append(Target(description, None, "not measured"))
        else:
            result.append(Target(description, figure.wall_s < ceiling, f"{figure.wall_s:.2f} s"))
    peaks = [found[task].peak_pss_mib for task in COPYDESK_TASKS if task in found]
    known = [peak for peak in peaks if peak is not None]
    if known:
        result.append(Target(f"copydesk peak memory <= {PEAK_MIB_LIMIT:g} MiB",
                             max(known) <= PEAK_MIB_LIMIT, f"{max(known):.0f} MiB PSS"))
    else:
        result.append(Target(f"copydesk peak memory <= {PEAK_MIB_LIMIT:g} MiB", None,
                             "not measured"))
    return result


def _cell(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def format_table(measurements: Sequence[Measurement], posts: int) -> str:
    """The table the script prints: tasks, then ratios, then the issue's targets."""
    width = max(len(measurement.task) for measurement in measurements)
    lines = [f"{'task':<{width}}  {'wall s':>8}  {'RSS MiB':>8}  {'PSS MiB':>8}  status",
             f"{'-' * width}  {'-' * 8}  {'-' * 8}  {'-' * 8}  ------"]
    lines.extend(f"{m.task:<{width}}  {_cell(m.wall_s, 2):>8}  {_cell(m.peak_mib, 0):>8}  "
                 f"{_cell(m.peak_pss_mib, 0):>8}  {m.status}" for m in measurements)
    lines.append("")
    lines.append("ratio copydesk / peer (wall time):")
    lines.extend(f"  {r.copydesk} / {r.peer}: {_cell(r.value, 2)}"
                 for r in ratios(measurements))
    lines.append("")
    lines.append(f"targets (issue 7, set for N = 10,000; this run: N = {posts:,}):")
    verdicts = {True: "met", False: "MISSED", None: "unknown"}
    lines.extend(f"  [{verdicts[t.met]}] {t.description} ({t.detail})"
                 for t in targets(measurements))
    return "\n".join(lines)


def format_markdown(measurements: Sequence[Measurement]) -> str:
    """The tasks and ratios as a Markdown table, for the README."""
    peers = {peer: ours for ours, peer, _ in PAIRS}
    found = {(r.copydesk, r.peer): r.value for r in ratios(measurements)}
    lines = ["| task | wall s | peak RSS MiB | peak PSS MiB | copydesk / this |",
             "|---|---:|---:|---:|---:|"]
    for m in measurements:
        ours = peers.get(m.task)
        ratio = _cell(found.get((ours, m.task)), 2) if ours else ""
        status = "" if m.ok else f" ({m.status})"
        lines.append(f"| {m.task}{status} | {_cell(m.wall_s, 1)} | {_cell(m.peak_mib, 0)} | "
                     f"{_cell(m.peak_pss_mib, 0)} | {ratio} |")
    return "\n".join(lines)
