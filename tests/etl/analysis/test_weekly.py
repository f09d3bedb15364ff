"""Weekly aggregates of small hand-written sets, with hand-computed expectations.

Each log is inserted into an in-memory store and added up as the product does (``weekly_from_store``),
credited by the hand-written ``CREDIT`` frame, so every number below is worked out from the sets listed."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pandera.polars as pa
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.analysis.settings import BalanceSettings
from etl.analysis.weekly import StoredSets, load_weekly, load_weekly_all, week_of, weekly_from_store
from etl.taxonomy import credit_names
from schemas.fastcheck import passes_every_check
from schemas.weekly import STATUSES, WEEKLY_COLUMNS, WeeklyBalance, validate_weekly
from tests.helpers.weekly_sets import (
    CREDIT,
    EXERCISES,
    MON,
    UNMAPPED,
    insert_sets,
    repeat,
    sets_frame,
    stored_weekly,
    training,
    week,
)


def one(frame: pl.DataFrame, **where: Any) -> dict[str, Any]:
    rows = frame.filter(**where)
    assert rows.height == 1, rows
    return rows.row(0, named=True)


# --- what counts ---------------------------------------------------------------------------------


def test_glute_only_week_has_glute_sets_tonnage_and_no_ratio() -> None:
    sets = sets_frame(
        {"name": "Hip Thrust (Barbell)", "at": MON, "kind": "warmup", "kg": 60.0, "reps": 10.0},
        *repeat(3, "Hip Thrust (Barbell)", MON, kg=100.0, reps=8.0),
        *repeat(2, "Hip Abduction (Machine)", MON, kg=50.0, reps=12.0),
    )
    row = stored_weekly(sets, CREDIT).row(0, named=True)
    assert row["week_start"] == date(2024, 1, 1)
    assert row["workouts"] == 1
    assert (row["glute_max_sets"], row["glute_med_sets"], row["glute_sets"]) == (3.0, 2.0, 5.0)
    assert (row["hamstring_hip_sets"], row["hamstring_knee_sets"], row["hamstring_sets"]) == (0.0, 0.0, 0.0)
    assert row["glute_tonnage_kg"] == 3 * 100 * 8 + 2 * 50 * 12
    assert row["hamstring_tonnage_kg"] == 0.0
    # No hamstring and no quad sets: the ratios are unknown (null), never inf.
    assert row["glute_ham_ratio"] is None and row["glute_ham_ratio_4w"] is None
    assert row["ham_quad_ratio"] is None and row["knee_flexion_share"] is None
    # One training week can lean, never be dominant: dominance must last sustained_weeks (2+ training weeks).
    assert row["status"] == "glute_leaning"
    assert row["gaps"] == "hip_extension,knee_flexion,nordic"


def test_hamstring_only_week() -> None:
    sets = sets_frame(
        *repeat(4, "Seated Leg Curl (Machine)", MON, kg=40.0, reps=10.0),
        *repeat(2, "Nordic Hamstring Curl", MON, kg=None, reps=5.0),
    )
    row = stored_weekly(sets, CREDIT).row(0, named=True)
    assert (row["hamstring_hip_sets"], row["hamstring_knee_sets"], row["hamstring_sets"]) == (0.0, 6.0, 6.0)
    assert row["glute_sets"] == 0.0
    assert row["glute_ham_ratio"] == 0.0  # 0 glute sets over 6 hamstring sets is a real 0
    assert row["knee_flexion_share"] == 1.0
    assert row["eccentric_sets"] == 2
    assert row["hamstring_tonnage_kg"] == 4 * 40 * 10  # Nordics are bodyweight: no tonnage
    assert row["weeks_since_eccentric"] == 0
    assert (row["nordic_sets"], row["weeks_since_nordic"]) == (2, 0)
    assert row["status"] == "hamstring_leaning"
    assert row["gaps"] == "hip_extension"


def test_squat_only_week_gives_hamstrings_nothing() -> None:
    sets = sets_frame(*repeat(4, "Squat (Barbell)", MON, kg=120.0, reps=5.0))
    row = stored_weekly(sets, CREDIT).row(0, named=True)
    assert (row["quad_sets"], row["glute_sets"], row["hamstring_sets"]) == (4.0, 2.0, 0.0)
    assert row["ham_quad_ratio"] == 0.0
    assert row["glute_ham_ratio"] is None
    assert row["quad_tonnage_kg"] == 4 * 120 * 5
    assert row["glute_tonnage_kg"] == 4 * 120 * 5 * 0.5
    assert row["status"] == "low_volume"  # 2 glute and 0 hamstring sets: both under 5


def test_warmups_never_count_drop_and_failure_sets_do() -> None:
    sets = sets_frame(
        *(
            {"name": "Romanian Deadlift (Barbell)", "at": MON, "kind": kind}
            for kind in ("warmup", "warmup", "working", "drop", "failure")
        )
    )
    row = stored_weekly(sets, CREDIT).row(0, named=True)
    assert row["hamstring_hip_sets"] == 3.0
    assert row["glute_max_sets"] == 1.5
    assert row["hamstring_tonnage_kg"] == 3 * 100 * 8


def test_a_week_of_only_warmups_is_a_training_week_with_zero_sets() -> None:
    sets = sets_frame(*repeat(2, "Hip Thrust (Barbell)", MON, kind="warmup"))
    row = stored_weekly(sets, CREDIT).row(0, named=True)
    assert (row["workouts"], row["glute_sets"], row["lower_body_sets"]) == (1, 0.0, 0)
    assert (row["status"], row["gaps"]) == ("no_lower_body", "")


def test_rpe_filter_is_off_by_default_and_keeps_unrated_sets_when_on() -> None:
    sets = sets_frame(
        {"name": "Hip Thrust (Barbell)", "at": MON, "rpe": 5.0},
        {"name": "Hip Thrust (Barbell)", "at": MON, "rpe": 6.5},
        {"name": "Hip Thrust (Barbell)", "at": MON, "rpe": 8.0},
        {"name": "Hip Thrust (Barbell)", "at": MON, "rpe": None},
    )
    assert stored_weekly(sets, CREDIT).item(0, "glute_sets") == 4.0
    filtered = stored_weekly(sets, CREDIT, BalanceSettings(min_rpe=7.0))
    assert filtered.item(0, "glute_sets") == 2.0  # RPE 8 and the unrated set
    assert filtered.item(0, "glute_tonnage_kg") == 2 * 100 * 8


def test_unmapped_and_unknown_names_count_for_no_muscle_but_are_reported() -> None:
    sets = sets_frame(
        *repeat(2, UNMAPPED, MON),
        {"name": "Never Seen By Taxonomy", "at": MON},
        {"name": "Bench Press (Barbell)", "at": MON},  # mapped, just not a leg exercise
        {"name": "Hip Thrust (Barbell)", "at": MON},
        {"name": UNMAPPED, "at": MON, "kind": "warmup"},
    )
    row = stored_weekly(sets, CREDIT).row(0, named=True)
    assert row["unmapped_sets"] == 3
    assert row["glute_sets"] == 1.0


def test_workouts_counts_distinct_workouts() -> None:
    sets = sets_frame(
        *repeat(2, "Hip Thrust (Barbell)", MON),
        {"name": "Hip Thrust (Barbell)", "at": MON + timedelta(days=2)},
        {"name": "Hip Thrust (Barbell)", "at": MON + timedelta(days=4)},
    )
    assert stored_weekly(sets, CREDIT).item(0, "workouts") == 3


def test_assisted_negative_load_adds_no_tonnage() -> None:
    sets = sets_frame({"name": "Hip Thrust (Barbell)", "at": MON, "kg": -20.0})
    row = stored_weekly(sets, CREDIT).row(0, named=True)
    assert (row["glute_sets"], row["glute_tonnage_kg"]) == (1.0, 0.0)


def test_kg_and_lb_exports_of_the_same_training_agree() -> None:
    lb = 0.45359237
    # The same bar logged by a kg user and by a lb user (the app rounds to 0.1 lb).
    plan = [("Romanian Deadlift (Barbell)", 100.0, 220.5), ("Hip Thrust (Barbell)", 140.0, 308.6)]
    kg_sets = sets_frame(*({"name": n, "at": MON, "kg": kg} for n, kg, _ in plan for _ in range(3)))
    lb_sets = sets_frame(
        *({"name": n, "at": MON, "kg": pounds * lb} for n, _, pounds in plan for _ in range(3))
    )
    a = stored_weekly(kg_sets, CREDIT).row(0, named=True)
    b = stored_weekly(lb_sets, CREDIT).row(0, named=True)
    for column in ("glute_sets", "hamstring_sets", "quad_sets", "glute_ham_ratio"):
        assert a[column] == b[column]
    for column in ("glute_tonnage_kg", "hamstring_tonnage_kg"):
        assert b[column] == pytest.approx(a[column], rel=0.001)


# --- weeks ---------------------------------------------------------------------------------------


def test_sunday_2330_belongs_to_its_own_week_and_monday_0000_to_the_next() -> None:
    sunday = datetime(2024, 1, 7, 23, 30)
    sets = sets_frame(
        {"name": "Hip Thrust (Barbell)", "at": sunday},
        *repeat(2, "Hip Thrust (Barbell)", datetime(2024, 1, 8, 0, 0)),
    )
    weekly = stored_weekly(sets, CREDIT)
    assert weekly.get_column("week_start").to_list() == [date(2024, 1, 1), date(2024, 1, 8)]
    assert weekly.get_column("glute_sets").to_list() == [1.0, 2.0]


def test_a_week_without_training_is_a_zero_row_with_no_training_status() -> None:
    sets = sets_frame(
        *repeat(6, "Hip Thrust (Barbell)", week(0)), *repeat(6, "Hip Thrust (Barbell)", week(2))
    )
    weekly = stored_weekly(sets, CREDIT)
    assert weekly.get_column("week_start").to_list() == [
        date(2024, 1, 1),
        date(2024, 1, 8),
        date(2024, 1, 15),
    ]
    gap = weekly.row(1, named=True)
    assert (gap["workouts"], gap["glute_sets"], gap["hamstring_sets"], gap["status"]) == (
        0,
        0.0,
        0.0,
        "no_training",
    )
    assert gap["glute_ham_ratio"] is None


def test_rolling_means_are_per_training_week_weeks_off_are_gaps() -> None:
    sets = sets_frame(
        *repeat(6, "Hip Thrust (Barbell)", week(0)), *repeat(2, "Hip Thrust (Barbell)", week(2))
    )
    row = stored_weekly(sets, CREDIT).row(2, named=True)
    assert row["training_weeks_4w"] == 2
    assert row["glute_sets_4w"] == 4.0  # (6 + 2) / 2 training weeks, not / 3 calendar weeks


def test_rolling_ratio_is_sum_over_sum_not_mean_of_ratios() -> None:
    sets = sets_frame(
        # week 0: 2 glute, 1 hamstring (ratio 2.0); week 1: 1 glute, 4 hamstring (ratio 0.25)
        *repeat(2, "Hip Thrust (Barbell)", week(0)),
        {"name": "Seated Leg Curl (Machine)", "at": week(0)},
        {"name": "Hip Thrust (Barbell)", "at": week(1)},
        *repeat(4, "Seated Leg Curl (Machine)", week(1)),
    )
    weekly = stored_weekly(sets, CREDIT)
    assert weekly.get_column("glute_ham_ratio").to_list() == [2.0, 0.25]
    assert weekly.item(1, "glute_ham_ratio_4w") == pytest.approx(3 / 5)  # the mean of ratios would be 1.125
    assert weekly.item(1, "knee_flexion_share_4w") == 1.0
    assert weekly.item(1, "hamstring_sets_4w") == 2.5


def test_rolling_window_follows_the_setting() -> None:
    sets = sets_frame(*(s for n in range(4) for s in repeat(n + 1, "Hip Thrust (Barbell)", week(n))))
    four = stored_weekly(sets, CREDIT)
    two = stored_weekly(sets, CREDIT, BalanceSettings(window_weeks=2))
    assert four.item(3, "glute_sets_4w") == (1 + 2 + 3 + 4) / 4
    assert two.item(3, "glute_sets_4w") == (3 + 4) / 2
    assert two.get_column("window_weeks").unique().to_list() == [2]


def test_weeks_since_eccentric_counts_weeks_and_is_null_before_the_first() -> None:
    sets = sets_frame(
        {"name": "Hip Thrust (Barbell)", "at": week(0)},
        {"name": "Nordic Hamstring Curl", "at": week(1)},
        {"name": "Hip Thrust (Barbell)", "at": week(2)},
        # week 3: no training
        {"name": "Hip Thrust (Barbell)", "at": week(4)},
        {"name": "Nordic Hamstring Curl", "at": week(5)},
    )
    assert stored_weekly(sets, CREDIT).get_column("weeks_since_eccentric").to_list() == [None, 0, 1, 2, 3, 0]


def test_athletes_get_separate_contiguous_weeks() -> None:
    sets = sets_frame(
        {"name": "Hip Thrust (Barbell)", "at": week(0), "athlete": "ana"},
        {"name": "Hip Thrust (Barbell)", "at": week(2), "athlete": "ana"},
        {"name": "Nordic Hamstring Curl", "at": week(1), "athlete": "bo"},
    )
    weekly = stored_weekly(sets, CREDIT)
    assert weekly.select("athlete", "week_start", "workouts").rows() == [
        ("ana", date(2024, 1, 1), 1),
        ("ana", date(2024, 1, 8), 0),
        ("ana", date(2024, 1, 15), 1),
        ("bo", date(2024, 1, 8), 1),
    ]
    assert weekly.filter(athlete="bo").item(0, "weeks_since_eccentric") == 0
    assert weekly.filter(athlete="ana").get_column("weeks_since_eccentric").to_list() == [None, None, None]


def test_start_and_end_select_weeks_but_rolling_values_keep_the_history() -> None:
    sets = sets_frame(
        *repeat(8, "Hip Thrust (Barbell)", week(0)),
        {"name": "Nordic Hamstring Curl", "at": week(0)},
        *repeat(6, "Hip Thrust (Barbell)", week(1)),
        *repeat(9, "Hip Thrust (Barbell)", week(5)),  # after --to: ignored
    )
    weekly = stored_weekly(sets, CREDIT, start=date(2024, 1, 10), end=date(2024, 1, 24))
    assert weekly.get_column("week_start").to_list() == [
        date(2024, 1, 8),
        date(2024, 1, 15),
        date(2024, 1, 22),
    ]
    # 14 glute sets to 1 hamstring set, but over 2 weeks only: leaning, not (yet) dominant.
    assert weekly.get_column("status").to_list() == ["glute_leaning", "no_training", "no_training"]
    assert weekly.item(0, "glute_sets_4w") == 7.0  # (8 + 6) / 2: the week before --from is in the window
    assert weekly.item(0, "weeks_since_eccentric") == 1
    assert weekly.item(2, "weeks_since_eccentric") == 3


def test_start_and_end_outside_the_log_pad_with_no_training_weeks() -> None:
    sets = sets_frame(*repeat(2, "Hip Thrust (Barbell)", week(3)))
    weekly = stored_weekly(sets, CREDIT, start=date(2024, 1, 2), end=date(2024, 2, 1))
    assert weekly.select("week_start", "status").rows() == [
        (date(2024, 1, 1), "no_training"),
        (date(2024, 1, 8), "no_training"),
        (date(2024, 1, 15), "no_training"),
        (date(2024, 1, 22), "low_volume"),
        (date(2024, 1, 29), "no_training"),
    ]
    # Weeks before the log are gaps: the first training week's mean is its own 2 sets, not 2 / 4.
    assert weekly.get_column("glute_sets_4w").to_list() == [None, None, None, 2.0, 2.0]
    assert stored_weekly(sets, CREDIT, end=date(2024, 1, 14)).height == 0


def test_no_sets_gives_an_empty_valid_frame() -> None:
    weekly = stored_weekly(sets_frame(), CREDIT)
    assert weekly.height == 0
    assert weekly.schema == pl.Schema(WEEKLY_COLUMNS)


def test_missing_columns_are_a_clear_error() -> None:
    with pytest.raises(ValueError, match="credit frame lacks column"):
        stored_weekly(sets_frame(), CREDIT.drop("mapped"))


# --- status --------------------------------------------------------------------------------------


def statuses(sets: pl.DataFrame, **options: Any) -> list[str]:
    return stored_weekly(sets, CREDIT, BalanceSettings(**options)).get_column("status").to_list()


def test_every_status_is_reachable() -> None:
    assert statuses(training([(10, 8)])) == ["balanced"]
    assert statuses(training([(12, 2)] * 3)) == ["glute_leaning", "glute_leaning", "glute_dominant"]
    assert statuses(training([(2, 12)] * 3)) == [
        "hamstring_leaning",
        "hamstring_leaning",
        "hamstring_dominant",
    ]
    assert statuses(training([(4, 3)])) == ["low_volume"]
    assert statuses(training([(10, 8)], knee="all")) == ["missing_hip_extension"]
    assert statuses(training([(10, 8)], knee="none")) == ["missing_knee_flexion"]
    assert statuses(training([(10, 8), (0, 0), (10, 8)]))[1] == "no_training"
    no_legs = sets_frame(*repeat(5, "Bench Press (Barbell)", week(0)))
    assert statuses(no_legs) == ["no_lower_body"]
    assert STATUSES == (
        "no_training",
        "no_lower_body",
        "low_volume",
        "glute_dominant",
        "hamstring_dominant",
        "glute_leaning",
        "hamstring_leaning",
        "missing_hip_extension",
        "missing_knee_flexion",
        "balanced",
    )


def test_dominance_must_be_sustained_before_it_is_flagged() -> None:
    # Rolling glute:ham (4 weeks): week 4 -> 30/20 = 1.5 (not above), weeks 5-7 -> 2.25, 3.5, 6.0.
    log = training([(6, 6)] * 4 + [(12, 2)] * 4)
    assert statuses(log) == ["balanced"] * 5 + ["glute_leaning"] * 2 + ["glute_dominant"]
    assert statuses(log, sustained_weeks=1) == ["balanced"] * 5 + ["glute_dominant"] * 3


def test_a_short_log_leans_until_the_lean_has_lasted() -> None:
    # A first week is never "dominant ... week after week": it needs sustained_weeks weeks and 2+ training weeks.
    assert statuses(training([(12, 2), (12, 2)])) == ["glute_leaning", "glute_leaning"]
    assert statuses(training([(12, 2), (12, 2)]), sustained_weeks=2) == ["glute_leaning", "glute_dominant"]
    assert statuses(training([(12, 2)]), sustained_weeks=1) == [
        "glute_leaning"
    ]  # 1 training week: still early


def test_a_week_with_no_training_in_its_window_breaks_a_streak() -> None:
    log = training([(12, 2), (12, 2)] + [(0, 0)] * 4 + [(12, 2)])
    assert statuses(log, sustained_weeks=2)[-1] == "glute_leaning"


def test_dominance_needs_the_ratio_on_its_side_of_the_band() -> None:
    # 10 glute vs 4 hamstring sets (ratio 2.5) is inside a band up to 3: the old neglected-side floor no
    # longer calls it dominant beside a ratio inside the band.
    assert statuses(training([(10, 4)] * 3), dominance_ratio=3.0) == ["balanced"] * 3
    assert statuses(training([(4, 10)] * 3), dominance_ratio=3.0) == ["balanced"] * 3
    assert statuses(training([(6, 10)] * 3), dominance_ratio=1.5) == ["hamstring_leaning"] * 2 + [
        "hamstring_dominant"
    ]


def test_low_volume_takes_precedence_over_a_lopsided_ratio() -> None:
    assert statuses(training([(4, 0)])) == ["low_volume"]
    assert statuses(training([(4, 0)]), low_volume_sets=3.0) == ["glute_leaning"]


def test_gaps_name_each_missing_role_and_only_in_leg_windows() -> None:
    weekly = stored_weekly(training([(10, 8)], knee="none"), CREDIT)
    assert weekly.item(0, "gaps") == "knee_flexion,nordic"
    weekly = stored_weekly(training([(10, 8)]), CREDIT, BalanceSettings(hip_extension_min_sets=5.0))
    assert weekly.item(0, "gaps") == "hip_extension,nordic"
    with_nordics = sets_frame(
        *repeat(10, "Hip Thrust (Barbell)", week(0)),
        *repeat(4, "Nordic Hamstring Curl", week(0)),
        *repeat(4, "45° Back Extension", week(0)),
        *repeat(10, "Hip Thrust (Barbell)", week(4)),
    )
    weekly = stored_weekly(with_nordics, CREDIT, BalanceSettings(window_weeks=8))
    # Nordics 4 weeks back: due again at the default nordic_gap_weeks of 4 (also knee flexion: 4 sets over 2 weeks).
    assert weekly.get_column("gaps").to_list() == ["", "", "", "", "nordic"]
    assert weekly.get_column("weeks_since_nordic").to_list() == [0, 1, 2, 3, 4]
    no_legs = sets_frame(*repeat(5, "Bench Press (Barbell)", week(0)))
    assert stored_weekly(no_legs, CREDIT).item(0, "gaps") == ""


# --- the schema ----------------------------------------------------------------------------------


def valid_weekly() -> pl.DataFrame:
    return stored_weekly(training([(10, 8), (0, 0), (12, 2)]), CREDIT)


@pytest.mark.parametrize(
    ("breakage", "check"),
    [
        (pl.col("glute_sets") + 1, "glute_sets must equal"),
        (pl.lit(float("inf")), "numbers must be finite"),
    ],
)
def test_schema_rejects_a_broken_glute_total_or_an_infinite_ratio(breakage: pl.Expr, check: str) -> None:
    column = "glute_sets" if check.startswith("glute") else "glute_ham_ratio"
    broken = valid_weekly().with_columns(breakage.alias(column))
    with pytest.raises(pa.errors.SchemaErrors) as info:
        WeeklyBalance.validate(broken, lazy=True)
    assert any(check in str(c) for c in info.value.failure_cases.get_column("check").to_list())


def test_schema_rejects_gaps_duplicates_bad_shares_and_unknown_statuses() -> None:
    weekly = valid_weekly()
    cases = {
        "weeks must be contiguous": weekly.filter(pl.col("workouts") > 0),
        "multiple_fields_uniqueness": pl.concat([weekly, weekly.tail(1)]),
        "less_than_or_equal_to(1)": weekly.with_columns(knee_flexion_share=pl.lit(1.5)),
        "isin": weekly.with_columns(status=pl.lit("imbalanced")),
        "hamstring_sets must equal": weekly.with_columns(hamstring_sets=pl.col("hamstring_sets") * 2 + 1),
        "no_training exactly when": weekly.with_columns(status=pl.lit("balanced")),
        "must be a Monday": weekly.with_columns(week_start=pl.col("week_start") + timedelta(days=1)),
    }
    for expected, broken in cases.items():
        with pytest.raises(pa.errors.SchemaErrors) as info:
            WeeklyBalance.validate(broken, lazy=True)
        checks = info.value.failure_cases.get_column("check").to_list()
        assert any(expected in str(c) for c in checks), (expected, checks)


def test_the_computed_frame_passes_its_own_schema() -> None:
    assert WeeklyBalance.validate(valid_weekly()).height == 3


# Each breaks exactly one rule of ``WeeklyBalance``, named by the pandera check that reports it.
BREAKAGES: dict[str, Any] = {
    "weeks must be contiguous": lambda w: w.filter(pl.col("workouts") > 0),
    "multiple_fields_uniqueness": lambda w: pl.concat([w, w.tail(1)]),
    "less_than_or_equal_to(1)": lambda w: w.with_columns(knee_flexion_share=pl.lit(1.5)),
    "isin": lambda w: w.with_columns(status=pl.lit("imbalanced")),
    "hamstring_sets must equal": lambda w: w.with_columns(hamstring_sets=pl.col("hamstring_sets") * 2 + 1),
    "glute_sets must equal": lambda w: w.with_columns(glute_sets=pl.col("glute_sets") + 1),
    "no_training exactly when": lambda w: w.with_columns(status=pl.lit("balanced")),
    "must be a Monday": lambda w: w.with_columns(week_start=pl.col("week_start") + timedelta(days=1)),
    "numbers must be finite": lambda w: w.with_columns(glute_ham_ratio=pl.lit(float("inf"))),
    "greater_than_or_equal_to(0)": lambda w: w.with_columns(quad_sets=pl.lit(-1.0)),
    "str_length": lambda w: w.with_columns(athlete=pl.lit("")),
    "not_nullable": lambda w: w.with_columns(workouts=pl.lit(None, dtype=pl.Int64)),
    "not_nullable ": lambda w: w.with_columns(quad_sets=pl.lit(float("nan"))),  # NaN counts as null
    "dtype('Int64')": lambda w: w.with_columns(workouts=pl.col("workouts").cast(pl.Int32)),
    "column_in_schema": lambda w: w.with_columns(extra=pl.lit(1)),
    "column_ordered": lambda w: w.select("week_start", pl.exclude("week_start")),
    "sets without workouts": lambda w: w.with_columns(unmapped_sets=pl.lit(1, dtype=pl.Int64)),
    "eccentric_clock": lambda w: w.with_columns(weeks_since_eccentric=pl.lit(0, dtype=pl.Int64)),
    "exceed window_weeks": lambda w: w.with_columns(training_weeks_4w=pl.lit(9, dtype=pl.Int64)),
}


@pytest.mark.parametrize("rule", list(BREAKAGES))
def test_the_one_query_check_fails_every_frame_pandera_fails(rule: str) -> None:
    broken = BREAKAGES[rule](valid_weekly())
    assert passes_every_check(WeeklyBalance, broken) is False
    with pytest.raises((pa.errors.SchemaError, pa.errors.SchemaErrors)):
        WeeklyBalance.validate(broken)
    with pytest.raises(pa.errors.SchemaError):
        validate_weekly(broken)  # pandera's own error, as before


def test_the_one_query_check_passes_what_pandera_passes() -> None:
    frames = [
        valid_weekly(),
        valid_weekly().head(0),
        stored_weekly(training([(0, 0), (3, 0), (0, 4), (10, 8)]), CREDIT, BalanceSettings(window_weeks=2)),
        pl.concat([valid_weekly(), valid_weekly().with_columns(athlete=pl.lit("bo"))]),
    ]
    for frame in frames:
        assert passes_every_check(WeeklyBalance, frame) is True
        assert WeeklyBalance.validate(frame).equals(frame)
        assert validate_weekly(frame) is frame


class _Odd(pa.DataFrameModel):
    """A model with a check that is not a plain selection (it reads the whole column)."""

    x: pl.Int64 = pa.Field(unique_values_eq=[1, 2])


def test_a_model_the_one_query_check_cannot_evaluate_always_goes_to_pandera() -> None:
    good, bad = pl.DataFrame({"x": [1, 2, 2]}), pl.DataFrame({"x": [1, 3]})
    assert passes_every_check(_Odd, good) is False and passes_every_check(_Odd, bad) is False
    assert _Odd.validate(good).height == 3
    with pytest.raises(pa.errors.SchemaError):
        _Odd.validate(bad)


def test_every_weekly_frame_is_validated_on_every_call(monkeypatch: pytest.MonkeyPatch) -> None:
    import schemas.fastcheck

    calls: list[int] = []
    real = schemas.fastcheck.passes_every_check

    def counting(model: Any, frame: pl.DataFrame) -> bool:
        calls.append(frame.height)
        return real(model, frame)

    monkeypatch.setattr(schemas.fastcheck, "passes_every_check", counting)
    sets = training([(10, 8), (0, 0), (12, 2)])
    stored_weekly(sets, CREDIT)
    stored_weekly(sets, CREDIT)
    assert calls == [3, 3]  # the same frame twice is checked twice: nothing is remembered


# --- properties ----------------------------------------------------------------------------------

set_strategy = st.fixed_dictionaries(
    {
        "name": st.sampled_from([*EXERCISES, UNMAPPED]),
        "day": st.integers(min_value=0, max_value=60),
        "kind": st.sampled_from(["working", "warmup", "drop", "failure"]),
        "kg": st.one_of(st.none(), st.floats(min_value=-50, max_value=300)),
        "rpe": st.one_of(st.none(), st.sampled_from([5.0, 6.0, 7.5, 9.0, 10.0])),
    }
)


@settings(max_examples=60, deadline=None)
@given(st.lists(set_strategy, min_size=1, max_size=40), st.sampled_from([None, 7.0]))
def test_weekly_totals_add_up_to_the_credited_working_sets(
    items: list[dict[str, Any]], min_rpe: float | None
) -> None:
    sets = sets_frame(
        *(
            {
                "name": i["name"],
                "at": MON + timedelta(days=i["day"]),
                "kind": i["kind"],
                "kg": i["kg"],
                "rpe": i["rpe"],
            }
            for i in items
        )
    )
    # The warm-up-by-load heuristic is off here (tests/etl/analysis/test_warmups.py covers it): with it on,
    # a lighter "working" set before a heavier one of the same lift and session counts as a warm-up.
    weekly = stored_weekly(
        sets, CREDIT, BalanceSettings(min_rpe=min_rpe, warmup_load_share=None)
    )  # validates
    counted = [
        i
        for i in items
        if i["kind"] != "warmup" and (min_rpe is None or i["rpe"] is None or i["rpe"] >= min_rpe)
    ]
    expected_glute = sum(EXERCISES.get(i["name"], (0.0,) * 5 + (False,))[0] for i in counted) + sum(
        EXERCISES.get(i["name"], (0.0,) * 5 + (False,))[1] for i in counted
    )
    assert weekly.get_column("glute_sets").sum() == pytest.approx(expected_glute)
    assert weekly.get_column("unmapped_sets").sum() == sum(i["name"] == UNMAPPED for i in counted)
    first = week_of(MON + timedelta(days=min(i["day"] for i in items)))
    last = week_of(MON + timedelta(days=max(i["day"] for i in items)))
    assert weekly.height == (last - first).days // 7 + 1


# --- the store glue ------------------------------------------------------------------------------


def test_the_selection_picks_athletes_their_first_moments_and_left_out_workouts(con: Any) -> None:
    sunday = datetime(2024, 1, 14, 23, 30)  # Sunday of week 1
    insert_sets(
        con,
        sets_frame(
            {"name": "Hip Thrust (Barbell)", "at": week(0), "kg": None, "rpe": 8.0},
            {"name": "Hip Thrust (Barbell)", "at": sunday},
            *repeat(2, "Hip Thrust (Barbell)", week(2)),
            {"name": "Nordic Hamstring Curl", "at": week(0), "athlete": "bo"},
            *repeat(3, "Hip Thrust (Barbell)", week(1), athlete="cy"),
        ),
    )

    def weeks(sets: StoredSets, end: date | None = None) -> list[tuple[str, date, float]]:
        weekly = weekly_from_store(con, sets, BalanceSettings(), credit=CREDIT, end=end)
        return weekly.select("athlete", "week_start", "glute_sets").rows()

    ana = [(date(2024, 1, 1), 1.0), (date(2024, 1, 8), 1.0), (date(2024, 1, 15), 2.0)]
    assert weeks(StoredSets({"ana": None})) == [("ana", *w) for w in ana]
    # Up to the week of ``end``: the Sunday 23:30 set is in it, the next Monday's are not.
    assert weeks(StoredSets({"ana": None}), end=date(2024, 1, 10)) == [("ana", *w) for w in ana[:2]]
    assert weeks(StoredSets({"nobody": None})) == []
    assert weeks(StoredSets({"ana": week(1)})) == [("ana", *w) for w in ana[1:]]
    # Many athletes in one query, each from their own first moment (ana's: Monday 18:00 of week 1).
    assert weeks(StoredSets({"ana": week(1), "bo": None})) == [
        ("ana", date(2024, 1, 8), 1.0),
        ("ana", date(2024, 1, 15), 2.0),
        ("bo", date(2024, 1, 1), 0.0),
    ]
    everyone = weeks(StoredSets())
    assert {a for a, _, _ in everyone} == {"ana", "bo", "cy"}
    assert ("cy", date(2024, 1, 8), 3.0) in everyone
    # A left-out workout is one athlete's: cy's sets of week 1 stay.
    left_out = [("ana", f"ana|{week(2).isoformat()}"), ("cy", "not a key")]
    assert weeks(StoredSets({"ana": None, "cy": None}, left_out)) == [
        ("ana", date(2024, 1, 1), 1.0),
        ("ana", date(2024, 1, 8), 1.0),
        ("cy", date(2024, 1, 8), 3.0),
    ]


def test_one_athlete_a_group_and_the_whole_store_give_the_same_rows(con: Any) -> None:
    # Round and pound-converted loads over two athletes, so tonnage sums must come out bit-identical every way.
    insert_sets(
        con,
        sets_frame(
            *(
                {
                    "name": name,
                    "at": MON + timedelta(days=d),
                    "kg": 62.5 + d * 0.45359237,
                    "reps": 5.0 + d % 3,
                    "athlete": a,
                }
                for d in range(0, 30, 2)
                for name in EXERCISES
                for a in ("bo", "ana")
            ),
        ),
    )
    whole = load_weekly_all(con)
    group = weekly_from_store(con, StoredSets({"ana": None, "bo": None}), BalanceSettings())
    assert group.equals(whole)
    for athlete in ("ana", "bo"):
        assert load_weekly(con, athlete, BalanceSettings()).equals(whole.filter(athlete=athlete))
    names = con.execute("SELECT DISTINCT exercise_name FROM sets").fetchall()
    credit = credit_names(name for (name,) in names)
    assert weekly_from_store(con, StoredSets(), BalanceSettings(), credit=credit).equals(whole)


def test_credit_and_overrides_are_one_or_the_other(con: Any) -> None:
    with pytest.raises(ValueError, match="not both"):
        weekly_from_store(con, StoredSets(), BalanceSettings(), credit=CREDIT, overrides={})


def test_load_weekly_reads_the_store_with_taxonomy_credit(con: Any) -> None:
    insert_sets(
        con,
        sets_frame(
            *repeat(3, "Romanian Deadlift (Barbell)", week(0)),
            *repeat(2, "Squat (Barbell)", week(2)),
            {"name": "Hip Thrust (Barbell)", "at": week(0), "athlete": "bo"},
        ),
    )
    weekly = load_weekly(con, "ana")
    assert weekly.get_column("athlete").unique().to_list() == ["ana"]
    assert weekly.get_column("status").to_list()[1] == "no_training"
    assert weekly.item(0, "hamstring_hip_sets") == 3.0  # RDL: hip-extension hamstring work
    assert weekly.item(2, "hamstring_sets") == 0.0  # squats give the hamstrings nothing
    assert weekly.item(2, "quad_sets") == 2.0


def test_the_one_query_check_works_whatever_pandera_ran_first() -> None:
    # pandera builds a model's checks before it registers their polars versions; a fresh process that
    # validates first and checks second must still evaluate every check (not fall back to pandera).
    import subprocess
    import sys

    code = (
        "from tests.etl.analysis.test_weekly import valid_weekly\n"
        "from schemas.weekly import WeeklyBalance\nfrom schemas.fastcheck import passes_every_check\n"
        "w = valid_weekly(); WeeklyBalance.validate(w); print(passes_every_check(WeeklyBalance, w))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
