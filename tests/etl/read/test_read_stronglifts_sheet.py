"""StrongLifts' legacy spreadsheet with exact expectations: rows built from the real file's shape
(incoming/stronglifts_sheet_dmy_chrispickford.csv: repeating ``Exercise N`` blocks, trailing comma,
2-digit years) and the same rows month-first, as other lifters' files are."""

from __future__ import annotations

from datetime import datetime

import pytest
from click.testing import CliRunner

from etl.errors import InputError
from etl.read.export_file import parse_export, read_export
from etl.read.parse import KG_PER_LB
from etl.store import database as store
from liftbalance.cli import cli
from tests.filebuilders import csv_bytes
from tests.helpers.sample_exports import STRONGLIFTS_SHEET_HEADER as HEADER


def test_day_first_blocks_become_sets_and_blank_cells_sets_not_done():
    data = csv_bytes(
        HEADER,
        "19/11/18,,91,,Squat,40,,5,5,5,5,5,Overhead Press,30,,5,5,5,5,4,Deadlift,40,,,,,,,",
        "22/11/18,felt strong,91.4,,Squat,42.5,,5,5,5,,,,,,,,,,,,,,,,,,,",
    )
    export = parse_export(read_export(data, "spreadsheet-stronglifts.csv", tz="UTC"))
    assert (export.detected.app, export.detected.shape) == ("stronglifts", "sheet")
    assert export.normalized.bad_rows == []
    assert export.normalized.skipped == {"set_not_done": 5 + 2}
    rows = export.normalized.sets.sort("source_line", "exercise_pos", "set_pos").to_dicts()
    assert [(r["exercise_name"], r["weight_kg"], r["reps"]) for r in rows] == (
        [("Squat", 40, 5)] * 5
        + [("Overhead Press", 30, 5)] * 4
        + [("Overhead Press", 30, 4)]
        + [("Squat", 42.5, 5)] * 3
    )
    assert rows[0]["workout_start"] == datetime(2018, 11, 19) and rows[-1]["workout_start"] == datetime(
        2018, 11, 22
    )
    assert rows[0]["workout_notes"] == "body weight 91 kg"
    assert rows[-1]["workout_notes"] == "felt strong · body weight 91.4 kg"
    assert [r["set_pos"] for r in rows[5:10]] == [0, 1, 2, 3, 4]


def test_month_first_file_and_pounds_only_loads():
    data = csv_bytes(
        HEADER,
        "11/19/18,,,200,Squat,,135,5,5,5,5,5,,,,,,,,,,,,,,,,,",
        "11/22/18,,,200,Squat,,140,5,5,5,5,5,,,,,,,,,,,,,,,,,",
    )
    export = parse_export(read_export(data, "s.csv", tz="UTC"))
    rows = export.normalized.sets.sort("source_line").to_dicts()
    assert rows[0]["workout_start"] == datetime(2018, 11, 19)
    assert rows[0]["weight_kg"] == pytest.approx(135 * KG_PER_LB)
    assert rows[0]["workout_notes"] == "body weight 200 lb"


def test_a_sequence_settles_what_no_single_date_does():
    # Day-first: 1, 3, 5 Feb, 1 Mar (sorted). Month-first: 2 Jan, 2 Mar, 2 May, 3 Jan (not).
    rows = [
        f"{d},,,,Squat,40,,5,,,,,,,,,,,,,,,,,,,,," for d in ("01/02/19", "03/02/19", "05/02/19", "01/03/19")
    ]
    export = parse_export(read_export(csv_bytes(HEADER, *rows), "s.csv", tz="UTC"))
    assert export.normalized.sets.sort("source_line")["workout_start"].to_list() == [
        datetime(2019, 2, 1),
        datetime(2019, 2, 3),
        datetime(2019, 2, 5),
        datetime(2019, 3, 1),
    ]


def test_an_undecidable_file_asks_and_the_answer_is_used():
    data = csv_bytes(HEADER, "01/02/19,,,,Squat,40,,5,,,,,,,,,,,,,,,,,,,,,")
    with pytest.raises(InputError, match="--date-order dmy"):
        parse_export(read_export(data, "s.csv", tz="UTC"))
    sets = parse_export(read_export(data, "s.csv", tz="UTC", date_order="mdy")).normalized.sets
    assert sets["workout_start"].to_list() == [datetime(2019, 1, 2)]


def test_bad_cells_are_located():
    data = csv_bytes(
        HEADER,
        "19/11/18,,,,Squat,forty,,5,,,,,,,,,,,,,,,,,,,,,",
        "20/11/18,,,,Squat,40,,five,,,,,,,,,,,,,,,,,,,,,",
    )
    bad = parse_export(read_export(data, "s.csv", tz="UTC")).normalized.bad_rows
    assert [(b.line, b.column, b.value) for b in bad] == [(2, "Weight (KG)", "forty"), (3, "Set", "five")]


def test_the_command_line_asks_for_the_date_order_and_takes_it(tmp_path):
    path = tmp_path / "spreadsheet-stronglifts.csv"
    path.write_bytes(csv_bytes(HEADER, "01/02/19,,,,Squat,40,,5,5,,,,,,,,,,,,,,,,,,,,"))
    db = str(tmp_path / "t.duckdb")
    asked = CliRunner().invoke(cli, ["ingest", "--db", db, "--tz", "UTC", str(path)])
    assert asked.exit_code != 0 and "--date-order dmy" in asked.output and "Traceback" not in asked.output
    done = CliRunner().invoke(cli, ["ingest", "--db", db, "--tz", "UTC", "--date-order", "mdy", str(path)])
    assert done.exit_code == 0, done.output
    with store.connect(db) as con:
        assert con.execute("SELECT DISTINCT workout_start FROM sets").fetchall() == [(datetime(2019, 1, 2),)]
