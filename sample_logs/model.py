"""The logged-training vocabulary both writers share: exercises, sets, exercise blocks, workouts.

A workout is built once, in the lifter's own logging unit, and then written by either the Strong or the
Hevy writer. Keeping the model app-neutral is what lets the demo story switch apps mid-year and lets the
benchmark generator emit either format from the same history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Literal, NamedTuple

Unit = Literal["kg", "lb"]
App = Literal["strong", "hevy"]

WARMUP = "warmup"
NORMAL = "normal"
FAILURE = "failure"
DROPSET = "dropset"


class Load(Enum):
    """How an exercise is logged: which of weight / reps / distance / seconds it fills."""

    BARBELL = "barbell"
    DUMBBELL = "dumbbell"
    MACHINE = "machine"
    BODYWEIGHT = "bodyweight"  # reps, no weight
    TIMED = "timed"  # seconds, no weight, no reps
    CARDIO = "cardio"  # distance and seconds


@dataclass(frozen=True, slots=True)
class Exercise:
    """One exercise as the two apps name it, with the lifter's load range over a training cycle."""

    strong_name: str
    hevy_name: str
    load: Load
    start_kg: float = 0.0
    end_kg: float = 0.0

    def name(self, app: App) -> str:
        return self.strong_name if app == "strong" else self.hevy_name


class LoggedSet(NamedTuple):
    """One row of an export. ``weight`` is in the workout's logging unit; None means bodyweight/none.

    ``distance`` is in km for a kg lifter and miles for a lb lifter (the apps pair them that way).
    """

    kind: str  # WARMUP, NORMAL, FAILURE or DROPSET (Hevy's set_type words)
    weight: float | None
    reps: int | None
    distance: float | None
    seconds: int | None
    rpe: float | None


@dataclass(frozen=True, slots=True)
class ExerciseBlock:
    """The consecutive sets of one exercise inside a workout."""

    exercise: Exercise
    sets: tuple[LoggedSet, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Workout:
    """One logged session: start (local time, no zone, as both apps export it), length and blocks."""

    start: datetime
    minutes: int
    title: str
    blocks: tuple[ExerciseBlock, ...]
    note: str = ""

    @property
    def n_sets(self) -> int:
        return sum(len(block.sets) for block in self.blocks)

    def first_sets(self, k: int) -> Workout:
        """This workout cut after its first ``k`` sets (for exact row counts)."""
        kept: list[ExerciseBlock] = []
        left = k
        for block in self.blocks:
            if left <= 0:
                break
            sets = block.sets[:left]
            kept.append(ExerciseBlock(block.exercise, sets, block.note))
            left -= len(sets)
        return Workout(self.start, self.minutes, self.title, tuple(kept), self.note)


# The exercise library. Names are the apps' own built-in names (checked against real exports in
# ../shared/corpus: Strong writes "Leg Press" and "Hip Abductor (Machine)" where Hevy writes
# "Leg Press (Machine)" and "Hip Abduction (Machine)"). The Nordic curl is a custom exercise in both apps.
HIP_THRUST = Exercise("Hip Thrust (Barbell)", "Hip Thrust (Barbell)", Load.BARBELL, 60.0, 125.0)
GLUTE_BRIDGE = Exercise("Glute Bridge", "Glute Bridge", Load.BODYWEIGHT)
GLUTE_KICKBACK = Exercise("Glute Kickback (Machine)", "Glute Kickback (Machine)", Load.MACHINE, 20.0, 35.0)
HIP_ABDUCTION = Exercise("Hip Abductor (Machine)", "Hip Abduction (Machine)", Load.MACHINE, 40.0, 62.5)
SQUAT = Exercise("Squat (Barbell)", "Squat (Barbell)", Load.BARBELL, 50.0, 85.0)
SPLIT_SQUAT = Exercise("Bulgarian Split Squat", "Bulgarian Split Squat", Load.DUMBBELL, 8.0, 20.0)
LEG_PRESS = Exercise("Leg Press", "Leg Press (Machine)", Load.MACHINE, 100.0, 170.0)
LYING_LEG_CURL = Exercise("Lying Leg Curl (Machine)", "Lying Leg Curl (Machine)", Load.MACHINE, 25.0, 35.0)
ROMANIAN_DEADLIFT = Exercise(
    "Romanian Deadlift (Barbell)", "Romanian Deadlift (Barbell)", Load.BARBELL, 30.0, 82.5
)
SEATED_LEG_CURL = Exercise("Seated Leg Curl (Machine)", "Seated Leg Curl (Machine)", Load.MACHINE, 20.0, 45.0)
NORDIC_CURL = Exercise("Nordic Hamstring Curl", "Nordic Hamstring Curl", Load.BODYWEIGHT)
BENCH_PRESS = Exercise("Bench Press (Barbell)", "Bench Press (Barbell)", Load.BARBELL, 35.0, 55.0)
BENT_OVER_ROW = Exercise("Bent Over Row (Barbell)", "Bent Over Row (Barbell)", Load.BARBELL, 35.0, 55.0)
LAT_PULLDOWN = Exercise("Lat Pulldown (Cable)", "Lat Pulldown (Cable)", Load.MACHINE, 35.0, 55.0)
SEATED_ROW = Exercise("Seated Row (Cable)", "Seated Cable Row - V Grip (Cable)", Load.MACHINE, 35.0, 55.0)
BICEP_CURL = Exercise("Bicep Curl (Dumbbell)", "Bicep Curl (Dumbbell)", Load.DUMBBELL, 7.0, 12.0)
TRICEPS_KICKBACK = Exercise(
    "Triceps Kickback (Dumbbell)", "Triceps Kickback (Dumbbell)", Load.DUMBBELL, 5.0, 9.0
)
PLANK = Exercise("Plank", "Plank", Load.TIMED)
RUNNING = Exercise("Running", "Running", Load.CARDIO)
