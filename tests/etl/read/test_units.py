"""Units weighed from the loads' magnitudes (``etl.read.units.weigh_units``), used when they settle it,
asked for when they do not.

The pounds file is built from plate arithmetic: a 45 lb bar plus pairs of 45/35/25/10/5/2.5 lb plates,
dumbbells in 5 lb steps, and a lifter whose bench tops out at 397 (180 kg weighed in pounds); the kg
file from a 20 kg bar plus pairs of 25/20/15/10/5/2.5/1.25 kg plates.
"""

from __future__ import annotations

import itertools

import polars as pl
import pytest

from etl.ingest import ingest, inspect_export
from etl.read.parse import KG_PER_LB
from etl.read.units import weigh_loads, weigh_units
from tests.filebuilders import STRONG_A_HEADER, csv_bytes
from tests.helpers.corpus import CORPUS

LB_PLATES = (45.0, 35.0, 25.0, 10.0, 5.0, 2.5)
KG_PLATES = (25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25)


def barbell(bar: float, plates: tuple[float, ...], pairs: tuple[int, ...]) -> float:
    """The bar plus a pair of each plate ``pairs`` picks (by index)."""
    return bar + 2 * sum(plates[i] for i in pairs)


# A pounds lifter's week, by plate arithmetic: the bar, 135 (a pair of 45s), 185, 225, 275, 315, 405,
# and the in-between loads a 25/10/5 pair makes; dumbbells in 5 lb steps; one top bench of 397.
POUND_SESSIONS: dict[str, list[float]] = {
    "Bench Press (Barbell)": [
        barbell(45, LB_PLATES, p) for p in [(), (0,), (0, 3), (0, 0), (0, 0, 3), (0, 0, 4)]
    ]
    + [397],
    "Squat (Barbell)": [
        barbell(45, LB_PLATES, p) for p in [(0,), (0, 0), (0, 0, 2), (0, 0, 0), (0, 0, 0, 3)]
    ],
    "Deadlift (Barbell)": [barbell(45, LB_PLATES, p) for p in [(0, 0), (0, 0, 0), (0, 0, 0, 0)]],
    "Dumbbell Row": [50, 55, 60, 65],
    "Bicep Curl (Dumbbell)": [25, 30, 30, 35],
}
KILO_SESSIONS: dict[str, list[float]] = {
    "Bench Press (Barbell)": [
        barbell(20, KG_PLATES, p) for p in [(), (1,), (1, 5), (1, 4), (0, 4, 6), (0, 3, 5)]
    ],
    "Squat (Barbell)": [barbell(20, KG_PLATES, p) for p in [(0,), (0, 5), (0, 0), (0, 0, 5), (0, 0, 3, 6)]],
    "Dumbbell Row": [22.5, 25, 27.5, 30],
}


def strong_file(sessions: dict[str, list[float]], weeks: int = 3) -> bytes:
    rows = []
    for week, (exercise, loads) in itertools.product(range(weeks), sessions.items()):
        stamp = f"2024-03-{4 + 7 * week:02d} 18:00:00"
        rows += [
            f'{stamp},"Gym",1h,"{exercise}",{i},{load:g},5,0,0,,,' for i, load in enumerate(loads, start=1)
        ]
    return csv_bytes(STRONG_A_HEADER, *rows)


def loads_of(sessions: dict[str, list[float]]) -> pl.Series:
    return pl.Series("w", [load for loads in sessions.values() for load in loads], dtype=pl.Float64)


def test_plate_arithmetic_in_pounds_is_read_as_pounds_and_says_why() -> None:
    guess = weigh_loads(loads_of(POUND_SESSIONS))
    assert (guess.unit, guess.confident) == ("lb", True)
    assert "loads like 135, 225, 315 are plate totals in lb" in guess.reason
    assert "a top load of 405 is more than lifts reach in kg" in guess.reason


def test_kilogram_plates_weighed_in_pounds_are_pounds() -> None:
    converted = pl.Series(
        "w", [44.0, 88.0, 132.0, 132.0, 176.0, 264.0, 264.0, 309.0, 397.0]
    )  # 20..180 kg in lb
    guess = weigh_loads(converted)
    assert (guess.unit, guess.confident) == ("lb", True)
    assert guess.reason == (
        "loads like 44, 132, 264 are kilogram plates weighed in pounds; "
        "a top load of 397 is more than lifts reach in kg"
    )


def test_plate_arithmetic_in_kilograms_is_read_as_kilograms() -> None:
    guess = weigh_loads(loads_of(KILO_SESSIONS))
    assert (guess.unit, guess.confident) == ("kg", True)
    assert "step by 2.5 kg plates" in guess.reason


@pytest.mark.parametrize(
    ("loads", "why"),
    [
        ([100.0, 100.0], "too few to tell"),
        ([100.0, 80.0, 60.0, 140.0, 120.0, 100.0], "fit kg and lb plates alike"),
        ([135.0, 185.0, 62.5, 82.5, 102.5, 122.5], "kg"),  # pounds landmarks beside kilogram steps
    ],
)
def test_loads_that_do_not_settle_it_are_not_confident(loads: list[float], why: str) -> None:
    guess = weigh_loads(pl.Series("w", loads))
    assert guess.confident is False and why in guess.reason


def test_counts_and_rows_weigh_alike_whatever_the_spelling_of_a_load() -> None:
    """A re-import weighs stored counts (etl.reimport.known_region); "67.5" and "67.50" are one load."""
    rows = weigh_loads(loads_of(POUND_SESSIONS))
    counts = weigh_units(
        pl.Series([45.0, 135.0, 135.0, 185.0, 225.0, 315.0, 405.0]), pl.Series([1, 2, 1, 2, 3, 2, 1])
    )
    assert (counts.unit, counts.confident) == (rows.unit, rows.confident) == ("lb", True)


@pytest.mark.parametrize(
    ("name", "unit", "confident"),
    [
        ("strong_A_kg_linus.csv", "kg", True),
        ("incoming/strong_de_patrickzim.csv", "kg", True),
        ("strong_noDur_alt_mtanzim.csv", "kg", True),
        ("strong_B_dakheera.csv", "kg", False),
    ],
)
def test_real_unitless_strong_exports(name: str, unit: str, confident: bool) -> None:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"the corpus file {path} is absent")
    info = inspect_export(path.read_bytes(), path.name)
    assert (info.needs_unit, info.unit_guess, info.unit_confident) == (True, unit, confident), (
        info.unit_reason
    )


def test_a_pounds_file_imports_in_pounds_without_a_flag_and_the_report_says_so(con) -> None:
    report = ingest(con, strong_file(POUND_SESSIONS), "pounds.csv", tz="UTC")
    assert report.unit == "lb"
    assert report.unit_note is not None and report.unit_note in report.warnings
    assert "read as pounds (" in report.unit_note and "--unit kg" in report.unit_note
    [(top,)] = con.execute(
        "SELECT max(weight_kg) FROM sets WHERE exercise_name = 'Bench Press (Barbell)'"
    ).fetchall()
    assert top == pytest.approx(397 * KG_PER_LB)


def test_a_kilogram_file_imports_in_kilograms_and_the_report_says_why(con) -> None:
    report = ingest(con, strong_file(KILO_SESSIONS), "kilos.csv", tz="UTC")
    assert (report.unit, report.warnings) == ("kg", [])
    assert report.unit_note is not None and "read as kilograms (loads like" in report.unit_note


def test_the_cli_refusal_comes_after_bad_values_and_the_library_defaults_to_kg(con) -> None:
    plain = csv_bytes(STRONG_A_HEADER, '2024-03-04 18:00:00,"A",1h,"Squat (Barbell)",1,100,5,0,0,,,')
    report = ingest(con, plain, "plain.csv", tz="UTC")  # the library without ask_unit: kg, as before
    assert (report.unit, report.unit_note) == ("kg", None)
    from etl.errors import InputError

    with pytest.raises(InputError, match="do not tell kg from lb"):
        ingest(con, plain, "plain.csv", tz="UTC", ask_unit=True)
