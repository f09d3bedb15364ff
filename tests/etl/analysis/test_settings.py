"""Balance settings: science.md defaults, validation, and the round trip through the store."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

import pytest

from etl.analysis.glossary import GLOSSARY
from etl.analysis.settings import (
    DEFAULTS,
    WHOLE_WEEKS,
    BalanceSettings,
    InvalidSettingError,
    load_settings,
    parse_setting,
    save_settings,
)
from etl.errors import LiftbalanceError
from schemas.weekly import WEEKLY_COLUMNS


def test_defaults_are_the_science_md_values() -> None:
    s = BalanceSettings()
    assert (s.window_weeks, s.dominance_ratio, s.sustained_weeks) == (4, 1.5, 3)
    assert (s.dominance_floor_sets, s.dominance_high_sets, s.low_volume_sets) == (5.0, 10.0, 5.0)
    assert (s.knee_flexion_share_min, s.knee_flexion_share_max, s.hq_reference) == (0.25, 0.75, 0.6)
    assert s.min_rpe is None


def test_every_setting_and_every_weekly_column_is_in_the_glossary_with_its_basis() -> None:
    for f in fields(BalanceSettings):
        entry = GLOSSARY[f.name]
        assert entry.basis in ("cited", "heuristic", "analogy", "choice"), f.name
        if entry.basis in ("cited", "analogy"):
            assert entry.citation, f.name
    for column in WEEKLY_COLUMNS:
        assert GLOSSARY[column].meaning.endswith("."), column
    assert GLOSSARY["low_volume_sets"].basis_text().startswith("cited: Schoenfeld")
    assert GLOSSARY["dominance_ratio"].basis_text() == "heuristic, no published norm"


@pytest.mark.parametrize(
    "bad",
    [
        {"window_weeks": 0},
        {"window_weeks": 2.5},
        {"sustained_weeks": True},
        {"dominance_ratio": 0},
        {"low_volume_sets": -1},
        {"knee_flexion_share_min": 0.8, "knee_flexion_share_max": 0.7},
        {"knee_flexion_share_max": 1.2},
        {"min_rpe": 11},
        {"min_rpe": "7"},
        {"dominance_ratio": float("nan")},
    ],
)
def test_invalid_settings_are_a_library_error_naming_the_field(bad: dict[str, Any]) -> None:
    with pytest.raises(InvalidSettingError, match=next(iter(bad))) as info:
        BalanceSettings(**bad)
    assert isinstance(info.value, LiftbalanceError)


@pytest.mark.parametrize(
    ("key", "value", "parsed"),
    [
        ("dominance_ratio", "1.8", 1.8),
        ("dominance_ratio", " 1,8 ", 1.8),  # a decimal comma, as a European keyboard types it
        ("dominance_ratio", 2, 2),  # a form's number is kept as it is
        ("window_weeks", "6", 6),
        ("window_weeks", "6.0", 6),
        ("window_weeks", 6.0, 6),
        ("window_weeks", "2.5", 2.5),  # kept: BalanceSettings refuses it with its reason
        ("dominance_ratio", "-2", -2.0),
        ("min_rpe", "7", 7.0),
        ("min_rpe", "off", None),
        ("min_rpe", " Off ", None),
        ("min_rpe", "", None),
        ("min_rpe", None, None),
    ],
)
def test_parse_setting_turns_typed_text_or_a_number_into_the_stored_value(
    key: str, value: Any, parsed: Any
) -> None:
    result = parse_setting(key, value)
    assert result == parsed and type(result) is type(parsed)


def test_whole_week_settings_parse_to_ints() -> None:
    for key in WHOLE_WEEKS:
        assert isinstance(getattr(DEFAULTS, key), int), key
        assert type(parse_setting(key, "3.0")) is int, key


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("window_weeks", "four", "window_weeks must be a number (got 'four')"),
        (
            "dominance_ratio",
            "off",
            "dominance_ratio needs a value (the default is 1.5); only min_rpe and warmup_load_share can be off",
        ),
        (
            "dominance_ratio",
            "",
            "dominance_ratio needs a value (the default is 1.5); only min_rpe and warmup_load_share can be off",
        ),
        (
            "dominance_ratio",
            None,
            "dominance_ratio needs a value (the default is 1.5); only min_rpe and warmup_load_share can be off",
        ),
        ("colour", "red", "unknown setting 'colour'"),
    ],
)
def test_parse_setting_refuses_what_no_setting_can_hold(key: str, value: Any, message: str) -> None:
    with pytest.raises(InvalidSettingError) as info:
        parse_setting(key, value)
    assert str(info.value).startswith(message), str(info.value)


def test_load_without_stored_settings_gives_the_defaults(con: Any) -> None:
    assert load_settings(con, "ana") == DEFAULTS


def test_save_then_load_round_trips_and_is_per_athlete(con: Any) -> None:
    mine = replace(DEFAULTS, window_weeks=6, min_rpe=7.0, dominance_ratio=2.0)
    save_settings(con, "ana", mine)
    assert load_settings(con, "ana") == mine
    assert load_settings(con, "bo") == DEFAULTS
    stored = con.execute("SELECT key, value FROM settings WHERE athlete = 'ana' ORDER BY key").fetchall()
    assert stored == [("dominance_ratio", "2.0"), ("min_rpe", "7.0"), ("window_weeks", "6")]


def test_saving_a_default_value_removes_it_and_leaves_other_keys_alone(con: Any) -> None:
    con.execute("INSERT INTO settings VALUES ('ana', 'dashboard_theme', '\"dark\"')")
    save_settings(con, "ana", replace(DEFAULTS, min_rpe=7.0))
    save_settings(con, "ana", replace(DEFAULTS, min_rpe=None))
    keys = con.execute("SELECT key FROM settings WHERE athlete = 'ana'").fetchall()
    assert keys == [("dashboard_theme",)]
    assert load_settings(con, "ana") == DEFAULTS  # the unknown key is ignored


def test_json_numbers_for_whole_weeks_load_as_ints(con: Any) -> None:
    con.execute("INSERT INTO settings VALUES ('ana', 'sustained_weeks', '2.0')")
    assert load_settings(con, "ana").sustained_weeks == 2


def test_a_stored_value_of_the_wrong_type_is_a_clear_error(con: Any) -> None:
    con.execute("INSERT INTO settings VALUES ('ana', 'window_weeks', '\"four\"')")
    with pytest.raises(InvalidSettingError, match="window_weeks"):
        load_settings(con, "ana")
