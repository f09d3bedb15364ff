"""Where a known region ends (``etl.reimport.known_region.boundary``) and where a line starts, exactly, on
hand-written cases and against a plain reference on random ones. The imports that use them are
tested in tests/test_reimport_incremental.py."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.reimport.known_region import HEAD, TAIL, boundary, line_start


def rows_of(*groups: int) -> pl.Series:
    return pl.Series("_group", groups, dtype=pl.UInt32)


def every(n: int) -> np.ndarray:
    return np.ones(n, dtype=bool)


@pytest.mark.parametrize(
    ("groups", "eligible", "where", "expected"),
    [
        # Whole workouts, never the one at the new end (the next export may still extend it).
        ((0, 0, 1, 1, 1, 2, 2), every(3), HEAD, 5),
        ((0, 0, 1, 1, 1, 2, 2), every(3), TAIL, 5),
        # A workout without a stored fingerprint (a flagged value, say) ends the region before it.
        ((0, 0, 1, 1, 1, 2, 2), np.array([True, False, True]), HEAD, 2),
        ((0, 0, 1, 1, 1, 2, 2), np.array([True, False, True]), TAIL, 2),
        ((0, 0, 1, 1, 2, 2, 3), np.array([True, True, False, True]), TAIL, 1),
        # One workout only: it is the newest, so nothing qualifies.
        ((0, 0, 0), every(1), HEAD, 0),
        # Workout 0 has a row after workout 1's: the region may not end between them.
        ((0, 1, 0, 2, 2, 3), every(4), HEAD, 5),
        ((0, 1, 1, 0, 2, 3, 3), every(4), HEAD, 5),
        ((0, 1, 2, 1, 3), every(4), TAIL, 4),
        ((0, 1, 2, 1, 3, 3), every(4), HEAD, 4),
    ],
)
def test_boundary(groups, eligible, where, expected):
    assert boundary(rows_of(*groups), eligible, where) == expected


def reference_boundary(groups: list[int], eligible: list[bool], where: str) -> int:
    """The longest run of rows at the old end made of whole, eligible workouts, none of them the newest."""
    ordered = groups if where == HEAD else groups[::-1]
    newest = ordered[-1]
    best = 0
    for k in range(len(ordered) + 1):
        taken, left = set(ordered[:k]), set(ordered[k:])
        if newest in taken or not all(eligible[g] for g in taken):
            break
        if not taken & left:
            best = k
    return best


@given(
    st.lists(st.integers(0, 5), min_size=1, max_size=30),
    st.lists(st.booleans(), min_size=6, max_size=6),
    st.sampled_from([HEAD, TAIL]),
)
def test_boundary_matches_a_plain_reference(labels, eligible, where):
    # Groups numbered in order of first appearance, as etl.reimport.fingerprint numbers them.
    first_seen: dict[int, int] = {}
    groups = [first_seen.setdefault(label, len(first_seen)) for label in labels]
    flags = np.array(eligible[: len(first_seen)])
    assert boundary(rows_of(*groups), flags, where) == reference_boundary(groups, list(flags), where)


@given(st.lists(st.sampled_from([b"a", b"bc", b"\n", b"\r\n", b'"x\ny"']), max_size=25), st.data())
def test_line_start_finds_the_line_from_either_end(pieces, data):
    text = b"".join(pieces)
    starts = [0] + [i + 1 for i, byte in enumerate(text) if byte == ord("\n")]
    line = data.draw(st.integers(1, len(starts)))
    assert line_start(text, line, from_end=False) == starts[line - 1]
    assert line_start(text, line, from_end=True) == starts[line - 1]
