"""On every real export, every week's status agrees with the numbers beside it, and every verdict keeps
the action rules (issue 19). The oracle below restates the rules from the issue in plain Python, row by
row, independently of the polars expressions in ``etl.analysis.weekly``; the corpus gives breadth."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from etl.analysis.settings import BalanceSettings
from etl.analysis.verdict import verdict
from etl.analysis.weekly import load_weekly
from etl.ingest import ingest
from etl.store import database as store
from schemas.weekly import GAP_SEPARATOR
from tests.helpers.corpus import corpus_files
from tests.helpers.weekly_sets import CREDIT, stored_weekly, training

SETTINGS = (
    BalanceSettings(),
    BalanceSettings(window_weeks=2, sustained_weeks=2, dominance_ratio=1.3, max_added_sets=6),
)


def contradictions(row: dict[str, Any], s: BalanceSettings) -> list[str]:
    """What is wrong with one week's status and gaps, given its numbers (empty: nothing)."""
    status, problems = row["status"], []
    g, h = row["glute_sets_4w"] or 0.0, row["hamstring_sets_4w"] or 0.0
    hip, knee = row["hamstring_hip_sets_4w"] or 0.0, row["hamstring_knee_sets_4w"] or 0.0
    legs = (row["lower_body_sets_4w"] or 0.0) > 0
    ratio = row["glute_ham_ratio_4w"]
    above = (h == 0 and g > 0) or (ratio is not None and ratio > s.dominance_ratio)
    below = (g == 0 and h > 0) or (ratio is not None and ratio < 1 / s.dominance_ratio)
    inside = ratio is not None and not above and not below
    low = g < s.low_volume_sets and h < s.low_volume_sets

    def expect(condition: bool, what: str) -> None:
        if not condition:
            problems.append(f"{status}: {what}")

    expect((status == "no_training") == (row["workouts"] == 0), "no_training exactly when no workouts")
    if row["workouts"] > 0:
        expect(
            (status == "no_lower_body") == (not legs), "no_lower_body exactly when the window has no leg sets"
        )
        if legs:
            expect(
                (status == "low_volume") == low,
                f"low_volume exactly when both sides are under {s.low_volume_sets}",
            )
    if status.startswith("glute_"):
        expect(above, f"ratio {ratio} above the band")
    if status.startswith("hamstring_"):
        expect(below, f"ratio {ratio} below the band")
    if status.endswith("_dominant"):
        expect(row["training_weeks_4w"] >= 2, "dominance needs 2+ training weeks")
    if status in ("missing_hip_extension", "missing_knee_flexion", "balanced"):
        expect(inside, f"ratio {ratio} inside the band")
    if status == "missing_hip_extension":
        expect(hip < s.hip_extension_min_sets, f"hip extension {hip} under its minimum")
    if status == "missing_knee_flexion":
        expect(knee < s.knee_flexion_min_sets, f"knee flexion {knee} under its minimum")
    if status == "balanced":
        expect(
            hip >= s.hip_extension_min_sets and knee >= s.knee_flexion_min_sets,
            "both roles at their minimums",
        )
    gaps = set(row["gaps"].split(GAP_SEPARATOR)) if row["gaps"] else set()
    expect(("hip_extension" in gaps) == (legs and hip < s.hip_extension_min_sets), f"hip gap vs {hip}")
    expect(("knee_flexion" in gaps) == (legs and knee < s.knee_flexion_min_sets), f"knee gap vs {knee}")
    since = row["weeks_since_nordic"]
    expect(
        ("nordic" in gaps) == (legs and (since is None or since >= s.nordic_gap_weeks)),
        f"nordic gap vs {since}",
    )
    return problems


def broken_action_rules(weekly: pl.DataFrame, athlete: str, week: Any, s: BalanceSettings) -> list[str]:
    v = verdict(weekly, s, athlete=athlete, week=week)
    problems = []
    exercises = [a.exercise for a in v.actions]
    lower = v.lower_body_sets_per_week or 0.0
    if len(exercises) != len(set(exercises)):
        problems.append(f"an exercise twice: {exercises}")
    if sum(a.sets_per_week for a in v.actions) > min(s.max_added_sets, math.floor(lower + 1e-9)):
        problems.append(f"adds {sum(a.sets_per_week for a in v.actions)} sets beside {lower} leg sets a week")
    if [a.role for a in v.actions].count("nordic") > 1:
        problems.append("Nordic advice twice")
    headline = v.headline.lower()
    behind_glutes = (
        v.status.startswith("hamstring_") or "hamstring-heavy" in headline or "hamstring-dominant" in headline
    )
    if behind_glutes and any(a.role != "glute" for a in v.actions):
        problems.append(f"hamstring work for a hamstring-side verdict: {v.actions}")
    if v.status == "no_lower_body" and v.actions:
        problems.append("actions without leg training")
    if any(not any(ch.isdigit() for ch in a.why) for a in v.actions):
        problems.append("a why without numbers")
    if v.training_weeks < 2 and v.week_start is not None and not any(n.startswith("Early") for n in v.notes):
        problems.append("an early verdict that does not say so")
    return [f"{v.week_start} {v.status}: {p}" for p in problems]


def walk(weekly: pl.DataFrame, s: BalanceSettings) -> list[str]:
    problems = []
    for row in weekly.iter_rows(named=True):
        problems += [f"{row['athlete']} {row['week_start']}: {p}" for p in contradictions(row, s)]
        if row["workouts"] > 0:
            problems += broken_action_rules(weekly, row["athlete"], row["week_start"], s)
    return problems


def test_the_oracle_catches_a_contradiction() -> None:
    weekly = stored_weekly(training([(10, 8)] * 4), CREDIT)
    assert walk(weekly, BalanceSettings()) == []
    lying = weekly.with_columns(status=pl.lit("glute_dominant"))
    assert any("above the band" in p for p in walk(lying, BalanceSettings()))
    no_curls = weekly.with_columns(hamstring_knee_sets_4w=pl.lit(0.5))
    assert any("both roles at their minimums" in p for p in walk(no_curls, BalanceSettings()))


@pytest.mark.parametrize("path", corpus_files("*.csv"), ids=lambda p: p.name)
@pytest.mark.parametrize("settings", SETTINGS, ids=["defaults", "tighter"])
def test_no_corpus_week_has_a_status_its_numbers_contradict(path: Path, settings: BalanceSettings) -> None:
    con = store.connect(":memory:")
    try:
        ingest(con, path.read_bytes(), path.name, tz="UTC", skip_invalid=True)
        athletes = [r[0] for r in con.execute("SELECT DISTINCT athlete FROM sets").fetchall()]
        problems = []
        for athlete in athletes:
            weekly = load_weekly(con, athlete, settings)
            assert weekly.height > 0
            problems += walk(weekly, settings)
    finally:
        con.close()
    assert problems == [], "\n".join(problems[:20])
