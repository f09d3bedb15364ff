"""Warm-ups read from loads (``etl.analysis.warmups``): a ramp, a pyramid, back-off sets, bodyweight work, the app's
own marks, and the setting taking effect on stored sets without a re-import."""

from __future__ import annotations

from typing import Any

import pytest

from etl.analysis.settings import BalanceSettings
from etl.analysis.warmups import warmup_by_load
from etl.analysis.weekly import load_weekly
from tests.helpers.weekly_sets import CREDIT, MON, insert_sets, sets_frame, stored_weekly


def session(name: str, *loads: float | None, kinds: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """One exercise in one session, its sets in the order given (kinds default to working)."""
    return [
        {"name": name, "at": MON, "kg": kg, "reps": 5.0, "kind": kinds[i] if i < len(kinds) else "working"}
        for i, kg in enumerate(loads)
    ]


def flags(sets: list[dict[str, Any]], share: float | None = 0.6) -> list[bool]:
    return sets_frame(*sets).select(warmup_by_load(share)).to_series().to_list()


def test_a_ramp_before_the_top_set_is_warm_up() -> None:
    # 20, 60, 80 kg before 3 x 5 at 140 kg: 20 and 60 are under 84 kg (60% of 140); 80 too; the work sets count.
    assert flags(session("Squat (Barbell)", 20, 60, 80, 140, 140, 140)) == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]
    row = stored_weekly(sets_frame(*session("Squat (Barbell)", 20, 60, 80, 140, 140, 140)), CREDIT).row(
        0, named=True
    )
    assert (row["quad_sets"], row["warmup_sets_by_load"]) == (3.0, 3)


def test_a_set_at_or_over_the_share_before_the_top_stays_hard() -> None:
    assert flags(session("Squat (Barbell)", 60, 84, 100, 140)) == [True, False, False, False]


def test_a_pyramid_stays_hard() -> None:
    assert flags(session("Squat (Barbell)", 100, 110, 120, 130, 140)) == [False] * 5


def test_back_off_sets_after_the_top_stay_hard_however_light() -> None:
    assert flags(session("Romanian Deadlift (Barbell)", 60, 140, 100, 50)) == [True, False, False, False]


def test_bodyweight_and_unloaded_sets_are_never_reclassified() -> None:
    assert flags(session("Nordic Hamstring Curl", None, None, None)) == [False] * 3
    assert flags(session("Hip Thrust (Barbell)", 0, 0, 100)) == [False, False, False]  # 0 kg is unloaded
    assert flags(session("Hip Thrust (Barbell)", None, 20, 100)) == [False, True, False]


def test_explicit_warm_up_marks_win() -> None:
    # The app marked the first set: the rule leaves this session's exercise alone (the 60 kg set counts).
    marked = session("Squat (Barbell)", 20, 60, 140, kinds=("warmup",))
    assert flags(marked) == [False, False, False]
    assert stored_weekly(sets_frame(*marked), CREDIT).item(0, "quad_sets") == 2.0


def test_each_exercise_and_session_is_judged_alone() -> None:
    sets = session("Squat (Barbell)", 40, 100) + session("Hip Thrust (Barbell)", 50, 60)
    assert flags(sets) == [True, False, False, False]  # 50 kg is not under 60% of the hip thrust's 60 kg


def test_the_share_is_a_setting_and_can_be_off() -> None:
    ramp = session("Squat (Barbell)", 20, 60, 100, 140)
    assert flags(ramp, share=None) == [False] * 4
    assert flags(ramp, share=0.5) == [True, True, False, False]
    for share, warmups in ((0.6, 2), (None, 0)):
        weekly = stored_weekly(sets_frame(*ramp), CREDIT, BalanceSettings(warmup_load_share=share))
        assert weekly.item(0, "warmup_sets_by_load") == warmups


@pytest.mark.parametrize("share", [None, 0.6, 0.8])
def test_the_setting_takes_effect_on_stored_sets_without_re_import(con: Any, share: float | None) -> None:
    sets = sets_frame(*session("Squat (Barbell)", 20, 60, 100, 140, 140))
    insert_sets(con, sets)
    settings = BalanceSettings(warmup_load_share=share)
    stored = load_weekly(con, "ana", settings)
    expected = {None: 0, 0.6: 2, 0.8: 3}[share]
    assert stored.item(0, "warmup_sets_by_load") == expected
    assert stored.item(0, "quad_sets") == 5 - expected
