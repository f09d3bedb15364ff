"""One Hevy sync: fetch what changed, then store it like an upload, all in one transaction.

The first sync (or ``full``) reads every page of the account's workouts; later ones read the change
events since the last sync *started* (taken before fetching, so a workout logged while a sync runs is in
the next one; less a margin for clock skew, ``SINCE_OVERLAP``). Fetching finishes before anything is
written, and the store is one transaction (``etl.ingest.ingest_rows``): a refused key, a dropped
connection or a bad value leaves the database as it was. Updated workouts replace the stored ones by the re-import's identity (athlete, source, start);
a workout whose start was edited leaves its old start; deleted workouts (and, after a full listing,
stored ones it no longer holds) are removed and counted. The pages are kept as the upload's bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import polars as pl

from etl.ingest import ImportReport, Progress, ingest_rows
from etl.read.timezone import resolve_tz
from etl.sync import hevy_reader
from etl.sync.hevy_api import HevyClient, PageProgress, rfc3339

SERVICE = "hevy"
# Events are asked for from this long before the last sync started: a heuristic margin for a clock here
# that runs ahead of Hevy's. Reading an event twice is harmless (an update stores what is stored, a deletion
# finds nothing left to remove).
SINCE_OVERLAP = timedelta(minutes=10)


def _quiet(stage: str, fraction: float) -> None:
    return None


def _no_pages(done: int, total: int) -> None:
    return None


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class SyncReport:
    """The import report of the sync's upload, and what only a sync knows."""

    report: ImportReport
    kind: str  # "workouts": every page was read; "events": the changes since ``since``
    since: str | None
    pages: int
    workouts_received: int
    workouts_deleted: int
    deleted_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = self.report.to_dict()
        out.update(
            sync=self.kind,
            since=self.since,
            pages=self.pages,
            workouts_received=self.workouts_received,
            workouts_deleted=self.workouts_deleted,
        )
        return out


def last_sync_start(con: duckdb.DuckDBPyConnection, athlete: str) -> datetime | None:
    """When ``athlete``'s last successful sync started (UTC), or None before the first."""
    row = con.execute(
        "SELECT started_at FROM sync_state WHERE athlete = ? AND service = ?", [athlete, SERVICE]
    ).fetchone()
    if row is None:
        return None
    value: datetime = row[0]
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def stored_workouts(con: duckdb.DuckDBPyConnection, athlete: str) -> dict[str, datetime]:
    """Hevy workout id -> stored start, for ``athlete``'s synced workouts."""
    rows = con.execute(
        "SELECT workout_id, workout_start FROM hevy_workouts WHERE athlete = ?", [athlete]
    ).fetchall()
    return {str(workout_id): start for workout_id, start in rows}


def _starts(workouts: list[Mapping[str, Any]], zone: ZoneInfo) -> dict[str, datetime]:
    """Each received workout's id -> its start as stored (local wall-clock, to the minute)."""
    out = {}
    for workout in workouts:
        stamp = workout.get("start_time")
        if isinstance(stamp, str) and workout.get("id") is not None:
            try:
                out[str(workout["id"])] = hevy_reader.wall_clock(stamp, zone)
            except ValueError:
                continue  # its rows hold the stamp as it came: the parser reports it
    return out


def _remove_workouts(con: duckdb.DuckDBPyConnection, athlete: str, starts: set[datetime]) -> int:
    """Delete the Hevy sets of the workouts starting at ``starts`` (and their fingerprints); the sets removed."""
    if not starts:
        return 0
    where = "athlete = ? AND source = ? AND workout_start IN (SELECT unnest(?::TIMESTAMP[]))"
    params = [athlete, hevy_reader.READER.app, sorted(starts)]
    removed = con.execute(f"DELETE FROM sets WHERE {where} RETURNING 1", params).fetchall()  # noqa: S608 - our SQL
    con.execute(f"DELETE FROM workout_fingerprints WHERE {where}", params)  # noqa: S608
    return len(removed)


def _record_ids(
    con: duckdb.DuckDBPyConnection, athlete: str, gone: set[str], received: dict[str, datetime]
) -> None:
    """Forget the ``gone`` ids and (re)record where each ``received`` workout is stored: one frame, not a
    statement per row (DuckDB's executemany takes ~1 ms a row)."""
    forget = sorted(gone | set(received))
    if forget:
        con.execute(
            "DELETE FROM hevy_workouts WHERE athlete = ? AND workout_id IN (SELECT unnest(?::VARCHAR[]))",
            [athlete, forget],
        )
    if received:
        frame = pl.DataFrame(
            {"workout_id": list(received), "workout_start": list(received.values())},
            schema={"workout_id": pl.String, "workout_start": pl.Datetime("us")},
        )
        con.register("_hevy_received", frame)
        try:
            con.execute(
                "INSERT INTO hevy_workouts (athlete, workout_id, workout_start) "
                "SELECT ?, workout_id, workout_start FROM _hevy_received",
                [athlete],
            )
        finally:
            con.unregister("_hevy_received")


def sync_hevy(
    con: duckdb.DuckDBPyConnection,
    client: HevyClient,
    *,
    athlete: str = "default",
    tz: str | None = None,
    full: bool = False,
    skip_invalid: bool = False,
    pages_progress: PageProgress = _no_pages,
    progress: Progress = _quiet,
    now: Callable[[], datetime] = _now,
) -> SyncReport:
    """Sync ``athlete``'s Hevy account into the database (see the module docstring)."""
    name = athlete.strip()
    zone = resolve_tz(tz)
    previous = None if full else last_sync_start(con, name)
    started = now()  # before fetching: whatever is logged from here on is in the next sync's events
    if previous is None:
        kind, since = "workouts", None
        pages = client.workout_pages(pages_progress)
    else:
        kind, since = "events", rfc3339(previous - SINCE_OVERLAP)
        pages = client.event_pages(previous - SINCE_OVERLAP, pages_progress)
    document = hevy_reader.pages_document(kind, pages, since=since)  # type: ignore[arg-type]
    filename = f"Hevy sync {rfc3339(started)}"
    changes = hevy_reader.changes(document, filename)
    raw = hevy_reader.raw_rows(changes.updated, zone, filename)
    received = _starts(changes.updated, ZoneInfo(zone))
    deleted_ids: list[str] = []

    def finish(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
        """Inside the import's transaction: deletions, moved starts, the id map and the sync's start."""
        stored = stored_workouts(con, name)
        gone = set(changes.deleted) | (set(stored) - set(received) if changes.complete else set())
        deleted_ids.extend(sorted(i for i in gone if i in stored and i not in received))
        kept = {i: s for i, s in stored.items() if i not in gone}
        kept.update(received)
        still_used = set(kept.values())
        moved = {stored[i] for i in received if i in stored and stored[i] != received[i]}
        old_starts = {stored[i] for i in deleted_ids} | moved
        report.sets_removed += _remove_workouts(con, name, old_starts - still_used)
        _record_ids(con, name, gone, received)
        con.execute(
            "INSERT INTO sync_state (athlete, service, started_at, upload_id) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (athlete, service) DO UPDATE SET started_at = excluded.started_at, upload_id = excluded.upload_id",
            [name, SERVICE, started, report.upload_id],
        )

    report = ingest_rows(
        con,
        document,
        filename,
        raw,
        reader=hevy_reader.READER,
        shape=hevy_reader.SHAPE,
        athlete=name,
        tz=zone,
        skip_invalid=skip_invalid,
        progress=progress,
        in_transaction=finish,
    )
    return SyncReport(
        report=report,
        kind=kind,
        since=since,
        pages=len(pages),
        workouts_received=len(changes.updated),
        workouts_deleted=len(deleted_ids),
        deleted_ids=deleted_ids,
    )
