"""The coach's roster: one row per athlete, what ``etl.analysis.roster`` hands the roster page and its exports.

The checks are the ones the page relies on: one row per athlete, a status from the weekly table's
fixed set, counts that are never negative, a sparkline of at most 12 weeks.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

from schemas.fastcheck import validated
from schemas.weekly import STATUSES

SPARK_WEEKS = 12

ROSTER_COLUMNS: dict[str, pl.DataType] = {
    "athlete": pl.String(),
    "status": pl.String(),  # the status of the athlete's last training week (schemas.weekly.STATUSES)
    "status_weeks": pl.Int64(),  # weeks that status has held, up to and including the last training week
    "status_held_longer": pl.Boolean(),  # it held through every week the roster looked at: "N+ weeks"
    "glute_ham_ratio": pl.Float64(),  # the rolling glute:hamstring set ratio at the last training week
    "ratio_weeks": pl.List(pl.Float64()),  # that ratio for the last (up to) 12 weeks, oldest first
    "hip_extension_sets": pl.Float64(),  # rolling hip-extension hamstring sets per training week
    "hip_extension_min": pl.Float64(),  # the athlete's minimum (a heuristic setting)
    "knee_flexion_sets": pl.Float64(),
    "knee_flexion_min": pl.Float64(),
    "weeks_since_nordic": pl.Int64(),  # from the last Nordic curls to the last training week; null: never
    "last_training_day": pl.Date(),
    "weeks_without_training": pl.Int64(),  # from the week of the last training day to the week of "today"
    "sources": pl.List(pl.String()),  # app ids (etl.read.detect READERS keys) the athlete's sets came from
    "needs_attention": pl.Boolean(),  # dominant, a hamstring role missing, or no training for 2+ weeks
}


class Roster(pa.DataFrameModel):
    """One row per athlete of a database."""

    athlete: str = pa.Field(str_length={"min_value": 1}, unique=True)
    status: str = pa.Field(isin=list(STATUSES))
    status_weeks: pl.Int64 = pa.Field(ge=0, nullable=True)
    status_held_longer: bool
    glute_ham_ratio: float = pa.Field(ge=0, nullable=True)
    ratio_weeks: pl.List(pl.Float64()) = pa.Field(nullable=True)  # type: ignore[valid-type]
    hip_extension_sets: float = pa.Field(ge=0, nullable=True)
    hip_extension_min: float = pa.Field(ge=0)
    knee_flexion_sets: float = pa.Field(ge=0, nullable=True)
    knee_flexion_min: float = pa.Field(ge=0)
    weeks_since_nordic: pl.Int64 = pa.Field(ge=0, nullable=True)
    last_training_day: pl.Date = pa.Field(nullable=True)
    weeks_without_training: pl.Int64 = pa.Field(nullable=True)
    sources: pl.List(pl.String()) = pa.Field(nullable=True)  # type: ignore[valid-type]
    needs_attention: bool

    class Config:
        strict = True
        ordered = True

    @pa.dataframe_check(error=f"the sparkline holds at most {SPARK_WEEKS} weeks")
    def spark_length(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("ratio_weeks").list.len().fill_null(0) <= SPARK_WEEKS)


def validate_roster(frame: pl.DataFrame) -> pl.DataFrame:
    return validated(Roster, frame)
