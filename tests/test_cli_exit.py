"""The command line's process ends at once after its command (``cli.run``), as it would
have ended: the same status, its output whole, its exit handlers run."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from click.testing import CliRunner

from copydesk.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


def _python(code: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *arguments],
                          capture_output=True, text=True, timeout=120, check=False)


def _command(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "copydesk", *arguments], capture_output=True,
                          text=True, timeout=120, check=False)


def test_status_and_output_are_those_of_the_command() -> None:
    seed = str(FIXTURES / "seed.txt")
    for arguments in (["check", "--format", "json", seed], ["rules"], ["rules", "--nonsense"]):
        ran = _command(*arguments)
        expected = CliRunner().invoke(main, arguments)
        assert ran.returncode == expected.exit_code
        assert ran.stdout == expected.stdout
    findings = json.loads(_command("check", "--format", "json", seed).stdout)
    assert findings  # the whole report, flushed before the process ended


def test_exit_handlers_run() -> None:
    ran = _python("""
        import atexit, sys
        atexit.register(lambda: print("handler ran", file=sys.stderr))
        sys.argv = ["copydesk", "rules"]
        from copydesk.cli import run
        run()
    """)
    assert ran.returncode == 0
    assert "handler ran" in ran.stderr
    assert "CD101" in ran.stdout


def test_a_running_thread_is_waited_for() -> None:
    # The interpreter's exit waits for threads that are not daemons: so does the run's.
    ran = _python("""
        import sys, threading, time
        def late():
            time.sleep(0.5)
            print("thread finished", file=sys.stderr)
        threading.Thread(target=late).start()
        sys.argv = ["copydesk", "rules"]
        from copydesk.cli import run
        run()
    """)
    assert ran.returncode == 0
    assert "thread finished" in ran.stderr


def test_a_message_as_status_is_printed_as_the_interpreter_does() -> None:
    ran = _python("""
        import sys
        import copydesk.cli
        def refuse():
            sys.exit("stopped here")
        copydesk.cli.main = refuse
        copydesk.cli.run()
    """)
    assert ran.returncode == 1
    assert "stopped here" in ran.stderr
