"""The store contract, held by both backends: each test runs on a DuckDB store and on a PostgreSQL one.

Identity and upsert rules (a re-import changes nothing, an edited workout reports its updated and removed
sets, athletes are kept apart, a rejected file changes nothing), overrides, settings, column mappings and
the Hevy sync state behave the same whichever store ``--db`` names; and the same imports leave the same rows
and the same weekly numbers in both.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from bench.sync_fake_hevy import KEY, FakeHevy, account
from etl.analysis.export import weekly_csv
from etl.analysis.settings import (
    DEFAULTS,
    SourceSettings,
    load_settings,
    load_source_settings,
    save_settings,
    save_source_settings,
)
from etl.analysis.weekly import load_weekly
from etl.errors import BadRowsError
from etl.ingest import ImportReport, ingest
from etl.read.mappings import (
    delete_column_mapping,
    find_column_mapping,
    list_column_mappings,
    save_column_mapping,
)
from etl.store import database as store
from etl.store.snapshot import analysis_connection
from etl.store.sources import find_overlaps, source_spans
from etl.sync.hevy_api import HevyClient, Retry
from etl.sync.hevy_sync import last_sync_start, stored_workouts, sync_hevy
from etl.taxonomy import get_overrides, remove_override, set_override
from sample_logs.synthetic import synthetic_export
from schemas.sets import SET_COLUMNS, SET_KEY
from tests.filebuilders import HEVY_KG_HEADER, STRONG_A_HEADER, csv_bytes

BACKENDS = ["duckdb", "postgres"]

W1 = '2024-03-04 18:02:11,"Legs",1h'
W2 = '2024-03-07 18:00:00,"Legs",1h'
W3 = '2024-03-11 18:00:00,"Legs",1h'
HIP_THRUSTS = [f'{W1},"Hip Thrust (Barbell)",{i},100,10,0,0,,,' for i in (1, 2, 3)]  # three identical sets
RDLS = [f'{W2},"Romanian Deadlift (Barbell)",{i},80,8,0,0,,,' for i in (1, 2)]


def open_store(backend: str, request: pytest.FixtureRequest) -> Any:
    if backend == "postgres":
        return store.connect(request.getfixturevalue("pg_url"))
    return store.connect(":memory:")


@pytest.fixture(params=BACKENDS)
def con(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh store of each backend (overrides conftest's DuckDB-only ``con`` in this module)."""
    connection = open_store(request.param, request)
    yield connection
    connection.close()


def load(con: Any, data: bytes, name: str = "strong.csv", **kw: Any) -> ImportReport:
    return ingest(con, io.BytesIO(data), name, tz="UTC", **kw)


def counts(report: ImportReport) -> tuple[int, int, int, int]:
    return report.sets_added, report.sets_updated, report.sets_unchanged, report.sets_removed


def stored_sets(con: Any, athlete: str | None = None) -> list[tuple[Any, ...]]:
    where = "" if athlete is None else "WHERE athlete = ?"
    order = ", ".join(SET_KEY)
    return con.execute(
        f"SELECT {', '.join(SET_COLUMNS)} FROM sets {where} ORDER BY {order}",  # noqa: S608 - our names
        [] if athlete is None else [athlete],
    ).fetchall()


def one(con: Any, sql: str, params: list[Any] | None = None) -> Any:
    row = con.execute(sql, params or []).fetchone()
    return row[0] if row else None


def test_first_import_adds_every_set_identical_ones_included(con: Any) -> None:
    report = load(con, csv_bytes(STRONG_A_HEADER, *HIP_THRUSTS, *RDLS))
    assert counts(report) == (5, 0, 0, 0)
    assert (report.workouts, report.upload_id) == (2, 1)
    assert [(r[9], r[11], r[13], r[14]) for r in stored_sets(con)] == [
        ("Hip Thrust (Barbell)", 0, 100.0, 10.0),
        ("Hip Thrust (Barbell)", 1, 100.0, 10.0),
        ("Hip Thrust (Barbell)", 2, 100.0, 10.0),
        ("Romanian Deadlift (Barbell)", 0, 80.0, 8.0),
        ("Romanian Deadlift (Barbell)", 1, 80.0, 8.0),
    ]


def test_reimporting_the_same_file_leaves_every_set_unchanged(con: Any) -> None:
    data = csv_bytes(STRONG_A_HEADER, *HIP_THRUSTS, *RDLS)
    load(con, data)
    before = stored_sets(con)
    again = load(con, data)
    assert counts(again) == (0, 0, 5, 0)
    assert stored_sets(con) == before
    assert one(con, "SELECT count(*) FROM blobs") == 1  # the bytes kept once
    assert con.execute("SELECT upload_id FROM uploads ORDER BY upload_id").fetchall() == [(1,), (2,)]


def test_a_cumulative_export_adds_only_the_new_workout(con: Any) -> None:
    load(con, csv_bytes(STRONG_A_HEADER, *HIP_THRUSTS, *RDLS))
    nordic = f'{W3},"Nordic Hamstring Curl",1,0,5,0,0,,,'
    report = load(con, csv_bytes(STRONG_A_HEADER, *HIP_THRUSTS, *RDLS, nordic), "later.csv")
    assert counts(report) == (1, 0, 5, 0)
    assert one(con, "SELECT count(*) FROM sets") == 6


def test_an_edited_workout_reports_updated_and_removed_sets(con: Any) -> None:
    load(con, csv_bytes(STRONG_A_HEADER, *HIP_THRUSTS, *RDLS))
    edited = [
        f'{W1},"Hip Thrust (Barbell)",1,100,10,0,0,,,',
        f'{W1},"Hip Thrust (Barbell)",2,105,8,0,0,,,',  # weight and reps corrected; set 3 deleted in the app
    ]
    report = load(con, csv_bytes(STRONG_A_HEADER, *edited, *RDLS), "edited.csv")
    assert counts(report) == (0, 1, 3, 1)
    assert con.execute(
        "SELECT set_pos, weight_kg, reps, upload_id FROM sets WHERE exercise_name = ? ORDER BY set_pos",
        ["Hip Thrust (Barbell)"],
    ).fetchall() == [(0, 100.0, 10.0, 1), (1, 105.0, 8.0, 2)]  # only the edited set is rewritten


def test_athletes_are_kept_apart(con: Any) -> None:
    data = csv_bytes(STRONG_A_HEADER, *HIP_THRUSTS)
    load(con, data, athlete="ana")
    assert load(con, data, athlete="ben").sets_added == 3
    assert con.execute("SELECT athlete, count(*) FROM sets GROUP BY 1 ORDER BY 1").fetchall() == [
        ("ana", 3),
        ("ben", 3),
    ]
    assert store.athletes(con) == ["ana", "ben"]


def test_a_rejected_file_changes_nothing(con: Any) -> None:
    load(con, csv_bytes(STRONG_A_HEADER, *HIP_THRUSTS))
    tables = ("sets", "uploads", "blobs", "quarantine", "workout_fingerprints", "known_regions")
    before = {t: one(con, f"SELECT count(*) FROM {t}") for t in tables}  # noqa: S608 - our names
    with pytest.raises(BadRowsError):
        load(con, csv_bytes(STRONG_A_HEADER, *RDLS, f'{W3},"Squat (Barbell)",1,100,ten,0,0,,,'), "bad.csv")
    assert {t: one(con, f"SELECT count(*) FROM {t}") for t in tables} == before  # noqa: S608


def test_skip_invalid_quarantines_the_bad_values(con: Any) -> None:
    bad = csv_bytes(STRONG_A_HEADER, *RDLS, f'{W3},"Squat (Barbell)",1,100,ten,0,0,,,')
    report = load(con, bad, "bad.csv", skip_invalid=True)
    assert report.sets_added == 2
    assert con.execute('SELECT upload_id, line, "column", value FROM quarantine').fetchall() == [
        (1, 4, "Reps", "ten")
    ]
    assert one(con, "SELECT outcome FROM uploads") == "imported_with_quarantine"


def test_overrides_are_kept_replaced_and_removed_and_count_in_the_weekly_numbers(con: Any) -> None:
    load(con, csv_bytes(STRONG_A_HEADER, f'{W1},"Mystery move",1,40,10,0,0,,,'))
    with analysis_connection(con, "default") as reads:
        before = load_weekly(reads, "default").get_column("hamstring_knee_sets").sum()
    set_override(con, "default", "Mystery move", "hip_thrust")
    set_override(con, "default", "Mystery move", "seated_leg_curl")  # replaces
    assert get_overrides(con, "default") == {"Mystery move": "seated_leg_curl"}
    with analysis_connection(con, "default") as reads:
        assert get_overrides(reads, "default") == {"Mystery move": "seated_leg_curl"}
        after = load_weekly(reads, "default").get_column("hamstring_knee_sets").sum()
    assert (before, after) == (0, 1)
    assert remove_override(con, "default", "Mystery move") is True
    assert remove_override(con, "default", "Mystery move") is False
    assert get_overrides(con, "default") == {}


def test_settings_round_trip_and_defaults_are_not_stored(con: Any) -> None:
    changed = DEFAULTS.__class__(**{**DEFAULTS.__dict__, "window_weeks": 6, "dominance_ratio": 1.75})
    save_settings(con, "ana", changed)
    assert load_settings(con, "ana") == changed
    assert load_settings(con, "ben") == DEFAULTS
    assert sorted(r[0] for r in con.execute("SELECT key FROM settings").fetchall()) == [
        "dominance_ratio",
        "window_weeks",
    ]
    save_source_settings(con, "ana", SourceSettings(source_priority=("hevy", "strong")))
    assert load_source_settings(con, "ana").source_priority == ("hevy", "strong")
    save_settings(con, "ana", DEFAULTS)
    assert load_settings(con, "ana") == DEFAULTS
    with analysis_connection(con, "ana") as reads:
        assert load_source_settings(reads, "ana").source_priority == ("hevy", "strong")


def test_column_mappings_are_saved_replaced_found_and_deleted(con: Any) -> None:
    header = ["When", "Lift", "Kg", "Reps"]
    save_column_mapping(con, "ana", "gym sheet", header, {"date": "When", "exercise": "Lift"})
    save_column_mapping(con, "ana", "gym sheet", header, {"date": "When", "exercise": "Lift", "reps": "Reps"})
    assert find_column_mapping(con, "ana", header) == {"date": "When", "exercise": "Lift", "reps": "Reps"}
    assert find_column_mapping(con, "ben", header) is None
    saved = list_column_mappings(con, "ana")
    assert [(m.name, m.header) for m in saved] == [("gym sheet", header)]
    assert delete_column_mapping(con, "ana", "gym sheet") is True
    assert list_column_mappings(con, "ana") == []


def test_hevy_sync_state_is_replaced_not_duplicated(con: Any) -> None:
    sql = (
        "INSERT INTO sync_state (athlete, service, started_at, upload_id) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (athlete, service) DO UPDATE SET started_at = excluded.started_at, upload_id = excluded.upload_id"
    )
    con.execute(sql, ["ana", "hevy", datetime(2024, 5, 1, tzinfo=UTC), 1])
    con.execute(sql, ["ana", "hevy", datetime(2024, 6, 1, tzinfo=UTC), 2])
    [(started, upload)] = con.execute("SELECT started_at, upload_id FROM sync_state").fetchall()
    assert (started.astimezone(UTC), upload) == (datetime(2024, 6, 1, tzinfo=UTC), 2)


def test_the_same_imports_leave_the_same_rows_and_weekly_numbers_in_both(
    request: pytest.FixtureRequest,
) -> None:
    files = [
        csv_bytes(STRONG_A_HEADER, *HIP_THRUSTS, *RDLS),
        csv_bytes(STRONG_A_HEADER, f'{W1},"Hip Thrust (Barbell)",1,110,9,0,0,,,', *RDLS),
        csv_bytes(STRONG_A_HEADER, *RDLS, f'{W3},"Nordic Hamstring Curl",1,0,5,0,0,,,'),
    ]
    results = {}
    for backend in BACKENDS:
        con = open_store(backend, request)
        try:
            reports = [counts(load(con, data, f"{i}.csv")) for i, data in enumerate(files)]
            with analysis_connection(con, "default") as reads:
                weekly = weekly_csv(load_weekly(reads, "default"))
            results[backend] = (reports, stored_sets(con), weekly)
        finally:
            con.close()
    assert results["postgres"] == results["duckdb"]
    assert results["duckdb"][0] == [(5, 0, 0, 0), (0, 1, 2, 2), (1, 0, 2, 0)]


def test_a_cumulative_export_takes_the_same_reimport_shortcuts_on_both(con: Any) -> None:
    """A grown export is read past the known region and its old workouts vouched for by their fingerprints
    (etl.reimport): the SQL of both caches on either backend."""
    first = synthetic_export(3000, "strong")
    grown = synthetic_export(3000, "strong", weeks_extra=2)
    assert load(con, first, "a.csv", unit="kg").sets_added == 3000
    fingerprints = one(con, "SELECT count(*) FROM workout_fingerprints")
    assert fingerprints > 0 and one(con, "SELECT count(*) FROM known_regions") == 1
    report = load(con, grown, "b.csv", unit="kg")
    assert report.sets_updated == report.sets_removed == 0
    assert report.sets_unchanged == 3000 and report.sets_added > 0
    assert counts(load(con, grown, "c.csv", unit="kg")) == (0, 0, 3000 + report.sets_added, 0)


def test_a_hevy_sync_and_its_later_events_store_the_same_on_both(
    request: pytest.FixtureRequest, httpserver: HTTPServer
) -> None:
    start = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
    results = {}
    for backend in BACKENDS:
        fake = FakeHevy()
        for workout in account(12)[::-1]:
            fake.add(workout, start)
        httpserver.clear()
        fake.serve(httpserver)
        con = open_store(backend, request)
        try:
            outcomes = []
            for hours, change in ((1, None), (3, "delete"), (4, None)):
                if change:
                    fake.delete(fake.workouts[2]["id"], start + timedelta(hours=2))
                with HevyClient(
                    KEY, url=httpserver.url_for("/"), retry=Retry(sleep=lambda s: None)
                ) as client:
                    at = start + timedelta(hours=hours)
                    result = sync_hevy(con, client, athlete="ana", tz="UTC", now=lambda: at)  # noqa: B023
                outcomes.append((result.kind, result.workouts_received, counts(result.report)))
            results[backend] = (outcomes, stored_sets(con), sorted(stored_workouts(con, "ana").items()))
            assert last_sync_start(con, "ana") == start + timedelta(hours=4)
        finally:
            con.close()
    assert results["postgres"] == results["duckdb"]
    assert [kind for kind, _, _ in results["duckdb"][0]] == ["workouts", "events", "events"]
    assert results["duckdb"][0][1][2][3] > 0  # the deleted workout's sets were removed


def test_two_processes_importing_one_athletes_exports_at_once_store_each_set_once(pg_url: str) -> None:
    """Two connections (as two workers hold) import two exports of one athlete at the same moment, the second
    a grown copy of the first (different bytes, the same older workouts): they run one after the other, so
    every set is added once and the later import finds the other's sets unchanged."""
    small, grown = synthetic_export(2000, "strong"), synthetic_export(2000, "strong", weeks_extra=1)
    barrier = threading.Barrier(2)

    def one_import(data: bytes) -> tuple[int, int, int, int]:
        con = store.connect(pg_url)
        try:
            barrier.wait()
            return counts(load(con, data, "export.csv", unit="kg"))
        finally:
            con.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(one_import, [small, grown]))
    con = store.connect(pg_url)
    try:
        total = one(con, "SELECT count(*) FROM sets")
        assert con.execute("SELECT upload_id FROM uploads ORDER BY 1").fetchall() == [(1,), (2,)]
    finally:
        con.close()
    assert total > 2000
    assert sum(added for added, _, _, _ in results) == total
    assert [(updated, removed) for _, updated, _, removed in results] == [(0, 0), (0, 0)]
    assert sorted(added + unchanged for added, _, unchanged, _ in results) == [2000, total]


def test_sources_and_their_overlaps_read_alike(con: Any) -> None:
    """One session logged in two apps: the sources' spans and the overlap (etl.store.sources) on either store."""
    load(con, csv_bytes(STRONG_A_HEADER, *HIP_THRUSTS), "strong.csv")
    hevy = csv_bytes(
        HEVY_KG_HEADER,
        *[
            f'"Legs","4 Mar 2024, 18:00","4 Mar 2024, 19:00","","Hip Thrust (Barbell)",,"",{i},"normal",100,10,,,'
            for i in range(2)
        ],
    )
    load(con, hevy, "hevy.csv")
    spans = [(s.source, s.workouts, s.sets) for s in source_spans(con, "default")]
    assert sorted(spans) == [("hevy", 1, 2), ("strong", 1, 3)]
    overlaps = find_overlaps(con, "default", ())
    assert [(o.counted, o.dropped) for o in overlaps] == [
        ("strong|2024-03-04T18:02:11", "hevy|2024-03-04T18:00:00")  # more sets wins
    ]
