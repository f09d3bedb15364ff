"""No input crashes a reader: arbitrary bytes, and real exports with bytes deleted, duplicated or altered,
either load or raise a LiftbalanceError with a message; and a rejected file never writes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.errors import LiftbalanceError
from etl.ingest import ingest
from etl.read.export_file import parse_export, read_export
from etl.store import database as store
from tests.filebuilders import HEVY_KG_HEADER, STRONG_A_HEADER, STRONG_C_HEADER, csv_bytes
from tests.mutations import BYTE_OPS, mutate_bytes

SEEDS = [
    csv_bytes(
        STRONG_A_HEADER,
        '2024-03-04 18:02:11,"Legs, Glutes",1h 6m,"Hip Thrust (Barbell)",1,100,10,0,0,"a\nb",,8',
        '2024-03-04 18:02:11,"Legs, Glutes",1h 6m,"Hip Thrust (Barbell)",W,60,10,0,0,,,',
    ),
    csv_bytes(
        STRONG_C_HEADER,
        '"39";"2019-03-28 15:24:28";"Leg";"1267";"Squat (Barbell)";"1";"40.0";"8";"";"";"";"";""',
    ),
    csv_bytes(
        HEVY_KG_HEADER,
        '"A","8 Apr 2026, 16:50","8 Apr 2026, 17:43","","Squat (Barbell)",,"",0,"normal",100,5,,,',
    ),
]


def _must_not_crash(data: bytes) -> None:
    try:
        parse_export(read_export(data, "fuzz.csv", tz="UTC"))
    except LiftbalanceError as exc:
        assert str(exc).startswith("fuzz.csv")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(data: bytes):
    _must_not_crash(data)


@st.composite
def mutated_export(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        mutate_bytes(draw, data, draw(st.sampled_from(BYTE_OPS)))
    return bytes(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_export())
def test_mutated_exports_never_crash(data: bytes):
    _must_not_crash(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_export())
def test_mutated_exports_are_all_or_nothing(data: bytes):
    con = store.connect(":memory:")
    try:
        ingest(con, SEEDS[0], "base.csv", tz="UTC")
        before = con.execute("SELECT * FROM sets ORDER BY ALL").fetchall()
        try:
            ingest(con, data, "fuzz.csv", tz="UTC")
        except LiftbalanceError:
            assert con.execute("SELECT * FROM sets ORDER BY ALL").fetchall() == before
    finally:
        con.close()
