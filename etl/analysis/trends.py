"""Is the posterior chain getting stronger? Estimated 1RM per week for the lifts a lifter actually logs.

Lifters ask one thing every peer app answers and liftbalance did not: whether they are getting
stronger. This module answers it for the posterior chain only, with one named formula:

- **Epley**: 1RM = weight × (1 + reps / 30), only on sets of 1 to 12 reps (``EPLEY_MAX_REPS``; the
  estimate drifts beyond that), and only on hard sets: the app's warm-up marks and the warm-ups read
  from loads (``etl.analysis.warmups``) never count, nor sets under the ``min_rpe`` setting, as in ``etl.analysis.weekly``.
- The lifts are chosen through the taxonomy (``TRACKED_PATTERNS``): hinges (Romanian and stiff-leg
  deadlifts, good mornings), deadlifts, hip thrusts and bridges, leg curls, back extensions, squats and
  Nordic curls. Names the taxonomy reads as the same exercise share one line (its display name).
- A lift with no loaded set in the whole log is a bodyweight lift: it is judged by its best reps.
- A **stall** is a heuristic: no new best (e1RM, or reps for bodyweight lifts) for ``stall_weeks``
  weeks or more (``BalanceSettings.stall_weeks``). A new best clears it.
- Loads are kilograms: the store holds kilograms and liftbalance has no unit preference yet.

``weekly_trends`` is the pure polars function (tested on hand-written sets); ``load_trends`` reads one
athlete's stored sets of the tracked lifts and calls it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import polars as pl

from etl.analysis.settings import BalanceSettings, load_settings, load_source_settings
from etl.analysis.warmups import warmup_by_load
from etl.analysis.weekly import COLUMNS_READ
from etl.store.sources import dropped_workouts
from etl.taxonomy import credit_names, get_overrides
from schemas.trends import TRENDS_COLUMNS, empty_trends, validate_trends

if TYPE_CHECKING:
    import duckdb

# Taxonomy movement patterns whose lifts are tracked (schemas/taxonomy.py's vocabulary).
TRACKED_PATTERNS = ("hip_hinge", "deadlift", "hip_thrust", "knee_flexion", "hip_extension", "squat", "nordic")
EPLEY_MAX_REPS = 12
FORMULA = "Epley: 1RM = weight × (1 + reps ÷ 30), on hard sets of 1–12 reps"
# The stored set columns read: the same as the weekly sums read (the warm-up-by-load rule needs all of them).
SET_COLUMNS = COLUMNS_READ


def epley(weight_kg: pl.Expr, reps: pl.Expr) -> pl.Expr:
    """Epley's estimated one-rep max; null outside 1..12 reps or without a positive load."""
    ok = (reps >= 1) & (reps <= EPLEY_MAX_REPS) & (weight_kg > 0)
    return pl.when(ok).then(weight_kg * (1 + reps / 30))


def tracked_names(names: list[str], overrides: dict[str, str] | None = None) -> pl.DataFrame:
    """``{name, exercise_id, exercise}`` for the logged names the taxonomy reads as a tracked lift."""
    from etl.taxonomy import load_taxonomy

    if not names:
        return pl.DataFrame(schema={"name": pl.String(), "exercise_id": pl.String(), "exercise": pl.String()})
    credit = credit_names(names, overrides).filter(pl.col("pattern").is_in(TRACKED_PATTERNS))
    display = load_taxonomy().select("exercise_id", pl.col("name").alias("exercise"))
    return (
        credit.select("name", "exercise_id")
        .join(display, on="exercise_id", how="left")
        .select("name", "exercise_id", pl.col("exercise").fill_null(pl.col("exercise_id")))
    )


def weekly_trends(sets: pl.DataFrame, names: pl.DataFrame, settings: BalanceSettings) -> pl.DataFrame:
    """One row per athlete, tracked exercise and week trained (``schemas.trends``), from canonical sets.

    ``sets`` has ``SET_COLUMNS``; ``names`` is ``tracked_names``' answer (names not in it are ignored)."""
    if sets.height == 0 or names.height == 0:
        return empty_trends()
    hard = pl.col("set_kind") != "warmup"
    if settings.min_rpe is not None:
        hard &= pl.col("rpe").is_null() | (pl.col("rpe") >= settings.min_rpe)
    marked = sets.with_columns(by_load=warmup_by_load(settings.warmup_load_share))
    counted = (
        marked.filter(hard & ~pl.col("by_load") & (pl.col("reps") >= 1))
        .join(names, left_on="exercise_name", right_on="name", how="inner")
        .with_columns(
            week_start=pl.col("workout_start").dt.truncate("1w").dt.date(),
            e1rm=epley(pl.col("weight_kg"), pl.col("reps")),
            loaded=pl.col("weight_kg").fill_null(0) > 0,
        )
    )
    key = ("athlete", "exercise_id")
    weeks = (
        counted.group_by(*key, "exercise", "week_start")
        .agg(
            e1rm_kg=pl.col("e1rm").max(),
            best_reps=pl.col("reps").max().floor().cast(pl.Int64),
            any_loaded=pl.col("loaded").any(),
        )
        .with_columns(bodyweight=~pl.col("any_loaded").any().over(key))
        .sort(*key, "week_start")
    )
    metric = (
        pl.when(pl.col("bodyweight")).then(pl.col("best_reps").cast(pl.Float64)).otherwise(pl.col("e1rm_kg"))
    )
    before = metric.cum_max().shift(1).over(key)
    new_best = metric.is_not_null() & (before.is_null() | (metric > before))
    last_best = pl.when(new_best).then(pl.col("week_start")).forward_fill().over(key)
    out = (
        weeks.with_columns(best_so_far=metric.cum_max().forward_fill().over(key), _last_best=last_best)
        .filter(
            pl.col("best_so_far").is_not_null()
        )  # a loaded lift's bodyweight-only weeks before its first load
        .with_columns(weeks_since_best=((pl.col("week_start") - pl.col("_last_best")).dt.total_days() // 7))
        .with_columns(stall=pl.col("weeks_since_best") >= settings.stall_weeks)
        .select(pl.col(name).cast(dtype) for name, dtype in TRENDS_COLUMNS.items())
    )
    return validate_trends(out)


def read_tracked_sets(
    con: duckdb.DuckDBPyConnection, athlete: str, *, end: date | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The athlete's stored sets of tracked lifts (whole sessions of those exercises, for the warm-up rule),
    and ``tracked_names`` for them. Overlapping sessions logged in two apps count once (``etl.store.sources``)."""
    logged = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT exercise_name FROM sets WHERE athlete = ?", [athlete]
        ).fetchall()
    ]
    names = tracked_names(logged, get_overrides(con, athlete))
    if names.height == 0:
        return pl.DataFrame(schema={c: pl.Null() for c in SET_COLUMNS}), names
    until = (
        None
        if end is None
        else datetime.combine(end + timedelta(days=7 - end.weekday()), datetime.min.time())
    )
    dropped = dropped_workouts(con, athlete, load_source_settings(con, athlete).source_priority)
    frame = con.sql(
        f"""
        SELECT {", ".join(SET_COLUMNS)} FROM sets
        WHERE athlete = $athlete AND list_contains($names::VARCHAR[], exercise_name)
          AND ($until::TIMESTAMP IS NULL OR workout_start < $until::TIMESTAMP)
          AND NOT list_contains($dropped::VARCHAR[], workout_key)
        """,  # noqa: S608 - fixed column names only; values are parameters
        params={
            "athlete": athlete,
            "names": names.get_column("name").to_list(),
            "until": until,
            "dropped": dropped,
        },
    ).pl()
    return frame, names


def load_trends(
    con: duckdb.DuckDBPyConnection,
    athlete: str,
    settings: BalanceSettings | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
) -> pl.DataFrame:
    """``weekly_trends`` for one athlete from the store, with their settings and taxonomy overrides.

    Bests are counted over the whole log up to ``end``; ``start`` only trims the rows returned."""
    settings = settings or load_settings(con, athlete)
    sets, names = read_tracked_sets(con, athlete, end=end)
    if sets.height == 0:
        return empty_trends()
    trends = weekly_trends(sets, names, settings)
    if start is not None:
        trends = trends.filter(pl.col("week_start") >= start - timedelta(days=start.weekday()))
    return trends
