"""The Balance page's callback as the benchmark calls it: server-side work only, no browser.

``dashboard.balance_view.balance_outputs`` is exactly what the page's callback runs after it
has resolved the database path and the selection. A running dashboard holds each database it
serves open (``dashboard.dbpath.HeldDatabases``), so the runner does the same before timing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def balance_callback_runner(db: str, athlete: str) -> Callable[[], object]:
    from dashboard.balance_view import balance_outputs
    from dashboard.dbpath import HeldDatabases
    from dashboard.selection import Selection

    held = HeldDatabases()
    held.hold(Path(db))

    def run() -> object:
        _ = held  # the server's open handle lives as long as the runner
        return balance_outputs(Path(db), Selection(athlete), "sets")

    return run
