"""Which app wrote this file, and which of its header shapes? Decided from the header alone.

The readers register here; detection asks each in turn. ``--format`` narrows the choice
to one app, a column mapping reads any other CSV (``custom``), and a file no reader claims
gets a message listing the apps that are supported and how to map its columns instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import ModuleType

from etl.errors import InputError
from etl.readers import alpha, custom, fitbod, fitnotes, hevy, jefit, liftosaur, strong, stronglifts
from etl.readers.common import missing_columns

# No two readers can claim one header: each needs columns (or a first line) the others lack,
# e.g. Strong's "Exercise Name"/"Set Order" vs FitNotes' "Exercise"/"Category" vs Fitbod's
# "isWarmup". The order is the one the not-an-export message lists. ``custom`` never claims a
# file by itself; it reads one through a column mapping.
READERS: dict[str, ModuleType] = {
    "strong": strong,
    "hevy": hevy,
    "fitnotes": fitnotes,
    "fitbod": fitbod,
    "liftosaur": liftosaur,
    "stronglifts": stronglifts,
    "alpha": alpha,
    "jefit": jefit,
    "custom": custom,
}
FORMATS = ("auto", *READERS)

# What each app's export looks like, for "this is not a ... export" messages.
EXPECTED_HEADERS = {
    "strong": "'Date,Workout Name,...,Exercise Name,Set Order,Weight,Reps,...'",
    "hevy": "'title,start_time,...,exercise_title,...,set_type,weight_kg,reps,...'",
    "fitnotes": "'Date,Exercise,Category,Weight,Weight Unit,Reps,...' (or 'Weight (lbs)' / 'Weight (kg)')",
    "fitbod": "'Date,Exercise,Reps,Weight(kg),Duration(s),Distance(m),Incline,Resistance,isWarmup,Note,multiplier'",
    "liftosaur": "'Workout DateTime,Program,Day Name,Exercise,Is Warmup Set?,...,Completed Reps,...'",
    "stronglifts": "'Date (yyyy/mm/dd),...,Exercise,...,Set 1 (Reps),Set 1 (KG),...'",
    "alpha": "a first line like '\"Legs · Day 2\";\"2026-02-19 4:54 h\";\"1:02 hr\"'",
    "jefit": "a first line like '### WORKOUT SESSIONS ###'",
}
COLUMNS_HINT = "--columns date=<column>,exercise=<column>,weight=<column>,reps=<column>"


@dataclass(frozen=True)
class Detected:
    app: str
    shape: str
    reader: ModuleType
    # The column mapping a ``custom`` file is read through; None for the apps' own exports.
    columns: Mapping[str, str] | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        return f"{self.app} ({self.shape})"


def claimed_by_app(header: list[str]) -> bool:
    """True when some app's reader recognises ``header`` (so a saved column mapping must not override it)."""
    return any(reader.detect(header) is not None for reader in READERS.values())


def _mapped(header: list[str], filename: str, fmt: str, columns: Mapping[str, str]) -> Detected:
    if fmt not in ("auto", "custom"):
        raise InputError(filename, f"a column mapping reads a file no app claims; it cannot be combined with --format {fmt}")
    resolved = custom.check_mapping(header, columns, filename)
    return Detected(app="custom", shape=custom.shape_for(resolved), reader=custom, columns=resolved)


def detect_format(
    header: list[str], filename: str, fmt: str = "auto", columns: Mapping[str, str] | None = None
) -> Detected:
    """The reader for ``header``; ``fmt`` (``auto`` or an app name) overrides detection, and ``columns``
    (a mapping like ``{"date": "When", "exercise": "Lift", ...}``) reads any CSV as ``custom``."""
    if fmt not in FORMATS:
        raise InputError(filename, f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if columns is not None:
        return _mapped(header, filename, fmt, columns)
    shown = ", ".join(header[:8]) + (" ..." if len(header) > 8 else "")
    if fmt == "custom":
        raise InputError(filename, f"a custom CSV needs a column mapping: pass {COLUMNS_HINT}. Its columns are ({shown})",
                         line=1)
    candidates = READERS if fmt == "auto" else {fmt: READERS[fmt]}
    for app, reader in candidates.items():
        shape = reader.detect(header)
        if shape is not None:
            missing = missing_columns(header, reader.required_columns(header))
            if missing:
                raise InputError(filename, f"this {app} export lacks required column(s) {', '.join(missing)}", line=1)
            return Detected(app=app, shape=shape, reader=reader)
    if fmt in ("strong", "hevy"):
        needed = ", ".join(missing_columns(header, ["Date", "Exercise Name", "Set Order", "Weight", "Reps"])
                           if fmt == "strong" else
                           missing_columns(header, ["start_time", "exercise_title", "set_type", "weight_kg", "reps"]))
        raise InputError(
            filename, f"this is not a {fmt} export: the header ({shown}) lacks {needed or 'the expected columns'}", line=1
        )
    if fmt != "auto":
        raise InputError(
            filename, f"this is not a {fmt} export: its header is ({shown}); expected {EXPECTED_HEADERS[fmt]}", line=1
        )
    raise InputError(
        filename,
        f"this is not a Strong or Hevy export, nor one from FitNotes, Fitbod, Liftosaur, StrongLifts, "
        f"Alpha Progression or JEFIT: its header is ({shown}). Expected Strong's {EXPECTED_HEADERS['strong']} "
        f"or Hevy's {EXPECTED_HEADERS['hevy']}, or another app's export as it comes. "
        f"To read any other CSV, name its columns: {COLUMNS_HINT}",
        line=1,
    )
