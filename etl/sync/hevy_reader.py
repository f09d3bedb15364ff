"""Hevy's API workouts read as the Hevy CSV's raw rows, so a sync and a CSV import agree to the set.

The API answers in JSON with UTC ISO stamps and loads in kg; Hevy's CSV export has one text row per
set with local minute-resolution stamps (``8 Apr 2026, 16:50``). Rather than a second parser, the API's
workouts become exactly the rows the CSV would hold (stamps converted to the lifter's zone and written
the CSV's way), and ``etl.read.readers.hevy`` parses them: the same set kinds, units, positions and workout
identity (athlete, source ``hevy``, start), so a CSV import and a sync of one account match workout for
workout, and a sync's workouts replace a CSV's.

What a sync keeps as its upload is a JSON document of the pages it received (``pages_document``), and
``HevyApiReader.read_raw`` reads rows back from that document, so a sync can be re-derived like a file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Literal
from zoneinfo import ZoneInfo

import polars as pl

from etl.errors import InputError
from etl.read.csvfile import LINE, MAX_FIELD_CHARS
from etl.read.readers import hevy
from etl.read.readers.base import ReadContext, Reader, Sample
from etl.read.readers.common import ParsedRows
from schemas.raw import HevyRaw

# The Hevy CSV's columns (metric account), in its order: what each API set becomes.
RAW_COLUMNS = (
    "title",
    "start_time",
    "end_time",
    "description",
    "exercise_title",
    "superset_id",
    "exercise_notes",
    "set_index",
    "set_type",
    "weight_kg",
    "reps",
    "distance_km",
    "duration_seconds",
    "rpe",
)
# The shape a sync's upload is recorded with ("hevy (api)"), so its kept bytes are known to be pages, not a
# CSV. The API always answers in kg: the rows are parsed as a metric account's export (shape "kg").
SHAPE = "api"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
PageKind = Literal["workouts", "events"]


def api_time(stamp: str) -> datetime:
    """An API stamp (``2021-09-14T12:00:00Z``, any ISO 8601 with an offset) as an aware datetime."""
    value = datetime.fromisoformat(stamp.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"{stamp!r} has no offset")
    return value


def wall_clock(stamp: str, zone: ZoneInfo) -> datetime:
    """The stamp as the lifter's local wall-clock time to the minute, as Hevy's CSV writes it (naive)."""
    local = api_time(stamp).astimezone(zone)
    return local.replace(second=0, microsecond=0, tzinfo=None)


def csv_stamp(local: datetime) -> str:
    """``8 Apr 2026, 16:50``: Hevy's English CSV stamp (fixed English month names, whatever the locale)."""
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year}, {local.hour:02d}:{local.minute:02d}"


def _text(value: Any) -> str:
    """A JSON value as the CSV writes it: empty for null, numbers without a trailing ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _km(meters: Any) -> str:
    if meters is None or isinstance(meters, bool) or not isinstance(meters, int | float):
        return _text(meters)
    return _text(meters / 1000)


def _stamp_text(stamp: Any, zone: ZoneInfo) -> str:
    """A stamp as the CSV's local text; one that is no ISO stamp stays as it came, for the parser to
    report as a bad value (row, column, value)."""
    if not isinstance(stamp, str) or not stamp.strip():
        return _text(stamp)
    try:
        return csv_stamp(wall_clock(stamp, zone))
    except ValueError:
        return stamp


def raw_rows(workouts: Iterable[Mapping[str, Any]], tz: str, filename: str = "Hevy sync") -> pl.DataFrame:
    """The raw text frame (``RAW_COLUMNS`` and ``_line``, the row's number from 1) of these workouts: one
    row per set, workouts, exercises and sets in the API's order. Built column by column, each workout's
    and exercise's texts once (a 1,000-workout account is ~14,000 rows). Values of the wrong type are read
    as text for the parser to report; a structure that is not the documented one is an ``InputError``."""
    try:
        return _raw_rows(workouts, ZoneInfo(tz))
    except (AttributeError, TypeError) as exc:
        raise InputError(
            filename, "Hevy's answer is not in its documented shape (workouts > exercises > sets)"
        ) from exc


def _raw_rows(workouts: Iterable[Mapping[str, Any]], zone: ZoneInfo) -> pl.DataFrame:
    columns: dict[str, list[str]] = {c: [] for c in RAW_COLUMNS}
    per_workout = [columns[c] for c in RAW_COLUMNS[:4]]
    per_exercise = [columns[c] for c in RAW_COLUMNS[4:7]]
    index, kind, weight, reps, km, seconds, rpe = (columns[c] for c in RAW_COLUMNS[7:])
    for workout in workouts:
        workout_texts = (
            _text(workout.get("title")),
            _stamp_text(workout.get("start_time"), zone),
            _stamp_text(workout.get("end_time"), zone),
            _text(workout.get("description")),
        )
        for exercise in workout.get("exercises") or []:
            sets = exercise.get("sets") or []
            exercise_texts = (
                _text(exercise.get("title")),
                _text(exercise.get("superset_id", exercise.get("supersets_id"))),
                _text(exercise.get("notes")),
            )
            for column, value in zip(per_workout, workout_texts, strict=True):
                column.extend([value] * len(sets))
            for column, value in zip(per_exercise, exercise_texts, strict=True):
                column.extend([value] * len(sets))
            for one in sets:
                index.append(_text(one.get("index")))
                kind.append(_text(one.get("type")))
                weight.append(_text(one.get("weight_kg")))
                reps.append(_text(one.get("reps")))
                km.append(_km(one.get("distance_meters")))
                seconds.append(_text(one.get("duration_seconds")))
                rpe.append(_text(one.get("rpe")))
    frame = pl.DataFrame(columns, schema=dict.fromkeys(RAW_COLUMNS, pl.String))
    return frame.with_columns(pl.int_range(1, frame.height + 1, dtype=pl.Int64).alias(LINE))


@dataclass(frozen=True)
class Changes:
    """What a sync's pages say changed: workouts to store (the newest version of each) and ids deleted.

    ``complete`` is True for a full listing (every workout of the account), where a stored workout absent
    from it was deleted too."""

    updated: list[Mapping[str, Any]]
    deleted: list[str]
    complete: bool


def pages_document(kind: PageKind, pages: Sequence[Mapping[str, Any]], *, since: str | None = None) -> bytes:
    """The bytes a sync keeps as its upload: the pages as received, in order, and what was asked."""
    return json.dumps(
        {"service": "hevy", "kind": kind, "since": since, "pages": list(pages)},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")


def changes(document: bytes, filename: str = "Hevy sync") -> Changes:
    """The workouts and deletions a ``pages_document`` holds. Events come newest first (Hevy's docs), so a
    workout's first event is its latest: an update after a deletion stores it, a deletion after one removes it."""
    try:
        parsed = json.loads(document)
        kind, pages = parsed["kind"], parsed["pages"]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(filename, "not a Hevy sync's pages (expected the JSON a sync keeps)") from exc
    try:
        return _changes(kind, pages)
    except (AttributeError, TypeError) as exc:
        raise InputError(
            filename, "Hevy's answer is not in its documented shape (pages of workouts or events)"
        ) from exc


def _changes(kind: str, pages: list[Any]) -> Changes:
    if kind == "workouts":
        workouts = [w for page in pages for w in page.get("workouts") or []]
        return Changes(updated=_first_of_each(workouts), deleted=[], complete=True)
    seen: set[str] = set()
    updated: list[Mapping[str, Any]] = []
    deleted: list[str] = []
    for page in pages:
        for event in page.get("events") or []:
            workout = event.get("workout") if event.get("type") == "updated" else None
            workout_id = str(workout.get("id")) if isinstance(workout, Mapping) else str(event.get("id"))
            if workout_id in seen or event.get("type") not in ("updated", "deleted"):
                continue
            seen.add(workout_id)
            if workout is not None:
                updated.append(workout)
            else:
                deleted.append(workout_id)
    return Changes(updated=updated, deleted=deleted, complete=False)


def _first_of_each(workouts: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Each workout id once (a workout logged while pages were read can shift one onto the next page)."""
    seen: set[str] = set()
    out = []
    for workout in workouts:
        key = str(workout.get("id"))
        if key not in seen:
            seen.add(key)
            out.append(workout)
    return out


class HevyApiReader(Reader):
    """Hevy's API pages, on the reader contract. Not in the file registry: it claims no file (it reads the
    document a sync keeps), and its app is ``hevy``, so its sets share the CSV's source and identity."""

    app = hevy.APP
    label = "Hevy (API sync)"
    expected_header = "the JSON pages a Hevy sync keeps"
    raw_schema = HevyRaw
    set_kinds = hevy.READER.set_kinds
    claims_files = False
    workout_columns = hevy.WORKOUT_COLUMNS
    new_workouts_at: ClassVar[Literal["start", "end"]] = "start"

    def detect(self, sample: Sample) -> str | None:
        return None

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
        """The rows of the workouts a sync's document stores (its deletions: ``changes``)."""
        return raw_rows(changes(text, ctx.filename).updated, ctx.tz, ctx.filename)

    def shape_label(self, shape: str) -> str:
        return self.label

    def parse(self, raw: pl.DataFrame, shape: str, ctx: ReadContext) -> ParsedRows:
        return hevy.parse_rows(raw, "kg", unit=ctx.unit, filename=ctx.filename)


READER = HevyApiReader()
