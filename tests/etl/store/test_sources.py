"""One lifter, many apps: sources merge into one weekly series, a session logged in two apps counts once.

The rule under test is in etl/store/sources.py: windows [start, start + duration) (1 h when the app has no
plausible duration, the whole day when it has no time of day) of different apps that intersect are one
session; the app first in ``source_priority`` wins, else more sets, else imported first.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from etl.analysis.settings import (
    InvalidSettingError,
    SourceSettings,
    load_source_settings,
    save_source_settings,
)
from etl.analysis.weekly import load_weekly
from etl.ingest import ingest
from etl.store import database as store
from etl.store.sources import dropped_workouts, find_overlaps, source_spans
from liftbalance.cli import cli
from tests.filebuilders import HEVY_KG_HEADER, STRONG_A_HEADER, csv_bytes

# The same Monday session, logged in Strong (5 sets) and in Hevy (6 sets, started 3 minutes later).
STRONG = csv_bytes(
    STRONG_A_HEADER,
    *[f'2024-03-04 18:02:11,"Legs",1h,"Hip Thrust (Barbell)",{i},100,10,0,0,,,' for i in (1, 2, 3)],
    *[f'2024-03-04 18:02:11,"Legs",1h,"Lying Leg Curl (Machine)",{i},40,12,0,0,,,' for i in (1, 2)],
)
HEVY_W = '"Legs","4 Mar 2024, 18:05","4 Mar 2024, 19:02","",'
HEVY = csv_bytes(
    HEVY_KG_HEADER,
    *[HEVY_W + f'"Hip Thrust (Barbell)",,"",{i},"normal",100,10,,,' for i in range(3)],
    *[HEVY_W + f'"Lying Leg Curl (Machine)",,"",{i},"normal",40,12,,,' for i in range(3)],
)
# A Wednesday session only Hevy has.
HEVY_WED = (
    HEVY
    + csv_bytes(
        HEVY_KG_HEADER,
        *[
            '"Legs","6 Mar 2024, 07:00","6 Mar 2024, 08:00","","Romanian Deadlift (Barbell)",,"",0,"normal",80,8,,,'
        ],
    ).split(b"\n", 1)[1]
)

WEEKLY_SETS = ["workouts", "glute_sets", "hamstring_sets", "hamstring_hip_sets", "hamstring_knee_sets"]


def weekly(con) -> list[dict]:
    return load_weekly(con, "default").select(WEEKLY_SETS).to_dicts()


def alone(fresh, data: bytes, name: str) -> list[dict]:
    """The weekly rows of ``data`` imported on its own, into a store of its own."""
    con = fresh()
    ingest(con, data, name, tz="UTC")
    return weekly(con)


@pytest.fixture
def fresh():
    """Makes more empty in-memory stores, closed after the test."""
    opened = []

    def make():
        opened.append(store.connect(":memory:"))
        return opened[-1]

    yield make
    for c in opened:
        c.close()


def test_a_strong_and_a_hevy_export_of_one_session_count_once_in_weekly_sets(con, fresh):
    ingest(con, STRONG, "strong.csv", tz="UTC")
    report = ingest(con, HEVY, "hevy.csv", tz="UTC")
    both = weekly(con)
    assert both[0]["workouts"] == 1
    # Hevy has more sets in that workout, so by default Hevy's is the one counted, exactly as if alone.
    assert both == alone(fresh, HEVY, "hevy.csv")
    assert both != alone(fresh, STRONG, "strong.csv")
    assert report.overlaps == [
        {
            "counted": "hevy|2024-03-04T18:05:00",
            "dropped": "strong|2024-03-04T18:02:11",
            "counted_source": "hevy",
            "dropped_source": "strong",
            "counted_start": "2024-03-04 18:05:00",
            "dropped_start": "2024-03-04 18:02:11",
            "counted_sets": 6,
            "dropped_sets": 5,
            "reason": "more_sets",
        }
    ]
    # Nothing is deleted: both stay stored, only the weekly read leaves one out.
    assert con.execute("SELECT source, count(*) FROM sets GROUP BY 1 ORDER BY 1").fetchall() == [
        ("hevy", 6),
        ("strong", 5),
    ]
    priority = load_source_settings(con, "default").source_priority
    assert dropped_workouts(con, "default", priority) == ["strong|2024-03-04T18:02:11"]


def test_source_priority_setting_decides_which_app_counts(con, fresh):
    ingest(con, STRONG, "strong.csv", tz="UTC")
    ingest(con, HEVY, "hevy.csv", tz="UTC")
    save_source_settings(con, "default", SourceSettings(source_priority=("strong", "hevy")))
    assert load_source_settings(con, "default") == SourceSettings(("strong", "hevy"))
    assert weekly(con) == alone(fresh, STRONG, "strong.csv")
    [overlap] = find_overlaps(con, "default", ("strong",))
    assert (overlap.counted_source, overlap.dropped_source, overlap.reason) == (
        "strong",
        "hevy",
        "source_priority",
    )
    save_source_settings(con, "default", SourceSettings())
    assert con.execute("SELECT count(*) FROM settings").fetchone()[0] == 0
    assert weekly(con) == alone(fresh, HEVY, "hevy.csv")


def test_sessions_that_do_not_overlap_all_count_and_the_report_lists_each_sources_period(con):
    ingest(con, STRONG, "strong.csv", tz="UTC")
    report = ingest(con, HEVY_WED, "hevy.csv", tz="UTC")
    assert weekly(con)[0]["workouts"] == 2  # Monday (once) and Wednesday
    assert report.sources == [
        {
            "source": "strong",
            "first": "2024-03-04 18:02:11",
            "last": "2024-03-04 18:02:11",
            "workouts": 1,
            "sets": 5,
        },
        {
            "source": "hevy",
            "first": "2024-03-04 18:05:00",
            "last": "2024-03-06 07:00:00",
            "workouts": 2,
            "sets": 7,
        },
    ]
    assert [o["dropped"] for o in report.overlaps] == ["strong|2024-03-04T18:02:11"]
    assert [s.source for s in source_spans(con, "someone else")] == []


def test_cli_json_reports_sources_and_overlaps(tmp_path):
    strong, hevy = tmp_path / "strong.csv", tmp_path / "hevy.csv"
    strong.write_bytes(STRONG)
    hevy.write_bytes(HEVY)
    db = str(tmp_path / "t.duckdb")
    result = CliRunner().invoke(
        cli, ["ingest", "--db", db, "--tz", "UTC", "--unit", "kg", "--json", str(strong), str(hevy)]
    )
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert [s["source"] for s in first["sources"]] == ["strong"] and first["overlaps"] == []
    assert [(s["source"], s["workouts"]) for s in second["sources"]] == [("strong", 1), ("hevy", 1)]
    assert [(o["counted_source"], o["dropped_source"]) for o in second["overlaps"]] == [("hevy", "strong")]
    text = CliRunner().invoke(cli, ["ingest", "--db", db, "--tz", "UTC", str(hevy)])
    assert "default's sources: strong 2024-03-04 to 2024-03-04 (1 workouts, 5 sets); hevy" in text.stdout
    assert (
        "counted once: the strong workout of 2024-03-04 18:02 overlaps the hevy workout of 2024-03-04 18:05; "
        "the hevy one counts (more sets)"
    ) in text.stdout


# --- the rule, on stored workouts ---------------------------------------------------------------------------


def add_workout(
    con, source: str, start: str, *, sets: int = 3, duration_s: float | None = 3600, upload: int = 1
) -> str:
    key = f"{source}|{start.replace(' ', 'T')}"
    con.executemany(
        "INSERT INTO sets (athlete, source, upload_id, workout_key, workout_start, tz, workout_duration_s, exercise_name,"
        " exercise_pos, set_pos, set_kind, weight_kg, reps, source_line) "
        "VALUES ('default', ?, ?, ?, ?::TIMESTAMP, 'UTC', ?, 'Squat', 0, ?, 'working', 100, 5, ?)",
        [[source, upload, key, start, duration_s, i, i + 2] for i in range(sets)],
    )
    return key


def dropped(con, priority: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(o.dropped, o.reason) for o in find_overlaps(con, "default", priority)]


def test_a_date_only_workout_spans_its_day_and_a_timed_one_its_duration(con):
    add_workout(con, "fitnotes", "2024-03-04 00:00:00", sets=2, duration_s=None)
    add_workout(con, "strong", "2024-03-04 18:00:00", sets=4)
    add_workout(
        con, "strong", "2024-03-05 00:30:00", sets=1
    )  # the next day: FitNotes' 4 March does not reach it
    assert dropped(con) == [("fitnotes|2024-03-04T00:00:00", "more_sets")]


def test_start_within_the_others_duration_overlaps_and_just_after_it_does_not(con):
    add_workout(con, "strong", "2024-03-04 18:00:00", duration_s=5400)  # until 19:30
    add_workout(con, "hevy", "2024-03-04 19:29:00", sets=2)
    add_workout(con, "hevy", "2024-03-04 19:30:00", sets=2, duration_s=600)
    assert dropped(con) == [("hevy|2024-03-04T19:29:00", "more_sets")]


def test_an_implausible_duration_counts_as_one_hour(con):
    add_workout(con, "strong", "2024-03-04 08:00:00", duration_s=23 * 3600 + 55 * 60)  # a timer left running
    add_workout(con, "hevy", "2024-03-04 10:00:00")
    add_workout(con, "hevy", "2024-03-04 08:59:00", sets=3, upload=2)
    assert dropped(con) == [("hevy|2024-03-04T08:59:00", "imported_first")]


def test_ties_go_to_the_first_imported_then_the_app_name(con):
    add_workout(con, "strong", "2024-03-04 18:00:00", upload=2)
    add_workout(con, "hevy", "2024-03-04 18:10:00", upload=1)
    add_workout(con, "strong", "2024-03-11 18:00:00", upload=3)
    add_workout(con, "hevy", "2024-03-11 18:10:00", upload=3)
    assert dropped(con) == [
        ("strong|2024-03-04T18:00:00", "imported_first"),
        ("strong|2024-03-11T18:00:00", "source_name"),
    ]


def test_one_apps_own_workouts_never_overlap_and_chains_keep_the_best_and_its_non_neighbours(con):
    add_workout(con, "strong", "2024-03-04 18:00:00", sets=9)
    add_workout(con, "strong", "2024-03-04 18:30:00", sets=1)  # same app: both stay
    add_workout(con, "hevy", "2024-03-04 19:15:00", sets=5)  # overlaps 18:30 only (18:30-19:30)
    add_workout(con, "fitbod", "2024-03-04 20:00:00", sets=2)  # overlaps hevy only
    # hevy (5) beats strong 18:30 (1); fitbod overlaps hevy, which counts, so fitbod does not.
    assert dropped(con) == [
        ("strong|2024-03-04T18:30:00", "more_sets"),
        ("fitbod|2024-03-04T20:00:00", "more_sets"),
    ]
    # With fitbod first in priority, fitbod counts, so hevy does not, and strong 18:30 is free again.
    assert dropped(con, ("fitbod",)) == [("hevy|2024-03-04T19:15:00", "source_priority")]


@pytest.mark.parametrize("bad", ["hevy", ("hevy", "HEVY"), ("hevy", ""), (1,)])
def test_source_priority_is_validated(bad):
    with pytest.raises(InvalidSettingError, match="source_priority"):
        SourceSettings(source_priority=bad)  # type: ignore[arg-type]


def test_source_priority_is_normalised_and_stored_per_athlete(con):
    save_source_settings(con, "ann", SourceSettings([" Hevy", "strong"]))  # type: ignore[arg-type]
    assert load_source_settings(con, "ann").source_priority == ("hevy", "strong")
    assert load_source_settings(con, "bob").source_priority == ()
