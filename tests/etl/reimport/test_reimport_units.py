"""A re-import of a unit-less export whose loads come to weigh differently (etl.read.units) is parsed anew:
the unit is part of the fingerprint seed and a known region is looked up under both units, so the
incremental path never keeps workouts stored in the unit the smaller file was read in."""

from __future__ import annotations

from tests.filebuilders import STRONG_A_HEADER, csv_bytes
from tests.helpers.reimport_twins import both, stored_sets

KG_PER_LB = 0.45359237


def workout(day: int, loads: tuple[float, ...]) -> list[str]:
    return [
        f'2024-03-{day:02d} 18:00:00,"A",1h,"Squat (Barbell)",{i},{w:g},5,0,0,,,'
        for i, w in enumerate(loads, 1)
    ]


def test_a_file_that_grows_into_pounds_is_read_in_pounds_throughout(twin):  # noqa: F811
    plain = [row for day in (1, 2) for row in workout(day, (100, 100, 100))]  # kg and lb alike: read as kg
    first = both(twin, csv_bytes(STRONG_A_HEADER, *plain))
    assert (first["unit"], first["unit_note"]) == ("kg", None)
    pounds = [row for day in (8, 9, 10) for row in workout(day, (135, 185, 225, 315))]
    grown = both(twin, csv_bytes(STRONG_A_HEADER, *plain, *pounds))
    assert grown["unit"] == "lb" and "plate totals in lb" in grown["unit_note"]
    assert (grown["sets_added"], grown["sets_updated"], grown["sets_unchanged"]) == (12, 6, 0)
    weights = sorted({round(row[0], 6) for row in twin[0].execute("SELECT weight_kg FROM sets").fetchall()})
    assert weights == sorted({round(w * KG_PER_LB, 6) for w in (100, 135, 185, 225, 315)})
    assert stored_sets(twin[0]) == stored_sets(twin[1])


def test_the_same_pounds_file_again_is_all_unchanged(twin):  # noqa: F811
    pounds = csv_bytes(
        STRONG_A_HEADER, *[row for day in (8, 9) for row in workout(day, (135, 185, 225, 315))]
    )
    first = both(twin, pounds)
    again = both(twin, pounds)
    assert (first["unit"], again["unit"]) == ("lb", "lb")
    assert (again["sets_added"], again["sets_updated"], again["sets_unchanged"]) == (
        0,
        0,
        first["sets_added"],
    )
