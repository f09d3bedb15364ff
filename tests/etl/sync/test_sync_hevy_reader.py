"""Hevy API workouts as the Hevy CSV's raw rows: exact rows from Hevy's documented shapes, stamps in the
lifter's zone, events newest first, and a sync's kept pages read back by the reader contract."""

from __future__ import annotations

import contextlib
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.analysis.weekly import load_weekly
from etl.errors import BadRowsError, InputError, LiftbalanceError
from etl.ingest import ingest_rows
from etl.read.readers.base import ReadContext
from etl.store import database as store
from etl.sync import hevy_reader
from etl.sync.hevy_reader import RAW_COLUMNS, READER, SHAPE, changes, pages_document, raw_rows

FIXTURES = Path(__file__).parent / "hevy_api"
WORKOUT = json.loads((FIXTURES / "workout.json").read_text())
EVENTS = json.loads((FIXTURES / "events_page.json").read_text())


def test_a_documented_workout_becomes_the_csv_rows_in_the_lifters_zone():
    # 22:30:41 UTC on Sunday 29 March 2026 is 00:30 on Monday in Berlin (summer time began that night).
    rows = raw_rows([WORKOUT], "Europe/Berlin").to_dicts()
    head = {
        "title": "Lower A",
        "start_time": "30 Mar 2026, 00:30",
        "end_time": "30 Mar 2026, 01:24",
        "description": "Pushed myself to the limit today!",
    }
    assert [{k: r[k] for k in head} for r in rows] == [head] * 5
    assert [tuple(r[c] for c in RAW_COLUMNS[4:]) + (r["_line"],) for r in rows] == [
        (
            "Romanian Deadlift (Barbell)",
            "",
            "Paid closer attention to form today. Felt great!",
            "0",
            "warmup",
            "40",
            "10",
            "",
            "",
            "",
            1,
        ),
        (
            "Romanian Deadlift (Barbell)",
            "",
            "Paid closer attention to form today. Felt great!",
            "1",
            "normal",
            "82.5",
            "8",
            "",
            "",
            "8.5",
            2,
        ),
        (
            "Romanian Deadlift (Barbell)",
            "",
            "Paid closer attention to form today. Felt great!",
            "2",
            "dropset",
            "60",
            "10",
            "",
            "",
            "",
            3,
        ),
        # The documented GET shape spells it supersets_id; either spelling is read.
        ("Hip Thrust (Barbell)", "0", "", "0", "failure", "100", "12", "", "", "10", 4),
        ("Treadmill", "", "", "0", "normal", "", "", "3.2", "1200", "", 5),
    ]


def test_utc_keeps_the_stamp_and_drops_seconds_like_the_csv():
    rows = raw_rows([WORKOUT], "UTC")
    assert rows.get_column("start_time").unique().to_list() == ["29 Mar 2026, 22:30"]
    assert hevy_reader.wall_clock("2026-03-29T22:30:41.250+00:00", hevy_reader.ZoneInfo("UTC")) == datetime(
        2026, 3, 29, 22, 30
    )


def test_no_workouts_is_an_empty_frame_with_every_column():
    frame = raw_rows([], "UTC")
    assert frame.height == 0 and frame.columns == [*RAW_COLUMNS, "_line"]


def test_events_newest_first_the_latest_event_of_a_workout_wins():
    got = changes(pages_document("events", [EVENTS], since="2026-03-31T00:00:00Z"))
    # efe6801c was updated, then deleted (the deletion is listed first: newest first): it is deleted.
    assert got.deleted == ["efe6801c-4aee-4959-bcdd-fca3f272821b"]
    assert [w["title"] for w in got.updated] == ["Lower A (edited)"]
    assert got.complete is False


def test_a_full_listing_is_complete_and_lists_each_workout_once():
    page = {"page": 1, "page_count": 2, "workouts": [WORKOUT]}
    got = changes(pages_document("workouts", [page, page]))
    assert got.complete is True and got.deleted == [] and len(got.updated) == 1


def test_the_kept_document_reads_back_through_the_reader_contract():
    document = pages_document("workouts", [{"page": 1, "page_count": 1, "workouts": [WORKOUT]}])
    context = ReadContext("Hevy sync", tz="Europe/Berlin")
    again = READER.read_raw(document, delimiter=",", header=list(RAW_COLUMNS), shape=SHAPE, ctx=context)
    assert again.equals(raw_rows([WORKOUT], "Europe/Berlin"))
    assert READER.app == "hevy" and READER.claims_files is False


def test_stored_sets_are_the_csv_readers_kinds_units_and_week(con):
    document = pages_document("workouts", [{"page": 1, "page_count": 1, "workouts": [WORKOUT]}])
    raw = raw_rows([WORKOUT], "Europe/Berlin")
    report = ingest_rows(
        con, document, "Hevy sync", raw, reader=READER, shape=SHAPE, athlete="ana", tz="Europe/Berlin"
    )
    assert (report.workouts, report.sets_added) == (1, 5)
    sets = con.execute(
        "SELECT source, workout_start, exercise_pos, set_pos, set_kind, weight_kg, reps, rpe, distance_m, duration_s "
        "FROM sets ORDER BY source_line"
    ).fetchall()
    monday = datetime(2026, 3, 30, 0, 30)
    assert sets == [
        ("hevy", monday, 0, 0, "warmup", 40.0, 10.0, None, None, None),
        ("hevy", monday, 0, 1, "working", 82.5, 8.0, 8.5, None, None),
        ("hevy", monday, 0, 2, "drop", 60.0, 10.0, None, None, None),
        ("hevy", monday, 1, 0, "failure", 100.0, 12.0, 10.0, None, None),
        ("hevy", monday, 2, 0, "working", None, None, None, 3200.0, 1200.0),
    ]
    assert load_weekly(con, "ana").get_column("week_start").to_list() == [date(2026, 3, 30)]
    blob = con.execute(
        "SELECT b.content IS NOT NULL, u.size FROM uploads u JOIN blobs b USING (sha256)"
    ).fetchone()
    assert blob == (True, len(document))


def test_a_stamp_that_is_not_iso_is_a_located_bad_value(con):
    broken = {**WORKOUT, "start_time": "yesterday"}
    raw = raw_rows([broken], "UTC")
    with pytest.raises(BadRowsError) as caught:
        ingest_rows(con, b"{}", "Hevy sync", raw, reader=READER, shape=SHAPE, athlete="ana", tz="UTC")
    assert "start_time" in str(caught.value) and "'yesterday'" in str(caught.value)
    assert con.execute("SELECT count(*) FROM uploads").fetchone() == (0,)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
SET = st.fixed_dictionaries(
    {}, optional={k: JSON for k in ("index", "type", "weight_kg", "reps", "rpe", "distance_meters")}
)
EXERCISE = st.fixed_dictionaries(
    {},
    optional={
        "title": JSON,
        "notes": JSON,
        "superset_id": JSON,
        "sets": st.lists(SET | JSON, max_size=3) | JSON,
    },
)
WORKOUT_LIKE = st.fixed_dictionaries(
    {},
    optional={
        "id": JSON,
        "title": JSON,
        "start_time": st.text(max_size=30) | JSON,
        "end_time": JSON,
        "exercises": st.lists(EXERCISE | JSON, max_size=3) | JSON,
    },
)
PAGE = (
    st.fixed_dictionaries(
        {},
        optional={
            "workouts": st.lists(WORKOUT_LIKE | JSON, max_size=3) | JSON,
            "events": st.lists(JSON, max_size=3) | JSON,
        },
    )
    | JSON
)


@settings(max_examples=60, deadline=None)
@given(kind=st.sampled_from(["workouts", "events"]), pages=st.lists(PAGE, max_size=3))
def test_no_answer_crashes_the_reader_or_the_import(kind, pages):
    """Whatever shape an answer has, reading it gives rows or an InputError, and storing them an import
    report or a LiftbalanceError (no AttributeError, no TypeError)."""
    document = pages_document(kind, pages)
    try:
        raw = raw_rows(changes(document).updated, "Europe/Berlin")
    except InputError:
        return
    assert raw.columns == [*RAW_COLUMNS, "_line"]
    with store.opened() as con, contextlib.suppress(LiftbalanceError):
        ingest_rows(
            con,
            document,
            "Hevy sync",
            raw,
            reader=READER,
            shape=SHAPE,
            athlete="ana",
            tz="UTC",
            skip_invalid=True,
        )
