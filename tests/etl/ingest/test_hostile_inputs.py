"""Every hostile file from issue 7, through both fronts: ``etl.ingest.ingest`` raises a LiftbalanceError whose
message names the file (and the line/column where one applies), the CLI exits 1 with that message and no
traceback, and the database holds exactly what it held before (every table compared)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from etl.errors import LiftbalanceError
from etl.ingest import ingest
from etl.store import database as store
from liftbalance.cli import cli
from tests.filebuilders import HEVY_KG_HEADER, STRONG_B_HEADER, csv_bytes

ROW = '2024-03-04 18:02:11,"B",35m,"Squat (Barbell)",1,100,5,0,0,'
GOOD = csv_bytes(STRONG_B_HEADER, ROW, ROW.replace(",1,", ",2,"))
TABLES = ("blobs", "uploads", "sets", "quarantine", "name_overrides", "settings", "column_mappings")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"

HOSTILE = [
    # (case, bytes, what the message must say, beyond naming the file)
    ("empty", b"", r"empty"),
    ("header_only", csv_bytes(STRONG_B_HEADER), r"line 2: the file has a header but no rows"),
    ("binary_garbage", bytes(range(256)) * 8, r"line 1: the file holds NUL bytes"),
    ("png_renamed", PNG, r"PNG image"),
    ("nul_bytes", GOOD[:40] + b"\x00" * 5 + GOOD[40:], r"NUL bytes"),
    (
        "truncated",
        GOOD.rstrip(b"\n")[:-12],
        r"line 3: the last record has 5 of 10 fields: the file looks truncated",
    ),
    (
        "unterminated_quote",
        csv_bytes(STRONG_B_HEADER, ROW, '2024-03-04 18:02:11,"B,35m,"Squat",2,100,5,0,0,', ROW),
        r"line \d",
    ),
    (
        "bank_statement",
        b"Booking date,Value date,Payee,Amount,Currency\n2024-01-02,2024-01-02,ACME,-12.50,EUR\n",
        r"line 1: this is not a Strong or Hevy export",
    ),
    (
        "missing_required_column",
        csv_bytes(STRONG_B_HEADER.replace(",Reps", ""), ROW.replace(",5,0,0", ",0,0")),
        r"line 1: this is not a Strong or Hevy export",
    ),
    (
        "unparseable_date",
        csv_bytes(STRONG_B_HEADER, ROW.replace("2024-03-04 18:02:11", "yesterday")),
        r"line 2, column 'Date': got 'yesterday'; expected a date and time",
    ),
    (
        "non_numeric_reps",
        csv_bytes(STRONG_B_HEADER, ROW.replace(",100,5,", ",100,five,")),
        r"line 2, column 'Reps': got 'five'; expected a number of reps",
    ),
    (
        "absurd_load",
        csv_bytes(STRONG_B_HEADER, ROW.replace(",100,5,", ",20000,5,")),
        r"line 2, column 'Weight': got '20000'; expected a load of at most 10,000 kg",
    ),
    (
        "absurd_hevy_reps",
        csv_bytes(
            HEVY_KG_HEADER,
            '"A","8 Apr 2026, 16:50","8 Apr 2026, 17:43","","Squat (Barbell)",,"",0,"normal",100,250000,,,',
        ),
        r"line 2, column 'reps'",
    ),
    (
        "ten_mb_field",
        csv_bytes(STRONG_B_HEADER, ROW.replace('"B"', '"' + "x" * 10 * 2**20 + '"')),
        r"column 'Workout Name': a field holds 10,485,760 bytes; expected at most 100,000",
    ),
]


def snapshot(db: Path) -> dict[str, list[tuple]]:
    with store.opened(db) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}  # noqa: S608


@pytest.fixture
def db_with_history(tmp_path: Path) -> Path:
    db = tmp_path / "lb.duckdb"
    with store.opened(db) as con:
        ingest(con, GOOD, "history.csv", tz="UTC")
        con.execute("INSERT INTO settings VALUES ('default', 'window_weeks', '6')")
    return db


@pytest.mark.parametrize(("case", "data", "needle"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_file_via_ingest_names_the_file_and_writes_nothing(db_with_history, case, data, needle):
    before = snapshot(db_with_history)
    filename = f"{case}.csv"
    with store.opened(db_with_history) as con, pytest.raises(LiftbalanceError) as caught:
        ingest(con, data, filename, tz="UTC")
    message = str(caught.value)
    assert message.startswith(filename)
    assert re.search(needle, message), message
    assert snapshot(db_with_history) == before


@pytest.mark.parametrize(("case", "data", "needle"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_file_via_cli_exits_1_with_the_message_and_writes_nothing(
    db_with_history, tmp_path, case, data, needle
):
    before = snapshot(db_with_history)
    path = tmp_path / f"{case}.csv"
    path.write_bytes(data)
    result = CliRunner().invoke(cli, ["ingest", "--db", str(db_with_history), "--tz", "UTC", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert f"{case}.csv" in result.stderr and re.search(needle, result.stderr), result.stderr
    assert snapshot(db_with_history) == before


def test_a_2_gb_file_is_refused_by_both_fronts_from_its_size(db_with_history, tmp_path):
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as fh:
        fh.truncate(2 * 1024**3)  # sparse: 2 GB on paper, nothing written
    before = snapshot(db_with_history)
    with (
        store.opened(db_with_history) as con,
        huge.open("rb") as fh,
        pytest.raises(LiftbalanceError, match=r"^huge.csv: the file is larger than 256 MB"),
    ):
        ingest(con, fh, "huge.csv")
    result = CliRunner().invoke(cli, ["ingest", "--db", str(db_with_history), str(huge)])
    assert result.exit_code == 1 and "huge.csv: the file is larger than 256 MB" in result.stderr
    assert snapshot(db_with_history) == before


def test_utf16_and_cp1252_exports_are_decoded_not_refused(tmp_path):
    text = GOOD.decode()
    for i, data in enumerate((text.encode("utf-16"), text.replace("Squat", "Squat café").encode("cp1252"))):
        with store.opened(tmp_path / f"{i}.duckdb") as con:
            assert ingest(con, data, "x.csv", tz="UTC").sets_added == 2
