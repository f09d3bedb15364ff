"""Strong's CSV export in all its shapes: A, B, C, D, the files without Duration, 2016-17's unit-named
columns, and any of them with its header in another language.

Strong has changed its export several times; real files of every shape are in use. An English
header is recognised by its words; any other by its layout and the shapes of its first rows'
values (``etl.read.readers.strong_shapes``), whose columns are then renamed to the English ones. Each
column is read by name from there on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

from etl.read import parse
from etl.read.csvfile import MAX_FIELD_CHARS, read_strings
from etl.read.readers import strong_shapes
from etl.read.readers.base import ReadContext, Reader, Sample
from etl.read.readers.common import ParsedRows, all_blank, number_check, required_check, text
from etl.read.units import UnitGuess, pounds_warning, read_as_note, weigh_loads
from schemas.raw import StrongRaw

APP = "strong"
# The raw column that identifies a workout (its start), for re-imports that skip unchanged workouts
# (etl.reimport.fingerprint). One workout's rows parse the same whatever other rows the file holds.
WORKOUT_COLUMNS = ("Date",)
# Strong's export is oldest first: a later export is an earlier one with workouts appended (etl.reimport.known_region).
NEW_WORKOUTS_AT = "end"

_SET_ORDER_KINDS = {
    "w": "warmup",
    "warm_up": "warmup",
    "warmup": "warmup",
    "warm-up": "warmup",
    "f": "failure",
    "failure": "failure",
    "d": "drop",
    "drop": "drop",
    "drop_set": "drop",
    "dropset": "drop",
}
_NOT_SETS = {"rest timer": "rest_timer", "note": "note_row", "notes": "note_row"}

# Strong 2016-17 named its weight and distance columns by their unit.
_OLD_WEIGHT = {"kg": "Weight (kg)", "kgs": "Weight (kg)", "lb": "Weight (lbs)", "lbs": "Weight (lbs)"}
_OLD_DISTANCE = {
    "km": "Distance (km)",
    "mi": "Distance (mi)",
    "miles": "Distance (miles)",
    "m": "Distance (m)",
}
# Shapes whose files carry no unit: the lifter must say, or the loads are weighed (etl.read.units).
_UNIT_LESS = {"A", "B", "A-no-duration", "2017"}
_SHAPE_NAMES = {
    "C": "semicolon export",
    "D": "semicolon export with units",
    "2016": "2016-17",
    "2017": "2017-19",
}
_WEIGHT_HEADER = re.compile(r"^Weight \((kg|kgs|lb|lbs)\)$", re.IGNORECASE)
_DISTANCE_HEADER = re.compile(
    r"^Distance \((meters|m|km|kilometers|miles|mi|feet|ft|yards|yd)\)$", re.IGNORECASE
)
_DISTANCE_FACTORS = {
    "meters": 1.0,
    "m": 1.0,
    "km": parse.M_PER_KM,
    "kilometers": parse.M_PER_KM,
    "miles": parse.M_PER_MILE,
    "mi": parse.M_PER_MILE,
    "mi.": parse.M_PER_MILE,
    "feet": parse.M_PER_FT,
    "ft": parse.M_PER_FT,
    "yards": parse.M_PER_YD,
    "yd": parse.M_PER_YD,
}


def _column(header: list[str], pattern: re.Pattern[str]) -> str | None:
    return next((h for h in header if pattern.match(h)), None)


def detect(header: list[str]) -> str | None:
    """The Strong shape this header is, or None if it is not Strong's."""
    cols = set(header)
    if not {"Date", "Exercise Name", "Set Order", "Reps"} <= cols:
        return None
    if "Weight Unit" in cols:
        return "D"
    if _column(header, _WEIGHT_HEADER):
        return "C"
    if "Weight" not in cols:
        return "2016" if cols & _OLD_WEIGHT.keys() else None
    if "Duration" not in cols:
        return "A-no-duration"
    return "A" if "Notes" in cols else "B"


def layout_of(shape: str) -> str:
    """``A@German`` -> ``A``: the layout a shape's columns have once renamed to English."""
    return shape.split("@", 1)[0]


def detect_sample(header: list[str], rows: list[list[str]]) -> str | None:
    """``detect`` for an English header, else Strong's layout matched by shape: ``<layout>@<language>``."""
    shape = detect(header)
    if shape is not None:
        return shape
    found = strong_shapes.match(header, rows)
    if found is None or found.language == "English":
        return None
    return f"{found.layout}@{found.language}"


def raw_columns(header: list[str], shape: str) -> list[str]:
    """The names the raw frame's columns get: English for a translated header, ``Weight (kg)`` for 2016's ``kg``."""
    if "@" in shape:
        return strong_shapes.english_header(layout_of(shape))
    if shape == "2016":
        return [_OLD_WEIGHT.get(c.lower(), _OLD_DISTANCE.get(c.lower(), c)) for c in header]
    return list(header)


def shape_label(shape: str) -> str:
    if "@" in shape:
        language = shape.split("@", 1)[1]
        return (
            "Strong (another language)"
            if language == strong_shapes.UNKNOWN_LANGUAGE
            else f"Strong ({language})"
        )
    return f"Strong ({_SHAPE_NAMES[shape]})" if shape in _SHAPE_NAMES else "Strong"


def required_columns(header: list[str]) -> list[str]:
    weight = _column(header, _WEIGHT_HEADER) or "Weight"
    return ["Date", "Exercise Name", "Set Order", weight, "Reps"]


def needs_unit(shape: str) -> bool:
    """Shapes A and B (and the files without Duration), in any language, carry no unit: the lifter must say."""
    return layout_of(shape) in _UNIT_LESS


def unit_counts(raw: pl.DataFrame) -> pl.DataFrame:
    """``load, n``: each load the rows hold and on how many rows, what ``unit_guess`` decides from (a
    re-import that reads only new rows adds up the rest's stored counts: etl.reimport.known_region)."""
    if "Weight" not in raw.columns:
        return pl.DataFrame(schema={"load": pl.Float64, "n": pl.Int64})
    texts = raw.get_column("Weight").value_counts(name="n")  # each distinct text parsed once
    return texts.select(parse.number(pl.col("Weight")).alias("load"), pl.col("n").cast(pl.Int64))


def _set_kind(token: pl.Expr) -> pl.Expr:
    """A ``Set Order`` text -> working / warmup / failure / drop, or null if it is none of them."""
    token = parse.blank_to_null(token).str.to_lowercase()
    numeric = token.str.contains(r"^\d+(\.0+)?$")
    return (
        pl.when(numeric)
        .then(pl.lit("working"))
        .otherwise(token.replace_strict(_SET_ORDER_KINDS, default=None, return_dtype=pl.String))
    )


def _not_a_set(token: pl.Expr) -> pl.Expr:
    """``Rest Timer`` / ``Note`` rows (in Set Order or Exercise Name): why the row is no set, else null."""
    return (
        parse.blank_to_null(token)
        .str.to_lowercase()
        .replace_strict(_NOT_SETS, default=None, return_dtype=pl.String)
    )


def parse_rows(
    raw: pl.DataFrame,
    shape: str,
    *,
    unit: str | None,
    filename: str,
    file_unit_guess: UnitGuess | None = None,
) -> ParsedRows:
    """Typed set rows from Strong's text columns, in kg, metres and seconds.

    ``file_unit_guess`` is ``unit_guess`` of the whole file when ``raw`` is only some of its workouts
    (a re-import parses only the new ones), so the pounds warning is the whole file's."""
    header = list(raw.columns)
    shape = layout_of(shape)
    warnings: list[str] = []
    weight_col = _column(header, _WEIGHT_HEADER) or "Weight"
    distance_col = _column(header, _DISTANCE_HEADER) or ("Distance" if "Distance" in header else None)

    duration_col = next((c for c in ("Duration (sec)", "Workout Duration") if c in header), "Duration")
    # Every column with few distinct values is parsed once per distinct value (see parse_distinct).
    raw = parse.parse_distinct(
        raw,
        {
            "_start": ("Date", (parse.iso_seconds, parse.iso_datetime)),
            "_duration": (duration_col, parse.duration_text),
            "_kind": ("Set Order", _set_kind),
            "_order_skip": ("Set Order", _not_a_set),
            "_name_skip": ("Exercise Name", _not_a_set),
            "_exercise": ("Exercise Name", parse.blank_to_null),
            "_weight": (weight_col, parse.number),
            "_reps": ("Reps", parse.number),
            "_rpe": ("RPE", parse.number),
            "_seconds": ("Seconds", parse.number),
            "_distance": (distance_col or "Distance", parse.number),
            "_workout_name": ("Workout Name", parse.blank_to_null),
            "_workout_notes": ("Workout Notes", parse.blank_to_null),
        },
    )

    used_unit: str | None
    guess: str | None = None
    note: str | None = None
    if shape == "D":
        used_unit = unit or "kg"
        row_unit = text("Weight Unit").str.to_lowercase().str.strip_chars(".")
        lb = pl.lit(parse.KG_PER_LB)
        weight_factor = (
            pl.when(row_unit.is_in(["lb", "lbs"]))
            .then(lb)
            .when(row_unit.is_in(["kg", "kgs"]))
            .then(1.0)
            .otherwise(lb if used_unit == "lb" else pl.lit(1.0))
        )
    elif shape in ("C", "2016"):
        header_unit = _WEIGHT_HEADER.match(weight_col).group(1).lower()  # type: ignore[union-attr]
        used_unit = "lb" if header_unit.startswith("lb") else "kg"
        weight_factor = pl.lit(parse.KG_PER_LB if used_unit == "lb" else 1.0)
    else:
        # The loads weighed (etl.read.units): a confident guess is used and said; else kg, warned if pounds-like.
        weighed = file_unit_guess or weigh_loads(raw.get_column("_weight"))
        guess = weighed.unit
        if unit is None and weighed.confident:
            note = read_as_note(filename, weighed)
            if weighed.unit == "lb":
                warnings.append(note)
        elif unit is None and guess == "lb":
            warnings.append(pounds_warning(filename))
        used_unit = unit or (weighed.unit if weighed.confident else "kg")
        weight_factor = pl.lit(parse.KG_PER_LB if used_unit == "lb" else 1.0)

    default_distance = parse.M_PER_MILE if used_unit == "lb" else parse.M_PER_KM
    if shape == "D":
        row_dunit = text("Distance Unit").str.to_lowercase()
        distance_factor = row_dunit.replace_strict(
            _DISTANCE_FACTORS, default=default_distance, return_dtype=pl.Float64
        )
    elif distance_col and distance_col != "Distance":
        distance_factor = pl.lit(_DISTANCE_FACTORS[_DISTANCE_HEADER.match(distance_col).group(1).lower()])  # type: ignore[union-attr]
    else:
        distance_factor = pl.lit(default_distance)

    weight = pl.col("_weight")
    distance = pl.col("_distance") if distance_col else pl.lit(None, dtype=pl.Float64)
    seconds = pl.col("_seconds")
    skip_reason = (
        pl.when(all_blank(raw))
        .then(pl.lit("blank_line"))
        .otherwise(pl.coalesce(pl.col("_order_skip"), pl.col("_name_skip")))
    )
    frame = raw.select(
        pl.col("_line"),
        skip_reason.alias("skip_reason"),
        pl.col("_start").alias("workout_start"),
        pl.col("_workout_name").alias("workout_name"),
        pl.col("_duration").alias("workout_duration_s"),
        pl.col("_workout_notes").alias("workout_notes"),
        pl.col("_exercise").alias("exercise_name"),
        pl.col("_kind").alias("set_kind"),
        pl.when(weight == 0).then(None).otherwise(weight * weight_factor).alias("weight_kg"),
        pl.col("_reps").alias("reps"),
        pl.col("_rpe").alias("rpe"),
        pl.when(distance == 0).then(None).otherwise(distance * distance_factor).alias("distance_m"),
        pl.when(seconds == 0).then(None).otherwise(seconds).alias("duration_s"),
        text("Notes").alias("notes") if "Notes" in header else pl.lit(None, pl.String).alias("notes"),
        pl.lit(None, dtype=pl.Int64).alias("block_hint"),
    )
    checks = [
        required_check("Date", pl.col("_start"), "a date and time like 2024-03-01 18:02:11"),
        required_check("Exercise Name", pl.col("_exercise"), "an exercise name"),
        required_check(
            "Set Order", pl.col("_kind"), "a set number, or W (warm-up), F (failure), D (drop set)"
        ),
        number_check(weight_col, "a number (the load)", pl.col("_weight")),
        number_check("Reps", "a number of reps", pl.col("_reps")),
    ]
    checks += [
        number_check(c, "a number", pl.col(p))
        for c, p in (("RPE", "_rpe"), ("Seconds", "_seconds"))
        if c in header
    ]
    if distance_col:
        checks.append(number_check(distance_col, "a distance number", pl.col("_distance")))
    sources = {"weight_kg": weight_col, "reps": "Reps", "rpe": "RPE", "duration_s": "Seconds"}
    if distance_col:
        sources["distance_m"] = distance_col
    return ParsedRows(
        frame=frame,
        raw=raw,
        checks=checks,
        source_columns=sources,
        unit=used_unit,
        unit_guess=guess,
        unit_note=note,
        warnings=warnings,
    )


class StrongReader(Reader):
    app = APP
    label = "Strong"
    expected_header = "'Date,Workout Name,...,Exercise Name,Set Order,Weight,Reps,...'"
    raw_schema = StrongRaw
    set_kinds = _SET_ORDER_KINDS
    workout_columns = WORKOUT_COLUMNS
    new_workouts_at = "end"
    guesses_unit = True
    counts_units = True

    def detect(self, sample: Sample) -> str | None:
        return detect_sample(sample.header, sample.rows)

    def shape_label(self, shape: str) -> str:
        return shape_label(shape)

    def raw_columns(self, header: Sequence[str], shape: str) -> list[str]:
        return raw_columns(list(header), shape)

    def required_columns(self, header: Sequence[str], shape: str) -> list[str]:
        return required_columns(raw_columns(list(header), shape))

    def read_raw(
        self,
        text: bytes,
        *,
        delimiter: str,
        header: list[str],
        shape: str,
        ctx: ReadContext,
        max_field_bytes: int = MAX_FIELD_CHARS,
    ) -> pl.DataFrame:
        raw = read_strings(text, delimiter, ctx.filename, header, max_field_bytes=max_field_bytes)
        names = raw_columns(header, shape)
        return raw if names == header else raw.rename(dict(zip(header, names, strict=True)))

    def needs_unit(self, shape: str) -> bool:
        return needs_unit(shape)

    def unit_counts(self, raw: pl.DataFrame, ctx: ReadContext) -> pl.DataFrame:
        return unit_counts(raw)

    def parse(self, raw: pl.DataFrame, shape: str, ctx: ReadContext) -> ParsedRows:
        return parse_rows(
            raw, shape, unit=ctx.unit, filename=ctx.filename, file_unit_guess=ctx.file_unit_weighed
        )


READER = StrongReader()
