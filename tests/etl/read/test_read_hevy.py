"""Hevy's export: metric and imperial, quoted and unquoted headers, app languages, set types."""

from __future__ import annotations

from datetime import datetime

import pytest

from etl.read.export_file import parse_export, read_export
from etl.read.parse import KG_PER_LB, M_PER_MILE
from tests.filebuilders import HEVY_KG_HEADER, HEVY_LBS_HEADER, csv_bytes


def sets_of(data: bytes):
    export = parse_export(read_export(data, "hevy.csv", tz="UTC"))
    assert export.normalized.bad_rows == []
    return export, export.normalized.sets


W1 = '"Lower A","8 Apr 2026, 16:50","8 Apr 2026, 17:43","melhorando, cada vez"'
W0 = '"Upper","1 Apr 2026, 07:05","1 Apr 2026, 08:00",""'


def test_metric_rows_kinds_positions_and_newest_first_order():
    data = csv_bytes(
        HEVY_KG_HEADER,
        W1 + ',"Romanian Deadlift (Barbell)",,"",0,"warmup",40,10,,,',
        W1 + ',"Romanian Deadlift (Barbell)",,"",1,"normal",80,8,,,8.5',
        W1 + ',"Romanian Deadlift (Barbell)",,"",2,"dropset",60,10,,,',
        W1 + ',"Romanian Deadlift (Barbell)",,"",0,"failure",80,6,,,',
        W1 + ',"Nordic Hamstring Curl",,"slow down",0,"normal",,5,,,',
        W0 + ',"Pull Up (Assisted)",,"",0,"normal",20,8,,,',
        W0 + ',"Running",,"",0,"normal",,,3.2,1200,',
    )
    export, sets = sets_of(data)
    assert export.detected.label == "hevy (kg)"
    rows = sets.to_dicts()
    assert [r["set_kind"] for r in rows] == [
        "warmup",
        "working",
        "drop",
        "failure",
        "working",
        "working",
        "working",
    ]
    # set_index restarting at 0 opens a new block even under the same name.
    assert [(r["exercise_pos"], r["set_pos"]) for r in rows] == [
        (0, 0),
        (0, 1),
        (0, 2),
        (1, 0),
        (2, 0),
        (0, 0),
        (1, 0),
    ]
    assert rows[0]["workout_start"] == datetime(2026, 4, 8, 16, 50)
    assert rows[0]["workout_duration_s"] == 53 * 60
    assert rows[0]["workout_notes"] == "melhorando, cada vez"
    assert rows[1]["rpe"] == 8.5
    assert rows[4]["weight_kg"] is None and rows[4]["notes"] == "slow down"
    assert rows[5]["weight_kg"] == 20  # assistance kept as logged
    assert rows[6]["distance_m"] == pytest.approx(3200) and rows[6]["duration_s"] == 1200
    assert export.normalized.sets["workout_key"].n_unique() == 2


def test_imperial_account_converts_pounds_and_miles():
    data = csv_bytes(
        HEVY_LBS_HEADER,
        W1 + ',"Hip Thrust (Barbell)",,"",0,"normal",225,8,,,',
        W1 + ',"Running",,"",0,"normal",,,2,900,',
    )
    export, sets = sets_of(data)
    assert export.detected.label == "hevy (lbs)"
    assert sets["weight_kg"][0] == pytest.approx(225 * KG_PER_LB)
    assert sets["distance_m"][1] == pytest.approx(2 * M_PER_MILE)


def test_unquoted_header_is_the_same_format():
    data = csv_bytes(HEVY_KG_HEADER.replace('"', ""), W1 + ',"Squat (Barbell)",,"",0,"normal",100,5,,,')
    export, sets = sets_of(data)
    assert export.detected.app == "hevy"
    assert sets["weight_kg"].to_list() == [100]


@pytest.mark.parametrize(
    "stamp",
    [
        "8 avr. 2026, 16:50",
        "8. Apr. 2026, 16:50",
        "8 abr 2026, 16:50",
        "8 abr. 2026, 16:50",
        "8 apr 2026, 16:50",
        "8 de abr. de 2026, 16:50",
        "8 Apr 2026, 4:50 PM",
    ],
)
def test_month_names_in_other_app_languages(stamp: str):
    data = csv_bytes(HEVY_KG_HEADER, f'"A","{stamp}","","","Squat (Barbell)",,"",0,"normal",100,5,,,')
    _, sets = sets_of(data)
    assert sets["workout_start"].to_list() == [datetime(2026, 4, 8, 16, 50)]


def test_unknown_set_type_and_bad_date_are_bad_rows_with_lines():
    data = csv_bytes(
        HEVY_KG_HEADER,
        W1 + ',"Squat (Barbell)",,"",0,"normal",100,5,,,',
        W1 + ',"Squat (Barbell)",,"",1,"superset-ish",100,5,,,',
        '"A","32 Foo 2026, 16:50","","","Squat (Barbell)",,"",0,"normal",100,five,,,',
    )
    bad = parse_export(read_export(data, "hevy.csv")).normalized.bad_rows
    assert [(b.line, b.column, b.value) for b in bad] == [
        (3, "set_type", "superset-ish"),
        (4, "start_time", "32 Foo 2026, 16:50"),
        (4, "reps", "five"),
    ]
