"""FitNotes' header shapes (formats.md) and its unquoted-comma rows, each with a small file and exact expectations.

The rows are hand-written in the documented headers; the real export in ../shared/corpus is tested
in test_corpus_fitnotes.py.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from etl.errors import BadRowsError
from etl.ingest import ingest
from etl.read.export_file import parse_export, read_export
from etl.read.parse import KG_PER_LB, M_PER_KM, M_PER_MILE
from tests.filebuilders import csv_bytes

CURRENT = "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time"
CURRENT_COMMENT = CURRENT + ",Comment"
LEGACY_LBS = "Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time"
LEGACY_KGS = LEGACY_LBS.replace("(lbs)", "(kgs)")
IOS = "Date,Exercise,Category,Weight (kg),Weight (lbs),Reps,Distance,Distance Unit,Time,Notes,Kind"


def parsed(data: bytes, **kw):
    return parse_export(read_export(data, "fitnotes.csv", tz="UTC", **kw))


def sets_of(data: bytes, **kw):
    export = parsed(data, **kw)
    assert export.normalized.bad_rows == []
    return export, export.normalized.sets.sort("workout_start", "exercise_pos", "set_pos")


def test_current_shape_a_workout_per_date_with_per_row_units_time_and_distance():
    data = csv_bytes(
        CURRENT_COMMENT,
        "2025-04-29,Hip Thrust,Legs,100.0,kgs,10,,,,felt easy",
        "2025-04-29,Hip Thrust,Legs,225.0,lbs,8,,,,",
        "2025-04-29,Lying Leg Curl,Legs,40.0,kgs,12,,,,",
        "2025-04-29,Plank,Abs,,,,,,0:01:00,",
        "2025-04-29,Running,Cardio,,,,5.0,km,0:25:30,",
        "2025-04-30,Running,Cardio,,,,2.0,mi,,",
    )
    export, sets = sets_of(data)
    assert export.detected.label == "fitnotes (current)"
    rows = sets.to_dicts()
    assert [r["workout_start"] for r in rows] == [datetime(2025, 4, 29)] * 5 + [datetime(2025, 4, 30)]
    assert {r["workout_name"] for r in rows} == {None}
    assert [(r["exercise_pos"], r["set_pos"]) for r in rows] == [
        (0, 0),
        (0, 1),
        (1, 0),
        (2, 0),
        (3, 0),
        (0, 0),
    ]
    assert [r["set_kind"] for r in rows] == ["working"] * 6  # FitNotes has no warm-up flag
    assert rows[0]["weight_kg"] == 100 and rows[0]["notes"] == "felt easy"
    assert rows[1]["weight_kg"] == pytest.approx(225 * KG_PER_LB)
    assert rows[3]["weight_kg"] is None and rows[3]["duration_s"] == 60
    assert rows[4]["distance_m"] == pytest.approx(5 * M_PER_KM) and rows[4]["duration_s"] == 25 * 60 + 30
    assert rows[5]["distance_m"] == pytest.approx(2 * M_PER_MILE)
    assert rows[0]["workout_key"] == "fitnotes|2025-04-29T00:00:00"
    assert export.parsed.warnings == []


@pytest.mark.parametrize(
    ("header", "shape", "factor"), [(LEGACY_LBS, "legacy-lbs", KG_PER_LB), (LEGACY_KGS, "legacy-kgs", 1.0)]
)
def test_legacy_shapes_carry_the_unit_in_the_header(header: str, shape: str, factor: float):
    export, sets = sets_of(
        csv_bytes(header, "2016-01-05,Deadlift,Back,135.0,5,,,", "2016-01-05,Deadlift,Back,185.0,3,,,")
    )
    assert export.detected.shape == shape
    assert export.detected.reader.needs_unit(shape) is False
    assert sets["weight_kg"].to_list() == [pytest.approx(135 * factor), pytest.approx(185 * factor)]
    assert sets["reps"].to_list() == [5, 3]


def test_ios_shape_prefers_kg_falls_back_to_lbs_and_reads_the_kind_column():
    data = csv_bytes(
        IOS,
        "2024-06-01,Hip Thrust,Glutes,60,,10,,,,,Warm-up",
        '2024-06-01,Hip Thrust,Glutes,100,220.5,8,,,,"slow, paused",',
        "2024-06-01,Hip Thrust,Glutes,,225,8,,,,,Working",
        "2024-06-01,Hip Thrust,Glutes,80,,12,,,,,Drop Set",
    )
    export, sets = sets_of(data)
    assert export.detected.shape == "ios"
    assert sets["set_kind"].to_list() == ["warmup", "working", "working", "drop"]
    assert sets["weight_kg"].to_list() == [60, 100, pytest.approx(225 * KG_PER_LB), 80]
    assert sets["notes"].to_list() == [None, "slow, paused", None, None]


def test_unquoted_comma_in_a_name_is_rejoined_when_the_category_decides():
    data = csv_bytes(
        CURRENT,
        "2025-04-29,Overhead Press (Each Side, Dumbbells),Shoulders,8.0,kgs,5,,,",
        "2025-04-29,Lateral Raise,Shoulders,6.0,kgs,12,,,",
        "2025-04-29,Overhead Press (Each Side, Dumbbells),Shoulders,10.0,kgs,3,,,",
    )
    export, sets = sets_of(data)
    assert sets["exercise_name"].to_list() == [
        "Overhead Press (Each Side, Dumbbells)",
        "Lateral Raise",
        "Overhead Press (Each Side, Dumbbells)",
    ]
    assert sets["weight_kg"].to_list() == [8.0, 6.0, 10.0]
    assert sets["source_line"].to_list() == [2, 3, 4]
    assert export.parsed.warnings == [
        "fitnotes.csv: 2 row(s) had an unquoted comma in a name and were re-joined where only one reading fits "
        "(first: line 2, 'Overhead Press (Each Side, Dumbbells)')."
    ]


def test_commas_in_a_comment_and_in_a_name_are_told_apart_by_the_typed_columns():
    data = csv_bytes(
        CURRENT_COMMENT,
        "2025-05-01,Squat (Low Bar, Belt),Legs,140.0,kgs,5,,,,heavy, but fine",
        "2025-05-01,Squat (Low Bar, Belt),Legs,140.0,kgs,5,,,,",
    )
    _, sets = sets_of(data)
    assert sets["exercise_name"].to_list() == ["Squat (Low Bar, Belt)"] * 2
    assert sets["notes"].to_list() == ["heavy, but fine", None]
    assert sets["reps"].to_list() == [5, 5]


AMBIGUOUS = csv_bytes(
    CURRENT,
    "2025-01-02,Leg Press,Legs,100.0,kgs,10,,,",
    # Either "Leg Press, Machine" in category "Calves", or "Leg Press" in category "Machine, Calves":
    # neither category appears elsewhere, so nothing decides.
    "2025-01-02,Leg Press,Machine,Calves,80.0,kgs,15,,,",
    "2025-01-02,Leg Curl,Legs",
    "2025-01-02,Leg Curl,Legs,40.0,kgs,12,,,",
)


def test_rows_no_single_reading_fits_are_reported_line_by_line_never_dropped():
    export = parsed(AMBIGUOUS)
    bad = export.normalized.bad_rows
    assert [(b.line, b.column, b.value) for b in bad] == [
        (3, "Exercise", "2025-01-02,Leg Press,Machine,Calves,80.0,kgs,15,,,"),
        (4, "Exercise", "2025-01-02,Leg Curl,Legs"),
    ]
    assert "unquoted comma" in bad[0].expected
    assert export.normalized.sets["source_line"].to_list() == [2, 5]
    assert any("2 row(s) have the wrong number of fields" in w for w in export.parsed.warnings)


def test_reported_rows_reject_the_file_or_are_quarantined_with_skip_invalid(con):
    with pytest.raises(BadRowsError, match="line 3"):
        ingest(con, AMBIGUOUS, "fitnotes.csv", tz="UTC")
    assert con.execute("SELECT count(*) FROM sets").fetchone()[0] == 0
    report = ingest(con, AMBIGUOUS, "fitnotes.csv", tz="UTC", skip_invalid=True)
    assert report.sets_added == 2
    assert con.execute('SELECT line, "column" FROM quarantine ORDER BY line').fetchall() == [
        (3, "Exercise"),
        (4, "Exercise"),
    ]


def test_bad_values_are_located():
    data = csv_bytes(
        CURRENT,
        "2025-01-02,Squat,Legs,100.0,kgs,five,,,",
        "2025-01-02,Squat,Legs,100.0,stone,5,,,",
        "2025-13-40,Squat,Legs,100.0,kgs,5,,,",
        "2025-01-02,Squat,Legs,100.0,kgs,5,,,1 minute",
    )
    normalized = parsed(data).normalized
    assert [(b.line, b.column, b.value) for b in normalized.bad_rows] == [
        (2, "Reps", "five"),
        (3, "Weight Unit", "stone"),
        (4, "Date", "2025-13-40"),
    ]
    # A time feeds no number we compute: its row is kept, the value listed (issue 18, item 6).
    assert [(b.line, b.column, b.value) for b in normalized.flagged] == [(5, "Time", "1 minute")]
    assert normalized.sets.select("source_line", "duration_s").rows() == [(5, None)]


def test_plank_distance_with_a_weight_unit_is_kept_and_listed_not_refused(con):
    """FitNotes writes a side plank's distance 0.0 with unit ``kg``: a field that feeds no number."""
    data = csv_bytes(
        CURRENT,
        "2025-01-02,Side Plank,Core,0.0,kgs,1,0.0,kg,0:01:00",
        "2025-01-02,Side Plank,Core,0.0,kgs,1,0.0,kg,0:00:45",
        "2025-01-02,Rowing,Cardio,,,,2.5,kg,0:10:00",
        "2025-01-02,Squat,Legs,100.0,kgs,5,,,",
    )
    report = ingest(con, data, "fitnotes.csv", tz="UTC")
    assert (report.sets_added, report.quarantined) == (4, [])
    assert [(b.line, b.column, b.value) for b in report.flagged] == [
        (2, "Distance Unit", "kg"),
        (3, "Distance Unit", "kg"),
        (4, "Distance Unit", "kg"),
    ]
    assert "kept as logged" in report.flagged[0].expected
    rows = con.execute(
        "SELECT exercise_name, distance_m, duration_s FROM sets ORDER BY source_line"
    ).fetchall()
    assert rows == [
        ("Side Plank", None, 60.0),
        ("Side Plank", None, 45.0),
        ("Rowing", None, 600.0),
        ("Squat", None, None),
    ]


def test_blank_rows_are_skipped_and_counted_and_reimport_changes_nothing(con):
    data = csv_bytes(
        CURRENT, "2025-01-02,Squat,Legs,100.0,kgs,5,,,", ",,,,,,,,", "2025-01-02,Squat,Legs,100.0,kgs,5,,,"
    )
    first = ingest(con, data, "fitnotes.csv", tz="UTC")
    assert (first.format, first.sets_added, first.skipped) == ("fitnotes (current)", 2, {"blank_line": 1})
    again = ingest(con, data, "fitnotes.csv", tz="UTC")
    assert (again.sets_added, again.sets_unchanged) == (0, 2)


def test_decimal_commas_quoted_or_in_a_semicolon_file():
    comma = csv_bytes(CURRENT, '2025-04-29,Hip Thrust,Legs,"102,5",kgs,8,"1,5",km,')
    semicolon = csv_bytes(CURRENT.replace(",", ";"), "2025-04-29;Hip Thrust;Legs;102,5;kgs;8;1,5;km;")
    for data in (comma, semicolon):
        _, sets = sets_of(data)
        assert (sets["weight_kg"].to_list(), sets["distance_m"].to_list()) == ([102.5], [1500.0])


def test_an_unquoted_decimal_comma_is_reported_not_misread():
    # "102,5" split in two: "Legs,102" as a category with weight 5, or "Squat,Legs" with category "102",
    # both fit the typed columns and nothing decides, so the row is reported rather than loaded as 5 kg.
    data = csv_bytes(CURRENT, "2025-04-29,Squat,Legs,100.0,kgs,5,,,", "2025-04-29,Squat,Legs,102,5,kgs,5,,,")
    bad = parsed(data).normalized.bad_rows
    assert [(b.line, b.column) for b in bad] == [(3, "Exercise")]


def test_a_header_without_distance_unit_still_reads():
    # Found by fuzzing: a damaged header lost "Distance Unit"; distances are then read in the file's main unit.
    data = csv_bytes(
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Time", "2025-04-29,Running,Cardio,,,,5.0,"
    )
    _, sets = sets_of(data)
    assert sets["distance_m"].to_list() == [5000.0]
