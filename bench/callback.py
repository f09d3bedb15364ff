"""The Balance page's callback as the benchmark calls it: server-side work only, no browser.

``dashboard.balance_view.balance_outputs`` is exactly what the page's callback runs after it
has resolved the database path and the selection.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def balance_callback_runner(db: str, athlete: str) -> Callable[[], object]:
    from dashboard.balance_view import balance_outputs
    from dashboard.selection import Selection

    return lambda: balance_outputs(Path(db), Selection(athlete), "sets")
