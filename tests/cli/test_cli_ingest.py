"""``liftbalance ingest`` as a lifter runs it: per-file report, --json on stdout only, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from liftbalance.cli import cli
from tests.filebuilders import STRONG_A_HEADER, csv_bytes

GOOD = csv_bytes(
    STRONG_A_HEADER,
    *[f'2024-03-04 18:02:11,"Legs",1h,"Hip Thrust (Barbell)",{i},100,10,0,0,,,' for i in (1, 2)],
)
POUNDS = csv_bytes(
    STRONG_A_HEADER,
    *[
        f'2024-03-04 18:02:11,"A",1h,"Squat (Barbell)",{i},{w},5,0,0,,,'
        for i, w in enumerate((45, 135, 225, 225, 135, 185), start=1)
    ],
)


def run(tmp_path, *args: str):
    return CliRunner().invoke(cli, ["ingest", "--db", str(tmp_path / "t.duckdb"), "--tz", "UTC", *args])


def test_json_output_has_the_documented_keys_and_counts(tmp_path):
    f = tmp_path / "good.csv"
    f.write_bytes(GOOD)
    first = run(tmp_path, "--json", "--unit", "kg", str(f))
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout.strip())
    assert {
        "file",
        "format",
        "workouts",
        "sets_added",
        "sets_updated",
        "sets_unchanged",
        "skipped",
    } <= report.keys()
    assert (report["format"], report["workouts"], report["sets_added"]) == ("strong (A)", 1, 2)
    second = json.loads(run(tmp_path, "--json", "--unit", "kg", str(f)).stdout.strip())
    assert (second["sets_added"], second["sets_unchanged"]) == (0, 2)


def test_rejected_file_exits_nonzero_with_a_message_and_no_traceback(tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(GOOD)
    bad.write_bytes(b"hello,world\n1,2\n")
    result = run(tmp_path, "--unit", "kg", str(good), str(bad))
    assert result.exit_code == 1
    assert "good.csv: Strong, 1 workouts, 2 sets added" in result.stdout
    assert "bad.csv, line 1: this is not a Strong or Hevy export" in result.stderr
    assert "Traceback" not in result.output


def test_pounds_read_from_the_loads_are_said_on_stderr_naming_the_flag(tmp_path):
    f = tmp_path / "lb.csv"
    f.write_bytes(POUNDS)
    result = run(tmp_path, "--json", str(f))
    assert result.exit_code == 0
    assert "read as pounds (" in result.stderr and "plate totals in lb" in result.stderr
    assert "--unit kg" in result.stderr
    assert json.loads(result.stdout)["unit"] == "lb"  # stdout stays pure JSON


def test_a_unitless_file_whose_loads_do_not_tell_is_refused_naming_the_flag(tmp_path):
    f = tmp_path / "plain.csv"
    f.write_bytes(GOOD)  # two sets of 100: kg and lb alike
    result = run(tmp_path, str(f))
    assert result.exit_code == 1
    assert "its loads do not tell kg from lb" in result.stderr and "--unit kg or --unit lb" in result.stderr
    assert "Traceback" not in result.output
    assert run(tmp_path, "--unit", "kg", str(f)).exit_code == 0


def test_kilograms_read_from_the_loads_are_said_in_the_report(tmp_path):
    f = tmp_path / "kg.csv"
    f.write_bytes(
        csv_bytes(
            STRONG_A_HEADER,
            *[
                f'2024-03-04 18:02:11,"A",1h,"Squat (Barbell)",{i},{w},5,0,0,,,'
                for i, w in enumerate((60, 62.5, 80, 82.5, 100, 57.5), start=1)
            ],
        )
    )
    result = run(tmp_path, str(f))
    assert result.exit_code == 0, result.output
    assert (
        "read as kilograms (loads like 57.5, 62.5, 82.5 step by 2.5 kg plates; a heuristic)" in result.stdout
    )


def test_unit_flag_converts(tmp_path):
    f = tmp_path / "lb.csv"
    f.write_bytes(POUNDS)
    report = json.loads(run(tmp_path, "--json", "--unit", "lb", str(f)).stdout)
    assert report["unit"] == "lb"
    assert "--unit lb" not in run(tmp_path, "--unit", "lb", str(f)).stderr


def test_python_dash_m_runs_the_same_cli(tmp_path):
    f = tmp_path / "good.csv"
    f.write_bytes(GOOD)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "liftbalance",
            "ingest",
            "--db",
            str(tmp_path / "m.duckdb"),
            "--json",
            "--unit",
            "kg",
            str(f),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout)["sets_added"] == 2


def test_columns_mapping_is_saved_under_its_name_and_reused_for_the_same_header(tmp_path):
    from etl.read.mappings import list_column_mappings
    from etl.store import database as store

    header = "Day,Lift,Load,Reps"
    march, april = tmp_path / "march.csv", tmp_path / "april.csv"
    march.write_bytes(csv_bytes(header, "2024-03-04,Hip Thrust,100,10", "2024-03-04,Hip Thrust,100,10"))
    april.write_bytes(
        csv_bytes(
            header,
            "2024-03-04,Hip Thrust,100,10",
            "2024-03-04,Hip Thrust,100,10",
            "2024-04-01,Leg Curl,40,12",
        )
    )
    spec = "date=Day,exercise=Lift,weight=Load,reps=Reps"
    first = run(
        tmp_path, "--json", "--columns", spec, "--columns-name", "gym sheet", "--unit", "kg", str(march)
    )
    assert first.exit_code == 0, first.output
    assert (json.loads(first.stdout)["format"], json.loads(first.stdout)["sets_added"]) == (
        "custom (columns)",
        2,
    )
    # The next file with the same header needs no --columns: the saved mapping is found and said so.
    second = run(tmp_path, "--json", "--unit", "kg", str(april))
    assert second.exit_code == 0, second.output
    report = json.loads(second.stdout)
    assert (report["sets_added"], report["sets_unchanged"]) == (1, 2)
    assert "read with the column mapping saved for files with this header" in report["warnings"]
    with store.opened(tmp_path / "t.duckdb") as con:
        saved = list_column_mappings(con, "default")
    assert [(m.name, m.header, m.columns) for m in saved] == [
        (
            "gym sheet",
            header.split(","),
            {"date": "Day", "exercise": "Lift", "weight": "Load", "reps": "Reps"},
        )
    ]
    # Another athlete's import of that header is not read with this athlete's mapping.
    other = run(tmp_path, "--athlete", "bob", str(april))
    assert other.exit_code == 1 and "--columns date=<column>" in other.stderr
