"""The Balance page's main callback as the benchmark calls it: server-side work only, no browser."""

from __future__ import annotations

from collections.abc import Callable


def balance_callback_runner(db: str, athlete: str) -> Callable[[], object]:
    from dashboard.pages.balance import balance_figures  # the dashboard's main callback body

    return lambda: balance_figures(db, athlete)
