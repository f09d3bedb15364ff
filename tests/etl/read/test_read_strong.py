"""Strong's header shapes and quirks (formats.md), each with a small file and exact expectations."""

from __future__ import annotations

from datetime import datetime

import pytest

from etl.errors import InputError
from etl.read.export_file import parse_export, read_export
from etl.read.parse import KG_PER_LB, M_PER_KM, M_PER_MILE
from tests.filebuilders import (
    STRONG_A_HEADER,
    STRONG_B_HEADER,
    STRONG_C_HEADER,
    STRONG_D_HEADER,
    STRONG_NODUR_HEADER,
    csv_bytes,
)


def sets_of(data: bytes, **kw):
    export = parse_export(read_export(data, "t.csv", tz="Europe/Berlin", **kw))
    assert export.normalized.bad_rows == []
    return export, export.normalized.sets


def test_shape_a_rows_become_sets_with_positions_and_kinds():
    data = csv_bytes(
        STRONG_A_HEADER,
        '2024-03-04 18:02:11,"Legs, Glutes",1h 6m,"Hip Thrust (Barbell)",W,60,10,0,0,"",,',
        '2024-03-04 18:02:11,"Legs, Glutes",1h 6m,"Hip Thrust (Barbell)",1,100,10,0,0,"felt ""easy""\nnext time 105",,8.5',
        '2024-03-04 18:02:11,"Legs, Glutes",1h 6m,"Hip Thrust (Barbell)",2,100,10,0,0,,,',
        '2024-03-04 18:02:11,"Legs, Glutes",1h 6m,"Hip Thrust (Barbell)",D,70,12.0,0,0,,,',
        '2024-03-04 18:02:11,"Legs, Glutes",1h 6m,"Nordic Hamstring Curl",1,0,5,0,0,,,',
        '2024-03-04 18:02:11,"Legs, Glutes",1h 6m,"Plank",1,0,0,0,60,,,',
        '2024-03-04 18:02:11,"Legs, Glutes",1h 6m,"Running",1,0,0,2.5,900,,"good day",',
        '2024-03-04 18:02:11,"Legs, Glutes",1h 6m,"Hip Thrust (Barbell)",F,100,6,0,0,,,',
    )
    export, sets = sets_of(data)
    assert export.detected.label == "strong (A)"
    rows = sets.to_dicts()
    assert len(rows) == 8
    assert {r["workout_start"] for r in rows} == {datetime(2024, 3, 4, 18, 2, 11)}
    assert rows[0]["workout_name"] == "Legs, Glutes"
    assert rows[0]["workout_duration_s"] == 3960
    assert [r["set_kind"] for r in rows] == [
        "warmup",
        "working",
        "working",
        "drop",
        "working",
        "working",
        "working",
        "failure",
    ]
    assert [(r["exercise_pos"], r["set_pos"]) for r in rows] == [
        (0, 0),
        (0, 1),
        (0, 2),
        (0, 3),
        (1, 0),
        (2, 0),
        (3, 0),
        (4, 0),
    ]
    assert rows[1]["notes"] == 'felt "easy"\nnext time 105'
    assert rows[1]["rpe"] == 8.5
    assert rows[3]["reps"] == 12.0
    assert rows[4]["weight_kg"] is None  # bodyweight
    assert rows[5]["duration_s"] == 60 and rows[5]["weight_kg"] is None
    assert rows[6]["distance_m"] == pytest.approx(2.5 * M_PER_KM)
    assert rows[6]["workout_notes"] == "good day"
    # The note with a newline moves every later record down a line.
    assert [r["source_line"] for r in rows] == [2, 3, 5, 6, 7, 8, 9, 10]
    assert rows[0]["tz"] == "Europe/Berlin"
    assert rows[0]["workout_key"] == "strong|2024-03-04T18:02:11"


def test_shape_b_and_unit_flag_converts_pounds():
    data = csv_bytes(STRONG_B_HEADER, '2024-03-04 18:02:11,"B",35m,"Squat (Barbell)",1,225,5,0,0,')
    export, sets = sets_of(data, unit="lb")
    assert export.detected.shape == "B"
    assert sets["weight_kg"][0] == pytest.approx(225 * KG_PER_LB)
    assert sets["workout_duration_s"][0] == 35 * 60


def test_unitless_pounds_are_read_as_pounds_when_the_loads_settle_it_and_the_report_says_why():
    rows = [
        f'2024-03-0{d} 18:00:00,"A",1h,"Squat (Barbell)",{i},{w},5,0,0,,,'
        for d in (4, 5)
        for i, w in enumerate((45, 135, 185, 225, 225, 135), start=1)
    ]
    export, sets = sets_of(csv_bytes(STRONG_A_HEADER, *rows))
    assert (export.unit_guess, export.parsed.unit) == ("lb", "lb")
    assert sets["weight_kg"].max() == pytest.approx(225 * KG_PER_LB)
    assert export.parsed.warnings == [export.parsed.unit_note]
    assert "read as pounds (" in export.parsed.unit_note and "--unit kg" in export.parsed.unit_note
    assert (
        sets_of(csv_bytes(STRONG_A_HEADER, *rows), unit="kg")[1]["weight_kg"].max() == 225
    )  # the lifter decides


def test_unitless_kilograms_give_no_warning():
    rows = [
        f'2024-03-04 18:00:00,"A",1h,"Squat (Barbell)",{i},{w},5,0,0,,,'
        for i, w in enumerate((60, 62.5, 80, 82.5, 100, 57.5), start=1)
    ]
    export, _ = sets_of(csv_bytes(STRONG_A_HEADER, *rows))
    assert export.unit_guess == "kg"
    assert export.parsed.warnings == []


def test_no_duration_variant_with_pound_float_noise():
    data = csv_bytes(
        STRONG_NODUR_HEADER,
        '2019-02-14 07:33:40,"Phraks Wed","Bent Over Row (Barbell)",1,6.80388555,5,0,0,"","",',
    )
    export, sets = sets_of(data)
    assert export.detected.shape == "A-no-duration"
    assert sets["weight_kg"][0] == pytest.approx(6.80388555)
    assert sets["workout_duration_s"][0] is None


def test_shape_c_semicolons_quoted_with_unit_headers_and_warm_up_words():
    data = csv_bytes(
        STRONG_C_HEADER,
        '"39";"2019-03-28 15:24:28";"Leg";"1267";"Romanian Deadlift (Barbell)";"WARM_UP";"40.0";"8";"";"";"";"";""',
        '"39";"2019-03-28 15:24:28";"Leg";"1267";"Romanian Deadlift (Barbell)";"1";"80.5";"8";"8";"";"";"";""',
        '"39";"2019-03-28 15:24:28";"Leg";"1267";"Romanian Deadlift (Barbell)";"FAILURE";"80.5";"5";"";"";"";"";""',
        '"39";"2019-03-28 15:24:28";"Leg";"1267";"Cycling";"1";"";"";"";"5000";"600";"";""',
    )
    export, sets = sets_of(data)
    assert export.detected.shape == "C"
    assert sets["set_kind"].to_list() == ["warmup", "working", "failure", "working"]
    assert sets["weight_kg"].to_list() == [40.0, 80.5, 80.5, None]
    assert sets["workout_duration_s"][0] == 1267
    assert sets["distance_m"][3] == 5000


def test_shape_c_in_pounds_and_miles():
    header = STRONG_C_HEADER.replace("Weight (kg)", "Weight (lbs)").replace(
        "Distance (meters)", "Distance (miles)"
    )
    data = csv_bytes(header, '"1";"2019-03-28 15:24:28";"Leg";"60";"Running";"1";"100";"1";"";"2";"";"";""')
    _, sets = sets_of(data)
    assert sets["weight_kg"][0] == pytest.approx(100 * KG_PER_LB)
    assert sets["distance_m"][0] == pytest.approx(2 * M_PER_MILE)


def test_shape_d_converts_row_by_row_from_mixed_units():
    data = csv_bytes(
        STRONG_D_HEADER,
        "2018-05-01 07:00:00;Pull;Deadlift (Barbell);1;100;kg;5;;;;;;",
        "2018-05-01 07:00:00;Pull;Deadlift (Barbell);2;225;lbs;5;;;;;;",
        "2018-05-01 07:00:00;Pull;Pull Up;1;;;8;;;;;;",
        "2018-05-01 07:00:00;Pull;Running;1;;;;;3;mi.;1200;;",
        "2018-05-01 07:00:00;Pull;Rowing (Machine);1;;;;;2;km;600;;",
    )
    export, sets = sets_of(data)
    assert export.detected.shape == "D"
    weights = sets["weight_kg"].to_list()
    assert weights[0] == 100
    assert weights[1] == pytest.approx(225 * KG_PER_LB)
    assert weights[2] is None
    assert sets["distance_m"].to_list()[3:] == [pytest.approx(3 * M_PER_MILE), pytest.approx(2000)]


def test_decimal_commas_in_semicolon_files():
    data = csv_bytes(STRONG_D_HEADER, "2018-05-01 07:00:00;Pull;Deadlift (Barbell);1;102,5;kg;5;7,5;;;;;")
    _, sets = sets_of(data)
    assert sets["weight_kg"][0] == 102.5
    assert sets["rpe"][0] == 7.5


def test_twelve_hour_times_with_narrow_no_break_space():
    data = csv_bytes(
        STRONG_B_HEADER,
        '2025-01-30 12:34:56\u202fpm,"B",35m,"Squat (Barbell)",1,100,5,0,0,',
        '2025-01-31 12:04:00\u202fam,"B",35m,"Squat (Barbell)",1,100,5,0,0,',
    )
    _, sets = sets_of(data)
    assert sets["workout_start"].to_list() == [datetime(2025, 1, 30, 12, 34, 56), datetime(2025, 1, 31, 0, 4)]


def test_rest_timer_and_blank_rows_are_skipped_and_counted():
    data = csv_bytes(
        STRONG_A_HEADER,
        '2024-03-04 18:02:11,"A",1h,"Squat (Barbell)",1,100,5,0,0,,,',
        '2024-03-04 18:02:11,"A",1h,"Squat (Barbell)",Rest Timer,0,0,0,120,,,',
        ",,,,,,,,,,,",
        '2024-03-04 18:02:11,"A",1h,"Squat (Barbell)",2,100,5,0,0,,,',
    )
    export, sets = sets_of(data)
    assert export.normalized.skipped == {"blank_line": 1, "rest_timer": 1}
    assert sets["set_pos"].to_list() == [0, 1]


def test_same_exercise_twice_in_a_workout_is_two_blocks():
    data = csv_bytes(
        STRONG_B_HEADER,
        '2024-03-04 18:02:11,"A",1h,"Squat (Barbell)",1,100,5,0,0,',
        '2024-03-04 18:02:11,"A",1h,"Leg Curl",1,40,10,0,0,',
        '2024-03-04 18:02:11,"A",1h,"Squat (Barbell)",1,100,5,0,0,',
    )
    _, sets = sets_of(data)
    assert sets["exercise_pos"].to_list() == [0, 1, 2]


def test_crlf_bom_and_windows_1252_text():
    body = STRONG_B_HEADER + '\r\n2024-03-04 18:02:11,"Beinübung",1h,"Squat (Barbell)",1,100,5,0,0,\r\n'
    for data in (b"\xef\xbb\xbf" + body.encode("utf-8"), body.encode("cp1252"), body.encode("utf-16")):
        export, sets = sets_of(data)
        assert sets["workout_name"].to_list() == ["Beinübung"]
        assert sets["exercise_name"].to_list() == ["Squat (Barbell)"]


def test_missing_required_column_is_named():
    data = csv_bytes("Date,Workout Name,Exercise Name,Set Order,Reps", '2024-03-04 18:02:11,"A","Squat",1,5')
    with pytest.raises(InputError, match="Weight"):
        parse_export(read_export(data, "t.csv"))
