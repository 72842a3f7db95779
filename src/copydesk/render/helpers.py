"""Template helpers: ``stat("id")`` and the number filters.

``stat`` prints a statistic in its unit and records it in the page's ledger; a sourced
statistic gets a citation marker linking to the page's numbered "Sources" section.
In HTML templates the marker is a ``<sup>`` link; in Markdown bodies it is a Markdown
link, because raw HTML in Markdown is escaped by default (``copydesk.render.markdown``
then sets it as the same superscript).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from copydesk.content.models import Statistic
from copydesk.errors import RenderError
from copydesk.render.formatting import format_statistic
from copydesk.render.ledger import PageLedger
from copydesk.suggestions import did_you_mean

LEDGER_VARIABLE = "ledger"


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
            f'<sup><a href="#source-{number}" class="cite">[{number}]</a></sup>')

    return stat
