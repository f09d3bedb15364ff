"""The front door for an import, shared by the CLI and the upload page.

``ingest`` takes a binary file object (a file on disk or a decoded browser upload), runs
decode → detect → read → normalise → validate, and then, in one transaction, keeps the
original bytes, records the upload and merges its sets. A file with bad values writes
nothing unless ``skip_invalid`` quarantines them; either way both fronts show the same
``ImportReport``. A re-import of a cumulative export reads only past the part an earlier import
read (``etl.reimport.known_region``) and parses only its new and edited workouts (``etl.reimport.fingerprint``); the
report and the stored sets are what parsing everything would give.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any, BinaryIO

import duckdb
import polars as pl

from etl.analysis.not_counted import unrecognised_names
from etl.analysis.settings import load_settings, load_source_settings
from etl.analysis.warmups import count_stored_warmups_by_load
from etl.errors import BadRow, BadRowsError, InputError, LiftbalanceError
from etl.limits import Limits
from etl.read import mappings
from etl.read.canonical import Normalized, normalize
from etl.read.csvfile import LINE, sniff_header
from etl.read.decode import decode_export
from etl.read.detect import Detected, claimed_by_app, detect_format
from etl.read.readers.base import DATE_ORDERS, DateOrder, ReadContext, Reader, Sample
from etl.read.readers.common import ParsedRows
from etl.read.timezone import resolve_tz
from etl.read.units import UNITS, UnitGuess, unit_refusal, weigh_units
from etl.read.units_seen import units_seen
from etl.reimport import fingerprint, known_region
from etl.store import database as store
from etl.store import uploads
from etl.store.snapshot import analysis_connection
from etl.store.sources import find_overlaps, source_spans
from etl.store.upsert import upsert_sets
from schemas.fastcheck import validated

# Called with a stage name and the fraction done, so a front can draw progress.
Progress = Callable[[str, float], None]
# Called inside an import's transaction once its sets are stored, to write what must commit with them.
InTransaction = Callable[[duckdb.DuckDBPyConnection, "ImportReport"], None]


def _quiet(stage: str, fraction: float) -> None:
    return None


@dataclass
class ImportReport:
    file: str
    format: str
    athlete: str
    sha256: str
    upload_id: int | None
    workouts: int
    sets_added: int
    sets_updated: int
    sets_unchanged: int
    sets_removed: int
    skipped: dict[str, int]
    quarantined: list[BadRow] = field(default_factory=list)
    flagged: list[BadRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unit: str | None = None
    first_workout: str | None = None
    last_workout: str | None = None
    # The athlete's sources after this import: [{source, first, last, workouts, sets}] (etl.store.sources).
    sources: list[dict[str, Any]] = field(default_factory=list)
    # Workouts of this file that overlap another app's workout of the athlete: which one counts, which not.
    overlaps: list[dict[str, Any]] = field(default_factory=list)
    # Sets of this file read as warm-ups from their loads, under the athlete's setting (etl.analysis.warmups).
    warmups_by_load: int = 0
    # Names in this file that credit no muscle, after the athlete's mappings: [{name, sets}] (etl.analysis.not_counted).
    unrecognised: list[dict[str, Any]] = field(default_factory=list)
    # For a unit-less file whose loads settled the unit: which, and why ("read as pounds: loads like ...").
    unit_note: str | None = None
    # The app and shape named for a lifter ("Strong (German)"); ``format`` is the stored id ("strong (A@German)").
    label: str | None = None
    # The weight units the rows read were written in, e.g. ["kg", "lb"] for a mixed file (etl.read.units_seen).
    units: list[str] = field(default_factory=list)

    @property
    def sets_in_file(self) -> int:
        return self.sets_added + self.sets_updated + self.sets_unchanged

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["quarantined"] = [asdict(b) for b in self.quarantined]
        out["flagged"] = [asdict(b) for b in self.flagged]
        return out


@dataclass
class ParsedExport:
    """A file read and validated, not yet stored: what the upload page previews."""

    filename: str
    detected: Detected
    parsed: ParsedRows
    normalized: Normalized
    unit_guess: str | None
    header: list[str] = field(default_factory=list)


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
    text = decode_export(data, filename)
    header, delimiter = sniff_header(text, filename)
    detected = detect_format(Sample.of(text, header, delimiter), filename, fmt, columns)
    needs = detected.reader.needs_unit(detected.shape)
    context = ReadContext(filename, columns=detected.columns)
    raw = _read_raw(detected, text, delimiter, context, header, Limits.from_env()) if needs else None
    guessing = raw is not None and detected.reader.guesses_unit
    guess = detected.reader.weigh_unit(raw, context) if guessing and raw is not None else None
    if guess is None:
        unit = detected.reader.unit_guess(raw, context) if guessing and raw is not None else None
        return ExportInfo(detected.app, detected.display, needs, unit)
    return ExportInfo(detected.app, detected.display, needs, guess.unit, guess.confident, guess.reason)


def check_date_order(date_order: str | None, filename: str) -> DateOrder | None:
    """``--date-order`` checked: None (decide from the file), ``dmy`` or ``mdy``."""
    if date_order is not None and date_order not in DATE_ORDERS:
        raise InputError(
            filename, f"unknown date order {date_order!r}; expected dmy (day first) or mdy (month first)"
        )
    return date_order  # type: ignore[return-value]


def _read_raw(
    detected: Detected, text: bytes, delimiter: str, context: ReadContext, header: list[str], limits: Limits
) -> pl.DataFrame:
    """The file's rows as text: the generic CSV read, or the reader's own (block-structured or broken files)."""
    filename = context.filename
    raw = detected.reader.read_raw(
        text,
        delimiter=delimiter,
        header=header,
        shape=detected.shape,
        ctx=context,
        max_field_bytes=limits.max_field_bytes,
    )
    if raw.height > limits.max_rows:
        raise InputError(
            filename,
            f"the file has {raw.height:,} rows; at most {limits.max_rows:,} are accepted "
            "(raise LIFTBALANCE_MAX_ROWS if this really is one export)",
        )
    return raw


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


@dataclass
class _RawExport:
    """A file decoded, detected and read as text rows: the cheap part of an import."""

    detected: Detected
    raw: pl.DataFrame
    header: list[str]
    zone: str
    text: bytes = b""  # the decoded file
    delimiter: str = ","
    found: known_region.Found | None = None  # a region an earlier import read: ``raw`` holds only the rest
    context: ReadContext = ReadContext("")  # what every reader call gets (filename, unit, zone, ...)

    def with_raw(self, raw: pl.DataFrame) -> _RawExport:
        """This export with ``raw`` (every row of the file) and no known region."""
        return _RawExport(
            self.detected, raw, self.header, self.zone, self.text, self.delimiter, None, self.context
        )


# Given the detected file, its header, zone and decoded text: a stored region it repeats (etl.reimport.known_region).
FindRegion = Callable[[Detected, list[str], str, bytes], "known_region.Found | None"]


def _read_export(
    data: bytes,
    filename: str,
    *,
    athlete: str,
    unit: str | None,
    fmt: str,
    tz: str | None,
    progress: Progress,
    limits: Limits,
    columns: Mapping[str, str] | None,
    saved_columns: Callable[[list[str]], Mapping[str, str] | None] | None,
    find_region: FindRegion | None = None,
    date_order: str | None = None,
) -> _RawExport:
    if unit is not None and unit not in UNITS:
        raise InputError(filename, f"unknown unit {unit!r}; expected kg or lb")
    order = check_date_order(date_order, filename)
    if not athlete or not athlete.strip():
        raise InputError(filename, "the athlete name is empty")
    progress("decoding", 0.05)
    text = decode_export(data, filename)
    header, delimiter = sniff_header(text, filename)
    sample = Sample.of(text, header, delimiter)
    if (
        columns is None
        and saved_columns is not None
        and fmt in ("auto", "custom")
        and not claimed_by_app(sample)
    ):
        columns = saved_columns(header)
    detected = detect_format(sample, filename, fmt, columns)
    zone = resolve_tz(tz)
    context = ReadContext(filename, unit=unit, tz=zone, columns=detected.columns, date_order=order)
    progress("reading", 0.15)
    found = find_region(detected, header, zone, text) if find_region is not None else None
    if found is not None:
        try:
            rest = _read_raw(detected, found.rest, delimiter, context, header, limits)
        except InputError:
            rest = None  # read the whole file: its error names the file's own line
        if rest is not None and rest.height + found.region.rows <= limits.max_rows:
            rest = rest.with_columns(pl.col(LINE) + found.line_offset)
            return _RawExport(detected, rest, header, zone, text, delimiter, found, context)
    raw = _read_raw(detected, text, delimiter, context, header, limits)
    return _RawExport(detected, raw, header, zone, text, delimiter, None, context)


def _read_all(read: _RawExport, filename: str, limits: Limits) -> _RawExport:
    """``read`` with every row of the file, where only those past a known region were read."""
    return read.with_raw(
        _read_raw(read.detected, read.text, read.delimiter, read.context, read.header, limits)
    )


def _parse_raw(
    read: _RawExport,
    raw: pl.DataFrame,
    filename: str,
    *,
    athlete: str,
    unit: str | None,
    progress: Progress,
    file_unit_guess: UnitGuess | None = None,
) -> tuple[ParsedRows, Normalized]:
    """Validate, parse and normalise ``raw``: the whole file's rows, or only its new workouts'.
    ``file_unit_guess`` is the whole file's, when ``raw`` is part of it."""
    detected = read.detected
    validated(detected.reader.raw_schema, raw)  # pandera's checks, run in one query unless one fails
    progress("parsing", 0.35)
    whole = file_unit_guess.unit if file_unit_guess is not None else None
    if whole is None and raw is not read.raw and _guesses_unit(detected, unit):
        whole = detected.reader.unit_guess(read.raw, read.context)  # a reader that guesses but does not weigh
    context = replace(
        read.context, filename=filename, unit=unit, file_unit_weighed=file_unit_guess, file_unit_guess=whole
    )
    parsed = detected.reader.parse(raw, detected.shape, context)
    progress("validating", 0.55)
    normalized = normalize(parsed, app=detected.app, athlete=athlete.strip(), tz=read.zone)
    return parsed, _in_file_words(
        normalized, dict(zip(_raw_columns(detected, read.header), read.header, strict=False))
    )


def _in_file_words(normalized: Normalized, names: dict[str, str]) -> Normalized:
    """Bad and flagged values named by the file's own column headers, where the reader renamed them (a
    translated Strong header is read under the English names: a German lifter reads 'Wiederh.', not 'Reps')."""
    renamed = {raw: own for raw, own in names.items() if raw != own}
    if not renamed:
        return normalized

    def own(rows: list[BadRow]) -> list[BadRow]:
        return [replace(b, column=renamed.get(b.column, b.column)) if b.column else b for b in rows]

    return replace(normalized, bad_rows=own(normalized.bad_rows), flagged=own(normalized.flagged))


def parse_export(
    data: bytes,
    filename: str,
    *,
    athlete: str = "default",
    unit: str | None = None,
    fmt: str = "auto",
    tz: str | None = None,
    progress: Progress = _quiet,
    limits: Limits | None = None,
    columns: Mapping[str, str] | None = None,
    saved_columns: Callable[[list[str]], Mapping[str, str] | None] | None = None,
    date_order: str | None = None,
) -> ParsedExport:
    """Everything short of the store: bytes → validated canonical sets, bad rows and skips.

    ``columns`` maps a CSV no app claims (``etl.read.readers.custom``); without it, ``saved_columns`` may
    look up a mapping saved for the file's header, asked only when no app's reader claims the file."""
    read = _read_export(
        data,
        filename,
        athlete=athlete,
        unit=unit,
        fmt=fmt,
        tz=tz,
        progress=progress,
        limits=limits or Limits.from_env(),
        columns=columns,
        saved_columns=saved_columns,
        date_order=date_order,
    )
    parsed, normalized = _parse_raw(read, read.raw, filename, athlete=athlete, unit=unit, progress=progress)
    return ParsedExport(filename, read.detected, parsed, normalized, parsed.unit_guess, read.header)


@dataclass
class _Plan:
    """Which of a file's workouts a re-import parses (``todo``: raw rows) and which it skips (``matched``)."""

    groups: fingerprint.Groups
    todo: pl.DataFrame
    lines: pl.DataFrame  # _line -> _group for the rows in ``todo``
    matched: pl.DataFrame  # per skipped workout: _group, workout_start, workout_key, sets, skipped
    seed: tuple[int, int]


def _raw_columns(detected: Detected, header: list[str]) -> list[str]:
    return detected.reader.raw_columns(header, detected.shape)


def _seed(
    detected: Detected, header: list[str], zone: str, *, athlete: str, unit: str | None
) -> tuple[int, int] | None:
    """The file's fingerprint seeds, or None where its reader cannot skip workouts (etl.reimport.fingerprint)."""
    if (
        detected.columns is not None
        or fingerprint.workout_columns(detected.reader, _raw_columns(detected, header)) is None
    ):
        return None
    return fingerprint.seeds(
        reader=detected.reader,
        app=detected.app,
        shape=detected.shape,
        header=header,
        unit=unit,
        tz=zone,
        athlete=athlete,
    )


def _plan(
    con: duckdb.DuckDBPyConnection, read: _RawExport, *, athlete: str, unit: str | None
) -> _Plan | None:
    """Fingerprint the file's workouts and find those stored unchanged; None where the reader cannot, or
    where a known region's workouts (``read.found``) are not all stored unchanged or have rows in ``raw``."""
    detected = read.detected
    seed = _seed(detected, read.header, read.zone, athlete=athlete, unit=_effective_unit(read, unit))
    if seed is None or (read.found is not None and read.found.seed != seed[0]):
        return None  # (a known region stored under the other unit: the loads now weigh differently)
    columns = fingerprint.workout_columns(detected.reader, _raw_columns(detected, read.header))
    assert columns is not None
    groups: fingerprint.Groups | None = fingerprint.group_workouts(read.raw, columns, seed)
    if read.found is not None:
        groups = fingerprint.with_known(groups, read.found.region.workouts)  # type: ignore[arg-type]
        if groups is None:
            return None
    assert groups is not None
    matched = fingerprint.lookup(con, athlete, detected.app, groups)
    if read.found is not None:
        known = read.found.region.workouts.height  # numbered after the workouts read
        first_known = groups.groups.height - known
        if matched.filter(pl.col(fingerprint.GROUP) >= first_known).height < known:
            return None
    return _Plan(groups, read.raw, read.raw.select(LINE).with_columns(groups.row_group), matched, seed)


def _skip_matched(plan: _Plan) -> _Plan:
    """``plan`` with the matched workouts' rows taken out of what is parsed."""
    keep = ~plan.groups.row_group.is_in(plan.matched.get_column(fingerprint.GROUP).implode())
    return _Plan(plan.groups, plan.todo.filter(keep), plan.lines.filter(keep), plan.matched, plan.seed)


def ingest(
    con: duckdb.DuckDBPyConnection,
    source: BinaryIO | bytes,
    filename: str,
    *,
    athlete: str = "default",
    unit: str | None = None,
    fmt: str = "auto",
    tz: str | None = None,
    skip_invalid: bool = False,
    limits: Limits | None = None,
    progress: Progress = _quiet,
    columns: Mapping[str, str] | None = None,
    columns_name: str | None = None,
    incremental: bool = True,
    date_order: str | None = None,
    ask_unit: bool = False,
) -> ImportReport:
    """Import one export. Raises ``InputError``/``BadRowsError`` (and writes nothing) for a bad file.

    ``columns`` reads a CSV no app claims through a column mapping; the mapping is saved for the athlete
    (as ``columns_name``, default the file name) and reused for the next file with the same header.
    ``incremental`` skips workouts stored unchanged by an earlier import (``etl.reimport.fingerprint``); the
    report and the stored sets are the same either way, so only tests and benchmarks turn it off.
    ``date_order`` (``dmy``/``mdy``) reads 2-digit dates the file itself cannot settle. With ``ask_unit``
    (the CLI), a unit-less file whose loads do not settle kg or lb is refused, naming ``--unit``; without
    it, such a file is read as kg (with a warning where the loads look like pounds)."""
    limits = limits or Limits.from_env()
    data = read_bytes(source, filename, max_bytes=limits.max_upload_bytes)
    with ThreadPoolExecutor(max_workers=1) as pool:
        # zstd and sha256 release the GIL: they run while polars parses.
        compressed = pool.submit(uploads.compress_upload, data)
        digest = pool.submit(lambda: hashlib.sha256(data).hexdigest())
        return _ingest_parsed(
            con,
            data,
            filename,
            compressed,
            digest.result,
            athlete=athlete,
            unit=unit,
            fmt=fmt,
            tz=tz,
            skip_invalid=skip_invalid,
            progress=progress,
            limits=limits,
            columns=columns,
            columns_name=columns_name,
            incremental=incremental,
            background=pool,
            date_order=date_order,
            ask_unit=ask_unit,
        )


def ingest_rows(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    filename: str,
    raw: pl.DataFrame,
    *,
    reader: Reader,
    shape: str,
    athlete: str = "default",
    tz: str | None = None,
    skip_invalid: bool = False,
    progress: Progress = _quiet,
    in_transaction: InTransaction | None = None,
) -> ImportReport:
    """Import rows a reader has already read from something that is not a file (an API's pages).

    ``raw`` is the reader's text frame (what its ``read_raw`` gives for ``data``); ``data`` is kept as the
    upload, so the import can be re-derived. Parsing, normalising, validation, fingerprints and the store
    are ``ingest``'s; ``in_transaction`` runs in its transaction after the sets are stored."""
    if not athlete or not athlete.strip():
        raise InputError(filename, "the athlete name is empty")
    zone = resolve_tz(tz)
    header = [c for c in raw.columns if c != LINE]
    read = _RawExport(
        Detected(reader.app, shape, reader), raw, header, zone, context=ReadContext(filename, tz=zone)
    )
    with ThreadPoolExecutor(max_workers=1) as pool:
        compressed = pool.submit(uploads.compress_upload, data)
        digest = hashlib.sha256(data).hexdigest()
        return _ingest_parsed(
            con,
            data,
            filename,
            compressed,
            lambda: digest,
            athlete=athlete,
            unit=None,
            fmt=reader.app,
            tz=zone,
            skip_invalid=skip_invalid,
            progress=progress,
            limits=Limits.from_env(),
            columns=None,
            columns_name=None,
            incremental=True,
            background=pool,
            rows=read,
            in_transaction=in_transaction,
        )


def _parse_planned(
    con: duckdb.DuckDBPyConnection,
    read: _RawExport,
    filename: str,
    *,
    athlete: str,
    unit: str | None,
    progress: Progress,
    incremental: bool,
    limits: Limits,
) -> tuple[_RawExport, ParsedRows, Normalized, _Plan | None]:
    """Parse the file's new and changed workouts (all of it when nothing can be skipped). Where only the
    rows past a known region were read and that is not enough, the whole file is read and planned again."""
    plan = _plan(con, read, athlete=athlete, unit=unit) if incremental else None
    if plan is None and read.found is not None:
        return _parse_planned(
            con,
            _read_all(read, filename, limits),
            filename,
            athlete=athlete,
            unit=unit,
            progress=progress,
            incremental=incremental,
            limits=limits,
        )
    if plan is not None and plan.matched.height:
        part = _skip_matched(plan)
        parsed, norm = _parse_raw(
            read,
            part.todo,
            filename,
            athlete=athlete,
            unit=unit,
            progress=progress,
            file_unit_guess=_file_unit_guess(read, unit),
        )
        skipped_starts = plan.matched.get_column("workout_start").implode()
        if not norm.sets.get_column("workout_start").is_in(skipped_starts).any():
            return read, parsed, norm, part
        # A parsed workout starts when a skipped one does (two spellings of one start time): the
        # full path would merge them, so take it.
        if read.found is not None:
            read = _read_all(read, filename, limits)
            plan = _plan(con, read, athlete=athlete, unit=unit)
            assert plan is not None  # the same reader and header planned the part
        plan = _Plan(plan.groups, plan.todo, plan.lines, plan.matched.clear(), plan.seed)
    parsed, norm = _parse_raw(read, read.raw, filename, athlete=athlete, unit=unit, progress=progress)
    return read, parsed, norm, plan


def _parse_confirmed(
    con: duckdb.DuckDBPyConnection,
    read: _RawExport,
    filename: str,
    *,
    athlete: str,
    unit: str | None,
    progress: Progress,
    incremental: bool,
    limits: Limits,
) -> tuple[_RawExport, ParsedRows, Normalized, _Plan | None]:
    """``_parse_planned``, trusted only once a known region's hash (computed meanwhile) confirms the bytes
    not read; otherwise, or if the guess failed for it, the whole file is read and parsed."""
    again = functools.partial(
        _parse_planned,
        con,
        filename=filename,
        athlete=athlete,
        unit=unit,
        progress=progress,
        incremental=incremental,
        limits=limits,
    )
    try:
        result = again(read)
    except LiftbalanceError:
        if read.found is None or read.found.confirmed():
            raise
    else:
        found = result[0].found
        if found is None or found.confirmed():
            return result
    return again(_read_all(read, filename, limits))


def _guesses_unit(detected: Detected, unit: str | None) -> bool:
    """Whether the file's unit is guessed from its loads: a unit-less file read without ``--unit``."""
    return unit is None and detected.reader.guesses_unit and detected.reader.needs_unit(detected.shape)


def _effective_unit(read: _RawExport, unit: str | None) -> str | None:
    """The unit the file is parsed in: the lifter's, else a confident guess, else kg, for unit-less files
    (it is part of the fingerprint seed: a file whose loads come to weigh differently is parsed anew)."""
    if not _guesses_unit(read.detected, unit):
        return unit
    guess = _file_unit_guess(read, unit)
    return guess.unit if guess is not None and guess.confident else "kg"


def _file_unit_guess(read: _RawExport, unit: str | None) -> UnitGuess | None:
    """For a unit-less file read without ``--unit``: the unit its loads suggest, over all its rows
    (those read, and a known region's, whose loads were stored)."""
    detected = read.detected
    if not _guesses_unit(detected, unit):
        return None
    if read.found is not None:
        counts = pl.concat([detected.reader.unit_counts(read.raw, read.context), read.found.region.loads])
        return weigh_units(counts.get_column("load"), counts.get_column("n"))
    return detected.reader.weigh_unit(read.raw, read.context)


def _region_finder(
    con: duckdb.DuckDBPyConnection,
    athlete: str,
    unit: str | None,
    limits: Limits,
    background: ThreadPoolExecutor,
) -> FindRegion:
    def find(detected: Detected, header: list[str], zone: str, text: bytes) -> known_region.Found | None:
        guessing = _guesses_unit(detected, unit)
        if guessing and not detected.reader.counts_units:
            return None
        # A unit-less file's region was stored under the unit its loads then weighed to: try both.
        for candidate in UNITS if guessing else (unit,):
            seed = _seed(detected, header, zone, athlete=athlete, unit=candidate)
            if seed is None:
                return None
            found = known_region.find(
                con,
                athlete,
                detected.app,
                seed[0],
                known_region.side(detected.reader),
                text,
                field_limit=limits.max_field_bytes,
                background=background,
            )
            if found is not None:
                return found
        return None

    return find


def _next_region(
    read: _RawExport, plan: _Plan, recorded: pl.DataFrame, unit: str | None, limits: Limits
) -> known_region.Next | None:
    """The region to remember for the file just planned: its workouts matched or fingerprinted now qualify."""
    groups = plan.groups.groups
    eligible = pl.concat(
        [
            plan.matched.get_column(fingerprint.GROUP),
            groups.join(recorded.select("fp1", "fp2"), on=["fp1", "fp2"], how="semi").get_column(
                fingerprint.GROUP
            ),
        ]
    )
    reader = read.detected.reader
    return known_region.next_region(
        text=read.text,
        found=read.found,
        raw=read.raw,
        row_group=plan.groups.row_group,
        groups=groups,
        eligible=eligible,
        where=known_region.side(reader),
        field_limit=limits.max_field_bytes,
        unit_counts=functools.partial(reader.unit_counts, ctx=read.context)
        if _guesses_unit(read.detected, unit)
        else None,
    )


def _ingest_parsed(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    filename: str,
    compressed: Future[bytes],
    sha256: Callable[[], str],
    *,
    athlete: str,
    unit: str | None,
    fmt: str,
    tz: str | None,
    skip_invalid: bool,
    progress: Progress,
    limits: Limits,
    columns: Mapping[str, str] | None,
    columns_name: str | None,
    incremental: bool,
    background: ThreadPoolExecutor,
    date_order: str | None = None,
    ask_unit: bool = False,
    rows: _RawExport | None = None,
    in_transaction: InTransaction | None = None,
) -> ImportReport:
    """Read (unless ``rows`` were read already, by ``ingest_rows``), parse and store one import."""

    def saved(header: list[str]) -> Mapping[str, str] | None:
        return mappings.find_column_mapping(con, athlete.strip(), header)

    name = athlete.strip()
    read = (
        rows
        if rows is not None
        else _read_export(
            data,
            filename,
            athlete=athlete,
            unit=unit,
            fmt=fmt,
            tz=tz,
            progress=progress,
            limits=limits,
            columns=columns,
            saved_columns=saved,
            date_order=date_order,
            find_region=_region_finder(con, name, unit, limits, background) if incremental else None,
        )
    )
    read, parsed, norm, plan = _parse_confirmed(
        con,
        read,
        filename,
        athlete=name,
        unit=unit,
        progress=progress,
        incremental=incremental,
        limits=limits,
    )
    matched = plan.matched if plan is not None else fingerprint.NO_MATCHES
    if norm.bad_rows and not skip_invalid:
        raise BadRowsError(
            filename, norm.bad_rows, good_rows=norm.sets.height + int(matched.get_column("sets").sum())
        )
    if ask_unit and _guesses_unit(read.detected, unit):
        guess = _file_unit_guess(read, unit)
        if guess is not None and not guess.confident:
            raise InputError(filename, unit_refusal(filename, guess))
    sha = sha256()
    sets = norm.sets
    starts = pl.concat([sets.get_column("workout_start"), matched.get_column("workout_start")])
    report = ImportReport(
        file=filename,
        format=read.detected.label,
        label=read.detected.display,
        athlete=name,
        sha256=sha,
        upload_id=None,
        workouts=starts.n_unique(),
        sets_added=0,
        sets_updated=0,
        sets_unchanged=0,
        sets_removed=0,
        skipped=_add_counts(norm.skipped, fingerprint.skipped_totals(matched)),
        quarantined=norm.bad_rows,
        flagged=norm.flagged,
        warnings=list(parsed.warnings)
        + (
            ["read with the column mapping saved for files with this header"]
            if read.detected.columns is not None and columns is None
            else []
        ),
        unit=parsed.unit,
        unit_note=parsed.unit_note,
        units=units_seen(parsed),
        first_workout=_iso(starts.min()),
        last_workout=_iso(starts.max()),
    )
    fingerprints, region, region_sha = fingerprint.NO_FINGERPRINTS, None, None
    if plan is not None:
        fingerprints = fingerprint.to_record(
            lines=plan.lines,
            sets=sets,
            frame=parsed.frame,
            bad_rows=norm.bad_rows,
            flagged=norm.flagged,
            groups=plan.groups,
        )
        region = _next_region(read, plan, fingerprints, unit, limits) if rows is None else None
        region_sha = (
            background.submit(region.digest) if region is not None else None
        )  # sha256 releases the GIL
    progress("storing", 0.75)
    with store.transaction(con):
        upload_id = uploads.keep_upload(
            con,
            sha256=sha,
            data=data,
            compressed=compressed.result,
            filename=filename,
            fmt=report.format,
            athlete=report.athlete,
        )
        report.upload_id = upload_id
        counts = upsert_sets(con, sets.with_columns(pl.lit(upload_id, dtype=pl.Int64).alias("upload_id")))
        report.sets_added, report.sets_updated = counts.added, counts.updated
        report.sets_unchanged = counts.unchanged + int(matched.get_column("sets").sum())
        report.sets_removed = counts.removed
        fingerprint.record(con, name, read.detected.app, fingerprints)
        if plan is not None and region is not None and region_sha is not None:
            known_region.remember(
                con, name, read.detected.app, plan.seed[0], replace(region.region, sha256=region_sha.result())
            )
        if columns is not None and read.detected.columns is not None:
            mappings.save_column_mapping(
                con, report.athlete, columns_name or filename, read.header, read.detected.columns
            )
        if in_transaction is not None:
            in_transaction(con, report)
        keys = pl.concat([sets.get_column("workout_key"), matched.get_column("workout_key")])
        with analysis_connection(con, report.athlete) as reads:  # PostgreSQL: this import's rows, in DuckDB
            report.sources, report.overlaps = _sources_and_overlaps(reads, report.athlete, keys)
            report.unrecognised = unrecognised_names(reads, report.athlete, keys)
            share = load_settings(reads, name).warmup_load_share
            report.warmups_by_load = count_stored_warmups_by_load(reads, name, keys.unique().to_list(), share)
        uploads.quarantine(con, upload_id, norm.bad_rows)
        uploads.finish_upload(con, upload_id, report.to_dict(), quarantined=bool(norm.bad_rows))
    progress("done", 1.0)
    return report


def _add_counts(*counts: Mapping[str, int]) -> dict[str, int]:
    """Skipped rows by reason, summed, in reason order (as ``etl.read.canonical`` reports them)."""
    total: dict[str, int] = {}
    for one in counts:
        for reason, n in one.items():
            total[reason] = total.get(reason, 0) + n
    return dict(sorted(total.items()))


def _sources_and_overlaps(
    con: duckdb.DuckDBPyConnection, athlete: str, keys: pl.Series
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The athlete's sources, and the overlaps (``etl.store.sources``) that involve this file's workouts (``keys``)."""
    spans = source_spans(con, athlete)
    if len(spans) < 2:
        return [span.to_dict() for span in spans], []  # one app: nothing can overlap
    mine = set(keys.unique().to_list())
    priority = load_source_settings(con, athlete).source_priority
    overlaps = [
        o.to_dict() for o in find_overlaps(con, athlete, priority) if o.counted in mine or o.dropped in mine
    ]
    return [span.to_dict() for span in spans], overlaps


def _iso(value: object) -> str | None:
    return value.isoformat(sep=" ") if isinstance(value, datetime) else None
