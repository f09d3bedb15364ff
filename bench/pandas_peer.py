"""The peer: the same parse and dedupe written the way typical open-source analyzers write it, in pandas.

Bench-only (pandas is in the ``bench`` extra). It reads the export and parses every field liftbalance
keeps for a set (dates, the workout's name, duration and notes, the exercise, set kind, weight, reps,
RPE, distance, time and notes), numbers exercises and sets by row order, drops duplicate identities
and loads the result into the same DuckDB store. So the comparison with ``etl.ingest`` is like for like
except for what liftbalance adds: validation, bad values located by line, unit detection, locale
dates, the kept upload and the fingerprints a re-import uses. ``tests/test_pandas_peer.py`` checks that
both give the same sets for the synthetic exports the bench uses.

``MINIMAL`` selects the narrower peer of earlier bench runs (start, exercise, kind, weight and reps
only), kept so those figures can be reproduced: ``python -m bench.measure peer FILE DB FMT minimal REPEATS``.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import duckdb
import pandas as pd

KINDS = {
    "W": "warmup",
    "F": "failure",
    "D": "drop",
    "normal": "working",
    "warmup": "warmup",
    "failure": "failure",
    "dropset": "drop",
}
COLUMNS = (
    "athlete",
    "source",
    "workout_start",
    "tz",
    "workout_name",
    "workout_duration_s",
    "workout_notes",
    "exercise_name",
    "exercise_pos",
    "set_pos",
    "set_kind",
    "weight_kg",
    "reps",
    "rpe",
    "distance_m",
    "duration_s",
    "notes",
    "source_line",
)
MINIMAL = ("workout_start", "exercise_name", "set_kind", "weight_kg", "reps", "exercise_pos", "set_pos")
_TYPES = {
    "workout_start": "TIMESTAMP",
    "exercise_pos": "BIGINT",
    "set_pos": "BIGINT",
    "source_line": "BIGINT",
    "workout_duration_s": "DOUBLE",
    "weight_kg": "DOUBLE",
    "reps": "DOUBLE",
    "rpe": "DOUBLE",
    "distance_m": "DOUBLE",
    "duration_s": "DOUBLE",
}


def _number(column: pd.Series) -> pd.Series:
    return pd.to_numeric(column, errors="coerce")


def _text(column: pd.Series) -> pd.Series:
    """Empty cells as missing, the way the canonical sets hold them."""
    return column.where(column != "")


def _logged(column: pd.Series) -> pd.Series:
    """Strong writes 0 for a weight, distance or time nobody logged."""
    number = _number(column)
    return number.where(number != 0)


def _strong_duration(column: pd.Series) -> pd.Series:
    """ "1h 5m" as seconds, each distinct text parsed once (a workout repeats it on every row)."""
    distinct = pd.Series(column.unique())
    parts = distinct.str.extract(r"^(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?$").astype(float)
    seconds = parts[0].fillna(0) * 3600 + parts[1].fillna(0) * 60 + parts[2].fillna(0)
    return column.map(dict(zip(distinct, seconds.where(parts.notna().any(axis=1)), strict=True)))


Fields = dict[str, Callable[[pd.DataFrame], pd.Series]]

STRONG: Fields = {
    "workout_start": lambda df: pd.to_datetime(df["Date"], format="%Y-%m-%d %H:%M:%S"),
    "workout_name": lambda df: _text(df["Workout Name"]),
    "workout_duration_s": lambda df: _strong_duration(df["Duration"]),
    "workout_notes": lambda df: _text(df["Workout Notes"]),
    "exercise_name": lambda df: df["Exercise Name"],
    "set_kind": lambda df: df["Set Order"].map(lambda v: KINDS.get(v, "working")),
    "weight_kg": lambda df: _logged(df["Weight"]),
    "reps": lambda df: _number(df["Reps"]),
    "rpe": lambda df: _number(df["RPE"]),
    "distance_m": lambda df: _logged(df["Distance"]) * 1000,
    "duration_s": lambda df: _logged(df["Seconds"]),
    "notes": lambda df: _text(df["Notes"]),
}

_HEVY_TIME = "%d %b %Y, %H:%M"
HEVY: Fields = {
    "workout_start": lambda df: pd.to_datetime(df["start_time"], format=_HEVY_TIME),
    "workout_name": lambda df: _text(df["title"]),
    "workout_duration_s": lambda df: (
        pd.to_datetime(df["end_time"], format=_HEVY_TIME)
        - pd.to_datetime(df["start_time"], format=_HEVY_TIME)
    ).dt.total_seconds(),
    "workout_notes": lambda df: _text(df["description"]),
    "exercise_name": lambda df: df["exercise_title"],
    "set_kind": lambda df: df["set_type"].map(lambda v: KINDS.get(v, "working")),
    "weight_kg": lambda df: _number(df["weight_kg"]),
    "reps": lambda df: _number(df["reps"]),
    "rpe": lambda df: _number(df["rpe"]),
    "distance_m": lambda df: _number(df["distance_km"]) * 1000,
    "duration_s": lambda df: _number(df["duration_seconds"]),
    "notes": lambda df: _text(df["exercise_notes"]),
}


def pandas_frame(data: bytes, fmt: str, *, athlete: str = "peer", minimal: bool = False) -> pd.DataFrame:
    """The export's sets, parsed and deduplicated, in the canonical columns (``MINIMAL`` ones if asked)."""
    df = pd.read_csv(io.BytesIO(data))  # types inferred: numbers parsed by the C reader, empty cells NaN
    fields = STRONG if fmt == "strong" else HEVY
    out = pd.DataFrame({name: parse(df) for name, parse in fields.items() if not minimal or name in MINIMAL})
    new_block = out["exercise_name"] != out.groupby("workout_start")["exercise_name"].shift(1)
    out["exercise_pos"] = new_block.astype(int).groupby(out["workout_start"]).cumsum() - 1
    out["set_pos"] = out.groupby(["workout_start", "exercise_pos"]).cumcount()
    if not minimal:
        out["athlete"], out["source"], out["tz"] = athlete, fmt, "UTC"
        out["source_line"] = out.index + 2  # the header is line 1
    out = out.drop_duplicates(subset=["workout_start", "exercise_pos", "set_pos"])
    return out[list(MINIMAL if minimal else COLUMNS)]


def pandas_ingest(con: duckdb.DuckDBPyConnection, data: bytes, fmt: str, *, minimal: bool = False) -> int:
    out = pandas_frame(data, fmt, minimal=minimal)
    columns = ", ".join(f"{name} {_TYPES.get(name, 'VARCHAR')}" for name in out.columns)
    con.execute(f"CREATE TABLE IF NOT EXISTS peer_sets ({columns})")
    con.register("peer_frame", out)
    con.execute(f"INSERT INTO peer_sets SELECT {', '.join(out.columns)} FROM peer_frame")  # noqa: S608 - our names
    con.unregister("peer_frame")
    return len(out)
