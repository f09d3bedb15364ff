"""No input crashes the newer readers: each app's small export with bytes deleted, duplicated or altered
either loads or raises a LiftbalanceError naming the file (FitNotes, Fitbod, Liftosaur, StrongLifts,
Alpha Progression, JEFIT, and a CSV read through a column mapping)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.errors import LiftbalanceError
from etl.read.export_file import parse_export, read_export
from tests.filebuilders import csv_bytes
from tests.helpers.sample_exports import OTHER_APP_SAMPLES as SAMPLES
from tests.mutations import BYTE_OPS, HOSTILE_BYTES, mutate_bytes

FITNOTES = csv_bytes(
    "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time",
    "2025-04-29,Overhead Press (Each Side, Dumbbells),Shoulders,8.0,kgs,5,,,",
    "2025-04-29,Running,Cardio,,,,5.0,km,0:25:30",
)
CUSTOM = csv_bytes("When,Lift,Kg,Reps,U", "2024-03-04,Hip Thrust,100,10,kg", "04/03/2024,Squat,225,5,lb")
MAPPING = {"date": "When", "exercise": "Lift", "weight": "Kg", "reps": "Reps", "unit": "U"}
SEEDS = [*SAMPLES.values(), FITNOTES, CUSTOM]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[bytes, bool]:
    seed = draw(st.sampled_from(SEEDS))
    data = bytearray(seed)
    inserts = (*HOSTILE_BYTES, b"x", b"+", b"<br>", b"###", b" \xc2\xb7 ")
    for _ in range(draw(st.integers(1, 6))):
        mutate_bytes(draw, data, draw(st.sampled_from(BYTE_OPS)), inserts)
    return bytes(data), seed is CUSTOM


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_exports_of_every_newer_app_never_crash(case: tuple[bytes, bool]):
    data, mapped = case
    try:
        parse_export(read_export(data, "fuzz.csv", tz="UTC", unit="kg", columns=MAPPING if mapped else None))
    except LiftbalanceError as exc:
        assert str(exc).startswith("fuzz.csv")
