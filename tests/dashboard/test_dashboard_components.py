"""The wording helpers the pages share (``dashboard.components``): numbers, counts, the supported apps."""

from __future__ import annotations

from dashboard.components import APP_NAMES, APPS_TEXT, SUPPORTED_APPS, number, plural
from etl.read.readers.registry import READERS


def test_number_drops_trailing_zeros_and_shows_unknown_as_a_dash() -> None:
    assert [number(12), number(7.5), number(1.333, 2), number(2.0, 2), number(0.0)] == [
        "12",
        "7.5",
        "1.33",
        "2",
        "0",
    ]
    assert number(None) == "–"


def test_plural_is_singular_for_exactly_one_and_shows_up_to_two_decimals() -> None:
    assert [plural(1, "set"), plural(0, "set"), plural(2, "workout")] == ["1 set", "0 sets", "2 workouts"]
    assert plural(1.0, "glute set") == "1 glute set"
    assert plural(0.5, "glute set") == "0.5 glute sets"
    assert plural(8.456, "hamstring set") == "8.46 hamstring sets"
    assert plural(1000, "set") == "1000 sets"


def test_supported_apps_are_every_app_etl_detect_reads_in_its_order() -> None:
    apps = [reader.app for reader in READERS if reader.app != "custom"]
    assert list(APP_NAMES) == apps
    assert tuple(APP_NAMES[app] for app in apps) == SUPPORTED_APPS
    assert (
        APPS_TEXT
        == "Strong, Hevy, FitNotes, Fitbod, Liftosaur, Lyfta, GymBook, StrongLifts, Alpha Progression or JEFIT"
    )
