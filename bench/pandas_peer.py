"""The peer: the same parse and dedupe written the way typical open-source analyzers write it, in pandas.

Bench-only (pandas is in the ``bench`` extra). It reads the export, parses dates and numbers,
maps set kinds, numbers exercises and sets by row order, drops duplicate identities and
loads the result into the same DuckDB store, so the comparison with ``etl.ingest`` is
like for like except for the validation liftbalance adds.
"""

from __future__ import annotations

import io

import duckdb
import pandas as pd

KINDS = {"W": "warmup", "F": "failure", "D": "drop", "normal": "working", "warmup": "warmup",
         "failure": "failure", "dropset": "drop"}


def pandas_ingest(con: duckdb.DuckDBPyConnection, data: bytes, fmt: str) -> int:
    df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    if fmt == "strong":
        out = pd.DataFrame({
            "workout_start": pd.to_datetime(df["Date"], format="%Y-%m-%d %H:%M:%S"),
            "exercise_name": df["Exercise Name"],
            "set_kind": df["Set Order"].map(lambda v: KINDS.get(v, "working")),
            "weight_kg": pd.to_numeric(df["Weight"], errors="coerce"),
            "reps": pd.to_numeric(df["Reps"], errors="coerce"),
        })
    else:
        out = pd.DataFrame({
            "workout_start": pd.to_datetime(df["start_time"], format="%d %b %Y, %H:%M"),
            "exercise_name": df["exercise_title"],
            "set_kind": df["set_type"].map(lambda v: KINDS.get(v, "working")),
            "weight_kg": pd.to_numeric(df["weight_kg"], errors="coerce"),
            "reps": pd.to_numeric(df["reps"], errors="coerce"),
        })
    new_block = out["exercise_name"] != out.groupby("workout_start")["exercise_name"].shift(1)
    out["exercise_pos"] = new_block.astype(int).groupby(out["workout_start"]).cumsum() - 1
    out["set_pos"] = out.groupby(["workout_start", "exercise_pos"]).cumcount()
    out = out.drop_duplicates(subset=["workout_start", "exercise_pos", "set_pos"])
    con.execute(
        "CREATE TABLE IF NOT EXISTS peer_sets (workout_start TIMESTAMP, exercise_name VARCHAR, set_kind VARCHAR, "
        "weight_kg DOUBLE, reps DOUBLE, exercise_pos BIGINT, set_pos BIGINT)"
    )
    con.register("peer_frame", out)
    con.execute("INSERT INTO peer_sets SELECT workout_start, exercise_name, set_kind, weight_kg, reps, "
                "exercise_pos, set_pos FROM peer_frame")
    con.unregister("peer_frame")
    return len(out)
