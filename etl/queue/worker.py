"""Run a queue worker: procrastinate's worker on the imports queue, plus the stalled-job check.

procrastinate's worker sends a heartbeat every ``heartbeat`` seconds while it runs. A worker that stops
beating (killed with ``kill -9``, its machine gone) leaves its job in ``doing``; every worker looks for
such jobs every ``heartbeat`` seconds and puts the ones whose worker has been silent for ``stalled_after``
seconds back in the queue (``JobManager.get_stalled_jobs`` + ``retry_job``, procrastinate's recipe). The
check runs beside the worker loop, not as a queued task, so it still runs while every worker is busy
with a long import.
"""

from __future__ import annotations

import asyncio
import logging

import procrastinate

from etl.queue import status
from etl.queue.app import QUEUE, ensure_schema, queue_app

LOG = logging.getLogger(__name__)
HEARTBEAT_S = 5.0
STALLED_AFTER_S = 30.0
CLEANUP_EVERY_S = 3600.0


async def retry_stalled(app: procrastinate.App, stalled_after: float) -> int:
    """Queue again the running jobs of workers silent for ``stalled_after`` seconds; returns how many."""
    jobs = list(await app.job_manager.get_stalled_jobs(queue=QUEUE, seconds_since_heartbeat=stalled_after))
    for job in jobs:
        LOG.warning("import job %s: its worker stopped answering; queued again", job.id)
        await app.job_manager.retry_job(job)
    return len(jobs)


async def _forget_old(app: procrastinate.App, url: str) -> None:
    import psycopg

    await app.job_manager.delete_old_jobs(nb_hours=status.KEEP_HOURS, queue=QUEUE)
    with psycopg.connect(url, autocommit=True) as con:
        status.forget_old(con)


async def _watch(app: procrastinate.App, url: str, stalled_after: float, every: float) -> None:
    since_cleanup = CLEANUP_EVERY_S  # clean once at start
    while True:
        await retry_stalled(app, stalled_after)
        if since_cleanup >= CLEANUP_EVERY_S:
            await _forget_old(app, url)
            since_cleanup = 0.0
        await asyncio.sleep(every)
        since_cleanup += every


async def _work(url: str, *, concurrency: int, heartbeat: float, stalled_after: float, wait: bool) -> None:
    # The LISTEN connection, the heartbeat and the stalled-job check, plus one per running job's updates.
    app = queue_app(url, pool=(2, concurrency + 3))
    async with app.open_async():
        watcher = asyncio.create_task(_watch(app, url, stalled_after, heartbeat), name="stalled jobs")
        try:
            await app.run_worker_async(
                queues=[QUEUE],
                concurrency=concurrency,
                wait=wait,
                additional_context={"db": url},
                update_heartbeat_interval=heartbeat,
                stalled_worker_timeout=stalled_after,
                install_signal_handlers=True,
            )
        finally:
            watcher.cancel()


def run_worker(
    url: str,
    *,
    concurrency: int = 1,
    heartbeat: float = HEARTBEAT_S,
    stalled_after: float = STALLED_AFTER_S,
    wait: bool = True,
) -> None:
    """Process import jobs from the database at ``url`` until stopped (SIGINT/SIGTERM finish the running
    import first); with ``wait=False``, until the queue is empty."""
    ensure_schema(url)
    asyncio.run(
        _work(url, concurrency=concurrency, heartbeat=heartbeat, stalled_after=stalled_after, wait=wait)
    )
