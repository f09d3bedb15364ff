"""`liftbalance backup` from one store and `restore` into the other, both ways: every row of every table comes back.

A DuckDB file with something in every table (uploads and their kept bytes, sets, a quarantined row, an override,
settings, a saved column mapping, fingerprints and known regions, the Hevy sync state; accounts with sessions and
push tokens; an account's own database) goes to PostgreSQL and back to a new DuckDB file through the CLI, and
each table of the end equals the start, row for row."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from etl.ingest import ingest
from etl.store import accounts, push_tokens
from etl.store import database as store
from etl.store.backup import ACCOUNT_TABLES, MANIFEST, store_tables
from liftbalance.cli import cli
from sample_logs.synthetic import synthetic_export

PASSWORD = "correct horse battery"
STRONG_WITH_A_BAD_ROW = (
    b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,RPE\n"
    b'2024-01-01 10:00:00,"A",1h,"Squat",1,100,ten,0,0,\n'
    b'2024-01-01 10:00:00,"A",1h,"Squat",2,100,5,0,0,\n'
)


def _fill(con: Any, athlete: str) -> None:
    """Rows in every table of one store."""
    ingest(con, synthetic_export(300, "hevy"), "hevy.csv", athlete=athlete, tz="UTC")
    ingest(con, synthetic_export(300, "hevy", weeks_extra=1), "hevy2.csv", athlete=athlete, tz="UTC")
    ingest(con, STRONG_WITH_A_BAD_ROW, "bad.csv", athlete=athlete, tz="UTC", unit="kg", skip_invalid=True)
    con.execute(
        "INSERT INTO name_overrides (athlete, name, exercise_id) VALUES (?, 'Glute Thing', 'hip_thrust')",
        [athlete],
    )
    con.execute("INSERT INTO settings VALUES (?, 'window_weeks', '6')", [athlete])
    con.execute(
        "INSERT INTO column_mappings (athlete, name, header, columns) VALUES (?, 'gym', '[\"Day\"]', '{\"date\": \"Day\"}')",
        [athlete],
    )
    con.execute("INSERT INTO hevy_workouts VALUES (?, 'w-1', TIMESTAMP '2024-01-01 10:00:00')", [athlete])
    con.execute(
        "INSERT INTO sync_state VALUES (?, 'hevy', TIMESTAMPTZ '2024-01-02 08:00:00+00', 1)", [athlete]
    )


def _store_rows(db: Any) -> dict[str, list[tuple[Any, ...]]]:
    with store.opened(db) as con:
        return {
            table: sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)  # noqa: S608 - our names
            for table in store_tables()
        }


def _account_rows(db: Any) -> dict[str, list[tuple[Any, ...]]]:
    with accounts.opened(db) as con:
        return {
            table: sorted(con.execute(f"SELECT {', '.join(schema)} FROM {table}").fetchall(), key=repr)  # noqa: S608
            for table, schema in ACCOUNT_TABLES.items()
        }


@pytest.fixture
def filled(tmp_path: Path) -> tuple[Path, accounts.Account]:
    main = tmp_path / "start.duckdb"
    with store.opened(main) as con:
        _fill(con, "ana")
    with accounts.opened(main) as con:
        coach = accounts.add_account(con, "coach", PASSWORD)
        accounts.add_account(con, "client", PASSWORD)  # never logged in: no database of its own
        accounts.start_session(con, coach)
        accounts.start_session(con, coach)
        push_tokens.create_token(con, account=coach, athlete="bo")
    with store.opened(accounts.ensure_account_db_dir(main, coach)) as con:
        _fill(con, "bo")
    return main, coach


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_duckdb_to_postgresql_to_duckdb_keeps_every_row(
    filled: tuple[Path, accounts.Account], pg_url: str, tmp_path: Path
) -> None:
    start, coach = filled
    end = tmp_path / "end.duckdb"
    before = _store_rows(start)
    assert all(before[table] for table in before if table not in ("accounts", "app_secrets")), {
        t: len(r) for t, r in before.items()
    }  # the fixture really fills every table (the legacy accounts/app_secrets tables stay empty)

    key = accounts.session_signing_key(start)
    _cli("backup", "--db", str(start), "--out", str(tmp_path / "from-duckdb"))
    shown = _cli("restore", str(tmp_path / "from-duckdb"), "--db", pg_url)
    assert "2 dashboard accounts, 2 login sessions, 1 push tokens" in shown
    assert _store_rows(pg_url) == before
    assert _account_rows(pg_url) == _account_rows(start)
    assert _store_rows(accounts.account_db_path(pg_url, coach)) == _store_rows(
        accounts.account_db_path(start, coach)
    )

    _cli("backup", "--db", pg_url, "--out", str(tmp_path / "from-postgres"))
    manifest = json.loads((tmp_path / "from-postgres" / MANIFEST).read_text())
    assert manifest["tables"] == {table: len(rows) for table, rows in before.items()}
    assert list(manifest["account_stores"]) == [coach.account_id]
    _cli("restore", str(tmp_path / "from-postgres"), "--db", str(end))

    assert _store_rows(end) == before
    assert _account_rows(end) == _account_rows(start)
    assert _store_rows(accounts.account_db_path(end, coach)) == _store_rows(
        accounts.account_db_path(start, coach)
    )
    # The cookie-signing key moved too: browsers' cookies still carry the restored sessions.
    assert accounts.stored_session_key(end) == accounts.stored_session_key(pg_url) == key
    with accounts.opened(end) as con:  # the accounts work on the new store: log in, push
        assert accounts.verify_login(con, "coach", PASSWORD) == coach
    counts = {table: len(rows) for table, rows in before.items()}
    print(f"\nround trip DuckDB -> PostgreSQL -> DuckDB kept every row: {counts}")


def test_a_restore_into_postgresql_that_holds_data_is_refused_without_force(
    filled: tuple[Path, accounts.Account], pg_url: str, tmp_path: Path
) -> None:
    start, _ = filled
    _cli("backup", "--db", str(start), "--out", str(tmp_path / "b"))
    _cli("restore", str(tmp_path / "b"), "--db", pg_url)
    refused = CliRunner().invoke(cli, ["restore", str(tmp_path / "b"), "--db", pg_url])
    assert refused.exit_code == 1 and "--force" in refused.output
    _cli("restore", str(tmp_path / "b"), "--db", pg_url, "--force")  # replaces, does not add
    assert _store_rows(pg_url) == _store_rows(start)
    assert _account_rows(pg_url) == _account_rows(start)


def test_a_backup_missing_rows_is_refused_before_anything_is_written(
    filled: tuple[Path, accounts.Account], tmp_path: Path
) -> None:
    start, _ = filled
    _cli("backup", "--db", str(start), "--out", str(tmp_path / "b"))
    manifest = json.loads((tmp_path / "b" / MANIFEST).read_text())
    manifest["tables"]["sets"] += 1
    (tmp_path / "b" / MANIFEST).write_text(json.dumps(manifest))
    refused = CliRunner().invoke(cli, ["restore", str(tmp_path / "b"), "--db", str(tmp_path / "new.duckdb")])
    assert refused.exit_code == 1 and "incomplete" in refused.output
    assert not (tmp_path / "new.duckdb").exists()


def test_a_restore_into_postgresql_moves_the_upload_id_sequence_past_the_restored_ids(
    filled: tuple[Path, accounts.Account], pg_url: str, tmp_path: Path
) -> None:
    """Imports racing right after a restore take ids from the sequence: it must not hand out a restored id."""
    start, _ = filled
    _cli("backup", "--db", str(start), "--out", str(tmp_path / "backup"))
    _cli("restore", str(tmp_path / "backup"), "--db", pg_url)
    with store.opened(pg_url) as con:
        restored = con.execute("SELECT max(upload_id) FROM uploads").fetchone()[0]
        assert restored >= 1
        assert con.execute("SELECT nextval('upload_ids')").fetchone()[0] == restored + 1
