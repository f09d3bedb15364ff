"""ISO 8601 / RFC 3339 stamps in every form the apps write, as wall-clock time of the zone asked for.

Liftosaur writes ``2026-03-01T10:00:00.000Z`` and, for workouts edited in the app,
``2026-03-07 09:01:00 +00:00`` in one file (formats.md); Fitbod writes ``+0000``.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest

from etl.read import parse
from etl.read.export_file import parse_export, read_export
from tests.filebuilders import csv_bytes
from tests.helpers.sample_exports import LIFTOSAUR


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("2026-03-01T10:00:00.000Z", datetime(2026, 3, 1, 11, 0)),
        ("2026-03-09T10:47:00Z", datetime(2026, 3, 9, 11, 47)),
        ("2026-03-07 09:01:00 +00:00", datetime(2026, 3, 7, 10, 1)),
        ("2024-03-04 18:02:11 +0000", datetime(2024, 3, 4, 19, 2, 11)),
        ("2024-07-01T06:00:00+02:00", datetime(2024, 7, 1, 6, 0)),  # Berlin summer time is +02:00
        ("2024-07-01T06:00:00-0430", datetime(2024, 7, 1, 12, 30)),
        ("2024-07-01T06:00+05", datetime(2024, 7, 1, 3, 0)),
        ("2024-07-01t06:00:00.123456z", datetime(2024, 7, 1, 8, 0, 0, 123456)),
        ("2024-07-01 6:00:00Z", datetime(2024, 7, 1, 8, 0)),
        # Without an offset a stamp is already local time.
        ("2024-07-01 06:00:00", datetime(2024, 7, 1, 6, 0)),
        ("2024-07-01T06:00", datetime(2024, 7, 1, 6, 0)),
        # Not a time: null, so the reader reports the value with its line.
        ("2024-13-01T06:00:00Z", None),
        ("2024-07-01T06:00:00+2", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_any_iso_form_becomes_the_zones_wall_clock_time(stamp: str, expected: datetime | None):
    out = pl.DataFrame({"s": [stamp]}).select(parse.wall_clock(pl.col("s"), "Europe/Berlin")).item()
    assert out == expected


def test_liftosaur_file_mixing_both_stamp_forms():
    tail = "0,5,5,0,,,0,100,kg,100,kg,0,,,,"
    data = csv_bytes(
        LIFTOSAUR,
        f"2026-03-01T10:00:00.000Z,P,Day 1,Squat,{tail}",
        f"2026-03-07 09:01:00 +00:00,P,Day 2,Squat,{tail}",
        f"2026-03-09T10:47:00Z,P,Day 3,Squat,{tail}",
    )
    export = parse_export(read_export(data, "liftosaur.csv", tz="America/New_York"))
    assert export.normalized.bad_rows == []
    assert export.normalized.sets.sort("source_line")["workout_start"].to_list() == [
        datetime(2026, 3, 1, 5, 0),
        datetime(2026, 3, 7, 4, 1),
        datetime(2026, 3, 9, 6, 47),
    ]  # EDT from 8 March
