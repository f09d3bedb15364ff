"""The Balance page's callbacks on a PostgreSQL store (read through etl.store.snapshot) return what they
return on a DuckDB file with the same import: cards, verdict and every figure, as the browser receives them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import plotly.utils

from dashboard.balance_view import balance_outputs, trend_outputs
from dashboard.selection import Selection
from etl.ingest import ingest
from etl.store import database as store
from tests.helpers.corpus import REPO

SAMPLE = REPO / "sample_logs" / "strong_sample.csv"


def as_sent(value: Any) -> str:
    """What Dash would send the browser for ``value`` (components and figures as JSON)."""
    return json.dumps(value, cls=plotly.utils.PlotlyJSONEncoder, sort_keys=True)


def test_balance_and_strength_callbacks_answer_alike_on_both_stores(pg_url: str, tmp_path: Path) -> None:
    dbs = {"duckdb": str(tmp_path / "lb.duckdb"), "postgres": pg_url}
    for db in dbs.values():
        with store.opened(db) as con:
            ingest(con, SAMPLE.read_bytes(), SAMPLE.name, unit="kg")
    chosen = Selection("default")
    answers = {
        name: (as_sent(balance_outputs(db, chosen, "sets")), as_sent(trend_outputs(db, chosen)))  # type: ignore[arg-type]
        for name, db in dbs.items()
    }
    assert answers["postgres"] == answers["duckdb"]
    assert "could not be loaded" not in answers["duckdb"][0] and "No training" not in answers["duckdb"][0]
