"""Synthetic exports of any size for the benchmarks: 10k, 100k, 1M sets of realistic shape.

Histories are the demo programme repeated (a 60-week cycle of the story's weekly plans, without the
holiday) and anchored at a fixed newest week, going back as many weeks as ``n_sets`` needs. Each week
is drawn from its own seed (the athlete's seed and the week's absolute number), so a history does not
depend on its length: ``weeks_extra`` adds new weeks after the anchor and every older row stays
byte-identical, which is exactly what a later cumulative export of the same account looks like.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from random import Random
from typing import Literal

from sample_logs.model import Workout
from sample_logs.program import training_week
from sample_logs.story import STORY_WEEKS, story_plan
from sample_logs.writers import hevy_csv, strong_csv

Format = Literal["strong", "hevy"]

ANCHOR_MONDAY = date(2026, 2, 23)  # the newest week of every synthetic history (before weeks_extra)


def synthetic_export(
    n_sets: int, fmt: Format, *, athletes: int = 1, seed: int = 0, weeks_extra: int = 0
) -> bytes:
    """One export with exactly ``n_sets`` set rows (plus ``weeks_extra`` new weeks of training after them).

    Strong: shape A, unitless kg, oldest first, so the ``weeks_extra=0`` file is a prefix of the longer
    one. Hevy: ``weight_kg``, newest first, so it is the longer file's suffix after the header. Several
    athletes get several files: use :func:`synthetic_exports`; ``athletes`` must be 1 here.
    """
    _check_format(fmt)
    if athletes != 1:
        raise ValueError(
            f"synthetic_export writes one athlete's file; use synthetic_exports() for {athletes}"
        )
    workouts = synthetic_workouts(n_sets, seed=seed, weeks_extra=weeks_extra)
    return _render(workouts, fmt)


def synthetic_exports(
    n_sets_total: int, fmt: Format, athletes: int, seed: int = 0, *, weeks_extra: int = 0
) -> dict[str, bytes]:
    """A coach's benchmark: ``athletes`` exports (name -> bytes) sharing ``n_sets_total`` set rows as
    evenly as possible. Athletes differ in seed and in where they are in the programme cycle."""
    _check_format(fmt)
    if athletes < 1:
        raise ValueError(f"athletes must be at least 1, got {athletes}")
    share, extra = divmod(n_sets_total, athletes)
    return {
        athlete_name(i): _render(
            synthetic_workouts(share + (i < extra), seed=seed, weeks_extra=weeks_extra, athlete=i), fmt
        )
        for i in range(athletes)
    }


def athlete_name(index: int) -> str:
    return f"Athlete {index + 1:03d}"


def synthetic_workouts(
    n_sets: int, *, seed: int = 0, weeks_extra: int = 0, athlete: int = 0
) -> list[Workout]:
    """Workouts in time order holding exactly ``n_sets`` sets up to the anchor week, plus
    ``weeks_extra`` full weeks after it. The oldest kept workout loses its last sets if it must."""
    if n_sets < 0 or weeks_extra < 0:
        raise ValueError(f"n_sets and weeks_extra must be >= 0, got {n_sets} and {weeks_extra}")
    with _collector_paused():
        return _history(n_sets, seed, weeks_extra, athlete)


def _history(n_sets: int, seed: int, weeks_extra: int, athlete: int) -> list[Workout]:
    weeks: list[list[Workout]] = []  # newest first
    total = 0
    back = 0
    while total < n_sets:
        monday = ANCHOR_MONDAY - timedelta(weeks=back)
        week = synthetic_week(monday, seed=seed, athlete=athlete)
        weeks.append(week)
        total += sum(w.n_sets for w in week)
        back += 1
    history = [workout for week in reversed(weeks) for workout in week]
    excess = total - n_sets
    while excess and history[0].n_sets <= excess:
        excess -= history.pop(0).n_sets
    if excess:
        history[0] = history[0].first_sets(history[0].n_sets - excess)
    for ahead in range(1, weeks_extra + 1):
        history.extend(synthetic_week(ANCHOR_MONDAY + timedelta(weeks=ahead), seed=seed, athlete=athlete))
    return history


def synthetic_week(monday: date, *, seed: int, athlete: int) -> list[Workout]:
    """One week of the cycle, drawn from its own seed: 3 to 5 sessions (the Saturday pull day more often
    than in the story, so a million sets span ~270 years, not ~370), never a holiday."""
    absolute = (monday.toordinal() - 1) // 7  # date(1, 1, 1) is a Monday
    cycle_week = (absolute + 7 * athlete) % STORY_WEEKS
    plan = replace(story_plan(cycle_week), holiday=False)
    rng = Random(f"liftbalance-synthetic/{seed}/{athlete}/{absolute}")
    return training_week(monday, plan, cycle_week / (STORY_WEEKS - 1), "kg", rng, saturday_chance=0.8)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a million small, acyclic objects are built: its
    repeated full passes over them cost more than building them (1.5 s of 3.7 s at 1M sets)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_format(fmt: str) -> None:
    if fmt not in ("strong", "hevy"):
        raise ValueError(f"fmt must be 'strong' or 'hevy', got {fmt!r}")


def _render(workouts: list[Workout], fmt: Format) -> bytes:
    text = strong_csv(workouts) if fmt == "strong" else hevy_csv(workouts, "kg")
    return text.encode("utf-8")
