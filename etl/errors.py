"""Exceptions the library raises, carrying what a lifter needs to fix the problem.

The fronts translate these at the boundary: the CLI prints ``str(exc)`` and exits
non-zero, the dashboard shows the same text in the page. Nothing else is caught.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_LISTED_BAD_ROWS = 20


class LiftbalanceError(Exception):
    """Base for every error that is the input's or the environment's fault, not a bug."""


class StoreError(LiftbalanceError):
    """The database cannot be opened or written."""


class DatabaseInUseError(StoreError):
    """Another process holds the database's write lock."""


@dataclass(frozen=True)
class BadRow:
    """One value that no export can mean, located in the file."""

    line: int | None
    column: str | None
    value: str | None
    expected: str

    def describe(self) -> str:
        where = f"line {self.line}" if self.line is not None else "file"
        col = f", column {self.column!r}" if self.column else ""
        val = f": got {self.value!r}" if self.value is not None else ""
        return f"{where}{col}{val}; expected {self.expected}"


class InputError(LiftbalanceError):
    """The file cannot be read as an export at all (wrong format, binary, missing column...)."""

    def __init__(self, filename: str, message: str, *, line: int | None = None, column: str | None = None):
        self.filename = filename
        self.message = message
        self.line = line
        self.column = column
        where = filename
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")


class BadRowsError(LiftbalanceError):
    """The file parsed, but some rows hold values no export can mean; nothing was written."""

    def __init__(
        self, filename: str, bad_rows: list[BadRow], *, hint: str = "", good_rows: int | None = None
    ):
        self.filename = filename
        self.bad_rows = bad_rows
        # How many sets would load if the bad rows were set aside (``skip_invalid``), where known.
        self.good_rows = good_rows
        shown = bad_rows[:MAX_LISTED_BAD_ROWS]
        lines = [f"{filename}: {len(bad_rows)} bad value(s); nothing was imported."]
        lines += [f"  {filename}, {b.describe()}" for b in shown]
        if len(bad_rows) > len(shown):
            lines.append(f"  ... and {len(bad_rows) - len(shown)} more.")
        lines.append(
            hint or "Fix the file, or pass --skip-invalid to load the good rows and quarantine the rest."
        )
        super().__init__("\n".join(lines))


def newer_schema(what: str, current: int, known: int) -> str:
    """The message for a store whose schema is newer than this liftbalance knows (both backends, and the
    accounts store): ``what`` is "This database" or "These accounts"."""
    return (
        f"{what} {'was' if what.startswith('This') else 'were'} written by a newer liftbalance "
        f"(schema {current}, this one knows {known}). Upgrade liftbalance."
    )
