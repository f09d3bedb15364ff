"""Faults a lifter's data must survive: a kill mid-import, a locked or unwritable database, and
backup/restore round-tripping everything."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from etl.errors import DatabaseInUseError, StoreError
from etl.ingest import ingest
from etl.store import database as store
from liftbalance.cli import cli
from sample_logs.synthetic import synthetic_export
from tests.helpers.corpus import REPO


def rows(db: Path, sql: str) -> list[tuple]:
    with store.opened(db) as con:
        return con.execute(sql).fetchall()


def test_sigkill_mid_import_leaves_exactly_the_pre_import_data(tmp_path):
    db = tmp_path / "lb.duckdb"
    history = synthetic_export(2_000, "strong")
    later = synthetic_export(2_000, "strong", weeks_extra=4)
    with store.opened(db) as con:
        ingest(con, history, "history.csv", tz="UTC")
    before = rows(db, "SELECT * FROM sets ORDER BY ALL")
    flag = tmp_path / "in-transaction"
    # A child process that stops inside the write transaction (after its sets went in) and waits to be killed.
    script = textwrap.dedent(f"""
        import time, pathlib
        import etl.store.upsert, etl.ingest
        from etl.store import database as store
        real = etl.store.upsert.upsert_sets
        def stall(con, frame):
            counts = real(con, frame)
            pathlib.Path({str(flag)!r}).write_text("x")
            time.sleep(60)
            return counts
        etl.ingest.upsert_sets = stall
        con = store.connect({str(db)!r})
        etl.ingest.ingest(con, pathlib.Path({str(tmp_path / "later.csv")!r}).read_bytes(), "later.csv", tz="UTC")
    """)
    (tmp_path / "later.csv").write_bytes(later)
    child = subprocess.Popen([sys.executable, "-c", script], cwd=REPO)
    try:
        deadline = time.monotonic() + 60
        while not flag.exists():
            assert child.poll() is None, "the importer exited before reaching the transaction"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
    assert rows(db, "SELECT * FROM sets ORDER BY ALL") == before
    assert rows(db, "SELECT count(*) FROM uploads") == [(1,)]
    with store.opened(db) as con:
        report = ingest(con, later, "later.csv", tz="UTC")
    assert report.sets_added > 0 and report.sets_unchanged == len(before)


def test_a_database_held_by_another_process_says_so_quickly(tmp_path):
    db = tmp_path / "lb.duckdb"
    store.connect(db).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('open', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        started = time.monotonic()
        with pytest.raises(DatabaseInUseError, match="in use by another process"):
            store.connect(db)
        assert time.monotonic() - started < 10
    finally:
        holder.kill()
        holder.wait()


def test_unwritable_database_path_gives_a_clear_message(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="Cannot"):
        store.connect(blocker / "lb.duckdb")
    result = CliRunner().invoke(cli, ["ingest", "--db", str(blocker / "lb.duckdb"), __file__])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "a-file" in result.output


def test_backup_and_restore_round_trip_everything(tmp_path):
    db, copy, out = tmp_path / "lb.duckdb", tmp_path / "restored.duckdb", tmp_path / "backup"
    with store.opened(db) as con:
        ingest(con, synthetic_export(500, "hevy"), "hevy.csv", athlete="ana", tz="UTC")
        ingest(
            con,
            b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,RPE\n"
            b'2024-01-01 10:00:00,"A",1h,"Squat",1,100,ten,0,0,\n'
            b'2024-01-01 10:00:00,"A",1h,"Squat",2,100,5,0,0,\n',
            "bad.csv",
            tz="UTC",
            skip_invalid=True,
        )
        con.execute(
            "INSERT INTO name_overrides (athlete, name, exercise_id) VALUES ('ana', 'Glute Thing', 'hip_thrust')"
        )
        con.execute("INSERT INTO settings VALUES ('ana', 'window_weeks', '6')")
    runner = CliRunner()
    assert runner.invoke(cli, ["backup", "--db", str(db), "--out", str(out)]).exit_code == 0
    result = runner.invoke(cli, ["restore", str(out), "--db", str(copy)])
    assert result.exit_code == 0, result.output
    for table in ("sets", "uploads", "blobs", "quarantine", "name_overrides", "settings"):
        query = f"SELECT * FROM {table} ORDER BY ALL"  # noqa: S608 - our own table names
        assert rows(copy, query) == rows(db, query)
    # The restored database keeps working: a new upload gets a fresh id.
    with store.opened(copy) as con:
        report = ingest(
            con, synthetic_export(500, "hevy", weeks_extra=1), "hevy2.csv", athlete="ana", tz="UTC"
        )
    assert report.upload_id == 3 and report.sets_unchanged == 500
    refused = runner.invoke(cli, ["restore", str(out), "--db", str(copy)])
    assert refused.exit_code == 1 and "--force" in refused.output
