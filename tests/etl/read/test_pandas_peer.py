"""The bench's pandas peer parses what liftbalance parses: the same sets from the same synthetic exports.

``make bench`` reports ingest against this peer; the ratio means something only if both produce the
same sets. The peer is bench code, so this test skips where pandas (the ``bench`` extra) is absent.
"""

from __future__ import annotations

import math

import pytest

from etl.ingest import ingest
from sample_logs.synthetic import synthetic_export

pd = pytest.importorskip("pandas")
from bench.pandas_peer import COLUMNS, MINIMAL, pandas_frame  # noqa: E402  (needs pandas)

KEY = ["workout_start", "exercise_pos", "set_pos"]


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b)
    return a == b


@pytest.mark.parametrize("fmt", ["strong", "hevy"])
def test_the_peer_gives_the_sets_liftbalance_stores(con, fmt):
    data = synthetic_export(3_000, fmt)
    ingest(con, data, f"{fmt}.csv", athlete="peer", tz="UTC")
    ours = con.execute(f"SELECT {', '.join(COLUMNS)} FROM sets ORDER BY {', '.join(KEY)}").fetchall()  # noqa: S608
    peer = pandas_frame(data, fmt).sort_values(KEY)
    theirs = [
        tuple(None if v is None or (not isinstance(v, str) and pd.isna(v)) else v for v in row)
        for row in peer.astype(object).itertuples(index=False)
    ]
    ours = [
        tuple(None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in row)
        for row in ours
    ]
    assert len(ours) == len(theirs) == 3_000
    diffs = [
        (COLUMNS[i], a[i], b[i])
        for a, b in zip(ours, theirs, strict=True)
        for i in range(len(COLUMNS))
        if not _same(a[i], b[i])
    ]
    assert not diffs, sorted({(column, repr(a), repr(b)) for column, a, b in diffs})[:20]


def test_the_minimal_peer_keeps_only_its_columns():
    frame = pandas_frame(synthetic_export(200, "strong"), "strong", minimal=True)
    assert list(frame.columns) == list(MINIMAL) and len(frame) == 200
