"""The roster's words and exports (dashboard.roster_view) and its sparkline (dashboard.sparkline)."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import polars as pl

from dashboard.roster_view import export_frame, filtered, table_rows
from dashboard.sparkline import sparkline
from etl.analysis.roster import roster
from tests.helpers.weekly_sets import TODAY, insert_sets, sets_frame, two_athletes


def test_sparkline_draws_one_scale_with_dots_for_missing_weeks() -> None:
    assert sparkline([0.0, 1.5, 3.0, 9.0, None], weeks=6) == "·▁▅██·"
    assert sparkline(None, weeks=3) == "···"
    assert len(sparkline([1.0] * 20)) == 12


def test_rows_speak_words_link_to_the_balance_page_and_filter(con: Any) -> None:
    two_athletes(con)
    rows = table_rows(roster(con, today=TODAY))
    ana, bo = rows
    assert (ana["status"], ana["apps"], ana["attention"], ana["knee_short"]) == (
        "Glute-dominant",
        "Strong",
        "Yes",
        "yes",
    )
    assert bo["athlete"] == "[bo](/?athlete=bo)" and bo["status"] == "Balanced" and bo["apps"] == "Hevy"
    assert [r["name"] for r in filtered(rows, ["balanced"], None)] == ["bo"]
    assert [r["name"] for r in filtered(rows, None, ["attention"])] == ["ana"]
    assert [r["name"] for r in filtered(rows, [], [])] == ["ana", "bo"]


def test_the_export_is_formula_safe_and_links_are_escaped(con: Any) -> None:
    evil = '=HYPERLINK("http://x","y")'
    insert_sets(
        con, sets_frame({"name": "Hip Thrust (Barbell)", "at": datetime(2024, 1, 1, 9), "athlete": evil})
    )
    rows = table_rows(roster(con, today=date(2024, 1, 3)))
    assert (
        rows[0]["athlete"]
        == '[=HYPERLINK\\("http://x","y"\\)](/?athlete=%3DHYPERLINK%28%22http%3A%2F%2Fx%22%2C%22y%22%29)'
    )
    frame = export_frame(rows)
    assert frame.get_column("Athlete").to_list() == ["'" + evil]
    back = pl.read_csv(io.StringIO(frame.write_csv()))
    assert back.columns[:3] == ["Athlete", "Latest status", "Status held (weeks)"]
    assert "Ratio, last 12 weeks" not in back.columns
