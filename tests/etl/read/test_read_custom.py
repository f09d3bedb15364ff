"""Any other CSV through a column mapping: the mapping's checks, parsing, saving and reuse, and the CLI flag."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from click.testing import CliRunner

from etl.errors import InputError
from etl.ingest import ingest, inspect_export
from etl.read.export_file import parse_export, read_export
from etl.read.mappings import (
    delete_column_mapping,
    find_column_mapping,
    list_column_mappings,
    preview,
    save_column_mapping,
)
from etl.read.parse import KG_PER_LB
from etl.read.readers.custom import parse_column_spec
from liftbalance.cli import cli
from tests.filebuilders import csv_bytes

HEADER = "When,Lift,Kg,Reps,Type,U,Feel"
GYM_LOG = csv_bytes(
    HEADER,
    "2024-03-04,Hip Thrust,100,10,warmup,kg,8",
    "2024-03-04,Hip Thrust,225,8,,lb,9",
    "2024-03-04,Hip Thrust,0,12,drop,,",
    "2024-03-06 18:00,Romanian Deadlift,80,8,working,kg,",
)
MAPPING = {
    "date": "When",
    "exercise": "Lift",
    "weight": "Kg",
    "reps": "Reps",
    "set_kind": "Type",
    "unit": "U",
    "rpe": "Feel",
}


def test_mapped_columns_become_sets_with_kinds_units_and_rpe():
    export = parse_export(read_export(GYM_LOG, "log.csv", tz="UTC", columns=MAPPING))
    assert export.normalized.bad_rows == []
    assert export.detected.label == "custom (columns+unit)"
    rows = export.normalized.sets.sort("source_line").to_dicts()
    assert [r["workout_start"] for r in rows] == [datetime(2024, 3, 4)] * 3 + [datetime(2024, 3, 6, 18)]
    assert [r["set_kind"] for r in rows] == ["warmup", "working", "drop", "working"]
    assert [r["weight_kg"] for r in rows] == [100, pytest.approx(225 * KG_PER_LB), None, 80]
    assert [r["rpe"] for r in rows] == [8, 9, None, None]
    assert [(r["exercise_pos"], r["set_pos"]) for r in rows] == [(0, 0), (0, 1), (0, 2), (0, 0)]
    assert {r["source"] for r in rows} == {"custom"}


def test_without_a_unit_column_the_lifter_gives_it_and_pounds_get_a_warning():
    data = csv_bytes(
        "Day,Exercise,Load,Reps", *[f"2024-03-0{d},Squat,{w},5" for d in (4, 5) for w in (135, 185, 225)]
    )
    columns = {"date": "Day", "exercise": "Exercise", "weight": "Load", "reps": "Reps"}
    info = inspect_export(data, "log.csv", columns=columns)
    assert (info.app, info.needs_unit, info.unit_guess) == ("custom", True, "lb")
    export = parse_export(read_export(data, "log.csv", tz="UTC", columns=columns))
    assert any("--unit lb" in w for w in export.parsed.warnings)
    converted = parse_export(
        read_export(data, "log.csv", tz="UTC", columns=columns, unit="lb")
    ).normalized.sets
    assert converted["weight_kg"].max() == pytest.approx(225 * KG_PER_LB)


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (["13/03/2024", "14/03/2024"], [datetime(2024, 3, 13), datetime(2024, 3, 14)]),  # only day/month fits
        (["03/13/2024", "03/14/2024"], [datetime(2024, 3, 13), datetime(2024, 3, 14)]),  # only month/day fits
        (["2024/03/13", "13.03.2024 18:30"], [datetime(2024, 3, 13), datetime(2024, 3, 13, 18, 30)]),
        (
            ["8 Apr 2026, 16:50", "2026-04-09T07:00:00"],
            [datetime(2026, 4, 8, 16, 50), datetime(2026, 4, 9, 7)],
        ),
    ],
)
def test_date_forms(dates: list[str], expected: list[datetime]):
    data = csv_bytes("D,E,W,R", *[f'"{d}",Squat,100,5' for d in dates])
    export = parse_export(
        read_export(
            data, "log.csv", tz="UTC", columns={"date": "D", "exercise": "E", "weight": "W", "reps": "R"}
        )
    )
    assert export.normalized.sets.sort("source_line")["workout_start"].to_list() == expected
    assert export.parsed.warnings == []


def test_undecidable_slash_dates_ask_for_the_date_order():
    data = csv_bytes("D,E,W,R", "03/04/2024,Squat,100,5")
    columns = {"date": "D", "exercise": "E", "weight": "W", "reps": "R"}
    with pytest.raises(InputError, match="--date-order dmy"):
        parse_export(read_export(data, "log.csv", tz="UTC", columns=columns))


def test_a_missing_mapped_column_is_named_with_the_files_columns():
    with pytest.raises(InputError) as err:
        parse_export(read_export(GYM_LOG, "log.csv", columns={**MAPPING, "weight": "Weight"}))
    assert str(err.value) == (
        "log.csv, line 1, column 'Weight': the column mapping names 'Weight' for weight, but the file has no such "
        "column; its columns are: 'When', 'Lift', 'Kg', 'Reps', 'Type', 'U', 'Feel'"
    )


def test_mapping_keys_are_checked_and_column_case_is_forgiven():
    with pytest.raises(InputError, match="lacks reps"):
        parse_export(
            read_export(GYM_LOG, "log.csv", columns={"date": "When", "exercise": "Lift", "weight": "Kg"})
        )
    with pytest.raises(InputError, match="unknown column mapping key"):
        parse_export(read_export(GYM_LOG, "log.csv", columns={**MAPPING, "tempo": "Feel"}))
    export = parse_export(
        read_export(
            GYM_LOG,
            "log.csv",
            tz="UTC",
            columns={"date": "when", "exercise": "LIFT", "weight": "kg", "reps": "reps"},
        )
    )
    assert export.detected.columns == {"date": "When", "exercise": "Lift", "weight": "Kg", "reps": "Reps"}


def test_bad_values_are_reported_under_the_lifters_columns():
    data = csv_bytes(HEADER, "someday,Squat,100,5,,,", "2024-03-04,Squat,100,5,superset,stone,")
    bad = parse_export(read_export(data, "log.csv", tz="UTC", columns=MAPPING)).normalized.bad_rows
    assert [(b.line, b.column, b.value) for b in bad] == [
        (2, "When", "someday"),
        (3, "Type", "superset"),
        (3, "U", "stone"),
    ]


def test_custom_needs_a_mapping_and_a_mapping_cannot_override_an_apps_format():
    with pytest.raises(InputError, match="a custom CSV needs a column mapping"):
        parse_export(read_export(GYM_LOG, "log.csv", fmt="custom"))
    with pytest.raises(InputError, match="cannot be combined with --format strong"):
        parse_export(read_export(GYM_LOG, "log.csv", fmt="strong", columns=MAPPING))


def test_the_mapping_is_saved_and_reused_for_the_same_header(con):
    first = ingest(con, GYM_LOG, "log.csv", tz="UTC", columns=MAPPING, columns_name="gym sheet")
    assert first.sets_added == 4
    assert find_column_mapping(con, "default", HEADER.split(",")) == MAPPING
    assert find_column_mapping(con, "someone else", HEADER.split(",")) is None
    later = GYM_LOG + b"2024-03-08,Squat,100,5,,kg,\n"
    second = ingest(con, later, "log-march.csv", tz="UTC")
    assert (second.format, second.sets_added, second.sets_unchanged) == ("custom (columns+unit)", 1, 4)
    assert "read with the column mapping saved for files with this header" in second.warnings
    # Another athlete's file with the same header is not read with this athlete's mapping.
    with pytest.raises(InputError, match="not a Strong or Hevy export"):
        ingest(con, GYM_LOG, "log.csv", tz="UTC", athlete="someone else")


def test_saving_again_under_a_name_replaces_it(con):
    header = ["A", "B", "C", "D"]
    save_column_mapping(
        con, "ann", "sheet", header, {"date": "A", "exercise": "B", "weight": "C", "reps": "D"}
    )
    save_column_mapping(
        con, "ann", "sheet", header, {"date": "B", "exercise": "A", "weight": "C", "reps": "D"}
    )
    assert con.execute("SELECT count(*) FROM column_mappings").fetchone()[0] == 1
    assert find_column_mapping(con, "ann", header) == {
        "date": "B",
        "exercise": "A",
        "weight": "C",
        "reps": "D",
    }


def test_parse_column_spec():
    assert parse_column_spec("date=When, exercise=Lift,weight=Kg,reps=Reps,unit=U") == {
        "date": "When",
        "exercise": "Lift",
        "weight": "Kg",
        "reps": "Reps",
        "unit": "U",
    }
    for spec in ("date", "date=When,date=Day", "=When"):
        with pytest.raises(ValueError):
            parse_column_spec(spec)


def test_cli_columns_flag_imports_and_the_next_run_reuses_the_mapping(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(GYM_LOG)
    db = str(tmp_path / "t.duckdb")
    spec = "date=When,exercise=Lift,weight=Kg,reps=Reps,set_kind=Type,unit=U,rpe=Feel"
    first = CliRunner().invoke(
        cli, ["ingest", "--db", db, "--tz", "UTC", "--json", "--columns", spec, str(path)]
    )
    assert first.exit_code == 0, first.output
    assert (json.loads(first.stdout)["format"], json.loads(first.stdout)["sets_added"]) == (
        "custom (columns+unit)",
        4,
    )
    again = CliRunner().invoke(cli, ["ingest", "--db", db, "--tz", "UTC", "--json", str(path)])
    assert json.loads(again.stdout)["sets_unchanged"] == 4
    bad = CliRunner().invoke(cli, ["ingest", "--db", db, "--columns", "date", str(path)])
    assert bad.exit_code == 2 and "is not key=column" in bad.output


def test_cli_format_accepts_every_app(tmp_path):
    path = tmp_path / "fitbod.csv"
    path.write_bytes(
        csv_bytes(
            "Date,Exercise,Reps,Weight(kg),Duration(s),Distance(m),Incline,Resistance,isWarmup,Note,multiplier",
            "2024-03-04 18:02:11 +0000,Squat,5,100,0,0,0,0,false,,1",
        )
    )
    result = CliRunner().invoke(
        cli, ["ingest", "--db", str(tmp_path / "t.duckdb"), "--tz", "UTC", "--format", "fitbod", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert "fitbod.csv: Fitbod, 1 workouts, 1 sets added" in result.stdout


def test_saved_mappings_are_listed_per_athlete_newest_first_and_can_be_deleted(con):
    save_column_mapping(
        con,
        "ann",
        "old sheet",
        ["A", "B", "C", "D"],
        {"date": "A", "exercise": "B", "weight": "C", "reps": "D"},
    )
    ingest(con, GYM_LOG, "log.csv", tz="UTC", athlete="ann", columns=MAPPING, columns_name="gym sheet")
    saved = list_column_mappings(con, "ann")
    assert [(m.name, m.header, m.columns) for m in saved] == [
        ("gym sheet", HEADER.split(","), MAPPING),
        ("old sheet", ["A", "B", "C", "D"], {"date": "A", "exercise": "B", "weight": "C", "reps": "D"}),
    ]
    assert list_column_mappings(con, "bob") == []
    assert delete_column_mapping(con, "ann", "old sheet") is True
    assert delete_column_mapping(con, "ann", "old sheet") is False
    assert [m.name for m in list_column_mappings(con, "ann")] == ["gym sheet"]


def test_preview_shows_the_first_rows_typed_through_the_mapping():
    frame = preview(GYM_LOG, "log.csv", MAPPING, n=2)
    assert frame.columns == [
        "line",
        "date",
        "exercise",
        "set_kind",
        "weight_kg",
        "reps",
        "rpe",
        "notes",
        "workout",
    ]
    assert frame.to_dicts() == [
        {
            "line": 2,
            "date": datetime(2024, 3, 4),
            "exercise": "Hip Thrust",
            "set_kind": "warmup",
            "weight_kg": 100.0,
            "reps": 10.0,
            "rpe": 8.0,
            "notes": None,
            "workout": None,
        },
        {
            "line": 3,
            "date": datetime(2024, 3, 4),
            "exercise": "Hip Thrust",
            "set_kind": "working",
            "weight_kg": pytest.approx(225 * KG_PER_LB),
            "reps": 8.0,
            "rpe": 9.0,
            "notes": None,
            "workout": None,
        },
    ]
    # Without a unit column the lifter's unit applies; a value that does not parse shows as null.
    data = csv_bytes("D,E,W,R", "2024-03-04,Squat,100,5", "2024-03-04,Squat,heavy,5")
    shown = preview(data, "log.csv", {"date": "D", "exercise": "E", "weight": "W", "reps": "R"}, unit="lb")
    assert shown["weight_kg"].to_list() == [pytest.approx(100 * KG_PER_LB), None]
    with pytest.raises(InputError, match="names 'Weight' for weight"):
        preview(GYM_LOG, "log.csv", {**MAPPING, "weight": "Weight"})
