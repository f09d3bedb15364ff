"""StrongLifts' legacy ``spreadsheet-stronglifts.csv``: one wide row per workout.

``Date,Note,Body Weight (KG),Body Weight (LB),`` then a block per exercise:
``Exercise N,Weight (KG),Weight (LB),Set 1,Set 2,Set 3,Set 4,Set 5``. The block names repeat, so the
file is no table with unique columns: ``read_raw`` walks the records and writes one text row per set
cell of every block that names an exercise, with its workout's date, note and body weight.

A set cell holds the reps done; a blank cell in a named block is a set not done (skipped, counted), as
is ``0``. Dates have 2-digit years, day-first in some files and month-first in others: the whole file
decides (``etl.read.dateorder``), or ``--date-order``. The load is the block's ``Weight (KG)``, else its
``Weight (LB)`` converted. The body weight is kept in the workout notes (``body weight 91 kg``).
"""

from __future__ import annotations

import re

import polars as pl

from etl.errors import InputError
from etl.read import dateorder, parse
from etl.read.csvfile import records
from etl.read.readers.base import ReadContext, Sample
from etl.read.readers.common import FieldCheck, ParsedRows, number_check, required_check, text

SHAPE = "sheet"
RAW_COLUMNS = (
    "Date",
    "Note",
    "Body Weight (KG)",
    "Body Weight (LB)",
    "Exercise",
    "Weight (KG)",
    "Weight (LB)",
    "Set",
)
_BLOCK = re.compile(r"^Exercise (\d+)$")
_SET = re.compile(r"^Set (\d+)$")


def detect(sample: Sample) -> str | None:
    header = sample.header
    if (
        header[:1] == ["Date"]
        and "Exercise 1" in header
        and "Set 1" in header
        and ("Weight (KG)" in header or "Weight (LB)" in header)
    ):
        return SHAPE
    return None


def read_raw(data: bytes, *, delimiter: str, header: list[str], ctx: ReadContext) -> pl.DataFrame:
    """One text row per set cell of each named exercise block, with ``_line``, ``_block`` and ``_set``."""
    names = [h.strip() for h in header]
    starts = [i for i, name in enumerate(names) if _BLOCK.match(name)]
    workout_fields = {name: names.index(name) for name in RAW_COLUMNS[:4] if name in names}
    rows: dict[str, list[str | None]] = {c: [] for c in RAW_COLUMNS}
    lines: list[int] = []
    blocks: list[int] = []
    sets: list[int] = []
    for line, record in records(data, ctx.filename, delimiter):
        if line == 1 or not any(field.strip() for field in record):
            continue
        if len(record) > len(names) and any(field.strip() for field in record[len(names) :]):
            raise InputError(
                ctx.filename,
                f"this row has {len(record)} fields but the header {len(names)}; "
                "expected one value per header column",
                line=line,
            )
        workout = {name: record[i] if i < len(record) else None for name, i in workout_fields.items()}
        for number, start in enumerate(starts, start=1):
            end = starts[number] if number < len(starts) else len(names)
            block = {names[i]: record[i] if i < len(record) else "" for i in range(start, end)}
            exercise = block.get(names[start], "").strip()
            if not exercise:
                continue
            for name, value in block.items():
                found = _SET.match(name)
                if found is None:
                    continue
                values = {
                    **workout,
                    "Exercise": exercise,
                    "Weight (KG)": block.get("Weight (KG)"),
                    "Weight (LB)": block.get("Weight (LB)"),
                    "Set": value,
                }
                for column in RAW_COLUMNS:
                    rows[column].append(values.get(column))
                lines.append(line)
                blocks.append(number)
                sets.append(int(found.group(1)))
    if not lines:
        raise InputError(
            ctx.filename,
            "the spreadsheet has no exercise with sets; expected rows like "
            "'19/11/18,,91,,Squat,40,,5,5,5,5,5'",
            line=2,
        )
    frame = pl.DataFrame({c: pl.Series(c, v, dtype=pl.String) for c, v in rows.items()})
    return frame.with_columns(
        pl.Series("_line", lines, dtype=pl.Int64),
        pl.Series("_block", blocks, dtype=pl.Int64),
        pl.Series("_set", sets, dtype=pl.Int64),
    )


def parse_rows(raw: pl.DataFrame, ctx: ReadContext) -> ParsedRows:
    """One typed row per set cell: a set where reps were logged, a skipped row where none were."""
    order = dateorder.decide(
        raw.get_column("Date").filter(raw.get_column("_set") == 1),
        filename=ctx.filename,
        column="Date",
        given=ctx.date_order,
    )
    start = dateorder.to_datetime(parse.blank_to_null(pl.col("Date")), order)
    kg = parse.number(pl.col("Weight (KG)"))
    lb = parse.number(pl.col("Weight (LB)"))
    weight = pl.coalesce(kg, lb * parse.KG_PER_LB)
    reps = parse.number(pl.col("Set"))
    body_kg = parse.number(pl.col("Body Weight (KG)"))
    body_lb = parse.number(pl.col("Body Weight (LB)"))
    body = (
        pl.when(body_kg > 0)
        .then(pl.format("body weight {} kg", text("Body Weight (KG)")))
        .when(body_lb > 0)
        .then(pl.format("body weight {} lb", text("Body Weight (LB)")))
    )
    notes = pl.concat_str([text("Note"), body], separator=" · ", ignore_nulls=True)
    frame = raw.select(
        pl.col("_line"),
        pl.when(text("Set").is_null() | (reps == 0))
        .then(pl.lit("set_not_done"))
        .otherwise(None)
        .alias("skip_reason"),
        start.alias("workout_start"),
        pl.lit(None, dtype=pl.String).alias("workout_name"),
        pl.lit(None, dtype=pl.Float64).alias("workout_duration_s"),
        pl.when(notes == "").then(None).otherwise(notes).alias("workout_notes"),
        text("Exercise").alias("exercise_name"),
        pl.lit("working").alias("set_kind"),
        pl.when(weight == 0).then(None).otherwise(weight).alias("weight_kg"),
        reps.alias("reps"),
        pl.lit(None, dtype=pl.Float64).alias("rpe"),
        pl.lit(None, dtype=pl.Float64).alias("distance_m"),
        pl.lit(None, dtype=pl.Float64).alias("duration_s"),
        pl.lit(None, dtype=pl.String).alias("notes"),
        (pl.col("_set") - 1).alias("block_hint"),
    )
    # A workout's fields repeat on each of its set rows, a block's load on each of its sets: each is checked once.
    first_of_line = pl.col("_line").is_first_distinct()
    first_of_block = pl.struct("_line", "_block").is_first_distinct()
    once = [
        (
            required_check(
                "Date", start, f"a date like 19/11/18 ({'day' if order == 'dmy' else 'month'} first)"
            ),
            first_of_line,
        ),
        (number_check("Weight (KG)", "a load in kg"), first_of_block),
        (number_check("Weight (LB)", "a load in lb"), first_of_block),
        (
            FieldCheck(
                "Body Weight (KG)",
                "a body weight",
                body_kg.is_null() & text("Body Weight (KG)").is_not_null(),
            ),
            first_of_line,
        ),
    ]
    checks = [FieldCheck(check.column, check.expected, check.bad & first) for check, first in once]
    checks.append(number_check("Set", "the reps of the set"))
    unit = "kg" if raw.select(kg.is_not_null().any() | lb.is_null().all()).item() else "lb"
    return ParsedRows(
        frame=frame,
        raw=raw,
        checks=checks,
        source_columns={"weight_kg": "Weight (KG)" if unit == "kg" else "Weight (LB)", "reps": "Set"},
        unit=unit,
    )
