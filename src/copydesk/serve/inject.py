"""What the preview adds to the HTML it serves, and nothing else does.

Built files stay exactly as ``copydesk build`` would write them; the reload script and
the findings overlay are added to each HTML response on its way out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

ASSETS_PATH = "/__copydesk/"
DATA_ID = "copydesk-preview-data"
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)


def reload_script(build: int) -> str:
    return f'<script src="{ASSETS_PATH}reload.js" data-build="{build}"></script>'


def inject(html: str, payload: Mapping[str, object], build: int) -> str:
    """``html`` with the overlay's data, the overlay and the reload script before ``</body>``."""
    snippet = (f'<script type="application/json" id="{DATA_ID}">{script_json(payload)}</script>'
               f'{reload_script(build)}<script src="{ASSETS_PATH}overlay.js"></script>')
    ends = list(_BODY_END.finditer(html))
    if not ends:  # a fragment or a page without </body>: the browser still runs the scripts
        return html + snippet
    at = ends[-1].start()
    return html[:at] + snippet + html[at:]


def script_json(value: object) -> str:
    """JSON that cannot end its <script> element early: ``<``, ``>`` and ``&`` are escaped."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
