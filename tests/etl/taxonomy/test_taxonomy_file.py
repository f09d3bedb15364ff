"""The taxonomy data file: its shape, its version line, the evidence defaults it encodes,
and the schema rules that keep a broken row out (each rule shown failing, readably)."""

from __future__ import annotations

from importlib import resources
from typing import Any

import polars as pl
import pytest

from etl.taxonomy import TAXONOMY_VERSION, TaxonomyError, load_taxonomy, match_name
from etl.taxonomy.catalogue import parse_taxonomy, parse_version, validate_taxonomy
from schemas.taxonomy import TAXONOMY_COLUMNS

HEADER = ",".join(TAXONOMY_COLUMNS)


def _row(exercise_id: str, **changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "exercise_id": exercise_id,
        "name": exercise_id.replace("_", " ").title(),
        "pattern": "hip_hinge",
        "glute_max": 0.5,
        "glute_med": 0.0,
        "hamstring_hip": 1.0,
        "hamstring_knee": 0.0,
        "quads": 0.0,
        "erectors": 0.5,
        "eccentric": False,
        "lower_body": True,
        "aliases": "",
        "basis": "judgement",
    }
    row.update(changes)
    return row


def _frame(*rows: dict[str, object]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=TAXONOMY_COLUMNS)


def _problems(*rows: dict[str, object]) -> str:
    with pytest.raises(TaxonomyError) as caught:
        validate_taxonomy(_frame(*rows))
    return str(caught.value)


def test_load_taxonomy_has_the_documented_columns_and_types() -> None:
    frame = load_taxonomy()
    assert frame.schema == pl.Schema(TAXONOMY_COLUMNS)
    assert frame.height > 100


def test_load_taxonomy_returns_the_same_frame_every_call() -> None:
    assert load_taxonomy() is load_taxonomy()


def test_version_comes_from_the_data_file_first_line() -> None:
    text = resources.files("etl.taxonomy").joinpath("exercises.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# taxonomy_version: {TAXONOMY_VERSION}"
    assert parse_version("# taxonomy_version: 2.3.4\nexercise_id\n") == "2.3.4"


def test_a_file_without_a_version_line_is_rejected() -> None:
    with pytest.raises(TaxonomyError, match="taxonomy_version"):
        parse_version(HEADER + "\n")


def test_parse_reads_comments_and_empty_aliases() -> None:
    text = (
        "# taxonomy_version: 0.0.1\n# a comment\n" + HEADER + "\n"
        "good_morning,Good Morning,hip_hinge,0.5,0,1,0,0,0.5,false,true,,McAllister2014\n"
    )
    frame = validate_taxonomy(parse_taxonomy(text))
    assert frame.row(0, named=True) == _row("good_morning", name="Good Morning", basis="McAllister2014")


# --- Evidence defaults (science.md), checked on the shipped file. ---------------------


def _weights(exercise_id: str) -> dict[str, Any]:
    rows = load_taxonomy().filter(pl.col("exercise_id") == exercise_id)
    assert rows.height == 1, exercise_id
    return rows.row(0, named=True)


@pytest.mark.parametrize(
    "exercise_id",
    [
        "squat",
        "front_squat",
        "goblet_squat",
        "hack_squat",
        "lunge",
        "walking_lunge",
        "reverse_lunge",
        "bulgarian_split_squat",
        "split_squat",
        "leg_press",
        "step_up",
    ],
)
def test_squats_lunges_leg_press_and_step_ups_give_hamstrings_nothing(exercise_id: str) -> None:
    row = _weights(exercise_id)
    assert (row["hamstring_hip"], row["hamstring_knee"]) == (0.0, 0.0)
    assert row["quads"] == 1.0


@pytest.mark.parametrize(
    "exercise_id", ["hip_thrust", "single_leg_hip_thrust", "glute_bridge", "frog_pump", "glute_kickback"]
)
def test_thrusts_bridges_and_kickbacks_are_glute_first(exercise_id: str) -> None:
    row = _weights(exercise_id)
    assert row["glute_max"] == 1.0
    assert row["hamstring_hip"] + row["hamstring_knee"] <= 0.25


@pytest.mark.parametrize(
    "exercise_id",
    ["romanian_deadlift", "stiff_leg_deadlift", "single_leg_rdl", "good_morning", "back_extension"],
)
def test_rdl_good_morning_and_back_extension_are_hip_extension_hamstring_work(exercise_id: str) -> None:
    row = _weights(exercise_id)
    assert (row["hamstring_hip"], row["hamstring_knee"]) == (1.0, 0.0)


@pytest.mark.parametrize(
    "exercise_id",
    [
        "lying_leg_curl",
        "seated_leg_curl",
        "standing_leg_curl",
        "leg_curl",
        "nordic_curl",
        "eccentric_leg_curl",
    ],
)
def test_leg_curls_and_nordics_are_knee_flexion_work(exercise_id: str) -> None:
    row = _weights(exercise_id)
    assert (row["hamstring_hip"], row["hamstring_knee"]) == (0.0, 1.0)


@pytest.mark.parametrize("exercise_id", ["lateral_band_walk", "clamshell", "fire_hydrant"])
def test_abduction_trains_glute_med(exercise_id: str) -> None:
    row = _weights(exercise_id)
    assert (row["glute_med"], row["glute_max"]) == (1.0, 0.0)


def test_the_abduction_machine_trains_glute_med_and_the_upper_glute_max() -> None:
    # Macadam 2015: the upper fibres of glute max abduct the hip too.
    row = _weights("hip_abduction")
    assert (row["glute_med"], row["glute_max"]) == (1.0, 0.5)


def test_glute_ham_raise_is_knee_flexion_dominant_and_eccentric() -> None:
    # McAllister 2014: knee flexion done with the hip extended, not a 50/50 hinge.
    row = _weights("glute_ham_raise")
    assert (row["hamstring_hip"], row["hamstring_knee"], row["eccentric"]) == (0.25, 0.75, True)


@pytest.mark.parametrize(
    "exercise_id",
    [
        "squat",
        "front_squat",
        "goblet_squat",
        "split_squat",
        "bulgarian_split_squat",
        "lunge",
        "reverse_lunge",
        "walking_lunge",
    ],
)
def test_deep_squats_split_squats_and_lunges_are_direct_glute_work(exercise_id: str) -> None:
    # Kubo 2019: full squats grew glute max more than the quads; Plotkin 2023: squats ~ hip thrusts for glutes.
    row = _weights(exercise_id)
    assert (row["glute_max"], row["hamstring_hip"], row["hamstring_knee"], row["quads"]) == (
        1.0,
        0.0,
        0.0,
        1.0,
    )


def test_rack_pulls_are_partial_range_small_hamstring_credit_no_quads() -> None:
    row = _weights("rack_pull")
    assert (row["hamstring_hip"], row["quads"]) == (0.25, 0.0)
    assert match_name("Rack Pull (Barbell)").exercise_id == "rack_pull"
    assert match_name("Deadlift (Barbell)").exercise_id == "deadlift"


def test_only_nordic_curls_have_the_nordic_pattern() -> None:
    nordic = load_taxonomy().filter(pl.col("pattern") == "nordic").get_column("exercise_id").to_list()
    assert nordic == ["nordic_curl"]


def test_eccentric_series_is_nordics_glute_ham_raises_and_slow_eccentric_curls() -> None:
    eccentric = load_taxonomy().filter(pl.col("eccentric")).get_column("exercise_id").sort().to_list()
    assert eccentric == ["eccentric_leg_curl", "glute_ham_raise", "nordic_curl"]


# --- Schema rules: each one fails on a small hand-written frame, naming row and rule. ----


def test_a_valid_two_row_frame_passes() -> None:
    frame = _frame(_row("romanian_deadlift"), _row("leg_curl", hamstring_hip=0.0, hamstring_knee=1.0))
    assert validate_taxonomy(frame).height == 2


def test_the_draft_glute_ham_raise_worth_one_and_a_half_sets_is_rejected() -> None:
    message = _problems(
        _row("romanian_deadlift"),
        _row("glute_ham_raise", glute_max=0.25, hamstring_hip=0.5, hamstring_knee=1.0, eccentric=True),
    )
    assert "data row 2 (glute_ham_raise)" in message
    assert "hamstring_hip + hamstring_knee <= 1" in message
    assert "romanian_deadlift" not in message


def test_glute_max_and_glute_med_together_over_one_and_a_half_sets_is_rejected() -> None:
    message = _problems(
        _row("hip_thrust", pattern="hip_thrust", glute_max=1.0, glute_med=1.0, hamstring_hip=0.0)
    )
    assert "(hip_thrust)" in message and "glute_max + glute_med <= 1.5" in message


def test_a_weight_outside_the_fraction_set_is_rejected_with_column_and_value() -> None:
    message = _problems(_row("squat", pattern="squat", hamstring_hip=0.0, quads=0.3))
    assert "data row 1 (squat), column 'quads', value '0.3'" in message


def test_duplicate_ids_are_rejected() -> None:
    message = _problems(_row("deadlift"), _row("deadlift", name="Another Deadlift"))
    assert "column 'exercise_id'" in message and "uniqueness" in message


def test_ids_must_be_snake_case() -> None:
    message = _problems(_row("Hip-Thrust"))
    assert "value 'Hip-Thrust'" in message and "str_matches" in message


def test_an_alias_claimed_by_two_exercises_is_rejected_whatever_its_case() -> None:
    message = _problems(
        _row(
            "hip_thrust",
            pattern="hip_thrust",
            glute_max=1.0,
            hamstring_hip=0.0,
            aliases="Hip Thrust (Barbell)",
        ),
        _row(
            "glute_bridge",
            pattern="hip_thrust",
            glute_max=1.0,
            hamstring_hip=0.0,
            aliases="hip thrust (barbell)",
        ),
        _row("good_morning", aliases="Good Morning (Barbell)"),
    )
    assert "(hip_thrust), row: no name or alias is claimed by two exercises" in message
    assert "(glute_bridge), row: no name or alias is claimed by two exercises" in message
    assert "good_morning" not in message


def test_an_alias_equal_to_another_exercise_name_is_rejected() -> None:
    message = _problems(
        _row("good_morning", name="Good Morning"), _row("rdl_variant", aliases="good morning")
    )
    assert "no name or alias is claimed by two exercises" in message


def test_non_lower_body_rows_must_credit_nothing() -> None:
    message = _problems(_row("shrug", pattern="shrug", lower_body=False))
    assert "(shrug), row: rows with lower_body = false credit nothing" in message


def test_lower_body_must_agree_with_the_pattern() -> None:
    message = _problems(
        _row("biceps_curl", pattern="biceps", glute_max=0.0, hamstring_hip=0.0, erectors=0.0, lower_body=True)
    )
    assert "(biceps_curl), row: lower_body is true exactly when the pattern is a leg pattern" in message


def test_unknown_patterns_are_rejected() -> None:
    message = _problems(_row("mystery", pattern="hinge-ish"))
    assert "column 'pattern', value 'hinge-ish'" in message


def test_eccentric_rows_must_credit_hamstrings() -> None:
    message = _problems(
        _row(
            "reverse_nordic",
            pattern="knee_extension",
            glute_max=0.0,
            hamstring_hip=0.0,
            erectors=0.0,
            quads=1.0,
            eccentric=True,
        )
    )
    assert "(reverse_nordic), row: eccentric rows credit the hamstrings" in message


def test_alias_lists_must_be_trimmed_and_without_empty_entries() -> None:
    message = _problems(_row("deadlift", aliases="Deadlift (Barbell)||Deadlift (Band)"))
    assert "column 'aliases'" in message


def test_every_broken_row_is_reported_at_once() -> None:
    message = _problems(
        _row("one", quads=0.7),
        _row("two"),
        _row("three", hamstring_hip=1.0, hamstring_knee=0.5),
    )
    assert "(one)" in message and "(three)" in message and "(two)" not in message
