"""Per-athlete name overrides stored in DuckDB (an in-memory store per test, ``con``)."""

from __future__ import annotations

import pytest

from etl.errors import LiftbalanceError
from etl.taxonomy import (
    UnknownExerciseError,
    credit_names,
    get_overrides,
    remove_override,
    set_override,
)


def test_set_then_get(con) -> None:
    set_override(con, "ann", "Glute Day Special", "hip_thrust")
    set_override(con, "ann", "Kickbacks", "glute_kickback")
    assert get_overrides(con, "ann") == {"Glute Day Special": "hip_thrust", "Kickbacks": "glute_kickback"}


def test_setting_again_replaces_the_earlier_choice(con) -> None:
    set_override(con, "ann", "Kickbacks", "triceps_kickback")
    set_override(con, "ann", "Kickbacks", "glute_kickback")
    assert get_overrides(con, "ann") == {"Kickbacks": "glute_kickback"}
    assert con.execute("SELECT count(*) FROM name_overrides").fetchone() == (1,)


def test_overrides_belong_to_one_athlete(con) -> None:
    set_override(con, "ann", "Kickbacks", "glute_kickback")
    set_override(con, "bob", "Kickbacks", "triceps_kickback")
    assert get_overrides(con, "ann") == {"Kickbacks": "glute_kickback"}
    assert get_overrides(con, "bob") == {"Kickbacks": "triceps_kickback"}
    assert get_overrides(con, "cat") == {}


def test_remove_says_whether_there_was_one(con) -> None:
    set_override(con, "ann", "Kickbacks", "glute_kickback")
    set_override(con, "bob", "Kickbacks", "triceps_kickback")
    assert remove_override(con, "ann", "Kickbacks") is True
    assert remove_override(con, "ann", "Kickbacks") is False
    assert get_overrides(con, "ann") == {}
    assert get_overrides(con, "bob") == {"Kickbacks": "triceps_kickback"}


def test_names_are_stored_exactly_as_logged(con) -> None:
    name = "Bob's \"hip\" thrust'); DROP TABLE name_overrides; --  "
    set_override(con, "ann", name, "hip_thrust")
    assert get_overrides(con, "ann") == {name: "hip_thrust"}


def test_an_unknown_id_is_refused_with_close_ids_and_nothing_is_stored(con) -> None:
    with pytest.raises(UnknownExerciseError) as caught:
        set_override(con, "ann", "RDL day", "romanian_deadlifts")
    message = str(caught.value)
    assert "'romanian_deadlifts'" in message and "'romanian_deadlift' (Romanian Deadlift)" in message
    assert isinstance(caught.value, LiftbalanceError)
    assert get_overrides(con, "ann") == {}


def test_a_display_name_given_as_id_points_at_its_id(con) -> None:
    with pytest.raises(UnknownExerciseError, match="Did you mean 'nordic_curl'"):
        set_override(con, "ann", "Nordics", "Nordic Hamstring Curl")


@pytest.mark.parametrize(("athlete", "name"), [("", "Kickbacks"), ("ann", "   ")])
def test_an_empty_athlete_or_name_is_refused(con, athlete: str, name: str) -> None:
    with pytest.raises(LiftbalanceError):
        set_override(con, athlete, name, "glute_kickback")
    assert con.execute("SELECT count(*) FROM name_overrides").fetchone() == (0,)


def test_stored_overrides_drive_credit_names(con) -> None:
    set_override(con, "ann", "Kickbacks", "glute_kickback")
    set_override(con, "ann", "Squat (Barbell)", "front_squat")
    frame = credit_names(["Kickbacks", "Squat (Barbell)", "Leg Press"], get_overrides(con, "ann"))
    assert frame.select("name", "exercise_id", "match", "glute_max").rows() == [
        ("Kickbacks", "glute_kickback", "override", 1.0),
        ("Squat (Barbell)", "front_squat", "override", 1.0),
        ("Leg Press", "leg_press", "exact", 0.25),
    ]
