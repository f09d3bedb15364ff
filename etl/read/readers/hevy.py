"""Hevy's CSV export: metric (``weight_kg``) or imperial (``weight_lbs``) accounts, any app language.

Hevy writes one row per set, newest workout first, with minute-resolution local times in
the app's language (``8 Apr 2026, 16:50``; ``8 avr. 2026, 16:50`` in French).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from etl.read import parse
from etl.read.readers.base import ReadContext, Reader, Sample
from etl.read.readers.common import ParsedRows, all_blank, number_check, required_check, text
from schemas.raw import HevyRaw

APP = "hevy"
# The raw column that identifies a workout (its start), for re-imports that skip unchanged workouts
# (etl.reimport.fingerprint). One workout's rows parse the same whatever other rows the file holds.
WORKOUT_COLUMNS = ("start_time",)
# Hevy's export is newest first: a later export is an earlier one with workouts put on top (etl.reimport.known_region).
NEW_WORKOUTS_AT = "start"

_SET_TYPES = {
    "normal": "working",
    "warmup": "warmup",
    "failure": "failure",
    "dropset": "drop",
    "drop": "drop",
}


def detect(header: list[str]) -> str | None:
    cols = set(header)
    if not {"start_time", "exercise_title", "set_type", "reps"} <= cols:
        return None
    if "weight_lbs" in cols:
        return "lbs"
    if "weight_kg" in cols:
        return "kg"
    return None


def required_columns(header: list[str]) -> list[str]:
    weight = "weight_lbs" if "weight_lbs" in header else "weight_kg"
    return ["start_time", "exercise_title", "set_type", weight, "reps"]


def needs_unit(shape: str) -> bool:
    return False


def _set_kind(token: pl.Expr) -> pl.Expr:
    return (
        parse.blank_to_null(token)
        .str.to_lowercase()
        .replace_strict(_SET_TYPES, default=None, return_dtype=pl.String)
    )


def parse_rows(raw: pl.DataFrame, shape: str, *, unit: str | None, filename: str) -> ParsedRows:
    """Typed set rows from Hevy's text columns, in kg, metres and seconds."""
    imperial = shape == "lbs"
    weight_col = "weight_lbs" if imperial else "weight_kg"
    distance_col = "distance_miles" if imperial else "distance_km"
    # Every column with few distinct values is parsed once per distinct value (see parse_distinct).
    raw = parse.parse_distinct(
        raw,
        {
            "_start": ("start_time", (parse.hevy_english, parse.localized_day_month_year)),
            "_end": ("end_time", (parse.hevy_english, parse.localized_day_month_year)),
            "_kind": ("set_type", _set_kind),
            "_exercise": ("exercise_title", parse.blank_to_null),
            "_weight": (weight_col, parse.number),
            "_reps": ("reps", parse.number),
            "_rpe": ("rpe", parse.number),
            "_distance": (distance_col, parse.number),
            "_seconds": ("duration_seconds", parse.number),
            "_set_index": ("set_index", parse.number),
            "_title": ("title", parse.blank_to_null),
            "_description": ("description", parse.blank_to_null),
        },
    )
    weight = pl.col("_weight") * (parse.KG_PER_LB if imperial else 1.0)
    distance = pl.col("_distance") * (parse.M_PER_MILE if imperial else parse.M_PER_KM)
    seconds = pl.col("_seconds")
    start, end = pl.col("_start"), pl.col("_end")
    blank = all_blank(raw)

    frame = raw.select(
        pl.col("_line"),
        pl.when(blank).then(pl.lit("blank_line")).otherwise(None).alias("skip_reason"),
        start.alias("workout_start"),
        pl.col("_title").alias("workout_name"),
        pl.when(end >= start)
        .then((end - start).dt.total_seconds().cast(pl.Float64))
        .alias("workout_duration_s"),
        pl.col("_description").alias("workout_notes"),
        pl.col("_exercise").alias("exercise_name"),
        pl.col("_kind").alias("set_kind"),
        pl.when(weight == 0).then(None).otherwise(weight).alias("weight_kg"),
        pl.col("_reps").alias("reps"),
        pl.col("_rpe").alias("rpe"),
        pl.when(distance == 0).then(None).otherwise(distance).alias("distance_m"),
        pl.when(seconds == 0).then(None).otherwise(seconds).alias("duration_s"),
        text("exercise_notes").alias("notes")
        if "exercise_notes" in raw.columns
        else pl.lit(None, pl.String).alias("notes"),
        pl.col("_set_index").cast(pl.Int64).alias("block_hint"),
    )
    checks = [
        required_check("start_time", start, "a date like '8 Apr 2026, 16:50'"),
        required_check("exercise_title", pl.col("_exercise"), "an exercise name"),
        required_check("set_type", pl.col("_kind"), "one of normal, warmup, failure, dropset"),
        number_check(weight_col, "a number (the load)", pl.col("_weight")),
        number_check("reps", "a number of reps", pl.col("_reps")),
    ]
    parsed_optional = {
        "rpe": "_rpe",
        "duration_seconds": "_seconds",
        distance_col: "_distance",
        "set_index": "_set_index",
    }
    checks += [number_check(c, "a number", pl.col(p)) for c, p in parsed_optional.items() if c in raw.columns]
    sources = {
        "weight_kg": weight_col,
        "reps": "reps",
        "rpe": "rpe",
        "distance_m": distance_col,
        "duration_s": "duration_seconds",
    }
    return ParsedRows(
        frame=frame, raw=raw, checks=checks, source_columns=sources, unit="lb" if imperial else "kg"
    )


class HevyReader(Reader):
    app = APP
    label = "Hevy"
    expected_header = "'title,start_time,...,exercise_title,...,set_type,weight_kg,reps,...'"
    raw_schema = HevyRaw
    set_kinds = _SET_TYPES
    workout_columns = WORKOUT_COLUMNS
    new_workouts_at = "start"

    def detect(self, sample: Sample) -> str | None:
        return detect(sample.header)

    def shape_label(self, shape: str) -> str:
        return "Hevy (pounds)" if shape == "lbs" else "Hevy"

    def required_columns(self, header: Sequence[str], shape: str) -> list[str]:
        return required_columns(list(header))

    def parse(self, raw: pl.DataFrame, shape: str, ctx: ReadContext) -> ParsedRows:
        return parse_rows(raw, shape, unit=ctx.unit, filename=ctx.filename)


READER = HevyReader()
