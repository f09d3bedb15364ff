"""The front door for an import, shared by the CLI and the upload page.

``ingest`` takes a binary file object (a file on disk or a decoded browser upload), runs
decode → detect → read → normalise → validate, and then, in one transaction, keeps the
original bytes, records the upload and merges its sets. A file with bad values writes
nothing unless ``skip_invalid`` quarantines them; either way both fronts show the same
``ImportReport``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, BinaryIO

import duckdb
import polars as pl

from etl import store
from etl.csvfile import read_strings, sniff_header
from etl.decode import decode_export
from etl.detect import Detected, detect_format
from etl.errors import BadRow, BadRowsError, InputError
from etl.limits import Limits
from etl.load import upsert_sets
from etl.normalize import Normalized, normalize
from etl.readers.common import ParsedRows
from etl.timezone import resolve_tz
from etl.units import UNITS
from schemas.raw import RAW_MODELS

# Called with a stage name and the fraction done, so a front can draw progress.
Progress = Callable[[str, float], None]


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


@dataclass(frozen=True)
class ExportInfo:
    """What the upload page needs before importing: which app, and whether to ask for the unit."""

    app: str
    label: str
    needs_unit: bool
    unit_guess: str | None


def inspect_export(data: bytes, filename: str, fmt: str = "auto") -> ExportInfo:
    """Detect the app and shape; for unit-less files, guess kg or lb. Raises ``InputError`` like ``ingest``."""
    text = decode_export(data, filename)
    header, delimiter = sniff_header(text, filename)
    detected = detect_format(header, filename, fmt)
    needs = bool(detected.reader.needs_unit(detected.shape))
    raw = _read_raw(detected, text, delimiter, filename, header, Limits.from_env()) if needs else None
    guess = detected.reader.unit_guess(raw) if raw is not None else None
    return ExportInfo(detected.app, detected.label, needs, guess)


def _read_raw(
    detected: Detected, text: bytes, delimiter: str, filename: str, header: list[str], limits: Limits
) -> pl.DataFrame:
    """The generic CSV read, unless the app's reader brings its own (block-structured or broken files)."""
    own = getattr(detected.reader, "read_raw", None)
    if own is not None:
        raw = own(text, delimiter=delimiter, filename=filename, header=header, shape=detected.shape)
    else:
        raw = read_strings(text, delimiter, filename, header, max_field_bytes=limits.max_field_bytes)
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
) -> ParsedExport:
    """Everything short of the store: bytes → validated canonical sets, bad rows and skips."""
    if unit is not None and unit not in UNITS:
        raise InputError(filename, f"unknown unit {unit!r}; expected kg or lb")
    if not athlete or not athlete.strip():
        raise InputError(filename, "the athlete name is empty")
    progress("decoding", 0.05)
    text = decode_export(data, filename)
    header, delimiter = sniff_header(text, filename)
    detected = detect_format(header, filename, fmt)
    progress("reading", 0.15)
    limits = limits or Limits.from_env()
    raw = _read_raw(detected, text, delimiter, filename, header, limits)
    RAW_MODELS[detected.app].validate(raw)
    progress("parsing", 0.35)
    parsed = detected.reader.parse_rows(raw, detected.shape, unit=unit, filename=filename)
    unit_guess = parsed.unit_guess
    progress("validating", 0.55)
    normalized = normalize(parsed, app=detected.app, athlete=athlete.strip(), tz=resolve_tz(tz))
    return ParsedExport(filename, detected, parsed, normalized, unit_guess)


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
) -> ImportReport:
    """Import one export. Raises ``InputError``/``BadRowsError`` (and writes nothing) for a bad file."""
    limits = limits or Limits.from_env()
    data = read_bytes(source, filename, max_bytes=limits.max_upload_bytes)
    with ThreadPoolExecutor(max_workers=1) as pool:
        # zlib and sha256 release the GIL: they run while polars parses.
        compressed = pool.submit(zlib.compress, data, 1)
        digest = pool.submit(lambda: hashlib.sha256(data).hexdigest())
        return _ingest_parsed(
            con, data, filename, compressed, digest.result, athlete=athlete, unit=unit, fmt=fmt, tz=tz,
            skip_invalid=skip_invalid, progress=progress, limits=limits,
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
) -> ImportReport:
    export = parse_export(
        data, filename, athlete=athlete, unit=unit, fmt=fmt, tz=tz, progress=progress, limits=limits
    )
    norm = export.normalized
    if norm.bad_rows and not skip_invalid:
        raise BadRowsError(filename, norm.bad_rows)
    sha = sha256()
    sets = norm.sets
    report = ImportReport(
        file=filename,
        format=export.detected.label,
        athlete=athlete.strip(),
        sha256=sha,
        upload_id=None,
        workouts=sets.get_column("workout_start").n_unique(),
        sets_added=0,
        sets_updated=0,
        sets_unchanged=0,
        sets_removed=0,
        skipped=norm.skipped,
        quarantined=norm.bad_rows,
        flagged=norm.flagged,
        warnings=list(export.parsed.warnings),
        unit=export.parsed.unit,
        first_workout=_iso(sets.get_column("workout_start").min()),
        last_workout=_iso(sets.get_column("workout_start").max()),
    )
    progress("storing", 0.75)
    with store.transaction(con):
        con.execute(
            "INSERT INTO blobs (sha256, size, encoding, content) SELECT ?, ?, 'zlib', ? WHERE NOT EXISTS "
            "(SELECT 1 FROM blobs WHERE sha256 = ?)",
            [sha, len(data), compressed.result(), sha],
        )
        row = con.execute(
            "INSERT INTO uploads (upload_id, sha256, filename, size, format, athlete, outcome) "
            "SELECT coalesce(max(upload_id), 0) + 1, ?, ?, ?, ?, ?, ? FROM uploads RETURNING upload_id",
            [sha, filename, len(data), report.format, report.athlete, "imported"],
        ).fetchone()
        assert row is not None
        upload_id = int(row[0])
        report.upload_id = upload_id
        counts = upsert_sets(con, sets.with_columns(pl.lit(upload_id, dtype=pl.Int64).alias("upload_id")))
        report.sets_added, report.sets_updated = counts.added, counts.updated
        report.sets_unchanged, report.sets_removed = counts.unchanged, counts.removed
        if norm.bad_rows:
            con.executemany(
                'INSERT INTO quarantine (upload_id, line, "column", value, expected) VALUES (?, ?, ?, ?, ?)',
                [[upload_id, b.line, b.column, b.value, b.expected] for b in norm.bad_rows],
            )
        con.execute(
            "UPDATE uploads SET report = ?, outcome = ? WHERE upload_id = ?",
            [json.dumps(report.to_dict(), default=str), "imported_with_quarantine" if norm.bad_rows else "imported", upload_id],
        )
    progress("done", 1.0)
    return report


def _iso(value: object) -> str | None:
    return value.isoformat(sep=" ") if isinstance(value, datetime) else None
