"""JEFIT's export: several database tables in one file, each under a ``### NAME ###`` banner.

Two sections matter. ``### WORKOUT SESSIONS ###`` has one row per session with its start as
a Unix timestamp (``starttime``, or the misspelt ``starttimie``) and its length
(``total_time``, seconds). ``### EXERCISE LOGS ###`` has one row per exercise in a session
(``belongsession`` → the session's ``_id``) with every set packed into ``logs`` as
``"60x10,65x8"`` (weight x reps). ``read_raw`` joins the two into one text row per exercise
log; ``parse_rows`` unpacks each packed set into its own row.

JEFIT writes ``logs`` in the account's display unit and never says which, so, like Strong's
unit-less shapes, the lifter may pass the unit and a pounds-looking file gets a warning.
Timestamps are converted to wall-clock time in the ingest time zone; a log whose session
has no timestamp falls back to its ``mydate`` at 00:00.
"""

from __future__ import annotations

import re

import polars as pl

from etl.errors import InputError
from etl.read import parse
from etl.read.csvfile import MAX_FIELD_CHARS, records
from etl.read.readers.base import ReadContext, Reader, Sample
from etl.read.readers.common import FieldCheck, ParsedRows, required_check, text
from etl.read.units import UnitGuess, guess_unit, pounds_warning, weigh_loads
from schemas.raw import JefitRaw

APP = "jefit"

RAW_COLUMNS = ("belongsession", "ename", "logs", "mydate", "starttime", "total_time")
_BANNER = re.compile(r"^#{2,}\s*([A-Za-z][A-Za-z0-9 _]*?)\s*#{2,}$")
_DIVIDER = re.compile(r"^#+$")
_SET = r"^\s*(\d+(?:\.\d+)?)\s*[xX×]\s*(\d+(?:\.\d+)?)\s*$"
# Unix seconds from 1970 to 2100; JEFIT writes seconds, a millisecond stamp is scaled down.
_LAST_EPOCH_S = 4_102_444_800


def detect(header: list[str]) -> str | None:
    """A file that opens with a ``### SECTION ###`` banner line."""
    if len(header) == 1 and _BANNER.match(header[0]):
        return "sections"
    return None


def required_columns(header: list[str]) -> list[str]:
    return []


def needs_unit(shape: str) -> bool:
    """JEFIT does not write the unit of ``logs``: the lifter must say (kg by default, with a guess)."""
    return True


def _sections(data: bytes, filename: str) -> dict[str, tuple[list[str], list[tuple[int, list[str]]]]]:
    """Section name → (its header, its rows with their lines), for the sections this reader uses."""
    wanted = {"WORKOUT SESSIONS", "EXERCISE LOGS"}
    found: dict[str, tuple[list[str], list[tuple[int, list[str]]]]] = {}
    section: str | None = None
    for line, record in records(data, filename):
        fields = [f.strip() for f in record]
        if not any(fields):
            continue
        if len(fields) == 1 and (banner := _BANNER.match(fields[0])):
            section = banner.group(1).strip().upper()
            continue
        if len(fields) == 1 and _DIVIDER.match(fields[0]):
            section = None
            continue
        if section is None or section not in wanted:
            continue
        if section not in found:
            found[section] = (fields, [])
            continue
        header, rows = found[section]
        if fields == header:  # a repeated header row
            continue
        if len(fields) > len(header):
            raise InputError(
                filename,
                f"this {section} row has {len(fields)} fields but its section header has "
                f"{len(header)}; a value probably holds an unquoted comma",
                line=line,
            )
        rows.append((line, fields))
    return found


def read_raw(text: bytes, *, delimiter: str, filename: str, header: list[str], shape: str) -> pl.DataFrame:
    """One text row per exercise log, with its session's start and length joined on, and ``_line``."""
    sections = _sections(text, filename)
    if "EXERCISE LOGS" not in sections:
        raise InputError(
            filename,
            "this JEFIT export has no '### EXERCISE LOGS ###' section; expected one with "
            "'belongsession,...,ename,...,logs' and a row per exercise",
        )
    log_header, logs = sections["EXERCISE LOGS"]
    missing = [c for c in ("ename", "logs") if c not in log_header]
    if missing:
        raise InputError(filename, f"the EXERCISE LOGS section lacks column(s) {', '.join(missing)}")
    if not logs:
        raise InputError(
            filename, "the EXERCISE LOGS section has a header but no rows; expected at least one"
        )
    starts: dict[str, tuple[str | None, str | None]] = {}
    if "WORKOUT SESSIONS" in sections:
        session_header, sessions = sections["WORKOUT SESSIONS"]
        for _, fields in sessions:
            row = dict(zip(session_header, fields, strict=False))
            start = row.get("starttime") or row.get("starttimie") or None
            starts.setdefault(row.get("_id", ""), (start, row.get("total_time") or None))
    columns: dict[str, list[str | None]] = {c: [] for c in RAW_COLUMNS}
    for _, fields in logs:
        row = dict(zip(log_header, fields, strict=False))
        start, length = starts.get(row.get("belongsession") or "", (None, None))
        values = {
            **{c: row.get(c) for c in ("belongsession", "ename", "logs", "mydate")},
            "starttime": start,
            "total_time": length,
        }
        for c in RAW_COLUMNS:
            columns[c].append(values[c])
    frame = pl.DataFrame({c: pl.Series(c, v, dtype=pl.String) for c, v in columns.items()})
    return frame.with_columns(pl.Series("_line", [line for line, _ in logs], dtype=pl.Int64))


def _weights(raw: pl.DataFrame) -> pl.Series:
    parts = raw.select(text("logs").str.split(",").alias("p")).explode("p").get_column("p")
    return parts.str.extract(_SET, 1).cast(pl.Float64, strict=False)


def unit_guess(raw: pl.DataFrame) -> str:
    return guess_unit(_weights(raw))


def _start(tz: str) -> pl.Expr:
    stamp = parse.number(pl.col("starttime"))
    seconds = pl.when(stamp > _LAST_EPOCH_S).then(stamp / 1000).otherwise(stamp)
    valid = seconds.is_between(0, _LAST_EPOCH_S)
    utc = pl.from_epoch(pl.when(valid).then(seconds).otherwise(None).cast(pl.Int64), time_unit="s")
    local = utc.dt.replace_time_zone("UTC").dt.convert_time_zone(tz).dt.replace_time_zone(None)
    return pl.coalesce(local.cast(pl.Datetime("us")), parse.iso_datetime(pl.col("mydate")))


def parse_rows(raw: pl.DataFrame, shape: str, *, unit: str | None, filename: str, tz: str) -> ParsedRows:
    """One typed row per packed set, in file order; an exercise log with no sets is skipped (counted)."""
    warnings = []
    guess = unit_guess(raw)
    if unit is None and guess == "lb":
        warnings.append(pounds_warning(filename))
    factor = parse.KG_PER_LB if unit == "lb" else 1.0
    length = parse.number(pl.col("total_time"))
    exploded = (
        raw.with_columns(
            text("logs")
            .str.split(",")
            .list.eval(pl.element().filter(pl.element().str.strip_chars() != ""))
            .alias("_part")
        )
        .with_columns(
            pl.when(pl.col("_part").list.len() == 0).then(None).otherwise(pl.col("_part")).alias("_part")
        )
        .explode("_part")
        .with_columns(pl.int_range(pl.len(), dtype=pl.Int64).over("_line").alias("block_hint"))
    )
    weight = pl.col("_part").str.extract(_SET, 1).cast(pl.Float64, strict=False) * factor
    frame = exploded.select(
        pl.col("_line"),
        pl.when(pl.col("_part").is_null()).then(pl.lit("no_sets")).otherwise(None).alias("skip_reason"),
        _start(tz).alias("workout_start"),
        pl.lit(None, dtype=pl.String).alias("workout_name"),
        pl.when(length > 0).then(length).otherwise(None).alias("workout_duration_s"),
        pl.lit(None, dtype=pl.String).alias("workout_notes"),
        text("ename").alias("exercise_name"),
        pl.lit("working").alias("set_kind"),
        pl.when(weight == 0).then(None).otherwise(weight).alias("weight_kg"),
        pl.col("_part").str.extract(_SET, 2).cast(pl.Float64, strict=False).alias("reps"),
        pl.lit(None, dtype=pl.Float64).alias("rpe"),
        pl.lit(None, dtype=pl.Float64).alias("distance_m"),
        pl.lit(None, dtype=pl.Float64).alias("duration_s"),
        pl.lit(None, dtype=pl.String).alias("notes"),
        pl.col("block_hint"),
    )
    bad_logs = (
        text("logs")
        .str.split(",")
        .list.eval(pl.element().filter(pl.element().str.strip_chars() != "").str.contains(_SET).not_())
        .list.any()
        .fill_null(False)
    )
    checks = [
        required_check("mydate", _start(tz), "a session start (Unix time) or a date like 2024-01-15"),
        required_check("ename", text("ename"), "an exercise name"),
        FieldCheck("logs", "sets packed as weight x reps, like 60x10,65x8", bad_logs),
        FieldCheck(
            "total_time",
            "a number of seconds",
            text("total_time").is_not_null() & length.is_null(),
            feeds_number=False,
        ),
    ]
    return ParsedRows(
        frame=frame,
        raw=raw,
        checks=checks,
        source_columns={},
        unit=unit or "kg",
        unit_guess=guess,
        warnings=warnings,
    )


class JefitReader(Reader):
    app = APP
    label = "JEFIT"
    expected_header = "a first line like '### WORKOUT SESSIONS ###'"
    raw_schema = JefitRaw
    guesses_unit = True

    def detect(self, sample: Sample) -> str | None:
        return detect(sample.header)

    def needs_unit(self, shape: str) -> bool:
        return needs_unit(shape)

    def read_raw(
        self,
        text: bytes,
        *,
        delimiter: str,
        header: list[str],
        shape: str,
        ctx: ReadContext,
        max_field_bytes: int = MAX_FIELD_CHARS,
    ) -> pl.DataFrame:
        return read_raw(text, delimiter=delimiter, filename=ctx.filename, header=header, shape=shape)

    def weigh_unit(self, raw: pl.DataFrame, ctx: ReadContext) -> UnitGuess | None:
        return weigh_loads(_weights(raw))

    def parse(self, raw: pl.DataFrame, shape: str, ctx: ReadContext) -> ParsedRows:
        return parse_rows(raw, shape, unit=ctx.unit, filename=ctx.filename, tz=ctx.tz)


READER = JefitReader()
