"""Everything the Balance page shows for one selection, computed from one database path.

The page's callbacks only resolve the database (``db_path()``, in the request thread) and the
selection, then call ``balance_outputs`` (the cards, the verdict, the thresholds and every chart
drawn from the weekly frame) and ``trend_outputs`` (the charts drawn from the slower strength
trends); the benchmark (``bench/callback.py``) and the tests call the same functions, so what they
time and check is what the page runs. Which charts there are comes from ``dashboard.charts.CHARTS``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dash_bootstrap_components as dbc

from dashboard import figures
from dashboard.charts import BalanceData, Source, charts_from, draw_all
from dashboard.components import problem, summary_cards, thresholds_note, verdict
from dashboard.selection import Selection
from etl.analysis.settings import load_settings
from etl.analysis.verdict import verdict as verdict_of
from etl.analysis.weekly import load_weekly
from etl.errors import LiftbalanceError
from etl.store import database as store
from etl.store.snapshot import analysis_connection

NO_TRAINING = "No training logged for this athlete in the selected range."
NOT_LOADED = "The data could not be loaded"


def _blank(source: Source, message: str) -> dict[str, figures.Figure]:
    """Every chart of ``source`` as a blank that says why it is blank."""
    return {chart.id: figures.empty_figure(message) for chart in charts_from(source)}


def balance_outputs(db: Path, chosen: Selection, metric: str | None = "sets") -> dict[str, Any]:
    """The page's outputs by name: ``cards``, ``verdict``, ``thresholds`` and ``charts`` (each chart drawn
    from the weekly frame, by chart id: ``dashboard.charts.charts_from("weekly")``).

    The verdict is ``etl.analysis.verdict.verdict`` of the range's last week, the one ``liftbalance verdict`` prints.
    """
    try:
        with store.opened(db) as stored, analysis_connection(stored, chosen.athlete) as con:
            settings = load_settings(con, chosen.athlete)
            weekly = load_weekly(con, chosen.athlete, settings, start=chosen.start, end=chosen.end)
    except LiftbalanceError as exc:
        return {
            "cards": problem(str(exc)),
            "verdict": None,
            "thresholds": None,
            "charts": _blank("weekly", NOT_LOADED),
        }
    if weekly.height == 0 or int(weekly.get_column("workouts").sum()) == 0:
        return {
            "cards": dbc.Alert(NO_TRAINING, color="secondary", id="no-training"),
            "verdict": None,
            "thresholds": thresholds_note(settings),
            "charts": _blank("weekly", "No training logged in this range"),
        }
    rec = verdict_of(weekly, settings, athlete=chosen.athlete)
    data = BalanceData(settings, weekly=weekly, metric="tonnage" if metric == "tonnage" else "sets")
    return {
        "cards": summary_cards(rec, settings),
        "verdict": verdict(rec),
        "thresholds": thresholds_note(settings),
        "charts": draw_all(data, "weekly"),
    }


def trend_outputs(db: Path, chosen: Selection) -> dict[str, figures.Figure]:
    """Every chart drawn from the strength trends (``dashboard.charts.charts_from("trends")``), by chart id:
    their own callback beside the others, since the trends query is the slower one."""
    from etl.analysis.trends import load_trends

    try:
        with store.opened(db) as stored, analysis_connection(stored, chosen.athlete) as con:
            settings = load_settings(con, chosen.athlete)
            trends = load_trends(con, chosen.athlete, settings, start=chosen.start, end=chosen.end)
    except LiftbalanceError:
        return _blank("trends", NOT_LOADED)
    return draw_all(BalanceData(settings, trends=trends), "trends")
