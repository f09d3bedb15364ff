"""The same training logged in Strong and in Hevy gives identical weekly numbers.

Two athletes, one store: ``ana`` logs a week in Strong (shape A, kg), ``bo`` logs the very same sets in
Hevy (lbs). Warm-ups are marked the way each app marks them (Strong ``W``, Hevy ``warmup``) and must
not count; everything else, sets and tonnage, must agree within rounding of the lb conversion.
"""

from __future__ import annotations

import polars as pl
import pytest

from etl.analysis.weekly import load_weekly
from etl.ingest import ingest
from tests.filebuilders import HEVY_LBS_HEADER, STRONG_A_HEADER, csv_bytes

LB = 0.45359237

STRONG = csv_bytes(
    STRONG_A_HEADER,
    '2024-03-04 18:00:00,"Legs",1h,"Hip Thrust (Barbell)",W,60,10,0,0,,,',
    *[f'2024-03-04 18:00:00,"Legs",1h,"Hip Thrust (Barbell)",{i},100,10,0,0,,,' for i in (1, 2, 3)],
    *[f'2024-03-04 18:00:00,"Legs",1h,"Romanian Deadlift (Barbell)",{i},80,8,0,0,,,' for i in (1, 2)],
    *[f'2024-03-04 18:00:00,"Legs",1h,"Seated Leg Curl (Machine)",{i},40,12,0,0,,,' for i in (1, 2)],
    '2024-03-07 07:00:00,"Nordics",20m,"Nordic Hamstring Curl",1,0,5,0,0,,,',
)
HEVY_W = '"Legs","4 Mar 2024, 18:00","4 Mar 2024, 19:00","",'
HEVY_N = '"Nordics","7 Mar 2024, 07:00","7 Mar 2024, 07:20","",'
HEVY = csv_bytes(
    HEVY_LBS_HEADER,
    HEVY_W + f'"Hip Thrust (Barbell)",,"",0,"warmup",{60 / LB:.2f},10,,,',
    *[HEVY_W + f'"Hip Thrust (Barbell)",,"",{i},"normal",{100 / LB:.2f},10,,,' for i in (1, 2, 3)],
    *[HEVY_W + f'"Romanian Deadlift (Barbell)",,"",{i},"normal",{80 / LB:.2f},8,,,' for i in (0, 1)],
    *[HEVY_W + f'"Seated Leg Curl (Machine)",,"",{i},"normal",{40 / LB:.2f},12,,,' for i in (0, 1)],
    HEVY_N + '"Nordic Hamstring Curl",,"",0,"normal",,5,,,',
)
SET_COLUMNS = [
    "workouts",
    "glute_max_sets",
    "glute_med_sets",
    "glute_sets",
    "hamstring_hip_sets",
    "hamstring_knee_sets",
    "hamstring_sets",
    "quad_sets",
    "eccentric_sets",
    "unmapped_sets",
    "glute_ham_ratio",
    "knee_flexion_share",
]
TONNAGE = ["glute_tonnage_kg", "hamstring_tonnage_kg", "quad_tonnage_kg"]


def test_strong_and_hevy_logs_of_the_same_training_give_identical_weekly_sets(con):
    ingest(con, STRONG, "strong.csv", athlete="ana", unit="kg", tz="UTC")
    ingest(con, HEVY, "hevy.csv", athlete="bo", tz="UTC")
    ana, bo = load_weekly(con, "ana"), load_weekly(con, "bo")
    assert ana.height == bo.height == 1
    assert ana.select(SET_COLUMNS).to_dicts() == bo.select(SET_COLUMNS).to_dicts()
    # Hand-computed: 3 hip thrusts (glute 1), 2 RDLs (hamstring hip 1, glute 0.5), 2 seated curls (knee 1),
    # 1 Nordic (knee 1, eccentric); the warm-up counts nowhere.
    row = ana.row(0, named=True)
    assert (
        row["glute_sets"],
        row["hamstring_hip_sets"],
        row["hamstring_knee_sets"],
        row["eccentric_sets"],
    ) == (
        4.0,
        2.0,
        3.0,
        1.0,
    )
    for column in TONNAGE:
        assert bo.get_column(column).item() == pytest.approx(ana.get_column(column).item(), rel=1e-3), column


def test_the_warm_up_is_stored_but_not_counted(con):
    ingest(con, HEVY, "hevy.csv", athlete="bo", tz="UTC")
    kinds = con.sql("SELECT set_kind, count(*) AS n FROM sets GROUP BY 1 ORDER BY 1").pl()
    assert kinds.to_dicts() == [{"set_kind": "warmup", "n": 1}, {"set_kind": "working", "n": 8}]
    assert load_weekly(con, "bo").select(pl.col("glute_tonnage_kg")).item() == pytest.approx(
        3 * 100 * 10 + 2 * 80 * 8 * 0.5, rel=1e-3
    )
