"""``liftbalance trends`` through click's CliRunner: the JSON rows, --exercise, the table and an empty database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from etl.analysis.settings import BalanceSettings, save_settings
from etl.store import database as store
from liftbalance.cli import cli
from tests.helpers.weekly_sets import insert_sets, log


def run(db: Path, *args: str) -> Result:
    runner = CliRunner(env={"COLUMNS": "160"})  # a wide terminal: the table's cells stay on one line
    return runner.invoke(cli, ["trends", "--db", str(db), "--athlete", "ana", *args])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lb.duckdb"
    with store.opened(path) as con:
        insert_sets(con, log())
        save_settings(con, "ana", BalanceSettings(stall_weeks=2))
    return path


def test_json_is_one_row_per_exercise_and_week_trained(db: Path) -> None:
    result = run(db, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert all(list(r) == ["exercise", "week_start", "e1rm_kg", "best_reps", "stall"] for r in rows)
    nordic = [r for r in rows if r["exercise"] == "Nordic Hamstring Curl"]
    assert [(r["week_start"], r["e1rm_kg"], r["best_reps"]) for r in nordic] == [
        ("2024-01-01", None, 5),
        ("2024-01-15", None, 6),
    ]
    rdl = [(r["week_start"], r["e1rm_kg"], r["stall"]) for r in rows if r["e1rm_kg"] is not None]
    assert rdl == [
        ("2024-01-01", 116.7, False),
        ("2024-01-08", 120.0, False),
        ("2024-01-15", 110.8, False),
        ("2024-01-29", 120.0, True),
        ("2024-02-05", 122.5, False),
    ]


def test_exercise_filter_csv_and_table(db: Path) -> None:
    rdl = json.loads(run(db, "--format", "json", "--exercise", "romanian deadlift").output)
    assert len(rdl) == 5 and {r["exercise"] for r in rdl} == {"Romanian Deadlift"}
    csv_out = run(db, "--format", "csv", "--exercise", "romanian_deadlift").output.splitlines()
    assert csv_out[0] == "exercise,week_start,e1rm_kg,best_reps,stall" and len(csv_out) == 6
    table = run(db).output
    assert (
        "Estimated" in table and "stalled" in table and "heuristic" in table and "Romanian Deadlift" in table
    )


def test_no_database_prints_nothing_logged(tmp_path: Path) -> None:
    result = run(tmp_path / "none.duckdb")
    assert result.exit_code == 0 and "No posterior-chain lifts logged for ana" in result.output
    assert not (tmp_path / "none.duckdb").exists()
