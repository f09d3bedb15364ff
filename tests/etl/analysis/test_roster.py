"""The coach's roster (etl.analysis.roster) on a hand-written two-athlete database."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from etl.analysis.roster import roster
from etl.analysis.settings import BalanceSettings, save_settings
from etl.analysis.weekly import load_weekly
from tests.helpers.weekly_sets import TODAY, two_athletes


def test_one_row_per_athlete_from_the_weekly_numbers(con: Any) -> None:
    two_athletes(con)
    rows = {r["athlete"]: r for r in roster(con, today=TODAY).iter_rows(named=True)}
    assert list(rows) == ["ana", "bo"]
    ana, bo = rows["ana"], rows["bo"]
    assert ana["status"] == "glute_dominant"
    assert ana["glute_ham_ratio"] == pytest.approx(4.5)
    assert ana["ratio_weeks"] == pytest.approx([4.5] * 4)
    assert (ana["hip_extension_sets"], ana["knee_flexion_sets"]) == (2.0, 0.0)
    assert (ana["hip_extension_min"], ana["knee_flexion_min"]) == (2.0, 2.0)
    assert ana["weeks_since_nordic"] is None
    assert ana["last_training_day"] == date(2024, 1, 22)
    assert ana["weeks_without_training"] == 3
    assert ana["sources"] == ["strong"]
    assert ana["needs_attention"] is True
    statuses = load_weekly(con, "ana").get_column("status").to_list()
    held = len(statuses) - max(i for i, s in enumerate(statuses) if s != "glute_dominant") - 1
    assert ana["status_weeks"] == held == 2  # dominant once the ratio was out of band 3 weeks in a row
    assert ana["status_held_longer"] is False

    assert bo["status"] == "balanced"
    assert bo["glute_ham_ratio"] == pytest.approx(4.5 / 6)
    assert bo["ratio_weeks"][1] == pytest.approx(4.5 * 2 / 14)  # the Nordic week: 2 more knee-flexion sets
    assert (bo["hip_extension_sets"], bo["knee_flexion_sets"]) == (3.0, 3.0)
    assert bo["weeks_since_nordic"] == 4
    assert bo["last_training_day"] == date(2024, 2, 5)
    assert bo["weeks_without_training"] == 1
    assert bo["sources"] == ["hevy"]
    # week 1's window (9 glute against 14 hamstring sets, 0.64) leaned hamstring-heavy; balanced since week 2
    assert bo["status_weeks"] == 4 and bo["status_held_longer"] is False
    assert bo["needs_attention"] is False


def test_each_athletes_own_settings_decide_their_row(con: Any) -> None:
    two_athletes(con)
    save_settings(con, "bo", BalanceSettings(hip_extension_min_sets=4.0))
    bo = roster(con, today=TODAY).row(1, named=True)
    assert bo["status"] == "missing_hip_extension"
    assert bo["hip_extension_min"] == 4.0
    assert bo["needs_attention"] is True
    given = roster(con, {"bo": BalanceSettings()}, today=TODAY).row(1, named=True)
    assert given["status"] == "balanced"  # settings passed in win over the stored ones


def test_an_empty_database_has_an_empty_roster(con: Any) -> None:
    assert roster(con, today=TODAY).height == 0
