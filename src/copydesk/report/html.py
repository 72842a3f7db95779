"""``--format html``: one self-contained page a person reads, the artifact a CI job uploads.

Totals by severity and rule family, a Flesch reading-ease chart per file against the
configured floor, and the findings grouped by file with their source line and the column
marked; a small inline script filters them by severity and rule. Nothing is fetched from
the network: the CSS and the script are inlined, and a Content-Security-Policy forbids
every outside resource. All user text goes through Jinja's autoescape.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from copydesk import __version__
from copydesk.config import Thresholds
from copydesk.lint.finding import Finding, Severity
from copydesk.lint.registry import EVERY_RULE, by_family
from copydesk.lint.rule_docs import family_title
from copydesk.lint.rules.readability import prose_stats
from copydesk.lint.runner import CheckResult, read_file
from copydesk.report.text import excerpt

# Chart geometry, in SVG user units: a label line above each bar, 0-100 across the bar area.
CHART_WIDTH = 640
BAR_AREA = 560  # leaves room right of a full bar for its score
ROW_HEIGHT = 46
BAR_HEIGHT = 16
CHART_TOP = 28  # room for the threshold's label
MIN_BAR = 2  # a score at or below 0 still shows as a sliver the eye (and a test) can find


@dataclass(frozen=True)
class FileScore:
    """A checked file's Flesch reading ease over its prose, and how many words it rests on."""

    path: str
    score: float
    words: int


@dataclass(frozen=True)
class Bar:
    score: FileScore
    y: int
    width: float
    status: str  # "pass", "fail", or "short" (too few words for CD401 to judge)

    @property
    def label_y(self) -> int:
        return self.y + 12

    @property
    def rect_y(self) -> int:
        return self.y + 18

    @property
    def score_y(self) -> int:
        return self.rect_y + BAR_HEIGHT - 3

    @property
    def label(self) -> str:
        verdict = {"pass": "at or above the threshold", "fail": "below the threshold",
                   "short": "too short to be judged"}[self.status]
        return (f"{self.score.path}: Flesch reading ease {self.score.score:.1f}, {verdict} "
                f"({self.score.words} words)")


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    threshold: float
    threshold_x: float
    min_words: int
    width: int = CHART_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return CHART_TOP + ROW_HEIGHT * len(self.bars)


@dataclass(frozen=True)
class FamilyTotal:
    family: str  # "CD1"
    title: str  # "placeholders"
    counts: tuple[int, ...]  # per severity, in Severity order

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class ShownFinding:
    """A finding with its source line cut where the column marker goes."""

    finding: Finding
    before: str
    marked: str
    after: str


@dataclass(frozen=True)
class FileGroup:
    path: str
    findings: tuple[ShownFinding, ...]


@dataclass(frozen=True)
class RuleOption:
    code: str
    name: str
    count: int


def readability_scores(paths: Iterable[str]) -> Iterator[FileScore]:
    """The Flesch score of every file in ``paths`` that has prose.

    ``CheckResult`` keeps findings, not documents, so the files are read again, from the
    same working folder the paths are shown relative to. A file that is gone or unreadable
    by now has no score (its CD902 finding, if any, is in the report already).
    """
    for path in paths:
        document = read_file(Path(path), path, ())
        if isinstance(document, Finding):
            continue
        stats = prose_stats(document.blocks)
        if stats.words and stats.sentences:
            yield FileScore(path, stats.flesch_reading_ease, stats.words)


def readability_chart(scores: Sequence[FileScore], thresholds: Thresholds) -> Chart:
    def x(score: float) -> float:
        return round(max(0.0, min(score, 100.0)) * BAR_AREA / 100, 1)

    def status(score: FileScore) -> str:
        if score.words < thresholds.min_section_words_for_flesch:
            return "short"
        return "pass" if score.score >= thresholds.flesch_min else "fail"

    bars = tuple(Bar(score, CHART_TOP + ROW_HEIGHT * row, max(x(score.score), MIN_BAR),
                     status(score)) for row, score in enumerate(scores))
    return Chart(bars, thresholds.flesch_min, x(thresholds.flesch_min),
                 thresholds.min_section_words_for_flesch)


def family_totals(findings: Iterable[Finding]) -> list[FamilyTotal]:
    titles = {family: family_title(rules) for family, rules in by_family(EVERY_RULE).items()}
    counts = Counter((finding.family, finding.severity) for finding in findings)
    families = sorted({family for family, _ in counts})
    return [FamilyTotal(family, titles.get(family, ""),
                        tuple(counts[family, severity] for severity in Severity))
            for family in families]


def shown(finding: Finding) -> ShownFinding:
    text, start, width = excerpt(finding) if finding.source_line.strip() else ("", 0, 0)
    return ShownFinding(finding, text[:start], text[start:start + width],
                        text[start + width:])


def file_groups(findings: Iterable[Finding]) -> list[FileGroup]:
    groups: dict[str, list[ShownFinding]] = {}
    for finding in findings:
        groups.setdefault(finding.path, []).append(shown(finding))
    return [FileGroup(path, tuple(members)) for path, members in groups.items()]


def rule_options(findings: Iterable[Finding]) -> list[RuleOption]:
    counts = Counter((finding.code, finding.name) for finding in findings)
    return [RuleOption(code, name, count) for (code, name), count in sorted(counts.items())]


def _environment() -> Environment:
    return Environment(loader=PackageLoader("copydesk.report", "templates"),
                       autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def render(result: CheckResult, thresholds: Thresholds | None = None,
           generated: datetime | None = None) -> str:
    """The report page; ``generated`` defaults to now (tests pin it)."""
    thresholds = thresholds or Thresholds()
    generated = generated or datetime.now(UTC)
    findings = result.findings
    template = _environment().get_template("report.html.j2")
    return template.render(
        version=__version__,
        generated=generated,
        files=result.files,
        severities=[(severity.value, result.count(severity)) for severity in Severity],
        families=family_totals(findings),
        chart=readability_chart(list(readability_scores(result.files)), thresholds),
        groups=file_groups(findings),
        rules=rule_options(findings),
        total=len(findings),
    )
