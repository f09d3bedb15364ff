"""The training programme: which sessions a week holds and how each session's sets are drawn.

The demo story and the synthetic benchmark histories are both built from these weekly sessions, so the
benchmarks load data with the same exercise mix, set kinds and workout sizes as the demo. Everything
random comes from a ``random.Random`` the caller seeds, which keeps every output reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from random import Random

from sample_logs.model import (
    BENCH_PRESS,
    BENT_OVER_ROW,
    BICEP_CURL,
    DROPSET,
    FAILURE,
    GLUTE_BRIDGE,
    GLUTE_KICKBACK,
    HIP_ABDUCTION,
    HIP_THRUST,
    LAT_PULLDOWN,
    LEG_PRESS,
    LYING_LEG_CURL,
    NORDIC_CURL,
    NORMAL,
    PLANK,
    ROMANIAN_DEADLIFT,
    RUNNING,
    SEATED_LEG_CURL,
    SEATED_ROW,
    SPLIT_SQUAT,
    SQUAT,
    TRICEPS_KICKBACK,
    WARMUP,
    Exercise,
    ExerciseBlock,
    Load,
    LoggedSet,
    Unit,
    Workout,
)

LB_PER_KG = 2.20462
# Plate/pin steps a lifter actually loads, per equipment and unit.
_STEP: dict[tuple[Load, Unit], float] = {
    (Load.BARBELL, "kg"): 2.5,
    (Load.DUMBBELL, "kg"): 2.0,
    (Load.MACHINE, "kg"): 2.5,
    (Load.BARBELL, "lb"): 5.0,
    (Load.DUMBBELL, "lb"): 5.0,
    (Load.MACHINE, "lb"): 5.0,
}
_EMPTY_BAR: dict[Unit, float] = {"kg": 20.0, "lb": 45.0}
_BARBELL_WARMUPS: dict[Unit, tuple[float, ...]] = {
    "kg": (20.0, 40.0, 60.0, 80.0),
    "lb": (45.0, 95.0, 135.0, 185.0, 225.0),
}
_WARMUP_REPS = (5, 8, 10)  # heaviest warm-up first: the heavier, the shorter
_STEP_LOADS = (Load.BARBELL, Load.DUMBBELL, Load.MACHINE)
_RPE_CHOICES = (7.0, 7.5, 8.0, 8.5, 9.0)


@dataclass(frozen=True, slots=True)
class Slot:
    """One exercise in a session template: working sets, rep range (seconds for timed work), warm-ups.

    ``finisher`` is FAILURE (the last set is sometimes taken to failure) or DROPSET (a drop set sometimes
    follows the last set); never on a deload.
    """

    exercise: Exercise
    work_sets: int
    reps: tuple[int, int]
    warmups: int = 0
    finisher: str = ""


@dataclass(frozen=True, slots=True)
class WeekPlan:
    """What one training week contains. The story changes these week by week."""

    lying_curl_sets: int = 0
    rdl_sets: int = 0
    seated_curl_sets: int = 0
    nordic_sets: int = 0
    # Sets of hip thrusts on the heavy day, and whether the glute isolation work (kickbacks, abduction) stays.
    heavy_thrust_sets: int = 4
    glute_isolation: bool = True
    deload: bool = False
    holiday: bool = False


def lower_a(plan: WeekPlan) -> tuple[str, tuple[Slot, ...]]:
    """Monday: the heavy hip-thrust day; from the correction on it also carries the RDLs."""
    if plan.rdl_sets == 0:
        return "Glutes A", (
            Slot(HIP_THRUST, 4, (8, 12), warmups=2),
            Slot(SQUAT, 3, (6, 10), warmups=2),
            Slot(GLUTE_KICKBACK, 3, (10, 15), finisher=FAILURE),
            Slot(HIP_ABDUCTION, 3, (12, 20), finisher=DROPSET),
            Slot(PLANK, 2, (45, 90)),
        )
    return "Lower A", tuple(
        s
        for s in (
            Slot(HIP_THRUST, plan.heavy_thrust_sets, (8, 12), warmups=2),
            Slot(ROMANIAN_DEADLIFT, plan.rdl_sets, (8, 10), warmups=1),
            Slot(SQUAT, 3, (6, 10), warmups=1),
            Slot(HIP_ABDUCTION, 2 if plan.glute_isolation else 0, (12, 20), finisher=DROPSET),
            Slot(PLANK, 2, (45, 90)),
        )
        if s.work_sets > 0
    )


def lower_b(plan: WeekPlan) -> tuple[str, tuple[Slot, ...]]:
    """Friday: volume day; glute isolation at first, knee-flexion hamstring work after the correction."""
    if plan.seated_curl_sets == 0 and plan.nordic_sets == 0:
        slots = [
            Slot(HIP_THRUST, 3, (10, 15), warmups=1),
            Slot(SPLIT_SQUAT, 3, (8, 12), warmups=1),
            Slot(LEG_PRESS, 3, (10, 15), warmups=1),
            Slot(GLUTE_KICKBACK, 3, (12, 15), finisher=FAILURE),
            Slot(GLUTE_BRIDGE, 2, (15, 25)),
        ]
        if plan.lying_curl_sets:
            slots.append(Slot(LYING_LEG_CURL, plan.lying_curl_sets, (10, 12)))
        return "Glutes B", tuple(slots)
    slots = [
        Slot(HIP_THRUST, 3, (10, 15), warmups=1),
        Slot(SPLIT_SQUAT, 3, (8, 12), warmups=1),
        Slot(SEATED_LEG_CURL, plan.seated_curl_sets, (8, 12), warmups=1, finisher=FAILURE),
    ]
    if plan.nordic_sets:
        slots.append(Slot(NORDIC_CURL, plan.nordic_sets, (3, 6)))
    if plan.glute_isolation:
        slots.append(Slot(GLUTE_KICKBACK, 2, (12, 15), finisher=FAILURE))
    return "Lower B", tuple(s for s in slots if s.work_sets > 0)


def upper(plan: WeekPlan) -> tuple[str, tuple[Slot, ...]]:
    """Wednesday: upper body (and the triceps kickback, which trains no glute at all)."""
    return "Upper", (
        Slot(BENCH_PRESS, 3, (6, 10), warmups=2),
        Slot(BENT_OVER_ROW, 3, (8, 10), warmups=1),
        Slot(LAT_PULLDOWN, 3, (10, 12), warmups=1),
        Slot(BICEP_CURL, 3, (10, 12), finisher=DROPSET),
        Slot(TRICEPS_KICKBACK, 3, (12, 15), finisher=FAILURE),
    )


def back_core_biceps(plan: WeekPlan) -> tuple[str, tuple[Slot, ...]]:
    """Some Saturdays: a short pull day with planks (timed sets)."""
    return "Back, Core, Biceps", (
        Slot(LAT_PULLDOWN, 3, (10, 12), warmups=1),
        Slot(SEATED_ROW, 3, (10, 12)),
        Slot(BICEP_CURL, 3, (12, 15)),
        Slot(PLANK, 3, (45, 90)),
    )


def morning_run(plan: WeekPlan) -> tuple[str, tuple[Slot, ...]]:
    """Some Sundays: one run, logged with distance and seconds."""
    return "Morning Run", (Slot(RUNNING, 1, (0, 0)),)


def working_load(exercise: Exercise, progress: float, unit: Unit) -> float | None:
    """The working weight at ``progress`` (0..1) through the lifter's cycle, in plate steps of ``unit``."""
    if exercise.load not in _STEP_LOADS:
        return None
    kg = exercise.start_kg + (exercise.end_kg - exercise.start_kg) * progress
    return round_load(kg * (LB_PER_KG if unit == "lb" else 1.0), exercise.load, unit)


def round_load(value: float, load: Load, unit: Unit) -> float:
    step = _STEP[(load, unit)]
    rounded = max(step, round(value / step) * step)
    if load is Load.BARBELL:
        rounded = max(rounded, _EMPTY_BAR[unit])
    return float(rounded)


def _reps(rng: Random, low: int, high: int) -> int:
    return low + int(rng.random() * (high - low + 1))


def exercise_block(
    slot: Slot, progress: float, unit: Unit, plan: WeekPlan, rng: Random, rated: bool
) -> ExerciseBlock:
    """Draw the sets of one slot: warm-ups, working sets, then maybe a failure set or a drop set."""
    ex = slot.exercise
    low, high = slot.reps
    if ex.load is Load.CARDIO:
        km = round(4.0 + rng.random() * 3.0, 1)
        seconds = int(km * (320 + rng.random() * 60))
        distance = km if unit == "kg" else round(km / 1.609344, 2)
        return ExerciseBlock(ex, (LoggedSet(NORMAL, None, None, distance, seconds, None),))
    if ex.load is Load.TIMED:
        holds = tuple(
            LoggedSet(NORMAL, None, None, None, 5 * (_reps(rng, low, high) // 5), None)
            for _ in range(slot.work_sets if not plan.deload else 1)
        )
        return ExerciseBlock(ex, holds)

    weight = working_load(ex, progress, unit)
    if weight is not None:
        nudge = rng.random()
        if nudge < 0.15 or nudge > 0.9:  # a lighter or heavier day now and then
            weight = round_load(weight + (-1 if nudge < 0.15 else 1) * _STEP[(ex.load, unit)], ex.load, unit)
        if plan.deload:
            weight = round_load(weight * 0.6, ex.load, unit)
    work_sets = max(1, (slot.work_sets + 1) // 2) if plan.deload else slot.work_sets

    sets: list[LoggedSet] = []
    if slot.warmups and weight is not None and not plan.deload:
        for i, warm in enumerate(_warmup_weights(ex, weight, unit, slot.warmups)):
            sets.append(LoggedSet(WARMUP, warm, _WARMUP_REPS[i], None, None, None))
        sets.reverse()
    finisher = slot.finisher if not plan.deload and rng.random() < 0.3 else ""
    span = high - low + 1
    draw = rng.random
    for i in range(work_sets):
        kind = FAILURE if finisher == FAILURE and i == work_sets - 1 else NORMAL
        rpe = (10.0 if kind == FAILURE else _RPE_CHOICES[int(draw() * 5)]) if rated else None
        sets.append(LoggedSet(kind, weight, low + int(draw() * span), None, None, rpe))
    if finisher == DROPSET and weight is not None:
        drop = round_load(weight * 0.7, ex.load, unit)
        sets.append(LoggedSet(DROPSET, drop, _reps(rng, high, high + 4), None, None, 9.5 if rated else None))
    return ExerciseBlock(ex, tuple(sets))


def _warmup_weights(exercise: Exercise, weight: float, unit: Unit, count: int) -> list[float]:
    """Heaviest first: the barbell ladder below ~75% of the working weight, else half weight."""
    if exercise.load is Load.BARBELL:
        ladder = [w for w in _BARBELL_WARMUPS[unit] if w <= 0.75 * weight] or [_EMPTY_BAR[unit]]
        return ladder[::-1][:count]
    return [round_load(weight * 0.5, exercise.load, unit)][:count]


def session(
    template: tuple[str, tuple[Slot, ...]],
    start: datetime,
    progress: float,
    unit: Unit,
    plan: WeekPlan,
    rng: Random,
) -> Workout:
    """Build one workout from a session template; its length follows from the sets it holds."""
    title, slots = template
    rated = not plan.deload and rng.random() < 0.15  # most sessions carry no RPE at all
    blocks = tuple(exercise_block(slot, progress, unit, plan, rng, rated) for slot in slots)
    seconds = 240.0
    for block in blocks:
        for s in block.sets:
            if s.distance is not None and s.seconds is not None:
                seconds += s.seconds
            elif s.kind == WARMUP:
                seconds += 90
            else:
                seconds += 170 + rng.random() * 90  # the set plus the rest after it
    minutes = int(seconds // 60)
    if minutes % 60 == 0:  # keep Strong's duration text in its common "Xh Ym" / "Ym" forms
        minutes += 1
    return Workout(start, minutes, title, blocks)


def training_week(
    monday: date,
    plan: WeekPlan,
    progress: float,
    unit: Unit,
    rng: Random,
    *,
    skip_chance: float = 0.0,
    saturday_chance: float = 0.35,
) -> list[Workout]:
    """The week's workouts in time order: Mon/Wed/Fri planned (each skipped with ``skip_chance``), and
    on some weekends a short pull day and a run: 3 to 5 sessions a week."""
    if plan.holiday:
        return []
    days = (
        (0, lower_a, 1.0 - skip_chance),
        (2, upper, 1.0 - skip_chance),
        (4, lower_b, 1.0 - skip_chance),
        (5, back_core_biceps, saturday_chance),
        (6, morning_run, 0.25),
    )
    workouts = []
    for offset, template, chance in days:
        if rng.random() >= chance:
            continue
        hour = 8 + int(rng.random() * 3) if offset >= 5 else 17 + int(rng.random() * 3)
        clock = time(hour, int(rng.random() * 60), int(rng.random() * 60))
        start = datetime.combine(monday + timedelta(days=offset), clock)
        workouts.append(session(template(plan), start, progress, unit, plan, rng))
    return workouts


def with_note(workout: Workout, note: str = "", exercise_notes: dict[str, str] | None = None) -> Workout:
    """The workout with a workout note and notes on named exercises (matched on the Strong name)."""
    notes = exercise_notes or {}
    blocks = tuple(
        replace(block, note=notes.get(block.exercise.strong_name, block.note)) for block in workout.blocks
    )
    return replace(workout, note=note or workout.note, blocks=blocks)
