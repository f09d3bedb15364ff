"""Mutated REAL exports (the corpus) and hand-written ones, fed to ``ingest`` over a database that already
holds data: bytes and fields deleted, duplicated or altered. Never an unhandled exception; a rejected file
leaves every set as it was; an accepted one changes the set count by exactly what its report says."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.errors import LiftbalanceError
from etl.ingest import ingest
from etl.store import database as store
from tests.filebuilders import HEVY_KG_HEADER, STRONG_A_HEADER, csv_bytes
from tests.helpers.corpus import CORPUS
from tests.mutations import mutate_bytes

SLICE_LINES = 40  # the header and the first rows of each real export: enough shape, fast to import


def corpus_seeds() -> list[tuple[str, bytes]]:
    if not CORPUS.is_dir():
        return []
    seeds = []
    for path in sorted(CORPUS.glob("*.csv")):
        lines = path.read_bytes().splitlines(keepends=True)[:SLICE_LINES]
        seeds.append((path.name, b"".join(lines)))
    return seeds


HAND_WRITTEN = [
    (
        "strong.csv",
        csv_bytes(
            STRONG_A_HEADER,
            *[
                f'2024-03-04 18:02:11,"Legs",1h,"Hip Thrust (Barbell)",{i},100,10,0,0,"",,8'
                for i in (1, 2, 3)
            ],
        ),
    ),
    (
        "hevy.csv",
        csv_bytes(
            HEVY_KG_HEADER,
            *[
                f'"A","8 Apr 2026, 16:50","8 Apr 2026, 17:43","","Romanian Deadlift (Barbell)",,"",{i},"normal",80,8,,,'
                for i in (0, 1, 2)
            ],
        ),
    ),
]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[tuple[str, bytes]]) -> tuple[str, bytes, bytes]:
    name, original = draw(st.sampled_from(seeds))
    data = bytearray(original)
    lines = bytes(data).split(b"\n")
    for _ in range(draw(st.integers(1, 5))):
        op = draw(st.sampled_from(["delete", "duplicate", "alter", "field", "line_dup", "line_del"]))
        if op in ("delete", "duplicate", "alter"):
            mutate_bytes(draw, data, op, max_span=30)
        elif op == "field":  # replace one field of one line with a hostile value
            lines = bytes(data).split(b"\n")
            k = draw(st.integers(0, len(lines) - 1))
            fields = lines[k].split(b",")
            f = draw(st.integers(0, len(fields) - 1))
            fields[f] = draw(
                st.sampled_from(
                    [
                        b"",
                        b'"',
                        b"-1",
                        b"1e400",
                        b"NaN",
                        b"99999999",
                        b"2024-13-45",
                        b"=cmd|' /C calc'!A0",
                        b"<script>x</script>",
                        b"\xff\xfe",
                        b"\x00",
                    ]
                )
            )
            lines[k] = b",".join(fields)
            data = bytearray(b"\n".join(lines))
        elif op in ("line_dup", "line_del"):
            lines = bytes(data).split(b"\n")
            k = draw(st.integers(1 if len(lines) > 1 else 0, len(lines) - 1))
            if op == "line_dup":
                lines.insert(k, lines[k])
            else:
                del lines[k]
            data = bytearray(b"\n".join(lines))
    return name, original, bytes(data)


def _check(name: str, original: bytes, data: bytes) -> None:
    con = store.connect(":memory:")
    try:
        with suppress(LiftbalanceError):  # a seed slice a reader cannot take alone: the mutation still runs
            ingest(con, original, name, tz="UTC", unit="kg")
        ingest(con, HAND_WRITTEN[0][1], "prior.csv", athlete="prior", tz="UTC")
        before = con.execute("SELECT * FROM sets ORDER BY ALL").fetchall()
        uploads = con.execute("SELECT count(*) FROM uploads").fetchone()
        try:
            report = ingest(con, data, "mutated-" + name, tz="UTC", unit="kg")
        except LiftbalanceError as exc:
            assert str(exc).startswith("mutated-" + name)
            assert con.execute("SELECT * FROM sets ORDER BY ALL").fetchall() == before
            assert con.execute("SELECT count(*) FROM uploads").fetchone() == uploads
            return
        after = con.execute("SELECT count(*) FROM sets").fetchone()
        assert after == (len(before) + report.sets_added - report.sets_removed,)
        assert con.execute("SELECT count(*) FROM sets WHERE athlete = 'prior'").fetchone() == (3,)
    finally:
        con.close()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(mutated(HAND_WRITTEN))
def test_mutated_hand_written_exports_are_all_or_nothing(case: tuple[str, bytes, bytes]):
    _check(*case)


@pytest.mark.corpus
def test_mutated_corpus_exports_are_all_or_nothing(corpus: Path):
    seeds = corpus_seeds()
    assert seeds

    @settings(
        max_examples=80,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(mutated(seeds))
    def run(case: tuple[str, bytes, bytes]) -> None:
        _check(*case)

    run()
