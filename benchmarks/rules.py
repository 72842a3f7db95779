"""Time every per-document rule over a folder of Markdown and/or HTML files.

    python benchmarks/rules.py FOLDER [--top N] [--select PREFIX ...] [--repeat N]

Files are read and parsed into Documents once (that time is printed as "parse"); then the
rules run document by document, in registry order, as the runner runs them, and each
rule's ``check`` is timed on its own. Work a rule shares with later rules through a cache
(``copydesk.lint.text`` splits each text once) is charged to the first rule that asks for
it. The "findings" row is the runner's part: hits turned into findings, suppressions
applied, findings sorted. The syllable dictionary is loaded before the clock starts, as
``copydesk check`` loads it once before its workers start. Figures are CPU milliseconds
per file (process time, so other processes on the machine do not count), best of
``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from copydesk.config import load_config
from copydesk.lint.document import Document
from copydesk.lint.readers import HTML_SUFFIXES, MARKDOWN_SUFFIXES, read_document
from copydesk.lint.registry import select_rules
from copydesk.lint.rule import Hit, Rule, RuleContext
from copydesk.lint.runner import finding_from_hit, sort_findings
from copydesk.lint.suppressions import apply_suppressions
from copydesk.lint.syllables import preload_dictionary

FINDINGS_ROW = "(findings: finding_from_hit, suppressions, sort)"


def read_corpus(folder: Path) -> tuple[list[Document], float]:
    """Every Markdown and HTML file under ``folder`` as a Document, and the CPU seconds
    the parsing took (reading the bytes excluded)."""
    paths = sorted(path for path in folder.rglob("*")
                   if path.suffix.lower() in MARKDOWN_SUFFIXES | HTML_SUFFIXES
                   and path.is_file())
    sources = [(path.relative_to(folder).as_posix(), path.read_text(encoding="utf-8"))
               for path in paths]
    started = time.process_time()
    documents = [read_document(name, source) for name, source in sources]
    return documents, time.process_time() - started


def time_rules(documents: Sequence[Document], rules: Sequence[Rule],
               context: RuleContext) -> dict[str, float]:
    """CPU seconds per rule (keyed "CODE name") over every document, plus FINDINGS_ROW."""
    spent = dict.fromkeys((f"{rule.code} {rule.name}" for rule in rules), 0.0)
    spent[FINDINGS_ROW] = 0.0
    clock = time.process_time
    for document in documents:
        hits: list[tuple[Rule, Hit]] = []
        for rule, key in zip(rules, spent, strict=False):
            started = clock()
            found = list(rule.check(document, context))
            spent[key] += clock() - started
            hits.extend((rule, hit) for hit in found)
        started = clock()
        findings = [finding_from_hit(document, rule, hit) for rule, hit in hits]
        sort_findings(apply_suppressions(findings, document.suppressions).kept)
        spent[FINDINGS_ROW] += clock() - started
    return spent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path,
                        help="Markdown and/or HTML files, searched recursively")
    parser.add_argument("--top", type=int, default=0, help="print only the N slowest rules")
    parser.add_argument("--select", nargs="*", default=None,
                        help="rule code prefixes to time (default: the folder's config)")
    parser.add_argument("--repeat", type=int, default=1, help="runs; the best is kept per rule")
    args = parser.parse_args(argv)
    folder: Path = args.folder.resolve()
    config = load_config(folder)
    rules = select_rules(args.select or config.lint.select, config.lint.ignore)
    context = RuleContext(config.lint.thresholds, date.today())
    documents, parse_seconds = read_corpus(folder)
    started = time.process_time()
    preload_dictionary()  # as check and build do before their workers start: once a run
    dictionary_seconds = time.process_time() - started
    if not documents:
        parser.error(f"no .md or .html file under {folder}")
    best: dict[str, float] = {}
    for _ in range(max(args.repeat, 1)):
        for key, seconds in time_rules(documents, rules, context).items():
            best[key] = min(seconds, best.get(key, seconds))
    per_file = {key: seconds * 1000 / len(documents) for key, seconds in best.items()}
    ranked = sorted(per_file.items(), key=lambda item: item[1], reverse=True)
    print(f"{len(documents)} files, {len(rules)} rules; CPU ms per file")
    for key, ms in ranked[:args.top or None]:
        print(f"{ms:9.3f}  {key}")
    print(f"{sum(per_file.values()):9.3f}  total (rules + findings)")
    print(f"{parse_seconds * 1000 / len(documents):9.3f}  parse (read_document)")
    print(f"once a run: {dictionary_seconds * 1000:.0f} ms loading the syllable dictionary")
    return 0


if __name__ == "__main__":
    sys.exit(main())
