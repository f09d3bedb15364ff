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

from etl.settings import load_settings
from etl.taxonomy import credit_names, get_overrides, load_taxonomy
from schemas.taxonomy import WEIGHT_COLUMNS

EXERCISE_COLUMNS = (
    "name", "sets", "exercise_id", "display_name", "match", "suggestion", "pattern", *WEIGHT_COLUMNS,
    "eccentric", "lower_body", "glute_sets", "hamstring_sets",
)


def _bounds(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    lo = datetime.combine(start, time.min) if start else None
    hi = datetime.combine(end + timedelta(days=1), time.min) if end else None
    return lo, hi


def logged_names(
    con: duckdb.DuckDBPyConnection, athlete: str, *, start: date | None = None, end: date | None = None,
    min_rpe: float | None = None,
) -> pl.DataFrame:
    """Each distinct exercise name with its working-set count (warm-ups excluded, as in the weekly numbers)."""
    lo, hi = _bounds(start, end)
    rows = con.execute(
        """
        SELECT exercise_name,
               count(*) FILTER (WHERE set_kind <> 'warmup' AND (?::DOUBLE IS NULL OR rpe IS NULL OR rpe >= ?::DOUBLE))
        FROM sets
        WHERE athlete = ?
          AND (?::TIMESTAMP IS NULL OR workout_start >= ?::TIMESTAMP)
          AND (?::TIMESTAMP IS NULL OR workout_start < ?::TIMESTAMP)
        GROUP BY exercise_name
        """,
        [min_rpe, min_rpe, athlete, lo, lo, hi, hi],
    ).fetchall()
    return pl.DataFrame(rows, schema={"name": pl.String, "sets": pl.Int64}, orient="row")


def exercise_table(
    con: duckdb.DuckDBPyConnection, athlete: str, *, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """One row per logged name: its mapping, working sets in range, and its glute and hamstring contribution.

    Unmapped names first, then by sets, most first.
    """
    settings = load_settings(con, athlete)
    names = logged_names(con, athlete, start=start, end=end, min_rpe=settings.min_rpe)
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
