"""Browser uploads to library calls: decode ``dcc.Upload`` payloads, ask about units, import.

A file no app claims is read through a column mapping made on the page (``ColumnChoice``, see
``dashboard.column_mapping``) or one the athlete saved for its header earlier.

``dcc.Upload`` hands over each file as a base64 data URL. This module turns those into the
bytes ``etl.ingest`` reads, asks the library which unit-less files need a kg/lb answer, and
imports a batch with progress, returning per-file outcomes (a report, or the exact message
of a rejected file). The upload page's callbacks are thin wrappers around these functions.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl.errors import BadRow, BadRowsError, InputError, LiftbalanceError
from etl.ingest import ImportReport, ingest, inspect_export
from etl.limits import Limits
from etl.read.csvfile import sniff_header
from etl.read.decode import decode_export
from etl.read.detect import claimed_by_app
from etl.read.mappings import list_column_mappings
from etl.read.readers.base import Sample
from etl.store import database as store

# (overall fraction 0..1, what is happening) -> None
BatchProgress = Callable[[float, str], None]


@dataclass(frozen=True)
class UnitQuestion:
    """A file whose export carries no unit: the page asks kg or lb, pre-selecting the guess only when
    the loads settle it (``confident``); ``reason`` says why or why not."""

    index: int
    filename: str
    label: str
    guess: str | None
    confident: bool = False
    reason: str | None = None

    @property
    def preselected(self) -> str | None:
        return self.guess if self.confident else None


@dataclass(frozen=True)
class Outcome:
    """One file's result: a report when imported, else the library's message (nothing was written).

    ``bad_rows`` lists every located bad value of a rejected file (line, column, value, expected).
    """

    filename: str
    report: ImportReport | None = None
    error: str | None = None
    bad_rows: tuple[BadRow, ...] = ()
    # How a CSV no app claims was read: ("saved", name) for a mapping saved earlier, ("new", name) for one
    # made on the page just now (and saved); None for an app's own export.
    mapping: tuple[str, str] | None = None
    # For a file refused over bad values: the sets that would load with the bad rows set aside.
    good_rows: int | None = None

    @property
    def bad_lines(self) -> int:
        """How many of the file's rows hold a bad value (one row may hold several)."""
        return len({b.line for b in self.bad_rows if b.value is not None})

    @property
    def can_set_aside(self) -> bool:
        """A refused file whose good rows can be imported with the bad ones set aside (quarantined)."""
        return self.report is None and bool(self.good_rows) and self.bad_lines > 0


@dataclass(frozen=True)
class ColumnChoice:
    """A column mapping made on the upload page for one file: key -> column, its name, the unit."""

    columns: dict[str, str]
    name: str
    unit: str | None = None


def decode_upload(contents: str, filename: str) -> bytes:
    """The bytes of one ``dcc.Upload`` data URL (``data:<type>;base64,<payload>``)."""
    _, sep, payload = contents.partition(",")
    if not sep:
        raise InputError(filename, "the browser sent the file in an unexpected form; try uploading it again")
    max_bytes = Limits.from_env().max_upload_bytes
    if (
        len(payload) * 3 // 4 - payload[-2:].count("=") > max_bytes
    ):  # the decoded size, before decoding or reading
        raise InputError(
            filename,
            f"the file is larger than {max_bytes / 2**20:g} MB; expected a workout export "
            "(raise LIFTBALANCE_MAX_UPLOAD_MB if this really is one)",
        )
    try:
        return base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError) as exc:
        raise InputError(filename, "the browser sent a damaged file; try uploading it again") from exc


def file_header(data: bytes, filename: str) -> list[str]:
    """The header row of an uploaded CSV (``InputError`` when it is not text or has no header)."""
    return file_sample(data, filename).header


def file_sample(data: bytes, filename: str) -> Sample:
    """The header and first rows of an uploaded CSV, as detection sees them (a translated Strong header
    is recognised by its rows' shapes, so asking whether an app claims a file needs them)."""
    text = decode_export(data, filename)
    header, delimiter = sniff_header(text, filename)
    return Sample.of(text, header, delimiter)


def saved_mapping_name(
    con: duckdb.DuckDBPyConnection, athlete: str, data: bytes, filename: str
) -> str | None:
    """The name of the mapping ``etl.ingest`` will reuse for this file's header, if the athlete saved one."""
    try:
        sample = file_sample(data, filename)
    except LiftbalanceError:
        return None
    if claimed_by_app(sample):
        return None
    wanted = [h.strip() for h in sample.header]
    for saved in list_column_mappings(con, athlete.strip()):  # newest first, as ingest picks
        if saved.header == wanted:
            return saved.name
    return None


def as_list(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def unit_questions(contents: Sequence[str], filenames: Sequence[str]) -> list[UnitQuestion]:
    """The files that need a kg/lb answer. Unreadable files are left for the import to report."""
    questions = []
    for index, (payload, name) in enumerate(zip(contents, filenames, strict=True)):
        try:
            info = inspect_export(decode_upload(payload, name), name)
        except LiftbalanceError:
            continue
        if info.needs_unit:
            questions.append(
                UnitQuestion(index, name, info.label, info.unit_guess, info.unit_confident, info.unit_reason)
            )
    return questions


def import_uploads(
    con: duckdb.DuckDBPyConnection,
    contents: Sequence[str],
    filenames: Sequence[str],
    *,
    athlete: str,
    units: dict[str, str] | None = None,
    skip_invalid: bool = False,
    progress: BatchProgress | None = None,
    choices: dict[str, ColumnChoice] | None = None,
) -> list[Outcome]:
    """Import each file in turn; ``units`` maps a file's index (as text) to "kg" or "lb", ``choices``
    to the column mapping made on the page for a file no app claims."""
    outcomes = []
    total = len(contents)
    for index, (payload, name) in enumerate(zip(contents, filenames, strict=True)):

        def step(stage: str, fraction: float, index: int = index, name: str = name) -> None:
            if progress is not None:
                progress((index + fraction) / total, f"{name}: {stage}")

        choice = (choices or {}).get(str(index))
        mapping: tuple[str, str] | None = None
        try:
            data = decode_upload(payload, name)
            if choice is not None:
                mapping = ("new", choice.name)
                report = ingest(
                    con,
                    data,
                    name,
                    athlete=athlete,
                    unit=choice.unit if "unit" not in choice.columns else None,
                    skip_invalid=skip_invalid,
                    progress=step,
                    columns=choice.columns,
                    columns_name=choice.name,
                )
            else:
                saved = saved_mapping_name(con, athlete, data, name)
                mapping = ("saved", saved) if saved else None
                report = ingest(
                    con,
                    data,
                    name,
                    athlete=athlete,
                    unit=(units or {}).get(str(index)),
                    skip_invalid=skip_invalid,
                    progress=step,
                )
        except BadRowsError as exc:
            outcomes.append(
                Outcome(
                    name,
                    error=str(exc).splitlines()[0],
                    bad_rows=tuple(exc.bad_rows),
                    good_rows=exc.good_rows,
                )
            )
            continue
        except InputError as exc:
            where = BadRow(exc.line, exc.column, None, exc.message) if exc.line is not None else None
            outcomes.append(Outcome(name, error=str(exc), bad_rows=(where,) if where else ()))
            continue
        except LiftbalanceError as exc:
            outcomes.append(Outcome(name, error=str(exc)))
            continue
        outcomes.append(Outcome(name, report=report, mapping=mapping))
    if progress is not None:
        progress(1.0, "done")
    return outcomes


@dataclass(frozen=True)
class BatchResult:
    """What an import job hands back to the page: per-file outcomes and the athletes now stored."""

    athlete: str
    outcomes: list[Outcome]
    athletes: list[str]
    error: str | None = None

    @property
    def imported(self) -> bool:
        return any(o.report is not None for o in self.outcomes)


def import_batch(
    db: Path,
    progress: BatchProgress,
    *,
    contents: Sequence[str],
    filenames: Sequence[str],
    athlete: str,
    units: dict[str, str] | None = None,
    skip_invalid: bool = False,
    choices: dict[str, ColumnChoice] | None = None,
) -> BatchResult:
    """A job's work: open the database at ``db`` (in the worker thread) and import the batch."""
    try:
        with store.opened(db) as con:
            outcomes = import_uploads(
                con,
                contents,
                filenames,
                athlete=athlete,
                units=units,
                skip_invalid=skip_invalid,
                progress=progress,
                choices=choices,
            )
            names = store.athletes(con)
    except LiftbalanceError as exc:  # the store could not be opened or written: nothing was imported
        return BatchResult(athlete, [], [], str(exc))
    return BatchResult(athlete, outcomes, names)
