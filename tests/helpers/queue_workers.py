"""Real ``liftbalance worker`` processes for the queue tests and the hosted load test.

Each worker is the installed command in a subprocess, so a test can ``kill -9`` it like an operator's
machine dying. Uploads are queued as the upload page queues them: bytes kept in the database, one job
naming them (``etl.queue.imports``).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

from etl.queue import status
from etl.queue.app import ensure_schema, queue_app
from etl.queue.imports import QueuedFile, enqueue_import, keep_bytes
from etl.store import database as store

STALLED_AFTER_S = 3.0
FINISHED = ("succeeded", *status.FAILED)


def start_worker(url: str, *, stalled_after: float = STALLED_AFTER_S) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "liftbalance",
            "worker",
            "--db",
            url,
            "--stalled-after",
            str(stalled_after),
            "-v",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@contextmanager
def workers(
    url: str, n: int, *, stalled_after: float = STALLED_AFTER_S
) -> Iterator[list[subprocess.Popen[str]]]:
    """``n`` workers on ``url`` for the block; each is stopped (SIGTERM, then SIGKILL) afterwards."""
    ensure_schema(url)
    started = [start_worker(url, stalled_after=stalled_after) for _ in range(n)]
    try:
        yield started
    finally:
        for proc in started:
            if proc.poll() is None:
                proc.terminate()
        for proc in started:
            try:
                proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()


def worker_log(proc: subprocess.Popen[str]) -> str:
    """A stopped worker's error output (what it logged)."""
    return proc.stderr.read() if proc.stderr and not proc.stderr.closed else ""


def enqueue(url: str, files: Sequence[tuple[bytes, str]], *, athlete: str, **options: Any) -> str:
    """Keep ``files`` (bytes, name) and queue their import for ``athlete``; the token to poll."""
    ensure_schema(url)
    with store.opened(url) as con:
        queued = [QueuedFile(keep_bytes(con, data), name, options.get("unit")) for data, name in files]
    app = queue_app(url)
    with app.open():
        return enqueue_import(app, url, queued, athlete=athlete)


def wait_done(url: str, tokens: Sequence[str], *, timeout: float = 180) -> list[status.QueuedImport]:
    """Poll until procrastinate has finished every import in ``tokens`` (the page's ``done`` comes a moment
    earlier, with the recorded result); their final states, in order."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as con:
        while time.monotonic() < deadline:
            states = [status.read(con, t) for t in tokens]
            if all(s is not None and s.job_status in FINISHED for s in states):
                return [s for s in states if s is not None]
            time.sleep(0.2)
    raise AssertionError(f"imports not done in {timeout} s: {states}")


def wait_for(url: str, token: str, predicate: Any, *, timeout: float = 120) -> status.QueuedImport:
    """Poll until ``predicate(state)`` holds for the import ``token``; that state."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as con:
        while time.monotonic() < deadline:
            state = status.read(con, token)
            if state is not None and predicate(state):
                return state
            time.sleep(0.02)
    raise AssertionError(f"import {token} never reached the state asked for")


def job_spans(url: str) -> list[tuple[str, float, float]]:
    """Every finished import job: (athlete, started, finished) as epoch seconds, from procrastinate's
    events (the last start of a job that was retried)."""
    with psycopg.connect(url, autocommit=True) as con:
        rows = con.execute(
            "SELECT j.args->>'athlete', "
            "extract(epoch FROM max(e.at) FILTER (WHERE e.type = 'started')), "
            "extract(epoch FROM max(e.at) FILTER (WHERE e.type = 'succeeded')) "
            "FROM procrastinate_jobs j JOIN procrastinate_events e ON e.job_id = j.id "
            "WHERE j.task_name = 'liftbalance:import_uploads' GROUP BY j.id ORDER BY j.id"
        ).fetchall()
    return [(str(a), float(s), float(f)) for a, s, f in rows]


def wait_registered(url: str, n: int, timeout: float = 60) -> None:
    """Until ``n`` workers are registered (listening), so jobs queued next start at once."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as con:
        while time.monotonic() < deadline:
            row = con.execute("SELECT count(*) FROM procrastinate_workers").fetchone()
            if row and row[0] >= n:
                return
            time.sleep(0.1)
    raise AssertionError(f"{n} workers did not start")
