"""No input crashes the readers added for issue 18: Lyfta, GymBook, Alpha Progression's comma variant, the
StrongLifts spreadsheet, and Hevy in a CLDR language. Each small export, with bytes deleted, duplicated or
altered, either loads or raises a LiftbalanceError naming the file."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.errors import LiftbalanceError
from etl.read.export_file import parse_export, read_export
from tests.filebuilders import HEVY_KG_HEADER, csv_bytes
from tests.helpers.sample_exports import ALPHA_COMMA, GYMBOOK, LYFTA, STRONGLIFTS_SHEET
from tests.mutations import BYTE_OPS, HOSTILE_BYTES, mutate_bytes

HEVY_TURKISH = csv_bytes(
    HEVY_KG_HEADER,
    '"A","11 Nis 2026, 18:30","11 Nis 2026, 19:30","","Squat",,"",0,"normal",100,5,,,',
    '"A","2 Şub 2026, 07:05","","","Squat",,"",0,"warmup",60,5,,,',
)
SEEDS = [
    LYFTA,
    GYMBOOK,
    ALPHA_COMMA,
    STRONGLIFTS_SHEET,
    HEVY_TURKISH,
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    inserts = (*HOSTILE_BYTES, b"x", b"/", b" / ", b"13", b"\xc2\xa0", b"Set 9", b"Exercise 7", b"#,LBS,REPS")
    for _ in range(draw(st.integers(1, 6))):
        mutate_bytes(draw, data, draw(st.sampled_from(BYTE_OPS)), inserts)
    return bytes(data)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_exports_of_the_new_readers_never_crash(data: bytes):
    try:
        parse_export(read_export(data, "fuzz.csv", tz="UTC"))
    except LiftbalanceError as exc:
        assert str(exc).startswith("fuzz.csv")
