"""Where a queued import stands, kept in PostgreSQL so whichever web process answers a poll can tell.

procrastinate knows a job's status (todo, doing, succeeded, failed) but keeps no progress and no result.
``liftbalance_queued_imports`` adds both, keyed by a random token the page holds (a job id is a counter,
so a page that polled by it could read another account's result by counting). The worker writes
progress on its own autocommitted connection, outside the import's transaction, so a poll sees it while
the import is still running, and a killed import leaves only a stale stage that its retry overwrites.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import psycopg

SCHEMA = """
CREATE TABLE IF NOT EXISTS liftbalance_queued_imports (
    token       TEXT PRIMARY KEY,
    job_id      BIGINT,
    owner       TEXT NOT NULL DEFAULT '',   -- the account schema the import writes ('' without accounts)
    stage       TEXT NOT NULL DEFAULT 'waiting to start',
    fraction    REAL NOT NULL DEFAULT 0,
    result      JSONB,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
)
"""
# Finished imports whose state a page may still ask for; older ones are forgotten (``forget_old``).
KEEP_HOURS = 24
FAILED = ("failed", "cancelled", "aborted")


@dataclass(frozen=True)
class QueuedImport:
    """A queued import as a poll sees it: procrastinate's status, the worker's stage, the result."""

    token: str
    owner: str
    job_status: str  # todo, doing, succeeded, failed, cancelled, aborting, aborted; "" if not deferred yet
    stage: str
    fraction: float
    attempts: int
    result: dict[str, Any] | None

    @property
    def done(self) -> bool:
        return self.result is not None or self.job_status in FAILED


def record_job(con: psycopg.Connection[Any], token: str, job_id: int, owner: str) -> None:
    """Tie ``token`` to procrastinate's job and its owner (the worker may already have written progress)."""
    con.execute(
        "INSERT INTO liftbalance_queued_imports (token, job_id, owner) VALUES (%s, %s, %s) "
        "ON CONFLICT (token) DO UPDATE SET job_id = excluded.job_id, owner = excluded.owner",
        [token, job_id, owner],
    )


def record_progress(con: psycopg.Connection[Any], token: str, fraction: float, stage: str) -> None:
    con.execute(
        "INSERT INTO liftbalance_queued_imports (token, stage, fraction) VALUES (%s, %s, %s) "
        "ON CONFLICT (token) DO UPDATE SET stage = excluded.stage, fraction = excluded.fraction, "
        "updated_at = now()",
        [token, stage, max(0.0, min(1.0, fraction))],
    )


def record_result(con: psycopg.Connection[Any], token: str, result: dict[str, Any]) -> None:
    con.execute(
        "INSERT INTO liftbalance_queued_imports (token, stage, fraction, result) VALUES (%s, 'done', 1, %s) "
        "ON CONFLICT (token) DO UPDATE SET stage = 'done', fraction = 1, result = excluded.result, "
        "updated_at = now()",
        [token, json.dumps(result, default=str)],
    )


def read(con: psycopg.Connection[Any], token: str) -> QueuedImport | None:
    """The import ``token`` names, or ``None`` if no such import was queued (or it was forgotten)."""
    row = con.execute(
        "SELECT q.owner, q.stage, q.fraction, q.result, coalesce(j.status::text, ''), coalesce(j.attempts, 0) "
        "FROM liftbalance_queued_imports q LEFT JOIN procrastinate_jobs j ON j.id = q.job_id "
        "WHERE q.token = %s",
        [token],
    ).fetchone()
    if row is None:
        return None
    owner, stage, fraction, result, job_status, attempts = row
    return QueuedImport(token, owner, job_status, stage, float(fraction), int(attempts), result)


def forget_old(con: psycopg.Connection[Any], hours: int = KEEP_HOURS) -> int:
    """Delete the state of imports untouched for ``hours``; returns how many."""
    cur = con.execute(
        "DELETE FROM liftbalance_queued_imports WHERE updated_at < now() - make_interval(hours => %s)",
        [hours],
    )
    return cur.rowcount
