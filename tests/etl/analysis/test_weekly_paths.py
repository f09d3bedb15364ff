"""The stored weekly sums agree with the plain way of adding them up, on shuffled sets.

DuckDB adds up the stored sets per athlete-week (``etl.analysis.weekly.weekly_from_store``, behind
``load_weekly`` and ``load_weekly_all``), with the warm-up-by-load rule as window-free SQL. Each route is
pinned here to the plain way, written out independently (the rule one session's exercise at a time in
Python; filter the sets that count, join the credit by name, group by athlete and week in polars), on
sets stored in shuffled order, where an athlete-week's sets are not contiguous. Set counts must be equal
exactly (they are sums of quarter-set weights); tonnage is a float sum added in another order, so it
must agree to rounding. The polars form of the warm-up rule (``warmups.warmup_by_load``, which the
strength trends use) is pinned to the same plain rule.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.analysis.settings import BalanceSettings
from etl.analysis.warmups import warmup_by_load
from etl.analysis.weekly import (
    MUSCLE_WEIGHTS,
    TOTALS_COLUMNS,
    load_weekly,
    load_weekly_all,
    week_of,
)
from etl.store import database as store
from etl.taxonomy import credit_names
from schemas.weekly import WEEKLY_COLUMNS
from tests.helpers.weekly_sets import CREDIT, EXERCISES, MON, UNMAPPED, insert_sets, sets_frame, stored_weekly

TONNAGE = ("glute_tonnage_kg", "hamstring_tonnage_kg", "quad_tonnage_kg")


def plain_warmups(sets: pl.DataFrame, share: float | None) -> list[bool]:
    """The warm-up-by-load rule (``etl.analysis.warmups``) written out in plain Python, one session's exercise at a time."""
    rows = sets.to_dicts()
    flags = [False] * len(rows)
    if share is None:
        return flags
    groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        groups[(row["athlete"], row["workout_key"], row["exercise_name"])].append(i)
    for members in groups.values():
        if any(rows[i]["set_kind"] == "warmup" for i in members):
            continue  # the app marked warm-ups here: its marks win
        loads = [rows[i]["weight_kg"] for i in members if rows[i]["weight_kg"] is not None]
        if not loads or max(loads) <= 0:
            continue  # bodyweight or unloaded
        top = max(loads)
        for i in sorted(members, key=lambda i: (rows[i]["exercise_pos"], rows[i]["set_pos"])):
            if rows[i]["weight_kg"] == top:
                break  # the first heaviest set: it and everything after it stay hard sets
            load = rows[i]["weight_kg"]
            flags[i] = load is not None and 0 < load < share * top
    return flags


def plain_totals(sets: pl.DataFrame, credit: pl.DataFrame, settings: BalanceSettings) -> pl.DataFrame:
    """The per athlete-week totals the plain way (what the weekly sums computed before issue 6)."""
    sets = sets.with_columns(
        pl.col("workout_start").dt.truncate("1w").dt.date().alias("week_start"),
        pl.Series("by_load", plain_warmups(sets, settings.warmup_load_share), dtype=pl.Boolean),
    )
    workouts = sets.group_by("athlete", "week_start").agg(
        pl.col("workout_key").n_unique().cast(pl.Int64).alias("workouts"),
        pl.col("by_load").sum().cast(pl.Int64).alias("warmup_sets_by_load"),
    )
    counted = sets.filter((pl.col("set_kind") != "warmup") & ~pl.col("by_load"))
    if settings.min_rpe is not None:
        counted = counted.filter(pl.col("rpe").is_null() | (pl.col("rpe") >= settings.min_rpe))
    table = credit.select("name", *MUSCLE_WEIGHTS, "eccentric", "pattern", "mapped").unique(
        subset="name", keep="first"
    )
    credited = counted.join(table, left_on="exercise_name", right_on="name", how="left").with_columns(
        *(pl.col(m).fill_null(0.0) for m in MUSCLE_WEIGHTS),
        pl.col("eccentric").fill_null(False),
        (pl.col("pattern") == "nordic").fill_null(False).alias("nordic"),
        pl.col("mapped").fill_null(False),
        (pl.col("weight_kg").clip(lower_bound=0.0).fill_null(0.0) * pl.col("reps").fill_null(0.0)).alias(
            "load"
        ),
    )
    totals = credited.group_by("athlete", "week_start").agg(
        pl.col("glute_max").sum().alias("glute_max_sets"),
        pl.col("glute_med").sum().alias("glute_med_sets"),
        pl.col("hamstring_hip").sum().alias("hamstring_hip_sets"),
        pl.col("hamstring_knee").sum().alias("hamstring_knee_sets"),
        pl.col("quads").sum().alias("quad_sets"),
        pl.col("eccentric").sum().cast(pl.Int64).alias("eccentric_sets"),
        pl.col("nordic").sum().cast(pl.Int64).alias("nordic_sets"),
        (~pl.col("mapped")).sum().cast(pl.Int64).alias("unmapped_sets"),
        (pl.sum_horizontal(*MUSCLE_WEIGHTS) > 0).sum().cast(pl.Int64).alias("lower_body_sets"),
        (pl.col("load") * (pl.col("glute_max") + pl.col("glute_med"))).sum().alias("glute_tonnage_kg"),
        (pl.col("load") * (pl.col("hamstring_hip") + pl.col("hamstring_knee")))
        .sum()
        .alias("hamstring_tonnage_kg"),
        (pl.col("load") * pl.col("quads")).sum().alias("quad_tonnage_kg"),
    )
    joined = workouts.join(totals, on=["athlete", "week_start"], how="left").with_columns(
        pl.col("eccentric_sets", "nordic_sets", "unmapped_sets", "lower_body_sets").fill_null(0),
        pl.col(*(c for c, t in TOTALS_COLUMNS.items() if t == pl.Float64())).fill_null(0.0),
    )
    return joined.select(list(TOTALS_COLUMNS)).sort("athlete", "week_start")


def assert_same(got: pl.DataFrame, expected: pl.DataFrame) -> None:
    """Equal column by column; tonnage (a float sum added in another order) to rounding."""
    assert got.columns == expected.columns
    assert got.height == expected.height
    for column in got.columns:
        if column in TONNAGE or column.endswith("tonnage_kg"):
            assert got.get_column(column).to_list() == pytest.approx(
                expected.get_column(column).to_list(), rel=1e-12, abs=1e-9
            ), column
        else:
            assert got.get_column(column).to_list() == expected.get_column(column).to_list(), column


set_strategy = st.fixed_dictionaries(
    {
        "athlete": st.sampled_from(["ana", "bo"]),
        "name": st.sampled_from([*EXERCISES, UNMAPPED]),
        "day": st.integers(min_value=-3, max_value=40),
        "minute": st.sampled_from(
            [0, 1, 60 * 23 + 59]
        ),  # midnight, just after it, a minute before the next day
        "workout": st.integers(min_value=0, max_value=2),
        "kind": st.sampled_from(["working", "warmup", "drop", "failure"]),
        # Pounds converted to kilograms: loads whose sums round, unlike the round numbers elsewhere.
        "kg": st.one_of(
            st.none(),
            st.floats(min_value=-50, max_value=300),
            st.integers(0, 600).map(lambda lb: lb * 0.45359237),
        ),
        "reps": st.one_of(st.none(), st.integers(min_value=0, max_value=20).map(float)),
        "rpe": st.one_of(st.none(), st.sampled_from([5.0, 6.0, 7.5, 9.0, 10.0])),
    }
)


def frame_of(items: list[dict[str, Any]]) -> pl.DataFrame:
    """Canonical sets in the drawn (shuffled) order; a workout is one athlete's session at one start."""
    sets = []
    for i in items:
        at = datetime(2024, 1, 1) + timedelta(days=i["day"], minutes=i["minute"] + i["workout"])
        sets.append(
            {
                "athlete": i["athlete"],
                "name": i["name"],
                "at": at,
                "kind": i["kind"],
                "kg": i["kg"],
                "reps": i["reps"],
                "rpe": i["rpe"],
                "workout": f"{i['athlete']}|{at.isoformat()}",
            }
        )
    return sets_frame(*sets)


def totals_of(weekly: pl.DataFrame) -> pl.DataFrame:
    """The per athlete-week totals inside a weekly frame: its weeks with any set (workouts > 0)."""
    return weekly.filter(pl.col("workouts") > 0).select(list(TOTALS_COLUMNS)).sort("athlete", "week_start")


def up_to_the_week_of(sets: pl.DataFrame, end: date | None) -> pl.DataFrame:
    """``sets`` up to the end of the week of ``end``."""
    if end is None:
        return sets
    return sets.filter(pl.col("workout_start").dt.date() < week_of(end) + timedelta(days=7))


@settings(max_examples=80, deadline=None)
@given(
    st.lists(set_strategy, min_size=1, max_size=60),
    st.sampled_from([None, 7.0]),
    st.sampled_from([None, 0.6, 0.9]),
)
def test_stored_totals_match_the_plain_way_on_shuffled_sets(
    items: list[dict[str, Any]], min_rpe: float | None, share: float | None
) -> None:
    sets = frame_of(items)
    chosen = BalanceSettings(min_rpe=min_rpe, warmup_load_share=share)
    assert_same(totals_of(stored_weekly(sets, CREDIT, chosen)), plain_totals(sets, CREDIT, chosen))


@settings(max_examples=80, deadline=None)
@given(st.lists(set_strategy, min_size=1, max_size=60), st.sampled_from([0.6, 0.9]))
def test_the_polars_warm_up_rule_matches_the_plain_one(items: list[dict[str, Any]], share: float) -> None:
    sets = frame_of(items)
    assert sets.select(warmup_by_load(share)).to_series().to_list() == plain_warmups(sets, share)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(set_strategy, min_size=1, max_size=60),
    st.sampled_from([None, 7.0]),
    st.sampled_from([None, date(2024, 1, 10)]),
    st.sampled_from([None, date(2024, 1, 22)]),
    st.sampled_from([None, 0.6]),
)
def test_one_athlete_and_the_whole_store_match_the_plain_way_with_the_taxonomy(
    items: list[dict[str, Any]],
    min_rpe: float | None,
    start: date | None,
    end: date | None,
    share: float | None,
) -> None:
    con = store.connect(":memory:")
    try:
        sets = frame_of(items)
        insert_sets(con, sets)
        chosen = BalanceSettings(min_rpe=min_rpe, warmup_load_share=share)
        credit = credit_names(sets.get_column("exercise_name").to_list())
        for athlete in sorted(set(sets.get_column("athlete"))):
            weekly = load_weekly(con, athlete, chosen, start=start, end=end)
            theirs = up_to_the_week_of(sets.filter(athlete=athlete), end)
            if theirs.height == 0:
                assert weekly.height == 0
                continue
            expected = plain_totals(theirs, credit, chosen)
            if start is not None:
                expected = expected.filter(pl.col("week_start") >= week_of(start))
            assert_same(totals_of(weekly), expected)
        assert_same(totals_of(load_weekly_all(con, chosen)), plain_totals(sets, credit, chosen))
    finally:
        con.close()


def test_the_first_credit_row_of_a_name_wins_and_a_null_name_matches_nothing() -> None:
    sets = sets_frame({"name": "Hip Thrust (Barbell)", "at": MON}, {"name": UNMAPPED, "at": MON})
    doubled = pl.concat(
        [
            CREDIT,
            CREDIT.filter(pl.col("name") == "Hip Thrust (Barbell)").with_columns(glute_max=pl.lit(0.25)),
            CREDIT.filter(pl.col("name") == UNMAPPED).with_columns(
                name=pl.lit(None, dtype=pl.String), mapped=pl.lit(True)
            ),
        ]
    )
    row = stored_weekly(sets, doubled).row(0, named=True)
    assert (row["glute_max_sets"], row["unmapped_sets"]) == (1.0, 1)
    assert list(stored_weekly(sets, doubled).schema) == list(WEEKLY_COLUMNS)


def test_a_credit_row_with_missing_weights_credits_nothing_for_them_as_the_join_did() -> None:
    sets = sets_frame(
        *(
            {"name": name, "at": MON + timedelta(days=d), "kg": 40.0 + d}
            for d in range(3)
            for name in EXERCISES
        ),
        {"name": UNMAPPED, "at": MON},
    )
    holes = CREDIT.with_columns(
        glute_med=pl.when(pl.col("name") == "Hip Abduction (Machine)")
        .then(None)
        .otherwise(pl.col("glute_med")),
        # Its pattern goes too: a Nordic set that is not eccentric is a weekly frame the schema rejects.
        eccentric=pl.when(pl.col("name") == "Nordic Hamstring Curl")
        .then(None)
        .otherwise(pl.col("eccentric")),
        pattern=pl.when(pl.col("name") == "Nordic Hamstring Curl").then(None).otherwise(pl.col("pattern")),
        mapped=pl.when(pl.col("name") == "Squat (Barbell)").then(None).otherwise(pl.col("mapped")),
    )
    expected = plain_totals(sets, holes, BalanceSettings())
    assert_same(totals_of(stored_weekly(sets, holes)), expected)
    assert expected.get_column("unmapped_sets").to_list() == [
        4
    ]  # three squats (mapped unknown), the mystery move
