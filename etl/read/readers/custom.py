"""Any other CSV, read through a column mapping: which of the file's columns is the date, the exercise,
the weight and the reps (and optionally the unit, set kind, RPE, notes and workout name).

No app claims such a file, so nothing is guessed from its header: the lifter names the columns
once (``--columns date=When,exercise=Lift,weight=Kg,reps=Reps``), the mapping is saved for the
athlete with the file's header (``etl.read.mappings``), and the next file with the same header is
read the same way.
Rows sharing one date value are one workout, in file order.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from etl.errors import InputError
from etl.read import dateorder, parse
from etl.read.readers.base import ReadContext, Reader, Sample
from etl.read.readers.common import FieldCheck, ParsedRows, all_blank, number_check, required_check, text
from etl.read.units import UnitGuess, guess_unit, pounds_warning, weigh_loads
from schemas.raw import CustomRaw

APP = "custom"

REQUIRED_KEYS = ("date", "exercise", "weight", "reps")
OPTIONAL_KEYS = ("unit", "set_kind", "rpe", "notes", "workout")
KEYS = REQUIRED_KEYS + OPTIONAL_KEYS

_UNITS = {
    "kg": 1.0,
    "kgs": 1.0,
    "kilogram": 1.0,
    "kilograms": 1.0,
    "lb": parse.KG_PER_LB,
    "lbs": parse.KG_PER_LB,
    "pound": parse.KG_PER_LB,
    "pounds": parse.KG_PER_LB,
}
_KINDS = {
    **dict.fromkeys(("working", "work", "normal", "regular", "set", "main", "n"), "working"),
    **dict.fromkeys(("warmup", "warm-up", "warm up", "warm", "wu", "w"), "warmup"),
    **dict.fromkeys(("drop", "dropset", "drop set", "drop-set", "d"), "drop"),
    **dict.fromkeys(("failure", "fail", "f"), "failure"),
}


# --- the mapping --------------------------------------------------------------------------------------------


def parse_column_spec(spec: str) -> dict[str, str]:
    """``date=When,exercise=Lift,weight=Kg,reps=Reps`` → a mapping; ``ValueError`` saying what is wrong."""
    mapping: dict[str, str] = {}
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        key, sep, column = item.partition("=")
        key, column = key.strip().lower(), column.strip()
        if not sep or not key or not column:
            raise ValueError(
                f"{item!r} is not key=column; expected e.g. date=When,exercise=Lift,weight=Kg,reps=Reps"
            )
        if key in mapping:
            raise ValueError(f"{key!r} is mapped twice")
        mapping[key] = column
    return mapping


def check_mapping(header: list[str], columns: Mapping[str, str], filename: str) -> dict[str, str]:
    """The mapping with every key known and every column the file's own spelling, or ``InputError``."""
    unknown = sorted(set(columns) - set(KEYS))
    if unknown:
        raise InputError(
            filename, f"unknown column mapping key(s) {', '.join(unknown)}; the keys are {', '.join(KEYS)}"
        )
    absent = [k for k in REQUIRED_KEYS if not columns.get(k)]
    if absent:
        raise InputError(
            filename,
            f"the column mapping lacks {', '.join(absent)}; it needs "
            f"{', '.join(k + '=<column>' for k in REQUIRED_KEYS)}",
        )
    listed = ", ".join(repr(h) for h in header)
    resolved: dict[str, str] = {}
    for key, column in columns.items():
        if column in header:
            resolved[key] = column
            continue
        folded = [h for h in header if h.casefold() == column.strip().casefold()]
        if len(folded) != 1:
            raise InputError(
                filename,
                f"the column mapping names {column!r} for {key}, but the file has no such "
                f"column; its columns are: {listed}",
                line=1,
                column=column,
            )
        resolved[key] = folded[0]
    return resolved


def shape_for(columns: Mapping[str, str]) -> str:
    """``columns+unit`` when a column gives each row's unit, else ``columns`` (the lifter gives the unit)."""
    return "columns+unit" if "unit" in columns else "columns"


def detect(header: list[str]) -> str | None:
    """Never claims a file by itself: a mapping must be given, or saved for this header."""
    return None


def required_columns(header: list[str]) -> list[str]:
    return []


def needs_unit(shape: str) -> bool:
    return shape == "columns"


def unit_guess(raw: pl.DataFrame, *, columns: Mapping[str, str]) -> str:
    return guess_unit(raw.select(parse.number(pl.col(columns["weight"]))).to_series())


# --- parsing ------------------------------------------------------------------------------------------------


def _dates(order: str) -> parse.PerFile:
    """ISO, Hevy-style (``8 Apr 2026, 16:50``, in any language), ``2024/03/04`` and numeric dates
    (``04/03/2024``, ``04.03.24 18:30``) in the file's ``order`` (``etl.read.dateorder``)."""

    def build(values: pl.Series) -> parse.Parser:
        localized = parse.localized_day_month_year.build(values)

        def dates(column: pl.Expr) -> pl.Expr:
            value = parse.blank_to_null(column)
            return pl.coalesce(
                localized(column),
                parse.iso_datetime(value.str.replace_all("/", "-")),
                dateorder.to_datetime(value, order),
            )

        return dates

    return parse.PerFile(build)


def parse_rows(
    raw: pl.DataFrame,
    shape: str,
    *,
    unit: str | None,
    filename: str,
    columns: Mapping[str, str],
    date_order: str | None = None,
) -> ParsedRows:
    """Typed rows from the mapped columns, in kg; a workout per distinct date value. Numeric dates are read
    day-first or month-first as the whole file (or ``date_order``, the lifter's answer) says."""
    col = dict(columns)
    warnings: list[str] = []
    order = dateorder.decide(
        raw.get_column(col["date"]), filename=filename, column=col["date"], given=date_order
    )
    raw = parse.parse_distinct(raw, {"_start": (col["date"], _dates(order))})
    start = pl.col("_start")
    default = parse.KG_PER_LB if unit == "lb" else 1.0
    checks: list[FieldCheck] = []
    guess: str | None = None
    if "unit" in col:
        row_unit = text(col["unit"]).str.to_lowercase()
        factor = row_unit.replace_strict(_UNITS, default=None, return_dtype=pl.Float64).fill_null(default)
        checks.append(
            FieldCheck(
                col["unit"], "kg or lb (or blank)", row_unit.is_not_null() & ~row_unit.is_in(list(_UNITS))
            )
        )
        used_unit = unit or "kg"
    else:
        factor = pl.lit(default)
        guess = unit_guess(raw, columns=col)
        if unit is None and guess == "lb":
            warnings.append(pounds_warning(filename))
        used_unit = unit or "kg"
    weight = parse.number(pl.col(col["weight"])) * factor
    kind = pl.lit("working")
    if "set_kind" in col:
        token = text(col["set_kind"]).str.to_lowercase()
        kind = (
            pl.when(token.is_null() | token.str.contains(r"^\d+$"))
            .then(pl.lit("working"))
            .otherwise(token.replace_strict(_KINDS, default=None, return_dtype=pl.String))
        )
        checks.append(
            FieldCheck(col["set_kind"], "one of working, warmup, drop, failure (or blank)", kind.is_null())
        )

    def optional_text(key: str) -> pl.Expr:
        return text(col[key]) if key in col else pl.lit(None, dtype=pl.String)

    frame = raw.select(
        pl.col("_line"),
        pl.when(all_blank(raw)).then(pl.lit("blank_line")).otherwise(None).alias("skip_reason"),
        start.alias("workout_start"),
        optional_text("workout").alias("workout_name"),
        pl.lit(None, dtype=pl.Float64).alias("workout_duration_s"),
        pl.lit(None, dtype=pl.String).alias("workout_notes"),
        text(col["exercise"]).alias("exercise_name"),
        kind.alias("set_kind"),
        pl.when(weight == 0).then(None).otherwise(weight).alias("weight_kg"),
        parse.number(pl.col(col["reps"])).alias("reps"),
        (parse.number(pl.col(col["rpe"])) if "rpe" in col else pl.lit(None, dtype=pl.Float64)).alias("rpe"),
        pl.lit(None, dtype=pl.Float64).alias("distance_m"),
        pl.lit(None, dtype=pl.Float64).alias("duration_s"),
        optional_text("notes").alias("notes"),
        pl.lit(None, dtype=pl.Int64).alias("block_hint"),
    )
    checks = [
        required_check(col["date"], start, "a date like 2024-03-04, 2024-03-04 18:02 or 04/03/2024"),
        required_check(col["exercise"], text(col["exercise"]), "an exercise name"),
        number_check(col["weight"], "a number (the load)"),
        number_check(col["reps"], "a number of reps"),
        *([number_check(col["rpe"], "an RPE number")] if "rpe" in col else []),
        *checks,
    ]
    checks.sort(
        key=lambda check: raw.columns.index(check.column)
    )  # problems listed in the file's column order
    sources = {
        "weight_kg": col["weight"],
        "reps": col["reps"],
        **({"rpe": col["rpe"]} if "rpe" in col else {}),
    }
    return ParsedRows(
        frame=frame,
        raw=raw,
        checks=checks,
        source_columns=sources,
        unit=used_unit,
        unit_guess=guess,
        warnings=warnings,
    )


class CustomReader(Reader):
    """Never claims a file by itself: a mapping must be given, or saved for this header."""

    app = APP
    label = "your own columns"
    expected_header = "any CSV, read through a column mapping (--columns)"
    raw_schema = CustomRaw
    set_kinds = _KINDS
    claims_files = False
    guesses_unit = True

    def detect(self, sample: Sample) -> str | None:
        return None

    def shape_label(self, shape: str) -> str:
        return "a CSV read through your column mapping"

    def needs_unit(self, shape: str) -> bool:
        return needs_unit(shape)

    def _columns(self, ctx: ReadContext) -> Mapping[str, str]:
        if ctx.columns is None:
            raise InputError(ctx.filename, "a custom CSV is read only through a column mapping")
        return ctx.columns

    def weigh_unit(self, raw: pl.DataFrame, ctx: ReadContext) -> UnitGuess | None:
        return weigh_loads(raw.select(parse.number(pl.col(self._columns(ctx)["weight"]))).to_series())

    def parse(self, raw: pl.DataFrame, shape: str, ctx: ReadContext) -> ParsedRows:
        return parse_rows(
            raw,
            shape,
            unit=ctx.unit,
            filename=ctx.filename,
            columns=self._columns(ctx),
            date_order=ctx.date_order,
        )


READER = CustomReader()
