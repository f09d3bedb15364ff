"""Errors of the taxonomy package, phrased so a lifter (or a reviewer of the data file) can act.

Both are ``LiftbalanceError`` subclasses, so the CLI and the dashboard show their text
as they show every other input error.
"""

from __future__ import annotations

from collections.abc import Sequence

from etl.errors import LiftbalanceError


class TaxonomyError(LiftbalanceError):
    """The taxonomy data file breaks one of its rules; the message lists every broken row."""


class UnknownExerciseError(LiftbalanceError):
    """An exercise id that the taxonomy does not define, with the closest ids as hints."""

    def __init__(self, exercise_id: str, close: Sequence[tuple[str, str]] = ()):
        self.exercise_id = exercise_id
        self.close = tuple(close)
        message = f"Unknown exercise id {exercise_id!r}."
        if self.close:
            hints = ", ".join(f"{cid!r} ({name})" for cid, name in self.close)
            message += f" Did you mean {hints}?"
        message += " Exercise ids are the first column of etl/taxonomy/exercises.csv."
        super().__init__(message)
