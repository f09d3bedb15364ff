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


def balance_beside_trends_runner(db: str, athlete: str) -> Callable[[], object]:
    """The Balance page's two callbacks as a page load sends them: both at once (the browser fires them
    together and the threaded server answers them side by side). Returns when both are done, which is
    when the page is complete."""
    from concurrent.futures import ThreadPoolExecutor

    from dashboard.balance_view import balance_outputs, trend_outputs
    from dashboard.dbpath import HeldDatabases
    from dashboard.selection import Selection

    held = HeldDatabases()
    held.hold(Path(db))
    pool = ThreadPoolExecutor(max_workers=1)

    def run() -> object:
        _ = held, pool
        chosen = Selection(athlete)
        strength = pool.submit(trend_outputs, Path(db), chosen)
        return balance_outputs(Path(db), chosen, "sets"), strength.result()

    return run


def balance_with_trends_runner(db: str, athlete: str) -> Callable[[], object]:
    """The Balance page's two callbacks for one selection: the charts and verdict, then the strength chart."""
    from dashboard.balance_view import balance_outputs, trend_outputs
    from dashboard.dbpath import HeldDatabases
    from dashboard.selection import Selection

    held = HeldDatabases()
    held.hold(Path(db))

    def run() -> object:
        _ = held
        chosen = Selection(athlete)
        return balance_outputs(Path(db), chosen, "sets"), trend_outputs(Path(db), chosen)

    return run


def roster_callback_runner(db: str) -> Callable[[], object]:
    """The roster page's callback (``dashboard.pages.athletes.show_roster``) without the request: every athlete's
    row from the store, in the table's words, unfiltered."""
    from dashboard.dbpath import HeldDatabases
    from dashboard.roster_view import filtered, table_rows
    from etl.analysis.roster import roster
    from etl.store import database as store

    held = HeldDatabases()
    held.hold(Path(db))

    def run() -> object:
        _ = held
        with store.opened(Path(db)) as con:
            return filtered(table_rows(roster(con)), None, None)

    return run
