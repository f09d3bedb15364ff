"""Raw rows as each app writes them: every column text, the required ones present.

These models check the first stage boundary: after the CSV is read and before anything
is parsed. Column names are the apps' own (aliases), and optional columns differ by
header shape, so the models are not strict about extra columns. Each reader names its model
(``Reader.raw_schema`` in ``etl.read.readers``): there is no list of apps here.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl


class StrongRaw(pa.DataFrameModel):
    """Strong shapes A, B, C, D and the comma file without Duration (the weight column varies by shape)."""

    date: str = pa.Field(alias="Date", nullable=True)
    exercise_name: str = pa.Field(alias="Exercise Name", nullable=True)
    set_order: str = pa.Field(alias="Set Order", nullable=True)
    reps: str = pa.Field(alias="Reps", nullable=True)
    line: pl.Int64 = pa.Field(alias="_line", ge=1)

    class Config:
        strict = False


class HevyRaw(pa.DataFrameModel):
    """Hevy, metric or imperial, quoted header or not."""

    start_time: str = pa.Field(nullable=True)
    exercise_title: str = pa.Field(nullable=True)
    set_type: str = pa.Field(nullable=True)
    reps: str = pa.Field(nullable=True)
    line: pl.Int64 = pa.Field(alias="_line", ge=1)

    class Config:
        strict = False


class FitNotesRaw(pa.DataFrameModel):
    """FitNotes legacy, current and iOS; ``_repair`` marks rows re-joined or left broken by unquoted commas."""

    date: str = pa.Field(alias="Date", nullable=True)
    exercise: str = pa.Field(alias="Exercise", nullable=True)
    category: str = pa.Field(alias="Category", nullable=True)
    reps: str = pa.Field(alias="Reps", nullable=True)
    repair: str = pa.Field(alias="_repair", nullable=True, isin=["recovered", "broken"])
    line: pl.Int64 = pa.Field(alias="_line", ge=1)

    class Config:
        strict = False


class FitbodRaw(pa.DataFrameModel):
    """Fitbod, ``Weight(kg)`` (or the rarer ``Weight(lbs)``)."""

    date: str = pa.Field(alias="Date", nullable=True)
    exercise: str = pa.Field(alias="Exercise", nullable=True)
    reps: str = pa.Field(alias="Reps", nullable=True)
    is_warmup: str = pa.Field(alias="isWarmup", nullable=True)
    line: pl.Int64 = pa.Field(alias="_line", ge=1)

    class Config:
        strict = False


class LiftosaurRaw(pa.DataFrameModel):
    """Liftosaur's history CSV: required and completed sides of each planned set."""

    workout_datetime: str = pa.Field(alias="Workout DateTime", nullable=True)
    exercise: str = pa.Field(alias="Exercise", nullable=True)
    is_warmup: str = pa.Field(alias="Is Warmup Set?", nullable=True)
    completed_reps: str = pa.Field(alias="Completed Reps", nullable=True)
    completed_weight: str = pa.Field(alias="Completed Weight Value", nullable=True)
    line: pl.Int64 = pa.Field(alias="_line", ge=1)

    class Config:
        strict = False


class StrongLiftsRaw(pa.DataFrameModel):
    """StrongLifts' wide rows (the date and ``Set N`` column names vary, so only Exercise is named)."""

    exercise: str = pa.Field(alias="Exercise", nullable=True)
    line: pl.Int64 = pa.Field(alias="_line", ge=1)

    class Config:
        strict = False


class AlphaRaw(pa.DataFrameModel):
    """Alpha Progression's blocks flattened: one row per set line or per exercise line with warm-ups."""

    workout: str = pa.Field(alias="Workout", nullable=True)
    date: str = pa.Field(alias="Date", nullable=True)
    exercise: str = pa.Field(alias="Exercise", nullable=True)
    warmups: str = pa.Field(alias="Warmups", nullable=True)
    unit: str = pa.Field(alias="Unit", nullable=True)
    weight: str = pa.Field(alias="Weight", nullable=True)
    reps: str = pa.Field(alias="Reps", nullable=True)
    rir: str = pa.Field(alias="RIR", nullable=True)
    line: pl.Int64 = pa.Field(alias="_line", ge=1, unique=True)
    exercise_line: pl.Int64 = pa.Field(alias="_exercise_line", ge=1)

    class Config:
        strict = False


class JefitRaw(pa.DataFrameModel):
    """JEFIT's EXERCISE LOGS rows with their session's start and length joined on."""

    belongsession: str = pa.Field(nullable=True)
    ename: str = pa.Field(nullable=True)
    logs: str = pa.Field(nullable=True)
    mydate: str = pa.Field(nullable=True)
    starttime: str = pa.Field(nullable=True)
    total_time: str = pa.Field(nullable=True)
    line: pl.Int64 = pa.Field(alias="_line", ge=1, unique=True)

    class Config:
        strict = False


class CustomRaw(pa.DataFrameModel):
    """Any CSV read through a column mapping: its columns are the lifter's, checked when mapped."""

    line: pl.Int64 = pa.Field(alias="_line", ge=1)

    class Config:
        strict = False
