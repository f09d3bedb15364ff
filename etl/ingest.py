"""The front door for an import, shared by the CLI, the upload page, the push endpoint and the Hevy sync.

An import is one flow, each stage in its own package:

    bytes ─ read (etl.read.export_file) ─ re-import (etl.reimport.incremental) ─ store (etl.store) ─ report

``ingest`` takes a file's bytes, decodes and detects them and reads their rows: all of them, or, for a
re-import of a cumulative export, only those past the part an earlier import read. It parses only the
new and edited workouts, and then, in one transaction, keeps the original bytes, records the upload and
merges its sets. ``ingest_rows`` does the same for rows a reader has already read from something that is
not a file (an API's pages). A file with bad values writes nothing unless ``skip_invalid`` quarantines
them; either way every front shows the same ``ImportReport``, and the report and the stored sets are
what parsing everything would give.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, BinaryIO

import duckdb
import polars as pl

from etl.analysis.not_counted import unrecognised_names
from etl.analysis.settings import load_settings, load_source_settings
from etl.analysis.warmups import count_stored_warmups_by_load
from etl.errors import BadRowsError, InputError
from etl.import_report import ImportReport
from etl.limits import Limits
from etl.read import mappings
from etl.read.export_file import (
    ExportInfo,
    Progress,
    ReadOptions,
    inspect_export,
    open_export,
    quiet,
    read_bytes,
    rows_export,
)
from etl.read.readers.base import Reader
from etl.read.units import unit_refusal
from etl.read.units_seen import units_seen
from etl.reimport import fingerprint, incremental
from etl.store import database as store
from etl.store import uploads
from etl.store.snapshot import analysis_connection
from etl.store.sources import find_overlaps, source_spans
from etl.store.upsert import upsert_sets

__all__ = [
    "ExportInfo",
    "ImportOptions",
    "ImportReport",
    "InTransaction",
    "Progress",
    "ingest",
    "ingest_rows",
    "inspect_export",
    "read_bytes",
]

# Called inside an import's transaction once its sets are stored, to write what must commit with them.
InTransaction = Callable[[duckdb.DuckDBPyConnection, ImportReport], None]


@dataclass(frozen=True)
class ImportOptions(ReadOptions):
    """How to import: how to read the file (``ReadOptions``: athlete, unit, fmt, tz, date_order, columns),
    and what to do with what it holds.

    ``skip_invalid`` stores the good rows and quarantines bad values (else one bad value refuses the file).
    A ``columns`` mapping is saved for the athlete as ``columns_name`` (default: the file name) and reused
    for the next file with the same header. ``incremental`` skips workouts stored unchanged by an earlier
    import (``etl.reimport.incremental``); the report and the stored sets are the same either way, so only
    tests and benchmarks turn it off. With ``ask_unit`` (the CLI), a unit-less file whose loads do not
    settle kg or lb is refused, naming ``--unit``; without it, such a file is read as kg (with a warning
    where the loads look like pounds). ``limits`` default to ``Limits.from_env()``."""

    skip_invalid: bool = False
    columns_name: str | None = None
    incremental: bool = True
    ask_unit: bool = False
    limits: Limits | None = None


def ingest(
    con: duckdb.DuckDBPyConnection,
    source: BinaryIO | bytes,
    filename: str,
    options: ImportOptions | None = None,
    *,
    progress: Progress = quiet,
    **fields: Any,
) -> ImportReport:
    """Import one export. Raises ``InputError``/``BadRowsError`` (and writes nothing) for a bad file.

    ``fields`` change ``options`` (default ``ImportOptions()``) for one call:
    ``ingest(con, fh, name, athlete="ana", unit="kg")``."""
    opts = replace(options or ImportOptions(), **fields)
    limits = opts.limits or Limits.from_env()
    data = read_bytes(source, filename, max_bytes=limits.max_upload_bytes)

    def saved(header: list[str]) -> Mapping[str, str] | None:
        return mappings.find_column_mapping(con, opts.athlete.strip(), header)

    with ThreadPoolExecutor(max_workers=1) as pool:
        kept = _Kept.start(data, pool)  # zstd and sha256 release the GIL: they run while polars parses
        opened = open_export(data, filename, opts, saved_columns=saved, progress=progress)
        reading = incremental.read(con, opened, limits=limits, background=pool, skip_stored=opts.incremental)
        return _import(con, reading, kept, opts, pool=pool, progress=progress)


def ingest_rows(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    filename: str,
    raw: pl.DataFrame,
    options: ImportOptions | None = None,
    *,
    reader: Reader,
    shape: str,
    progress: Progress = quiet,
    in_transaction: InTransaction | None = None,
    **fields: Any,
) -> ImportReport:
    """Import rows a reader has already read from something that is not a file (an API's pages).

    ``raw`` is the reader's text frame (what its ``read_raw`` gives for ``data``); ``data`` is kept as the
    upload, so the import can be re-derived. Of the options, those about a file's bytes (unit, fmt,
    date_order, columns) do not apply: they are refused. Parsing, normalising, validation, fingerprints
    and the store are ``ingest``'s; ``in_transaction`` runs in its transaction after the sets are stored."""
    opts = replace(options or ImportOptions(), **fields)
    export = rows_export(raw, filename, opts, reader=reader, shape=shape)
    with ThreadPoolExecutor(max_workers=1) as pool:
        kept, reading = _Kept.start(data, pool), incremental.Reading(export)
        return _import(con, reading, kept, opts, pool=pool, progress=progress, in_transaction=in_transaction)


@dataclass(frozen=True)
class _Kept:
    """An upload's bytes, and their compressed form and sha256 being computed in the background."""

    data: bytes
    compressed: Future[bytes]
    sha256: Future[str]

    @classmethod
    def start(cls, data: bytes, background: Executor) -> _Kept:
        return cls(
            data,
            background.submit(uploads.compress_upload, data),
            background.submit(lambda: hashlib.sha256(data).hexdigest()),
        )


def _import(
    con: duckdb.DuckDBPyConnection,
    reading: incremental.Reading,
    kept: _Kept,
    opts: ImportOptions,
    *,
    pool: Executor,
    progress: Progress,
    in_transaction: InTransaction | None = None,
) -> ImportReport:
    """Parse what ``reading`` holds that is not stored already, check it, and store it in one transaction."""
    limits = opts.limits or Limits.from_env()
    done = incremental.parse(con, reading, limits=limits, progress=progress, skip_stored=opts.incremental)
    export, norm, matched = done.reading.export, done.parsed.normalized, done.matched
    filename = export.filename
    if norm.bad_rows and not opts.skip_invalid:
        good = norm.sets.height + int(matched.get_column("sets").sum())
        raise BadRowsError(filename, norm.bad_rows, good_rows=good)
    if opts.ask_unit and export.guesses_unit:
        guess = incremental.file_unit_guess(done.reading)
        if guess is not None and not guess.confident:
            raise InputError(filename, unit_refusal(filename, guess))
    report = _new_report(done, kept.sha256.result(), saved_mapping=opts.columns is None)
    memory = incremental.memory(done, limits=limits, background=pool)
    name, app, sets = export.athlete, export.detected.app, norm.sets
    progress("storing", 0.75)
    with store.transaction(con):
        report.upload_id = upload_id = uploads.keep_upload(
            con,
            sha256=report.sha256,
            data=kept.data,
            compressed=kept.compressed.result,
            filename=filename,
            fmt=report.format,
            athlete=name,
        )
        counts = upsert_sets(con, sets.with_columns(pl.lit(upload_id, dtype=pl.Int64).alias("upload_id")))
        report.sets_added, report.sets_updated = counts.added, counts.updated
        report.sets_unchanged = counts.unchanged + int(matched.get_column("sets").sum())
        report.sets_removed = counts.removed
        incremental.remember(con, name, app, memory)
        if opts.columns is not None and export.detected.columns is not None:
            mappings.save_column_mapping(
                con, name, opts.columns_name or filename, export.header, export.detected.columns
            )
        if in_transaction is not None:
            in_transaction(con, report)
        keys = pl.concat([sets.get_column("workout_key"), matched.get_column("workout_key")])
        with analysis_connection(con, name) as reads:  # PostgreSQL: this import's rows, in DuckDB
            report.sources, report.overlaps = _sources_and_overlaps(reads, name, keys)
            report.unrecognised = unrecognised_names(reads, name, keys)
            share = load_settings(reads, name).warmup_load_share
            report.warmups_by_load = count_stored_warmups_by_load(reads, name, keys.unique().to_list(), share)
        uploads.quarantine(con, upload_id, norm.bad_rows)
        uploads.finish_upload(con, upload_id, report.to_dict(), quarantined=bool(norm.bad_rows))
    progress("done", 1.0)
    return report


def _new_report(done: incremental.Reimport, sha256: str, *, saved_mapping: bool) -> ImportReport:
    """The report of what ``done`` read, before anything is stored (``saved_mapping``: no mapping was given,
    so one the file was read through was the athlete's saved one)."""
    export, parsed, matched = done.reading.export, done.parsed.parsed, done.matched
    norm = done.parsed.normalized
    starts = pl.concat([norm.sets.get_column("workout_start"), matched.get_column("workout_start")])
    mapped = saved_mapping and export.detected.columns is not None
    return ImportReport(
        file=export.filename,
        format=export.detected.label,
        label=export.detected.display,
        athlete=export.athlete,
        sha256=sha256,
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
        + (["read with the column mapping saved for files with this header"] if mapped else []),
        unit=parsed.unit,
        unit_note=parsed.unit_note,
        units=units_seen(parsed),
        first_workout=_iso(starts.min()),
        last_workout=_iso(starts.max()),
    )


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
