"""Lyfta's CSV export: one row per set, the workout's start and length repeated on each, no unit.

The header starts with a blank (`` Title,Date,Duration,Exercise,"Superset id",Weight,Reps,Distance,Time,"Set Type"``);
``Date`` is the workout's local start (``2025-12-11 12:41:04``), ``Duration`` its length (``01:07:28``),
``Weight`` a load with three decimals in the lifter's unit, which the file does not name (weighed from the
loads as for Strong's unit-less shapes, ``etl.read.units``), ``Distance`` kilometres and ``Time`` a
cardio set's ``mm:ss``. ``Set Type`` is ``NORMAL_SET``, ``WARMUP_SET``, ``DROP_SET``, ``FAILURE_SET``, or
``LEFT_SET`` / ``RIGHT_SET`` for one side of a unilateral exercise (working sets, the side kept in the
notes). A ``Superset id`` is kept in the notes (``superset 1``).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandera.polars as pa
import polars as pl

from etl.read import parse
from etl.read.readers.base import ReadContext, Reader, Sample
from etl.read.readers.common import FieldCheck, ParsedRows, all_blank, number_check, required_check, text
from etl.read.units import pounds_warning, read_as_note, weigh_loads

APP = "lyfta"
HEADER = [
    "Title",
    "Date",
    "Duration",
    "Exercise",
    "Superset id",
    "Weight",
    "Reps",
    "Distance",
    "Time",
    "Set Type",
]
_SET_TYPES = {
    "normal_set": "working",
    "warmup_set": "warmup",
    "drop_set": "drop",
    "failure_set": "failure",
    "left_set": "working",
    "right_set": "working",
}
_SIDES = {"left_set": "left side", "right_set": "right side"}


class LyftaRaw(pa.DataFrameModel):
    """Lyfta's ten columns as text."""

    date: str = pa.Field(alias="Date", nullable=True)
    exercise: str = pa.Field(alias="Exercise", nullable=True)
    weight: str = pa.Field(alias="Weight", nullable=True)
    reps: str = pa.Field(alias="Reps", nullable=True)
    set_type: str = pa.Field(alias="Set Type", nullable=True)
    line: pl.Int64 = pa.Field(alias="_line", ge=1)

    class Config:
        strict = False


def _set_type() -> pl.Expr:
    return text("Set Type").str.to_lowercase()


def _notes(raw: pl.DataFrame) -> pl.Expr:
    superset = text("Superset id") if "Superset id" in raw.columns else pl.lit(None, dtype=pl.String)
    parts = [
        pl.when(superset.is_not_null() & (superset != "0")).then(pl.lit("superset ") + superset),
        _set_type().replace_strict(_SIDES, default=None, return_dtype=pl.String),
    ]
    joined = pl.concat_str(parts, separator=" · ", ignore_nulls=True)
    return pl.when(joined == "").then(None).otherwise(joined)


def parse_rows(raw: pl.DataFrame, *, ctx: ReadContext) -> ParsedRows:
    """Typed sets in kg, metres and seconds; a workout per start stamp."""
    raw = parse.parse_distinct(
        raw,
        {
            "_start": ("Date", (parse.iso_seconds, parse.iso_datetime)),
            "_length": ("Duration", parse.clock_time),
            "_weight": ("Weight", parse.number),
            "_reps": ("Reps", parse.number),
            "_distance": ("Distance", parse.number),
            "_time": ("Time", (parse.clock_time, parse.number)),
        },
    )
    # The loads weighed (etl.read.units), as for Strong's unit-less shapes: a confident guess is used and said;
    # an unsure one reads kg, warned if the loads look like pounds.
    warnings: list[str] = []
    weighed = ctx.file_unit_weighed or weigh_loads(raw.get_column("_weight"))
    guess = weighed.unit
    if ctx.unit is None and weighed.confident and weighed.unit == "lb":
        warnings.append(read_as_note(ctx.filename, weighed))
    elif ctx.unit is None and not weighed.confident and guess == "lb":
        warnings.append(pounds_warning(ctx.filename))
    unit = ctx.unit or (weighed.unit if weighed.confident else "kg")
    weight = pl.col("_weight") * (parse.KG_PER_LB if unit == "lb" else 1.0)
    distance = pl.col("_distance") * parse.M_PER_KM
    kind = _set_type().replace_strict(_SET_TYPES, default=None, return_dtype=pl.String)
    frame = raw.select(
        pl.col("_line"),
        pl.when(all_blank(raw)).then(pl.lit("blank_line")).otherwise(None).alias("skip_reason"),
        pl.col("_start").alias("workout_start"),
        text("Title").alias("workout_name"),
        pl.col("_length").alias("workout_duration_s"),
        pl.lit(None, dtype=pl.String).alias("workout_notes"),
        text("Exercise").alias("exercise_name"),
        kind.alias("set_kind"),
        pl.when(weight == 0).then(None).otherwise(weight).alias("weight_kg"),
        pl.col("_reps").alias("reps"),
        pl.lit(None, dtype=pl.Float64).alias("rpe"),
        pl.when(distance == 0).then(None).otherwise(distance).alias("distance_m"),
        pl.when(pl.col("_time") == 0).then(None).otherwise(pl.col("_time")).alias("duration_s"),
        _notes(raw).alias("notes"),
        pl.lit(None, dtype=pl.Int64).alias("block_hint"),
    )
    checks = [
        required_check("Date", pl.col("_start"), "a date and time like 2025-12-11 12:41:04"),
        required_check("Exercise", text("Exercise"), "an exercise name"),
        FieldCheck(
            "Set Type",
            "one of NORMAL_SET, WARMUP_SET, DROP_SET, FAILURE_SET, LEFT_SET, RIGHT_SET",
            kind.is_null(),
        ),
        number_check("Weight", "a number (the load)", pl.col("_weight")),
        number_check("Reps", "a number of reps", pl.col("_reps")),
        number_check("Distance", "a distance in km", pl.col("_distance")),
        FieldCheck(
            "Duration", "a length like 01:07:28", pl.col("_length").is_null() & text("Duration").is_not_null()
        ),
        FieldCheck(
            "Time",
            "a time like 16:00 (minutes:seconds)",
            pl.col("_time").is_null() & text("Time").is_not_null(),
        ),
    ]
    checks = [c for c in checks if c.column in raw.columns]
    sources = {"weight_kg": "Weight", "reps": "Reps", "distance_m": "Distance", "duration_s": "Time"}
    return ParsedRows(
        frame=frame,
        raw=raw,
        checks=checks,
        source_columns=sources,
        unit=unit,
        unit_guess=guess,
        warnings=warnings,
    )


class LyftaReader(Reader):
    app = APP
    label = "Lyfta"
    expected_header = '\' Title,Date,Duration,Exercise,"Superset id",Weight,Reps,Distance,Time,"Set Type"\''
    raw_schema = LyftaRaw
    set_kinds = _SET_TYPES
    # Re-imports skip workouts stored unchanged (etl.reimport.fingerprint): a workout is its start stamp, newest first.
    workout_columns = ("Date",)
    new_workouts_at = "start"
    guesses_unit = True
    counts_units = True

    def detect(self, sample: Sample) -> str | None:
        """Lyfta's ten columns, in its order."""
        return "sets" if sample.header == HEADER else None

    def required_columns(self, header: Sequence[str], shape: str) -> list[str]:
        return ["Date", "Exercise", "Weight", "Reps", "Set Type"]

    def needs_unit(self, shape: str) -> bool:
        """Lyfta writes loads in the lifter's unit without naming it."""
        return True

    def unit_counts(self, raw: pl.DataFrame, ctx: ReadContext) -> pl.DataFrame:
        """``load, n``: each load and on how many rows (each distinct text parsed once)."""
        if "Weight" not in raw.columns:
            return pl.DataFrame(schema={"load": pl.Float64, "n": pl.Int64})
        texts = raw.get_column("Weight").value_counts(name="n")
        return texts.select(parse.number(pl.col("Weight")).alias("load"), pl.col("n").cast(pl.Int64))

    def parse(self, raw: pl.DataFrame, shape: str, ctx: ReadContext) -> ParsedRows:
        return parse_rows(raw, ctx=ctx)


READER = LyftaReader()
