"""Canonical sets written by hand, for exact weekly expectations: a frame builder with working-set
defaults, the week arithmetic around Monday 2024-01-01, a credit frame for a few named exercises, and
the store glue that inserts such frames. The analysis, CLI and dashboard tests all build on them."""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta
from typing import Any

import duckdb
import polars as pl

from etl.analysis.settings import BalanceSettings
from etl.analysis.weekly import StoredSets, weekly_from_store
from etl.store import database as store
from schemas.sets import SET_COLUMNS

MON = datetime(2024, 1, 1, 18, 0)  # a Monday; ISO week 2024-W01 starts on it


# name -> (glute_max, glute_med, hamstring_hip, hamstring_knee, quads, eccentric)
EXERCISES: dict[str, tuple[float, float, float, float, float, bool]] = {
    "Hip Thrust (Barbell)": (1.0, 0.0, 0.0, 0.0, 0.0, False),
    "Hip Abduction (Machine)": (0.0, 1.0, 0.0, 0.0, 0.0, False),
    "Romanian Deadlift (Barbell)": (0.5, 0.0, 1.0, 0.0, 0.0, False),
    "Seated Leg Curl (Machine)": (0.0, 0.0, 0.0, 1.0, 0.0, False),
    "45° Back Extension": (0.0, 0.0, 1.0, 0.0, 0.0, False),  # a test credit: hip extension, nothing else
    "Nordic Hamstring Curl": (0.0, 0.0, 0.0, 1.0, 0.0, True),
    "Squat (Barbell)": (0.5, 0.0, 0.0, 0.0, 1.0, False),
    "Bench Press (Barbell)": (0.0, 0.0, 0.0, 0.0, 0.0, False),
}


UNMAPPED = "Mystery Move"


def credit_frame(names: list[str] | None = None) -> pl.DataFrame:
    """A credit frame shaped like ``etl.taxonomy.credit_names`` output."""
    rows: list[dict[str, Any]] = []
    for name in names if names is not None else [*EXERCISES, UNMAPPED]:
        mapped = name in EXERCISES
        gmax, gmed, hip, knee, quads, ecc = EXERCISES.get(name, (0.0, 0.0, 0.0, 0.0, 0.0, False))
        rows.append(
            {
                "name": name,
                "exercise_id": name.lower().replace(" ", "_") if mapped else None,
                "match": "exact" if mapped else "none",
                "suggestion": None,
                "pattern": "nordic" if name == "Nordic Hamstring Curl" else None,
                "glute_max": gmax,
                "glute_med": gmed,
                "hamstring_hip": hip,
                "hamstring_knee": knee,
                "quads": quads,
                "erectors": 0.0,
                "eccentric": ecc,
                "lower_body": mapped and name != "Bench Press (Barbell)",
                "mapped": mapped,
            }
        )
    return pl.DataFrame(
        rows, schema_overrides={"exercise_id": pl.String, "suggestion": pl.String, "pattern": pl.String}
    )


CREDIT = credit_frame()


def sets_frame(*sets: dict[str, Any]) -> pl.DataFrame:
    """Canonical sets; each dict needs ``at`` and ``name``, the rest defaults to a working 100 kg x 8."""
    rows: list[dict[str, Any]] = []
    positions: dict[tuple[str, datetime], int] = {}
    for item in sets:
        athlete = item.get("athlete", "ana")
        at = item["at"]
        pos = positions[(athlete, at)] = positions.get((athlete, at), -1) + 1
        rows.append(
            {
                "athlete": athlete,
                "source": "strong",
                "upload_id": 1,
                "workout_key": item.get("workout", f"{athlete}|{at.isoformat()}"),
                "workout_start": at,
                "tz": "Europe/Berlin",
                "workout_name": "Legs",
                "workout_duration_s": 3600.0,
                "workout_notes": None,
                "exercise_name": item["name"],
                "exercise_pos": 0,
                "set_pos": pos,
                "set_kind": item.get("kind", "working"),
                "weight_kg": item.get("kg", 100.0),
                "reps": item.get("reps", 8.0),
                "rpe": item.get("rpe"),
                "distance_m": None,
                "duration_s": None,
                "notes": None,
                "source_line": len(rows) + 2,
            }
        )
    return pl.DataFrame(rows, schema=SET_COLUMNS)


def repeat(n: int, name: str, at: datetime, **extra: Any) -> list[dict[str, Any]]:
    return [{"name": name, "at": at, **extra} for _ in range(n)]


def week(n: int) -> datetime:
    """Monday 18:00 of the n-th week after 2024-01-01 (n = 0 is that week)."""
    return MON + timedelta(weeks=n)


def training(weeks: list[tuple[int, int]], *, knee: str = "half") -> pl.DataFrame:
    """Week n gets g hip-thrust sets and h hamstring sets, for each (g, h): half of them seated curls
    (knee flexion, rounded down) and the rest back extensions (hip extension); ``knee="all"`` or
    ``"none"`` makes them all curls or all back extensions."""

    def split(h: int) -> tuple[int, int]:
        curls = {"half": h // 2, "all": h, "none": 0}[knee]
        return h - curls, curls

    return sets_frame(
        *(
            s
            for n, (g, h) in enumerate(weeks)
            for s in [
                *repeat(g, "Hip Thrust (Barbell)", week(n)),
                *repeat(split(h)[0], "45° Back Extension", week(n)),
                *repeat(split(h)[1], "Seated Leg Curl (Machine)", week(n)),
            ]
        )
    )


def insert_sets(con: Any, frame: pl.DataFrame) -> None:
    placeholders = ", ".join("?" * len(SET_COLUMNS))
    con.executemany(f"INSERT INTO sets VALUES ({placeholders})", frame.rows())  # noqa: S608 (placeholders only)


# --- two athletes for the roster ------------------------------------------------------------------

HIP_THRUST, RDL, CURL, NORDIC = (
    "Hip Thrust (Barbell)",
    "Romanian Deadlift (Barbell)",
    "Lying Leg Curl (Machine)",
    "Nordic Hamstring Curl",
)


def at(week: int) -> datetime:
    """Monday 18:00 of week ``week`` after 2024-01-01 (the moment ``week(n)`` names, for loops over weeks)."""
    return datetime(2024, 1, 1, 18) + timedelta(weeks=week)


def two_athletes(con: Any) -> None:
    """ana (Strong, 4 glute-heavy weeks) and bo (Hevy, 6 balanced weeks) in ``con``'s sets table."""
    ana = []  # 4 weeks of 8 hip thrusts and 2 RDLs: 9 glute sets against 2 hamstring (hip-extension) sets
    for week in range(4):
        ana += [{"name": HIP_THRUST, "at": at(week)}] * 8 + [{"name": RDL, "at": at(week)}] * 2
    bo = []  # 6 weeks of 3 hip thrusts, 3 RDLs, 3 leg curls (+2 Nordics in week 1), logged in Hevy
    for week in range(6):
        bo += [
            {"name": n, "at": at(week), "athlete": "bo"} for n in (HIP_THRUST, RDL, CURL) for _ in range(3)
        ]
    bo += [{"name": NORDIC, "at": at(1), "athlete": "bo", "kg": None}] * 2
    insert_sets(con, sets_frame(*ana))
    insert_sets(con, sets_frame(*bo).with_columns(source=pl.lit("hevy")))


TODAY = date(2024, 2, 14)  # the week of 2024-02-12: 1 week after bo's last (2024-02-05), 3 after ana's


# --- one lifter's strength log --------------------------------------------------------------------


def log() -> pl.DataFrame:
    """RDLs and Nordics over six weeks with hand-computed Epley estimates: a stall, then a new best."""
    return sets_frame(
        # week 0: a marked warm-up (never counts), 100 x 5 -> 116.667, 90 x 8 -> 114
        {"name": RDL, "at": at(0), "kg": 60.0, "reps": 10.0, "kind": "warmup"},
        {"name": RDL, "at": at(0), "kg": 100.0, "reps": 5.0},
        {"name": RDL, "at": at(0), "kg": 90.0, "reps": 8.0},
        {"name": NORDIC, "at": at(0), "kg": None, "reps": 5.0},
        {"name": "Bench Press (Barbell)", "at": at(0), "kg": 200.0, "reps": 5.0},  # not a tracked lift
        # week 1: an unmarked ramp set read as a warm-up by load (40 < 60% of 100), then 100 x 6 -> 120
        {"name": RDL, "at": at(1), "kg": 40.0, "reps": 12.0},
        {"name": RDL, "at": at(1), "kg": 100.0, "reps": 6.0},
        # week 2: 95 x 5 -> 110.833; a back-off 50 x 15 is a hard set but past 12 reps: no e1RM, best reps 15
        {"name": RDL, "at": at(2), "kg": 95.0, "reps": 5.0},
        {"name": RDL, "at": at(2), "kg": 50.0, "reps": 15.0},
        {"name": NORDIC, "at": at(2), "kg": None, "reps": 6.0},
        # week 4 (week 3 skipped): 100 x 6 -> 120 ties the best: no new best for 3 weeks -> a stall
        {"name": RDL, "at": at(4), "kg": 100.0, "reps": 6.0},
        # week 5: 105 x 5 -> 122.5, a new best that clears the stall
        {"name": RDL, "at": at(5), "kg": 105.0, "reps": 5.0},
    )


@functools.cache
def _empty_store() -> duckdb.DuckDBPyConnection:
    """One in-memory store with the schema, for ``stored_weekly`` (each call rolls its sets back)."""
    return store.connect(":memory:")


def stored_weekly(
    sets: pl.DataFrame,
    credit: pl.DataFrame,
    settings: BalanceSettings | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
) -> pl.DataFrame:
    """The weekly frame of ``sets`` as the product computes it: stored in an empty store, every athlete
    added up by ``weekly_from_store`` with ``credit``; nothing stays stored after the call."""
    con = _empty_store()
    con.begin()
    try:
        if sets.height:
            insert_sets(con, sets)
        return weekly_from_store(
            con, StoredSets(), settings or BalanceSettings(), credit=credit, start=start, end=end
        )
    finally:
        con.rollback()
