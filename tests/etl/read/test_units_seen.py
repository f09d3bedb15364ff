"""A file whose rows carry kg and lb is reported as "weights in kg and lb, converted to kg", not "in kg":
the units are read off the rows (stored kilograms / the file's number), in the report, the CLI and the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dashboard.import_report import report_card
from etl.ingest import ingest
from etl.read.export_file import parse_export, read_export
from etl.read.units_seen import unit_of_load, units_seen, units_text
from etl.store import database as store
from liftbalance.cli import cli
from tests.components import text_of
from tests.filebuilders import HEVY_KG_HEADER, HEVY_LBS_HEADER, STRONG_A_HEADER, STRONG_D_HEADER, csv_bytes

MIXED = csv_bytes(
    STRONG_D_HEADER,
    "2018-05-01 07:00:00;Pull;Deadlift (Barbell);1;100;kg;5;;;;;;",
    "2018-05-01 07:00:00;Pull;Deadlift (Barbell);2;225;lbs;5;;;;;;",
    "2018-05-01 07:00:00;Pull;Pull Up;1;;;8;;;;;;",
)
KG_ONLY = csv_bytes(STRONG_D_HEADER, "2018-05-01 07:00:00;Pull;Deadlift (Barbell);1;100;kg;5;;;;;;")
HEVY_LB = csv_bytes(
    HEVY_LBS_HEADER,
    '"Lower","8 Apr 2026, 16:50","8 Apr 2026, 17:43","","Squat (Barbell)",,"",0,"normal",225,5,,,',
)
HEVY_KG = csv_bytes(
    HEVY_KG_HEADER,
    '"Lower","8 Apr 2026, 16:50","8 Apr 2026, 17:43","","Squat (Barbell)",,"",0,"normal",100,5,,,',
)
STRONG_A = csv_bytes(STRONG_A_HEADER, '2024-03-04 18:02:11,"Legs",1h,"Squat (Barbell)",1,100,5,0,0,,,')


@pytest.mark.parametrize(
    ("data", "unit", "units"),
    [
        (MIXED, None, ["kg", "lb"]),
        (KG_ONLY, None, ["kg"]),
        (HEVY_LB, None, ["lb"]),
        (HEVY_KG, None, ["kg"]),
        (STRONG_A, "lb", ["lb"]),
        (STRONG_A, None, ["kg"]),
    ],
)
def test_units_are_read_off_the_rows(data: bytes, unit: str | None, units: list[str]) -> None:
    assert units_seen(parse_export(read_export(data, "t.csv", tz="UTC", unit=unit)).parsed) == units


def test_units_text() -> None:
    assert units_text(["kg"], "kg") == "weights in kg"
    assert units_text(["lb"], "lb") == "weights in lb, converted to kg"
    assert units_text(["kg", "lb"], "kg") == "weights in kg and lb, converted to kg"
    assert units_text([], "kg") == "weights in kg"
    assert units_text([], None) == ""


def test_report_page_and_cli_say_what_a_mixed_file_is(tmp_path: Path) -> None:
    con = store.connect()
    report = ingest(con, MIXED, "mixed.csv", tz="UTC")
    assert (report.unit, report.units) == ("kg", ["kg", "lb"])
    assert "Covers 2018-05-01 to 2018-05-01; weights in kg and lb, converted to kg" in text_of(
        report_card(report)
    )
    f = tmp_path / "mixed.csv"
    f.write_bytes(MIXED)
    out = (
        CliRunner().invoke(cli, ["ingest", "--db", str(tmp_path / "t.duckdb"), "--tz", "UTC", str(f)]).stdout
    )
    assert "  covers 2018-05-01 to 2018-05-01; weights in kg and lb, converted to kg" in out.splitlines()


@pytest.mark.parametrize(
    ("kg", "unit"),
    [
        (100.0, "kg"),
        (102.5, "kg"),
        (1.125, "kg"),
        (225 * 0.45359237, "lb"),
        (2.5 * 0.45359237, "lb"),
        (45.359237, "lb"),
        (0.0, None),
        (1 / 3, None),
    ],
)
def test_unit_of_a_load(kg: float, unit: str | None) -> None:
    assert unit_of_load(kg) == unit
