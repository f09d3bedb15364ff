"""Alpha Progression's comma-separated variant: the same blocks as the ``;`` export, laid out differently.

The file starts with a byte-order mark and a blank line, then, per workout: a folder line (``Arms``),
a session line (``"2023-03-24 7:26 pm",51 min``: 12-hour time and duration with U+00A0 non-breaking
spaces), the plan line (``"Day 3 · Week 1 · Plan_002"``), and per exercise an exercise line
(``"1. Twist Curls with Rope Cable","Superset 1"``), a rep-target line (``"10 reps"``), the set table's
head ``#,LBS,REPS`` (or ``#,KG,REPS``) and one line per set (``1,27.5,20``). ``read_raw`` flattens it into
the rows the ``;`` reader parses (``etl.read.readers.alpha``): the workout is named ``folder · plan``, and a
superset label is kept for the notes.
"""

from __future__ import annotations

import re

import polars as pl

from etl.errors import InputError
from etl.read.csvfile import records

SHAPE = "comma"
SESSION_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}[ T]\d{1,2}[:.]\d{2}")
_EXERCISE = re.compile(r"^\s*\d+\.\s*\S")
_SET_NUMBER = re.compile(r"^\s*\d+\s*$")
_SUPERSET = re.compile(r"(?i)^\s*superset\b")


def detect(first_lines: list[list[str]]) -> str | None:
    """A folder line (one field) then a session line whose first field is a date, or the session line first."""
    lines = [[f.strip() for f in line] for line in first_lines if any(f.strip() for f in line)][:3]
    # The sniffed header and the sample's first row may both be the folder line.
    while len(lines) > 1 and len(lines[0]) == 1 and not SESSION_DATE.match(lines[0][0]):
        lines = lines[1:]
    if lines and 1 <= len(lines[0]) <= 2 and SESSION_DATE.match(lines[0][0]):
        return SHAPE
    return None


def read_raw(text: bytes, *, filename: str, columns: tuple[str, ...]) -> pl.DataFrame:
    """One text row (``columns``) per set line, with ``_line`` and ``_exercise_line``."""
    rows: dict[str, list[str | None]] = {c: [] for c in columns}
    lines: list[int] = []
    exercise_lines: list[int] = []
    folder: str | None = None
    session: dict[str, str | None] | None = None
    exercise: tuple[int, str, str | None] | None = None
    expect = (
        "folder"  # what a one-field line is: folder, plan (after a session) or target (after an exercise)
    )
    unit = "KG"
    for line, record in records(text, filename, ","):
        fields = [f.replace("\u00a0", " ").strip() for f in record]
        if not any(fields):
            continue
        if SESSION_DATE.match(fields[0]):
            session = {
                "Workout": folder,
                "Date": fields[0],
                "Duration": fields[1] if len(fields) > 1 else None,
            }
            exercise, expect, unit = None, "plan", "KG"
        elif _EXERCISE.match(fields[0]):
            if session is None:
                raise InputError(
                    filename,
                    "an exercise line comes before any session line; expected a session "
                    "line like '\"2023-03-24 7:26 pm\",51 min' first",
                    line=line,
                )
            label = fields[1] if len(fields) > 1 and _SUPERSET.match(fields[1]) else None
            exercise, expect = (line, fields[0], label), "target"
        elif fields[0] == "#":
            unit = fields[1].upper() if len(fields) > 1 and fields[1] else "KG"
            expect = "folder"
        elif _SET_NUMBER.match(fields[0]) and len(fields) >= 3:
            if exercise is None or session is None:
                raise InputError(
                    filename,
                    "a set line comes before any exercise line; expected an exercise line "
                    "like '\"1. Twist Curls with Rope Cable\"' first",
                    line=line,
                )
            values = {
                **session,
                "Exercise": exercise[1],
                "Unit": unit,
                "Superset": exercise[2],
                "Set": fields[0],
                "Weight": fields[1],
                "Reps": fields[2],
                "RIR": fields[3] if len(fields) > 3 else None,
            }
            for column in columns:
                rows[column].append(values.get(column))
            lines.append(line)
            exercise_lines.append(exercise[0])
            expect = "folder"
        elif len(fields) == 1 or not any(fields[1:]):
            if expect == "plan" and session is not None:
                session["Workout"] = " · ".join(part for part in (session["Workout"], fields[0]) if part)
            elif expect == "folder":
                folder = fields[0]
            expect = "folder"
        else:
            raise InputError(
                filename,
                "this line is neither a folder, session, exercise, '#,LBS,REPS' nor set line "
                f"(it starts {fields[0][:40]!r})",
                line=line,
            )
    if not lines:
        raise InputError(
            filename, "the file has no set lines; expected lines like '1,27.5,20' under each exercise", line=2
        )
    frame = pl.DataFrame({c: pl.Series(c, v, dtype=pl.String) for c, v in rows.items()})
    return frame.with_columns(
        pl.Series("_line", lines, dtype=pl.Int64), pl.Series("_exercise_line", exercise_lines, dtype=pl.Int64)
    )
