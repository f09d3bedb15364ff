"""The demo lifter's 14 months, week by week: the story the bundled sample logs must tell.

A glute-focused programme (hip thrusts, kickbacks, abductions, squats, split squats, leg press) with a
little lying leg curl at first drifts into glute dominance: by spring the hamstrings get only the
fractional credit of the glute work. At the end of August, after reading about the imbalance, the
lifter adds Romanian deadlifts, then seated leg curls, then Nordic curls; the gap narrows, but squats,
split squats, abductions and kickbacks still give the glutes about 2.4 sets for every hamstring set.
In mid-December, following the verdict's advice, the lifter drops the glute isolation work (kickbacks,
abduction), trims the heavy day's hip thrusts to 3 sets and adds a 4th set of RDLs and seated curls, and
the balance is restored (ratio ~1.3, both hamstring roles present, Nordics 2-3 sets a week). Along the way:
a two-week summer holiday, a December deload week, and a switch from Strong (kg) to Hevy (an imperial
account, lb) on 1 August 2025, so the two files never overlap.
"""

from __future__ import annotations

from datetime import date, timedelta
from random import Random

from sample_logs.model import Unit, Workout
from sample_logs.program import WeekPlan, training_week, with_note

STORY_START = date(2025, 1, 6)  # a Monday
STORY_WEEKS = 60  # 2025-01-06 .. 2026-03-01; the story ends with its last Saturday
STORY_END = date(2026, 2, 28)
SWITCH_TO_HEVY = date(2025, 8, 1)  # workouts from this day on are logged in Hevy, in pounds
HOLIDAY_WEEKS = (27, 28)  # 14-27 July 2025: no training
DELOAD_WEEK = 47  # 1-7 December 2025
RDL_WEEK = 33  # 25 August 2025: the correction starts
SECOND_CORRECTION_WEEK = 49  # 15 December 2025: less glute isolation, more hamstring work
SKIP_CHANCE = 0.06  # life happens: a planned session is sometimes missed

# (week, workout note for the week's first session, {exercise (Strong name): note on its first session})
_NOTES: tuple[tuple[int, str, tuple[tuple[str, str], ...]], ...] = (
    (0, "New program: glutes 3x a week, let's go", (("Hip Thrust (Barbell)", "Pad on the bar, squeeze 2s"),)),
    (12, "Hips tight today.\nFoam roll before the next session", ()),
    (18, "", (("Glute Kickback (Machine)", "Left side weaker, start with left"),)),
    (29, "Back from 2 weeks off, took it easy", ()),
    (30, 'First week in Hevy, account set to "lbs"', ()),
    (
        RDL_WEEK,
        "Read that glutes vs hamstrings article. Adding RDLs, curls, Nordics",
        (("Romanian Deadlift (Barbell)", "3s down, stop at mid-shin, flat back"),),
    ),
    (35, "", (("Nordic Hamstring Curl", "Slow 4s lowering, catch with hands"),)),
    (DELOAD_WEEK, "Deload week, 60% loads", ()),
    (
        SECOND_CORRECTION_WEEK,
        "Still glute-dominant, says the app. Dropping kickbacks and abductions, 4th set of RDLs and curls",
        (),
    ),
    (52, "", (("Seated Leg Curl (Machine)", "Seat at 5, pad just above the ankle"),)),
)


def story_plan(week: int) -> WeekPlan:
    """The programme in force in story week ``week`` (0 = the week of 6 January 2025)."""
    second = week >= SECOND_CORRECTION_WEEK
    return WeekPlan(
        lying_curl_sets=2 if week < 6 or (week < 12 and week % 2 == 0) else 0,
        rdl_sets=0 if week < RDL_WEEK else 2 if week == RDL_WEEK else 4 if second else 3,
        seated_curl_sets=0 if week <= RDL_WEEK else 4 if second else 3,
        heavy_thrust_sets=3 if second else 4,
        glute_isolation=not second,
        nordic_sets=0 if week < RDL_WEEK + 2 else 2 if week < RDL_WEEK + 5 or week % 2 == 0 else 3,
        deload=week == DELOAD_WEEK,
        holiday=week in HOLIDAY_WEEKS,
    )


def story_workouts() -> tuple[list[Workout], list[Workout]]:
    """The story's workouts in time order, split by app: (Strong in kg, Hevy in lb)."""
    strong: list[Workout] = []
    hevy: list[Workout] = []
    for week in range(STORY_WEEKS):
        monday = STORY_START + timedelta(weeks=week)
        for workout in _annotated(week, _week_in_units(week, monday)):
            if workout.start.date() > STORY_END:
                continue
            (strong if workout.start.date() < SWITCH_TO_HEVY else hevy).append(workout)
    return strong, hevy


def _week_in_units(week: int, monday: date) -> list[Workout]:
    """The week's workouts, each logged in the unit of the app in use that day.

    The random draws do not depend on the unit, so drawing the switch week twice from the same seed gives
    the same sessions, in kg before the switch and in lb after it.
    """

    def draw(unit: Unit) -> list[Workout]:
        rng = Random(f"liftbalance-story/{week}")
        return training_week(
            monday, story_plan(week), week / (STORY_WEEKS - 1), unit, rng, skip_chance=SKIP_CHANCE
        )

    before, after = draw("kg"), draw("lb")
    return [kg if kg.start.date() < SWITCH_TO_HEVY else lb for kg, lb in zip(before, after, strict=True)]


def _annotated(week: int, workouts: list[Workout]) -> list[Workout]:
    """Attach the week's notes: the workout note to its first session, exercise notes to the first
    session that has the exercise."""
    out = list(workouts)
    for note_week, workout_note, exercise_notes in _NOTES:
        if note_week != week or not out:
            continue
        if workout_note:
            out[0] = with_note(out[0], workout_note)
        for exercise, note in exercise_notes:
            for i, workout in enumerate(out):
                if any(block.exercise.strong_name == exercise for block in workout.blocks):
                    out[i] = with_note(workout, exercise_notes={exercise: note})
                    break
    return out
