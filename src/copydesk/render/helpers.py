"""Template helpers: ``stat("id")`` and the number filters.

``stat`` prints a statistic in its unit and records it in the page's ledger; a sourced
statistic gets a citation marker linking to the page's numbered "Sources" section.
In HTML templates the marker is a ``<sup>`` link; in Markdown bodies it is a Markdown
link, because raw HTML in Markdown is escaped by default.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from copydesk.content.models import Statistic
from copydesk.errors import RenderError
from copydesk.render.formatting import format_statistic
from copydesk.render.ledger import PageLedger

LEDGER_VARIABLE = "ledger"


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """A hint naming the closest known names, or listing a few when none is close."""
    candidates = sorted(known)
    close = difflib.get_close_matches(name, candidates, n=3)
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    if not candidates:
        return "there are none defined yet"
    shown = ", ".join(candidates[:10])
    return f"known: {shown}" + (", ..." if len(candidates) > 10 else "")


def page_ledger(context: Context) -> PageLedger:
    ledger = context.get(LEDGER_VARIABLE)
    if not isinstance(ledger, PageLedger):
        raise RenderError("stat() used outside a page render",
                          hint="render pages through copydesk.site, which passes a ledger")
    return ledger


def make_stat(statistics: Mapping[str, Statistic]) -> Callable[..., str]:
    """The ``stat("id")`` template function over the project's statistics."""

    @pass_context
    def stat(context: Context, statistic_id: str) -> str:
        statistic = statistics.get(statistic_id)
        if statistic is None:
            raise RenderError(f"unknown statistic '{statistic_id}'",
                              hint=did_you_mean(statistic_id, statistics))
        rendered = format_statistic(statistic)
        citation = page_ledger(context).record(statistic, rendered)
        if not context.eval_ctx.autoescape:
            if citation is None:
                return rendered
            return f"{rendered}[\\[{citation.number}\\]](#source-{citation.number})"
        if citation is None:
            return escape(rendered)
        number = citation.number
        return escape(rendered) + Markup(
            f'<sup class="cite"><a href="#source-{number}">[{number}]</a></sup>')

    return stat
