"""Strength trends (etl.analysis.trends): Epley e1RM per week worked out by hand on a small log, stalls and bests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.analysis.settings import BalanceSettings
from etl.analysis.trends import load_trends, tracked_names, weekly_trends
from schemas.trends import TRENDS_COLUMNS
from tests.helpers.weekly_sets import insert_sets, log, sets_frame

RDL = "Romanian Deadlift (Barbell)"
NORDIC = "Nordic Hamstring Curl"
SETTINGS = BalanceSettings(stall_weeks=2)


def at(week: int, hour: int = 18) -> datetime:
    """A session in week ``week`` (0: the week of Monday 2024-01-01)."""
    return datetime(2024, 1, 1, hour) + timedelta(weeks=week)


def names(frame: pl.DataFrame) -> pl.DataFrame:
    return tracked_names(frame.get_column("exercise_name").unique().to_list())


def test_epley_by_hand_with_a_stall_and_the_new_best_that_clears_it() -> None:
    sets = log()
    trends = weekly_trends(sets, names(sets), SETTINGS)
    rdl = trends.filter(pl.col("exercise_id") == "romanian_deadlift")
    assert rdl.get_column("week_start").to_list() == [
        date(2024, 1, 1),
        date(2024, 1, 8),
        date(2024, 1, 15),
        date(2024, 1, 29),
        date(2024, 2, 5),
    ]
    assert rdl.get_column("e1rm_kg").to_list() == pytest.approx(
        [100 * (1 + 5 / 30), 120.0, 95 * (1 + 5 / 30), 120.0, 122.5]
    )
    assert rdl.get_column("best_reps").to_list() == [8, 6, 15, 6, 5]
    assert rdl.get_column("weeks_since_best").to_list() == [0, 0, 1, 3, 0]
    assert rdl.get_column("stall").to_list() == [False, False, False, True, False]
    assert rdl.get_column("best_so_far").to_list() == pytest.approx(
        [116.6667, 120.0, 120.0, 120.0, 122.5], abs=1e-3
    )
    assert set(rdl.get_column("bodyweight")) == {False}


def test_a_bodyweight_lift_is_judged_by_reps_and_untracked_lifts_are_left_out() -> None:
    sets = log()
    trends = weekly_trends(sets, names(sets), SETTINGS)
    assert set(trends.get_column("exercise_id")) == {"romanian_deadlift", "nordic_curl"}
    nordic = trends.filter(pl.col("exercise_id") == "nordic_curl")
    assert nordic.get_column("e1rm_kg").to_list() == [None, None]
    assert nordic.get_column("best_reps").to_list() == [5, 6]
    assert nordic.get_column("bodyweight").to_list() == [True, True]
    assert nordic.get_column("weeks_since_best").to_list() == [0, 0]


def test_a_longer_stall_setting_marks_no_stall() -> None:
    sets = log()
    trends = weekly_trends(sets, names(sets), BalanceSettings(stall_weeks=4))
    assert not trends.get_column("stall").any()


def test_load_trends_reads_the_store_and_trims_to_the_range(con: Any) -> None:
    insert_sets(con, log())
    insert_sets(con, sets_frame({"name": RDL, "at": at(0), "kg": 300.0, "reps": 1.0, "athlete": "bo"}))
    whole = load_trends(con, "ana", SETTINGS)
    assert whole.height == 7
    late = load_trends(con, "ana", SETTINGS, start=date(2024, 1, 31))
    assert late.get_column("week_start").to_list() == [date(2024, 1, 29), date(2024, 2, 5)]
    assert late.get_column("stall").to_list() == [True, False]  # bests before the range still count
    early = load_trends(con, "ana", SETTINGS, end=date(2024, 1, 9))
    assert early.get_column("week_start").max() == date(2024, 1, 8)
    assert load_trends(con, "bo", SETTINGS).get_column("e1rm_kg").to_list() == pytest.approx([310.0])
    assert load_trends(con, "nobody").height == 0


SET = st.fixed_dictionaries(
    {
        "name": st.sampled_from([RDL, NORDIC, "Lying Leg Curl (Machine)", "Squat (Barbell)", "Bench Press"]),
        "at": st.integers(0, 20).map(at),
        "kg": st.one_of(st.none(), st.floats(-10, 400, allow_nan=False)),
        "reps": st.one_of(st.none(), st.floats(0, 40, allow_nan=False)),
        "kind": st.sampled_from(["working", "warmup", "drop", "failure"]),
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SET, max_size=30), st.integers(1, 8))
def test_no_log_crashes_the_trends(sets: list[dict[str, Any]], stall_weeks: int) -> None:
    frame = sets_frame(*sets) if sets else sets_frame({"name": RDL, "at": at(0)}).clear()
    trends = weekly_trends(frame, names(frame), BalanceSettings(stall_weeks=stall_weeks))
    assert trends.schema == pl.Schema(TRENDS_COLUMNS)


def test_the_report_and_the_strength_figure_show_the_lifts_and_stalls(con: Any) -> None:
    from dashboard.report import report_from_store
    from dashboard.strength_figures import strength_figure

    insert_sets(con, log())
    figure = strength_figure(weekly_trends(log(), names(log()), SETTINGS), stall_weeks=2)
    lines = {t.get("name"): t for t in figure["data"]}
    assert lines["Romanian Deadlift (kg)"]["y"] == pytest.approx(
        [116.6667, 120.0, 110.8333, 120.0, 122.5], abs=1e-3
    )
    assert lines["Nordic Hamstring Curl (reps)"]["yaxis"] == "y2"
    stalls = [t for t in figure["data"] if t.get("showlegend") is False]
    assert [t["x"] for t in stalls] == [["2024-01-29"]]
    page, _weeks = report_from_store(con, "ana")
    assert "chart-strength" in page and "Posterior-chain strength" in page
