"""The strength-trend table: one row per athlete, tracked lift and week that lift was trained.

``etl.analysis.trends`` builds it; the Balance page's strength chart, the HTML report and ``liftbalance trends``
read it. The checks here are what those fronts rely on: estimated 1RMs are positive where present,
reps are whole and positive, a stall is only marked after at least one week without a new best.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

from schemas.fastcheck import validated

TRENDS_COLUMNS: dict[str, pl.DataType] = {
    "athlete": pl.String(),
    "exercise_id": pl.String(),  # the taxonomy's canonical id (etl/taxonomy/exercises.csv)
    "exercise": pl.String(),  # the taxonomy's display name
    "week_start": pl.Date(),
    "e1rm_kg": pl.Float64(),  # best Epley estimate that week; null when only bodyweight sets were logged
    "best_reps": pl.Int64(),  # most reps in one hard set that week
    "bodyweight": pl.Boolean(),  # the lift is judged by reps (no loaded set in the whole log)
    "best_so_far": pl.Float64(),  # the best e1RM (or reps, for bodyweight lifts) up to and including this week
    "weeks_since_best": pl.Int64(),  # calendar weeks since the last new best (0: a new best this week)
    "stall": pl.Boolean(),  # weeks_since_best >= the stall_weeks setting (a heuristic)
}


class StrengthTrends(pa.DataFrameModel):
    """Weekly estimated 1RM and best reps per tracked posterior-chain lift."""

    athlete: str = pa.Field(str_length={"min_value": 1})
    exercise_id: str = pa.Field(str_length={"min_value": 1})
    exercise: str = pa.Field(str_length={"min_value": 1})
    week_start: pl.Date
    e1rm_kg: float = pa.Field(gt=0, nullable=True)
    best_reps: pl.Int64 = pa.Field(ge=1)
    bodyweight: bool
    best_so_far: float = pa.Field(gt=0)
    weeks_since_best: pl.Int64 = pa.Field(ge=0)
    stall: bool

    class Config:
        strict = True
        ordered = True

    @pa.dataframe_check(error="one row per athlete, exercise and week")
    def unique_week(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(~pl.struct("athlete", "exercise_id", "week_start").is_duplicated())

    @pa.dataframe_check(error="a stall needs at least one week since the last new best")
    def stall_after_best(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(~pl.col("stall") | (pl.col("weeks_since_best") > 0))


def empty_trends() -> pl.DataFrame:
    return pl.DataFrame(schema=TRENDS_COLUMNS)


def validate_trends(frame: pl.DataFrame) -> pl.DataFrame:
    """``StrengthTrends.validate(frame)``, with every check in one polars select when it passes."""
    return validated(StrengthTrends, frame)
