"""The weekly balance table: one row per athlete per ISO week, the number a lifter came for.

Every front (CLI table, dashboard charts, exports, the verdict text) reads this frame,
so its invariants are checked here once: one row per athlete-week with no gaps between
weeks, ratios that are null rather than infinite, shares inside [0, 1], totals that are
the sums of their parts, and a status from a fixed set.

``validate_weekly`` is how the code validates: every check ``WeeklyBalance`` declares runs on
every frame, but all of them in one polars ``select`` (~2 ms on 800 weeks) instead of pandera's
query after query (~70 ms whatever the size, more than computing the frame). Only a frame that
fails goes through ``WeeklyBalance.validate`` itself, for pandera's error and failure cases.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

from schemas.fastcheck import validated

# In order of precedence (``etl.analysis.weekly._status``): the first that applies is the week's status.
STATUSES = (
    "no_training",  # no workout logged that week
    "no_lower_body",  # workouts, but no glute, hamstring or quad sets in the window
    "low_volume",  # glutes and hamstrings both under low_volume_sets a week
    "glute_dominant",  # ratio above the band for sustained_weeks, with 2+ training weeks
    "hamstring_dominant",
    "glute_leaning",  # ratio above the band, not (yet) sustained
    "hamstring_leaning",
    "missing_hip_extension",  # ratio inside the band, hip-extension hamstring work under its minimum
    "missing_knee_flexion",
    "balanced",  # ratio inside the band and both hamstring roles at or above their minimums
)
# What the ``gaps`` column can name: the roles absent (under their minimum) in the window. The column is
# text, the roles joined by commas in this order ("" when none), so every export format can carry it.
GAP_ROLES = ("hip_extension", "knee_flexion", "nordic")
GAP_SEPARATOR = ","

# Rolling columns keep the ``_4w`` suffix whatever ``window_weeks`` is; the ``window_weeks``
# column says which window produced them.
WEEKLY_COLUMNS: dict[str, pl.DataType] = {
    "athlete": pl.String(),
    "week_start": pl.Date(),
    "workouts": pl.Int64(),
    "glute_max_sets": pl.Float64(),
    "glute_med_sets": pl.Float64(),
    "glute_sets": pl.Float64(),
    "hamstring_hip_sets": pl.Float64(),
    "hamstring_knee_sets": pl.Float64(),
    "hamstring_sets": pl.Float64(),
    "quad_sets": pl.Float64(),
    "eccentric_sets": pl.Int64(),
    "nordic_sets": pl.Int64(),
    "unmapped_sets": pl.Int64(),
    "lower_body_sets": pl.Int64(),
    "warmup_sets_by_load": pl.Int64(),
    "glute_tonnage_kg": pl.Float64(),
    "hamstring_tonnage_kg": pl.Float64(),
    "quad_tonnage_kg": pl.Float64(),
    "glute_ham_ratio": pl.Float64(),
    "ham_quad_ratio": pl.Float64(),
    "knee_flexion_share": pl.Float64(),
    "window_weeks": pl.Int64(),
    "training_weeks_4w": pl.Int64(),
    "glute_sets_4w": pl.Float64(),
    "hamstring_sets_4w": pl.Float64(),
    "hamstring_hip_sets_4w": pl.Float64(),
    "hamstring_knee_sets_4w": pl.Float64(),
    "quad_sets_4w": pl.Float64(),
    "eccentric_sets_4w": pl.Float64(),
    "nordic_sets_4w": pl.Float64(),
    "lower_body_sets_4w": pl.Float64(),
    "glute_ham_ratio_4w": pl.Float64(),
    "ham_quad_ratio_4w": pl.Float64(),
    "knee_flexion_share_4w": pl.Float64(),
    "weeks_since_eccentric": pl.Int64(),
    "weeks_since_nordic": pl.Int64(),
    "status": pl.String(),
    "gaps": pl.String(),
}

SUM_TOLERANCE = 1e-9


class WeeklyBalance(pa.DataFrameModel):
    """Weekly hard-set totals, ratios and the rolling verdict for one or more athletes."""

    athlete: str = pa.Field(str_length={"min_value": 1})
    week_start: pl.Date
    workouts: pl.Int64 = pa.Field(ge=0)
    glute_max_sets: float = pa.Field(ge=0)
    glute_med_sets: float = pa.Field(ge=0)
    glute_sets: float = pa.Field(ge=0)
    hamstring_hip_sets: float = pa.Field(ge=0)
    hamstring_knee_sets: float = pa.Field(ge=0)
    hamstring_sets: float = pa.Field(ge=0)
    quad_sets: float = pa.Field(ge=0)
    eccentric_sets: pl.Int64 = pa.Field(ge=0)
    nordic_sets: pl.Int64 = pa.Field(ge=0)
    unmapped_sets: pl.Int64 = pa.Field(ge=0)
    lower_body_sets: pl.Int64 = pa.Field(ge=0)
    warmup_sets_by_load: pl.Int64 = pa.Field(ge=0)
    glute_tonnage_kg: float = pa.Field(ge=0)
    hamstring_tonnage_kg: float = pa.Field(ge=0)
    quad_tonnage_kg: float = pa.Field(ge=0)
    glute_ham_ratio: float = pa.Field(ge=0, nullable=True)
    ham_quad_ratio: float = pa.Field(ge=0, nullable=True)
    knee_flexion_share: float = pa.Field(ge=0, le=1, nullable=True)
    window_weeks: pl.Int64 = pa.Field(ge=1)
    training_weeks_4w: pl.Int64 = pa.Field(ge=0)
    glute_sets_4w: float = pa.Field(ge=0, nullable=True)
    hamstring_sets_4w: float = pa.Field(ge=0, nullable=True)
    hamstring_hip_sets_4w: float = pa.Field(ge=0, nullable=True)
    hamstring_knee_sets_4w: float = pa.Field(ge=0, nullable=True)
    quad_sets_4w: float = pa.Field(ge=0, nullable=True)
    eccentric_sets_4w: float = pa.Field(ge=0, nullable=True)
    nordic_sets_4w: float = pa.Field(ge=0, nullable=True)
    lower_body_sets_4w: float = pa.Field(ge=0, nullable=True)
    glute_ham_ratio_4w: float = pa.Field(ge=0, nullable=True)
    ham_quad_ratio_4w: float = pa.Field(ge=0, nullable=True)
    knee_flexion_share_4w: float = pa.Field(ge=0, le=1, nullable=True)
    weeks_since_eccentric: pl.Int64 = pa.Field(ge=0, nullable=True)
    weeks_since_nordic: pl.Int64 = pa.Field(ge=0, nullable=True)
    status: str = pa.Field(isin=list(STATUSES))
    gaps: str = pa.Field(
        str_matches=r"^(hip_extension(,knee_flexion)?(,nordic)?|knee_flexion(,nordic)?|nordic)?$"
    )

    class Config:
        strict = True
        ordered = True
        unique = ["athlete", "week_start"]

    @pa.dataframe_check(error="week_start must be a Monday (ISO weeks start on Monday)")
    def weeks_start_on_monday(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("week_start").dt.weekday() == 1)

    @pa.dataframe_check(error="weeks must be contiguous per athlete, sorted, 7 days apart")
    def weeks_are_contiguous(cls, data: PolarsData) -> pl.LazyFrame:
        gap = pl.col("week_start").diff().over("athlete").dt.total_days()
        return data.lazyframe.select(gap.is_null() | (gap == 7))

    @pa.dataframe_check(
        error="numbers must be finite: a ratio with a zero denominator is null, never inf/NaN"
    )
    def numbers_are_finite(cls, data: PolarsData) -> pl.LazyFrame:
        floats = [name for name, dtype in WEEKLY_COLUMNS.items() if dtype == pl.Float64()]
        return data.lazyframe.select(
            pl.all_horizontal(pl.col(name).is_finite().fill_null(True) for name in floats)
        )

    @pa.dataframe_check(error="glute_sets must equal glute_max_sets + glute_med_sets")
    def glute_sum(cls, data: PolarsData) -> pl.LazyFrame:
        parts = pl.col("glute_max_sets") + pl.col("glute_med_sets")
        return data.lazyframe.select((pl.col("glute_sets") - parts).abs() <= SUM_TOLERANCE)

    @pa.dataframe_check(error="hamstring_sets must equal hamstring_hip_sets + hamstring_knee_sets")
    def hamstring_sum(cls, data: PolarsData) -> pl.LazyFrame:
        parts = pl.col("hamstring_hip_sets") + pl.col("hamstring_knee_sets")
        return data.lazyframe.select((pl.col("hamstring_sets") - parts).abs() <= SUM_TOLERANCE)

    @pa.dataframe_check(error="status is no_training exactly when the week has no workouts")
    def no_training_means_no_workouts(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("status") == "no_training") == (pl.col("workouts") == 0))

    @pa.dataframe_check(error="a week without workouts has no sets")
    def no_sets_without_workouts(cls, data: PolarsData) -> pl.LazyFrame:
        no_sets = (
            (pl.col("glute_sets") == 0)
            & (pl.col("hamstring_sets") == 0)
            & (pl.col("quad_sets") == 0)
            & (pl.col("eccentric_sets") == 0)
            & (pl.col("nordic_sets") == 0)
            & (pl.col("unmapped_sets") == 0)
            & (pl.col("lower_body_sets") == 0)
            & (pl.col("warmup_sets_by_load") == 0)
        )
        return data.lazyframe.select((pl.col("workouts") > 0) | no_sets)

    @pa.dataframe_check(error="weeks_since_eccentric is 0 exactly in weeks with eccentric sets")
    def eccentric_clock(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("weeks_since_eccentric") == 0).fill_null(False) == (pl.col("eccentric_sets") > 0)
        )

    @pa.dataframe_check(error="weeks_since_nordic is 0 exactly in weeks with Nordic sets")
    def nordic_clock(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("weeks_since_nordic") == 0).fill_null(False) == (pl.col("nordic_sets") > 0)
        )

    @pa.dataframe_check(error="Nordic sets are eccentric sets: nordic_sets cannot exceed eccentric_sets")
    def nordics_are_eccentric(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("nordic_sets") <= pl.col("eccentric_sets"))

    @pa.dataframe_check(
        error="status is no_lower_body exactly when a training week's window has no lower-body sets"
    )
    def no_lower_body_means_no_leg_sets(cls, data: PolarsData) -> pl.LazyFrame:
        legless = (pl.col("workouts") > 0) & (pl.col("lower_body_sets_4w").fill_null(0.0) == 0)
        return data.lazyframe.select((pl.col("status") == "no_lower_body") == legless)

    @pa.dataframe_check(error="training_weeks_4w cannot exceed window_weeks")
    def training_weeks_within_window(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("training_weeks_4w") <= pl.col("window_weeks"))


def empty_weekly() -> pl.DataFrame:
    """A frame with the weekly columns and no rows (an athlete with no training yet)."""
    return pl.DataFrame(schema=WEEKLY_COLUMNS)


def validate_weekly(frame: pl.DataFrame) -> pl.DataFrame:
    """``WeeklyBalance.validate(frame)``, cheap: the frame itself when it passes every check of the model
    (``schemas.fastcheck``); otherwise pandera validates it and raises its ``SchemaError``."""
    return validated(WeeklyBalance, frame)
