"""StrongLifts' CSV export: one wide row per exercise, ``Set 1 (Reps), Set 1 (KG), … Set N`` pairs.

Each non-empty pair becomes one set. A pair with 0 reps is a set the lifter did not do (the
app's ``-``) and is skipped, counted; an exercise row with no pair at all is skipped the same
way. The unit is in the pair headers (``KG`` or ``LB``); the file starts with a UTF-8 BOM,
which decoding removes. The workout starts at its date plus ``Start Time`` (``7:37 PM``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

from etl.read import parse
from etl.read.csvfile import MAX_FIELD_CHARS
from etl.read.readers import stronglifts_sheet
from etl.read.readers.base import ReadContext, Reader, Sample
from etl.read.readers.common import ParsedRows, all_blank, number_check, required_check, text
from schemas.raw import StrongLiftsRaw

APP = "stronglifts"

_REPS = re.compile(r"^Set (\d+) \(Reps\)$", re.IGNORECASE)
_LOAD = re.compile(r"^Set (\d+) \((KG|KGS|LB|LBS)\)$", re.IGNORECASE)
_ABSENT = "_absent"


def _date_column(header: list[str]) -> str | None:
    return next((c for c in header if c == "Date" or c.startswith("Date (")), None)


def _pairs(header: list[str]) -> list[tuple[int, str, str]]:
    """(set number, reps column, load column) for every set number that has both."""
    reps = {int(m.group(1)): c for c in header if (m := _REPS.match(c))}
    loads = {int(m.group(1)): c for c in header if (m := _LOAD.match(c))}
    return [(i, reps[i], loads[i]) for i in sorted(reps.keys() & loads.keys())]


def detect(header: list[str]) -> str | None:
    if "Exercise" not in header or _date_column(header) is None:
        return None
    pairs = _pairs(header)
    if not pairs:
        return None
    unit = _LOAD.match(pairs[0][2]).group(2).lower()  # type: ignore[union-attr]
    return "lb" if unit.startswith("lb") else "kg"


def required_columns(header: list[str]) -> list[str]:
    return [_date_column(header) or "Date (yyyy/mm/dd)", "Exercise", "Set 1 (Reps)"]


def needs_unit(shape: str) -> bool:
    return False


def _start(raw: pl.DataFrame, date_col: str) -> pl.Expr:
    """The date (``2015/05/25``) at ``Start Time`` (``7:37 PM`` or ``19:37``), or at 00:00 without one."""
    day = parse.blank_to_null(pl.col(date_col)).str.replace_all("/", "-", literal=True)
    time_col = next((c for c in raw.columns if c.startswith("Start Time")), None)
    dt = pl.Datetime("us")
    if time_col is None:
        return parse.iso_datetime(day)
    stamp = day + pl.lit(" ") + parse.blank_to_null(pl.col(time_col)).str.to_uppercase()
    return pl.coalesce(
        stamp.str.strptime(dt, "%Y-%m-%d %I:%M %p", strict=False),
        stamp.str.strptime(dt, "%Y-%m-%d %H:%M", strict=False),
        parse.iso_datetime(day),
    )


def parse_rows(raw: pl.DataFrame, shape: str, *, unit: str | None, filename: str) -> ParsedRows:
    """One typed row per performed set, in kg, ordered as the app lists them."""
    header = list(raw.columns)
    date_col = _date_column(header) or "Date (yyyy/mm/dd)"
    factor = parse.KG_PER_LB if shape == "lb" else 1.0
    pairs = _pairs(header)
    blank = all_blank(raw)
    no_pairs = pl.all_horizontal([text(c).is_null() for _, r, w in pairs for c in (r, w)])
    duration_col = next((c for c in header if c.startswith("Duration")), None)
    start = _start(raw, date_col)
    frames = []
    for i, reps_col, load_col in pairs:
        reps = parse.number(pl.col(reps_col))
        load = parse.number(pl.col(load_col)) * factor
        first = i == pairs[0][0]
        skip = (
            pl.when(blank)
            .then(pl.lit("blank_line" if first else _ABSENT))
            .when(no_pairs)
            .then(pl.lit("no_sets" if first else _ABSENT))
            .when(text(reps_col).is_null() & text(load_col).is_null())
            .then(pl.lit(_ABSENT))
            .when(reps == 0)
            .then(pl.lit("unperformed_set"))
            .otherwise(None)
        )
        frames.append(
            raw.select(
                pl.col("_line"),
                skip.alias("skip_reason"),
                start.alias("workout_start"),
                (text("Workout Name") if "Workout Name" in header else pl.lit(None, dtype=pl.String)).alias(
                    "workout_name"
                ),
                (
                    parse.number(pl.col(duration_col)) * 3600
                    if duration_col
                    else pl.lit(None, dtype=pl.Float64)
                ).alias("workout_duration_s"),
                (text("Notes") if "Notes" in header else pl.lit(None, dtype=pl.String)).alias(
                    "workout_notes"
                ),
                text("Exercise").alias("exercise_name"),
                pl.lit("working").alias("set_kind"),
                pl.when(load == 0).then(None).otherwise(load).alias("weight_kg"),
                reps.alias("reps"),
                pl.lit(None, dtype=pl.Float64).alias("rpe"),
                pl.lit(None, dtype=pl.Float64).alias("distance_m"),
                pl.lit(None, dtype=pl.Float64).alias("duration_s"),
                pl.lit(None, dtype=pl.String).alias("notes"),
                pl.lit(i - 1, dtype=pl.Int64).alias("block_hint"),
            )
        )
    frame = (
        pl.concat(frames, how="vertical")
        .filter(pl.col("skip_reason").ne_missing(_ABSENT))
        .sort("_line", "block_hint", maintain_order=True)
    )
    checks = [
        required_check(date_col, start, "a date like 2015/05/25"),
        required_check("Exercise", text("Exercise"), "an exercise name"),
    ]
    for _, reps_col, load_col in pairs:
        checks += [number_check(reps_col, "a number of reps"), number_check(load_col, "a number (the load)")]
    if duration_col:
        checks.append(number_check(duration_col, "a number of hours", feeds_number=False))
    # Loads and reps come from many columns, so range problems are reported under the canonical name.
    return ParsedRows(
        frame=frame, raw=raw, checks=checks, source_columns={}, unit="lb" if shape == "lb" else "kg"
    )


class StrongLiftsReader(Reader):
    app = APP
    label = "StrongLifts"
    expected_header = "'Date (yyyy/mm/dd),...,Exercise,...,Set 1 (Reps),Set 1 (KG),...'"
    raw_schema = StrongLiftsRaw

    def detect(self, sample: Sample) -> str | None:
        return stronglifts_sheet.detect(sample) or detect(sample.header)

    def shape_label(self, shape: str) -> str:
        if shape == stronglifts_sheet.SHAPE:
            return "StrongLifts (legacy spreadsheet)"
        return "StrongLifts (pounds)" if shape.lower().startswith("lb") else "StrongLifts"

    def required_columns(self, header: Sequence[str], shape: str) -> list[str]:
        return [] if shape == stronglifts_sheet.SHAPE else required_columns(list(header))

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
        if shape == stronglifts_sheet.SHAPE:
            return stronglifts_sheet.read_raw(text, delimiter=delimiter, header=header, ctx=ctx)
        return super().read_raw(
            text, delimiter=delimiter, header=header, shape=shape, ctx=ctx, max_field_bytes=max_field_bytes
        )

    def parse(self, raw: pl.DataFrame, shape: str, ctx: ReadContext) -> ParsedRows:
        if shape == stronglifts_sheet.SHAPE:
            return stronglifts_sheet.parse_rows(raw, ctx)
        return parse_rows(raw, shape, unit=ctx.unit, filename=ctx.filename)


READER = StrongLiftsReader()
