"""``liftbalance exercises``, ``map`` and ``unmap``: what each logged name credits, and fixing it."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from etl.analysis.exercises import exercise_table
from etl.analysis.weekly import load_weekly
from etl.ingest import ingest
from etl.store import database as store
from liftbalance.cli import cli
from tests.filebuilders import STRONG_A_HEADER, csv_bytes

W = '2024-03-04 18:02:11,"Legs",1h'
EXPORT = csv_bytes(
    STRONG_A_HEADER,
    *[f'{W},"Romanian Deadlift (Dumbbell)",{i},30,10,0,0,,,' for i in (1, 2, 3)],
    f'{W},"Romanian Deadlift (Dumbbell)",W,10,10,0,0,,,',
    *[f'{W},"Zorbulator 3000",{i},50,10,0,0,,,' for i in (1, 2)],
    f'{W},"=HYPERLINK(""http://evil"")",1,5,5,0,0,,,',
    *[f'{W},"Bench Press (Barbell)",{i},60,5,0,0,,,' for i in (1, 2)],
)


def loaded(tmp_path):
    db = tmp_path / "lb.duckdb"
    with store.opened(db) as con:
        ingest(con, EXPORT, "legs.csv", tz="UTC")
    return db


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_table_lists_unmapped_first_with_working_sets(tmp_path):
    with store.opened(loaded(tmp_path)) as con:
        table = exercise_table(con, "default")
    rows = {r["name"]: r for r in table.to_dicts()}
    assert table["match"].to_list()[:2] == ["unmapped", "unmapped"]
    assert rows["Romanian Deadlift (Dumbbell)"]["sets"] == 3  # the warm-up does not count
    assert rows["Romanian Deadlift (Dumbbell)"]["hamstring_sets"] == 3.0
    assert rows["Zorbulator 3000"]["exercise_id"] is None and rows["Zorbulator 3000"]["glute_sets"] == 0
    assert rows["Bench Press (Barbell)"]["lower_body"] is False


def test_csv_columns_and_formula_neutralisation(tmp_path):
    db = loaded(tmp_path)
    result = invoke("exercises", "--db", str(db), "--format", "csv")
    assert result.exit_code == 0, result.output
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert reader.fieldnames == [
        "name",
        "sets",
        "exercise_id",
        "pattern",
        "glute_max",
        "glute_med",
        "hamstring_hip",
        "hamstring_knee",
        "quads",
        "erectors",
        "eccentric",
        "match",
        "suggestion",
        "warmups_by_load",
    ]
    names = [r["name"] for r in reader]
    assert '\'=HYPERLINK("http://evil")' in names
    assert not any(n.startswith("=") for n in names)


def test_unmapped_filter_and_json(tmp_path):
    db = loaded(tmp_path)
    result = invoke("exercises", "--db", str(db), "--unmapped", "--format", "json")
    assert sorted(r["name"] for r in json.loads(result.stdout)) == [
        '=HYPERLINK("http://evil")',
        "Zorbulator 3000",
    ]


def test_map_changes_past_weeks_and_unmap_reverts(tmp_path):
    db = loaded(tmp_path)
    with store.opened(db) as con:
        before = load_weekly(con, "default").row(0, named=True)
    assert (before["hamstring_sets"], before["unmapped_sets"]) == (3.0, 3.0)
    mapped = invoke("map", "Zorbulator 3000", "lying_leg_curl", "--db", str(db))
    assert mapped.exit_code == 0, mapped.output
    with store.opened(db) as con:
        after = load_weekly(con, "default").row(0, named=True)
        match = exercise_table(con, "default").filter(name="Zorbulator 3000")["match"].item()
    assert (after["hamstring_sets"], after["hamstring_knee_sets"], after["unmapped_sets"]) == (5.0, 2.0, 1.0)
    assert match == "override"
    assert invoke("unmap", "Zorbulator 3000", "--db", str(db)).exit_code == 0
    with store.opened(db) as con:
        assert load_weekly(con, "default").row(0, named=True)["hamstring_sets"] == 3.0
    again = invoke("unmap", "Zorbulator 3000", "--db", str(db))
    assert again.exit_code == 1 and "no override" in again.output


def test_map_to_an_unknown_id_is_refused_with_suggestions(tmp_path):
    result = invoke("map", "Zorbulator 3000", "lying_leg_curls", "--db", str(loaded(tmp_path)))
    assert result.exit_code == 1
    assert "lying_leg_curl" in result.output and "Traceback" not in result.output


def test_taxonomy_listing(tmp_path):
    result = invoke("exercises", "--taxonomy", "--format", "csv", "--db", str(tmp_path / "x.duckdb"))
    ids = [r["exercise_id"] for r in csv.DictReader(io.StringIO(result.stdout))]
    assert {"romanian_deadlift", "nordic_curl", "hip_thrust"} <= set(ids)


RAMP = csv_bytes(
    STRONG_A_HEADER,
    *[f'{W},"Squat (Barbell)",{i},{kg},5,0,0,,,' for i, kg in enumerate((20, 60, 100, 140, 140), start=1)],
)


def test_warm_ups_read_from_loads_are_reported_by_ingest_and_exercises(tmp_path):
    db = tmp_path / "lb.duckdb"
    with store.opened(db) as con:
        report = ingest(con, RAMP, "ramp.csv", tz="UTC")
        squat = exercise_table(con, "default").row(0, named=True)
    # 20 and 60 kg come before the 140 kg top set and are under 84 kg (60%): warm-ups; 100 kg stays hard.
    assert report.warmups_by_load == 2
    assert (squat["sets"], squat["warmups_by_load"]) == (3, 2)
    result = invoke("exercises", "--db", str(db))
    assert "2 unmarked sets were read as warm-ups from their loads" in result.output
    invoke("settings", "--db", str(db), "set", "warmup_load_share", "off")
    with store.opened(db) as con:
        assert exercise_table(con, "default").row(0, named=True)["sets"] == 5


def test_table_has_human_headers_and_drops_columns_zero_on_every_row(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import polars as pl

    from liftbalance.commands.exercises import shown_columns

    frame = pl.DataFrame(
        {
            "name": ["a", "b"],
            "glute_max": [0.0, 0.5],
            "quads": [0.0, 0.0],
            "eccentric": [False, False],
            "suggestion": [None, ""],
            "match": ["exact", "alias"],
        }
    )
    assert shown_columns(frame).columns == ["name", "glute_max", "match"]
    f = tmp_path / "log.csv"
    f.write_bytes(
        csv_bytes(STRONG_A_HEADER, '2024-03-04 18:02:11,"Legs",1h,"Hip Thrust (Barbell)",1,100,10,0,0,,,')
    )
    db = str(tmp_path / "t.duckdb")
    CliRunner().invoke(cli, ["ingest", "--db", db, "--tz", "UTC", "--unit", "kg", str(f)])
    out = CliRunner().invoke(cli, ["exercises", "--db", db], env={"COLUMNS": "250"}).output
    header = next(line for line in out.splitlines() if "Logged name" in line)
    assert [h.strip() for h in header.strip("┃ ").split("┃")] == [
        "Logged name",
        "Working sets",
        "Maps to (id)",
        "Movement",
        "Glute max",
        "Matched by",
    ]
    assert "hip thrust" in out and "hamstring_hip" not in out and "Quads" not in out
