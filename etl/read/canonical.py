"""From an app's typed rows to canonical sets: identity, positions, and every bad value located.

This is the second stage boundary. Whatever the app, a set leaves here with its athlete,
source, workout key, positions taken from row order (the identity re-imports match on),
and values in kg, metres and seconds, validated by ``schemas.sets.CanonicalSets``. Values
no export can mean become ``BadRow``s with file line, column, value and the expected form;
odd-but-genuine values (4,500 reps of stair step-ups) are kept and flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandera.polars as pa
import polars as pl

from etl.errors import BadRow
from etl.read.csvfile import LINE
from etl.read.parse import parse_distinct
from etl.read.readers.common import FEEDS_NO_NUMBER, ParsedRows
from etl.read.readers.registry import APPS
from schemas.fastcheck import passes_every_check
from schemas.sets import (
    IMPLAUSIBLE_REPS,
    IMPLAUSIBLE_WEIGHT_KG,
    MAX_REPS,
    MAX_WEIGHT_KG,
    SET_COLUMNS,
    CanonicalSets,
)


@dataclass
class Normalized:
    sets: pl.DataFrame
    bad_rows: list[BadRow]
    skipped: dict[str, int]
    flagged: list[BadRow] = field(default_factory=list)


def _feeds_number(parsed: ParsedRows) -> list[bool]:
    """Per check: whether its column feeds a number we compute (else a bad value is only a warning)."""
    idle = {parsed.source_columns[c] for c in FEEDS_NO_NUMBER if c in parsed.source_columns}
    return [check.feeds_number and check.column not in idle for check in parsed.checks]


# Values that parse but no lift can be (``_range_problems``, numbered from 100 in its ``order``).
_RANGE_RULES = [
    ("weight_kg", pl.col("weight_kg").abs() > MAX_WEIGHT_KG, f"a load of at most {MAX_WEIGHT_KG:,.0f} kg"),
    ("reps", pl.col("reps") < 0, "a number of reps that is not negative"),
    ("reps", pl.col("reps") > MAX_REPS, f"at most {MAX_REPS:,.0f} reps"),
    ("rpe", (pl.col("rpe") < 0) | (pl.col("rpe") > 10), "an RPE from 0 to 10"),
    ("distance_m", pl.col("distance_m") < 0, "a distance that is not negative"),
    ("duration_s", pl.col("duration_s") < 0, "a duration that is not negative"),
]
_IDLE_RANGE_RULES = tuple(
    100 + i for i, (column, _, _) in enumerate(_RANGE_RULES) if column in FEEDS_NO_NUMBER
)


def _idle_orders(parsed: ParsedRows) -> list[int]:
    """The ``order`` numbers of checks whose column feeds no number we compute: a bad value there is a
    warning (``FieldCheck.feeds_number``, or the file column of a ``FEEDS_NO_NUMBER`` parsed column)."""
    idle = {parsed.source_columns[c] for c in FEEDS_NO_NUMBER if c in parsed.source_columns}
    orders = [i for i, check in enumerate(parsed.checks) if not check.feeds_number or check.column in idle]
    return orders + list(_IDLE_RANGE_RULES)


def _bad_values(parsed: ParsedRows, set_lines: pl.Series) -> pl.DataFrame:
    """One row per (line, column) whose raw text failed its reader's check, with ``feeds``: whether the
    column feeds a number we compute (a bad value that does not is kept as logged and flagged).

    Every check's cheap scan (``FieldCheck.scan``) is first counted in one parallel pass over the whole
    raw frame; only checks that hit somewhere are then run and located, and only on the set rows (a
    rest-timer row's blank weight is no error)."""
    if not parsed.checks:
        return _no_problems()
    counts = parsed.raw.select(
        [check.scan.fill_null(False).sum().alias(str(i)) for i, check in enumerate(parsed.checks)]
    ).row(0)
    hit = [i for i, count in enumerate(counts) if count]
    if not hit:
        return _no_problems()
    raw = parsed.raw.filter(pl.col(LINE).is_in(set_lines.implode()))
    frames = []
    for i in hit:
        check = parsed.checks[i]
        hits = raw.filter(check.bad.fill_null(False)).select(
            pl.col(LINE).alias("line"),
            pl.lit(check.column).alias("column"),
            pl.col(check.column).alias("value"),
            pl.lit(check.expected).alias("expected"),
            pl.lit(i).alias("order"),
        )
        if hits.height:
            frames.append(hits)
    if not frames:
        return _no_problems()
    return pl.concat(frames, how="vertical_relaxed")


def _no_problems() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "line": pl.Int64,
            "column": pl.String,
            "value": pl.String,
            "expected": pl.String,
            "order": pl.Int32,
        }
    )


def _range_problems(sets: pl.DataFrame, parsed: ParsedRows) -> pl.DataFrame:
    """Values that parsed but that no lift can be: over 10,000 kg, negative or over 100,000 reps.

    Reported under the file's own column name with the text as written (``20000``, not ``20000.0``)."""
    rules = _RANGE_RULES
    # One pass says which rules hit anywhere; only those are located.
    hit = sets.select(cond.fill_null(False).any().alias(str(i)) for i, (_, cond, _) in enumerate(rules)).row(
        0
    )
    frames = []
    for i, (col, cond, expected) in enumerate(rules):
        if not hit[i]:
            continue
        hits = sets.filter(cond.fill_null(False)).select(
            pl.col(LINE), pl.col(col).cast(pl.String).alias("value")
        )
        source = parsed.source_columns.get(col)
        if source is not None and source in parsed.raw.columns:
            raw_text = parsed.raw.select(pl.col(LINE), pl.col(source).alias("raw_value"))
            hits = hits.join(raw_text, on=LINE, how="left").with_columns(
                pl.coalesce("raw_value", "value").alias("value")
            )
        frames.append(
            hits.select(
                pl.col(LINE).alias("line"),
                pl.lit(source or col).alias("column"),
                pl.col("value"),
                pl.lit(expected).alias("expected"),
                pl.lit(100 + i).alias("order"),
            )
        )
    if not frames:
        return _no_problems()
    return pl.concat(frames, how="vertical_relaxed")


def _flag_implausible(sets: pl.DataFrame) -> list[BadRow]:
    odd = sets.filter(
        (pl.col("weight_kg").abs() > IMPLAUSIBLE_WEIGHT_KG).fill_null(False)
        | (pl.col("reps") > IMPLAUSIBLE_REPS).fill_null(False)
    )
    flagged = []
    for row in odd.select(LINE, "exercise_name", "weight_kg", "reps").iter_rows(named=True):
        heavy = row["weight_kg"] is not None and abs(row["weight_kg"]) > IMPLAUSIBLE_WEIGHT_KG
        column, value = ("weight_kg", row["weight_kg"]) if heavy else ("reps", row["reps"])
        limit = f"{IMPLAUSIBLE_WEIGHT_KG:,.0f} kg" if heavy else f"{IMPLAUSIBLE_REPS:,.0f} reps"
        flagged.append(
            BadRow(
                row[LINE],
                column,
                f"{value:g} ({row['exercise_name']})",
                f"usually under {limit}; loaded as logged",
            )
        )
    return flagged


def with_positions(sets: pl.DataFrame) -> pl.DataFrame:
    """``exercise_pos``: which exercise block of the workout, in row order; ``set_pos``: which row
    of that block. A block starts where the name changes or the app's own set index restarts.

    Rows are grouped by workout (keeping file order inside each), numbered in one linear pass
    (no per-group windows, which matters at a million sets), and returned in file order. Exports
    already write each workout's rows together, in line order; then the grouping sort is skipped.
    """
    if _workouts_contiguous(sets):
        return _number_blocks(sets)
    ordered = sets.sort("workout_start", LINE, nulls_last=True, maintain_order=True)
    return _number_blocks(ordered).sort(LINE)


def _workouts_contiguous(sets: pl.DataFrame) -> bool:
    """True when lines ascend and each workout's rows are one run: sorting by (start, line) would
    then only regroup runs, which the numbering does not see. One pass, no sort."""
    if sets.height == 0:
        return True
    nulls, changes, distinct, unordered = sets.select(
        pl.col("workout_start").null_count().alias("nulls"),
        (pl.col("workout_start") != pl.col("workout_start").shift(1)).sum().alias("changes"),
        pl.col("workout_start").n_unique().alias("distinct"),
        (pl.col(LINE).diff() < 0).any().alias("unordered"),
    ).row(0)
    return nulls == 0 and not unordered and changes + 1 == distinct


def _number_blocks(ordered: pl.DataFrame) -> pl.DataFrame:
    """Positions for rows whose workouts are each one contiguous run, in that order."""
    row = pl.int_range(pl.len(), dtype=pl.Int64)
    new_workout = (pl.col("workout_start") != pl.col("workout_start").shift(1)).fill_null(True)
    new_block = (
        new_workout
        | (pl.col("exercise_name") != pl.col("exercise_name").shift(1)).fill_null(True)
        | (pl.col("block_hint") <= pl.col("block_hint").shift(1)).fill_null(False)
    )
    return (
        ordered.with_columns(new_workout.alias("_new_workout"), new_block.alias("_new_block"))
        .with_columns(pl.col("_new_block").cum_sum().alias("_block"), row.alias("_row"))
        .with_columns(
            (pl.col("_block") - pl.when("_new_workout").then(pl.col("_block")).forward_fill())
            .cast(pl.Int32)
            .alias("exercise_pos"),
            (pl.col("_row") - pl.when("_new_block").then(pl.col("_row")).forward_fill())
            .cast(pl.Int32)
            .alias("set_pos"),
        )
        .drop("_new_workout", "_new_block", "_block", "_row")
    )


def to_canonical(sets: pl.DataFrame, *, app: str, athlete: str, tz: str) -> pl.DataFrame:
    def workout_key(start: pl.Expr) -> pl.Expr:
        return pl.lit(app + "|") + start.dt.strftime("%Y-%m-%dT%H:%M:%S")

    # One key per workout, formatted once per workout rather than once per set.
    sets = parse_distinct(sets, {"_workout_key": ("workout_start", workout_key)})
    return sets.select(
        pl.lit(athlete).alias("athlete"),
        pl.lit(app).alias("source"),
        pl.lit(None, dtype=pl.Int64).alias("upload_id"),
        pl.col("_workout_key").alias("workout_key"),
        pl.col("workout_start"),
        pl.lit(tz).alias("tz"),
        *[pl.col(c) for c in ("workout_name", "workout_duration_s", "workout_notes", "exercise_name")],
        pl.col("exercise_pos"),
        pl.col("set_pos"),
        *[pl.col(c) for c in ("set_kind", "weight_kg", "reps", "rpe", "distance_m", "duration_s", "notes")],
        pl.col(LINE).alias("source_line"),
    ).cast(SET_COLUMNS)  # type: ignore[arg-type]


def _schema_problems(canonical: pl.DataFrame) -> list[BadRow]:
    """The last guard: anything the schema still rejects, as located bad rows. The model's checks run
    in one query first (``schemas.fastcheck``); pandera itself runs, and reports, only when one fails."""
    if passes_every_check(CanonicalSets, canonical):
        return []
    try:
        CanonicalSets.validate(canonical, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        lines = canonical.get_column("source_line")
        out = []
        for case in cases.iter_rows(named=True):
            idx = case.get("index")
            line = int(lines[idx]) if idx is not None and idx < len(lines) else None
            out.append(
                BadRow(line, case.get("column"), case.get("failure_case"), f"to pass {case.get('check')}")
            )
        return out
    return []


def normalize(parsed: ParsedRows, *, app: str, athlete: str, tz: str) -> Normalized:
    if app not in APPS:
        raise ValueError(f"unknown source {app!r}: sets come from a registered reader ({', '.join(APPS)})")
    frame = parsed.frame
    skipped_rows = frame.filter(pl.col("skip_reason").is_not_null())
    skipped = dict(skipped_rows.group_by("skip_reason").len().sort("skip_reason").iter_rows())
    sets = with_positions(frame.filter(pl.col("skip_reason").is_null()))

    found = pl.concat(
        [_bad_values(parsed, sets.get_column(LINE)), _range_problems(sets, parsed)], how="vertical_relaxed"
    ).sort("line", "order")
    # A bad value in a field that feeds no number we compute keeps its row (the field left empty): a warning.
    idle = found.get_column("order").is_in(_idle_orders(parsed))
    problems, kept = found.filter(~idle), found.filter(idle)
    bad_rows = [
        BadRow(r["line"], r["column"], r["value"], r["expected"]) for r in problems.iter_rows(named=True)
    ]
    good = sets.filter(~pl.col(LINE).is_in(problems.get_column("line").implode()))
    if kept.height:
        good = good.with_columns(
            pl.when(pl.col(c) < 0).then(None).otherwise(pl.col(c)).alias(c)
            for c in ("distance_m", "duration_s")
        )
    canonical = to_canonical(good, app=app, athlete=athlete, tz=tz)
    schema_bad = _schema_problems(canonical)
    if schema_bad:
        bad_rows += schema_bad
        bad_lines = [b.line for b in schema_bad if b.line is not None]
        canonical = canonical.filter(~pl.col("source_line").is_in(bad_lines))
    kept_as_logged = [
        BadRow(
            r["line"],
            r["column"],
            r["value"],
            f"{r['expected']}; kept as logged, it changes no number we compute",
        )
        for r in kept.iter_rows(named=True)
    ]
    return Normalized(
        sets=canonical, bad_rows=bad_rows, skipped=skipped, flagged=kept_as_logged + _flag_implausible(good)
    )
