"""Issue 17's smaller CLI defects, each pinned: a blank mapping name, backup's summary, --unmapped's message,
and help texts that name only two of the apps."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from etl.ingest import ingest
from etl.read.readers.registry import CLAIMING
from etl.store import database as store
from etl.store.backup import TABLE_WORDS
from liftbalance.cli import COMMANDS, cli
from tests.filebuilders import STRONG_A_HEADER, csv_bytes

W = '2024-03-04 18:02:11,"Legs",1h'
RECOGNISED = csv_bytes(
    STRONG_A_HEADER,
    *[f'{W},"Romanian Deadlift (Dumbbell)",{i},30,10,0,0,,,' for i in (1, 2, 3)],
    *[f'{W},"Hip Thrust (Barbell)",{i},80,10,0,0,,,' for i in (1, 2)],
)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": "200"})


def loaded(tmp_path: Path) -> Path:
    db = tmp_path / "lb.duckdb"
    with store.opened(db) as con:
        ingest(con, RECOGNISED, "legs.csv", tz="UTC", unit="kg")
    return db


def test_a_blank_columns_name_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    export = tmp_path / "mine.csv"
    export.write_text("When,Lift,Kg,Reps\n2024-03-04,Squat,100,5\n")
    result = invoke(
        "ingest",
        "--db",
        str(tmp_path / "lb.duckdb"),
        str(export),
        "--columns",
        "date=When,exercise=Lift,weight=Kg,reps=Reps",
        "--columns-name",
        "  ",
        "--unit",
        "kg",  # two sets cannot tell kg from lb; the unit question is not what this test is about
    )
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # not the ValueError that used to escape
    assert "a column mapping needs a name to be saved under, and '  ' is blank" in result.output


def test_backup_summary_counts_every_table_it_writes(tmp_path: Path) -> None:
    db = loaded(tmp_path)
    out = tmp_path / "backup"
    result = invoke("backup", "--db", str(db), "--out", str(out))
    assert result.exit_code == 0, result.output
    written = {p.stem for p in out.glob("*.parquet")}
    assert written >= {"column_mappings", "accounts", "app_secrets", "workout_fingerprints", "known_regions"}
    for table in written:
        assert f" {TABLE_WORDS.get(table, table.replace('_', ' '))}" in result.output, table
    assert "5 sets" in result.output and "1 uploads" in result.output


def test_unmapped_when_every_name_is_recognised_says_so(tmp_path: Path) -> None:
    result = invoke("exercises", "--db", str(loaded(tmp_path)), "--unmapped")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("All 2 names recognised")
    assert "No exercises logged" not in result.output


def test_help_texts_name_every_app_not_just_strong_and_hevy() -> None:
    top = invoke("--help").output
    for reader in CLAIMING:  # every app the registry reads as it comes
        assert reader.label in " ".join(top.split()), reader.label
    assert "Strong and Hevy exports" not in top and "Strong and/or Hevy" not in top
    for name in COMMANDS:
        assert "Strong or Hevy" not in invoke(name, "--help").output, name
