"""The verdict: what one athlete's latest window says and what a coach would add, from the weekly numbers.

A lifter reads a sentence, not a ratio. ``verdict`` reads one week's rolling window of the weekly frame
(``etl.analysis.weekly``: its ``status`` and ``gaps`` are decided there, so every front shows the same) and
turns it into a headline, a summary of the numbers, a few actions and notes. The rules for actions
come from science.md ("Read on real logs"):

- each action names one exercise, once; together they add at most ``max_added_sets`` sets a week and
  never more than the lifter's current weekly lower-body sets (add a little at a time);
- the side that is behind comes first, and within the hamstrings a role with no sets at all first
  (no knee-flexion work: leg curls before more hinges); a hamstring-side verdict never adds hamstring
  work, it adds glute work;
- Nordic curls are advised once, only to a lifter who trains legs and has done none for
  ``nordic_gap_weeks``, at a starting dose (2 sets of 4-6 reps once a week, Mjølsnes 2004);
- a lifter who logs no leg training is told exactly that, and nothing else;
- every action's ``why`` quotes the numbers it rests on; heuristics say they are heuristics.

``Verdict.to_dict`` is the JSON the CLI prints; the dashboard and the report read the same object.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from etl.analysis.numbers import sets as _n  # a set count for a sentence: "3", "2.5", "0.3"
from etl.analysis.settings import BalanceSettings
from etl.analysis.weekly import week_of
from schemas.weekly import GAP_SEPARATOR

ROLES = ("glute", "hip_extension", "knee_flexion", "nordic")
HAMSTRING_ROLES = ("hip_extension", "knee_flexion")
# One exercise per role, from the article's list, with the evidence for choosing it.
EXERCISE = {
    "glute": "hip thrust",
    "hip_extension": "Romanian deadlift",
    "knee_flexion": "seated leg curl",
    "nordic": "Nordic hamstring curl",
}
EVIDENCE = {
    "glute": "hip thrusts load the glutes far more than the hamstrings (Contreras 2015)",
    "hip_extension": "the Romanian deadlift is among the highest hamstring activations (McAllister 2014)",
    "knee_flexion": "seated leg curls grew the hamstrings more than lying ones (Maeo 2021)",
}
ROLE_WORDS = {"hip_extension": "hip-extension", "knee_flexion": "knee-flexion"}
# The starting dose for someone new to Nordic curls (Mjølsnes 2004: 1 session a week of 2 sets x 5 reps,
# rising over 10 weeks): a cold start causes heavy soreness.
NORDIC_START_SETS = 2
NORDIC_START = "2 sets of 4-6 reps once a week (the starting dose in Mjølsnes 2004), building up over the following weeks"
HEURISTIC = "a heuristic: there is no published norm"
EPSILON = 1e-9


@dataclass(frozen=True)
class Action:
    """One exercise to add: how many sets a week, the role it fills, and the numbers it rests on."""

    exercise: str  # e.g. "seated leg curl"
    sets_per_week: int
    role: str  # one of ROLES
    why: str  # quotes the numbers it rests on

    @property
    def text(self) -> str:
        """The action as one sentence for a page or a terminal."""
        if self.role == "nordic":
            return f"Start {self.exercise}s: {NORDIC_START}. Why: {self.why}."
        return f"Add {_sets(self.sets_per_week)} a week of {self.exercise}. Why: {self.why}."


@dataclass(frozen=True)
class Verdict:
    """The verdict for one athlete's week (the latest by default) and the window numbers it rests on."""

    athlete: str
    week_start: date | None
    status: str  # a ``schemas.weekly.STATUSES`` value
    gaps: tuple[str, ...]  # roles absent in the window: "hip_extension", "knee_flexion", "nordic"
    headline: str
    actions: tuple[Action, ...] = ()
    notes: tuple[str, ...] = ()
    # What the numbers say, in a sentence or three (shown under the headline).
    summary: str = ""
    # The window's numbers the cards show (per training week over the rolling window; None: no window).
    window_weeks: int = 0
    training_weeks: int = 0
    weeks_without_training: int = 0  # weeks since the window's last training week, when later ones are empty
    glute_sets_per_week: float | None = None
    hamstring_sets_per_week: float | None = None
    hip_extension_sets_per_week: float | None = None
    knee_flexion_sets_per_week: float | None = None
    quad_sets_per_week: float | None = None
    lower_body_sets_per_week: float | None = None
    nordic_sets_per_week: float | None = None
    glute_ham_ratio: float | None = None
    knee_flexion_share: float | None = None
    weeks_since_nordic: int | None = None
    weeks_since_eccentric: int | None = None
    unmapped_sets: int = 0  # sets in the window whose names count for no muscle
    warmup_sets_by_load: int = (
        0  # sets in the window read as warm-ups from their loads (etl.analysis.warmups)
    )

    @property
    def early(self) -> bool:
        """Whether the verdict rests on fewer than 2 training weeks."""
        return self.week_start is not None and self.training_weeks < 2

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``{athlete, week_start, status, gaps, headline, actions, notes}``."""
        return {
            "athlete": self.athlete,
            "week_start": None if self.week_start is None else self.week_start.isoformat(),
            "status": self.status,
            "gaps": list(self.gaps),
            "headline": self.headline,
            "actions": [
                {"exercise": a.exercise, "sets_per_week": a.sets_per_week, "role": a.role, "why": a.why}
                for a in self.actions
            ],
            "notes": list(self.notes),
        }

    def lines(self) -> list[str]:
        """The verdict as plain lines: headline, summary, one bullet per action, the notes."""
        out = [self.headline]
        if self.summary:
            out.append(self.summary)
        out += [f"  • {a.text}" for a in self.actions]
        out += [f"Note: {n}" for n in self.notes]
        return out


def _sets(count: int) -> str:
    return f"{count} set" if count == 1 else f"{count} sets"


def _need(target: float, current: float) -> int:
    """Whole sets a week to get from ``current`` to at least ``target`` (0 if already there)."""
    return max(0, math.ceil(target - current - EPSILON))


def _weeks(count: int) -> str:
    return f"{count} week" if count == 1 else f"{count} weeks"


HEADLINES = {
    "no_lower_body": "No leg training logged",
    "low_volume": "Low volume for glutes and hamstrings",
    "glute_dominant": "Glute-dominant: your hamstrings are falling behind",
    "hamstring_dominant": "Hamstring-dominant: your glutes are falling behind",
    "glute_leaning": "Leaning glute-heavy: your hamstrings are behind in this window",
    "hamstring_leaning": "Leaning hamstring-heavy: your glutes are behind in this window",
    "missing_hip_extension": "Balanced ratio, but too little hip-extension hamstring work",
    "missing_knee_flexion": "Balanced ratio, but too little knee-flexion hamstring work",
    "balanced": "Glutes and hamstrings are in balance",
}


def _window(rows: pl.DataFrame, index: int, weeks: int) -> pl.DataFrame:
    return rows.slice(max(0, index - weeks + 1), min(index + 1, weeks))


def _summary(row: dict[str, Any], period: str) -> str:
    trained = row["training_weeks_4w"]
    with_training = "" if trained == row["window_weeks"] else f" ({_weeks(trained)} with training)"
    ratio = row["glute_ham_ratio_4w"]
    ratio_text = (
        f"a glute:hamstring ratio of {ratio:.2f}" if ratio is not None else "no hamstring work at all"
    )
    return (
        f"{period}{with_training} your hamstrings got {_n(row['hamstring_sets_4w'])} hard sets a week "
        f"({_n(row['hamstring_hip_sets_4w'])} hip-extension, {_n(row['hamstring_knee_sets_4w'])} knee-flexion) "
        f"against {_n(row['glute_sets_4w'])} for glutes: {ratio_text}."
    )


def _band(s: BalanceSettings) -> str:
    return f"{1 / s.dominance_ratio:.2f} to {_n(s.dominance_ratio)} glute sets per hamstring set"


def _judgement(status: str, row: dict[str, Any], s: BalanceSettings) -> str:
    hip, knee = row["hamstring_hip_sets_4w"] or 0.0, row["hamstring_knee_sets_4w"] or 0.0
    if status == "low_volume":
        return (
            f"Both are under {_n(s.low_volume_sets)} sets a week, the lowest band in Schoenfeld, Ogborn & "
            f"Krieger 2017; {_n(s.dominance_high_sets)}+ is the top band."
        )
    if status in ("glute_dominant", "hamstring_dominant", "glute_leaning", "hamstring_leaning"):
        side = "above" if status.startswith("glute") else "below"
        lasting = (
            f", and has been for {_weeks(s.sustained_weeks)} in a row"
            if status.endswith("dominant")
            else f"; not yet for {_weeks(s.sustained_weeks)} in a row, so it may be one odd stretch"
        )
        return f"That is {side} the balanced band ({_band(s)}; {HEURISTIC}){lasting}."
    if status == "missing_hip_extension":
        return (
            f"The ratio is inside the balanced band, but hip-extension hamstring work is {_n(hip)} sets a week, "
            f"under the minimum of {_n(s.hip_extension_min_sets)} ({HEURISTIC})."
        )
    if status == "missing_knee_flexion":
        return (
            f"The ratio is inside the balanced band, but knee-flexion hamstring work is {_n(knee)} sets a week, "
            f"under the minimum of {_n(s.knee_flexion_min_sets)} ({HEURISTIC})."
        )
    return (
        f"That is inside the balanced band ({_band(s)}), with both hamstring roles at or above their minimums "
        f"({_n(s.hip_extension_min_sets)} hip-extension and {_n(s.knee_flexion_min_sets)} knee-flexion sets a week); "
        f"both are heuristics: there is no published norm."
    )


def _role_sets(row: dict[str, Any]) -> dict[str, float]:
    return {
        "hip_extension": row["hamstring_hip_sets_4w"] or 0.0,
        "knee_flexion": row["hamstring_knee_sets_4w"] or 0.0,
    }


def _minimum(role: str, s: BalanceSettings) -> float:
    return s.hip_extension_min_sets if role == "hip_extension" else s.knee_flexion_min_sets


def _hamstring_needs(
    row: dict[str, Any], gaps: tuple[str, ...], side_need: int, s: BalanceSettings
) -> list[tuple[str, int, str]]:
    """(role, sets, reason) for the hamstrings, in the order to add them: first each role under its minimum,
    up to the minimum (a role with no sets at all before one with a few); then what the side still needs,
    to the role with fewer sets. ``side_need`` is the sets the hamstrings need as a side (0 when only
    roles are short). A role can appear twice (its minimum, then more); ``_actions`` merges them."""
    sets = _role_sets(row)
    order = sorted(HAMSTRING_ROLES, key=lambda r: (r not in gaps, sets[r] > 0, sets[r], r != "knee_flexion"))
    needs: list[tuple[str, int, str]] = []
    for role in order:
        if role in gaps:
            reason = (
                f"{ROLE_WORDS[role]} hamstring work is {_n(sets[role])} sets a week, under the heuristic minimum of "
                f"{_n(_minimum(role, s))}"
            )
            needs.append((role, max(1, _need(_minimum(role, s), sets[role])), reason))
    rest = side_need - sum(n for _, n, _ in needs)
    if rest > 0:
        needs.append((order[0], rest, ""))
    return needs


def _side_reason(row: dict[str, Any], behind: str, s: BalanceSettings) -> str:
    g, h, ratio = row["glute_sets_4w"] or 0.0, row["hamstring_sets_4w"] or 0.0, row["glute_ham_ratio_4w"]
    ratio_text = "no hamstring sets at all" if ratio is None else f"a ratio of {ratio:.2f}"
    if behind == "hamstrings":
        return (
            f"hamstrings get {_n(h)} sets a week against {_n(g)} for glutes ({ratio_text}; the balanced band, "
            f"a heuristic, ends at {_n(s.dominance_ratio)})"
        )
    return (
        f"glutes get {_n(g)} sets a week against {_n(h)} for hamstrings ({ratio_text}; the balanced band, "
        f"a heuristic, starts at {1 / s.dominance_ratio:.2f})"
    )


def _side_target(ahead: float, s: BalanceSettings) -> float:
    """Sets a week the side behind needs: back inside the band, and at least ``dominance_floor_sets`` when
    the side ahead is at ``dominance_high_sets`` or more (science.md: ~4-6 a week beside 10+)."""
    target = ahead / s.dominance_ratio
    return max(target, s.dominance_floor_sets) if ahead >= s.dominance_high_sets else target


def _needs(
    row: dict[str, Any], status: str, gaps: tuple[str, ...], s: BalanceSettings
) -> list[tuple[str, int, str]]:
    """(role, sets a week, reason) in the order to add them, before the cap."""
    g, h = row["glute_sets_4w"] or 0.0, row["hamstring_sets_4w"] or 0.0
    role_gaps = tuple(r for r in gaps if r in HAMSTRING_ROLES)
    if status in ("glute_dominant", "glute_leaning"):
        side = _need(_side_target(g, s), h)
        reason = _side_reason(row, "hamstrings", s)
        return [
            (r, n, "; ".join(x for x in (why, reason) if x))
            for r, n, why in _hamstring_needs(row, role_gaps, side, s)
        ]
    if status in ("hamstring_dominant", "hamstring_leaning"):
        side = max(1, _need(_side_target(h, s), g))
        return [("glute", side, _side_reason(row, "glutes", s))]
    if status == "low_volume":
        low = f"both sides are under {_n(s.low_volume_sets)} sets a week (the lowest band, Schoenfeld, Ogborn & Krieger 2017)"
        glute = [("glute", _need(s.low_volume_sets, g), f"glutes get {_n(g)} sets a week; {low}")]
        hams = [
            (r, n, "; ".join(x for x in (why, f"hamstrings get {_n(h)} sets a week", low) if x))
            for r, n, why in _hamstring_needs(row, role_gaps, _need(s.low_volume_sets, h), s)
        ]
        needs = hams + glute if h <= g else glute + hams
        return [item for item in needs if item[1] > 0]
    if status in ("missing_hip_extension", "missing_knee_flexion"):
        return _hamstring_needs(row, role_gaps, 0, s)
    return []


def _actions(
    row: dict[str, Any], status: str, gaps: tuple[str, ...], s: BalanceSettings
) -> tuple[list[Action], list[str]]:
    """The actions under the cap, and notes on what the cap held back."""
    lower = row["lower_body_sets_4w"] or 0.0
    budget = min(s.max_added_sets, math.floor(lower + EPSILON))
    taken: dict[str, int] = {}
    reasons: dict[str, list[str]] = {}
    notes: list[str] = []
    needs = _needs(row, status, gaps, s)
    wanted = sum(sets for _, sets, _ in needs)
    # Low volume: both sides are short, so the cap is shared a set at a time (behind side first); otherwise
    # the side that is behind takes what it needs in order (missing roles to their minimums first).
    step = 1 if status == "low_volume" else max((sets for _, sets, _ in needs), default=0)
    left = [sets for _, sets, _ in needs]
    while budget > 0 and any(left):
        for i, (role, _, reason) in enumerate(needs):
            take = min(left[i], step, budget)
            if take <= 0:
                continue
            left[i] -= take
            budget -= take
            taken[role] = taken.get(role, 0) + take
            reasons.setdefault(role, [])
            for part in reason.split("; "):
                if part and part not in reasons[role]:
                    reasons[role].append(part)
    actions = [
        Action(
            EXERCISE[role],
            sets,
            role,
            "; ".join(reasons[role] + ([EVIDENCE[role]] if EVIDENCE[role] not in reasons[role] else [])),
        )
        for role, sets in taken.items()
    ]
    added = sum(a.sets_per_week for a in actions)
    if wanted > added:
        notes.append(
            f"The numbers call for {_sets(wanted)} more a week; this adds {added}: at most "
            f"{_n(s.max_added_sets)} at a time and never more than your current {_n(lower)} lower-body sets a week "
            f"(a heuristic: add a little, then look again in a few weeks)."
        )
    nordic_ok = status not in ("hamstring_dominant", "hamstring_leaning", "no_lower_body", "no_training")
    if "nordic" in gaps and nordic_ok:
        since = row["weeks_since_nordic"]
        history = (
            "no Nordic curls in this log"
            if since is None
            else f"the last Nordic curls were {_weeks(since)} ago"
        )
        why = (
            f"{history} (advised after {_weeks(s.nordic_gap_weeks)} without, {HEURISTIC}); Nordic programmes cut "
            "hamstring strains by about half (van Dyk, Behan & Whiteley 2019)"
        )
        if budget >= NORDIC_START_SETS:
            actions.append(Action(EXERCISE["nordic"], NORDIC_START_SETS, "nordic", why))
        else:
            notes.append(
                f"Nordic curls: {history}. Once the sets above are in place, start with {NORDIC_START}; "
                "they cut hamstring strains by about half (van Dyk, Behan & Whiteley 2019)."
            )
    return actions, notes


def _notes(row: dict[str, Any], window: pl.DataFrame, s: BalanceSettings) -> list[str]:
    notes: list[str] = []
    trained = row["training_weeks_4w"]
    if trained < 2:
        notes.append(
            f"Early: this rests on {_weeks(trained)} of training; the verdict settles once 2 or more are logged."
        )
    unmapped = int(window.get_column("unmapped_sets").sum())
    if unmapped:
        notes.append(
            f"{_sets(unmapped)} in this window had exercise names liftbalance does not recognise yet and count "
            "for no muscle."
        )
    by_load = int(window.get_column("warmup_sets_by_load").sum())
    if by_load and s.warmup_load_share is not None:
        notes.append(
            f"{_sets(by_load)} in this window were read as warm-ups and not counted: unmarked sets before a "
            f"session's heaviest set of an exercise, under {s.warmup_load_share:.0%} of its load (a heuristic)."
        )
    return notes


def verdict(
    weekly: pl.DataFrame, settings: BalanceSettings, *, athlete: str, week: date | None = None
) -> Verdict:
    """The verdict for ``athlete``'s week ``week`` (default: the last week in ``weekly``).

    ``weekly`` is a ``WeeklyBalance`` frame (other athletes' rows are ignored). When that week has no
    training, the verdict is ``no_training`` and reads the last window with training before it.
    """
    s = settings
    rows = weekly.filter(pl.col("athlete") == athlete).sort("week_start")
    if week is not None:
        rows = rows.filter(pl.col("week_start") <= week_of(week))
    if rows.height == 0:
        return Verdict(
            athlete,
            None if week is None else week_of(week),
            "no_training",
            (),
            "No training logged yet",
            summary="Import a workout export to see your glute and hamstring balance.",
        )
    last = rows.row(-1, named=True)
    trained = rows.with_row_index("_i").filter(pl.col("workouts") > 0)
    if trained.height == 0:
        return Verdict(
            athlete,
            last["week_start"],
            "no_training",
            (),
            "No training logged in this range",
            summary="Import a workout export to see your glute and hamstring balance.",
        )
    row = trained.row(-1, named=True)
    index = row.pop("_i")
    window = _window(rows, index, row["window_weeks"])
    status = row["status"]
    gaps = tuple(row["gaps"].split(GAP_SEPARATOR)) if row["gaps"] else ()
    gap_weeks = (last["week_start"] - row["week_start"]).days // 7
    period = (
        f"Over the last {_weeks(row['window_weeks'])}"
        if gap_weeks == 0
        else f"Over the {_weeks(row['window_weeks'])} to the week of {row['week_start'].isoformat()}"
    )
    numbers: dict[str, Any] = {
        "window_weeks": row["window_weeks"],
        "training_weeks": row["training_weeks_4w"],
        "weeks_without_training": gap_weeks,
        "glute_sets_per_week": row["glute_sets_4w"],
        "hamstring_sets_per_week": row["hamstring_sets_4w"],
        "hip_extension_sets_per_week": row["hamstring_hip_sets_4w"],
        "knee_flexion_sets_per_week": row["hamstring_knee_sets_4w"],
        "quad_sets_per_week": row["quad_sets_4w"],
        "lower_body_sets_per_week": row["lower_body_sets_4w"],
        "nordic_sets_per_week": row["nordic_sets_4w"],
        "glute_ham_ratio": row["glute_ham_ratio_4w"],
        "knee_flexion_share": row["knee_flexion_share_4w"],
        "weeks_since_nordic": row["weeks_since_nordic"],
        "weeks_since_eccentric": row["weeks_since_eccentric"],
        "unmapped_sets": int(window.get_column("unmapped_sets").sum()),
        "warmup_sets_by_load": int(window.get_column("warmup_sets_by_load").sum()),
    }
    notes = _notes(row, window, s)
    if status == "no_lower_body":
        summary = (
            f"{period} you logged {row['training_weeks_4w']} training "
            f"week{'s' if row['training_weeks_4w'] != 1 else ''} but no glute, hamstring or quad sets. "
            "liftbalance judges leg training; there is nothing to weigh yet."
        )
        return Verdict(
            athlete, row["week_start"], status, gaps, HEADLINES[status], (), tuple(notes), summary, **numbers
        )
    actions, action_notes = _actions(row, status, gaps, s)
    summary = f"{_summary(row, period)} {_judgement(status, row, s)}"
    headline = HEADLINES[status]
    if gap_weeks:
        headline = (
            f"No training logged for {_weeks(gap_weeks)}; before that: {headline[0].lower()}{headline[1:]}"
        )
        status = "no_training"
    if row["training_weeks_4w"] < 2:
        headline = f"Early days: {headline[0].lower()}{headline[1:]}"
    return Verdict(
        athlete,
        row["week_start"],
        status,
        gaps,
        headline,
        tuple(actions),
        tuple(notes + action_notes),
        summary,
        **numbers,
    )
