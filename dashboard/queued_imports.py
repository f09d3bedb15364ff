"""The upload page's imports in hosted mode: kept in PostgreSQL, queued, polled from the database.

With ``--db postgresql://...`` any of several web processes may answer a poll, and the import runs in a
``liftbalance worker`` on any machine, so nothing about it may live in this process. Starting an import
keeps each file's bytes in the database and queues one job naming them (``etl.queue.imports``); a poll
reads the job's state back from the database and hands the page the same ``JobState`` and
``BatchResult`` the embedded mode's thread pool (``dashboard.jobs``) gives it, so the page's callbacks
and cards are the same in both modes.

Each web process opens its procrastinate app once, on first use, after any pre-fork (kept on the Flask
app's ``extensions``, like ``dashboard.jobs``'s pool).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import fields
from typing import Any

import flask
import procrastinate
import psycopg

from dashboard.dbpath import DB_CONFIG_KEY
from dashboard.jobs import JobState
from dashboard.uploads import BatchResult, ColumnChoice, Outcome, decode_upload, saved_mapping_name
from etl.errors import BadRow, LiftbalanceError
from etl.ingest import ImportReport
from etl.queue import status
from etl.queue.app import ensure_schema, queue_app
from etl.queue.imports import QueuedFile, account_schema_of, enqueue_import, keep_bytes
from etl.store import database as store
from etl.store.postgres import is_url

EXTENSION_KEY = "liftbalance.import_queue"
WAITING = "waiting for a worker"


def hosted_db(db: object) -> str | None:
    """``db`` when it names a PostgreSQL database (hosted mode: imports are queued), else ``None``."""
    text = str(db)
    return text if is_url(text) else None


def request_hosted_db() -> str | None:
    """The PostgreSQL URL the serving app was started with, or ``None`` for a DuckDB file."""
    return hosted_db(flask.current_app.config.get(DB_CONFIG_KEY))


class QueueApps:
    """A web process's open procrastinate apps, one per database URL, opened on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._apps: dict[str, procrastinate.App] = {}

    def get(self, url: str) -> procrastinate.App:
        with self._lock:
            if url not in self._apps:
                ensure_schema(url)
                self._apps[url] = queue_app(url).open()
            return self._apps[url]


def _app(url: str) -> procrastinate.App:
    """The serving app's open procrastinate app for ``url``."""
    apps: QueueApps = flask.current_app.extensions.setdefault(EXTENSION_KEY, QueueApps())
    return apps.get(url)


def queued_files(
    con: Any,
    contents: Sequence[str],
    filenames: Sequence[str],
    *,
    athlete: str,
    units: dict[str, str] | None = None,
    choices: dict[str, ColumnChoice] | None = None,
) -> list[QueuedFile]:
    """Keep each upload's bytes in the database and describe it for the job (a file that cannot be kept
    carries its message instead, reported in its place)."""
    files = []
    for index, (payload, name) in enumerate(zip(contents, filenames, strict=True)):
        choice = (choices or {}).get(str(index))
        try:
            data = decode_upload(payload, name)
        except LiftbalanceError as exc:
            files.append(QueuedFile("", name, error=str(exc)))
            continue
        sha = keep_bytes(con, data)
        if choice is not None:
            unit = choice.unit if "unit" not in choice.columns else None
            files.append(QueuedFile(sha, name, unit, dict(choice.columns), choice.name, ["new", choice.name]))
            continue
        saved = saved_mapping_name(con, athlete, data, name)
        files.append(
            QueuedFile(sha, name, (units or {}).get(str(index)), mapping=["saved", saved] if saved else None)
        )
    return files


def submit(
    url: str,
    db: str,
    *,
    contents: Sequence[str],
    filenames: Sequence[str],
    athlete: str,
    units: dict[str, str] | None = None,
    skip_invalid: bool = False,
    choices: dict[str, ColumnChoice] | None = None,
) -> str:
    """Keep the batch in the request's database ``db`` (an account's schema, or the site's ``url``) and
    queue its import in ``url``; returns the token the page polls with."""
    with store.opened(db) as con:
        files = queued_files(con, contents, filenames, athlete=athlete, units=units, choices=choices)
    schema = account_schema_of(db)
    return enqueue_import(_app(url), url, files, athlete=athlete, skip_invalid=skip_invalid, schema=schema)


def _report(data: dict[str, Any]) -> ImportReport:
    known = {f.name for f in fields(ImportReport)}
    values = {k: v for k, v in data.items() if k in known}
    values["quarantined"] = [BadRow(**b) for b in values.get("quarantined", [])]
    values["flagged"] = [BadRow(**b) for b in values.get("flagged", [])]
    return ImportReport(**values)


def _outcome(data: dict[str, Any]) -> Outcome:
    mapping = data.get("mapping")
    return Outcome(
        data["filename"],
        report=_report(data["report"]) if data.get("report") else None,
        error=data.get("error"),
        bad_rows=tuple(BadRow(**b) for b in data.get("bad_rows", [])),
        mapping=(str(mapping[0]), str(mapping[1])) if mapping else None,
        good_rows=data.get("good_rows"),
    )


def batch_result(data: dict[str, Any]) -> BatchResult:
    """A worker's recorded result (JSON) as the page's ``BatchResult``."""
    return BatchResult(
        str(data["athlete"]), [_outcome(o) for o in data["outcomes"]], [str(a) for a in data["athletes"]]
    )


def job_state(url: str, token: Any, db: str) -> JobState | None:
    """The queued import ``token`` names, as the page's ``JobState``; ``None`` if there is no such import
    for the request's database ``db`` (another account's token reads nothing)."""
    if not isinstance(token, str):
        return None
    with psycopg.connect(url, autocommit=True) as con:
        queued = status.read(con, token)
    if queued is None or queued.owner != (account_schema_of(db) or ""):
        return None
    if queued.result is not None:
        return JobState(token, url, "done", 1.0, True, batch_result(queued.result))
    if queued.done:  # failed after its retries, or cancelled
        return JobState(token, url, "failed", queued.fraction, True, None, "The import failed unexpectedly.")
    stage = WAITING if queued.job_status == "todo" and queued.attempts == 0 else queued.stage
    return JobState(token, url, stage, queued.fraction)
