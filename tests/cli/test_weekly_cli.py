"""``liftbalance weekly`` through click's CliRunner: formats, --out, date range, friendly empties."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner, Result

from etl.store import database as store
from liftbalance.commands.weekly import weekly_command
from schemas.weekly import WEEKLY_COLUMNS
from tests.helpers.weekly_sets import insert_sets, repeat, sets_frame, week


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(weekly_command, ["--db", str(db), *args], env={"COLUMNS": "160"})


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """'default' trained 14 weeks: balanced in week 0, a gap in week 1, then glute work only (leaning glute-heavy
    in week 2, dominant from week 4)."""
    path = tmp_path / "lb.duckdb"
    me = {"athlete": "default"}
    sets: list[dict[str, Any]] = [
        *repeat(6, "Hip Thrust (Barbell)", week(0), **me),
        *repeat(3, "Seated Leg Curl (Machine)", week(0), **me),
        *repeat(3, "Romanian Deadlift (Barbell)", week(0), **me),
    ]
    for n in range(2, 14):
        sets += repeat(12, "Hip Thrust (Barbell)", week(n), **me)
    sets += repeat(3, "Hip Thrust (Barbell)", week(0), athlete="someone else")
    with store.opened(path) as con:
        insert_sets(con, sets_frame(*sets))
    return path


def test_no_database_yet_exits_1_says_to_import_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "none.duckdb"
    result = run(path)
    assert result.exit_code == 1, result.output
    assert "No training logged for athlete 'default': nothing is imported" in result.output
    assert "liftbalance ingest FILE" in result.output
    assert not path.exists()


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_an_unknown_athlete_exits_1_and_lists_the_known_ones_closest_first(db: Path, fmt: str) -> None:
    result = run(db, "--athlete", "Someone", "--format", fmt)
    assert result.exit_code == 1
    assert "No training logged for athlete 'Someone'" in result.output
    assert "closest match first: 'someone else', 'default'." in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("fmt", ["parquet", "xlsx"])
def test_binary_formats_need_out(db: Path, fmt: str) -> None:
    result = run(db, "--format", fmt)
    assert result.exit_code == 2
    assert f"--format {fmt} writes a binary file: pass --out FILE.{fmt}" in result.output


def test_bad_options_are_usage_errors(db: Path, tmp_path: Path) -> None:
    assert "is after --to" in run(db, "--from", "2024-02-01", "--to", "2024-01-01").output
    assert run(db, "--from", "01/02/2024").exit_code == 2
    table_out = run(db, "--out", str(tmp_path / "x.txt"))
    assert table_out.exit_code == 2 and "--out needs --format" in table_out.output


@pytest.mark.parametrize("fmt", ["csv", "parquet"])  # text and bytes
def test_a_file_that_cannot_be_written_is_a_one_line_error(db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "no such folder" / f"w.{fmt}"
    result = run(db, "--format", fmt, "--out", str(out))
    assert result.exit_code == 1 and f"Error: Cannot write {out}: No such file or directory" in result.output
    assert "Traceback" not in result.output


def test_table_shows_the_last_12_weeks_the_status_and_the_verdict(db: Path) -> None:
    result = run(db)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Weekly hard sets for default (last 12 weeks)" in out
    assert "2024-01-01" not in out and "2024-01-08" not in out  # weeks 0 and 1: older than the last 12
    assert "2024-01-15" in out and "2024-04-01" in out  # weeks 2 and 13
    assert "glute dominant" in out
    assert "Glute-dominant: your hamstrings are falling behind" in out
    # No hamstring work at all: both roles, up to their minimums, within the 4-set cap.
    assert "Add 2 sets a week of seated leg curl" in out and "Add 2 sets a week of Romanian deadlift" in out
    assert "heuristic" in out


def test_csv_and_json_to_stdout_with_a_date_range(db: Path) -> None:
    csv = run(db, "--format", "csv", "--from", "2024-01-03", "--to", "2024-01-21")
    assert csv.exit_code == 0, csv.output
    frame = pl.read_csv(io.StringIO(csv.output), schema=WEEKLY_COLUMNS)
    assert frame.get_column("week_start").to_list() == [date(2024, 1, 1), date(2024, 1, 8), date(2024, 1, 15)]
    # Week 2 is lopsided (12 vs 0) and so is its window (19.5 glute sets to 6): leaning, not yet sustained.
    assert frame.get_column("status").to_list() == ["balanced", "no_training", "glute_leaning"]
    assert frame.item(0, "hamstring_knee_sets") == 3.0
    assert frame.item(2, "glute_ham_ratio_4w") == 19.5 / 6
    rows = json.loads(run(db, "--format", "json", "--to", "2024-01-08").output)
    assert [(r["week_start"], r["workouts"]) for r in rows] == [("2024-01-01", 1), ("2024-01-08", 0)]


def test_parquet_and_xlsx_files(db: Path, tmp_path: Path) -> None:
    parquet, xlsx = tmp_path / "w.parquet", tmp_path / "w.xlsx"
    result = run(db, "--format", "parquet", "--out", str(parquet))
    assert result.exit_code == 0, result.output
    assert "Wrote 14 weeks for 'default'" in result.output
    assert pl.read_parquet(parquet).columns == list(WEEKLY_COLUMNS)
    assert run(db, "--format", "xlsx", "--out", str(xlsx)).exit_code == 0
    assert "xl/worksheets/sheet1.xml" in zipfile.ZipFile(xlsx).namelist()


def test_explain_lists_every_column_and_threshold_with_its_basis(db: Path) -> None:
    result = run(db, "--explain")
    assert result.exit_code == 0
    for column in WEEKLY_COLUMNS:
        assert f"{column} (" in result.output
    assert "dominance_ratio = 1.5" in result.output
    assert "heuristic, no published norm" in result.output
    assert "cited: Schoenfeld, Ogborn & Krieger 2017" in result.output


def test_every_status_has_a_table_style() -> None:
    from liftbalance.commands.weekly import STATUS_STYLES
    from schemas.weekly import STATUSES

    assert set(STATUS_STYLES) == set(STATUSES)
