"""The page every HTML request gets while the preview's last build failed."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from copydesk.errors import CopydeskError
from copydesk.serve.inject import reload_script


@dataclass(frozen=True)
class BuildFailure:
    message: str
    location: str  # file:line, "" when the error has no place
    hint: str

    @classmethod
    def from_error(cls, error: Exception) -> BuildFailure:
        if isinstance(error, CopydeskError):
            return cls(error.message, str(error.location or ""), error.hint)
        return cls(f"internal error: {type(error).__name__}: {error}", "",
                   "this is a bug in copydesk, please report it; the preview keeps running "
                   "and rebuilds on the next change")

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


def error_page(failure: BuildFailure, build: int) -> str:
    """A page naming the error, its file:line and the hint; it reloads on the next build."""
    where = (f'<p class="where"><code>{escape(failure.location)}</code></p>'
             if failure.location else "")
    hint = f'<p class="hint">hint: {escape(failure.hint)}</p>' if failure.hint else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed: copydesk preview</title>
<link rel="icon" href="data:,">
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #fff5f5; color: #1a1a1a; }}
main {{ max-width: 46rem; margin: 3rem auto; padding: 1.5rem 2rem; background: #fff;
       border-left: 6px solid #c62828; box-shadow: 0 1px 4px rgba(0, 0, 0, .15); }}
h1 {{ font-size: 1.3rem; color: #c62828; margin-top: 0; }}
.message {{ font-size: 1.1rem; white-space: pre-wrap; }}
.hint {{ color: #555; }}
.note {{ color: #777; font-size: .9rem; }}
</style></head>
<body><main id="copydesk-build-error">
<h1>The preview could not be built</h1>
{where}<p class="message">{escape(failure.message)}</p>
{hint}<p class="note">Fix the file and save it: this page reloads by itself.</p>
</main>{reload_script(build)}</body></html>
"""
