"""The ``copydesk`` command. Thin: parse arguments, call the library, set the exit status.

Exit status: 0 clean, 1 findings at or above the failing severity (or ``build --strict``
with errors), 2 usage or input error. A :class:`CopydeskError` prints one ``file:line:
message`` line and a hint; any other exception is a bug, shown as one line unless
``--debug`` asks for the traceback.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from copydesk import __version__
from copydesk.errors import CopydeskError

if TYPE_CHECKING:
    from copydesk.config import Config
    from copydesk.lint.runner import CheckResult

F = TypeVar("F", bound=Callable[..., Any])

EXIT_FINDINGS = 1
EXIT_USAGE = 2


class _Group(click.Group):
    """Turns copydesk errors into one-line messages and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CopydeskError as error:
            click.echo(f"error: {error.render()}", err=True)
            ctx.exit(EXIT_USAGE)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # The reader went away (`copydesk check | head`): stop quietly, as Unix tools do,
            # and keep Python from complaining again when it flushes stdout at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(EXIT_FINDINGS)
        except Exception as error:  # a bug: keep the user's terminal free of tracebacks
            if ctx.obj and ctx.obj.get("debug"):
                raise
            message = " ".join(str(error).split())  # one line, whatever the error holds
            click.echo(f"internal error: {type(error).__name__}: {message} "
                       "(run with --debug for the traceback and please report it)", err=True)
            ctx.exit(EXIT_USAGE)
        return None


def project_option(function: F) -> F:
    return click.option(
        "-C", "--project", "project", type=click.Path(file_okay=False, path_type=Path),
        default=Path("."), show_default=True, help="Project root (holds copydesk.toml).",
    )(function)


def run() -> None:
    """The command line: :func:`main`, then the process ends at once. A build holds its
    project, pages and lint (~400 MiB at 10,000 posts) to its end, and the interpreter's
    own exit freed them object by object (~0.1-0.2 s with a core idle); the system takes
    the memory back whole. The exit handlers run first (the pool's, temporary files'),
    and the output is flushed; with another thread still running, or an output that will
    not flush (a closed pipe), the interpreter ends the run as usual."""
    try:
        main()
    except SystemExit as done:
        code = done.code
        if (code is None or isinstance(code, int)) and threading.active_count() == 1:
            atexit._run_exitfuncs()  # what the interpreter's exit runs before its teardown
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            except OSError:
                raise done from None
            os._exit(code or 0)
        raise


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="copydesk")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """copydesk: build FAQ-rich articles from data, and check copy before it is published."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


@main.command()
@project_option
@click.option("--drafts", is_flag=True, help="Include articles marked draft: true.")
@click.option("--future", is_flag=True, help="Include articles dated in the future.")
@click.option("--strict", is_flag=True,
              help="Fail (status 1) and leave site/ as it was on any error-level finding.")
@click.option("--wait", type=click.FloatRange(min=0), default=60.0, show_default=True,
              help="Seconds to wait for another build of this project to finish (0: none).")
@click.option("--jobs", "-j", "build_jobs", type=click.IntRange(min=1),
              help="Worker processes rendering pages (default: every available core).")
@click.option("--no-cache", is_flag=True,
              help="Render and lint every page again, ignoring .copydesk/build-cache/.")
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path),
              help="Write the site to DIR instead of [site] output-dir (e.g. in CI); never "
                   "/, home, the project or a folder of other files.")
def build(project: Path, drafts: bool, future: bool, strict: bool, wait: float,
          build_jobs: int | None, no_cache: bool, output: Path | None) -> None:
    """Build site/ from content/ and templates/, linting the sources and the pages."""
    from copydesk.config import load_config
    from copydesk.heap import long_lived
    from copydesk.site.lock import build_lock
    from copydesk.site.noop import read_inputs, unchanged_build
    from copydesk.site.writer import remove_leftovers

    config = load_config(project)
    if output is not None:
        from dataclasses import replace

        config = replace(config, site=replace(config.site, output_dir=str(output.absolute())))
    with build_lock(config.root, wait, lambda waiting: click.echo(waiting, err=True)):
        remove_leftovers(config.output_path)
        # The sources' stamps, taken once: for the no-op check and for the build.
        inputs = read_inputs(config, drafts=drafts, future=future)
        # Nothing changed since the last build: say again what it said, and load nothing.
        record = None if no_cache else unchanged_build(config, drafts=drafts, future=future,
                                                       strict=strict, inputs=inputs)
        if record is None:
            with long_lived():  # the build's modules, made once and kept (copydesk.heap)
                from copydesk.site.build import build_site

            result = build_site(config, drafts=drafts, future=future, strict=strict,
                                jobs=build_jobs, cache=not no_cache, inputs=inputs)
    if record is not None:
        click.echo("\n".join(record.report), err=True)
        click.echo(f"rendered 0 of {record.pages:,} pages, {record.pages:,} unchanged; "
                   f"site in {config.output_path}")
        return
    click.echo("\n".join(result.report), err=True)
    if not result.written:
        click.echo(f"not built: {result.errors} error-level findings with --strict; "
                   f"{result.output_dir} was left as it was", err=True)
        sys.exit(EXIT_FINDINGS)
    click.echo(f"rendered {len(result.rendered):,} of {len(result.pages):,} pages, "
               f"{result.reused:,} unchanged; site in {result.output_dir}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a new project in DIRECTORY from the example templates and content."""
    from copydesk.site.init import init_project

    init_project(directory)
    click.echo(f"created a copydesk project in {directory}; run: copydesk build -C {directory}")


@main.command()
@project_option
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port, printed at start).")
@click.option("--no-open", is_flag=True, help="Do not open the preview in a web browser.")
def serve(project: Path, port: int, no_open: bool) -> None:
    """Preview the site with drafts and each page's findings; rebuild and reload on change."""
    from copydesk.serve.command import run_serve

    run_serve(project, port, open_browser=not no_open)


def _codes(values: tuple[str, ...]) -> list[str]:
    """``--select CD1,CD201 --select CD3`` -> ["CD1", "CD201", "CD3"]."""
    return [code.strip().upper() for value in values for code in value.split(",") if code.strip()]


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@project_option
@click.option("--format", "format_name",
              type=click.Choice(["text", "json", "sarif", "github", "html"]),
              default="text", show_default=True, help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE instead of standard output.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]),
              help="Lowest severity that fails the run (default: fail-on in config, or error).")
@click.option("--select", multiple=True, help="Rule codes or prefixes to run, e.g. CD1,CD201.")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes to skip, e.g. CD4.")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Hide the findings recorded in FILE (JSON); report new ones.")
@click.option("--update-baseline", is_flag=True,
              help="Record the current findings in the --baseline FILE and exit 0.")
@click.option("--diff", "diff_ref", metavar="REF",
              help="Report only findings on lines added or changed since git REF.")
@click.option("--fix", is_flag=True,
              help="Apply the fixes that cannot change meaning (CD501, CD504, CD508, CD509), "
                   "then report what remains.")
@click.option("--dry-run", is_flag=True,
              help="With --fix: print the changes as a unified diff and write nothing; the "
                   "exit status is the one --fix would give.")
@click.option("--jobs", "-j", type=click.IntRange(min=1),
              help="Worker processes (default: every available core).")
@click.option("--no-cache", is_flag=True,
              help="Lint every file again, ignoring and not writing .copydesk/lint-cache/.")
def check(paths: tuple[Path, ...], project: Path, format_name: str, output: Path | None,
          fail_on: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
          baseline: Path | None, update_baseline: bool, diff_ref: str | None, fix: bool,
          dry_run: bool, jobs: int | None, no_cache: bool) -> None:
    """Lint Markdown, HTML and text files (default: the project's content and built site)."""
    from copydesk.config import load_config
    from copydesk.lint.finding import Severity
    from copydesk.lint.runner import check_paths
    from copydesk.report import render, render_pieces, write_report
    from copydesk.report.text import summary

    if dry_run and not fix:
        raise click.UsageError("--dry-run only goes with --fix: copydesk check --fix --dry-run")
    if update_baseline and (baseline is None or diff_ref is not None):
        raise click.UsageError("--update-baseline needs --baseline FILE, and records every "
                               "finding, so it cannot be combined with --diff")
    config = load_config(project)
    for flag, written in (("--output", output),
                          ("--baseline", baseline if update_baseline else None)):
        if written is not None:
            _refuse_writing_over_source(flag, written, paths, config)

    def run() -> CheckResult:
        return check_paths(list(paths), config, select=_codes(select) or None,
                           ignore=_codes(ignore) or None, jobs=jobs, cache=not no_cache)

    result = run()
    if update_baseline and baseline is not None:
        from copydesk.lint.baseline import record_baseline

        recorded = record_baseline(baseline, result)
        click.echo(f"Baseline {baseline} written: {len(recorded.entries)} entries.", err=True)
        return
    result = _adopted(result, baseline, diff_ref, paths)
    if fix:
        result = _fix(result, dry_run, lambda: _adopted(run(), baseline, diff_ref, paths))
    failing = Severity(fail_on or config.lint.fail_on)
    if dry_run:  # the diff stands in for the report
        sys.exit(EXIT_FINDINGS if result.fails(failing) else 0)
    if output is None:
        color = format_name == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        for piece in render_pieces(result, format_name, color=color,
                                   thresholds=config.lint.thresholds):
            click.echo(piece, nl=False, color=color)
    else:
        write_report(render(result, format_name, thresholds=config.lint.thresholds), output)
        click.echo(f"{summary(result)} Report written to {output}.", err=True)
    if result.fails(failing):
        sys.exit(EXIT_FINDINGS)


def _refuse_writing_over_source(flag: str, written: Path, paths: tuple[Path, ...],
                                config: Config) -> None:
    """A file the run writes stays inside the project and never replaces a checked file,
    the config or a source."""
    from copydesk.errors import LintInputError, Location
    from copydesk.lint.discovery import default_paths, discover
    from copydesk.paths import is_inside

    if not is_inside(written, config.root):
        raise LintInputError(f"{flag} {written} is outside the project", Location(str(written)),
                             f"write it inside the project ({config.root}), e.g. {flag} "
                             f"copydesk-{flag[2:]}.json")
    checked = discover(list(paths) or default_paths(config), config)
    target = written.resolve()
    if (any(path.resolve() == target for path in checked) or target == config.source
            or is_inside(target, config.content_path) or is_inside(target, config.templates_path)):
        raise LintInputError(f"{flag} {written} would replace a source file of the project",
                             Location(str(written)),
                             f"write it elsewhere, e.g. {flag} copydesk-{flag[2:]}.json")


def _fix(result: CheckResult, dry_run: bool, relint: Callable[[], CheckResult]) -> CheckResult:
    """Apply (or, dry, show) the safe fixes; the findings left afterwards decide the exit."""
    from dataclasses import replace

    from copydesk.lint.fixer import plan_fixes, summary, write_fixes

    plans = plan_fixes(result.findings)
    for plan in plans:
        for skipped in plan.skipped:
            click.echo(skipped.message(), err=True)
    applied = {finding for plan in plans for finding in plan.applied}
    if dry_run:
        click.echo("".join(plan.diff() for plan in plans), nl=False)
    else:
        write_fixes(plans)
    click.echo(summary(plans, dry_run=dry_run), err=True)
    if dry_run:
        return replace(result, findings=tuple(f for f in result.findings if f not in applied))
    return relint() if applied else result


def _adopted(result: CheckResult, baseline: Path | None, diff_ref: str | None,
             paths: tuple[Path, ...]) -> CheckResult:
    """Without the findings the baseline accepts, then only those on lines changed since REF."""
    from copydesk.lint.baseline import apply_baseline, load_baseline
    from copydesk.lint.changed_lines import changed_lines, only_changed

    if baseline is not None:
        result = apply_baseline(result, load_baseline(baseline))
    if diff_ref is not None:
        result = only_changed(result, changed_lines(diff_ref, paths))
    return result


@main.command(name="rules")
@click.option("--format", "format_name", type=click.Choice(["text", "markdown"]),
              default="text", show_default=True,
              help="markdown: the full reference, as in docs/rules.md.")
def list_rules(format_name: str) -> None:
    """List every rule: code, name, default severity and what it checks, by family."""
    from copydesk.lint.registry import EVERY_RULE, by_family
    from copydesk.lint.rule_docs import family_title, rules_markdown

    if format_name == "markdown":
        click.echo(rules_markdown(EVERY_RULE), nl=False)
        return
    for family, rules in by_family().items():
        click.echo(f"{family}xx  {family_title(rules)}")
        for rule in rules:
            click.echo(f"  {rule.code}  {rule.name:<32} {rule.severity.value:<8} {rule.summary}")


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print the documentation of rule CODE (a code such as CD201, or a rule name)."""
    from copydesk.errors import LintInputError
    from copydesk.lint.registry import any_rule_by_code, suggest_code

    rule = any_rule_by_code(code)
    if rule is None:
        guess = suggest_code(code)
        raise LintInputError(f"unknown rule: {code}",
                             hint=(f"did you mean {guess}? " if guess else "")
                             + "run `copydesk rules` for the list")
    click.echo(f"{rule.code} {rule.name} (default severity: {rule.severity.value})\n")
    click.echo(rule.doc)


@main.command()
@click.argument("article")
@click.option("--section", "sections", multiple=True, required=True,
              help="faq, summary, description, or a heading of the article; repeat for more.")
@click.option("--role", help="Draft for this role (its slug): its record and statistics.")
@click.option("--force", is_flag=True, help="Replace a draft file that already exists.")
@click.option("--dry-run", is_flag=True, help="Print the messages; send nothing.")
@click.option("--no-cache", is_flag=True, help="Ask the model even if the answer is cached.")
@project_option
def draft(article: str, sections: tuple[str, ...], role: str | None, force: bool,
          dry_run: bool, no_cache: bool, project: Path) -> None:
    """Draft sections of ARTICLE (a slug or path) with a language model, grounded in the data."""
    from copydesk.config import load_config
    from copydesk.llm.command import DraftOptions, run_draft

    options = DraftOptions(article, sections, role, force, dry_run, not no_cache)
    if run_draft(load_config(project), options, os.environ):
        sys.exit(EXIT_FINDINGS)
