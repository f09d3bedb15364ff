"""Fitbod, Liftosaur, StrongLifts, Alpha Progression and JEFIT, each with a small file and exact expectations.

No real export of these apps is in ../shared/corpus, so every fixture here is hand-written from the
documented header or structure (/work/shared/domain/formats.md), cross-checked against the headers
that public converters for these apps test with: Fitbod's 11 columns and ``+0000`` stamps, Liftosaur's
20-column history CSV with ISO UTC stamps, StrongLifts' ``Set N (Reps), Set N (KG)`` pairs (with the
space after each comma the app writes), Alpha Progression's session / exercise / ``#;KG;REPS;RIR``
blocks, and JEFIT's ``### SECTION ###`` tables joined by ``belongsession``.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from etl.errors import InputError
from etl.ingest import ingest, inspect_export
from etl.read.export_file import parse_export, read_export
from etl.read.parse import KG_PER_LB
from etl.read.readers.base import Sample
from etl.read.readers.registry import READERS
from tests.filebuilders import csv_bytes
from tests.helpers.sample_exports import (
    ALPHA,
    ALPHA_SESSION,
    FITBOD,
    JEFIT,
    JEFIT_LOGS,
    JEFIT_SESSIONS,
    L_START,
    LIFTOSAUR,
    SL_A,
    SL_END_A,
    STRONGLIFTS,
    alpha_bytes,
)
from tests.helpers.sample_exports import OTHER_APP_SAMPLES as SAMPLES


def sets_of(data: bytes, tz: str = "Europe/Berlin", **kw):
    export = parse_export(read_export(data, "t.csv", tz=tz, **kw))
    assert export.normalized.bad_rows == []
    return export, export.normalized.sets.sort("workout_start", "exercise_pos", "set_pos")


def bad_of(data: bytes) -> list[tuple[int | None, str | None, str | None]]:
    return [
        (b.line, b.column, b.value)
        for b in parse_export(read_export(data, "t.csv", tz="UTC")).normalized.bad_rows
    ]


# --- Fitbod -------------------------------------------------------------------------------------------------


def test_fitbod_rows_sharing_a_stamp_are_one_workout_in_local_time_with_warmups():
    data = csv_bytes(
        FITBOD,
        "2024-03-04 18:02:11 +0000,Barbell Hip Thrust,10,60.0,0,0,0,0,true,,1.0",
        "2024-03-04 18:02:11 +0000,Barbell Hip Thrust, 8,100.0,0,0,0,0,false,felt good,1.0",
        "2024-03-04 18:02:11 +0000,Dumbbell Romanian Deadlift,10,22.5,0,0,0,0,false,,2.0",
        "2024-03-04 18:02:11 +0000,Running,0,0.0,1200,3000,0,0,false,,1.0",
        "2024-07-01 06:00:00 +0000,Back Squat,5,100.0,0,0,0,0,False,,1.0",
    )
    export, sets = sets_of(data)
    assert export.detected.label == "fitbod (kg)"
    rows = sets.to_dicts()
    # +0000 becomes Berlin wall-clock time: UTC+1 in March, UTC+2 (summer time) in July.
    assert [r["workout_start"] for r in rows] == [datetime(2024, 3, 4, 19, 2, 11)] * 4 + [
        datetime(2024, 7, 1, 8, 0)
    ]
    assert [r["set_kind"] for r in rows] == ["warmup", "working", "working", "working", "working"]
    assert [(r["exercise_pos"], r["set_pos"]) for r in rows] == [(0, 0), (0, 1), (1, 0), (2, 0), (0, 0)]
    assert rows[1]["reps"] == 8 and rows[1]["notes"] == "felt good"
    assert rows[2]["weight_kg"] == 22.5  # per dumbbell, as logged: the multiplier is not applied
    assert (rows[3]["weight_kg"], rows[3]["distance_m"], rows[3]["duration_s"]) == (None, 3000, 1200)
    assert rows[0]["tz"] == "Europe/Berlin"


def test_fitbod_pounds_header_and_bad_values():
    _, sets = sets_of(
        csv_bytes(
            FITBOD.replace("Weight(kg)", "Weight(lbs)"),
            "2024-03-04 18:02:11 +0000,Squat,5,225,0,0,0,0,false,,1",
        )
    )
    assert sets["weight_kg"].to_list() == [pytest.approx(225 * KG_PER_LB)]
    data = csv_bytes(
        FITBOD,
        "yesterday,Squat,5,100,0,0,0,0,false,,1",
        "2024-03-04 18:02:11 +0000,Squat,5,100,0,0,0,0,maybe,,1",
    )
    assert bad_of(data) == [(2, "Date", "yesterday"), (3, "isWarmup", "maybe")]


# --- Liftosaur ----------------------------------------------------------------------------------------------


def test_liftosaur_completed_side_with_units_warmups_rpe_and_skipped_plans():
    data = csv_bytes(
        LIFTOSAUR,
        f'{L_START},"Hip Thrust, Barbell",1,10,10,0,,,0,40,kg,40,kg,0,2026-03-01T10:03:00.000Z,Glutes,"Hamstrings, Adductors",',
        f'{L_START},"Hip Thrust, Barbell",0,8,8,0,8,8.5,1,100,kg,100,kg,0,2026-03-01T10:10:00.000Z,Glutes,Hamstrings,solid',
        f'{L_START},"Squat, Barbell",0,5,,0,,,0,225,lb,225,lb,0,,Quads,Glutes,',
        f'{L_START},"Squat, Barbell",0,5,5,0,,,0,225,lb,225,lb,0,2026-03-01T10:45:00.000Z,Quads,Glutes,',
    )
    export, sets = sets_of(data)
    assert export.detected.label == "liftosaur (history)"
    assert export.normalized.skipped == {"not_completed": 1}
    rows = sets.to_dicts()
    assert [r["workout_start"] for r in rows] == [datetime(2026, 3, 1, 11, 0)] * 3
    assert [r["exercise_name"] for r in rows] == [
        "Hip Thrust, Barbell",
        "Hip Thrust, Barbell",
        "Squat, Barbell",
    ]
    assert [r["set_kind"] for r in rows] == ["warmup", "working", "working"]
    assert [r["weight_kg"] for r in rows] == [40, 100, pytest.approx(225 * KG_PER_LB)]
    assert [r["rpe"] for r in rows] == [None, 8.5, None]
    # Liftosaur's own muscle tags are kept as metadata in the notes (credit comes from liftbalance's taxonomy).
    assert [r["notes"] for r in rows] == [
        "target: Glutes · synergists: Hamstrings, Adductors",
        "solid · target: Glutes · synergists: Hamstrings",
        "target: Quads · synergists: Glutes",
    ]
    assert rows[0]["workout_name"] == "Day 1"
    assert rows[0]["workout_duration_s"] == 45 * 60  # start to the last completed set
    assert [r["source_line"] for r in rows] == [2, 3, 5]


def test_liftosaur_bad_values():
    data = csv_bytes(
        LIFTOSAUR,
        f"{L_START},Squat,0,5,five,0,,,0,100,kg,100,kg,0,,,,",
        f"{L_START},Squat,0,5,5,0,,,0,100,kg,100,stone,0,,,,",
    )
    assert bad_of(data) == [(2, "Completed Reps", "five"), (3, "Completed Weight Unit", "stone")]


# --- StrongLifts --------------------------------------------------------------------------------------------


def test_stronglifts_wide_rows_unpack_to_one_set_per_pair_with_bom():
    data = b"\xef\xbb\xbf" + csv_bytes(
        STRONGLIFTS,
        f'{SL_A},"Squat","3x5","","5x20","24.7","15","300","500",{SL_END_A},"5","20","5","20","5","20"',
        f'{SL_A},"Deadlift","1x5","","5x40","","5","200","500",{SL_END_A},"5","40","","","",""',
        '"2015/05/27","2","Workout B","","87","Bench Press","3x5","","","","","","","1","7:05 AM","","","5","30","0","30","4","30"',
        '"2015/05/27","2","Workout B","","87","Chin-up","","","","","","","","1","7:05 AM","","","","","","","",""',
    )
    export, sets = sets_of(data)
    assert export.detected.label == "stronglifts (kg)"
    assert export.normalized.skipped == {"no_sets": 1, "unperformed_set": 1}
    rows = sets.to_dicts()
    assert [(r["exercise_name"], r["set_pos"], r["weight_kg"], r["reps"]) for r in rows] == [
        ("Squat", 0, 20, 5),
        ("Squat", 1, 20, 5),
        ("Squat", 2, 20, 5),
        ("Deadlift", 0, 40, 5),
        ("Bench Press", 0, 30, 5),
        ("Bench Press", 1, 30, 4),
    ]
    assert rows[0]["workout_start"] == datetime(2015, 5, 25, 19, 37)
    assert rows[4]["workout_start"] == datetime(2015, 5, 27, 7, 5)
    assert (rows[0]["workout_name"], rows[0]["workout_duration_s"], rows[0]["workout_notes"]) == (
        "Workout A",
        1800,
        "Second week",
    )
    assert [r["source_line"] for r in rows] == [2, 2, 2, 3, 4, 4]


def test_stronglifts_pounds_and_bad_values():
    header = STRONGLIFTS.replace("(KG)", "(LB)")
    _, sets = sets_of(
        csv_bytes(header, f'{SL_A},"Squat","","","","","","","",{SL_END_A},"5","135","","","",""')
    )
    assert sets["weight_kg"].to_list() == [pytest.approx(135 * KG_PER_LB)]
    data = csv_bytes(STRONGLIFTS, f'{SL_A},"Squat","","","","","","","",{SL_END_A},"5","20","x","20","",""')
    assert bad_of(data) == [(2, "Set 2 (Reps)", "x")]


# --- Alpha Progression --------------------------------------------------------------------------------------


def test_alpha_blocks_become_sets_with_warmups_decimal_commas_bodyweight_plus_and_rpe_from_rir():
    export, sets = sets_of(ALPHA)
    assert export.detected.label == "alpha (sessions)"
    rows = sets.to_dicts()
    assert [
        (r["exercise_name"], r["set_kind"], r["weight_kg"], r["reps"], r["rpe"], r["notes"]) for r in rows
    ] == [
        ("Hack Squats (Machine)", "warmup", 37.5, 9, None, None),
        ("Hack Squats (Machine)", "warmup", 72.5, 7, None, None),
        ("Hack Squats (Machine)", "working", 115, 8, 9, None),
        ("Hack Squats (Machine)", "working", 102.5, 6, 10, None),
        ("Dips (Bodyweight)", "working", 35, 10, 10, "bodyweight + 35 kg"),
        ("Dips (Bodyweight)", "working", None, 12, 9.5, "bodyweight"),
        ("Pull-ups (Bodyweight)", "working", 10, 8, 8, "bodyweight + 10 kg"),
    ]
    assert [r["source_line"] for r in rows] == [2, 2, 4, 5, 8, 9, 14]
    assert [(r["exercise_pos"], r["set_pos"]) for r in rows] == [
        (0, 0),
        (0, 1),
        (0, 2),
        (0, 3),
        (1, 0),
        (1, 1),
        (0, 0),
    ]
    assert rows[0]["workout_start"] == datetime(2026, 2, 19, 4, 54)
    assert rows[0]["workout_name"] == "Legs · Day 2 · Week 4 · Push-Pull-Legs"
    assert rows[0]["workout_duration_s"] == 62 * 60  # 1:02 hr is H:MM
    assert rows[6]["workout_duration_s"] == 48 * 60 + 30  # 48:30 min is MM:SS


def test_alpha_pounds_bad_values_and_structure_errors():
    _, sets = sets_of(
        alpha_bytes(ALPHA_SESSION, '"1. Squat · Barbell · 5 reps"', "#;LBS;REPS;RIR", "1;225;5;2")
    )
    assert sets["weight_kg"].to_list() == [pytest.approx(225 * KG_PER_LB)]
    data = alpha_bytes(
        ALPHA_SESSION,
        '"1. Squat · Barbell · 5 reps";"WU1 · heavy · 5 reps"',
        "#;KG;REPS;RIR",
        "1;abc;5;2",
        "2;100;;1",
    )
    assert bad_of(data) == [(2, "Warmups", "WU1 · heavy · 5 reps"), (4, "Weight", "abc"), (5, "Reps", "")]
    with pytest.raises(InputError, match=r"line 2: a set line comes before any exercise line"):
        parse_export(read_export(alpha_bytes(ALPHA_SESSION, "1;100;5;2"), "t.csv", tz="UTC"))
    with pytest.raises(InputError, match=r"line 3: this line is neither"):
        parse_export(
            read_export(
                alpha_bytes(ALPHA_SESSION, '"1. Squat · Barbell · 5 reps"', "Total volume;1000"),
                "t.csv",
                tz="UTC",
            )
        )


# --- JEFIT --------------------------------------------------------------------------------------------------


def test_jefit_sections_join_sessions_and_unpack_packed_sets():
    export, sets = sets_of(JEFIT)
    assert export.detected.label == "jefit (sections)"
    assert export.normalized.skipped == {"no_sets": 1}
    rows = sets.to_dicts()
    assert [
        (r["exercise_name"], r["weight_kg"], r["reps"], r["exercise_pos"], r["set_pos"]) for r in rows
    ] == [
        ("Barbell Hip Thrust", 60, 10, 0, 0),
        ("Barbell Hip Thrust", 100, 8, 0, 1),
        ("Barbell Hip Thrust", 100, 8, 0, 2),
        ("Pull Up", None, 10, 1, 0),
        ("Pull Up", None, 8, 1, 1),
        ("Barbell Squat", 100, 5, 0, 0),
        ("Barbell Squat", 90, 5, 0, 0),
    ]
    # Unix 1705305000 = 2024-01-15 07:50 UTC = 08:50 in Berlin; starttimie (the misspelt column) is read too;
    # a log whose session is missing falls back to its mydate at 00:00.
    assert [r["workout_start"] for r in rows] == [datetime(2024, 1, 15, 8, 50)] * 5 + [
        datetime(2024, 1, 17, 9, 26, 40),
        datetime(2024, 1, 20),
    ]
    assert [r["workout_duration_s"] for r in rows] == [3600] * 5 + [None, None]
    assert [r["source_line"] for r in rows] == [9, 9, 9, 10, 10, 11, 13]


def test_jefit_unit_is_the_lifters_to_give():
    assert inspect_export(JEFIT, "t.csv").needs_unit is True
    _, sets = sets_of(JEFIT, unit="lb")
    assert sets["weight_kg"].to_list()[0] == pytest.approx(60 * KG_PER_LB)
    pounds = (
        f"{JEFIT_LOGS}\n"
        + "\n".join(f'{i},1,2024-01-15,5,"Bench Press","135x5,185x5,225x3"' for i in range(3))
    ).encode()
    export, _ = sets_of(pounds)
    assert export.unit_guess == "lb"
    assert any("--unit lb" in w for w in export.parsed.warnings)


def test_jefit_bad_packed_sets_and_missing_section():
    data = f'{JEFIT_LOGS}\n1,1,2024-01-15,5,"Squat","100x5,heavy"\n'.encode()
    assert bad_of(data) == [(3, "logs", "100x5,heavy")]
    with pytest.raises(InputError, match="no '### EXERCISE LOGS ###' section"):
        parse_export(
            read_export(f"{JEFIT_SESSIONS}\n1,2024-01-15,1705305000,,3600\n".encode(), "t.csv", tz="UTC")
        )


# --- all of them --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("app", sorted(SAMPLES))
def test_each_format_is_claimed_by_its_reader_only_and_loads_into_the_store(con, app: str):
    from etl.read.csvfile import sniff_header

    header, delimiter = sniff_header(SAMPLES[app], "t.csv")
    sample = Sample.of(SAMPLES[app], header, delimiter)
    assert [reader.app for reader in READERS if reader.detect(sample) is not None] == [app]
    first = ingest(con, SAMPLES[app], f"{app}.csv", tz="UTC", unit="kg")
    assert first.quarantined == [] and first.sets_added > 0
    again = ingest(con, SAMPLES[app], f"{app}.csv", tz="UTC", unit="kg")
    assert (again.sets_added, again.sets_unchanged) == (0, first.sets_added)
    assert con.execute("SELECT DISTINCT source FROM sets").fetchall() == [(app,)]


def test_format_flag_names_the_expected_header():
    with pytest.raises(
        InputError, match=r"this is not a fitbod export: its header is \(a, b\); expected 'Date,Exercise"
    ):
        parse_export(read_export(b"a,b\n1,2\n", "t.csv", fmt="fitbod"))
