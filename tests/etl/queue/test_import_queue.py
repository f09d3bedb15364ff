"""The hosted mode's import queue against a real PostgreSQL and real ``liftbalance worker`` processes.

One athlete's imports run in the order they were queued, never two at once; another athlete's run
beside them. A worker killed with SIGKILL mid-import leaves no partial data, its job is retried by
another worker, and the sets are counted once: the store ends as a one-at-a-time import leaves it.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Sequence

import psycopg
import pytest

from etl.ingest import ingest
from etl.queue import status
from etl.queue.app import ensure_schema
from etl.store import database as store
from sample_logs.synthetic import synthetic_export
from tests.helpers.queue_workers import (
    enqueue,
    job_spans,
    start_worker,
    wait_done,
    wait_for,
    wait_registered,
    workers,
)


def sets_of(url: str, athlete: str) -> int:
    with store.opened(url) as con:
        row = con.execute("SELECT count(*) FROM sets WHERE athlete = ?", [athlete]).fetchone()
    return int(row[0]) if row else 0


def one_at_a_time(files: Sequence[tuple[bytes, str]]) -> int:
    """The sets a one-at-a-time import of ``files`` into an embedded store leaves."""
    with store.opened(":memory:") as con:
        for data, name in files:
            ingest(con, data, name, athlete="truth")
        row = con.execute("SELECT count(*) FROM sets").fetchone()
    return int(row[0]) if row else 0


def writing_transaction_ms(url: str, timeout: float = 60) -> int:
    """Wait until another connection to ``url`` holds a transaction that has written (it has an xid) and has
    been open 50 ms or more (the import's, not a heartbeat's); how long it has been open, in ms."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as con:
        while time.monotonic() < deadline:
            row = con.execute(
                "SELECT (extract(epoch FROM max(now() - xact_start)) * 1000)::int FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL "
                "AND now() - xact_start >= interval '50 milliseconds'"
            ).fetchone()
            if row and row[0] is not None:
                return int(row[0])
            time.sleep(0.005)
    raise AssertionError("the import's transaction was never seen open with writes")


def test_the_queue_schema_is_created_once_and_a_token_reads_back(pg_url: str) -> None:
    ensure_schema(pg_url)
    ensure_schema(pg_url)  # idempotent: every worker and web process calls it
    token = enqueue(pg_url, [(synthetic_export(50, "strong"), "a.csv")], athlete="ann")
    with psycopg.connect(pg_url, autocommit=True) as con:
        state = status.read(con, token)
        assert status.read(con, "no such token") is None
    assert state is not None
    assert (state.job_status, state.stage, state.done, state.result) == (
        "todo",
        "waiting to start",
        False,
        None,
    )


def test_one_athletes_imports_run_in_order_and_another_athletes_beside_them(pg_url: str) -> None:
    ann = [(synthetic_export(6000, "strong", weeks_extra=k), f"ann-{k}.csv") for k in range(3)]
    bob = [(synthetic_export(15000, "hevy"), "bob.csv")]
    with workers(pg_url, 2):
        wait_registered(pg_url, 2)
        tokens = [enqueue(pg_url, [f], athlete="ann") for f in ann]
        tokens.append(enqueue(pg_url, bob, athlete="bob"))
        states = wait_done(pg_url, tokens)
    assert [s.job_status for s in states] == ["succeeded"] * 4
    assert all(o.get("report") for s in states for o in (s.result or {})["outcomes"])

    spans = job_spans(pg_url)
    ann_spans = [(start, end) for who, start, end in spans if who == "ann"]
    assert len(ann_spans) == 3
    for (_, earlier_end), (later_start, _) in zip(ann_spans, ann_spans[1:], strict=False):
        assert later_start >= earlier_end  # never two of one athlete's imports at once
    [(_, bob_start, bob_end)] = [s for s in spans if s[0] == "bob"]
    assert bob_start < ann_spans[-1][1] and bob_end > ann_spans[0][0]  # bob ran while ann's queue did

    with store.opened(pg_url) as con:
        order = [
            r[0]
            for r in con.execute(
                "SELECT filename FROM uploads WHERE athlete = 'ann' ORDER BY upload_id"
            ).fetchall()
        ]
    assert order == ["ann-0.csv", "ann-1.csv", "ann-2.csv"]
    assert sets_of(pg_url, "ann") == one_at_a_time(ann)
    assert sets_of(pg_url, "bob") == one_at_a_time(bob)


# Where each trial kills the worker: while the file is read and parsed (nothing written yet), and twice
# while the import's transaction is open ("storing"), the second on a re-import of a cumulative export.
TRIALS = [("reading", False), ("storing", False), ("storing", True)]


@pytest.mark.parametrize(
    ("kill_at", "reimport"), TRIALS, ids=["while-reading", "while-storing", "reimport-storing"]
)
def test_a_worker_killed_mid_import_loses_nothing_and_doubles_nothing(
    pg_url: str, kill_at: str, reimport: bool
) -> None:
    first = (synthetic_export(20000, "strong"), "history.csv")
    later = (synthetic_export(20000, "strong", weeks_extra=2), "history-later.csv")
    files = [first, later] if reimport else [first]
    ensure_schema(pg_url)
    before = 0
    if reimport:  # the earlier export is in the store already, as a lifter's previous upload
        with store.opened(pg_url) as con:
            ingest(con, *first, athlete="ann")
        before = sets_of(pg_url, "ann")

    doomed = start_worker(pg_url)
    try:
        token = enqueue(pg_url, [files[-1]], athlete="ann")
        running = wait_for(pg_url, token, lambda s: s.job_status == "doing" and kill_at in s.stage)
        open_ms = writing_transaction_ms(pg_url) if kill_at == "storing" else 0
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=30)
    finally:
        if doomed.poll() is None:
            doomed.kill()
    after_kill = sets_of(pg_url, "ann")
    with store.opened(pg_url) as con:
        uploads_after_kill = con.execute("SELECT count(*) FROM uploads").fetchone()

    with workers(pg_url, 1):  # the survivor: picks the job up once the dead worker's heartbeat is stale
        [final] = wait_done(pg_url, [token])
    after_retry = sets_of(pg_url, "ann")
    expected = one_at_a_time(files)
    with store.opened(pg_url) as con:
        [(distinct,)] = con.execute(
            "SELECT count(*) FROM (SELECT DISTINCT athlete, source, workout_key, exercise_pos, set_pos FROM sets) AS distinct_sets"
        ).fetchall()
    print(
        f"\nkill -9 trial ({kill_at}{', re-import' if reimport else ''}): killed at {running.stage!r} "
        f"(a writing transaction open {open_ms} ms); "
        f"sets before {before}, after the kill {after_kill} (uploads {uploads_after_kill[0] if uploads_after_kill else '?'}), "
        f"after the retry {after_retry} (distinct {distinct}), one-at-a-time {expected}; "
        f"job {final.job_status} after {final.attempts} attempts"
    )
    assert after_kill == before  # the killed import's transaction left nothing
    assert final.job_status == "succeeded" and final.attempts >= 2
    assert after_retry == distinct == expected
