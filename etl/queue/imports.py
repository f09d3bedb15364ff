"""A queued import: keep the upload's bytes, queue a job naming them, and (in a worker) import them.

A job carries the upload, not a path: the kept bytes' id (their sha256 in ``blobs``), the athlete, the
file name and the options. Any worker on any machine can run it, since the bytes are in the database.
Jobs of one athlete take that athlete's procrastinate ``lock``, so they run one after another in the
order they were queued; different athletes' jobs run side by side on different workers.

Each file is one ``etl.ingest.ingest`` call, which writes in one transaction: a worker killed mid-import
leaves nothing behind, and the retried job imports the file again. Re-import identity makes a second run
of an upload that did commit change nothing, so a job that runs twice counts its sets once.

On a site with accounts each account's data is its own PostgreSQL schema (``etl.store.accounts``); a job
then names that schema (never a URL: the worker joins it to its own ``--db``), its athlete lock is the
account's athlete, and only a poll from the same account reads its result.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import procrastinate
import psycopg

from etl.errors import BadRow, BadRowsError, InputError, LiftbalanceError
from etl.ingest import ingest
from etl.queue import status
from etl.queue.app import QUEUE
from etl.store import database as store
from etl.store import uploads
from etl.store.accounts_store import with_search_path

TASK = "liftbalance:import_uploads"
# (overall fraction 0..1, what is happening) -> None
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class QueuedFile:
    """One file of a queued import, as the job carries it (JSON): the kept bytes' id and the options."""

    sha256: str
    filename: str
    unit: str | None = None
    columns: dict[str, str] | None = None  # a column mapping made on the page, for a file no app claims
    columns_name: str | None = None
    # How the page said the file will be read: ["saved", name] / ["new", name], echoed in the outcome.
    mapping: list[str] | None = None
    # Why the web process could not keep the file (damaged, too large): the job reports it, in its place.
    error: str | None = None


ACCOUNT_SCHEMA = re.compile(r"account_[0-9a-f]+")
SEARCH_PATH = re.compile(r"-c\s*search_path=(\S+)")


def athlete_lock(athlete: str, schema: str | None = None) -> str:
    """The procrastinate lock that keeps one athlete's imports in order (per account)."""
    return f"{schema or 'main'}:athlete:{athlete}"


def account_schema_of(db: str) -> str | None:
    """The account schema a request's database URL points into (``account_db_path``), or ``None`` for the
    site's main database (no accounts)."""
    for options in parse_qs(urlsplit(db).query).get("options", []):
        found = SEARCH_PATH.search(options)
        if found:
            return check_schema(found.group(1))
    return None


def check_schema(schema: str) -> str:
    """``schema`` if it is an account's schema name; a job's argument is never trusted further than that."""
    if not ACCOUNT_SCHEMA.fullmatch(schema):
        raise ValueError(f"not an account schema: {schema!r}")
    return schema


def target_db(url: str, schema: str | None) -> str:
    """Where a job imports: the worker's database, inside the account's schema when the job names one."""
    return with_search_path(url, check_schema(schema)) if schema else url


def keep_bytes(con: Any, data: bytes) -> str:
    """Keep ``data`` in ``blobs`` (once per content) before its import is queued; returns its id, the
    sha256 a job names it by. The import then finds the bytes kept and records its upload row as usual."""
    sha = hashlib.sha256(data).hexdigest()
    with store.transaction(con):
        # ON CONFLICT: two web processes may keep the same export at once.
        con.execute(
            "INSERT INTO blobs (sha256, size, encoding, content) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [sha, len(data), uploads.BLOB_ENCODING, uploads.compress_upload(data)],
        )
    return sha


def enqueue_import(
    app: procrastinate.App,
    url: str,
    files: Sequence[QueuedFile],
    *,
    athlete: str,
    skip_invalid: bool = False,
    schema: str | None = None,
) -> str:
    """Queue one import of ``files`` (already kept, in ``schema`` when an account's) for ``athlete``;
    returns the token a page polls with.

    ``app`` must be open (``app.open()``); ``url`` is the site's main database, where the queue lives."""
    token = secrets.token_urlsafe(16)
    job_id = app.configure_task(TASK, lock=athlete_lock(athlete, schema), queue=QUEUE).defer(
        token=token,
        athlete=athlete,
        skip_invalid=skip_invalid,
        files=[asdict(f) for f in files],
        schema=schema,
    )
    with psycopg.connect(url, autocommit=True) as con:
        status.record_job(con, token, job_id, schema or "")
    return token


def file_outcome(
    con: Any,
    file: QueuedFile,
    *,
    athlete: str,
    skip_invalid: bool,
    progress: Callable[[str, float], None],
) -> dict[str, Any]:
    """Import one kept file; its outcome as JSON: ``report`` when imported, else ``error`` (and
    ``bad_rows``/``good_rows`` for a file refused over bad values). Nothing is written for a refused file."""
    outcome: dict[str, Any] = {"filename": file.filename, "mapping": file.mapping}
    if file.error is not None:
        return outcome | {"error": file.error}
    try:
        data = uploads.upload_bytes(con, file.sha256)
        report = ingest(
            con,
            data,
            file.filename,
            athlete=athlete,
            unit=file.unit,
            skip_invalid=skip_invalid,
            progress=progress,
            columns=file.columns,
            columns_name=file.columns_name,
        )
    except BadRowsError as exc:
        return outcome | {
            "error": str(exc).splitlines()[0],
            "bad_rows": [asdict(b) for b in exc.bad_rows],
            "good_rows": exc.good_rows,
        }
    except InputError as exc:
        where = [asdict(BadRow(exc.line, exc.column, None, exc.message))] if exc.line is not None else []
        return outcome | {"error": str(exc), "bad_rows": where}
    except LiftbalanceError as exc:
        return outcome | {"error": str(exc)}
    return outcome | {"report": report.to_dict()}


def run_import(
    url: str,
    token: str,
    athlete: str,
    files: Sequence[QueuedFile],
    *,
    skip_invalid: bool = False,
    schema: str | None = None,
) -> dict[str, Any]:
    """A job's work, in a worker on the site's database ``url``: import each kept file (into the account's
    ``schema``, if named), recording progress and the result in the queue's table.

    A database error that is not about the file (a lost connection, say) is raised, so procrastinate
    retries the job; a file the library refuses is an outcome, not a failure."""
    db = target_db(url, schema)
    with psycopg.connect(url, autocommit=True) as board:

        def step(index: int, name: str) -> Callable[[str, float], None]:
            def report(stage: str, fraction: float) -> None:
                status.record_progress(board, token, (index + fraction) / len(files), f"{name}: {stage}")

            return report

        status.record_progress(board, token, 0.0, "starting")
        with store.opened(db) as con:
            outcomes = [
                file_outcome(con, f, athlete=athlete, skip_invalid=skip_invalid, progress=step(i, f.filename))
                for i, f in enumerate(files)
            ]
            names = store.athletes(con)
        result = {"athlete": athlete, "outcomes": outcomes, "athletes": names}
        status.record_result(board, token, result)
    return result


def queued_files(files: Sequence[Mapping[str, Any]]) -> list[QueuedFile]:
    """A job's ``files`` argument (JSON) back as ``QueuedFile``s."""
    return [QueuedFile(**dict(f)) for f in files]
