"""The verdict in words: what the latest weeks are missing and what to add, from the numbers.

A lifter reads a sentence, not a ratio. Everything in the text is computed from the latest
rolling window of the weekly frame: how many sets to add is the gap to the balanced band
(``BalanceSettings``), and which exercises is chosen by which kind of hamstring work is
missing (hip extension, knee flexion, eccentric), from the article's list (science.md).
Thresholds that are heuristics are labelled as such in the text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from etl.settings import BalanceSettings

HIP_EXTENSION_EXERCISES = ("Romanian deadlift", "45° back extension", "good morning")
KNEE_FLEXION_EXERCISES = ("seated leg curl", "Nordic curl")
ECCENTRIC_EXERCISES = ("Nordic curls", "glute-ham raises")
GLUTE_EXERCISES = ("hip thrust", "single-leg glute bridge")
HEURISTIC = "a heuristic: there is no published norm"
EPSILON = 1e-9


@dataclass(frozen=True)
class Recommendation:
    """The verdict for the latest window and the numbers it was computed from.

    ``text`` is ``summary`` (what the numbers say) followed by ``actions`` (what to add).
    """

    status: str
    headline: str
    text: str
    summary: str = ""
    actions: list[str] = field(default_factory=list)
    week_start: date | None = None
    window_weeks: int = 0
    training_weeks: int = 0
    glute_sets_per_week: float | None = None
    hamstring_sets_per_week: float | None = None
    hip_extension_sets_per_week: float | None = None
    knee_flexion_sets_per_week: float | None = None
    glute_ham_ratio: float | None = None
    knee_flexion_share: float | None = None
    weeks_since_eccentric: int | None = None
    unmapped_sets: int = 0
    glute_sets_to_add: int = 0
    hip_extension_sets_to_add: int = 0
    knee_flexion_sets_to_add: int = 0
    eccentric_due: bool = False

    @property
    def hamstring_sets_to_add(self) -> int:
        return self.hip_extension_sets_to_add + self.knee_flexion_sets_to_add


def _n(value: float | None) -> str:
    """A set count for a sentence: '3', '2.5', '0.3'."""
    if value is None:
        return "0"
    return f"{value:.1f}".rstrip("0").rstrip(".") or "0"


def _sets(count: int) -> str:
    return f"{count} set" if count == 1 else f"{count} sets"


def _gap(target: float, current: float) -> int:
    """Whole sets a week to get from ``current`` to at least ``target`` (0 if already there)."""
    return max(0, math.ceil(target - current - EPSILON))


def _ham_split(add: int, hip: float, knee: float, s: BalanceSettings) -> tuple[int, int]:
    """Split ``add`` new hamstring sets so knee-flexion's share lands near the middle of its band."""
    if add == 0:
        return 0, 0
    middle = (s.knee_flexion_share_min + s.knee_flexion_share_max) / 2
    knee_add = min(add, max(0, round(middle * (hip + knee + add) - knee)))
    return add - knee_add, knee_add


def _share_fix(hip: float, knee: float, s: BalanceSettings) -> tuple[int, int]:
    """Sets to add to bring an out-of-band knee-flexion share back to the band's edge."""
    total = hip + knee
    if total <= 0:
        return 0, 0
    share = knee / total
    if share < s.knee_flexion_share_min:
        # (knee + x) / (total + x) >= min
        return 0, _gap((s.knee_flexion_share_min * total - knee) / (1 - s.knee_flexion_share_min), 0)
    if share > s.knee_flexion_share_max:
        # knee / (total + y) <= max
        return _gap(knee / s.knee_flexion_share_max - total, 0), 0
    return 0, 0


def _latest(weekly: pl.DataFrame) -> tuple[dict[str, Any] | None, dict[str, Any] | None, int]:
    """(last row, last training row, unmapped sets in that training row's window)."""
    athletes = weekly.get_column("athlete").unique()
    if athletes.len() > 1:
        raise ValueError(f"recommend() takes one athlete's weekly rows, got {athletes.len()} athletes")
    rows = weekly.sort("week_start")
    last = rows.row(-1, named=True) if rows.height else None
    trained = rows.with_row_index("_i").filter(pl.col("workouts") > 0)
    if trained.height == 0:
        return last, None, 0
    row = trained.row(-1, named=True)
    index = row.pop("_i")
    window = rows.slice(max(0, index - row["window_weeks"] + 1), min(index + 1, row["window_weeks"]))
    return last, row, int(window.get_column("unmapped_sets").sum())


def _summary(row: dict[str, Any], period: str) -> str:
    g, h = row["glute_sets_4w"], row["hamstring_sets_4w"]
    trained = row["training_weeks_4w"]
    with_training = "" if trained == row["window_weeks"] else f" ({trained} with training)"
    ratio = row["glute_ham_ratio_4w"]
    ratio_text = (
        f"a glute:hamstring ratio of {ratio:.2f}" if ratio is not None else "no hamstring work at all"
    )
    return (
        f"{period}{with_training} your hamstrings got {_n(h)} sets a week "
        f"({_n(row['hamstring_hip_sets_4w'])} hip-extension, {_n(row['hamstring_knee_sets_4w'])} knee-flexion) "
        f"against {_n(g)} for glutes: {ratio_text}."
    )


def _judgement(status: str, g: float, h: float, s: BalanceSettings) -> str:
    if status == "low_volume":
        return (
            f"Both are under {_n(s.low_volume_sets)} sets a week, the lowest band in Schoenfeld, Ogborn & "
            f"Krieger 2017; {_n(s.dominance_high_sets)}+ is the top band."
        )
    if status in ("glute_dominant", "hamstring_dominant"):
        strong, weak, strong_name, weak_name = (
            (g, h, "glute", "hamstring") if status == "glute_dominant" else (h, g, "hamstring", "glute")
        )
        if strong > s.dominance_ratio * weak:
            why = f"more than {_n(s.dominance_ratio)} {strong_name} sets for every {weak_name} set"
        else:
            why = (
                f"{weak_name} sets under {_n(s.dominance_floor_sets)} a week while {strong_name} sets are "
                f"{_n(s.dominance_high_sets)}+"
            )
        return f"That is {why}, week after week ({HEURISTIC})."
    return (
        f"That is within the balanced band (at most {_n(s.dominance_ratio)} sets of one for each set of "
        f"the other; {HEURISTIC})."
    )


def _actions(row: dict[str, Any], status: str, s: BalanceSettings) -> tuple[list[str], dict[str, Any]]:
    g, h = row["glute_sets_4w"], row["hamstring_sets_4w"]
    hip, knee = row["hamstring_hip_sets_4w"], row["hamstring_knee_sets_4w"]
    ham_add = glute_add = 0
    if status == "glute_dominant":
        floor = s.dominance_floor_sets if g >= s.dominance_high_sets else 0.0
        ham_add = _gap(max(g / s.dominance_ratio, floor), h)
    elif status == "hamstring_dominant":
        floor = s.dominance_floor_sets if h >= s.dominance_high_sets else 0.0
        glute_add = _gap(max(h / s.dominance_ratio, floor), g)
    elif status == "low_volume":
        ham_add = _gap(s.low_volume_sets, h)
        glute_add = _gap(s.low_volume_sets, g)
    hip_add, knee_add = _ham_split(ham_add, hip, knee, s)
    share_note = ""
    if ham_add == 0:
        hip_add, knee_add = _share_fix(hip, knee, s)
        if hip_add or knee_add:
            share = knee / (hip + knee)
            share_note = (
                f": knee-flexion work is {share:.0%} of your hamstring sets, outside the "
                f"{s.knee_flexion_share_min:.0%}-{s.knee_flexion_share_max:.0%} band (a heuristic)"
            )
    actions: list[str] = []
    if hip_add:
        actions.append(
            f"Add about {_sets(hip_add)} a week of hip-extension hamstring work "
            f"({', '.join(HIP_EXTENSION_EXERCISES)}){share_note}."
        )
    if knee_add:
        actions.append(
            f"Add about {_sets(knee_add)} a week of knee-flexion hamstring work "
            f"({', '.join(KNEE_FLEXION_EXERCISES)}){share_note}."
        )
    if glute_add:
        actions.append(f"Add about {_sets(glute_add)} a week of glute work ({', '.join(GLUTE_EXERCISES)}).")
    since = row["weeks_since_eccentric"]
    eccentric_due = since is None or since >= s.eccentric_gap_weeks
    if eccentric_due:
        when = "none in this log" if since is None else f"the last was {since} weeks ago"
        actions.append(
            f"Do 2-3 sets of {' or '.join(ECCENTRIC_EXERCISES)} each week ({when}): Nordic programmes "
            "cut hamstring strains by about half in athletes (van Dyk, Behan & Whiteley 2019)."
        )
    numbers = {
        "glute_sets_to_add": glute_add,
        "hip_extension_sets_to_add": hip_add,
        "knee_flexion_sets_to_add": knee_add,
        "eccentric_due": eccentric_due,
    }
    return actions, numbers


_HEADLINES = {
    "glute_dominant": "Glute-dominant: your hamstrings are falling behind",
    "hamstring_dominant": "Hamstring-dominant: your glutes are falling behind",
    "low_volume": "Low volume for glutes and hamstrings",
    "balanced": "Glutes and hamstrings are in balance",
}


def recommend(weekly: pl.DataFrame, settings: BalanceSettings | None = None) -> Recommendation:
    """The verdict for the latest window of one athlete's ``WeeklyBalance`` frame."""
    s = settings or BalanceSettings()
    last, row, unmapped = _latest(weekly)
    if row is None:
        when = f" since the week of {last['week_start'].isoformat()}" if last is not None else " yet"
        return Recommendation(
            status="no_training",
            headline="No training logged" + when,
            text="Import a workout export to see your glute and hamstring balance.",
            summary="Import a workout export to see your glute and hamstring balance.",
            week_start=None if last is None else last["week_start"],
        )
    status = row["status"]
    assert last is not None
    gap_weeks = (last["week_start"] - row["week_start"]).days // 7
    if gap_weeks == 0:
        period = f"Over the last {row['window_weeks']} weeks"
    else:
        period = f"Over the {row['window_weeks']} weeks to the week of {row['week_start'].isoformat()}"
    g, h = row["glute_sets_4w"], row["hamstring_sets_4w"]
    actions, numbers = _actions(row, status, s)
    parts = [_summary(row, period), _judgement(status, g, h, s)]
    if unmapped:
        parts.append(
            f"{_sets(unmapped)} in that window had exercise names liftbalance does not recognise yet and "
            "count for no muscle."
        )
    summary = " ".join(parts)
    headline = _HEADLINES[status]
    if gap_weeks:
        headline = f"No training logged for {gap_weeks} week{'s' if gap_weeks > 1 else ''}; before that: {headline[0].lower()}{headline[1:]}"
        status = "no_training"
    return Recommendation(
        status=status,
        headline=headline,
        text=" ".join([summary, *actions]),
        summary=summary,
        actions=actions,
        week_start=row["week_start"],
        window_weeks=row["window_weeks"],
        training_weeks=row["training_weeks_4w"],
        glute_sets_per_week=g,
        hamstring_sets_per_week=h,
        hip_extension_sets_per_week=row["hamstring_hip_sets_4w"],
        knee_flexion_sets_per_week=row["hamstring_knee_sets_4w"],
        glute_ham_ratio=row["glute_ham_ratio_4w"],
        knee_flexion_share=row["knee_flexion_share_4w"],
        weeks_since_eccentric=row["weeks_since_eccentric"],
        unmapped_sets=unmapped,
        **numbers,
    )
