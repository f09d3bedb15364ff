"""Alpha Progression's comma variant with exact expectations, written byte for byte in the real file's shape
(incoming/alpha_commalbs_ayushkaushik.csv: BOM, blank first line, folder lines, U+00A0 before ``pm`` and
``min``, ``#,LBS,REPS`` tables, superset labels)."""

from __future__ import annotations

from datetime import datetime

import pytest

from etl.errors import InputError
from etl.read.export_file import parse_export, read_export
from etl.read.parse import KG_PER_LB
from tests.helpers.sample_exports import ALPHA_COMMA as FILE


def test_blocks_folders_12_hour_times_units_and_supersets():
    export = parse_export(read_export(FILE, "alpha.csv", tz="UTC"))
    assert (export.detected.app, export.detected.shape) == ("alpha", "comma")
    assert export.normalized.bad_rows == []
    rows = export.normalized.sets.sort("source_line").to_dicts()
    assert [r["exercise_name"] for r in rows] == ["Twist Curls with Rope Cable"] * 2 + [
        "Drag Curls Barbell",
        "Squats Barbell",
    ]
    assert [r["weight_kg"] for r in rows] == [
        pytest.approx(27.5 * KG_PER_LB),
        pytest.approx(32.5 * KG_PER_LB),
        pytest.approx(30 * KG_PER_LB),
        100,
    ]
    assert [r["reps"] for r in rows] == [20, 20, 20, 5]
    assert [r["notes"] for r in rows] == ["superset 1", "superset 1", None, None]
    assert [r["workout_start"] for r in rows] == [datetime(2023, 3, 24, 19, 26)] * 3 + [
        datetime(2023, 3, 26, 9, 5)
    ]
    assert [r["workout_duration_s"] for r in rows] == [51 * 60] * 3 + [70 * 60]
    assert rows[0]["workout_name"] == "Arms · Day 3 · Week 1 · Plan_002"
    assert rows[-1]["workout_name"] == "Legs · Day 1 · Week 2 · Plan_002"
    assert [r["source_line"] for r in rows] == [9, 10, 14, 26]


def test_a_line_of_no_known_kind_is_located():
    broken = FILE.replace(b'"2. Drag', b'"x","y","z"\n"2. Drag')  # the new line is line 11
    with pytest.raises(InputError, match="neither a folder, session, exercise") as err:
        parse_export(read_export(broken, "alpha.csv", tz="UTC"))
    assert err.value.line == 11
