"""Week-by-week glute and hamstring hard sets, the rolling ratios, and the verdict.

This is the number a lifter came for. ``weekly_balance`` is a pure polars function of the
canonical sets and a taxonomy credit frame, so it is tested on hand-written frames and
recomputed on demand (never cached, never stale); ``load_weekly`` is the thin glue that
reads one athlete's sets from DuckDB and asks the taxonomy for the credit. Every frame is
validated against ``schemas.weekly.WeeklyBalance`` on every call (``validate_weekly``: all of
the model's checks in one polars query, pandera's own report when one fails).

Rules (science.md): warm-ups never count, drop and failure sets do; a set counts its
exercise's fractional weight for each muscle; weeks are ISO weeks (Monday) in local time
as logged; weeks without training are rows with zero sets but are gaps, not zeros, in
ratios and rolling means; rolling ratios are sums over the window divided by sums, never a
mean of weekly ratios; a zero denominator gives null, never inf.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import polars as pl

from etl.settings import BalanceSettings, load_settings, load_source_settings
from etl.sources import dropped_workouts
from etl.taxonomy import credit_names, get_overrides
from schemas.weekly import WEEKLY_COLUMNS, empty_weekly, validate_weekly

if TYPE_CHECKING:
    import duckdb

SET_COLUMNS_NEEDED: dict[str, pl.DataType] = {
    "athlete": pl.String(),
    "workout_key": pl.String(),
    "workout_start": pl.Datetime("us"),
    "exercise_name": pl.String(),
    "set_kind": pl.String(),
    "weight_kg": pl.Float64(),
    "reps": pl.Float64(),
    "rpe": pl.Float64(),
}
CREDIT_COLUMNS_NEEDED = (
    "name",
    "glute_max",
    "glute_med",
    "hamstring_hip",
    "hamstring_knee",
    "quads",
    "eccentric",
    "mapped",
)
MUSCLE_WEIGHTS = ("glute_max", "glute_med", "hamstring_hip", "hamstring_knee", "quads")

# Weekly totals that roll into a per-training-week mean: weekly column -> rolling column.
ROLLING_MEANS = {
    "glute_sets": "glute_sets_4w",
    "hamstring_sets": "hamstring_sets_4w",
    "hamstring_hip_sets": "hamstring_hip_sets_4w",
    "hamstring_knee_sets": "hamstring_knee_sets_4w",
    "quad_sets": "quad_sets_4w",
    "eccentric_sets": "eccentric_sets_4w",
}
# Ratios as (column, numerator, denominator), weekly and over the rolling window.
RATIOS = (
    ("glute_ham_ratio", "glute_sets", "hamstring_sets"),
    ("ham_quad_ratio", "hamstring_sets", "quad_sets"),
    ("knee_flexion_share", "hamstring_knee_sets", "hamstring_sets"),
)


def week_of(day: date | datetime) -> date:
    """The Monday starting the ISO week that contains ``day``."""
    if isinstance(day, datetime):
        day = day.date()
    return day - timedelta(days=day.weekday())


def _require(frame: pl.DataFrame, columns: tuple[str, ...] | list[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} frame lacks column(s) {missing}; it has {frame.columns}")


def _ratio(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    """num / den, null when den is 0: a ratio with nothing under it is unknown, not infinite."""
    return pl.when(denominator > 0).then(numerator / denominator).otherwise(None)


def _window_sum(column: str, window: int) -> pl.Expr:
    """Sum of ``column`` over this week and the ``window - 1`` before it, per athlete.

    Added up from shifts rather than ``rolling_sum``: no running subtraction, so a window of
    zeros sums to exactly 0 and never to -1e-17.
    """
    shifted = [pl.col(column).shift(k).over("athlete").fill_null(0) for k in range(window)]
    return pl.sum_horizontal(shifted)


def _weekly_totals(sets: pl.LazyFrame, credit: pl.LazyFrame, settings: BalanceSettings) -> pl.LazyFrame:
    """Per athlete-week: workouts, fractional working sets per muscle, eccentric/unmapped sets, tonnage."""
    workouts = sets.group_by("athlete", "week_start").agg(
        pl.col("workout_key").n_unique().cast(pl.Int64).alias("workouts")
    )
    counted = sets.filter(pl.col("set_kind") != "warmup")
    if settings.min_rpe is not None:
        counted = counted.filter(pl.col("rpe").is_null() | (pl.col("rpe") >= settings.min_rpe))
    credited = counted.join(credit, left_on="exercise_name", right_on="name", how="left").with_columns(
        *(pl.col(m).fill_null(0.0) for m in MUSCLE_WEIGHTS),
        pl.col("eccentric").fill_null(False),
        pl.col("mapped").fill_null(False),
        # Bodyweight (null) and assisted (negative) loads add no tonnage; nor do sets without reps.
        (pl.col("weight_kg").clip(lower_bound=0.0).fill_null(0.0) * pl.col("reps").fill_null(0.0)).alias("load"),
    )
    totals = credited.group_by("athlete", "week_start").agg(
        pl.col("glute_max").sum().alias("glute_max_sets"),
        pl.col("glute_med").sum().alias("glute_med_sets"),
        pl.col("hamstring_hip").sum().alias("hamstring_hip_sets"),
        pl.col("hamstring_knee").sum().alias("hamstring_knee_sets"),
        pl.col("quads").sum().alias("quad_sets"),
        pl.col("eccentric").sum().cast(pl.Int64).alias("eccentric_sets"),
        (~pl.col("mapped")).sum().cast(pl.Int64).alias("unmapped_sets"),
        (pl.col("load") * (pl.col("glute_max") + pl.col("glute_med"))).sum().alias("glute_tonnage_kg"),
        (pl.col("load") * (pl.col("hamstring_hip") + pl.col("hamstring_knee"))).sum().alias("hamstring_tonnage_kg"),
        (pl.col("load") * pl.col("quads")).sum().alias("quad_tonnage_kg"),
    )
    return workouts.join(totals, on=["athlete", "week_start"], how="left")


def _week_grid(totals: pl.LazyFrame, start: date | None, end: date | None) -> pl.LazyFrame:
    """Every week from each athlete's first training week (or ``start``) to the last (or ``end``)."""
    first = pl.col("week_start").min()
    last = pl.col("week_start").max()
    if start is not None:
        first = pl.min_horizontal(first, pl.lit(week_of(start)))
    if end is not None:
        last = pl.lit(week_of(end))
    return (
        totals.group_by("athlete")
        .agg(pl.date_ranges(first, last, interval="1w").alias("week_start"))
        .explode("week_start")
        .drop_nulls("week_start")
    )


def _status(settings: BalanceSettings) -> pl.Expr:
    """The verdict for each week, from the rolling per-week means (see ``BalanceSettings``)."""
    s = settings
    glute, ham = pl.col("glute_sets_4w"), pl.col("hamstring_sets_4w")
    # Written as products so "glute work, no hamstring work" is dominance without an infinite ratio.
    glute_heavy = (glute > s.dominance_ratio * ham) | (
        (ham < s.dominance_floor_sets) & (glute >= s.dominance_high_sets)
    )
    ham_heavy = (ham > s.dominance_ratio * glute) | (
        (glute < s.dominance_floor_sets) & (ham >= s.dominance_high_sets)
    )
    low = (glute < s.low_volume_sets) & (ham < s.low_volume_sets)

    def sustained(condition: pl.Expr) -> pl.Expr:
        # Unknown (a window with no training, or before the log starts) does not break a streak,
        # so a log shorter than ``sustained_weeks`` is judged on every week it has.
        known = pl.when(pl.col("training_weeks_4w") > 0).then(condition).otherwise(None)
        recent = [known.shift(k).over("athlete").fill_null(True) for k in range(s.sustained_weeks)]
        return pl.all_horizontal(recent)

    return (
        pl.when(pl.col("workouts") == 0)
        .then(pl.lit("no_training"))
        .when(low)
        .then(pl.lit("low_volume"))
        .when(sustained(glute_heavy))
        .then(pl.lit("glute_dominant"))
        .when(sustained(ham_heavy))
        .then(pl.lit("hamstring_dominant"))
        .otherwise(pl.lit("balanced"))
    )


def weekly_balance(
    sets: pl.DataFrame,
    credit: pl.DataFrame,
    settings: BalanceSettings | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
) -> pl.DataFrame:
    """One validated ``WeeklyBalance`` row per athlete per ISO week.

    ``sets`` needs the canonical columns in ``SET_COLUMNS_NEEDED`` (extra columns are ignored);
    ``credit`` is ``etl.taxonomy.credit_names`` output (names missing from it count as unmapped).
    Rows run from each athlete's first training week (or the week of ``start``, if earlier)
    to the last (or the week of ``end``). Rolling values and ``weeks_since_eccentric`` use
    the whole history before ``start``; sets after ``end`` are ignored.
    """
    settings = settings or BalanceSettings()
    _require(sets, list(SET_COLUMNS_NEEDED), "sets")
    _require(credit, CREDIT_COLUMNS_NEEDED, "credit")
    window = settings.window_weeks

    lazy_sets = sets.lazy().select(
        pl.col(name).cast(dtype) for name, dtype in SET_COLUMNS_NEEDED.items()
    ).with_columns(pl.col("workout_start").dt.truncate("1w").dt.date().alias("week_start"))
    if end is not None:
        lazy_sets = lazy_sets.filter(pl.col("week_start") <= week_of(end))
    lazy_credit = (
        credit.lazy()
        .select(
            pl.col("name").cast(pl.String),
            *(pl.col(m).cast(pl.Float64) for m in MUSCLE_WEIGHTS),
            pl.col("eccentric").cast(pl.Boolean),
            pl.col("mapped").cast(pl.Boolean),
        )
        .unique(subset="name", keep="first")
    )

    totals = _weekly_totals(lazy_sets, lazy_credit, settings)
    weekly = (
        _week_grid(totals, start, end)
        .join(totals, on=["athlete", "week_start"], how="left")
        .with_columns(
            pl.col("workouts", "eccentric_sets", "unmapped_sets").fill_null(0),
            pl.col(
                "glute_max_sets",
                "glute_med_sets",
                "hamstring_hip_sets",
                "hamstring_knee_sets",
                "quad_sets",
                "glute_tonnage_kg",
                "hamstring_tonnage_kg",
                "quad_tonnage_kg",
            ).fill_null(0.0),
        )
        .sort("athlete", "week_start")
        .with_columns(
            (pl.col("glute_max_sets") + pl.col("glute_med_sets")).alias("glute_sets"),
            (pl.col("hamstring_hip_sets") + pl.col("hamstring_knee_sets")).alias("hamstring_sets"),
            (pl.col("workouts") > 0).cast(pl.Int64).alias("_trained"),
            pl.int_range(pl.len()).over("athlete").alias("_week_index"),
        )
        .with_columns(
            *(_ratio(pl.col(num), pl.col(den)).alias(name) for name, num, den in RATIOS),
            *(_window_sum(col, window).alias(f"_{col}_sum") for col in ROLLING_MEANS),
            _window_sum("_trained", window).alias("training_weeks_4w"),
            pl.lit(window, dtype=pl.Int64).alias("window_weeks"),
            (
                pl.col("_week_index")
                - pl.when(pl.col("eccentric_sets") > 0)
                .then(pl.col("_week_index"))
                .forward_fill()
                .over("athlete")
            ).alias("weeks_since_eccentric"),
        )
        .with_columns(
            *(
                _ratio(pl.col(f"_{col}_sum"), pl.col("training_weeks_4w").cast(pl.Float64)).alias(rolling)
                for col, rolling in ROLLING_MEANS.items()
            ),
            *(
                _ratio(pl.col(f"_{num}_sum"), pl.col(f"_{den}_sum")).alias(f"{name}_4w")
                for name, num, den in RATIOS
            ),
        )
        .with_columns(_status(settings).alias("status"))
    )
    if start is not None:
        weekly = weekly.filter(pl.col("week_start") >= week_of(start))
    result = weekly.select(pl.col(name).cast(dtype) for name, dtype in WEEKLY_COLUMNS.items()).collect()
    if result.height == 0:
        result = empty_weekly()
    return validate_weekly(result)


def read_sets(
    con: duckdb.DuckDBPyConnection, athlete: str, *, end: date | None = None
) -> pl.DataFrame:
    """The columns ``weekly_balance`` needs of one athlete's stored sets (up to the week of ``end``).

    All the athlete's sources are merged; a session logged in two apps counts once (``etl.sources``:
    the overlapping workout that loses under the athlete's ``source_priority`` setting is left out)."""
    until = None if end is None else datetime.combine(week_of(end) + timedelta(days=7), datetime.min.time())
    frame = con.sql(
        """
        SELECT athlete, workout_key, workout_start, exercise_name, set_kind, weight_kg, reps, rpe
        FROM sets
        WHERE athlete = ? AND (?::TIMESTAMP IS NULL OR workout_start < ?::TIMESTAMP)
        """,
        params=[athlete, until, until],
    ).pl()
    dropped = dropped_workouts(con, athlete, load_source_settings(con, athlete).source_priority)
    if dropped:
        frame = frame.filter(~pl.col("workout_key").is_in(dropped))
    return frame.select(pl.col(name).cast(dtype) for name, dtype in SET_COLUMNS_NEEDED.items())


def load_weekly(
    con: duckdb.DuckDBPyConnection,
    athlete: str,
    settings: BalanceSettings | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
) -> pl.DataFrame:
    """``weekly_balance`` for one athlete straight from the store, with their overrides and settings.

    ``settings`` defaults to the athlete's stored settings (``etl.settings.load_settings``).
    """
    if settings is None:
        settings = load_settings(con, athlete)
    sets = read_sets(con, athlete, end=end)
    if sets.height == 0:
        return empty_weekly()
    names = sets.get_column("exercise_name").unique().to_list()
    credit = credit_names(names, get_overrides(con, athlete))
    return weekly_balance(sets, credit, settings, start=start, end=end)
