"""The verdict text, per status, from hand-built weekly rows with hand-computed set gaps."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import polars as pl
import pytest

from etl.recommend import recommend
from etl.settings import BalanceSettings
from schemas.weekly import WEEKLY_COLUMNS, WeeklyBalance, empty_weekly

FIRST = date(2024, 1, 1)


def week_row(
    n: int,
    *,
    glute: float = 0.0,
    hip: float = 0.0,
    knee: float = 0.0,
    status: str = "balanced",
    since_eccentric: int | None = 0,
    unmapped: int = 0,
    athlete: str = "ana",
) -> dict[str, Any]:
    """One weekly row in a steady state: this week's sets equal the rolling per-week means."""
    trained = status != "no_training"
    ham = hip + knee
    weekly = {
        "athlete": athlete,
        "week_start": FIRST + timedelta(weeks=n),
        "workouts": 2 if trained else 0,
        "glute_max_sets": glute if trained else 0.0,
        "glute_med_sets": 0.0,
        "glute_sets": glute if trained else 0.0,
        "hamstring_hip_sets": hip if trained else 0.0,
        "hamstring_knee_sets": knee if trained else 0.0,
        "hamstring_sets": ham if trained else 0.0,
        "quad_sets": 0.0,
        "eccentric_sets": 1 if since_eccentric == 0 else 0,
        "unmapped_sets": unmapped,
        "glute_tonnage_kg": 0.0,
        "hamstring_tonnage_kg": 0.0,
        "quad_tonnage_kg": 0.0,
        "glute_ham_ratio": glute / ham if trained and ham else None,
        "ham_quad_ratio": None,
        "knee_flexion_share": knee / ham if trained and ham else None,
        "window_weeks": 4,
        "training_weeks_4w": 4,
        "glute_sets_4w": glute,
        "hamstring_sets_4w": ham,
        "hamstring_hip_sets_4w": hip,
        "hamstring_knee_sets_4w": knee,
        "quad_sets_4w": 0.0,
        "eccentric_sets_4w": 0.0,
        "glute_ham_ratio_4w": glute / ham if ham else None,
        "ham_quad_ratio_4w": None,
        "knee_flexion_share_4w": knee / ham if ham else None,
        "weeks_since_eccentric": since_eccentric,
        "status": status,
    }
    return weekly


def frame(*rows: dict[str, Any]) -> pl.DataFrame:
    return WeeklyBalance.validate(pl.DataFrame(list(rows), schema=WEEKLY_COLUMNS))


def test_glute_dominant_names_the_gap_and_picks_hip_extension_work() -> None:
    # 14 glute vs 3 hamstring sets a week, all of them curls: hip-extension work is what is missing.
    weekly = frame(week_row(0, glute=14, hip=0, knee=3, status="glute_dominant", since_eccentric=None))
    r = recommend(weekly)
    assert r.status == "glute_dominant"
    assert r.headline.startswith("Glute-dominant")
    # To 14 / 1.5 = 9.33 hamstring sets: add ceil(6.33) = 7. Split so knee flexion lands mid-band:
    # 0.5 x (3 + 7) - 3 = 2 knee-flexion sets, 5 hip-extension sets.
    assert (r.hamstring_sets_to_add, r.hip_extension_sets_to_add, r.knee_flexion_sets_to_add) == (7, 5, 2)
    assert r.glute_sets_to_add == 0
    assert "Over the last 4 weeks your hamstrings got 3 sets a week (0 hip-extension, 3 knee-flexion)" in r.text
    assert "against 14 for glutes: a glute:hamstring ratio of 4.67" in r.text
    assert "heuristic" in r.text
    assert r.actions[0] == (
        "Add about 5 sets a week of hip-extension hamstring work (Romanian deadlift, 45° back extension, good morning)."
    )
    assert r.actions[1].startswith("Add about 2 sets a week of knee-flexion hamstring work (seated leg curl, Nordic curl)")
    assert r.eccentric_due and "van Dyk" in r.actions[2] and "none in this log" in r.actions[2]
    assert r.text.endswith(r.actions[-1])
    assert r.glute_sets_per_week == 14 and r.hamstring_sets_per_week == 3


def test_the_gap_follows_the_settings() -> None:
    weekly = frame(week_row(0, glute=14, hip=3, knee=0, status="glute_dominant"))
    assert recommend(weekly).hamstring_sets_to_add == 7  # 14 / 1.5 - 3 -> 7
    assert recommend(weekly, BalanceSettings(dominance_ratio=2.0)).hamstring_sets_to_add == 4  # 14 / 2 - 3
    # Glute sets >= 10 and hamstrings under the floor of 5: the floor is the target when the ratio is lenient.
    lenient = frame(week_row(0, glute=10, hip=4, knee=0, status="glute_dominant"))
    r = recommend(lenient, BalanceSettings(dominance_ratio=3.0))
    assert r.hamstring_sets_to_add == 1
    assert "hamstring sets under 5 a week while glute sets are 10+" in r.text


def test_hamstring_dominant_recommends_glute_work() -> None:
    weekly = frame(week_row(0, glute=2, hip=6, knee=6, status="hamstring_dominant", since_eccentric=0))
    r = recommend(weekly)
    assert r.status == "hamstring_dominant"
    assert r.glute_sets_to_add == 6  # 12 / 1.5 - 2
    assert r.hamstring_sets_to_add == 0
    assert r.actions == ["Add about 6 sets a week of glute work (hip thrust, single-leg glute bridge)."]
    assert "more than 1.5 hamstring sets for every glute set" in r.text


def test_low_volume_brings_both_to_the_lowest_cited_band() -> None:
    weekly = frame(week_row(0, glute=3, hip=1.5, knee=0, status="low_volume", since_eccentric=1))
    r = recommend(weekly)
    assert r.status == "low_volume"
    assert r.glute_sets_to_add == 2  # 5 - 3
    # 5 - 1.5 -> 4 hamstring sets: 0.5 x (1.5 + 4) = 2.75 -> 3 knee-flexion, 1 hip-extension.
    assert (r.hip_extension_sets_to_add, r.knee_flexion_sets_to_add) == (1, 3)
    assert "Schoenfeld, Ogborn & Krieger 2017" in r.text
    assert not r.eccentric_due  # last eccentric work 1 week ago, under the 2-week gap


def test_balanced_with_nothing_missing_has_no_actions() -> None:
    weekly = frame(week_row(0, glute=10, hip=4, knee=4, status="balanced", since_eccentric=0))
    r = recommend(weekly)
    assert (r.status, r.actions) == ("balanced", [])
    assert r.headline == "Glutes and hamstrings are in balance"
    assert "within the balanced band" in r.text and "heuristic" in r.text


def test_balanced_but_knee_flexion_share_out_of_band_adds_the_missing_kind() -> None:
    low_share = frame(week_row(0, glute=9, hip=6, knee=1, status="balanced"))
    r = recommend(low_share)
    # (1 + x) / (7 + x) >= 0.25  ->  x >= 1
    assert (r.hip_extension_sets_to_add, r.knee_flexion_sets_to_add) == (0, 1)
    assert r.actions[0].startswith("Add about 1 set a week of knee-flexion hamstring work")
    assert "14% of your hamstring sets, outside the 25%-75% band (a heuristic)" in r.actions[0]
    high_share = frame(week_row(0, glute=9, hip=1, knee=7, status="balanced"))
    # 7 / (8 + y) <= 0.75  ->  y >= 1.33  ->  2
    assert recommend(high_share).hip_extension_sets_to_add == 2


def test_eccentric_work_is_recommended_after_the_gap() -> None:
    three_weeks = frame(week_row(0, glute=10, hip=4, knee=4, since_eccentric=3))
    r = recommend(three_weeks)
    assert r.eccentric_due and r.weeks_since_eccentric == 3
    assert r.actions == [
        "Do 2-3 sets of Nordic curls or glute-ham raises each week (the last was 3 weeks ago): Nordic "
        "programmes cut hamstring strains by about half in athletes (van Dyk, Behan & Whiteley 2019)."
    ]
    assert not recommend(three_weeks, BalanceSettings(eccentric_gap_weeks=4)).eccentric_due


def test_no_training_lately_reports_the_last_training_window() -> None:
    weekly = frame(
        week_row(0, glute=14, hip=3, knee=0, status="glute_dominant"),
        week_row(1, status="no_training", since_eccentric=1),
        week_row(2, status="no_training", since_eccentric=2),
    )
    r = recommend(weekly)
    assert r.status == "no_training"
    assert r.headline.startswith("No training logged for 2 weeks; before that: glute-dominant")
    assert r.text.startswith("Over the 4 weeks to the week of 2024-01-01 your hamstrings got 3 sets a week")
    assert r.hamstring_sets_to_add == 7


def test_no_training_at_all() -> None:
    assert recommend(empty_weekly()).headline == "No training logged yet"
    only_gap = frame(week_row(0, status="no_training", since_eccentric=None))
    r = recommend(only_gap)
    assert (r.status, r.headline, r.actions) == ("no_training", "No training logged since the week of 2024-01-01", [])


def test_unrecognised_sets_in_the_window_are_mentioned() -> None:
    weekly = frame(*(week_row(n, glute=10, hip=4, knee=4, unmapped=n) for n in range(6)))
    r = recommend(weekly)
    assert r.unmapped_sets == 2 + 3 + 4 + 5  # the last four weeks only
    assert "14 sets in that window had exercise names liftbalance does not recognise yet" in r.text


def test_one_athlete_at_a_time() -> None:
    weekly = frame(week_row(0, glute=10, hip=4, knee=4), week_row(0, glute=10, hip=4, knee=4, athlete="bo"))
    with pytest.raises(ValueError, match="one athlete"):
        recommend(weekly)
