"""The verdict and its actions on small hand-written logs, one rule at a time, with hand-computed numbers.

Logs are canonical sets (``tests.etl.analysis.test_weekly.sets_frame``), stored and added up as the product
does (``stored_weekly``) and credited by the hand-written ``CREDIT`` frame, so every number below is worked
out from the sets listed: hip thrust 1 glute set; back extension 1 hip-extension set; seated leg curl and
Nordic 1 knee-flexion set; squat 1 quad and 0.5 glute set.
"""

from __future__ import annotations

import json
from datetime import date

import polars as pl

from etl.analysis.settings import BalanceSettings
from etl.analysis.verdict import ROLES, Verdict, verdict
from tests.helpers.weekly_sets import CREDIT, repeat, sets_frame, stored_weekly, training, week

S = BalanceSettings()


def verdict_of(sets: pl.DataFrame, settings: BalanceSettings = S, **options: object) -> Verdict:
    return verdict(stored_weekly(sets, CREDIT, settings), settings, athlete="ana", **options)  # type: ignore[arg-type]


def added(v: Verdict) -> int:
    return sum(a.sets_per_week for a in v.actions)


def check_action_rules(v: Verdict, lower_body_sets: float) -> None:
    """The rules every verdict keeps, whatever its status."""
    exercises = [a.exercise for a in v.actions]
    assert len(exercises) == len(set(exercises)), exercises  # each exercise once
    assert added(v) <= min(S.max_added_sets, lower_body_sets)
    assert all(
        a.role in ROLES and a.sets_per_week > 0 and any(ch.isdigit() for ch in a.why) for a in v.actions
    )
    assert [a.role for a in v.actions].count("nordic") <= 1


def test_json_has_exactly_the_documented_keys() -> None:
    v = verdict_of(training([(12, 2)] * 4))
    data = json.loads(json.dumps(v.to_dict()))
    assert list(data) == ["athlete", "week_start", "status", "gaps", "headline", "actions", "notes"]
    assert all(list(a) == ["exercise", "sets_per_week", "role", "why"] for a in data["actions"])
    assert data["week_start"] == "2024-01-22" and data["athlete"] == "ana"


def test_a_lifter_with_no_leg_training_is_told_so_and_nothing_else() -> None:
    v = verdict_of(sets_frame(*(s for n in range(4) for s in repeat(6, "Bench Press (Barbell)", week(n)))))
    assert v.status == "no_lower_body"
    assert v.headline == "No leg training logged"
    assert v.actions == () and v.gaps == ()
    assert "Nordic" not in " ".join(v.lines())


def test_a_squat_only_lifter_hears_about_both_hamstring_roles_within_the_cap() -> None:
    # 10 squats a week for 4 weeks: 5 glute sets, 0 hamstring sets, 10 leg sets a week.
    v = verdict_of(sets_frame(*(s for n in range(4) for s in repeat(10, "Squat (Barbell)", week(n)))))
    assert v.status == "glute_dominant"
    assert v.gaps == ("hip_extension", "knee_flexion", "nordic")
    # Knee flexion first (no sets at all; the tie goes to knee flexion), each up to its minimum of 2; the
    # 4-set cap leaves nothing for Nordics, which a note defers.
    assert [(a.exercise, a.sets_per_week, a.role) for a in v.actions] == [
        ("seated leg curl", 2, "knee_flexion"),
        ("Romanian deadlift", 2, "hip_extension"),
    ]
    assert (
        "knee-flexion hamstring work is 0 sets a week, under the heuristic minimum of 2" in v.actions[0].why
    )
    assert "hamstrings get 0 sets a week against 5 for glutes" in v.actions[0].why
    assert any("Nordic curls" in n and "2 sets of 4-6 reps once a week" in n for n in v.notes)
    check_action_rules(v, 10)


def test_a_lifter_with_no_knee_flexion_hears_about_curls_before_more_hinges() -> None:
    # 12 hip thrusts and 4 back extensions a week: ratio 3, hip extension 4, knee flexion 0.
    v = verdict_of(training([(12, 4)] * 4, knee="none"))
    assert v.status == "glute_dominant"
    assert v.actions[0].role == "knee_flexion"
    # To 12 / 1.5 = 8 hamstring sets a week (4 to add): 2 curls for the minimum, the other 2 to the role
    # with fewer sets (still knee flexion): one action of 4, the cap.
    assert [(a.exercise, a.sets_per_week) for a in v.actions] == [("seated leg curl", 4)]
    assert any("call for" in n for n in v.notes) is False
    check_action_rules(v, 16)


def test_hamstring_leaning_adds_glute_work_never_hamstring_work_and_no_nordics() -> None:
    # First a balanced month, then 3 glute and 12 hamstring sets: leaning, not yet sustained.
    v = verdict_of(training([(10, 8)] * 4 + [(3, 12)] * 2))
    assert v.status == "hamstring_leaning"
    assert v.headline.startswith("Leaning hamstring-heavy")
    assert {a.role for a in v.actions} == {"glute"}
    # Window: glutes (10 + 10 + 3 + 3) / 4 = 6.5, hamstrings (8 + 8 + 12 + 12) / 4 = 10; ratio 0.65 under
    # 1 / 1.5: to 10 / 1.5 = 6.67 glute sets, and at least 5 beside 10+: add 1.
    assert [(a.exercise, a.sets_per_week) for a in v.actions] == [("hip thrust", 1)]
    assert "glutes get 6.5 sets a week against 10 for hamstrings (a ratio of 0.65" in v.actions[0].why
    assert "Nordic" not in " ".join(a.text for a in v.actions)


def test_a_first_week_says_it_is_early_and_is_never_dominant() -> None:
    v = verdict_of(training([(12, 2)]))
    assert v.status == "glute_leaning"
    assert v.early and v.headline.startswith("Early days:")
    assert any(n.startswith("Early: this rests on 1 week of training") for n in v.notes)


def test_a_three_set_lifter_is_never_told_to_add_more_than_three_sets() -> None:
    v = verdict_of(sets_frame(*(s for n in range(4) for s in repeat(3, "Hip Thrust (Barbell)", week(n)))))
    assert v.status == "low_volume"
    assert added(v) == 3
    assert any("The numbers call for" in n and "current 3 lower-body sets a week" in n for n in v.notes)
    check_action_rules(v, 3)


def test_balanced_with_no_nordics_gets_one_nordic_action_at_the_starting_dose() -> None:
    v = verdict_of(training([(10, 8)] * 4))
    assert v.status == "balanced" and v.gaps == ("nordic",)
    assert [(a.exercise, a.sets_per_week, a.role) for a in v.actions] == [
        ("Nordic hamstring curl", 2, "nordic")
    ]
    assert "no Nordic curls in this log" in v.actions[0].why
    assert "2 sets of 4-6 reps once a week" in v.actions[0].text and "Mjølsnes 2004" in v.actions[0].text


def test_recent_nordics_mean_no_nordic_advice() -> None:
    sets = pl.concat([training([(10, 8)] * 4), sets_frame(*repeat(2, "Nordic Hamstring Curl", week(2)))])
    v = verdict_of(sets)
    assert v.weeks_since_nordic == 1 and "nordic" not in v.gaps
    assert v.status == "balanced" and v.actions == ()


def test_missing_knee_flexion_inside_the_band_adds_curls_to_the_minimum() -> None:
    v = verdict_of(training([(10, 8)] * 4, knee="none"))
    assert v.status == "missing_knee_flexion"
    assert v.headline == "Balanced ratio, but too little knee-flexion hamstring work"
    assert v.actions[0] == v.actions[0].__class__(
        "seated leg curl",
        2,
        "knee_flexion",
        "knee-flexion hamstring work is 0 sets a week, under the heuristic minimum of 2; seated leg curls grew the "
        "hamstrings more than lying ones (Maeo 2021)",
    )
    assert [a.role for a in v.actions] == ["knee_flexion", "nordic"]


def test_the_cap_is_a_setting() -> None:
    settings = BalanceSettings(max_added_sets=2)
    v = verdict_of(
        sets_frame(*(s for n in range(4) for s in repeat(10, "Squat (Barbell)", week(n)))), settings
    )
    assert added(v) == 2 and [a.role for a in v.actions] == ["knee_flexion"]


def test_a_week_without_training_reads_the_window_before_it() -> None:
    sets = training([(10, 8)] * 3)
    weekly = stored_weekly(sets, CREDIT, S, end=date(2024, 2, 5))
    v = verdict(weekly, S, athlete="ana")
    assert v.status == "no_training" and v.weeks_without_training == 3
    assert v.headline.startswith("No training logged for 3 weeks; before that: glutes and hamstrings")
    assert v.week_start == date(2024, 1, 15)


def test_week_picks_an_earlier_window_and_other_athletes_are_ignored() -> None:
    ours = training([(10, 8)] * 2 + [(12, 2)] * 4)
    theirs = sets_frame(*repeat(5, "Bench Press (Barbell)", week(0), athlete="bo"))
    weekly = stored_weekly(pl.concat([ours, theirs]), CREDIT, S)
    assert verdict(weekly, S, athlete="ana", week=date(2024, 1, 10)).status == "balanced"
    assert verdict(weekly, S, athlete="ana").status == "glute_dominant"
    assert verdict(weekly, S, athlete="bo").status == "no_lower_body"
    assert verdict(weekly, S, athlete="nobody").status == "no_training"


def test_low_volume_shares_the_cap_between_both_sides_behind_side_first() -> None:
    # 2 hip thrusts and 1 seated curl + 1 back extension a week: glutes 2, hamstrings 2 (1 hip, 1 knee), 4 leg sets.
    v = verdict_of(training([(2, 2)] * 4))
    assert v.status == "low_volume"
    # Needed: knee flexion 1 and hip extension 1 (to their minimums of 2), 1 more hamstring set (to 5: to the
    # role with fewer sets, a tie going to knee flexion), 3 glute sets (to 5). Hamstrings are not ahead (2 <= 2),
    # so they come first; the 4-set cap is shared one set per need at a time.
    assert [(a.role, a.sets_per_week) for a in v.actions] == [
        ("knee_flexion", 2),
        ("hip_extension", 1),
        ("glute", 1),
    ]
    check_action_rules(v, 4)
