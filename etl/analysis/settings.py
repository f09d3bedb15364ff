"""Every threshold behind a weekly verdict, as one per-athlete setting.

No published norm exists for a glute:hamstring set ratio (science.md), so most of these
numbers are heuristics. Keeping them here, each with its default and its basis, lets a
lifter or coach change them, lets the fronts say which are cited and which are judgement
(``etl.analysis.glossary`` holds that wording), and keeps the aggregation code free of magic numbers.
Values live in the store's ``settings`` table as JSON, one row per changed field. A value typed
in either front (``liftbalance settings set``, the dashboard's Settings form) becomes a setting
through ``parse_setting``, so both accept and refuse the same input with the same message.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import duckdb

from etl.errors import LiftbalanceError
from etl.store import database as store


class InvalidSettingError(LiftbalanceError):
    """A setting has a value the weekly computation cannot use."""


# The settings counted in whole weeks: a typed "6" or "6.0" is stored (and read back) as the int 6.
WHOLE_WEEKS: tuple[str, ...] = (
    "window_weeks",
    "sustained_weeks",
    "eccentric_gap_weeks",
    "nordic_gap_weeks",
    "stall_weeks",
)
# Settings that are whole numbers (weeks, or sets to add): a typed "4" or "4.0" is the int 4.
WHOLE_NUMBERS: tuple[str, ...] = (*WHOLE_WEEKS, "max_added_sets")
# Settings a lifter can switch off (None): no RPE cut-off; no warm-ups read from loads.
OPTIONAL: tuple[str, ...] = ("min_rpe", "warmup_load_share")
# What a lifter types to switch an optional setting off.
OFF_WORDS: tuple[str, ...] = ("", "off", "none", "null")


@dataclass(frozen=True)
class BalanceSettings:
    """Thresholds for the weekly balance; the basis of each is in ``etl.analysis.glossary.GLOSSARY``."""

    # Heuristic: science.md suggests a rolling 4-week view so one odd week does not flip the verdict.
    window_weeks: int = 4
    # Heuristic (no published norm): glute-dominant when rolling glute:hamstring sets exceed this;
    # hamstring-dominant, symmetrically, when hamstring:glute sets exceed it.
    dominance_ratio: float = 1.5
    # Heuristic (science.md: "~4-6/week"): the weaker side under this many sets a week while the
    # stronger side is at or above ``dominance_high_sets`` is also dominance.
    dominance_floor_sets: float = 5.0
    # Cited: the top weekly band, 10+ sets per muscle (Schoenfeld, Ogborn & Krieger 2017).
    dominance_high_sets: float = 10.0
    # Cited: the lowest weekly band, under 5 sets per muscle (Schoenfeld, Ogborn & Krieger 2017).
    # Low volume when both glutes and hamstrings are under it.
    low_volume_sets: float = 5.0
    # Heuristic: a dominance condition must hold this many consecutive weeks (science.md: "3+ weeks").
    sustained_weeks: int = 3
    # Heuristic: knee-flexion share of hamstring work outside this band is flagged.
    knee_flexion_share_min: float = 0.25
    knee_flexion_share_max: float = 0.75
    # Analogy only: ~0.6 is the classic concentric hamstring:quadriceps STRENGTH ratio; a set-volume
    # ratio is not a strength ratio and H:Q is not an independent injury predictor (Kellis 2023).
    hq_reference: float = 0.6
    # User choice, off by default: sets with a logged RPE below this are not counted (Refalo et al.
    # 2023: failure is not required; ~6-7 is a sensible cut). Unrated sets always count.
    min_rpe: float | None = None
    # Heuristic: recommend eccentric work (Nordics, GHR) after this many weeks without any
    # (van Dyk, Behan & Whiteley 2019 for the effect; Ripley 2021: consistency matters most).
    eccentric_gap_weeks: int = 2
    # Heuristic (science.md, "Warm-ups hide in plain sight"): in a session's sets of one loaded exercise
    # with no warm-up marks, a set before the heaviest one and under this share of its load is a warm-up.
    # None switches the rule off (only the app's own marks count).
    warmup_load_share: float | None = 0.6
    # Heuristic (science.md, "Advice people follow": add 2-4 sets a week): the verdict adds at most this
    # many sets a week in total, and never more than the lifter's current weekly lower-body sets.
    max_added_sets: int = 4
    # Heuristic (science.md: each hamstring role present every week; no published minimum): fewer
    # hip-extension or knee-flexion sets a week than this in the window is a gap in that role.
    hip_extension_min_sets: float = 2.0
    knee_flexion_min_sets: float = 2.0
    # Heuristic (van Dyk, Behan & Whiteley 2019 pooled Nordic programmes; Ripley 2021: consistency):
    # a lifter who trains legs and has done no Nordic curls for this many weeks is advised to start.
    nordic_gap_weeks: int = 4
    # Heuristic (no published norm): a tracked lift with no new estimated-1RM (or reps) best for this many
    # weeks is marked as stalled on the strength chart (etl.analysis.trends).
    stall_weeks: int = 6

    def __post_init__(self) -> None:
        problems: list[str] = []
        for name in WHOLE_WEEKS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                problems.append(f"{name} must be a whole number of weeks, at least 1 (got {value!r})")
        added = self.max_added_sets
        if isinstance(added, bool) or not isinstance(added, int) or added < 0:
            problems.append(f"max_added_sets must be a whole number of sets, 0 or more (got {added!r})")
        share = self.warmup_load_share
        if share is not None and not (_is_number(share) and 0 < share <= 1):
            problems.append(
                f"warmup_load_share must be empty (off) or a share above 0 and at most 1 (got {share!r})"
            )
        for name in ("dominance_ratio", "hq_reference"):
            value = getattr(self, name)
            if not _is_number(value) or value <= 0:
                problems.append(f"{name} must be a positive number (got {value!r})")
        for name in (
            "dominance_floor_sets",
            "dominance_high_sets",
            "low_volume_sets",
            "hip_extension_min_sets",
            "knee_flexion_min_sets",
        ):
            value = getattr(self, name)
            if not _is_number(value) or value < 0:
                problems.append(f"{name} must be a number of sets, 0 or more (got {value!r})")
        lo, hi = self.knee_flexion_share_min, self.knee_flexion_share_max
        if not (_is_number(lo) and _is_number(hi) and 0 <= lo <= hi <= 1):
            problems.append(
                "knee_flexion_share_min and knee_flexion_share_max must satisfy 0 <= min <= max <= 1 "
                f"(got {lo!r} and {hi!r})"
            )
        if self.min_rpe is not None and not (_is_number(self.min_rpe) and 0 <= self.min_rpe <= 10):
            problems.append(f"min_rpe must be empty or a number from 0 to 10 (got {self.min_rpe!r})")
        if problems:
            raise InvalidSettingError("Invalid balance settings: " + "; ".join(problems) + ".")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


DEFAULTS = BalanceSettings()
SETTING_NAMES: tuple[str, ...] = tuple(f.name for f in fields(BalanceSettings))


def parse_setting(key: str, value: str | float | None) -> float | None:
    """One setting as a front receives it (typed text, or a form's number) -> the value ``BalanceSettings`` holds.

    ``"1.8"`` and ``"1,8"`` -> 1.8; ``"6"``, ``"6.0"`` or ``6.0`` for a whole-number setting -> the int 6;
    ``"off"``, ``""`` or ``None`` -> None for an optional setting (``OPTIONAL``: min_rpe, warmup_load_share). Text that is not a number, or
    no value for a setting that needs one, raises ``InvalidSettingError``; a number out of range is kept,
    for ``BalanceSettings`` to refuse with its reason.
    """
    if key not in SETTING_NAMES:
        raise InvalidSettingError(f"unknown setting {key!r}; expected one of {', '.join(SETTING_NAMES)}")
    if value is None or (isinstance(value, str) and value.strip().lower() in OFF_WORDS):
        if key in OPTIONAL:
            return None
        raise InvalidSettingError(
            f"{key} needs a value (the default is {getattr(DEFAULTS, key)!r}); only {' and '.join(OPTIONAL)} can be off"
        )
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            raise InvalidSettingError(f"{key} must be a number (got {value!r})") from None
    if key in WHOLE_NUMBERS and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def load_settings(con: duckdb.DuckDBPyConnection, athlete: str) -> BalanceSettings:
    """The athlete's settings: defaults overlaid with the stored values; unknown keys are ignored."""
    rows = con.execute("SELECT key, value FROM settings WHERE athlete = ?", [athlete]).fetchall()
    stored: dict[str, Any] = {}
    for key, value in rows:
        if key in SETTING_NAMES:
            stored[key] = json.loads(value) if isinstance(value, str) else value
    # JSON has one number type: 4.0 read back for a whole-number field is still 4.
    for name in WHOLE_NUMBERS:
        value = stored.get(name)
        if isinstance(value, float) and value.is_integer():
            stored[name] = int(value)
    return replace(DEFAULTS, **stored)


def save_settings(con: duckdb.DuckDBPyConnection, athlete: str, settings: BalanceSettings) -> None:
    """Store the fields that differ from the defaults (so improved defaults reach everyone else).

    Fields equal to their default are removed; keys this module does not know are left alone.
    """
    defaults = asdict(DEFAULTS)
    with store.transaction(con):
        for name, value in asdict(settings).items():
            con.execute("DELETE FROM settings WHERE athlete = ? AND key = ?", [athlete, name])
            if value != defaults[name]:
                con.execute(
                    "INSERT INTO settings (athlete, key, value) VALUES (?, ?, ?)",
                    [athlete, name, json.dumps(value)],
                )


# --- which app counts when two hold the same session (etl.store.sources) ---------------------------------------

SOURCE_PRIORITY_KEY = "source_priority"


@dataclass(frozen=True)
class SourceSettings:
    """How a session logged in two apps is counted once (``etl.store.sources``).

    Kept apart from ``BalanceSettings``: it says which data counts, not where a verdict's thresholds lie.
    """

    # User choice: apps in order of preference (e.g. ("hevy", "strong")); of two overlapping workouts the
    # one from the app listed first is counted. Empty (the default), or a tie between unlisted apps: the
    # workout with more sets is counted, then the one imported first.
    source_priority: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        value = self.source_priority
        if isinstance(value, str) or not all(isinstance(s, str) and s.strip() for s in value):
            raise InvalidSettingError(
                f"source_priority must be a list of app names like ['hevy', 'strong'] (got {value!r})."
            )
        apps = tuple(s.strip().lower() for s in value)
        if len(set(apps)) != len(apps):
            raise InvalidSettingError(f"source_priority names an app more than once (got {list(value)!r}).")
        object.__setattr__(self, "source_priority", apps)


def load_source_settings(con: duckdb.DuckDBPyConnection, athlete: str) -> SourceSettings:
    row = con.execute(
        "SELECT value FROM settings WHERE athlete = ? AND key = ?", [athlete, SOURCE_PRIORITY_KEY]
    ).fetchone()
    if row is None:
        return SourceSettings()
    value = json.loads(row[0]) if isinstance(row[0], str) else row[0]
    return SourceSettings(source_priority=tuple(value))


def save_source_settings(con: duckdb.DuckDBPyConnection, athlete: str, settings: SourceSettings) -> None:
    """Store the priority (an empty one is the default: the row is removed)."""
    with store.transaction(con):
        con.execute("DELETE FROM settings WHERE athlete = ? AND key = ?", [athlete, SOURCE_PRIORITY_KEY])
        if settings.source_priority:
            con.execute(
                "INSERT INTO settings (athlete, key, value) VALUES (?, ?, ?)",
                [athlete, SOURCE_PRIORITY_KEY, json.dumps(list(settings.source_priority))],
            )
