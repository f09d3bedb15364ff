"""FitNotes' CSV export (Android legacy and current, and iOS), including rows broken by unquoted commas.

FitNotes writes no time of day and no workout name: a session is a date, so every set of a
day belongs to the workout starting at that date's midnight. It does not quote exercise or
category names, so ``Overhead Press (Each Side, Dumbbells)`` splits into one field too many.
Such rows are re-joined where exactly one reading fits: the numbers and units line up in the
typed columns, and between readings that differ only in where the name ends and the category
begins, the one whose category the file uses elsewhere (or, failing that, whose brackets all
close) wins. The rest are reported line by line as bad rows, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

from etl.errors import InputError
from etl.read import parse
from etl.read.csvfile import MAX_FIELD_CHARS, records
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
from schemas.raw import FitNotesRaw

APP = "fitnotes"

# ``_repair`` marks rows whose field count did not match the header: re-joined, or left broken (reported).
REPAIR = "_repair"
RECOVERED = "recovered"
BROKEN = "broken"
# Beyond this many surplus fields a row is not a name with a comma in it; it is reported as is.
MAX_SURPLUS_FIELDS = 12
# Free-text columns: the only ones an unquoted comma can split. Every other column holds one typed field.
_FREE_COLUMNS = {"Exercise", "Category", "Comment", "Notes"}

_NUMBER = re.compile(r"^\s*[+-]?\d+(?:[.,]\d+)?\s*$")
_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")
_CLOCK = re.compile(r"^\s*\d+(?::\d{1,2}){0,2}(?:\.\d+)?\s*$")
_WEIGHT_UNITS = {"kg": 1.0, "kgs": 1.0, "lb": parse.KG_PER_LB, "lbs": parse.KG_PER_LB}
_DISTANCE_UNITS = {
    "m": 1.0,
    "meter": 1.0,
    "meters": 1.0,
    "metre": 1.0,
    "metres": 1.0,
    "km": parse.M_PER_KM,
    "kms": parse.M_PER_KM,
    "mi": parse.M_PER_MILE,
    "mile": parse.M_PER_MILE,
    "miles": parse.M_PER_MILE,
    "ft": parse.M_PER_FT,
    "feet": parse.M_PER_FT,
    "yd": parse.M_PER_YD,
    "yds": parse.M_PER_YD,
    "yards": parse.M_PER_YD,
}
# The iOS ``Kind`` column: only these words change a set's kind; anything else is a working set.
_KINDS = {
    "warmup": "warmup",
    "warm-up": "warmup",
    "warm up": "warmup",
    "w": "warmup",
    "drop": "drop",
    "drop set": "drop",
    "dropset": "drop",
    "failure": "failure",
    "f": "failure",
}


def detect(header: list[str]) -> str | None:
    """``current`` (Weight + Weight Unit), ``legacy-lbs`` / ``legacy-kgs`` (unit in the header), ``ios``."""
    cols = set(header)
    if not {"Date", "Exercise", "Category", "Reps"} <= cols:
        return None
    if {"Weight (kg)", "Weight (lbs)"} <= cols:
        return "ios"
    if {"Weight", "Weight Unit"} <= cols:
        return "current"
    if "Weight (lbs)" in cols:
        return "legacy-lbs"
    if "Weight (kgs)" in cols or "Weight (kg)" in cols:
        return "legacy-kgs"
    return None


def _weight_columns(header: list[str]) -> list[str]:
    return [c for c in ("Weight", "Weight (kgs)", "Weight (kg)", "Weight (lbs)") if c in header]


def required_columns(header: list[str]) -> list[str]:
    return ["Date", "Exercise", "Category", *_weight_columns(header), "Reps"]


def needs_unit(shape: str) -> bool:
    """Every FitNotes shape states its unit, in the header or on each row."""
    return False


# --- reading: the file's records, with broken rows re-joined or marked -------------------------------------


def _fits(column: str, value: str) -> bool:
    """Could ``value`` sit in the typed ``column``? (Free-text columns take anything.)"""
    v = value.strip()
    if column == "Date":
        return bool(_DATE.match(v))
    if column.startswith("Weight (") or column in ("Weight", "Reps", "Distance"):
        return v == "" or bool(_NUMBER.match(v))
    if column == "Weight Unit":
        return v.lower() in _WEIGHT_UNITS or v == ""
    if column == "Distance Unit":
        return v.lower().strip(".") in _DISTANCE_UNITS or v == ""
    if column == "Time":
        return v == "" or bool(_CLOCK.match(v))
    return True


def _readings(fields: list[str], header: list[str], delimiter: str) -> list[list[str]]:
    """Every way to spread ``fields`` over ``header``: free-text columns take one or more consecutive
    fields (re-joined with the delimiter they were split on), typed columns exactly one that fits."""
    found: list[list[str]] = []

    def walk(col: int, pos: int, acc: list[str]) -> None:
        if len(found) > 8:  # more readings than this is ambiguous whatever the tie-break says
            return
        if col == len(header):
            if pos == len(fields):
                found.append(acc)
            return
        rest = len(header) - col - 1
        if header[col] in _FREE_COLUMNS:
            for take in range(1, len(fields) - pos - rest + 1):
                walk(col + 1, pos + take, [*acc, delimiter.join(fields[pos : pos + take])])
        elif pos < len(fields) and _fits(header[col], fields[pos]):
            walk(col + 1, pos + 1, [*acc, fields[pos]])

    walk(0, 0, [])
    return found


def _balanced(value: str) -> bool:
    """Every bracket closed: ``Press (Each Side, Dumbbells)`` is, its half ``Press (Each Side`` is not."""
    depth = 0
    for char in value:
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _choose(readings: list[list[str]], header: list[str], categories: frozenset[str]) -> list[str] | None:
    """The one plausible reading, or None. Tie-breaks, in turn: the category is one the file's well-formed
    rows use; every free-text value has balanced brackets. A tie-break that no reading passes is ignored."""
    free = [i for i, c in enumerate(header) if c in _FREE_COLUMNS]
    category = header.index("Category") if "Category" in header else None
    preferences = [
        lambda r: category is not None and r[category].strip() in categories,
        lambda r: all(_balanced(r[i]) for i in free),
    ]
    pool = readings
    for prefer in preferences:
        if len(pool) <= 1:
            break
        pool = [r for r in pool if prefer(r)] or pool
    return pool[0] if len(pool) == 1 else None


def read_raw(text: bytes, *, delimiter: str, filename: str, header: list[str], shape: str) -> pl.DataFrame:
    """All columns as text plus ``_line`` and ``_repair``; a row with too many fields is re-joined
    when one reading fits, else kept as a broken row whose Exercise cell holds the whole record."""
    walked = records(text, filename, delimiter)
    next(walked, None)  # the header, already sniffed
    repeated = sorted({c for c in header if header.count(c) > 1})
    if repeated:
        raise InputError(
            filename,
            f"the header row is malformed: column(s) {', '.join(repeated)} appear more than once",
            line=1,
        )
    rows = [(line, fields) for line, fields in walked if fields]
    if not rows:
        raise InputError(filename, "the file has a header but no rows; expected at least one set", line=2)
    n = len(header)
    well_formed = [fields for _, fields in rows if len(fields) == n]
    categories = (
        frozenset(f[header.index("Category")].strip() for f in well_formed)
        if "Category" in header
        else frozenset()
    )
    columns: list[list[str | None]] = [[] for _ in header]
    lines: list[int] = []
    repairs: list[str | None] = []
    for line, fields in rows:
        values: list[str | None]
        repair: str | None = None
        if len(fields) == n:
            values = list(fields)
        else:
            chosen = None
            if n < len(fields) <= n + MAX_SURPLUS_FIELDS:
                chosen = _choose(_readings(fields, header, delimiter), header, categories)
            if chosen is not None:
                values, repair = list(chosen), RECOVERED
            else:
                values = [None] * n
                values[header.index("Date")] = fields[0]
                values[header.index("Exercise")] = delimiter.join(fields)
                repair = BROKEN
        for column, value in zip(columns, values, strict=True):
            column.append(value)
        lines.append(line)
        repairs.append(repair)
    frame = pl.DataFrame(
        {name: pl.Series(name, col, dtype=pl.String) for name, col in zip(header, columns, strict=True)}
    )
    return frame.with_columns(
        pl.Series(REPAIR, repairs, dtype=pl.String), pl.Series("_line", lines, dtype=pl.Int64)
    )


# --- parsing: typed sets ----------------------------------------------------------------------------------------


def _weight(raw: pl.DataFrame, shape: str, unit: str | None) -> tuple[pl.Expr, str, str, list[FieldCheck]]:
    """Weight in kg, the file's main unit, the source column, and the unit checks."""
    default = parse.KG_PER_LB if unit == "lb" else 1.0
    if shape == "current":
        row_unit = text("Weight Unit").str.to_lowercase()
        factor = row_unit.replace_strict(_WEIGHT_UNITS, default=None, return_dtype=pl.Float64).fill_null(
            default
        )
        units = raw.select(text("Weight Unit").str.to_lowercase()).to_series().drop_nulls()
        pounds = int(units.is_in(["lb", "lbs"]).sum())
        main = "lb" if pounds > units.len() - pounds else (unit or "kg")
        check = FieldCheck(
            "Weight Unit",
            "kgs or lbs (or blank)",
            row_unit.is_not_null() & ~row_unit.is_in(list(_WEIGHT_UNITS)),
        )
        return parse.number(pl.col("Weight")) * factor, main, "Weight", [check]
    if shape == "ios":
        kg = parse.number(pl.col("Weight (kg)"))
        lb = parse.number(pl.col("Weight (lbs)")) * parse.KG_PER_LB
        return pl.coalesce(kg, lb), "kg", "Weight (kg)", []
    if shape == "legacy-lbs":
        return parse.number(pl.col("Weight (lbs)")) * parse.KG_PER_LB, "lb", "Weight (lbs)", []
    column = "Weight (kgs)" if "Weight (kgs)" in raw.columns else "Weight (kg)"
    return parse.number(pl.col(column)), "kg", column, []


def _distance(raw: pl.DataFrame, unit: str) -> tuple[pl.Expr, FieldCheck]:
    dunit = (
        text("Distance Unit").str.to_lowercase().str.strip_chars(".")
        if "Distance Unit" in raw.columns
        else pl.lit(None, dtype=pl.String)
    )
    default = parse.M_PER_MILE if unit == "lb" else parse.M_PER_KM
    # A unit that is no distance unit (FitNotes writes ``kg`` beside a plank's distance 0.0) leaves the
    # distance empty: it feeds no number we compute, so the row is kept and the value listed as a warning.
    known = dunit.replace_strict(_DISTANCE_UNITS, default=None, return_dtype=pl.Float64)
    factor = pl.when(dunit.is_null()).then(pl.lit(default)).otherwise(known)
    check = FieldCheck(
        "Distance Unit",
        "a distance unit such as km, m, mi, ft",
        dunit.is_not_null() & ~dunit.is_in(list(_DISTANCE_UNITS)),
        feeds_number=False,
    )
    return parse.number(optional(raw, "Distance")) * factor, check


def _seconds(column: pl.Expr) -> pl.Expr:
    """``0:01:00`` / ``1:30`` clock times, or plain seconds."""
    return pl.coalesce(parse.clock_time(column), parse.number(column))


def _set_kind(raw: pl.DataFrame) -> pl.Expr:
    if "Kind" not in raw.columns:
        return pl.lit("working")
    kind = text("Kind").str.to_lowercase()
    return kind.replace_strict(_KINDS, default="working", return_dtype=pl.String)


def parse_rows(raw: pl.DataFrame, shape: str, *, unit: str | None, filename: str) -> ParsedRows:
    """Typed set rows: a workout per date (at 00:00), weights in kg, distances in metres, times in seconds."""
    weight, main_unit, weight_col, unit_checks = _weight(raw, shape, unit)
    distance, distance_check = _distance(raw, main_unit)
    seconds = _seconds(optional(raw, "Time"))
    notes_col = "Comment" if "Comment" in raw.columns else ("Notes" if "Notes" in raw.columns else None)
    width = len([c for c in raw.columns if not c.startswith("_")])
    broken = pl.col(REPAIR) == BROKEN
    blank = all_blank(raw)
    raw = parse.parse_distinct(raw, {"_start": ("Date", parse.iso_datetime)})

    frame = raw.select(
        pl.col("_line"),
        pl.when(blank).then(pl.lit("blank_line")).otherwise(None).alias("skip_reason"),
        pl.col("_start").alias("workout_start"),
        pl.lit(None, dtype=pl.String).alias("workout_name"),
        pl.lit(None, dtype=pl.Float64).alias("workout_duration_s"),
        pl.lit(None, dtype=pl.String).alias("workout_notes"),
        text("Exercise").alias("exercise_name"),
        _set_kind(raw).alias("set_kind"),
        pl.when(weight == 0).then(None).otherwise(weight).alias("weight_kg"),
        parse.number(pl.col("Reps")).alias("reps"),
        pl.lit(None, dtype=pl.Float64).alias("rpe"),
        pl.when(distance == 0).then(None).otherwise(distance).alias("distance_m"),
        pl.when(seconds == 0).then(None).otherwise(seconds).alias("duration_s"),
        (text(notes_col) if notes_col else pl.lit(None, dtype=pl.String)).alias("notes"),
        pl.lit(None, dtype=pl.Int64).alias("block_hint"),
    )
    checks = [
        required_check("Date", pl.col("_start"), "a date like 2025-04-29"),
        required_check("Exercise", text("Exercise"), "an exercise name"),
        *[number_check(c, "a number (the load)") for c in _weight_columns(list(raw.columns))],
        number_check("Reps", "a number of reps"),
        *unit_checks,
    ]
    if "Distance" in raw.columns:
        checks.append(number_check("Distance", "a distance number", feeds_number=False))
    if "Distance Unit" in raw.columns:
        checks.append(distance_check)
    if "Time" in raw.columns:
        checks.append(
            FieldCheck(
                "Time",
                "a time like 0:01:00 or a number of seconds",
                text("Time").is_not_null() & seconds.is_null(),
                feeds_number=False,
            )
        )
    checks = [c.where(~broken.fill_null(False)) for c in checks]
    checks.insert(
        0,
        FieldCheck(
            "Exercise",
            f"a row of {width} fields like the header; this one has more or fewer, and no single reading of it fits "
            "(a name or note holds an unquoted comma). It was not loaded: remove the comma in FitNotes and export again",
            broken.fill_null(False),
        ),
    )
    sources = {"weight_kg": weight_col, "reps": "Reps", "duration_s": "Time", "distance_m": "Distance"}
    return ParsedRows(
        frame=frame,
        raw=raw,
        checks=checks,
        source_columns=sources,
        unit=main_unit,
        warnings=_repair_warnings(raw, filename),
    )


def _repair_warnings(raw: pl.DataFrame, filename: str) -> list[str]:
    warnings = []
    recovered = raw.filter(pl.col(REPAIR) == RECOVERED)
    if recovered.height:
        first = recovered.row(0, named=True)
        warnings.append(
            f"{filename}: {recovered.height} row(s) had an unquoted comma in a name and were re-joined where only one "
            f"reading fits (first: line {first['_line']}, {first['Exercise']!r})."
        )
    broken = raw.filter(pl.col(REPAIR) == BROKEN)
    if broken.height:
        warnings.append(
            f"{filename}: {broken.height} row(s) have the wrong number of fields and no single reading fits; "
            f"they are listed as bad rows (first: line {broken.row(0, named=True)['_line']})."
        )
    return warnings


class FitNotesReader(Reader):
    app = APP
    label = "FitNotes"
    expected_header = (
        "'Date,Exercise,Category,Weight,Weight Unit,Reps,...' (or 'Weight (lbs)' / 'Weight (kg)')"
    )
    raw_schema = FitNotesRaw
    set_kinds = _KINDS

    def detect(self, sample: Sample) -> str | None:
        return detect(sample.header)

    def shape_label(self, shape: str) -> str:
        if shape == "ios":
            return "FitNotes (iOS)"
        return "FitNotes (older export)" if shape.startswith("legacy") else "FitNotes"

    def required_columns(self, header: Sequence[str], shape: str) -> list[str]:
        return required_columns(list(header))

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
        return read_raw(text, delimiter=delimiter, filename=ctx.filename, header=header, shape=shape)

    def parse(self, raw: pl.DataFrame, shape: str, ctx: ReadContext) -> ParsedRows:
        return parse_rows(raw, shape, unit=ctx.unit, filename=ctx.filename)


READER = FitNotesReader()
