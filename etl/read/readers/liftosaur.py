"""Liftosaur's history CSV: one row per planned set, with what was required and what was completed.

Only the completed side is a set: completed reps, completed weight in its own per-row unit,
completed RPE. A planned set with no completed reps was not done and is skipped (counted).
Times are UTC ISO stamps (``2026-03-01T10:00:00.000Z``), converted to wall-clock time in the
ingest time zone. The ``Target Muscles`` / ``Synergist Muscles`` columns are Liftosaur's own
muscle tagging. liftbalance credits muscles from its own taxonomy, never from these, but they
are kept as metadata: the canonical schema has no column for them, so they are appended to the
set's ``notes`` (``solid · target: Glutes · synergists: Hamstrings, Adductors``), where the
lifter can still see them.
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
from schemas.raw import LiftosaurRaw

APP = "liftosaur"

_FLAGS = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}
_WEIGHT_UNITS = {"kg": 1.0, "kgs": 1.0, "lb": parse.KG_PER_LB, "lbs": parse.KG_PER_LB}


def detect(header: list[str]) -> str | None:
    cols = set(header)
    if {"Workout DateTime", "Exercise", "Is Warmup Set?", "Completed Reps", "Completed Weight Value"} <= cols:
        return "history"
    return None


def required_columns(header: list[str]) -> list[str]:
    return ["Workout DateTime", "Exercise", "Is Warmup Set?", "Completed Reps", "Completed Weight Value"]


def needs_unit(shape: str) -> bool:
    return False


def _local(column: pl.Expr, tz: str) -> pl.Expr:
    """Any ISO stamp Liftosaur writes (``2026-03-01T10:00:00.000Z``, ``2026-03-07 09:01:00 +00:00``) →
    wall-clock time in ``tz``; a stamp without offset is taken as local."""
    return parse.wall_clock(column, tz)


def _warmup() -> pl.Expr:
    return (
        text("Is Warmup Set?")
        .str.to_lowercase()
        .replace_strict(_FLAGS, default=None, return_dtype=pl.Boolean)
    )


def _notes(raw: pl.DataFrame) -> pl.Expr:
    """The set's notes, then Liftosaur's muscle tags (kept as metadata; never used for credit)."""
    parts = [text("Notes")] if "Notes" in raw.columns else []
    for column, label in (("Target Muscles", "target"), ("Synergist Muscles", "synergists")):
        if column in raw.columns:
            parts.append(pl.lit(f"{label}: ") + text(column))
    if not parts:
        return pl.lit(None, dtype=pl.String)
    joined = pl.concat_str(parts, separator=" · ", ignore_nulls=True)
    return pl.when(joined == "").then(None).otherwise(joined)


def parse_rows(raw: pl.DataFrame, shape: str, *, unit: str | None, filename: str, tz: str) -> ParsedRows:
    """Typed rows of the completed sets, in kg and seconds."""
    blank = all_blank(raw)
    raw = parse.parse_distinct(
        raw,
        {
            "_start": ("Workout DateTime", lambda stamp: _local(stamp, tz)),
            "_done_at": ("Completed Reps Time", lambda stamp: _local(stamp, tz)),
        },
    )
    start = pl.col("_start")
    row_unit = (
        text("Completed Weight Unit").str.to_lowercase()
        if "Completed Weight Unit" in raw.columns
        else pl.lit(None, dtype=pl.String)
    )
    default = parse.KG_PER_LB if unit == "lb" else 1.0
    factor = row_unit.replace_strict(_WEIGHT_UNITS, default=None, return_dtype=pl.Float64).fill_null(default)
    weight = parse.number(pl.col("Completed Weight Value")) * factor
    warm = text("Is Warmup Set?")

    frame = raw.select(
        pl.col("_line"),
        pl.when(blank)
        .then(pl.lit("blank_line"))
        .when(text("Completed Reps").is_null())
        .then(pl.lit("not_completed"))
        .otherwise(None)
        .alias("skip_reason"),
        start.alias("workout_start"),
        pl.col("_done_at"),
        (text("Day Name") if "Day Name" in raw.columns else pl.lit(None, dtype=pl.String)).alias(
            "workout_name"
        ),
        pl.lit(None, dtype=pl.String).alias("workout_notes"),
        text("Exercise").alias("exercise_name"),
        pl.when(warm.is_null())
        .then(pl.lit("working"))
        .otherwise(pl.when(_warmup()).then(pl.lit("warmup")).when(~_warmup()).then(pl.lit("working")))
        .alias("set_kind"),
        pl.when(weight == 0).then(None).otherwise(weight).alias("weight_kg"),
        parse.number(pl.col("Completed Reps")).alias("reps"),
        parse.number(optional(raw, "Completed RPE")).alias("rpe"),
        pl.lit(None, dtype=pl.Float64).alias("distance_m"),
        pl.lit(None, dtype=pl.Float64).alias("duration_s"),
        _notes(raw).alias("notes"),
        pl.lit(None, dtype=pl.Int64).alias("block_hint"),
    )
    # Liftosaur has no workout length; the last completed set's time gives one.
    length = (pl.col("_done_at").max().over("workout_start") - pl.col("workout_start")).dt.total_seconds()
    frame = frame.with_columns(
        pl.when(length >= 0).then(length.cast(pl.Float64)).otherwise(None).alias("workout_duration_s")
    ).select(
        "_line",
        "skip_reason",
        "workout_start",
        "workout_name",
        "workout_duration_s",
        "workout_notes",
        "exercise_name",
        "set_kind",
        "weight_kg",
        "reps",
        "rpe",
        "distance_m",
        "duration_s",
        "notes",
        "block_hint",
    )
    checks = [
        required_check("Workout DateTime", start, "a date and time like 2026-03-01T10:00:00.000Z"),
        required_check("Exercise", text("Exercise"), "an exercise name"),
        FieldCheck("Is Warmup Set?", "0 or 1", warm.is_not_null() & _warmup().is_null()),
        number_check("Completed Weight Value", "a number (the load)"),
        number_check("Completed Reps", "a number of reps"),
    ]
    if "Completed Weight Unit" in raw.columns:
        checks.append(
            FieldCheck(
                "Completed Weight Unit",
                "kg or lb",
                row_unit.is_not_null() & ~row_unit.is_in(list(_WEIGHT_UNITS)),
            )
        )
    if "Completed RPE" in raw.columns:
        checks.append(number_check("Completed RPE", "an RPE number"))
    sources = {"weight_kg": "Completed Weight Value", "reps": "Completed Reps", "rpe": "Completed RPE"}
    units = raw.select(row_unit).to_series().drop_nulls()
    pounds = int(units.is_in(["lb", "lbs"]).sum())
    main = "lb" if pounds > units.len() - pounds else (unit or "kg")
    return ParsedRows(frame=frame, raw=raw, checks=checks, source_columns=sources, unit=main)


class LiftosaurReader(Reader):
    app = APP
    label = "Liftosaur"
    expected_header = "'Workout DateTime,Program,Day Name,Exercise,Is Warmup Set?,...,Completed Reps,...'"
    raw_schema = LiftosaurRaw

    def detect(self, sample: Sample) -> str | None:
        return detect(sample.header)

    def required_columns(self, header: Sequence[str], shape: str) -> list[str]:
        return required_columns(list(header))

    def parse(self, raw: pl.DataFrame, shape: str, ctx: ReadContext) -> ParsedRows:
        return parse_rows(raw, shape, unit=ctx.unit, filename=ctx.filename, tz=ctx.tz)


READER = LiftosaurReader()
