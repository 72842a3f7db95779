"""CD9xx: problems with the check itself: unused suppressions, unreadable files, stale
baseline entries."""

from __future__ import annotations

from collections.abc import Iterable

from copydesk.lint.document import Document
from copydesk.lint.finding import Severity
from copydesk.lint.rule import Hit, Rule, RuleContext

UNUSED_SUPPRESSION = "CD901"
UNREADABLE_FILE = "CD902"
STALE_BASELINE_ENTRY = "CD903"


def unused_suppression(document: Document, context: RuleContext) -> Iterable[Hit]:
    """What it does
    Flags a ``<!-- copydesk: ignore ... -->`` comment that silences no finding.

    Why it matters
    A stale suppression hides the next real problem on that line and misleads the
    reader about what was checked. A misspelt code also ends up here.

    Example
    ``<!-- copydesk: ignore CD201 -->`` above a sentence that has no statistic.

    Only the runner sees every other rule's findings, so it reports this rule itself;
    the check finds nothing on its own.
    """
    return ()


def unreadable_file(document: Document, context: RuleContext) -> Iterable[Hit]:
    """What it does
    Reports a file that cannot be read, decoded as UTF-8 or parsed (for example
    invalid YAML front matter), and a rule that failed on the file.

    Why it matters
    A file the linter cannot read is a file nobody checked; the run goes on with the
    other files but fails, so the gap is not silent.

    Example
    Front matter ``title: [unclosed`` between ``---`` lines, or a Latin-1 byte in a
    UTF-8 file.
    """
    for problem in document.problems:
        yield Hit(None, 0, 0, problem.message, line=problem.line)


def stale_baseline_entry(document: Document, context: RuleContext) -> Iterable[Hit]:
    """What it does
    Notes an entry of the ``--baseline`` file that no longer matches any finding in a
    file that was checked (or whose file is gone), at the entry's line in the baseline.

    Why it matters
    The problem it recorded was fixed (or its text changed). Left in the baseline, the
    entry would silently accept the same problem if someone wrote it again; run
    ``copydesk check --baseline FILE --update-baseline`` to drop it.

    Example
    The baseline holds ``CD101`` for "[Insert %]" in ``post.md``, and the writer has
    since replaced the placeholder with a sourced figure.

    Only the baseline step of ``copydesk check`` sees the baseline, so it reports this
    rule itself; the check finds nothing on its own.
    """
    return ()


RULES: tuple[Rule, ...] = (
    Rule(UNUSED_SUPPRESSION, "unused-suppression", Severity.WARNING, unused_suppression),
    Rule(UNREADABLE_FILE, "unreadable-file", Severity.ERROR, unreadable_file),
    Rule(STALE_BASELINE_ENTRY, "stale-baseline-entry", Severity.INFO, stale_baseline_entry),
)
