"""Saved column mappings: how a lifter's own CSV (one no app reader claims) maps onto sets.

A mapping names which of the file's columns is the date, the exercise, the weight and the
reps (and optionally the unit, set kind, RPE, notes and workout name); ``etl.read.readers.custom``
reads a file through one. Mappings are saved per athlete under a name together with the
header they were made for, so the next file with that exact header is read the same way
without asking again (``etl.ingest`` looks them up).

The library API the upload page uses when detection fails:

- ``list_column_mappings(con, athlete)`` → the athlete's saved mappings (``SavedMapping``), newest first;
- ``preview(data, filename, columns, n=5)`` → the first ``n`` rows of the file read through ``columns``,
  as a polars frame (line, date, exercise, set kind, weight in kg, reps, RPE, notes, workout name), so the
  lifter can check the choice before confirming; a wrong column raises ``InputError`` saying which;
- ``save_column_mapping`` / ``find_column_mapping`` / ``delete_column_mapping``.

The page then imports with ``etl.ingest.ingest(..., columns=mapping, columns_name=name)``, which
saves the mapping in the same transaction as the sets.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import duckdb
import polars as pl

from etl.errors import LiftbalanceError
from etl.read.csvfile import LINE, read_strings, sniff_header
from etl.read.decode import decode_export
from etl.read.detect import detect_format
from etl.read.readers import custom

# The columns ``preview`` shows, in the order the page lays them out.
PREVIEW_COLUMNS: dict[str, str] = {
    LINE: "line",
    "workout_start": "date",
    "exercise_name": "exercise",
    "set_kind": "set_kind",
    "weight_kg": "weight_kg",
    "reps": "reps",
    "rpe": "rpe",
    "notes": "notes",
    "workout_name": "workout",
}


class MappingNameError(LiftbalanceError):
    """A column mapping was given a blank name: the fronts show this as a message, not a traceback."""


@dataclass(frozen=True)
class SavedMapping:
    """One saved mapping: its name, the header it was made for, and key -> column."""

    name: str
    header: list[str]
    columns: dict[str, str]
    saved_at: datetime | None


def _header_key(header: list[str]) -> str:
    return json.dumps([h.strip() for h in header], ensure_ascii=False)


def save_column_mapping(
    con: duckdb.DuckDBPyConnection, athlete: str, name: str, header: list[str], columns: Mapping[str, str]
) -> None:
    """Keep ``columns`` for ``athlete`` under ``name`` (replacing a mapping of that name), tied to ``header``."""
    if not name.strip():
        raise MappingNameError(f"a column mapping needs a name to be saved under, and {name!r} is blank")
    con.execute(
        "INSERT INTO column_mappings (athlete, name, header, columns, saved_at) "
        "VALUES (?, ?, ?, ?, current_timestamp) ON CONFLICT (athlete, name) DO UPDATE SET "
        "header = excluded.header, columns = excluded.columns, saved_at = excluded.saved_at",
        [athlete, name.strip(), _header_key(header), json.dumps(dict(columns), ensure_ascii=False)],
    )


def find_column_mapping(
    con: duckdb.DuckDBPyConnection, athlete: str, header: list[str]
) -> dict[str, str] | None:
    """The mapping ``athlete`` saved most recently for exactly this header, or None."""
    row = con.execute(
        "SELECT columns FROM column_mappings WHERE athlete = ? AND header = ? ORDER BY saved_at DESC, name LIMIT 1",
        [athlete, _header_key(header)],
    ).fetchone()
    return dict(json.loads(row[0])) if row else None


def list_column_mappings(con: duckdb.DuckDBPyConnection, athlete: str) -> list[SavedMapping]:
    """Every mapping ``athlete`` has saved, newest first."""
    rows = con.execute(
        "SELECT name, header, columns, saved_at FROM column_mappings WHERE athlete = ? ORDER BY saved_at DESC, name",
        [athlete],
    ).fetchall()
    return [
        SavedMapping(name, list(json.loads(header)), dict(json.loads(columns)), saved_at)
        for name, header, columns, saved_at in rows
    ]


def delete_column_mapping(con: duckdb.DuckDBPyConnection, athlete: str, name: str) -> bool:
    """Forget the mapping ``name``; True if there was one."""
    row = con.execute(
        "DELETE FROM column_mappings WHERE athlete = ? AND name = ? RETURNING name", [athlete, name.strip()]
    ).fetchone()
    return row is not None


def preview(
    data: bytes, filename: str, columns: Mapping[str, str], n: int = 5, *, unit: str | None = None
) -> pl.DataFrame:
    """The first ``n`` rows of ``data`` read through ``columns``, typed as they would be imported.

    Values that do not parse show as null (the import would report them by line and column).
    Raises ``InputError`` for an unreadable file or a mapping that names a missing column.
    """
    text = decode_export(data, filename)
    header, delimiter = sniff_header(text, filename)
    detected = detect_format(header, filename, "custom", columns)
    resolved = detected.columns or {}
    raw = read_strings(text, delimiter, filename, header).head(n)
    parsed = custom.parse_rows(raw, detected.shape, unit=unit, filename=filename, columns=resolved)
    return parsed.frame.select(pl.col(source).alias(shown) for source, shown in PREVIEW_COLUMNS.items())
