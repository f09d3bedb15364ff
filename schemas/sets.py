"""The canonical ``sets`` table: one row per logged set, whatever app it came from.

Every reader normalises into this shape, the store writes exactly these columns,
and every later stage (taxonomy credit, weekly aggregates) reads them. Checking it
once, here, is what lets the rest of the code trust the data.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

SET_KINDS = ("working", "warmup", "drop", "failure")
SOURCES = ("strong", "hevy", "fitnotes", "fitbod", "liftosaur", "stronglifts", "alpha", "jefit", "custom")

# Values no export can mean: the row is rejected (or quarantined with --skip-invalid).
MAX_WEIGHT_KG = 10_000.0
MAX_REPS = 100_000.0
# Values that are odd but genuine (4,500 reps of stair step-ups): loaded as logged, flagged in the report.
IMPLAUSIBLE_WEIGHT_KG = 1_000.0
IMPLAUSIBLE_REPS = 1_000.0

# Column order of the canonical frame and of the DuckDB ``sets`` table.
SET_COLUMNS: dict[str, pl.DataType] = {
    "athlete": pl.String(),
    "source": pl.String(),
    "upload_id": pl.Int64(),
    "workout_key": pl.String(),
    "workout_start": pl.Datetime("us"),
    "tz": pl.String(),
    "workout_name": pl.String(),
    "workout_duration_s": pl.Float64(),
    "workout_notes": pl.String(),
    "exercise_name": pl.String(),
    "exercise_pos": pl.Int32(),
    "set_pos": pl.Int32(),
    "set_kind": pl.String(),
    "weight_kg": pl.Float64(),
    "reps": pl.Float64(),
    "rpe": pl.Float64(),
    "distance_m": pl.Float64(),
    "duration_s": pl.Float64(),
    "notes": pl.String(),
    "source_line": pl.Int64(),
}

# A set's identity: re-importing a cumulative export matches rows on these.
SET_KEY = ("athlete", "source", "workout_start", "exercise_pos", "set_pos")
WORKOUT_KEY = ("athlete", "source", "workout_start")


class CanonicalSets(pa.DataFrameModel):
    """One logged set, in kg, metres and seconds, with its position in the workout."""

    athlete: str = pa.Field(str_length={"min_value": 1, "max_value": 200})
    source: str = pa.Field(isin=list(SOURCES))
    upload_id: pl.Int64 = pa.Field(nullable=True)
    workout_key: str
    workout_start: pl.Datetime = pa.Field(nullable=False)
    tz: str
    workout_name: str = pa.Field(nullable=True)
    workout_duration_s: float = pa.Field(nullable=True, ge=0)
    workout_notes: str = pa.Field(nullable=True)
    exercise_name: str = pa.Field(str_length={"min_value": 1})
    exercise_pos: pl.Int32 = pa.Field(ge=0)
    set_pos: pl.Int32 = pa.Field(ge=0)
    set_kind: str = pa.Field(isin=list(SET_KINDS))
    weight_kg: float = pa.Field(nullable=True, ge=-MAX_WEIGHT_KG, le=MAX_WEIGHT_KG)
    reps: float = pa.Field(nullable=True, ge=0, le=MAX_REPS)
    rpe: float = pa.Field(nullable=True, ge=0, le=10)
    distance_m: float = pa.Field(nullable=True, ge=0)
    duration_s: float = pa.Field(nullable=True, ge=0)
    notes: str = pa.Field(nullable=True)
    source_line: pl.Int64 = pa.Field(ge=1)

    class Config:
        strict = True
        ordered = True
        unique = list(SET_KEY)
