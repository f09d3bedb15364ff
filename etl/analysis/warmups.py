"""Which unmarked sets are warm-ups, read from their loads: one rule, written for polars and for DuckDB.

Most lifters never tag warm-ups, so a ramp of 20, 60 and 80 kg before 3x5 at 140 kg would count as
six hard squat sets (science.md, "Warm-ups hide in plain sight": 24% of squat and deadlift "hard sets"
on one real powerlifting log). The rule, decided when the weeks are added up so that changing the
setting takes effect without a re-import:

- it looks at one exercise in one session (athlete, workout, exercise name) at a time, and only when
  none of those sets carries the app's own warm-up mark (explicit marks always win);
- a set is a warm-up when it comes before the session's heaviest set of that exercise (its first one,
  in logged order) and its load is under ``share`` of that heaviest load;
- pyramids (every set at or above ``share`` of the top) and back-off sets after the top stay hard sets;
- sets without a positive load (bodyweight, unloaded, assisted) are never reclassified, nor is any
  set of an exercise whose heaviest load is not positive.

``share`` is ``BalanceSettings.warmup_load_share`` (None: the rule is off). ``warmup_by_load_sql`` is the
rule in DuckDB, for the weekly sums (``etl.analysis.weekly``) and the import report; ``warmup_by_load`` is
the same rule as a polars expression, for the strength trends (``etl.analysis.trends``), which work on
sets in memory. tests/etl/analysis/test_weekly_paths.py pins both to the rule written out in plain Python.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    import duckdb

# A session's sets of one exercise: the rule never looks across sessions, exercises or athletes.
GROUP = ("athlete", "workout_key", "exercise_name")
# Logged order inside a session: the exercise's position, then the set's (a name logged twice in one
# session, e.g. squats early and late, is one group ordered across both).
ORDER_COLUMNS = ("exercise_pos", "set_pos")
COLUMNS_NEEDED = (*GROUP, *ORDER_COLUMNS, "set_kind", "weight_kg")
# exercise_pos * this + set_pos orders a session's sets (positions are 32-bit, far below it).
_POSITION_SPAN = 1 << 32


def warmup_by_load(share: float | None) -> pl.Expr:
    """True for a set the rule reads as a warm-up (never for a marked warm-up: that is one already).

    Needs the columns in ``COLUMNS_NEEDED``; evaluates per group with window expressions, so it keeps
    the frame's row order. ``share`` None gives False everywhere."""
    if share is None:
        return pl.repeat(False, pl.len(), dtype=pl.Boolean)
    weight = pl.col("weight_kg")
    order = pl.col("exercise_pos").cast(pl.Int64) * _POSITION_SPAN + pl.col("set_pos").cast(pl.Int64)
    top = weight.max().over(GROUP)
    top_order = pl.when(weight == top).then(order).min().over(GROUP)
    marked = (pl.col("set_kind") == "warmup").any().over(GROUP)
    return (~marked & (top > 0) & (weight > 0) & (order < top_order) & (weight < share * top)).fill_null(
        False
    )


def warmup_by_load_sql(source: str, share_parameter: str | None) -> str:
    """A DuckDB query over ``source`` (a table or parenthesised subquery with ``COLUMNS_NEEDED``) that
    returns its rows with a boolean ``warmup_by_load`` column, by the same rule as ``warmup_by_load``.

    ``share_parameter`` names the query parameter holding the share (e.g. ``"$warmup_share"``); None
    switches the rule off (the column is false)."""
    if share_parameter is None:
        return f"SELECT *, false AS warmup_by_load FROM {source}"  # noqa: S608 - our own SQL only

    # Only a "ramp" can hold a warm-up by load: a session's exercise without the app's marks, with a positive
    # top load and a positive load under ``share`` of it. Those few groups are found by one hash aggregate
    # keyed on a 64-bit hash of the group (a collision would only judge two groups together), then joined
    # to the sets: a small build side, and no copy of the sets is materialised (the source is read twice).
    # On 200k stored sets the whole-store weekly sums took ~99 ms of CPU against ~119 ms when every group
    # was joined back to a materialised copy (window partitions: ~116 ms). The top load and the position of
    # its first set come together as the max of (load, -position).
    def group(alias: str) -> str:
        return f"hash({', '.join(alias + column for column in GROUP)})"

    def order(alias: str) -> str:
        return f"(CAST({alias}exercise_pos AS BIGINT) * {_POSITION_SPAN} + {alias}set_pos)"

    share = f"{share_parameter}::DOUBLE"
    return f"""
        WITH _ramps AS (
            SELECT {group("")} AS _g,
                   max({{'w': weight_kg, 'o': -{order("")}}}) FILTER (WHERE weight_kg IS NOT NULL) AS _top
            FROM {source} GROUP BY _g
            HAVING NOT bool_or(set_kind = 'warmup') AND max(weight_kg) > 0
               AND min(weight_kg) FILTER (WHERE weight_kg > 0) < {share} * max(weight_kg)
        )
        SELECT _s.*,
               coalesce(_s.weight_kg > 0 AND {order("_s.")} < -_ramps._top.o AND _s.weight_kg < {share} * _ramps._top.w,
                        false) AS warmup_by_load
        FROM {source} AS _s LEFT JOIN _ramps ON {group("_s.")} = _ramps._g
    """  # noqa: S608 - only our own column names and fixed SQL are formatted in; the share is a parameter


def count_stored_warmups_by_load(
    con: duckdb.DuckDBPyConnection, athlete: str, workout_keys: list[str], share: float | None
) -> int:
    """How many stored sets of ``athlete``'s workouts ``workout_keys`` the rule reads as warm-ups: the import
    report's figure, counted on what the file's workouts hold once stored (the same whether the import
    parsed every workout or only the new ones)."""
    if share is None or not workout_keys:
        return 0
    source = (
        "(SELECT athlete, workout_key, exercise_name, exercise_pos, set_pos, set_kind, weight_kg FROM sets "
        "WHERE athlete = $athlete AND workout_key IN (SELECT unnest($keys::VARCHAR[])))"
    )
    query = f"SELECT count(*) FILTER (WHERE warmup_by_load) FROM ({warmup_by_load_sql(source, '$share')})"  # noqa: S608
    row = con.execute(query, {"athlete": athlete, "keys": workout_keys, "share": share}).fetchone()
    return 0 if row is None else int(row[0])
