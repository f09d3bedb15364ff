"""Taxonomy coverage measured on the real exports in ../shared/corpus, against hand labels: shared by
tests/etl/taxonomy/test_taxonomy_corpus.py (which asserts the product's promises) and
bench/taxonomy_coverage.py (which prints the figures).

Every distinct lower-body-ish name in the corpus is labelled below with the movement
pattern a coach would give it (or ``NOT_LOWER``). The figures the product promises:
at least 97% of lower-body working sets credited to the right pattern, no upper-body set
crediting glutes or hamstrings, under 3% of all sets unmapped.

Names and set kinds are read with Python's csv module, independently of etl/read/readers:
Strong ``Set Order`` W / WARM_UP and Hevy ``set_type`` warmup are warm-ups, Strong rest
timers are not sets, FitNotes has no warm-ups and some FitNotes rows carry an unquoted
comma in the exercise name (the extra fields belong to the name).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from etl.taxonomy import credit_names
from tests.helpers.corpus import CORPUS

NOT_LOWER = "not lower body"


# Hand labels: the expected pattern of every lower-body-ish name in the corpus.
LABELS: dict[str, str] = {
    "Back Extension (Weighted Hyperextension)": "hip_extension",
    "Romanian Deadlift": "hip_hinge",
    "Romanian Deadlift (Barbell)": "hip_hinge",
    "Romanian Deadlift (Dumbbell)": "hip_hinge",
    "Deadlift (Barbell)": "deadlift",
    "Deadlift (Dumbbell)": "deadlift",
    "Sumo Deadlift": "deadlift",
    "Glute Ham Raise": "knee_flexion_hip_extension",
    "Lying Leg Curl (Machine)": "knee_flexion",
    "Lying Leg Curl Machine": "knee_flexion",
    "Seated Leg Curl (Machine)": "knee_flexion",
    "Seated Leg Curl Machine": "knee_flexion",
    "Standing Leg Curl": "knee_flexion",
    "Hip Thrust (Barbell)": "hip_thrust",
    "Hip Thrust (Machine)": "hip_thrust",
    "Glute Kickback (Machine)": "kickback",
    "Hip Abduction (Machine)": "hip_abduction",
    "Hip Abductor (Machine)": "hip_abduction",
    "Hip Adduction (Machine)": "hip_adduction",
    "Barbell Squat (Each Side)": "squat",
    "Squat (Barbell)": "squat",
    "Squat (Dumbbell)": "squat",
    "Squat (Smith Machine)": "squat",
    "Squat Machine (Each Side)": "squat",
    "Goblet Squat": "squat",
    "Hack Squat (Machine)": "squat",
    "Leg Press": "leg_press",
    "Leg Press (Machine)": "leg_press",
    "Leg Press Horizontal (Machine)": "leg_press",
    "Leg Press Machine": "leg_press",
    "Seated Leg Press (Machine)": "leg_press",
    "Bulgarian Split Squat": "lunge",
    "Lunge (Barbell)": "lunge",
    "Lunge (Dumbbell)": "lunge",
    "Reverse Lunge (Dumbbell)": "lunge",
    "Walking Lunges (Each Side)": "lunge",
    "Leg Extension (Machine)": "knee_extension",
    "Leg Extension Machine": "knee_extension",
    # Lower-body-ish, but no glute, hamstring or quad work: calves, lookalike names, cardio.
    "Calf Extension (Machine)": NOT_LOWER,
    "Calf Press (Machine)": NOT_LOWER,
    "Calf Press on Seated Leg Press": NOT_LOWER,
    "Seated Calf Raise Machine (Each Side)": NOT_LOWER,
    "Standing Calf Raise": NOT_LOWER,
    "Standing Calf Raise (Barbell)": NOT_LOWER,
    "Standing Calf Raise (Dumbbell)": NOT_LOWER,
    "Standing Calf Raise (Machine)": NOT_LOWER,
    "Standing Calf Raise Machine": NOT_LOWER,
    "Triceps Kickback (Cable)": NOT_LOWER,
    "Triceps Kickback (Dumbbell)": NOT_LOWER,
    "Incline Curl (Dumbbell)": NOT_LOWER,
    "Seated Incline Curl (Dumbbell)": NOT_LOWER,
    "Bayesian Cable Curl": NOT_LOWER,
    "Spider Curl (Barbell)": NOT_LOWER,
    "Shrug (Barbell)": NOT_LOWER,
    "Shrug (Cable)": NOT_LOWER,
    "Shrug (Dumbbell)": NOT_LOWER,
    "Lying Leg Raise": NOT_LOWER,
    "Hanging Knee Raise": NOT_LOWER,
    "Kettlebell Carry": NOT_LOWER,
    "Treadmill": NOT_LOWER,
    "Warm Up": NOT_LOWER,
}


@dataclass(frozen=True)
class LoggedSet:
    file: str
    name: str
    warmup: bool


def _rows(text: str) -> list[list[str]]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def read_logged_sets(path: Path) -> list[LoggedSet]:
    """Exercise name and warm-up flag of every set in one Strong, Hevy or FitNotes export."""
    header, *rows = _rows(path.read_text(encoding="utf-8-sig"))
    out: list[LoggedSet] = []
    if "exercise_title" in header:  # Hevy
        name_at, kind_at = header.index("exercise_title"), header.index("set_type")
        out = [LoggedSet(path.name, r[name_at], r[kind_at] == "warmup") for r in rows if r]
    elif "Exercise Name" in header:  # Strong
        name_at, order_at = header.index("Exercise Name"), header.index("Set Order")
        out = [
            LoggedSet(path.name, r[name_at], r[order_at] in ("W", "WARM_UP"))
            for r in rows
            if r and r[order_at] != "Rest Timer"
        ]
    elif header[:2] == ["Date", "Exercise"]:  # FitNotes: unquoted commas widen a row
        for r in rows:
            if r:
                extra = len(r) - len(header)
                out.append(LoggedSet(path.name, ",".join(r[1 : 2 + extra]), False))
    else:
        raise ValueError(f"{path.name}: not a Strong, Hevy or FitNotes export")
    return out


@dataclass
class Coverage:
    lower_working_sets: int = 0
    lower_right_pattern: int = 0
    other_sets: int = 0
    other_crediting_glutes_or_hamstrings: int = 0
    all_sets: int = 0
    unmapped_sets: int = 0
    wrong_pattern: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    crediting_but_not_lower: list[str] = field(default_factory=list)
    unmapped_names: Counter[str] = field(default_factory=Counter)
    unlabelled_lower_body: list[str] = field(default_factory=list)

    @property
    def lower_right_share(self) -> float:
        return self.lower_right_pattern / self.lower_working_sets

    @property
    def unmapped_share(self) -> float:
        return self.unmapped_sets / self.all_sets


GOAL_LOWER_BODY_RIGHT_PATTERN = 0.97
GOAL_UNMAPPED_SHARE = 0.03


def corpus_sets(folder: Path = CORPUS) -> list[LoggedSet]:
    return [s for path in sorted(folder.glob("*.csv")) for s in read_logged_sets(path)]


def measure(sets: Iterable[LoggedSet], labels: Mapping[str, str] = LABELS) -> Coverage:
    sets = list(sets)
    credits = {row["name"]: row for row in credit_names(s.name for s in sets).iter_rows(named=True)}
    result = Coverage()
    for logged in sets:
        credit = credits[logged.name]
        label = labels.get(logged.name, NOT_LOWER)
        result.all_sets += 1
        if not credit["mapped"]:
            result.unmapped_sets += 1
            result.unmapped_names[logged.name] += 1
        if label != NOT_LOWER:
            if not logged.warmup:
                result.lower_working_sets += 1
                if credit["lower_body"] and credit["pattern"] == label:
                    result.lower_right_pattern += 1
                else:
                    result.wrong_pattern[logged.name] = (label, credit["pattern"])
        else:
            result.other_sets += 1
            glute_ham = (
                credit["glute_max"] + credit["glute_med"] + credit["hamstring_hip"] + credit["hamstring_knee"]
            )
            if glute_ham > 0:
                result.other_crediting_glutes_or_hamstrings += 1
                result.crediting_but_not_lower.append(logged.name)
    result.unlabelled_lower_body = sorted(
        name for name, credit in credits.items() if credit["lower_body"] and name not in labels
    )
    return result
