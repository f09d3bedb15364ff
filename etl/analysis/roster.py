"""The coach's roster: every athlete of a database at a glance, from the same weekly numbers as the Balance page.

A coach holds many athletes and needs to see which of them need a look: who is dominant on one side,
who is missing a hamstring role, who has stopped training. ``roster`` answers with one row per athlete
(``schemas.roster``), computed by ``etl.analysis.weekly.weekly_from_store`` (the numbers the Balance page
shows: the same sums, rolling window, status and gaps), each athlete with their own settings and name overrides.

Speed: a coach's database can hold a million sets. The roster needs only the recent weeks, so each
athlete's weeks are computed over their last weeks of sessions (``horizon_weeks``: the 12-week sparkline
plus the rolling window and the "sustained" weeks behind a status), and athletes
who share settings and overrides are added up in one query. A status that held through every week
the roster looked at is reported as "at least" that many weeks (``status_held_longer``). Weeks since
the last Nordic curls look at the whole log.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import polars as pl

from etl.analysis.settings import (
    DEFAULTS,
    SETTING_NAMES,
    WHOLE_NUMBERS,
    BalanceSettings,
    load_source_settings,
)
from etl.analysis.weekly import StoredSets, week_of, weekly_from_store
from etl.store import database as store
from etl.store.sources import dropped_workouts
from etl.taxonomy import credit_names, load_taxonomy
from schemas.roster import ROSTER_COLUMNS, SPARK_WEEKS, validate_roster
from schemas.weekly import GAP_SEPARATOR

if TYPE_CHECKING:
    import duckdb

# "No training for 2+ weeks" (issue 22): weeks from the last training week to this week.
IDLE_WEEKS = 2
DOMINANT = ("glute_dominant", "hamstring_dominant")
MISSING_ROLES = ("hip_extension", "knee_flexion")


def horizon_weeks(settings: BalanceSettings) -> int:
    """The weeks of sessions read per athlete: enough for the sparkline's first week to have a full rolling
    window, and for the latest status to see its ``sustained_weeks`` of full windows."""
    return max(SPARK_WEEKS, settings.sustained_weeks) + settings.window_weeks - 1


def _all_settings(con: duckdb.DuckDBPyConnection, athletes: list[str]) -> dict[str, BalanceSettings]:
    """Every athlete's ``BalanceSettings`` in one query (``etl.analysis.settings.load_settings``'s rules)."""
    stored: dict[str, dict[str, Any]] = defaultdict(dict)
    for athlete, key, value in con.execute("SELECT athlete, key, value FROM settings").fetchall():
        if key in SETTING_NAMES:
            parsed = json.loads(value) if isinstance(value, str) else value
            if key in WHOLE_NUMBERS and isinstance(parsed, float) and parsed.is_integer():
                parsed = int(parsed)
            stored[athlete][key] = parsed
    return {a: replace(DEFAULTS, **stored[a]) if a in stored else DEFAULTS for a in athletes}


def _all_overrides(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[tuple[str, str], ...]]:
    rows = con.execute(
        "SELECT athlete, name, exercise_id FROM name_overrides ORDER BY athlete, name"
    ).fetchall()
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for athlete, name, exercise_id in rows:
        out[athlete].append((name, exercise_id))
    return {a: tuple(v) for a, v in out.items()}


def _facts(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Per athlete with sets: the last session, the apps (most sets first) and how many."""
    return con.sql(
        """
        SELECT athlete, max(last) AS last, list(source ORDER BY n DESC, source) AS sources
        FROM (SELECT athlete, source, count(*) AS n, max(workout_start) AS last FROM sets GROUP BY athlete, source)
        GROUP BY athlete
        """
    ).pl()


def _last_nordic_weeks(
    con: duckdb.DuckDBPyConnection, overrides: Mapping[str, tuple[tuple[str, str], ...]]
) -> dict[str, date]:
    """The week of each athlete's last Nordic curl set (not a marked warm-up), over the whole log."""
    taxonomy = load_taxonomy()
    nordic_ids = set(taxonomy.filter(pl.col("pattern") == "nordic").get_column("exercise_id"))
    names = [r[0] for r in con.execute("SELECT DISTINCT exercise_name FROM sets").fetchall()]
    credit = credit_names(names) if names else pl.DataFrame({"name": [], "pattern": []})
    nordic = set(credit.filter(pl.col("pattern") == "nordic").get_column("name"))
    nordic |= {
        name for pairs in overrides.values() for name, exercise_id in pairs if exercise_id in nordic_ids
    }
    if not nordic:
        return {}
    rows = con.execute(
        """
        SELECT athlete, CAST(date_trunc('week', max(workout_start)) AS DATE) FROM sets
        WHERE list_contains(?::VARCHAR[], exercise_name) AND set_kind <> 'warmup' GROUP BY athlete
        """,
        [sorted(nordic)],
    ).fetchall()
    return dict(rows)


def _summaries(weekly: pl.DataFrame) -> pl.DataFrame:
    """Per athlete: the last training week's row, how long its status held, and the ratio's last 12 weeks."""
    # Weeks without training (status no_training) neither end nor extend a run: it spans calendar weeks from the
    # first training week with the latest status to the last training week.
    run = (pl.col("status") != pl.col("status").shift(1)).fill_null(True).cum_sum().over("athlete")
    trained = weekly.filter(pl.col("workouts") > 0).sort("athlete", "week_start").with_columns(_run=run)
    since = pl.col("week_start").filter(pl.col("_run") == pl.col("_run").last()).first()
    totals = trained.group_by("athlete").agg(
        status=pl.col("status").last(),
        gaps=pl.col("gaps").last(),
        status_weeks=((pl.col("week_start").last() - since).dt.total_days() // 7 + 1).cast(pl.Int64),
        status_held_longer=(pl.col("_run").first() == pl.col("_run").last()),
        glute_ham_ratio=pl.col("glute_ham_ratio_4w").last(),
        hip_extension_sets=pl.col("hamstring_hip_sets_4w").last(),
        knee_flexion_sets=pl.col("hamstring_knee_sets_4w").last(),
    )
    spark = (
        weekly.sort("athlete", "week_start")
        .group_by("athlete")
        .agg(ratio_weeks=pl.col("glute_ham_ratio_4w").tail(SPARK_WEEKS))
    )
    return totals.join(spark, on="athlete")


def roster(
    con: duckdb.DuckDBPyConnection,
    settings_by_athlete: Mapping[str, BalanceSettings] | None = None,
    *,
    today: date | None = None,
) -> pl.DataFrame:
    """One row per athlete (``schemas.roster``), by name. ``settings_by_athlete`` defaults to each athlete's
    stored settings; ``today`` (default: the date today) is where "weeks without training" counts to."""
    today = today or date.today()
    everyone = store.athletes(con)
    settings = dict(settings_by_athlete) if settings_by_athlete is not None else _all_settings(con, everyone)
    overrides = _all_overrides(con)
    facts = {row["athlete"]: row for row in _facts(con).iter_rows(named=True)}

    groups: dict[tuple[BalanceSettings, tuple[tuple[str, str], ...]], list[str]] = defaultdict(list)
    for athlete in facts:
        groups[(settings.get(athlete, DEFAULTS), overrides.get(athlete, ()))].append(athlete)
    frames = []
    for (group_settings, group_overrides), athletes in groups.items():
        back = timedelta(weeks=horizon_weeks(group_settings) - 1)
        since = {a: datetime.combine(week_of(facts[a]["last"]) - back, datetime.min.time()) for a in athletes}
        dropped = [
            (a, key)
            for a in athletes
            if len(facts[a]["sources"]) > 1  # only sets from two apps can overlap
            for key in dropped_workouts(con, a, load_source_settings(con, a).source_priority)
        ]
        frame = weekly_from_store(
            con, StoredSets(since, dropped), group_settings, overrides=dict(group_overrides)
        )
        if frame.height:
            frames.append(_summaries(frame))
    summary = {row["athlete"]: row for frame in frames for row in frame.iter_rows(named=True)}
    nordic = _last_nordic_weeks(con, overrides)

    rows = []
    this_week = week_of(today)
    for athlete in everyone:
        s = settings.get(athlete, DEFAULTS)
        fact, row = facts.get(athlete), summary.get(athlete)
        last_day = fact["last"].date() if fact else None
        last_week = week_of(last_day) if last_day else None
        idle = None if last_week is None else max(0, (this_week - last_week).days // 7)
        status = row["status"] if row else "no_training"
        gaps = row["gaps"].split(GAP_SEPARATOR) if row and row["gaps"] else []
        rows.append(
            {
                "athlete": athlete,
                "status": status,
                "status_weeks": row["status_weeks"] if row else None,
                "status_held_longer": bool(row and row["status_held_longer"]),
                "glute_ham_ratio": row["glute_ham_ratio"] if row else None,
                "ratio_weeks": row["ratio_weeks"] if row else None,
                "hip_extension_sets": row["hip_extension_sets"] if row else None,
                "hip_extension_min": float(s.hip_extension_min_sets),
                "knee_flexion_sets": row["knee_flexion_sets"] if row else None,
                "knee_flexion_min": float(s.knee_flexion_min_sets),
                "weeks_since_nordic": (
                    (last_week - nordic[athlete]).days // 7 if last_week and athlete in nordic else None
                ),
                "last_training_day": last_day,
                "weeks_without_training": idle,
                "sources": list(fact["sources"]) if fact else None,
                "needs_attention": bool(
                    status in DOMINANT
                    or any(role in gaps for role in MISSING_ROLES)
                    or (idle is not None and idle >= IDLE_WEEKS)
                ),
            }
        )
    return validate_roster(pl.DataFrame(rows, schema=ROSTER_COLUMNS, orient="row" if not rows else None))
