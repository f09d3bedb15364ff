"""``etl.analysis.numbers``: the one way numbers are written for a lifter (cards, report, verdict, CLI)."""

from __future__ import annotations

from etl.analysis.numbers import cell, number, plural, ratio, sets, share


def test_number_drops_trailing_zeros_and_shows_unknown_as_a_dash() -> None:
    assert [number(12), number(7.5), number(1.333, 2), number(2.0, 2), number(0.0)] == [
        "12",
        "7.5",
        "1.33",
        "2",
        "0",
    ]
    assert number(None) == "–"
    assert [number(7.25), number(7.25, 0), number(1000)] == ["7.2", "7", "1000"]  # round half to even


def test_plural_is_singular_for_exactly_one_and_shows_up_to_two_decimals() -> None:
    assert [plural(1, "set"), plural(0, "set"), plural(2, "workout")] == ["1 set", "0 sets", "2 workouts"]
    assert plural(1.0, "glute set") == "1 glute set"
    assert plural(0.5, "glute set") == "0.5 glute sets"
    assert plural(8.456, "hamstring set") == "8.46 hamstring sets"
    assert plural(1000, "set") == "1000 sets"


def test_a_set_count_in_a_sentence_is_zero_when_none_was_counted() -> None:
    assert [sets(None), sets(0.0), sets(3.0), sets(2.5), sets(0.25), sets(0.04)] == [
        "0",
        "0",
        "3",
        "2.5",
        "0.2",
        "0",
    ]


def test_ratio_and_share_keep_their_fixed_forms() -> None:
    assert [ratio(1.5), ratio(2 / 3), ratio(None)] == ["1.50", "0.67", "–"]
    assert [share(0.385), share(1.0), share(0.0), share(None)] == ["38%", "100%", "0%", "–"]


def test_a_table_cell_writes_floats_like_number_and_leaves_the_rest() -> None:
    assert [cell(None), cell(2.0), cell(0.125), cell(7), cell("Low volume")] == [
        "–",
        "2",
        "0.12",
        "7",
        "Low volume",
    ]
