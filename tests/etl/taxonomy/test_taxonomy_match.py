"""Matching logged names to the taxonomy: each step, the traps from real logs, the
unmapped path, suggestions, overrides, and the credit frame other code consumes."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.taxonomy import NameMatch, UnknownExerciseError, credit_names, load_taxonomy, match_name
from etl.taxonomy.match import Matcher, default_matcher
from etl.taxonomy.name_words import NearWords, normalize
from etl.taxonomy.structure import STRUCTURE_RULES, rule
from schemas.taxonomy import CREDIT_COLUMNS, MATCH_KINDS, NameCredits

GLUTE_HAM = ["glute_max", "glute_med", "hamstring_hip", "hamstring_knee"]


@pytest.mark.parametrize(
    ("name", "exercise_id", "match"),
    [
        # 1. exact display name or id, then exact alias
        ("Romanian Deadlift", "romanian_deadlift", "exact"),
        ("romanian_deadlift", "romanian_deadlift", "exact"),
        ("Romanian Deadlift (Dumbbell)", "romanian_deadlift", "alias"),
        ("Nordic Hamstrings Curls", "nordic_curl", "alias"),
        # 2. normalized: case, spacing, punctuation, plurals, (Each Side), equipment anywhere, typos
        ("Dumbbell Romanian Deadlift", "romanian_deadlift", "normalized"),
        ("DB RDL", "romanian_deadlift", "normalized"),
        ("romanian deadlifts", "romanian_deadlift", "normalized"),
        ("  ROMANIAN   deadlift  ", "romanian_deadlift", "normalized"),
        ("Walking Lunges (Each Side)", "walking_lunge", "normalized"),
        ("Barbell Squat (Each Side)", "squat", "normalized"),
        ("Squat (Barbel)", "squat", "normalized"),
        ("Hip Thrust Exercuses", "hip_thrust", "normalized"),
        ("Sqaut", "squat", "normalized"),
        ("Romanian Deadlift (Dumbbel)", "romanian_deadlift", "normalized"),
        ("Back Extension (Machien)", "lumbar_extension", "normalized"),
        ("Lying Leg Curl Machine", "lying_leg_curl", "normalized"),
        ("Pull-ups", "pull_up", "normalized"),
        ("Back Extension Machine", "lumbar_extension", "normalized"),
        ("Back Extensions", "back_extension", "normalized"),
        ("Inner Thigh Machine", "hip_adduction", "normalized"),
        # 3. structure: movement words, equipment only refining
        ("Low Bar Squat (Barbel)", "squat", "structure"),
        ("Cable Pull-Through (Rope)", "cable_pull_through", "structure"),
        ("Hip Thrust - Paused", "hip_thrust", "structure"),
        ("Leg Curl - Lying", "lying_leg_curl", "structure"),
        ("Hamstring Curl (Seated)", "seated_leg_curl", "structure"),
        ("Snatch Grip RDL", "romanian_deadlift", "structure"),
        ("Meadows Incline DB Lateral Raise", "lateral_raise", "structure"),
        ("Seated Super- Bayesian High Cable Curl", "bayesian_curl", "structure"),
    ],
)
def test_each_matching_step(name: str, exercise_id: str, match: str) -> None:
    assert match_name(name) == NameMatch(name, exercise_id, match, None)


@pytest.mark.parametrize(
    ("name", "exercise_id"),
    [
        ("Nordic curl", "nordic_curl"),
        ("Reverse hyper", "reverse_hyperextension"),
        ("Cable pull-through", "cable_pull_through"),
        ("Frog pumps", "frog_pump"),
        ("Seated leg curls", "seated_leg_curl"),
        ("Lying leg curl", "lying_leg_curl"),
        ("Standing leg curl", "standing_leg_curl"),
        ("Single-leg RDL", "single_leg_rdl"),
        ("B-stance RDL", "single_leg_rdl"),
        ("B-stance hip thrust", "single_leg_hip_thrust"),
        ("45° hyperextension", "back_extension"),
        ("45 Degree Back Extension", "back_extension"),
        ("Glute-ham raise", "glute_ham_raise"),
        ("GHR", "glute_ham_raise"),
        ("Sliding leg curl", "slider_leg_curl"),
        ("Stability Ball Hamstring Curl", "slider_leg_curl"),
        ("Kettlebell swing", "kettlebell_swing"),
        ("KB Swings", "kettlebell_swing"),
        ("Hip abduction", "hip_abduction"),
        ("Cable abduction", "hip_abduction"),
        ("Banded walks", "lateral_band_walk"),
        ("Monster Walks", "lateral_band_walk"),
        ("Sumo deadlift", "sumo_deadlift"),
        ("Trap-bar deadlift", "trap_bar_deadlift"),
        ("Hex Bar DL", "trap_bar_deadlift"),
        ("Bulgarian split squat", "bulgarian_split_squat"),
        ("BSS", "bulgarian_split_squat"),
        ("Hack squat", "hack_squat"),
        ("Glute Drive Machine", "hip_thrust"),
        ("Cable Kickback (Glute)", "glute_kickback"),
        ("Glute Kickbacks (Cable)", "glute_kickback"),
        ("Donkey Kicks", "glute_kickback"),
        ("Step Downs", "step_up"),
        ("Cossack Squats", "lateral_lunge"),
        ("Stiff-Legged Deadlift", "stiff_leg_deadlift"),
        ("Hip Thruster", "hip_thrust"),
        ("Abductors", "hip_abduction"),
    ],
)
def test_common_custom_lower_body_names(name: str, exercise_id: str) -> None:
    assert match_name(name).exercise_id == exercise_id


# Names from real logs that must never credit glutes or hamstrings, and what they are.
TRAPS = [
    ("Cable Kickback", "triceps_kickback"),
    ("Triceps Kickback (Cable)", "triceps_kickback"),
    ("Triceps Kickback (Dumbbell)", "triceps_kickback"),
    ("Dumbbell Kickbacks", "triceps_kickback"),
    ("Incline Curl (Dumbbell)", "incline_curl"),
    ("Bayesian Curl", "bayesian_curl"),
    ("Spider Curl", "spider_curl"),
    ("Bicep Curl (Barbell)", "biceps_curl"),
    ("Hammer Curl", "hammer_curl"),
    ("Preacher Curl", "preacher_curl"),
    ("Concentration Curl", "concentration_curl"),
    ("Cable Curl", "biceps_curl"),
    ("EZ Bar Curl", "biceps_curl"),
    ("Seated Curl", "biceps_curl"),
    ("Leg Extension", "leg_extension"),
    ("Calf Extension", "calf_raise"),
    ("Cross Cable Extension", "triceps_extension"),
    ("Overhead Cable Extension", "triceps_extension"),
    ("Shin Curls", "tibialis_raise"),
    ("Lying Neck Curls", "neck_work"),
    ("Wrist Curl", "wrist_curl"),
    ("Lat Pull-Through", "pullover"),
    ("Lat Pullthrough", "pullover"),
    ("Shrug (Barbell)", "shrug"),
    ("Trap Bar Shrug", "shrug"),
    ("Hip Adduction (Machine)", "hip_adduction"),
    ("Sit Up", "sit_up"),
    ("Sit-ups", "sit_up"),
    ("Leg Press Calf Raise", "calf_raise"),
    ("Hamstring Stretch", "mobility"),
    ("Behind the Neck Press", "overhead_press"),
]


@pytest.mark.parametrize(("name", "exercise_id"), TRAPS)
def test_traps_never_credit_glutes_or_hamstrings(name: str, exercise_id: str) -> None:
    credit = credit_names([name]).row(0, named=True)
    assert credit["exercise_id"] == exercise_id
    assert [credit[column] for column in GLUTE_HAM] == [0.0, 0.0, 0.0, 0.0]


def test_walking_lunge_is_a_lunge_not_cardio_walking() -> None:
    credit = credit_names(["Walking Lunge"]).row(0, named=True)
    assert (credit["exercise_id"], credit["pattern"], credit["quads"]) == ("walking_lunge", "lunge", 1.0)


@pytest.mark.parametrize("name", ["Kickbacks", "Hip Extension", "Lying Curl", "Press (Machine)"])
def test_ambiguous_names_are_left_for_the_lifter(name: str) -> None:
    found = match_name(name)
    assert (found.exercise_id, found.match) == (None, "unmapped")


def test_an_unmapped_name_is_kept_with_zero_credit_and_a_suggestion_never_applied() -> None:
    credit = credit_names(["Kickbacks"]).row(0, named=True)
    assert credit == {
        "name": "Kickbacks",
        "exercise_id": None,
        "match": "unmapped",
        "suggestion": "glute_kickback",
        "pattern": None,
        **{
            column: 0.0
            for column in ("glute_max", "glute_med", "hamstring_hip", "hamstring_knee", "quads", "erectors")
        },
        "eccentric": False,
        "lower_body": False,
        "mapped": False,
    }


@pytest.mark.parametrize("name", ["Dumbbell", "Barbell (Machine)", "Barbell Complex", "Smith Machine Thing"])
def test_equipment_words_never_decide_a_match(name: str) -> None:
    found = match_name(name)
    assert found.exercise_id is None
    assert found.suggestion is None


def test_a_typo_is_corrected_only_when_it_cannot_be_the_opposite_movement() -> None:
    assert match_name("Hip Abdution Machine") == NameMatch(
        "Hip Abdution Machine", "hip_abduction", "normalized", None
    )
    assert match_name("Hip Addution Machine").exercise_id == "hip_adduction"


def test_an_opposite_movement_is_never_a_near_miss() -> None:
    taxonomy = load_taxonomy().filter(pl.col("exercise_id").is_in(["hip_adduction", "squat"]))
    matcher = Matcher(taxonomy, rules=())
    assert matcher.match("Hip Adduction Squeeze").suggestion == "hip_adduction"
    assert matcher.match("Hip Abduction Squeeze").suggestion is None


def test_typo_correction_needs_one_unambiguous_word_and_never_lands_on_an_opposite() -> None:
    words = NearWords({"squat", "abduction", "press", "dress"})
    assert words.correct(["sqaut", "squats", "sqauts"]) == ("squat", "squat", "sqauts")
    assert words.correct(["abdution"]) == ("abduction",)
    assert words.correct(["adduction"]) == ("adduction",)  # one letter from abduction, but its opposite
    assert words.correct(["bress"]) == ("bress",)  # press or dress: no guess


def test_normalize_separates_movement_from_equipment() -> None:
    a = normalize("Romanian Deadlift (Dumbbell)")
    assert (a.movement, a.equipment) == (("romanian", "deadlift"), frozenset({"dumbbell"}))
    assert normalize("DB RDL") == a
    assert normalize("Dumbbell Romanian Deadlifts (Each Side)") == a
    assert normalize("Back Extension (Machine)").full_key == "back extension|machine"
    assert normalize("Pull-Ups").movement == ("pullup",)
    assert normalize("Trap Bar Deadlift").movement == ("trapbar", "deadlift")


def test_overrides_win_over_every_default() -> None:
    overrides = {"Squat (Barbell)": "front_squat", "Kickbacks": "glute_kickback"}
    assert match_name("Squat (Barbell)", overrides) == NameMatch(
        "Squat (Barbell)", "front_squat", "override", None
    )
    frame = credit_names(["Kickbacks", "Squat (Dumbbell)"], overrides)
    assert frame.select("name", "exercise_id", "match", "glute_max", "mapped").rows() == [
        ("Kickbacks", "glute_kickback", "override", 1.0, True),
        ("Squat (Dumbbell)", "squat", "alias", 1.0, True),  # Kubo 2019: squats train the glutes directly
    ]


def test_an_override_to_an_unknown_id_is_an_error_naming_close_ids() -> None:
    with pytest.raises(UnknownExerciseError, match="'hip_thrust'"):
        match_name("Glute Day", {"Glute Day": "hip_thrusts"})


def test_credit_names_one_row_per_distinct_name_in_first_seen_order() -> None:
    frame = credit_names(["Leg Press", "Nordic Curl", "Leg Press", "zzz", "Nordic Curl"])
    assert frame.schema == pl.Schema(CREDIT_COLUMNS)
    NameCredits.validate(frame)
    assert frame.select("name", "exercise_id", "hamstring_knee", "quads", "eccentric", "mapped").rows() == [
        ("Leg Press", "leg_press", 0.0, 1.0, False, True),
        ("Nordic Curl", "nordic_curl", 1.0, 0.0, True, True),
        ("zzz", None, 0.0, 0.0, False, False),
    ]


def test_credit_names_of_nothing_is_an_empty_frame_with_the_schema() -> None:
    frame = credit_names([])
    assert frame.height == 0 and frame.schema == pl.Schema(CREDIT_COLUMNS)


def test_names_must_be_strings() -> None:
    with pytest.raises(TypeError, match="exercise names are strings"):
        credit_names(["Squat", None])  # type: ignore[list-item]


def test_every_name_and_alias_matches_its_own_row_exactly_and_when_restyled() -> None:
    wrong = []
    for row in load_taxonomy().iter_rows(named=True):
        for text in [row["name"], *filter(None, row["aliases"].split("|"))]:
            restyled = "  " + text.upper().replace(" ", "  ") + " "
            for variant, kinds in ((text, {"exact", "alias"}), (restyled, {"normalized"})):
                found = match_name(variant)
                if found.exercise_id != row["exercise_id"] or found.match not in kinds:
                    wrong.append((variant, row["exercise_id"], found.exercise_id, found.match))
    assert wrong == []


def test_the_normalized_index_has_no_unresolved_conflicts() -> None:
    assert default_matcher().conflicts == ()


def test_every_structure_rule_points_at_a_taxonomy_exercise() -> None:
    ids = set(load_taxonomy().get_column("exercise_id"))
    assert {r.exercise_id for r in STRUCTURE_RULES if r.exercise_id is not None} - ids == set()


def test_a_structure_rule_cannot_be_equipment_alone() -> None:
    with pytest.raises(ValueError, match="movement word"):
        rule("deadlift", equipment="barbell")


@given(st.text(max_size=60))
def test_any_text_gets_a_well_formed_match(name: str) -> None:
    found = match_name(name)
    assert found.name == name and found.match in MATCH_KINDS
    assert (found.exercise_id is None) == (found.match == "unmapped")
    assert found.match == "unmapped" or found.suggestion is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # An upper-body movement word decides over a word that only says where the body is (issue 19).
        ("Between The Leg Single Lateral Raise", "lateral_raise"),
        ("Between The Legs Front Raise", "front_raise"),
        ("Bulgarian Pushup", "push_up"),
        ("Bulgarian Push Up", "push_up"),
        ("Bulgarian Row", "row"),
        ("Single Leg Push-up", "push_up"),
        ("Hip Fly", "chest_fly"),
        # ... while the leg movements those words also appear in keep their match.
        ("Bulgarian Squat", "bulgarian_split_squat"),
        ("Side Lying Leg Raise", "side_lying_leg_raise"),
        ("Lateral Leg Raise (Band)", "side_lying_leg_raise"),
        ("Leg Press (Hammer Strength)", "leg_press"),
    ],
)
def test_an_upper_body_word_decides_over_a_body_position_word(name: str, expected: str) -> None:
    assert match_name(name).exercise_id == expected


@pytest.mark.parametrize("name", ["Bulgarian Bag Swing", "Hip Press", "Cable Hip Raise"])
def test_names_the_matcher_cannot_place_stay_unmapped(name: str) -> None:
    assert match_name(name).match == "unmapped"
