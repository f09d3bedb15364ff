"""What every reader returns, so normalisation, validation and reporting are written once.

A reader turns its app's text columns into the typed ``PARSED_COLUMNS`` and lists, as
``FieldCheck``s, which parsed column came from which file column. ``etl.read.canonical`` uses
those to report a value that failed to parse with its line, column and the expected form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from etl.read import parse
from etl.read.csvfile import LINE

# Every reader's output has at least these columns (plus the raw file columns it checks).
PARSED_COLUMNS: dict[str, pl.DataType] = {
    LINE: pl.Int64(),
    "skip_reason": pl.String(),
    "workout_start": pl.Datetime("us"),
    "workout_name": pl.String(),
    "workout_duration_s": pl.Float64(),
    "workout_notes": pl.String(),
    "exercise_name": pl.String(),
    "set_kind": pl.String(),
    "weight_kg": pl.Float64(),
    "reps": pl.Float64(),
    "rpe": pl.Float64(),
    "distance_m": pl.Float64(),
    "duration_s": pl.Float64(),
    "notes": pl.String(),
    # A number that restarts with each exercise block (Hevy's set_index); null where the app has none.
    "block_hint": pl.Int64(),
}


# Parsed columns that no number liftbalance computes reads (weekly sets, loads, tonnage, the verdict read
# the date, exercise, set kind, load, reps and RPE). A value there that cannot be read is kept as logged
# (the parsed field left empty) and listed as a warning: it never refuses a file (etl.read.canonical).
FEEDS_NO_NUMBER = ("distance_m", "duration_s", "workout_duration_s", "notes", "workout_notes", "workout_name")


@dataclass(frozen=True)
class FieldCheck:
    """File column ``column`` holds a bad value wherever ``bad`` (evaluated on the raw frame) is true."""

    column: str
    expected: str
    bad: pl.Expr
    # A cheaper condition that holds wherever ``bad`` does (and may hold elsewhere). A file is scanned with
    # it first and ``bad`` runs only where it hits: most exports have no bad value at all.
    candidates: pl.Expr | None = None
    # False for a field that feeds none of the numbers we compute (a distance's unit, a duration): a
    # bad value there is a warning, and the row is kept. Checks on the file columns ``ParsedRows.source_columns``
    # names for ``FEEDS_NO_NUMBER`` columns are warnings too.
    feeds_number: bool = True

    def where(self, bad: pl.Expr) -> FieldCheck:
        """This check, limited to the rows where ``bad`` also holds."""
        return FieldCheck(self.column, self.expected, self.bad & bad, feeds_number=self.feeds_number)

    @property
    def scan(self) -> pl.Expr:
        return self.bad if self.candidates is None else self.candidates


def number_check(
    column: str, expected: str, parsed: pl.Expr | None = None, *, feeds_number: bool = True
) -> FieldCheck:
    """Blank is fine; text that is not a number is not. ``parsed`` is the column already parsed
    (``parse.number`` of it), if the reader has it: then the text is not parsed a second time."""
    number = parse.number(pl.col(column)) if parsed is None else parsed
    # Stripping every row's text costs ~40 ms per million rows and column; a byte count does not.
    return FieldCheck(
        column,
        expected,
        number.is_null() & text(column).is_not_null(),
        candidates=number.is_null() & (pl.col(column).str.len_bytes() > 0),
        feeds_number=feeds_number,
    )


def required_check(column: str, parsed: pl.Expr, expected: str) -> FieldCheck:
    """The value must be present and parse (``parsed`` is null where it does not)."""
    return FieldCheck(column, expected, parsed.is_null())


@dataclass
class ParsedRows:
    """A reader's result: typed rows (``PARSED_COLUMNS``), the raw text, and how to find bad values in it."""

    frame: pl.DataFrame
    raw: pl.DataFrame
    checks: list[FieldCheck]
    # parsed column -> the file column it came from, so range problems name the lifter's column.
    source_columns: dict[str, str] = field(default_factory=dict)
    unit: str | None = None
    unit_guess: str | None = None  # for files that carry no unit: what the numbers look like
    # For a unit-less file whose loads settled the unit: what the report says (``etl.read.units.read_as_note``).
    unit_note: str | None = None
    warnings: list[str] = field(default_factory=list)


def text(column: str) -> pl.Expr:
    """A raw text column with surrounding blanks removed and empty text as null."""
    stripped = pl.col(column).str.strip_chars()
    return pl.when(stripped == "").then(None).otherwise(stripped)


def all_blank(raw: pl.DataFrame) -> pl.Expr:
    """True where every field of the row is empty (a blank line in the file)."""
    return pl.all_horizontal(
        [pl.col(c).is_null() | (pl.col(c).str.len_bytes() == 0) for c in raw.columns if not c.startswith("_")]
    )


def optional(raw: pl.DataFrame, column: str) -> pl.Expr:
    """``column`` if the file has it, else a null string column (shapes differ in their optional columns)."""
    return pl.col(column) if column in raw.columns else pl.lit(None, dtype=pl.String)


def missing_columns(header: list[str], required: list[str]) -> list[str]:
    present = set(header)
    return [c for c in required if c not in present]
