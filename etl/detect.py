"""Which app wrote this file, and which of its header shapes? Decided from the header alone.

The readers register here; detection asks each in turn. ``--format`` narrows the choice
to one app, and a file no reader claims gets a message listing what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from etl.errors import InputError
from etl.readers import hevy, strong
from etl.readers.common import missing_columns

READERS: dict[str, ModuleType] = {"strong": strong, "hevy": hevy}
FORMATS = ("auto", *READERS)


@dataclass(frozen=True)
class Detected:
    app: str
    shape: str
    reader: ModuleType

    @property
    def label(self) -> str:
        return f"{self.app} ({self.shape})"


def detect_format(header: list[str], filename: str, fmt: str = "auto") -> Detected:
    """The reader for ``header``; ``fmt`` (``auto`` or an app name) overrides detection."""
    if fmt not in FORMATS:
        raise InputError(filename, f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    candidates = READERS if fmt == "auto" else {fmt: READERS[fmt]}
    for app, reader in candidates.items():
        shape = reader.detect(header)
        if shape is not None:
            missing = missing_columns(header, reader.required_columns(header))
            if missing:
                raise InputError(filename, f"this {app} export lacks required column(s) {', '.join(missing)}", line=1)
            return Detected(app=app, shape=shape, reader=reader)
    shown = ", ".join(header[:8]) + (" ..." if len(header) > 8 else "")
    if fmt != "auto":
        needed = ", ".join(missing_columns(header, ["Date", "Exercise Name", "Set Order", "Weight", "Reps"])
                           if fmt == "strong" else
                           missing_columns(header, ["start_time", "exercise_title", "set_type", "weight_kg", "reps"]))
        raise InputError(
            filename, f"this is not a {fmt} export: the header ({shown}) lacks {needed or 'the expected columns'}", line=1
        )
    raise InputError(
        filename,
        f"this is not a Strong or Hevy export: its header is ({shown}). Expected Strong's "
        "'Date,Workout Name,...,Exercise Name,Set Order,Weight,Reps,...' or Hevy's "
        "'title,start_time,...,exercise_title,...,set_type,weight_kg,reps,...'",
        line=1,
    )
