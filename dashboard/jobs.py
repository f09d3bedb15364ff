"""Imports run in threads the app owns, so an upload request returns at once and the page polls.

Why threads and not Dash's background callbacks: DuckDB lets one process write a database
file, while connections opened inside one process share one instance. Dash's diskcache/celery
managers run the callback in another process, which would open the same file from outside.
So the import runs here, in a small thread pool created by ``create_app`` and kept on
``app.server.extensions`` (never in a module global).

A job belongs to the database it writes: the request that starts it resolves
``dashboard.dbpath.db_path()`` in the request thread and passes the path in; a poll only
sees jobs of the database its own request resolves to.

Imports into one database run one at a time, imports into different databases side by side, and
no worker ever sits waiting for another job's database: each database has its own queue, and a
database with waiting jobs holds at most one place in the pool's queue. A worker runs ONE job of
that database, then puts the database back at the end of the line if more are waiting; so one
account's twenty queued uploads take turns with another account's one, instead of filling every
worker with threads blocked on that account's write lock (19.9 s instead of 0.86 s for the other
account's import, before this).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import flask

EXTENSION_KEY = "liftbalance.import_jobs"
LOG = logging.getLogger(__name__)
# (overall fraction 0..1, what is happening) -> None
Report = Callable[[float, str], None]
# The work of a job: given the database path and a progress function, return its result.
Work = Callable[[Path, Report], Any]


@dataclass(frozen=True)
class JobState:
    """A snapshot of one job, safe to read outside the registry's lock."""

    job_id: str
    db: str
    stage: str = "waiting to start"
    fraction: float = 0.0
    done: bool = False
    result: Any = None
    error: str | None = None
    finished_at: float | None = field(default=None, compare=False)


class ImportJobs:
    """A thread pool plus the state of its jobs, keyed by a random id."""

    def __init__(self, *, workers: int = 2, keep_seconds: float = 900.0) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="liftbalance-import")
        self._lock = threading.Lock()
        self._jobs: dict[str, JobState] = {}
        self._waiting: dict[str, deque[tuple[str, Path, Work]]] = {}  # per database: jobs not started yet
        self._scheduled: set[str] = set()  # databases with a turn in the pool's queue or running now
        self._keep = keep_seconds

    def submit(self, db: Path, work: Work) -> str:
        """Queue ``work`` for the database at ``db``; returns the job id the page polls with."""
        job_id = secrets.token_urlsafe(12)
        key = str(db)
        with self._lock:
            self._forget_old()
            self._jobs[job_id] = JobState(job_id, key)
            self._waiting.setdefault(key, deque()).append((job_id, db, work))
            start = key not in self._scheduled
            self._scheduled.add(key)
        if start:
            self._pool.submit(self._turn, key)
        return job_id

    def state(self, job_id: Any, db: Path) -> JobState | None:
        """The job's state if it exists and belongs to ``db``; else ``None``."""
        if not isinstance(job_id, str):
            return None
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None and job.db == str(db) else None

    def idle(self) -> bool:
        """No job is waiting or running."""
        with self._lock:
            return not self._scheduled

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _update(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            self._jobs[job_id] = replace(self._jobs[job_id], **changes)

    def _turn(self, key: str) -> None:
        """A database's turn: run its oldest waiting job, then queue the database again if more wait."""
        with self._lock:
            job_id, db, work = self._waiting[key].popleft()
        try:
            self._run(job_id, db, work)
        finally:
            with self._lock:
                again = bool(self._waiting[key])
                if again:
                    with suppress(RuntimeError):  # the pool was shut down: the server is stopping
                        self._pool.submit(self._turn, key)
                else:
                    del self._waiting[key]
                    self._scheduled.discard(key)

    def _run(self, job_id: str, db: Path, work: Work) -> None:
        def report(fraction: float, stage: str) -> None:
            self._update(job_id, fraction=max(0.0, min(1.0, fraction)), stage=stage)

        self._update(job_id, stage="starting")
        try:
            result = work(db, report)
        except Exception as exc:  # a bug, not bad input: the page says so without a traceback
            # Where it failed, not the message: an exception message may quote the uploaded file.
            frames = "; ".join(
                f"{f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(exc.__traceback__)
            )
            LOG.error("import job %s failed: %s at %s (message withheld)", job_id, type(exc).__name__, frames)
            self._update(
                job_id,
                done=True,
                error=f"The import failed unexpectedly ({type(exc).__name__}).",
                finished_at=time.monotonic(),
            )
            return
        self._update(
            job_id, done=True, fraction=1.0, stage="done", result=result, finished_at=time.monotonic()
        )

    def _forget_old(self) -> None:
        now = time.monotonic()
        old = [
            k for k, j in self._jobs.items() if j.finished_at is not None and now - j.finished_at > self._keep
        ]
        for key in old:
            del self._jobs[key]


def install(server: flask.Flask) -> ImportJobs:
    jobs = ImportJobs()
    server.extensions[EXTENSION_KEY] = jobs
    return jobs


def current_jobs() -> ImportJobs:
    """The registry of the app serving the current request."""
    jobs: ImportJobs = flask.current_app.extensions[EXTENSION_KEY]
    return jobs
