"""``liftbalance ingest`` as a lifter runs it: per-file report, --json on stdout only, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from liftbalance.cli import cli
from tests.filebuilders import STRONG_A_HEADER, csv_bytes

GOOD = csv_bytes(STRONG_A_HEADER, *[f'2024-03-04 18:02:11,"Legs",1h,"Hip Thrust (Barbell)",{i},100,10,0,0,,,' for i in (1, 2)])
POUNDS = csv_bytes(STRONG_A_HEADER, *[f'2024-03-04 18:02:11,"A",1h,"Squat (Barbell)",{i},{w},5,0,0,,,'
                                      for i, w in enumerate((45, 135, 225, 225, 135, 185), start=1)])


def run(tmp_path, *args: str):
    return CliRunner().invoke(cli, ["ingest", "--db", str(tmp_path / "t.duckdb"), "--tz", "UTC", *args])


def test_json_output_has_the_documented_keys_and_counts(tmp_path):
    f = tmp_path / "good.csv"
    f.write_bytes(GOOD)
    first = run(tmp_path, "--json", str(f))
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout.strip())
    assert {"file", "format", "workouts", "sets_added", "sets_updated", "sets_unchanged", "skipped"} <= report.keys()
    assert (report["format"], report["workouts"], report["sets_added"]) == ("strong (A)", 1, 2)
    second = json.loads(run(tmp_path, "--json", str(f)).stdout.strip())
    assert (second["sets_added"], second["sets_unchanged"]) == (0, 2)


def test_rejected_file_exits_nonzero_with_a_message_and_no_traceback(tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(GOOD)
    bad.write_bytes(b"hello,world\n1,2\n")
    result = run(tmp_path, str(good), str(bad))
    assert result.exit_code == 1
    assert "good.csv: strong (A), 1 workouts, 2 sets added" in result.stdout
    assert "bad.csv, line 1: this is not a Strong or Hevy export" in result.stderr
    assert "Traceback" not in result.output


def test_pounds_warning_goes_to_stderr_and_names_the_flag(tmp_path):
    f = tmp_path / "lb.csv"
    f.write_bytes(POUNDS)
    result = run(tmp_path, "--json", str(f))
    assert result.exit_code == 0
    assert "--unit lb" in result.stderr
    json.loads(result.stdout)  # stdout stays pure JSON


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
        [sys.executable, "-m", "liftbalance", "ingest", "--db", str(tmp_path / "m.duckdb"), "--json", str(f)],
        capture_output=True, text=True, check=True,
    )
    assert json.loads(out.stdout)["sets_added"] == 2
