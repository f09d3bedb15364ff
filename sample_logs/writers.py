"""Write workouts as Strong (shape A) and Hevy CSV text, byte for byte the way the apps do.

The point of the sample files is to exercise the real readers, so the quirks are deliberate and follow
../shared/domain/formats.md and the real exports in ../shared/corpus: Strong quotes only names and notes,
repeats the workout's start on every row, writes notes on the first row they belong to, numbers sets per
exercise with W/F/D for special sets, writes weight as a float with 0.0 for bodyweight, and carries no
unit; Hevy quotes every string field, numbers sets from 0, leaves bodyweight weight empty and lists
workouts newest first. Plain string joins keep a million rows fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

from sample_logs.model import DROPSET, FAILURE, NORMAL, WARMUP, Unit, Workout

STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
)
_HEVY_COLUMNS = (
    "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,"
    "{weight},reps,{distance},duration_seconds,rpe"
)
_HEVY_UNITS: dict[Unit, tuple[str, str]] = {
    "kg": ("weight_kg", "distance_km"),
    "lb": ("weight_lbs", "distance_miles"),
}
_STRONG_SET_ORDER = {WARMUP: "W", FAILURE: "F", DROPSET: "D"}
# English month abbreviations, fixed here: strftime("%b") would follow the machine's locale.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def hevy_header(unit: Unit) -> str:
    """Hevy's header; an imperial account exports weight_lbs / distance_miles."""
    weight, distance = _HEVY_UNITS[unit]
    columns = _HEVY_COLUMNS.format(weight=weight, distance=distance).split(",")
    return ",".join(f'"{c}"' for c in columns)


def strong_csv(workouts: Iterable[Workout]) -> str:
    """A Strong shape-A export (oldest workout first), header included, newline-terminated."""
    ordered = sorted(workouts, key=lambda w: w.start)
    return "\n".join([STRONG_HEADER, *strong_lines(ordered)]) + "\n"


def hevy_csv(workouts: Iterable[Workout], unit: Unit) -> str:
    """A Hevy export (newest workout first), header included, newline-terminated."""
    ordered = sorted(workouts, key=lambda w: w.start, reverse=True)
    return "\n".join([hevy_header(unit), *hevy_lines(ordered)]) + "\n"


def strong_lines(workouts: Iterable[Workout]) -> Iterator[str]:
    """The data rows of a Strong export, in the given workout order."""
    floats: dict[float, str] = {}
    for workout in workouts:
        head = f"{strong_datetime(workout.start)},{quote(workout.title)},{strong_duration(workout.minutes)},"
        workout_note = quote(workout.note)
        for block_index, block in enumerate(workout.blocks):
            prefix = f"{head}{quote(block.exercise.strong_name)},"
            exercise_note = quote(block.note)
            number = 0
            for set_index, s in enumerate(block.sets):
                if s.kind == NORMAL:
                    number += 1
                    order = str(number)
                else:
                    order = _STRONG_SET_ORDER[s.kind]
                weight = (
                    "0.0"
                    if s.weight is None
                    else floats.get(s.weight) or floats.setdefault(s.weight, str(s.weight))
                )
                distance = "0" if s.distance is None else str(s.distance)
                notes = "" if set_index else exercise_note
                notes += "," + (workout_note if block_index == 0 and set_index == 0 else "")
                yield (
                    f"{prefix}{order},{weight},{0 if s.reps is None else s.reps},{distance},"
                    f"{0 if s.seconds is None else s.seconds},{notes},{'' if s.rpe is None else s.rpe}"
                )


def hevy_lines(workouts: Iterable[Workout]) -> Iterator[str]:
    """The data rows of a Hevy export, in the given workout order."""
    numbers: dict[float, str] = {}
    for workout in workouts:
        end = workout.start.replace(second=0) + timedelta(minutes=workout.minutes)
        head = (
            f"{quote(workout.title)},{quote(hevy_datetime(workout.start))},{quote(hevy_datetime(end))},"
            f"{quote(workout.note)},"
        )
        for block in workout.blocks:
            prefix = f"{head}{quote(block.exercise.hevy_name)},,{quote(block.note)},"
            for set_index, s in enumerate(block.sets):
                weight = (
                    ""
                    if s.weight is None
                    else numbers.get(s.weight) or numbers.setdefault(s.weight, number(s.weight))
                )
                yield (
                    f'{prefix}{set_index},"{s.kind}",{weight},{"" if s.reps is None else s.reps},'
                    f"{'' if s.distance is None else number(s.distance)},{'' if s.seconds is None else s.seconds},"
                    f"{'' if s.rpe is None else number(s.rpe)}"
                )


def quote(text: str) -> str:
    """A CSV string field, always quoted, inner quotes doubled (both apps quote names and notes)."""
    return '"' + text.replace('"', '""') + '"'


def number(value: float) -> str:
    """Hevy's numbers: integral values without a decimal point (``135``), others as written (``37.5``)."""
    return str(int(value)) if value == int(value) else str(value)


def strong_datetime(moment: datetime) -> str:
    """``2025-01-06 18:04:37`` (formatted by hand: strftime does not zero-pad years before 1000)."""
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} "
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
    )


def hevy_datetime(moment: datetime) -> str:
    """``8 Apr 2026, 16:50``: minute resolution, English month, no zone."""
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}, {moment.hour:02d}:{moment.minute:02d}"


def strong_duration(minutes: int) -> str:
    """``55m`` or ``1h 6m``."""
    hours, rest = divmod(minutes, 60)
    return f"{hours}h {rest}m" if hours else f"{rest}m"
