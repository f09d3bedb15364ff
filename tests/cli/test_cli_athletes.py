"""Finding your data from the CLI: ``liftbalance athletes``, and what a wrong ``--athlete`` says."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner, Result

from etl.analysis.athletes import athlete_summaries
from etl.analysis.weekly import load_weekly
from etl.store import database as store
from liftbalance.cli import cli
from liftbalance.options import closest_first
from tests.helpers.weekly_sets import insert_sets, repeat, sets_frame, week


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": "200"})


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """ana: 12 Strong sets in weeks 0-1 and 2 Hevy sets in week 3 (glute work only, under 5 sets a training
    week by the end: low volume); bo: 3 Romanian deadlift sets in week 5 read from Hevy (low volume too)."""
    path = tmp_path / "lb.duckdb"
    strong = sets_frame(
        *repeat(6, "Hip Thrust (Barbell)", week(0)), *repeat(6, "Hip Thrust (Barbell)", week(1))
    )
    hevy = sets_frame(
        *repeat(2, "Hip Thrust (Barbell)", week(3)),
        *repeat(3, "Romanian Deadlift (Barbell)", week(5), athlete="bo"),
    ).with_columns(source=pl.lit("hevy"))
    with store.opened(path) as con:
        insert_sets(con, pl.concat([strong, hevy]))
    return path


def test_summaries_count_sets_weeks_and_apps_most_sets_first(db: Path) -> None:
    with store.opened(db) as con:
        ana, bo = athlete_summaries(con)
    assert (ana.athlete, ana.sets, ana.first_week.isoformat(), ana.last_week.isoformat(), ana.apps) == (
        "ana",
        14,
        "2024-01-01",
        "2024-01-22",
        ("strong", "hevy"),
    )
    assert (bo.athlete, bo.sets, bo.apps) == ("bo", 3, ("hevy",))
    # The latest status is the last week's of the weekly numbers the other commands show.
    with store.opened(db) as con:
        for summary in (ana, bo):
            assert summary.latest_status == load_weekly(con, summary.athlete).get_column("status")[-1]
    assert (ana.latest_status, bo.latest_status) == ("low_volume", "low_volume")


def test_an_athlete_with_only_an_upload_has_no_status(db: Path) -> None:
    with store.opened(db) as con:
        con.execute(
            "INSERT INTO uploads (upload_id, athlete, filename, sha256, size, outcome) "
            "VALUES (1, 'cy', 'x.csv', 'x', 0, 'failed')"
        )
        cy = athlete_summaries(con)[-1]
    assert (cy.athlete, cy.sets, cy.apps, cy.latest_status) == ("cy", 0, (), None)


def test_athletes_json_and_csv_name_the_apps_in_words(db: Path) -> None:
    result = invoke("athletes", "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["athlete"] for r in rows] == ["ana", "bo"]
    assert rows[0]["apps"] == "Strong, Hevy" and rows[0]["sets"] == 14
    assert rows[0]["first_week"] == "2024-01-01" and rows[0]["last_week"] == "2024-01-22"
    assert "_" not in rows[0]["latest_status"]  # "glute dominant", not glute_dominant
    table = list(csv.DictReader(io.StringIO(invoke("athletes", "--db", str(db), "--format", "csv").output)))
    assert [(r["athlete"], r["sets"], r["apps"]) for r in table] == [
        ("ana", "14", "Strong, Hevy"),
        ("bo", "3", "Hevy"),
    ]


def test_athletes_table_and_an_empty_database(db: Path, tmp_path: Path) -> None:
    result = invoke("athletes", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "ana" in result.output and "Strong, Hevy" in result.output and "2024-01-22" in result.output
    missing = tmp_path / "none.duckdb"
    empty = invoke("athletes", "--db", str(missing))
    assert empty.exit_code == 0 and "No athletes" in empty.output and "liftbalance ingest" in empty.output
    assert not missing.exists()


@pytest.mark.parametrize(
    "command",
    [["weekly"], ["exercises"], ["report", "--out", "r.html"], ["map", "X", "hip_thrust"], ["unmap", "X"]],
)
def test_every_command_given_an_unknown_athlete_exits_1_listing_the_known_ones(
    db: Path, command: list[str]
) -> None:
    result = invoke(*command, "--db", str(db), "--athlete", "Boo")
    assert result.exit_code == 1, result.output
    assert "No training logged for athlete 'Boo'" in result.output
    assert "closest match first: 'bo', 'ana'." in result.output
    assert "Traceback" not in result.output


def test_closest_first_orders_by_likeness_ignoring_case() -> None:
    assert closest_first("Jon", ["alice", "JOHN", "jo", "bob"]) == ["JOHN", "jo", "bob", "alice"]
