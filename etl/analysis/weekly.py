"""Week-by-week glute and hamstring hard sets, the rolling ratios, and the verdict.

This is the number a lifter came for, recomputed on demand from the stored sets (never cached, never
stale). DuckDB adds the sets up per athlete and week next to the data (``_stored_totals``), so only the
weekly totals, not every set, cross into polars; polars then lays out the week grid, the rolling values,
the status and the gaps (``_weekly_from_totals``). ``weekly_from_store`` is the one way in: one athlete
(``load_weekly``, what the dashboard, CLI and report show), a group of athletes sharing settings (the
coach's roster), or the whole store (``load_weekly_all``). Tests insert hand-written sets into an
in-memory store and credit them with a hand-written frame. Every frame is validated against
``schemas.weekly.WeeklyBalance`` on every call (``validate_weekly``: all of the model's checks in one
polars query, pandera's own report when one fails).

Rules (science.md): warm-ups never count (the app's marks, and unmarked ramp sets read from their
loads by ``etl.analysis.warmups``), drop and failure sets do; a set counts its
exercise's fractional weight for each muscle; weeks are ISO weeks (Monday) in local time
as logged; weeks without training are rows with zero sets but are gaps, not zeros, in
ratios and rolling means; rolling ratios are sums over the window divided by sums, never a
mean of weekly ratios; a zero denominator gives null, never inf.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import polars as pl

from etl.analysis.settings import BalanceSettings, load_settings, load_source_settings
from etl.analysis.warmups import warmup_by_load_sql
from etl.store.sources import dropped_workouts
from etl.taxonomy import credit_names, get_overrides
from schemas.weekly import GAP_ROLES, GAP_SEPARATOR, WEEKLY_COLUMNS, empty_weekly, validate_weekly

if TYPE_CHECKING:
    import duckdb

# The columns of a stored set the weekly sums read.
COLUMNS_READ = (
    "athlete",
    "workout_key",
    "workout_start",
    "exercise_name",
    "exercise_pos",
    "set_pos",
    "set_kind",
    "weight_kg",
    "reps",
    "rpe",
)
CREDIT_COLUMNS_NEEDED = (
    "name",
    "pattern",
    "glute_max",
    "glute_med",
    "hamstring_hip",
    "hamstring_knee",
    "quads",
    "eccentric",
    "mapped",
)
MUSCLE_WEIGHTS = ("glute_max", "glute_med", "hamstring_hip", "hamstring_knee", "quads")
# The taxonomy pattern of Nordic hamstring curls: "Nordic exposure" counts these only (van Dyk 2019
# pooled Nordic programmes); other slow eccentrics stay in the eccentric-emphasis series.
NORDIC_PATTERN = "nordic"

# Weekly totals that roll into a per-training-week mean: weekly column -> rolling column.
ROLLING_MEANS = {
    "glute_sets": "glute_sets_4w",
    "hamstring_sets": "hamstring_sets_4w",
    "hamstring_hip_sets": "hamstring_hip_sets_4w",
    "hamstring_knee_sets": "hamstring_knee_sets_4w",
    "quad_sets": "quad_sets_4w",
    "eccentric_sets": "eccentric_sets_4w",
    "nordic_sets": "nordic_sets_4w",
    "lower_body_sets": "lower_body_sets_4w",
}
# Ratios as (column, numerator, denominator), weekly and over the rolling window.
RATIOS = (
    ("glute_ham_ratio", "glute_sets", "hamstring_sets"),
    ("ham_quad_ratio", "hamstring_sets", "quad_sets"),
    ("knee_flexion_share", "hamstring_knee_sets", "hamstring_sets"),
)


def week_of(day: date | datetime) -> date:
    """The Monday starting the ISO week that contains ``day``."""
    if isinstance(day, datetime):
        day = day.date()
    return day - timedelta(days=day.weekday())


def _require(frame: pl.DataFrame, columns: tuple[str, ...] | list[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} frame lacks column(s) {missing}; it has {frame.columns}")


def _ratio(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    """num / den, null when den is 0: a ratio with nothing under it is unknown, not infinite."""
    return pl.when(denominator > 0).then(numerator / denominator).otherwise(None)


def _window_sum(column: str, window: int) -> pl.Expr:
    """Sum of ``column`` over this week and the ``window - 1`` before it, per athlete.

    Added up from shifts rather than ``rolling_sum``: no running subtraction, so a window of
    zeros sums to exactly 0 and never to -1e-17. The frame is sorted by athlete and week, so
    "k weeks back, same athlete" is the row k above when the week's index (``_week_index``) is
    at least k: one shift of the whole column, no per-athlete window.
    """
    return pl.sum_horizontal(_back(pl.col(column), k).fill_null(0) for k in range(window))


def _back(value: pl.Expr, k: int) -> pl.Expr:
    """``value`` k weeks back for the same athlete (null before their first week); needs the frame sorted
    by athlete and week with ``_week_index`` (the week's position in its athlete's rows)."""
    return value if k == 0 else pl.when(pl.col("_week_index") >= k).then(value.shift(k))


def _credit_table(credit: pl.DataFrame) -> pl.DataFrame:
    """The credit frame as the lookup the sums join to: one row per name (the first), a missing weight or flag
    crediting nothing, and the per-exercise sums the tonnage and lower-body counts use."""
    return (
        credit.select(
            pl.col("name").cast(pl.String),
            *(pl.col(m).cast(pl.Float64).fill_null(0.0) for m in MUSCLE_WEIGHTS),
            pl.col("eccentric").cast(pl.Boolean).fill_null(False),
            (pl.col("pattern").cast(pl.String) == NORDIC_PATTERN).fill_null(False).alias("nordic"),
            pl.col("mapped").cast(pl.Boolean).fill_null(False),
        )
        .drop_nulls("name")  # a null name matches no set
        .unique(subset="name", keep="first", maintain_order=True)
        .with_columns(
            (pl.col("glute_max") + pl.col("glute_med")).alias("glute_weight"),
            (pl.col("hamstring_hip") + pl.col("hamstring_knee")).alias("hamstring_weight"),
            # A lower-body set: one that credits glutes, hamstrings or quads at all.
            (pl.sum_horizontal(pl.col(m) for m in MUSCLE_WEIGHTS) > 0).alias("lower"),
        )
    )


def _week_grid(totals: pl.LazyFrame, start: date | None, end: date | None) -> pl.LazyFrame:
    """Every week from each athlete's first training week (or ``start``) to the last (or ``end``)."""
    first = pl.col("week_start").min()
    last = pl.col("week_start").max()
    if start is not None:
        first = pl.min_horizontal(first, pl.lit(week_of(start)))
    if end is not None:
        last = pl.lit(week_of(end))
    return (
        totals.group_by("athlete")
        .agg(pl.date_ranges(first, last, interval="1w").alias("week_start"))
        .explode("week_start")
        .drop_nulls("week_start")
    )


def _sides(settings: BalanceSettings) -> tuple[pl.Expr, pl.Expr]:
    """(above the band, below the band): the rolling glute:hamstring ratio over ``dominance_ratio``, or
    under its inverse. Glute work with no hamstring work at all (a null ratio) is above; the reverse below."""
    glute, ham = pl.col("glute_sets_4w"), pl.col("hamstring_sets_4w")
    ratio = pl.col("glute_ham_ratio_4w")
    above = ((ham == 0) & (glute > 0)) | (ratio > settings.dominance_ratio)
    below = ((glute == 0) & (ham > 0)) | (ratio < 1 / settings.dominance_ratio)
    return above.fill_null(False), below.fill_null(False)


def _role_gaps(settings: BalanceSettings) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(hip-extension gap, knee-flexion gap, Nordic gap) for a window with lower-body sets: a hamstring role
    under its minimum sets a week, or no Nordic curls for ``nordic_gap_weeks`` (or ever)."""
    legs = pl.col("lower_body_sets_4w").fill_null(0.0) > 0
    hip = legs & (pl.col("hamstring_hip_sets_4w").fill_null(0.0) < settings.hip_extension_min_sets)
    knee = legs & (pl.col("hamstring_knee_sets_4w").fill_null(0.0) < settings.knee_flexion_min_sets)
    since = pl.col("weeks_since_nordic")
    nordic = legs & (since.is_null() | (since >= settings.nordic_gap_weeks)).fill_null(True)
    return hip, knee, nordic


def _gaps(settings: BalanceSettings) -> pl.Expr:
    """The ``gaps`` text: the absent roles, in ``GAP_ROLES`` order, joined by ``GAP_SEPARATOR``."""
    flags = dict(zip(GAP_ROLES, _role_gaps(settings), strict=True))
    return pl.concat_str(
        [pl.when(flag).then(pl.lit(role)) for role, flag in flags.items()],
        separator=GAP_SEPARATOR,
        ignore_nulls=True,
    ).fill_null("")


def _status(settings: BalanceSettings) -> pl.Expr:
    """The week's status (``schemas.weekly.STATUSES``, first that applies), from the rolling window.

    Each status agrees with the numbers beside it: dominant and leaning need the rolling ratio outside
    the band on their side (``_sides``); dominant also needs it there for ``sustained_weeks`` weeks in a
    row, each with training in its window, and 2+ training weeks in this window; balanced needs the
    ratio inside the band and both hamstring roles at or above their minimums (``_role_gaps``).
    """
    s = settings
    glute, ham = pl.col("glute_sets_4w"), pl.col("hamstring_sets_4w")
    above, below = _sides(s)
    hip_gap, knee_gap, _ = _role_gaps(s)
    low = (glute < s.low_volume_sets) & (ham < s.low_volume_sets)
    legless = pl.col("lower_body_sets_4w").fill_null(0.0) == 0

    def sustained(condition: pl.Expr) -> pl.Expr:
        # A week whose window has no training, or a week before the log starts, breaks the streak.
        known = pl.when(pl.col("training_weeks_4w") > 0).then(condition).otherwise(False)
        recent = [_back(known, k).fill_null(False) for k in range(s.sustained_weeks)]
        return pl.all_horizontal(recent) & (pl.col("training_weeks_4w") >= 2)

    # Both roles short: the one with fewer sets is named (knee flexion on a tie: squat-and-hinge lifters).
    hip_first = hip_gap & (~knee_gap | (pl.col("hamstring_hip_sets_4w") < pl.col("hamstring_knee_sets_4w")))
    return (
        pl.when(pl.col("workouts") == 0)
        .then(pl.lit("no_training"))
        .when(legless)
        .then(pl.lit("no_lower_body"))
        .when(low)
        .then(pl.lit("low_volume"))
        .when(sustained(above))
        .then(pl.lit("glute_dominant"))
        .when(sustained(below))
        .then(pl.lit("hamstring_dominant"))
        .when(above)
        .then(pl.lit("glute_leaning"))
        .when(below)
        .then(pl.lit("hamstring_leaning"))
        .when(hip_first)
        .then(pl.lit("missing_hip_extension"))
        .when(knee_gap)
        .then(pl.lit("missing_knee_flexion"))
        .otherwise(pl.lit("balanced"))
    )


@functools.lru_cache(maxsize=64)
def _stages(settings: BalanceSettings) -> tuple[tuple[pl.Expr, ...], ...]:
    """The expressions that turn the week grid (sorted by athlete and week) into the weekly columns, one
    ``with_columns`` each. Built once per settings: they depend on the settings, never on the data."""
    window = settings.window_weeks
    return (
        (
            pl.col(
                "workouts",
                "eccentric_sets",
                "nordic_sets",
                "unmapped_sets",
                "lower_body_sets",
                "warmup_sets_by_load",
            ).fill_null(0),
            pl.col(
                "glute_max_sets",
                "glute_med_sets",
                "hamstring_hip_sets",
                "hamstring_knee_sets",
                "quad_sets",
                "glute_tonnage_kg",
                "hamstring_tonnage_kg",
                "quad_tonnage_kg",
            ).fill_null(0.0),
        ),
        (
            (pl.col("glute_max_sets") + pl.col("glute_med_sets")).alias("glute_sets"),
            (pl.col("hamstring_hip_sets") + pl.col("hamstring_knee_sets")).alias("hamstring_sets"),
            (pl.col("workouts") > 0).cast(pl.Int64).alias("_trained"),
            pl.int_range(pl.len()).over("athlete").alias("_week_index"),
            pl.int_range(pl.len()).alias("_row"),
        ),
        (
            pl.when(pl.col("eccentric_sets") > 0)
            .then(pl.col("_row"))
            .forward_fill()
            .alias("_last_eccentric_row"),
            pl.when(pl.col("nordic_sets") > 0).then(pl.col("_row")).forward_fill().alias("_last_nordic_row"),
        ),
        (
            *(_ratio(pl.col(num), pl.col(den)).alias(name) for name, num, den in RATIOS),
            *(_window_sum(col, window).alias(f"_{col}_sum") for col in ROLLING_MEANS),
            _window_sum("_trained", window).alias("training_weeks_4w"),
            pl.lit(window, dtype=pl.Int64).alias("window_weeks"),
            # Rows since the last week with eccentric sets, if that week is the same athlete's (the
            # frame is sorted: the athlete's first row is ``_week_index`` rows up).
            pl.when(pl.col("_last_eccentric_row") >= pl.col("_row") - pl.col("_week_index"))
            .then(pl.col("_row") - pl.col("_last_eccentric_row"))
            .alias("weeks_since_eccentric"),
            pl.when(pl.col("_last_nordic_row") >= pl.col("_row") - pl.col("_week_index"))
            .then(pl.col("_row") - pl.col("_last_nordic_row"))
            .alias("weeks_since_nordic"),
        ),
        (
            *(
                _ratio(pl.col(f"_{col}_sum"), pl.col("training_weeks_4w").cast(pl.Float64)).alias(rolling)
                for col, rolling in ROLLING_MEANS.items()
            ),
            *(
                _ratio(pl.col(f"_{num}_sum"), pl.col(f"_{den}_sum")).alias(f"{name}_4w")
                for name, num, den in RATIOS
            ),
        ),
        (_status(settings).alias("status"), _gaps(settings).alias("gaps")),
    )


_OUTPUT = tuple(pl.col(name).cast(dtype) for name, dtype in WEEKLY_COLUMNS.items())


def _weekly_from_totals(
    totals: pl.LazyFrame, settings: BalanceSettings, *, start: date | None, end: date | None
) -> pl.DataFrame:
    """The validated weekly frame from the per athlete-week totals (``TOTALS_COLUMNS``: one row per athlete
    and week that has any set, as ``_stored_totals`` computes them)."""
    fill, *rest = _stages(settings)
    weekly = (
        _week_grid(totals, start, end)
        .join(totals, on=["athlete", "week_start"], how="left")
        .with_columns(*fill)
        .sort("athlete", "week_start")
    )
    for stage in rest:
        weekly = weekly.with_columns(*stage)
    if start is not None:
        weekly = weekly.filter(pl.col("week_start") >= week_of(start))
    # The in-memory engine: the default streaming one took ~40% longer on these small, many-column plans.
    result = weekly.select(*_OUTPUT).collect(engine="in-memory")
    if result.height == 0:
        result = empty_weekly()
    return validate_weekly(result)


# What ``_stored_totals`` hands to ``_weekly_from_totals``, per athlete and week.
TOTALS_COLUMNS: dict[str, pl.DataType] = {
    "athlete": pl.String(),
    "week_start": pl.Date(),
    "workouts": pl.Int64(),
    **{
        name: WEEKLY_COLUMNS[name]
        for name in (
            "glute_max_sets",
            "glute_med_sets",
            "hamstring_hip_sets",
            "hamstring_knee_sets",
            "quad_sets",
            "eccentric_sets",
            "nordic_sets",
            "unmapped_sets",
            "lower_body_sets",
            "warmup_sets_by_load",
            "glute_tonnage_kg",
            "hamstring_tonnage_kg",
            "quad_tonnage_kg",
        )
    },
}
# Joins athlete and workout key in the list of left-out workouts (never in a name or key).
_KEY_SEP = "\x1f"


@dataclass(frozen=True)
class StoredSets:
    """Which stored sets a weekly computation adds up (``weekly_from_store``).

    ``athletes`` maps each athlete to the first moment of their log that counts (None: all of it); None
    selects every athlete's whole log. ``dropped`` lists (athlete, workout_key) pairs left out: the
    workouts another app's overlapping session counts for (``etl.store.sources.dropped_workouts``).
    """

    athletes: Mapping[str, datetime | None] | None = None
    dropped: Collection[tuple[str, str]] = ()


def _stored_sets(sets: StoredSets, until: datetime | None) -> tuple[str, dict[str, object]]:
    """The FROM/WHERE clause and parameters for the stored sets ``sets`` selects, before ``until``. Only the
    conditions that apply are written, and one athlete is an ``athlete = ?``, so DuckDB can skip row groups."""
    source = "FROM sets"
    where: list[str] = []
    params: dict[str, object] = {}
    if sets.athletes is not None and len(sets.athletes) == 1:
        [(athlete, since)] = sets.athletes.items()
        where.append("athlete = $athlete")
        params["athlete"] = athlete
        if since is not None:
            where.append("workout_start >= $since")
            params["since"] = since
    elif sets.athletes is not None:
        source += (
            " JOIN (SELECT unnest($athletes::VARCHAR[]) AS athlete, unnest($since::TIMESTAMP[]) AS _since)"
            " USING (athlete)"
        )
        where.append("(_since IS NULL OR workout_start >= _since)")
        params["athletes"] = list(sets.athletes)
        params["since"] = list(sets.athletes.values())
    if until is not None:
        where.append("workout_start < $until")
        params["until"] = until
    if sets.dropped:
        where.append(f"NOT list_contains($dropped::VARCHAR[], athlete || '{_KEY_SEP}' || workout_key)")
        params["dropped"] = [f"{athlete}{_KEY_SEP}{key}" for athlete, key in sets.dropped]
    return source + (" WHERE " + " AND ".join(where) if where else ""), params


def _stored_totals(
    con: duckdb.DuckDBPyConnection,
    credit: pl.DataFrame,
    settings: BalanceSettings,
    stored: tuple[str, dict[str, object]],
) -> pl.DataFrame:
    """Per athlete-week: workouts, fractional working sets per muscle, eccentric/unmapped sets, tonnage.

    Computed by DuckDB next to the data, so only these few rows (not every set's strings) cross into
    polars. ``stored`` is ``_stored_sets``' answer. Warm-ups (marked, or read from their loads) and sets
    under ``min_rpe`` do not count; a name the credit lacks is unmapped; bodyweight and assisted loads add
    no tonnage; weeks are ISO weeks. Set counts are sums of quarter-set weights, exact in any order;
    tonnage is summed with ``fsum`` (compensated), so the parallel scan's order does not change it.
    """
    counted = "set_kind <> 'warmup' AND NOT warmup_by_load"
    source, stored_params = stored
    params: dict[str, object] = dict(stored_params)
    share = settings.warmup_load_share
    if share is not None:
        params["warmup_share"] = share
    marked = warmup_by_load_sql(
        f"(SELECT {', '.join(COLUMNS_READ)} {source})", None if share is None else "$warmup_share"
    )
    if settings.min_rpe is not None:
        counted += " AND (rpe IS NULL OR rpe >= $min_rpe::DOUBLE)"
        params["min_rpe"] = settings.min_rpe
    columns = (
        "name",
        *MUSCLE_WEIGHTS,
        "eccentric",
        "nordic",
        "mapped",
        "lower",
        "glute_weight",
        "hamstring_weight",
    )
    # A name without a row in the credit table is unmapped (no join match).
    named = _credit_table(credit)
    for column in columns:
        params[f"c_{column}"] = named.get_column(column).to_list()
    types = {
        "name": "VARCHAR[]",
        "eccentric": "BOOLEAN[]",
        "nordic": "BOOLEAN[]",
        "mapped": "BOOLEAN[]",
        "lower": "BOOLEAN[]",
    }
    unnested = ", ".join(f"unnest($c_{c}::{types.get(c, 'DOUBLE[]')}) AS {c}" for c in columns)

    # Only a set that counts is joined to its credit: the others add nulls, which sums skip.
    def weights(column: str, alias: str) -> str:
        return f"coalesce(sum(c.{column}), 0.0) AS {alias}"

    def tonnage(column: str, alias: str) -> str:
        return f"coalesce(fsum(s.load * c.{column}), 0.0) AS {alias}"

    query = f"""
        WITH credit AS (SELECT {unnested}),
        s AS (
            SELECT athlete, CAST(date_trunc('week', workout_start) AS DATE) AS week_start, workout_key,
                   exercise_name, coalesce({counted}, false) AS counted,
                   greatest(coalesce(weight_kg, 0.0), 0.0) * coalesce(reps, 0.0) AS load, warmup_by_load
            FROM ({marked})
        )
        SELECT s.athlete, s.week_start, count(DISTINCT s.workout_key) AS workouts,
               {weights("glute_max", "glute_max_sets")}, {weights("glute_med", "glute_med_sets")},
               {weights("hamstring_hip", "hamstring_hip_sets")}, {weights("hamstring_knee", "hamstring_knee_sets")},
               {weights("quads", "quad_sets")},
               count(*) FILTER (WHERE c.eccentric) AS eccentric_sets,
               count(*) FILTER (WHERE c.nordic) AS nordic_sets,
               count(*) FILTER (WHERE s.counted AND NOT coalesce(c.mapped, false)) AS unmapped_sets,
               count(*) FILTER (WHERE c.lower) AS lower_body_sets,
               count(*) FILTER (WHERE s.warmup_by_load) AS warmup_sets_by_load,
               {tonnage("glute_weight", "glute_tonnage_kg")}, {tonnage("hamstring_weight", "hamstring_tonnage_kg")},
               {tonnage("quads", "quad_tonnage_kg")}
        FROM s LEFT JOIN credit AS c ON s.counted AND s.exercise_name = c.name
        GROUP BY s.athlete, s.week_start
    """  # noqa: S608 - only our own column names and fixed SQL are formatted in; values are parameters
    totals = con.sql(query, params=params).pl()
    return totals.select(pl.col(name).cast(dtype) for name, dtype in TOTALS_COLUMNS.items())


def _stored_names(con: duckdb.DuckDBPyConnection, stored: tuple[str, dict[str, object]]) -> list[str]:
    """The distinct exercise names among the stored sets ``stored`` selects (``_stored_sets``)."""
    source, params = stored
    rows = con.sql(f"SELECT DISTINCT exercise_name {source}", params=params).fetchall()  # noqa: S608
    return [row[0] for row in rows]


def weekly_from_store(
    con: duckdb.DuckDBPyConnection,
    sets: StoredSets,
    settings: BalanceSettings,
    *,
    overrides: Mapping[str, str] | None = None,
    credit: pl.DataFrame | None = None,
    start: date | None = None,
    end: date | None = None,
) -> pl.DataFrame:
    """One validated ``WeeklyBalance`` row per athlete per ISO week, of the stored sets ``sets`` selects.

    All the athletes selected are added up in one query, by one ``settings``. Each set is credited by the
    taxonomy (``etl.taxonomy.credit_names`` of the selected names, with ``overrides``), or by ``credit``
    when given (a frame shaped like ``credit_names`` output; names missing from it count as unmapped).
    Rows run from each athlete's first training week (or the week of ``start``, if earlier) to the last
    (or the week of ``end``). Rolling values and ``weeks_since_eccentric`` use the whole selected history
    before ``start``; sets after the week of ``end`` are ignored.
    """
    if credit is not None and overrides is not None:
        raise ValueError("give overrides (for the taxonomy's credit) or a credit frame, not both")
    until = None if end is None else datetime.combine(week_of(end) + timedelta(days=7), datetime.min.time())
    stored = _stored_sets(sets, until)
    if credit is None:
        names = _stored_names(con, stored)
        if not names:
            return empty_weekly()
        credit = credit_names(names, overrides)
    _require(credit, CREDIT_COLUMNS_NEEDED, "credit")
    totals = _stored_totals(con, credit, settings, stored)
    return _weekly_from_totals(totals.lazy(), settings, start=start, end=end)


def load_weekly(
    con: duckdb.DuckDBPyConnection,
    athlete: str,
    settings: BalanceSettings | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
) -> pl.DataFrame:
    """One athlete's weekly rows from the store, with their overrides and settings.

    ``settings`` defaults to the athlete's stored settings (``etl.analysis.settings.load_settings``). All the
    athlete's sources are merged; a session logged in two apps counts once (``etl.store.sources``: the
    overlapping workout that loses under the athlete's ``source_priority`` setting is left out).
    """
    if settings is None:
        settings = load_settings(con, athlete)
    dropped = dropped_workouts(con, athlete, load_source_settings(con, athlete).source_priority)
    sets = StoredSets({athlete: None}, [(athlete, key) for key in dropped])
    return weekly_from_store(con, sets, settings, overrides=get_overrides(con, athlete), start=start, end=end)


def load_weekly_all(con: duckdb.DuckDBPyConnection, settings: BalanceSettings | None = None) -> pl.DataFrame:
    """Every athlete's weekly rows from every stored set, in one pass over the store.

    The whole-store recompute (``bench.measure``'s ``weekly_all``): the shipped taxonomy without
    overrides, one ``settings`` (default ``BalanceSettings()``) for everyone, no overlap resolution.
    """
    return weekly_from_store(con, StoredSets(), settings or BalanceSettings())
