"""The periodic Hevy sync of ``serve --hevy-sync-hours``: one queued job per database, connected athletes only."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import flask
import pytest
from pytest_httpserver import HTTPServer

from bench.sync_fake_hevy import KEY, FakeHevy, account, workout
from dashboard import jobs
from dashboard.hevy_connect import HevySyncOutcome, run_sync
from dashboard.hevy_schedule import PeriodicHevySync, databases
from etl.ingest import ingest
from etl.store import accounts
from etl.store import database as store
from etl.sync.hevy_key import store_key
from tests.helpers.corpus import REPO

HEVY_CSV = REPO / "sample_logs" / "hevy_sample.csv"


@pytest.fixture
def fake(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeHevy:
    hevy = FakeHevy()
    for one in account(12)[::-1]:
        hevy.add(one, datetime(2026, 1, 1, tzinfo=UTC))
    hevy.serve(httpserver)
    monkeypatch.setenv("LIFTBALANCE_HEVY_URL", httpserver.url_for("/"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return hevy


def workouts_of(db: Path, athlete: str) -> int:
    with store.opened(db) as con:
        row = con.execute(
            "SELECT count(DISTINCT workout_key) FROM sets WHERE athlete = ?", [athlete]
        ).fetchone()
    return int(row[0]) if row else 0


def test_a_round_syncs_each_connected_athlete_and_leaves_the_others(fake: FakeHevy, tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    store_key(db, "hana", KEY)
    first = run_sync(db, lambda fraction, stage: None, key=KEY, athlete="hana")
    assert first.error is None and workouts_of(db, "hana") == 12
    with store.opened(db) as con:
        ingest(con, HEVY_CSV.read_bytes(), "hevy.csv", athlete="ivo")
    ivo_before = workouts_of(db, "ivo")
    fake.add(workout(datetime.now(UTC) - timedelta(days=1), [("Squat (Barbell)", [("normal", 100.0, 5)])]))

    server = flask.Flask(__name__)
    registry = jobs.install(server)
    schedule = PeriodicHevySync(server, db, hours=6)
    (job_id,) = schedule.queue_once()
    for _ in range(300):
        state = registry.state(job_id, db)
        if state is not None and state.done:
            break
        time.sleep(0.1)
    assert state is not None and state.done and state.error is None
    outcomes: list[HevySyncOutcome] = state.result
    assert [o.athlete for o in outcomes] == ["hana"]
    assert outcomes[0].result is not None and outcomes[0].result.kind == "events"
    assert workouts_of(db, "hana") == 13
    assert workouts_of(db, "ivo") == ivo_before
    registry.shutdown()


def test_with_accounts_each_account_database_that_exists_is_a_round(tmp_path: Path) -> None:
    main = tmp_path / "main.duckdb"
    assert databases(main) == [main]
    with accounts.opened(main) as con:
        alice = accounts.add_account(con, "alice", "correct horse 1")
        accounts.add_account(con, "bruno", "correct horse 2")
    alice_db = accounts.ensure_account_db_dir(main, alice)
    with store.opened(alice_db):
        pass
    assert databases(main) == [alice_db]  # bruno never logged in or imported: no file to sync
