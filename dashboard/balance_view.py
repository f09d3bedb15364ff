"""Everything the Balance page shows for one selection, computed from one database path.

The page's callback only resolves the database (``db_path()``, in the request thread) and the
selection, then calls ``balance_outputs``; the benchmark (``bench/callback.py``) and the tests
call the same function, so what they time and check is what the page runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dash_bootstrap_components as dbc

from dashboard import figures
from dashboard.components import problem, summary_cards, thresholds_note, verdict
from dashboard.role_figures import role_targets_figure
from dashboard.selection import Selection
from etl.analysis.settings import load_settings
from etl.analysis.verdict import verdict as verdict_of
from etl.analysis.weekly import load_weekly
from etl.errors import LiftbalanceError
from etl.store import database as store
from etl.store.snapshot import analysis_connection

NO_TRAINING = "No training logged for this athlete in the selected range."


def balance_outputs(db: Path, chosen: Selection, metric: str | None = "sets") -> tuple[Any, ...]:
    """(cards, verdict, ratio, volume, H:Q, eccentric figures, thresholds note, role targets figure) for the page.

    The verdict is ``etl.analysis.verdict.verdict`` of the range's last week, the one ``liftbalance verdict`` prints.
    """
    try:
        with store.opened(db) as stored, analysis_connection(stored, chosen.athlete) as con:
            settings = load_settings(con, chosen.athlete)
            weekly = load_weekly(con, chosen.athlete, settings, start=chosen.start, end=chosen.end)
    except LiftbalanceError as exc:
        blank = figures.empty_figure("The data could not be loaded")
        return problem(str(exc)), None, blank, blank, blank, blank, None, blank
    if weekly.height == 0 or int(weekly.get_column("workouts").sum()) == 0:
        blank = figures.empty_figure("No training logged in this range")
        note = dbc.Alert(NO_TRAINING, color="secondary", id="no-training")
        return note, None, blank, blank, blank, blank, thresholds_note(settings), blank
    rec = verdict_of(weekly, settings, athlete=chosen.athlete)
    return (
        summary_cards(rec, settings),
        verdict(rec),
        figures.ratio_trend_figure(weekly, settings),
        figures.volume_figure(weekly, "tonnage" if metric == "tonnage" else "sets"),
        figures.hq_ratio_figure(weekly, settings),
        figures.eccentric_figure(weekly),
        thresholds_note(settings),
        role_targets_figure(weekly, settings),
    )


def strength_output(db: Path, chosen: Selection) -> Any:
    """The strength chart (``dashboard.strength_figures``) for the selection: its own callback beside the others."""
    from dashboard.strength_figures import strength_figure
    from etl.analysis.trends import load_trends

    try:
        with store.opened(db) as stored, analysis_connection(stored, chosen.athlete) as con:
            settings = load_settings(con, chosen.athlete)
            trends = load_trends(con, chosen.athlete, settings, start=chosen.start, end=chosen.end)
    except LiftbalanceError:
        return figures.empty_figure("The data could not be loaded")
    return strength_figure(trends, settings.stall_weeks)
