"""The weekly table as files a coach or a spreadsheet can open: CSV, XLSX, Parquet, JSON.

Athlete names and other text cells are typed by users; a spreadsheet would run one that
starts like a formula. So every text cell bound for CSV or XLSX goes through
``neutralise_formula`` (OWASP "CSV injection": prefix a ``'``). Parquet and JSON are read by
programs, not spreadsheets, and keep text as it is. Numbers in every format are rounded to what
they mean (kg to 1 decimal, sets and ratios to 2).
All writers take the ``WeeklyBalance`` frame and return bytes or text, so the CLI and the
dashboard's download buttons share them.
"""

from __future__ import annotations

import io

import polars as pl

from schemas.weekly import WEEKLY_COLUMNS

# Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """``text`` with a leading ``'`` if a spreadsheet would otherwise run it as a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def neutralise_text_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Every String column of ``frame`` passed through ``neutralise_formula``; other columns untouched."""

    def safe(name: str) -> pl.Expr:
        risky = pl.any_horizontal(pl.col(name).str.starts_with(t) for t in FORMULA_TRIGGERS)
        return pl.when(risky).then(pl.lit("'") + pl.col(name)).otherwise(pl.col(name)).alias(name)

    return frame.with_columns(safe(name) for name, dtype in frame.schema.items() if dtype == pl.String)


# Decimals each number is worth: kilograms to 0.1 kg, fractional sets, ratios and shares to 0.01.
KG_DECIMALS = 1
OTHER_DECIMALS = 2


def rounded(weekly: pl.DataFrame) -> pl.DataFrame:
    """Float columns rounded to what they mean (``*_kg`` to 1 decimal, sets, ratios and shares to 2): the sums
    behind them carry float noise (``3122.5499999999997``) that no lifter or coach should see."""
    return weekly.with_columns(
        pl.col(name).round(KG_DECIMALS if name.endswith("_kg") else OTHER_DECIMALS)
        for name, dtype in weekly.schema.items()
        if dtype == pl.Float64
    )


def _columns(weekly: pl.DataFrame) -> pl.DataFrame:
    """The weekly columns under their schema names, rounded. The names stay the schema's in every format:
    the CSV and JSON are read back by scripts (and the round-trip test) by those names, and the dashboard's
    tables and the HTML report are where a coach reads the glossary's words for each."""
    return rounded(weekly.select(list(WEEKLY_COLUMNS)))


def weekly_csv(weekly: pl.DataFrame) -> str:
    """CSV text: the weekly columns, ``week_start`` as an ISO date, text cells formula-safe."""
    return neutralise_text_columns(_columns(weekly)).write_csv()


def weekly_xlsx(weekly: pl.DataFrame) -> bytes:
    """An XLSX workbook (one sheet, "weekly"): real numbers and dates, text cells formula-safe."""
    buffer = io.BytesIO()
    neutralise_text_columns(_columns(weekly)).write_excel(
        buffer,
        worksheet="weekly",
        dtype_formats={pl.Date: "yyyy-mm-dd"},
        float_precision=2,
        autofit=True,
        freeze_panes="C2",
    )
    return buffer.getvalue()


def weekly_parquet(weekly: pl.DataFrame) -> bytes:
    """A Parquet file with the weekly columns and their types (``week_start`` a Date)."""
    buffer = io.BytesIO()
    _columns(weekly).write_parquet(buffer)
    return buffer.getvalue()


def weekly_json(weekly: pl.DataFrame) -> str:
    """A JSON array of row objects, ``week_start`` as an ISO date, nulls as null."""
    return _columns(weekly).write_json()
