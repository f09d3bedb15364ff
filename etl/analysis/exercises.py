"""Every name a lifter has logged, what it maps to, and what it contributed: the table behind
``liftbalance exercises`` and the dashboard's Exercises page.

An unmatched name is never dropped: it is listed first, with its working-set count and
a suggestion, so the lifter can map it (``etl.taxonomy.set_override``) and see every
week recomputed with it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import duckdb
import polars as pl

from etl.analysis.settings import load_settings
from etl.analysis.warmups import warmup_by_load_sql
from etl.taxonomy import credit_names, get_overrides, load_taxonomy
from schemas.taxonomy import WEIGHT_COLUMNS

EXERCISE_COLUMNS = (
    "name",
    "sets",
    "exercise_id",
    "display_name",
    "match",
    "suggestion",
    "pattern",
    *WEIGHT_COLUMNS,
    "eccentric",
    "lower_body",
    "glute_sets",
    "hamstring_sets",
    "warmups_by_load",
)


def _bounds(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    lo = datetime.combine(start, time.min) if start else None
    hi = datetime.combine(end + timedelta(days=1), time.min) if end else None
    return lo, hi


def logged_names(
    con: duckdb.DuckDBPyConnection,
    athlete: str,
    *,
    start: date | None = None,
    end: date | None = None,
    min_rpe: float | None = None,
    warmup_load_share: float | None = None,
) -> pl.DataFrame:
    """Each distinct exercise name with its working-set count (warm-ups excluded, as in the weekly numbers:
    marked ones, and unmarked ones read from their loads, ``etl.analysis.warmups``) and how many were read so."""
    lo, hi = _bounds(start, end)
    source = """(SELECT athlete, workout_key, exercise_name, exercise_pos, set_pos, set_kind, weight_kg, rpe FROM sets
                 WHERE athlete = $athlete
                   AND ($lo::TIMESTAMP IS NULL OR workout_start >= $lo::TIMESTAMP)
                   AND ($hi::TIMESTAMP IS NULL OR workout_start < $hi::TIMESTAMP))"""
    params: dict[str, object] = {"athlete": athlete, "lo": lo, "hi": hi, "min_rpe": min_rpe}
    if warmup_load_share is not None:
        params["share"] = warmup_load_share
    marked = warmup_by_load_sql(source, None if warmup_load_share is None else "$share")
    rows = con.execute(
        f"""
        SELECT exercise_name,
               count(*) FILTER (WHERE set_kind <> 'warmup' AND NOT warmup_by_load
                                AND ($min_rpe::DOUBLE IS NULL OR rpe IS NULL OR rpe >= $min_rpe::DOUBLE)),
               count(*) FILTER (WHERE warmup_by_load)
        FROM ({marked})
        GROUP BY exercise_name
        """,  # noqa: S608 - only our own SQL is formatted in; values are parameters
        params,
    ).fetchall()
    return pl.DataFrame(
        rows, schema={"name": pl.String, "sets": pl.Int64, "warmups_by_load": pl.Int64}, orient="row"
    )


def exercise_table(
    con: duckdb.DuckDBPyConnection, athlete: str, *, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """One row per logged name: its mapping, working sets in range, and its glute and hamstring contribution.

    Unmapped names first, then by sets, most first.
    """
    settings = load_settings(con, athlete)
    names = logged_names(
        con,
        athlete,
        start=start,
        end=end,
        min_rpe=settings.min_rpe,
        warmup_load_share=settings.warmup_load_share,
    )
    credit = credit_names(names.get_column("name").to_list(), get_overrides(con, athlete))
    display = load_taxonomy().select(pl.col("exercise_id"), pl.col("name").alias("display_name"))
    table = (
        names.join(credit, on="name", how="left")
        .join(display, on="exercise_id", how="left")
        .with_columns(
            (pl.col("sets") * (pl.col("glute_max") + pl.col("glute_med"))).alias("glute_sets"),
            (pl.col("sets") * (pl.col("hamstring_hip") + pl.col("hamstring_knee"))).alias("hamstring_sets"),
        )
        .sort(
            [pl.col("match") != "unmapped", pl.col("sets"), pl.col("name")],
            descending=[False, True, False],
        )
    )
    return table.select(EXERCISE_COLUMNS)
