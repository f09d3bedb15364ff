"""One export file read: its bytes decoded, its app detected, its rows read as text, then parsed to canonical sets.

The rest of ``etl.read`` holds the pieces (decoding, detection, the readers, units, canonical sets); this
module strings them together for one file, with the limits every front shares, so that ``etl.ingest``
and the upload page's preview read a file the same way. A read happens in two steps, ``open_export``
(decode and detect: cheap) and ``read_rows``, so that a re-import (``etl.reimport.incremental``) can read
only the part of a file an earlier import did not; ``read_export`` does both, and ``rows_export`` stands in
for rows read from no file (an API's pages). ``parse_export`` turns the
rows read (or some of them) into canonical sets, bad rows and skips. Nothing here touches the store.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, BinaryIO

import polars as pl

from etl.errors import BadRow, InputError
from etl.limits import Limits
from etl.read.canonical import Normalized, normalize
from etl.read.csvfile import LINE, sniff_header
from etl.read.decode import decode_export
from etl.read.detect import Detected, claimed_by_app, detect_format
from etl.read.readers.base import DATE_ORDERS, DateOrder, ReadContext, Reader, Sample
from etl.read.readers.common import ParsedRows
from etl.read.timezone import resolve_tz
from etl.read.units import UNITS, UnitGuess
from schemas.fastcheck import validated

# Called with a stage name and the fraction done, so a front can draw progress.
Progress = Callable[[str, float], None]
# Given a file's header, the column mapping the athlete saved for it, if any (etl.read.mappings).
SavedColumns = Callable[[list[str]], Mapping[str, str] | None]


def quiet(stage: str, fraction: float) -> None:
    """A ``Progress`` that shows nothing."""
    return None


@dataclass(frozen=True)
class ReadOptions:
    """How to read a file: whose it is, and what the lifter said about it (``--unit``, ``--tz``, ...).

    ``fmt`` names the app (``auto``: detect it); ``columns`` maps a CSV no app claims
    (``etl.read.readers.custom``); ``date_order`` (``dmy``/``mdy``) settles 2-digit dates the file cannot."""

    athlete: str = "default"
    unit: str | None = None
    fmt: str = "auto"
    tz: str | None = None
    date_order: str | None = None
    columns: Mapping[str, str] | None = None

    def checked(self, filename: str) -> DateOrder | None:
        """Refuse (``InputError``) an unknown unit or date order, or an empty athlete; the date order checked."""
        if self.unit is not None and self.unit not in UNITS:
            raise InputError(filename, f"unknown unit {self.unit!r}; expected kg or lb")
        order = check_date_order(self.date_order, filename)
        if not self.athlete or not self.athlete.strip():
            raise InputError(filename, "the athlete name is empty")
        return order


def check_date_order(date_order: str | None, filename: str) -> DateOrder | None:
    """``--date-order`` checked: None (decide from the file), ``dmy`` or ``mdy``."""
    if date_order is not None and date_order not in DATE_ORDERS:
        raise InputError(
            filename, f"unknown date order {date_order!r}; expected dmy (day first) or mdy (month first)"
        )
    return date_order  # type: ignore[return-value]


def read_bytes(source: BinaryIO | bytes, filename: str, *, max_bytes: int) -> bytes:
    """All of ``source``, refusing (before reading it all) anything over ``max_bytes``."""
    too_big = InputError(
        filename,
        f"the file is larger than {max_bytes / 2**20:g} MB; expected a workout export "
        "(raise LIFTBALANCE_MAX_UPLOAD_MB if this really is one)",
    )
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        try:
            if os.fstat(source.fileno()).st_size > max_bytes:
                raise too_big
        except (AttributeError, OSError, io.UnsupportedOperation):
            pass  # not a real file: the bounded read below decides
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_big
    return data


@dataclass(frozen=True)
class ExportInfo:
    """What the upload page needs before importing: which app, and whether to ask for the unit."""

    app: str
    label: str
    needs_unit: bool
    unit_guess: str | None
    # Whether the loads settle the unit (then the page pre-selects ``unit_guess``), and why or why not.
    unit_confident: bool = False
    unit_reason: str | None = None


def inspect_export(
    data: bytes, filename: str, fmt: str = "auto", columns: Mapping[str, str] | None = None
) -> ExportInfo:
    """Detect the app and shape; for unit-less files, guess kg or lb. Raises ``InputError`` like ``ingest``."""
    opened = open_export(data, filename, ReadOptions(fmt=fmt, columns=columns, tz="UTC"))  # no zone is asked
    detected, context = opened.detected, opened.context
    needs = detected.reader.needs_unit(detected.shape)
    raw = read_rows(opened, Limits.from_env()) if needs else None
    guessing = raw is not None and detected.reader.guesses_unit
    guess = detected.reader.weigh_unit(raw, context) if guessing and raw is not None else None
    if guess is None:
        unit = detected.reader.unit_guess(raw, context) if guessing and raw is not None else None
        return ExportInfo(detected.app, detected.display, needs, unit)
    return ExportInfo(detected.app, detected.display, needs, guess.unit, guess.confident, guess.reason)


@dataclass(frozen=True)
class OpenedExport:
    """A file decoded and its app detected; its rows not read yet."""

    detected: Detected
    header: list[str]
    zone: str
    text: bytes  # the decoded file (empty for rows read from no file: rows_export)
    delimiter: str
    context: ReadContext  # what every reader call gets (filename, unit, zone, ...)
    athlete: str  # stripped

    @property
    def filename(self) -> str:
        return self.context.filename

    @property
    def guesses_unit(self) -> bool:
        """Whether the file's unit is guessed from its loads: a unit-less file read without ``--unit``."""
        reader = self.detected.reader
        return self.context.unit is None and reader.guesses_unit and reader.needs_unit(self.detected.shape)

    def raw_columns(self) -> list[str]:
        """The names the reader gives the file's columns in its text frame."""
        return self.detected.reader.raw_columns(self.header, self.detected.shape)

    def with_rows(self, raw: pl.DataFrame) -> RawExport:
        return RawExport(
            self.detected, self.header, self.zone, self.text, self.delimiter, self.context, self.athlete, raw
        )


@dataclass(frozen=True)
class RawExport(OpenedExport):
    """A file decoded, detected and read as text rows: the cheap part of an import."""

    raw: pl.DataFrame  # the rows read (a re-import may read only some: etl.reimport.incremental)


def open_export(
    data: bytes,
    filename: str,
    options: ReadOptions,
    *,
    saved_columns: SavedColumns | None = None,
    progress: Progress = quiet,
) -> OpenedExport:
    """Decode ``data`` and detect its app. ``saved_columns`` looks up a mapping saved for the file's header,
    asked only when no mapping is given and no app's reader claims the file."""
    order = options.checked(filename)
    progress("decoding", 0.05)
    text = decode_export(data, filename)
    header, delimiter = sniff_header(text, filename)
    sample = Sample.of(text, header, delimiter)
    columns = options.columns
    if (
        columns is None
        and saved_columns is not None
        and options.fmt in ("auto", "custom")
        and not claimed_by_app(sample)
    ):
        columns = saved_columns(header)
    detected = detect_format(sample, filename, options.fmt, columns)
    zone = resolve_tz(options.tz)
    context = ReadContext(filename, unit=options.unit, tz=zone, columns=detected.columns, date_order=order)
    progress("reading", 0.15)
    return OpenedExport(detected, header, zone, text, delimiter, context, options.athlete.strip())


def read_rows(opened: OpenedExport, limits: Limits, text: bytes | None = None) -> pl.DataFrame:
    """The file's rows (or those of ``text``, a part of it) as text: the generic CSV read, or the reader's own
    (block-structured or broken files). Refuses more than ``limits.max_rows`` rows."""
    detected = opened.detected
    raw = detected.reader.read_raw(
        opened.text if text is None else text,
        delimiter=opened.delimiter,
        header=opened.header,
        shape=detected.shape,
        ctx=opened.context,
        max_field_bytes=limits.max_field_bytes,
    )
    if raw.height > limits.max_rows:
        raise InputError(
            opened.filename,
            f"the file has {raw.height:,} rows; at most {limits.max_rows:,} are accepted "
            "(raise LIFTBALANCE_MAX_ROWS if this really is one export)",
        )
    return raw


def read_export(
    data: bytes,
    filename: str,
    options: ReadOptions | None = None,
    *,
    limits: Limits | None = None,
    saved_columns: SavedColumns | None = None,
    progress: Progress = quiet,
    **fields: Any,
) -> RawExport:
    """``data`` decoded, detected and read as text rows. ``fields`` (``athlete``, ``unit``, ``tz``, ...)
    change ``options`` (default ``ReadOptions()``)."""
    opened = open_export(
        data,
        filename,
        replace(options or ReadOptions(), **fields),
        saved_columns=saved_columns,
        progress=progress,
    )
    return opened.with_rows(read_rows(opened, limits or Limits.from_env()))


def rows_export(
    raw: pl.DataFrame, filename: str, options: ReadOptions, *, reader: Reader, shape: str
) -> RawExport:
    """Rows a reader has already read from something that is not a file (an API's pages: ``raw`` is its text
    frame), as an export. There are no bytes, so no known region is found or remembered for them, and the
    options about a file's bytes (unit, fmt, date_order, columns) do not apply: they are refused."""
    if (options.unit, options.fmt, options.date_order, options.columns) != (None, "auto", None, None):
        raise ValueError("rows read from no file: unit, fmt, date_order and columns do not apply")
    options.checked(filename)
    zone = resolve_tz(options.tz)
    return RawExport(
        detected=Detected(reader.app, shape, reader),
        header=[c for c in raw.columns if c != LINE],
        zone=zone,
        text=b"",
        delimiter=",",
        context=ReadContext(filename, tz=zone),
        athlete=options.athlete.strip(),
        raw=raw,
    )


@dataclass
class ParsedExport:
    """A file read and validated, not yet stored: canonical sets, bad and flagged values, skips."""

    filename: str
    detected: Detected
    parsed: ParsedRows
    normalized: Normalized
    unit_guess: str | None
    header: list[str] = field(default_factory=list)


def parse_export(
    export: RawExport,
    rows: pl.DataFrame | None = None,
    *,
    progress: Progress = quiet,
    file_unit_guess: UnitGuess | None = None,
) -> ParsedExport:
    """Validate, parse and normalise ``rows`` (default: all the rows read). Where ``rows`` are part of the
    export, ``file_unit_guess`` is the whole file's weighed unit, if known."""
    detected = export.detected
    raw = export.raw if rows is None else rows
    validated(detected.reader.raw_schema, raw)  # pandera's checks, run in one query unless one fails
    progress("parsing", 0.35)
    whole = file_unit_guess.unit if file_unit_guess is not None else None
    if whole is None and raw is not export.raw and export.guesses_unit:
        whole = detected.reader.unit_guess(
            export.raw, export.context
        )  # a reader that guesses but does not weigh
    context = replace(export.context, file_unit_weighed=file_unit_guess, file_unit_guess=whole)
    parsed = detected.reader.parse(raw, detected.shape, context)
    progress("validating", 0.55)
    normalized = normalize(parsed, app=detected.app, athlete=export.athlete, tz=export.zone)
    named = _in_file_words(normalized, dict(zip(export.raw_columns(), export.header, strict=False)))
    return ParsedExport(export.filename, detected, parsed, named, parsed.unit_guess, export.header)


def _in_file_words(normalized: Normalized, names: dict[str, str]) -> Normalized:
    """Bad and flagged values named by the file's own column headers, where the reader renamed them (a
    translated Strong header is read under the English names: a German lifter reads 'Wiederh.', not 'Reps')."""
    renamed = {raw: own for raw, own in names.items() if raw != own}
    if not renamed:
        return normalized

    def own(rows: list[BadRow]) -> list[BadRow]:
        return [replace(b, column=renamed.get(b.column, b.column)) if b.column else b for b in rows]

    return replace(normalized, bad_rows=own(normalized.bad_rows), flagged=own(normalized.flagged))
