"""Fitbod's CSV export: one row per set, UTC-offset timestamps, always kilograms, a warm-up flag.

Fitbod stamps the workout's start (``2024-03-04 18:02:11 +0000``) on every set of that workout,
so the rows sharing one timestamp are one workout. The offset is converted to wall-clock time in
the ingest time zone, like the local times Strong and Hevy write. A few converters have seen a
``Weight(lbs)`` header; it is read and converted too. ``multiplier`` (2 for a pair of dumbbells)
is not applied: loads are stored as logged, per implement, as in every other app.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from etl.read import parse
from etl.read.readers.base import ReadContext, Reader, Sample
from etl.read.readers.common import (
    FieldCheck,
    ParsedRows,
    all_blank,
    number_check,
    optional,
    required_check,
    text,
)
from schemas.raw import FitbodRaw

APP = "fitbod"

_WARMUP = {
    "true": "warmup",
    "1": "warmup",
    "yes": "warmup",
    "false": "working",
    "0": "working",
    "no": "working",
}


def detect(header: list[str]) -> str | None:
    cols = set(header)
    if not {"Date", "Exercise", "Reps", "isWarmup"} <= cols:
        return None
    if "Weight(kg)" in cols:
        return "kg"
    if "Weight(lbs)" in cols or "Weight(lb)" in cols:
        return "lbs"
    return None


def _weight_column(header: list[str]) -> str:
    return next((c for c in ("Weight(kg)", "Weight(lbs)", "Weight(lb)") if c in header), "Weight(kg)")


def required_columns(header: list[str]) -> list[str]:
    return ["Date", "Exercise", "Reps", _weight_column(header), "isWarmup"]


def needs_unit(shape: str) -> bool:
    return False


def _local_start(column: pl.Expr, tz: str) -> pl.Expr:
    """``2024-03-04 18:02:11 +0000`` (or any other ISO form) → wall-clock time in ``tz``; a stamp without
    offset is taken as local."""
    return parse.wall_clock(column, tz)


def _set_kind() -> pl.Expr:
    return text("isWarmup").str.to_lowercase().replace_strict(_WARMUP, default=None, return_dtype=pl.String)


def parse_rows(raw: pl.DataFrame, shape: str, *, unit: str | None, filename: str, tz: str) -> ParsedRows:
    """Typed set rows in kg, metres and seconds, workouts keyed by Fitbod's shared start stamp."""
    weight_col = _weight_column(list(raw.columns))
    weight = parse.number(pl.col(weight_col)) * (parse.KG_PER_LB if shape == "lbs" else 1.0)
    seconds = parse.number(optional(raw, "Duration(s)"))
    distance = parse.number(optional(raw, "Distance(m)"))
    blank = all_blank(raw)
    raw = parse.parse_distinct(raw, {"_start": ("Date", lambda stamp: _local_start(stamp, tz))})
    start = pl.col("_start")
    warmup = text("isWarmup")

    frame = raw.select(
        pl.col("_line"),
        pl.when(blank).then(pl.lit("blank_line")).otherwise(None).alias("skip_reason"),
        start.alias("workout_start"),
        pl.lit(None, dtype=pl.String).alias("workout_name"),
        pl.lit(None, dtype=pl.Float64).alias("workout_duration_s"),
        pl.lit(None, dtype=pl.String).alias("workout_notes"),
        text("Exercise").alias("exercise_name"),
        pl.when(warmup.is_null()).then(pl.lit("working")).otherwise(_set_kind()).alias("set_kind"),
        pl.when(weight == 0).then(None).otherwise(weight).alias("weight_kg"),
        parse.number(pl.col("Reps")).alias("reps"),
        pl.lit(None, dtype=pl.Float64).alias("rpe"),
        pl.when(distance == 0).then(None).otherwise(distance).alias("distance_m"),
        pl.when(seconds == 0).then(None).otherwise(seconds).alias("duration_s"),
        (text("Note") if "Note" in raw.columns else pl.lit(None, dtype=pl.String)).alias("notes"),
        pl.lit(None, dtype=pl.Int64).alias("block_hint"),
    )
    checks = [
        required_check("Date", start, "a date and time like 2024-03-04 18:02:11 +0000"),
        required_check("Exercise", text("Exercise"), "an exercise name"),
        FieldCheck("isWarmup", "true or false", warmup.is_not_null() & _set_kind().is_null()),
        number_check(weight_col, "a number (the load)"),
        number_check("Reps", "a number of reps"),
    ]
    checks += [number_check(c, "a number") for c in ("Duration(s)", "Distance(m)") if c in raw.columns]
    sources = {
        "weight_kg": weight_col,
        "reps": "Reps",
        "duration_s": "Duration(s)",
        "distance_m": "Distance(m)",
    }
    return ParsedRows(
        frame=frame, raw=raw, checks=checks, source_columns=sources, unit="lb" if shape == "lbs" else "kg"
    )


class FitbodReader(Reader):
    app = APP
    label = "Fitbod"
    expected_header = (
        "'Date,Exercise,Reps,Weight(kg),Duration(s),Distance(m),Incline,Resistance,isWarmup,Note,multiplier'"
    )
    raw_schema = FitbodRaw
    set_kinds = _WARMUP

    def detect(self, sample: Sample) -> str | None:
        return detect(sample.header)

    def shape_label(self, shape: str) -> str:
        return "Fitbod (pounds)" if shape == "lbs" else "Fitbod"

    def required_columns(self, header: Sequence[str], shape: str) -> list[str]:
        return required_columns(list(header))

    def parse(self, raw: pl.DataFrame, shape: str, ctx: ReadContext) -> ParsedRows:
        return parse_rows(raw, shape, unit=ctx.unit, filename=ctx.filename, tz=ctx.tz)


READER = FitbodReader()
