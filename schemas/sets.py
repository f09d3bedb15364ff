"""The canonical ``sets`` table: one row per logged set, whatever app it came from.

Every reader normalises into this shape, the store writes exactly these columns,
and every later stage (taxonomy credit, weekly aggregates) reads them. Checking it
once, here, is what lets the rest of the code trust the data.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

SET_KINDS = ("working", "warmup", "drop", "failure")
# ``source`` is a registered reader's app id (etl.read.readers.registry.APPS, which etl.read.canonical checks);
# schemas depend on nothing of ours, so here it is only held to the shape of an id.
SOURCE_ID = r"^[a-z][a-z0-9_]*$"

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
# Key columns that hold one value in every frame a single import validates, and the rest of the key.
_CONSTANT_IN_A_FILE = ("athlete", "source")
_ORDERED_KEY = ("workout_start", "exercise_pos", "set_pos")


def _ascends_workout_by_workout() -> pl.Expr:
    """True when each workout's rows are one run with (exercise_pos, set_pos) strictly rising in it,
    and no start time begins two runs: then no two rows share (workout_start, exercise_pos, set_pos).
    Any null makes it false (the hashing check then decides)."""
    start, exercise, position = (pl.col(c) for c in _ORDERED_KEY)
    same_workout = (start == start.shift(1)).fill_null(False)
    rising = (exercise > exercise.shift(1)) | (
        (exercise == exercise.shift(1)) & (position > position.shift(1))
    )
    runs_ok = (~same_workout | rising.fill_null(False)).all()
    starts = start.filter(~same_workout)
    return runs_ok & (starts.n_unique() == starts.len()) & (pl.all_horizontal(start.null_count() == 0))


class CanonicalSets(pa.DataFrameModel):
    """One logged set, in kg, metres and seconds, with its position in the workout."""

    athlete: str = pa.Field(str_length={"min_value": 1, "max_value": 200})
    source: str = pa.Field(str_matches=SOURCE_ID)
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
    # One in_range check rather than ge and le: the same bounds, one pass instead of two.
    weight_kg: float = pa.Field(
        nullable=True, in_range={"min_value": -MAX_WEIGHT_KG, "max_value": MAX_WEIGHT_KG}
    )
    reps: float = pa.Field(nullable=True, in_range={"min_value": 0, "max_value": MAX_REPS})
    rpe: float = pa.Field(nullable=True, in_range={"min_value": 0, "max_value": 10})
    distance_m: float = pa.Field(nullable=True, ge=0)
    duration_s: float = pa.Field(nullable=True, ge=0)
    notes: str = pa.Field(nullable=True)
    source_line: pl.Int64 = pa.Field(ge=1)

    @pa.dataframe_check(name="unique set identity (athlete, source, workout_start, exercise_pos, set_pos)")
    @classmethod
    def identity_is_unique(cls, data: PolarsData) -> pl.LazyFrame | bool:
        """No two rows share ``SET_KEY``.

        One import is one athlete and one source, and its rows come workout by workout with
        positions counting up. Then one linear pass proves the key unique, with no hashing (pandera's
        own ``unique`` hashes all five columns, two of them strings, and copies the frame). Any other
        frame is hashed, and a failure is true per row, so it names the duplicated rows."""
        frame = data.lazyframe
        constant = (
            frame.select((pl.col(c) == pl.col(c).first()).all().alias(c) for c in _CONSTANT_IN_A_FILE)
            .collect(engine="in-memory")
            .row(0, named=True)
        )
        key = [c for c in SET_KEY if not constant.get(c, False)]
        # The in-memory engine: on a one-row answer the default streaming engine costs ~0.4 ms more.
        ascends = frame.select(_ascends_workout_by_workout())
        if key == list(_ORDERED_KEY) and ascends.collect(engine="in-memory").item():
            return True
        return frame.select(pl.struct(key).is_duplicated().not_().alias("unique_identity"))

    class Config:
        strict = True
        ordered = True
