"""A Hevy sync end to end against a fake account on loopback: the first sync, later ones from events
(updates replace, deletions remove and are counted, an edited start leaves its old one), one transaction
(a dropped connection or a refused key changes nothing), the upload kept, and the same weekly numbers as
the account's CSV export."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import duckdb
import polars as pl
import pytest
from pytest_httpserver import HTTPServer

from bench.sync_fake_hevy import KEY, FakeHevy, account, dropped_connection, hevy_csv, workout
from etl.analysis.weekly import load_weekly
from etl.ingest import ingest
from etl.read.readers.base import ReadContext
from etl.store import database as store
from etl.store import uploads
from etl.sync.hevy_api import HevyClient, HevyError, HevyKeyRefused, Retry
from etl.sync.hevy_reader import READER, SHAPE
from etl.sync.hevy_sync import last_sync_start, stored_workouts, sync_hevy

T0 = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
TZ = "Europe/Berlin"


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeHevy:
    hevy = FakeHevy()
    for one in account(25)[::-1]:
        hevy.add(one, T0)
    hevy.serve(httpserver)
    return hevy


def hevy_client(httpserver: HTTPServer, key: str = KEY) -> HevyClient:
    return HevyClient(key, url=httpserver.url_for("/"), retry=Retry(sleep=lambda s: None))


def sync(con, httpserver, at: datetime, **options):  # type: ignore[no-untyped-def]
    with hevy_client(httpserver, options.pop("key", KEY)) as client:
        return sync_hevy(con, client, athlete="ana", tz=TZ, now=lambda: at, **options)


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    tables = ("sets", "uploads", "blobs", "hevy_workouts", "sync_state", "workout_fingerprints", "quarantine")
    return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}  # noqa: S608


def set_count(con) -> int:
    return con.execute("SELECT count(*) FROM sets").fetchone()[0]


def test_first_sync_reads_every_page_and_stores_every_workout(con, httpserver, fake):
    total_sets = sum(len(e["sets"]) for w in fake.workouts for e in w["exercises"])
    result = sync(con, httpserver, T0 + timedelta(hours=1))
    assert (result.kind, result.pages, result.workouts_received, result.workouts_deleted) == (
        "workouts",
        3,
        25,
        0,
    )
    report = result.report
    assert (report.workouts, report.sets_added, report.sets_updated, report.sets_removed) == (
        25,
        total_sets,
        0,
        0,
    )
    assert set_count(con) == total_sets
    assert len(stored_workouts(con, "ana")) == 25
    assert last_sync_start(con, "ana") == T0 + timedelta(hours=1)
    out = result.to_dict()
    assert out["sync"] == "workouts" and out["workouts_deleted"] == 0 and out["sets_added"] == total_sets


def test_later_syncs_read_events_since_the_last_start(con, httpserver, fake):
    sync(con, httpserver, T0 + timedelta(hours=1))
    before = set_count(con)
    edited, deleted = fake.workouts[1], fake.workouts[2]
    deleted_sets = sum(len(e["sets"]) for e in deleted["exercises"])
    # An edit: the first exercise loses its last set and the second's first set gets heavier.
    new_edit = {
        **edited,
        "exercises": [
            {**edited["exercises"][0], "sets": edited["exercises"][0]["sets"][:-1]},
            {
                **edited["exercises"][1],
                "sets": [
                    {**edited["exercises"][1]["sets"][0], "weight_kg": 200.0},
                    *edited["exercises"][1]["sets"][1:],
                ],
            },
            *edited["exercises"][2:],
        ],
    }
    at = T0 + timedelta(hours=2)
    fake.add(new_edit, at)
    fake.delete(deleted["id"], at)
    fake.add(
        workout(
            datetime(2026, 4, 1, 17, 0, tzinfo=UTC), [("Hip Thrust (Barbell)", [("normal", 100.0, 10)] * 3)]
        ),
        at,
    )
    fake.requests.clear()
    result = sync(con, httpserver, T0 + timedelta(hours=3))
    assert fake.requests == ["/v1/workouts/events?since=2026-04-01T12:50:00Z&page=1&pageSize=10"]
    report = result.report
    assert (result.kind, result.workouts_received, result.workouts_deleted) == ("events", 2, 1)
    assert result.deleted_ids == [deleted["id"]]
    assert (report.sets_added, report.sets_updated) == (3, 1)
    assert report.sets_removed == 1 + deleted_sets  # the edit's dropped set, and the deleted workout's
    assert set_count(con) == before + 3 - 1 - deleted_sets
    assert deleted["id"] not in stored_workouts(con, "ana")
    # Nothing new since: an empty sync is still recorded, and changes nothing.
    again = sync(con, httpserver, T0 + timedelta(hours=4))
    assert (again.workouts_received, again.report.sets_added, again.report.sets_removed) == (0, 0, 0)
    assert con.execute("SELECT count(*) FROM uploads").fetchone() == (3,)


def test_an_edited_start_leaves_no_workout_behind(con, httpserver, fake):
    sync(con, httpserver, T0 + timedelta(hours=1))
    before = set_count(con)
    moved = fake.workouts[0]
    start = datetime.fromisoformat(moved["start_time"]) - timedelta(hours=1)
    fake.add({**moved, "start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ")}, T0 + timedelta(hours=2))
    result = sync(con, httpserver, T0 + timedelta(hours=3))
    n = sum(len(e["sets"]) for e in moved["exercises"])
    assert (result.report.sets_added, result.report.sets_removed) == (n, n)
    assert set_count(con) == before
    assert con.execute("SELECT count(DISTINCT workout_start) FROM sets").fetchone() == (25,)


def test_a_full_sync_removes_what_the_account_no_longer_lists(con, httpserver, fake):
    sync(con, httpserver, T0 + timedelta(hours=1))
    gone = fake.workouts[5]
    fake.workouts.remove(gone)  # deleted longer ago than events are kept: only a full listing shows it
    result = sync(con, httpserver, T0 + timedelta(hours=2), full=True)
    assert (result.kind, result.workouts_deleted, result.deleted_ids) == ("workouts", 1, [gone["id"]])
    assert result.report.sets_removed == sum(len(e["sets"]) for e in gone["exercises"])


def test_a_connection_dropped_mid_sync_leaves_the_database_as_it_was(con, httpserver, fake):
    sync(con, httpserver, T0 + timedelta(hours=1))
    fake.add(
        workout(datetime(2026, 4, 1, 17, 0, tzinfo=UTC), [("Squat (Barbell)", [("normal", 100.0, 5)])]),
        T0 + timedelta(hours=2),
    )
    before = snapshot(con)
    # A full sync: pages 1 and 2 arrive, page 3 is cut short every time.
    httpserver.clear_all_handlers()
    httpserver.expect_request("/v1/workouts", query_string="page=3&pageSize=10").respond_with_handler(
        dropped_connection
    )
    fake.serve(httpserver)
    with pytest.raises(HevyError, match="connection"):
        sync(con, httpserver, T0 + timedelta(hours=3), full=True)
    assert snapshot(con) == before
    assert last_sync_start(con, "ana") == T0 + timedelta(hours=1)


def test_a_refused_key_changes_nothing(con, httpserver, fake):
    sync(con, httpserver, T0 + timedelta(hours=1))
    before = snapshot(con)
    with pytest.raises(HevyKeyRefused, match="^Hevy refused the API key"):
        sync(con, httpserver, T0 + timedelta(hours=2), key="wrong")
    assert snapshot(con) == before


def test_a_failure_while_storing_rolls_the_whole_sync_back(con, httpserver, fake, monkeypatch):
    sync(con, httpserver, T0 + timedelta(hours=1))
    fake.delete(fake.workouts[0]["id"], T0 + timedelta(hours=2))
    fake.add(
        workout(datetime(2026, 4, 1, 17, 0, tzinfo=UTC), [("Squat (Barbell)", [("normal", 100.0, 5)])]),
        T0 + timedelta(hours=2),
    )
    before = snapshot(con)

    def broken(*args, **kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr("etl.sync.hevy_sync._remove_workouts", broken)  # fails after the sets were upserted
    with pytest.raises(RuntimeError):
        sync(con, httpserver, T0 + timedelta(hours=3))
    assert snapshot(con) == before


def test_the_upload_keeps_the_pages_and_re_derives_the_same_rows(con, httpserver, fake):
    sync(con, httpserver, T0 + timedelta(hours=1))
    sha, filename, fmt = con.execute("SELECT sha256, filename, format FROM uploads").fetchone()
    assert (filename, fmt) == ("Hevy sync 2026-04-01T13:00:00Z", "hevy (api)")
    kept = uploads.upload_bytes(con, sha)
    assert KEY.encode() not in kept
    raw = READER.read_raw(kept, delimiter=",", header=[], shape=SHAPE, ctx=ReadContext(filename, tz=TZ))
    parsed = READER.parse(raw, SHAPE, ReadContext(filename, tz=TZ))
    stored = con.execute("SELECT count(*) FROM sets").fetchone()[0]
    assert parsed.frame.filter(pl.col("skip_reason").is_null()).height == stored == raw.height


def test_the_csv_export_and_the_sync_of_one_account_give_the_same_weekly_numbers(httpserver, fake):
    with store.opened() as by_csv, store.opened() as by_api:
        ingest(by_csv, hevy_csv(fake.workouts, TZ), "hevy.csv", athlete="ana", tz=TZ)
        sync(by_api, httpserver, T0 + timedelta(hours=1))
        weekly_csv, weekly_api = load_weekly(by_csv, "ana"), load_weekly(by_api, "ana")
        assert weekly_csv.height > 5
        assert weekly_api.equals(weekly_csv)
        columns = (
            "workout_key, exercise_pos, set_pos, set_kind, weight_kg, reps, workout_name, workout_duration_s"
        )
        query = f"SELECT {columns} FROM sets ORDER BY ALL"  # noqa: S608
        assert by_api.execute(query).fetchall() == by_csv.execute(query).fetchall()


def test_a_sync_after_a_csv_import_matches_its_workouts(con, httpserver, fake):
    ingest(con, hevy_csv(fake.workouts, TZ), "hevy.csv", athlete="ana", tz=TZ)
    before = set_count(con)
    result = sync(con, httpserver, T0 + timedelta(hours=1))
    assert (result.report.sets_added, result.report.sets_updated, result.report.sets_removed) == (0, 0, 0)
    assert result.report.sets_unchanged == before == set_count(con)


def test_the_start_is_taken_before_fetching_so_a_workout_logged_meanwhile_comes_next_time(
    con, httpserver, fake
):
    requests_when_clock_read = []

    def clock() -> datetime:
        requests_when_clock_read.append(len(fake.requests))
        return T0 + timedelta(hours=1)

    with hevy_client(httpserver) as client:
        sync_hevy(con, client, athlete="ana", tz=TZ, now=clock)
    assert requests_when_clock_read == [0]
    # Logged while the first sync was reading pages (after its start, missing from the pages it read):
    late = workout(datetime(2026, 4, 1, 12, 30, tzinfo=UTC), [("Squat (Barbell)", [("normal", 100.0, 5)])])
    fake.events.insert(0, (T0 + timedelta(hours=1, seconds=30), {"type": "updated", "workout": late}))
    result = sync(con, httpserver, T0 + timedelta(hours=2))
    assert (result.since, result.workouts_received, result.report.sets_added) == (
        "2026-04-01T12:50:00Z",
        1,
        1,
    )
