"""One account's queued imports never stall another account's: a worker never waits on a database lock."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from dashboard.jobs import ImportJobs


def wait_done(jobs: ImportJobs, job_id: str, db: Path, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = jobs.state(job_id, db)
        if state is not None and state.done:
            return True
        time.sleep(0.01)
    return False


def test_another_database_import_runs_while_one_database_has_many_queued():
    jobs = ImportJobs(workers=2)
    release = threading.Event()
    running: list[str] = []
    lock = threading.Lock()

    def busy(name: str):
        def work(db, report):
            with lock:
                running.append(name)
            assert release.wait(timeout=20)
            return name

        return work

    a, b = Path("/a.duckdb"), Path("/b.duckdb")
    try:
        a_jobs = [jobs.submit(a, busy(f"a{k}")) for k in range(20)]
        b_job = jobs.submit(b, lambda db, report: "b")
        assert wait_done(jobs, b_job, b, timeout=5), "b's import waited behind a's queue"
        assert running == ["a0"]  # a's jobs run one at a time: the others wait in a's own queue
        release.set()
        assert all(wait_done(jobs, job, a) for job in a_jobs)
        assert [jobs.state(job, a).result for job in a_jobs] == [f"a{k}" for k in range(20)]  # in order
        assert jobs.state(b_job, a) is None  # a poll from another database does not see it
    finally:
        release.set()
        jobs.shutdown()


def test_databases_take_turns_so_each_gets_a_worker():
    jobs = ImportJobs(workers=1)
    order: list[str] = []
    gate = threading.Event()

    def record(name: str):
        def work(db, report):
            if name == "a0":
                assert gate.wait(timeout=20)
            order.append(name)

        return work

    a, b = Path("/a.duckdb"), Path("/b.duckdb")
    try:
        ids = [(a, jobs.submit(a, record(f"a{k}"))) for k in range(3)]
        ids.append((b, jobs.submit(b, record("b0"))))
        gate.set()
        assert all(wait_done(jobs, job, db) for db, job in ids)
        assert order == ["a0", "b0", "a1", "a2"]  # b's one job did not wait for all of a's
    finally:
        jobs.shutdown()


def test_a_failing_job_is_reported_and_the_queue_goes_on():
    jobs = ImportJobs(workers=1)
    db = Path("/a.duckdb")

    def boom(db, report):
        raise RuntimeError("secret file content")

    try:
        bad = jobs.submit(db, boom)
        good = jobs.submit(db, lambda db, report: 7)
        assert wait_done(jobs, bad, db) and wait_done(jobs, good, db)
        assert jobs.state(bad, db).error == "The import failed unexpectedly (RuntimeError)."
        assert jobs.state(good, db).result == 7
    finally:
        jobs.shutdown()
