"""``--db postgresql://...`` (and ``LIFTBALANCE_DB`` holding a URL) works for the commands, and each prints what
it prints for a DuckDB file holding the same imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from liftbalance.cli import cli
from tests.helpers.corpus import REPO

SAMPLE = REPO / "sample_logs" / "strong_sample.csv"
READS = [
    ["weekly", "--format", "csv"],
    ["verdict", "--format", "json"],
    ["exercises", "--format", "csv"],
    ["trends", "--format", "csv"],
    ["athletes", "--format", "csv"],
]


def run(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def both(pg_url: str, tmp_path: Path) -> dict[str, str]:
    dbs = {"duckdb": str(tmp_path / "lb.duckdb"), "postgres": pg_url}
    for db in dbs.values():
        run("ingest", "--db", db, "--unit", "kg", str(SAMPLE))
        run("map", "--db", db, "Romanian Deadlift (Barbell)", "hip_thrust")
        run("settings", "--db", db, "set", "window_weeks", "6")
    return dbs


@pytest.mark.parametrize("command", READS, ids=lambda c: c[0])
def test_a_read_command_prints_the_same_for_both_stores(both: dict[str, str], command: list[str]) -> None:
    on_duckdb = run(*command, "--db", both["duckdb"])
    on_postgres = run(*command, "--db", both["postgres"])
    assert on_postgres == on_duckdb
    assert on_duckdb.strip()


def test_settings_show_the_same_for_both_stores(both: dict[str, str]) -> None:
    shown = {name: run("settings", "--db", db, "show") for name, db in both.items()}
    assert shown["postgres"] == shown["duckdb"]
    assert "window_weeks            6" in shown["duckdb"]


def test_liftbalance_db_may_hold_a_url(both: dict[str, str]) -> None:
    from_env = run("weekly", "--format", "csv", env={"LIFTBALANCE_DB": both["postgres"]})
    assert from_env == run("weekly", "--format", "csv", "--db", both["duckdb"])


def test_a_reimport_through_the_cli_changes_nothing_on_postgres(both: dict[str, str]) -> None:
    out = run("ingest", "--db", both["postgres"], "--unit", "kg", str(SAMPLE))
    assert "0 sets added, 0 updated, 1486 unchanged" in out


def test_an_unknown_athlete_is_told_apart_on_postgres(both: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["weekly", "--db", both["postgres"], "--athlete", "nobody"])
    assert result.exit_code == 1
    assert "No training logged for athlete 'nobody'" in result.output
