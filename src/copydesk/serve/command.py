"""``copydesk serve``: start the preview, tell the terminal about each build, stop on Ctrl-C."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click

from copydesk.serve.preview import Snapshot
from copydesk.serve.server import Preview
from copydesk.site.lint_build import lint_summary


def report_build(snapshot: Snapshot) -> None:
    """One line per build: how long it took and its findings, or what broke it."""
    if snapshot.failure is not None:
        click.echo(f"build {snapshot.number} failed: {snapshot.failure}", err=True)
        if snapshot.failure.hint:
            click.echo(f"  hint: {snapshot.failure.hint}", err=True)
        return
    click.echo(f"build {snapshot.number} in {snapshot.seconds:.2f} s; "
               f"{lint_summary(snapshot.findings)}", err=True)


def run_serve(project: Path, port: int, open_browser: bool) -> None:
    preview = Preview(project, port, on_build=report_build)
    click.echo(f"serving {preview.url} (drafts included; Ctrl-C stops)")
    if open_browser:
        webbrowser.open(preview.url)
    try:
        preview.server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        preview.close()
