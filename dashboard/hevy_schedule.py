"""The optional periodic Hevy sync while ``liftbalance serve`` runs (``--hevy-sync-hours N``; off by default).

A lifter who connected Hevy on the Upload page should not have to press Sync now either. Every N hours a
daemon thread queues one job per database (the main one without accounts, else each account's own) in the
app's import queue (``dashboard.jobs``), so a scheduled sync never runs beside an upload into the same file.
The job syncs every athlete of that database who has a kept key (``etl.sync.hevy_key``), one after another,
through the same ``dashboard.hevy_connect.run_sync`` as the button. An athlete connected but never synced
(no workouts stored yet) waits for their first Sync now. The log says how many athletes synced or failed,
never a key or a message that might quote one.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import flask

from dashboard.dbpath import locate
from dashboard.hevy_connect import HevySyncOutcome, run_sync
from dashboard.jobs import EXTENSION_KEY as JOBS_KEY
from dashboard.jobs import ImportJobs, Report
from etl.store import accounts
from etl.store import database as store
from etl.sync.hevy_key import stored_key

LOG = logging.getLogger(__name__)


def databases(main_db: Path) -> list[Path]:
    """The database files the server serves: the main one without accounts, else each account's existing one."""
    main = locate(main_db) if accounts.is_hosted(main_db) else Path(main_db).expanduser()
    if not accounts.server_has_accounts(main):
        return [main]
    with accounts.opened(main) as con:
        found = [locate(accounts.account_db_path(main, a)) for a in accounts.list_accounts(con)]
    return [p for p in found if accounts.is_hosted(p) or p.exists()]  # hosted: every account has its schema


def sync_connected(db: Path, progress: Report) -> list[HevySyncOutcome]:
    """A job's work: sync each athlete of ``db`` with a kept Hevy key, in name order."""
    with store.opened(db) as con:
        athletes = [a for a in store.athletes(con) if stored_key(db, a) is not None]
    outcomes = []
    for index, athlete in enumerate(athletes):
        key = stored_key(db, athlete)
        if key is None:  # forgotten meanwhile
            continue

        def step(fraction: float, stage: str, index: int = index) -> None:
            progress((index + fraction) / len(athletes), stage)

        outcomes.append(run_sync(db, step, key=key, athlete=athlete))
    failed = sum(o.error is not None for o in outcomes)
    LOG.info(
        "periodic Hevy sync of a database: %d athletes synced, %d failed", len(outcomes) - failed, failed
    )
    return outcomes


class PeriodicHevySync(threading.Thread):
    """Queue ``sync_connected`` for every database every ``hours``; ``stop()`` ends it."""

    def __init__(self, server: flask.Flask, main_db: Path, hours: float) -> None:
        super().__init__(name="liftbalance-hevy-schedule", daemon=True)
        self._jobs: ImportJobs = server.extensions[JOBS_KEY]
        self._main_db = Path(main_db).expanduser()
        self._every_s = hours * 3600
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.wait(self._every_s):
            self.queue_once()

    def queue_once(self) -> list[str]:
        """Queue one round now; returns the job ids."""
        try:
            found = databases(self._main_db)
        except accounts.AccountError as exc:
            LOG.warning(
                "periodic Hevy sync skipped: the accounts file cannot be read (%s)", type(exc).__name__
            )
            return []
        return [self._jobs.submit(db, sync_connected) for db in found]

    def stop(self) -> None:
        self._stopped.set()
