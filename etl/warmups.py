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

``share`` is ``BalanceSettings.warmup_load_share`` (None: the rule is off). ``warmup_by_load`` is the
polars expression, ``warmup_by_load_sql`` the same rule as DuckDB window functions; the two weekly
paths use one each and tests/test_weekly_paths.py pins them equal.
"""

from __future__ import annotations

import polars as pl

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
    return (
        ~marked
        & (top > 0)
        & (weight > 0)
        & (order < top_order)
        & (weight < share * top)
    ).fill_null(False)


def warmup_by_load_sql(source: str, share_parameter: str | None) -> str:
    """A DuckDB query over ``source`` (a table or parenthesised subquery with ``COLUMNS_NEEDED``) that
    returns its rows with a boolean ``warmup_by_load`` column, by the same rule as ``warmup_by_load``.

    ``share_parameter`` names the query parameter holding the share (e.g. ``"$warmup_share"``); None
    switches the rule off (the column is false)."""
    if share_parameter is None:
        return f"SELECT *, false AS warmup_by_load FROM {source}"  # noqa: S608 - our own SQL only
    group = ", ".join(GROUP)
    order = f"(CAST(exercise_pos AS BIGINT) * {_POSITION_SPAN} + set_pos)"
    return f"""
        SELECT * EXCLUDE (_ord, _top, _marked, _top_ord),
               coalesce(NOT _marked AND _top > 0 AND weight_kg > 0 AND _ord < _top_ord
                        AND weight_kg < {share_parameter}::DOUBLE * _top, false) AS warmup_by_load
        FROM (
            SELECT *, min(CASE WHEN weight_kg = _top THEN _ord END) OVER (PARTITION BY {group}) AS _top_ord
            FROM (
                SELECT *, {order} AS _ord,
                       max(weight_kg) OVER (PARTITION BY {group}) AS _top,
                       bool_or(set_kind = 'warmup') OVER (PARTITION BY {group}) AS _marked
                FROM {source}
            )
        )
    """  # noqa: S608 - only our own column names and fixed SQL are formatted in; the share is a parameter


def count_warmups_by_load(sets: pl.DataFrame, share: float | None) -> int:
    """How many of ``sets`` (canonical sets, with ``COLUMNS_NEEDED``) the rule reads as warm-ups: the
    figure the import report and ``liftbalance exercises`` give."""
    if share is None or sets.height == 0:
        return 0
    return int(sets.select(warmup_by_load(share).sum()).item())
