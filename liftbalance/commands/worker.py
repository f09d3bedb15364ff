"""``liftbalance worker``: run queued imports for a hosted site (``--db postgresql://...``).

A thin shell over ``etl.queue.worker``. Start as many as the imports need, on any machines that reach
the database; each runs one import at a time unless given ``--concurrency``. Ctrl-C or SIGTERM lets the
running import finish first; a worker killed outright has its import retried by another worker.
"""

from __future__ import annotations

import logging
import os

import click

from etl.queue.worker import HEARTBEAT_S, STALLED_AFTER_S, run_worker
from etl.store.database import DB_ENV
from etl.store.postgres import is_url


@click.command("worker")
@click.option(
    "--db",
    "db",
    default=None,
    metavar="URL",
    help="The site's PostgreSQL database, postgresql://... (default: $LIFTBALANCE_DB).",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Imports this worker runs at once (each in its own thread; more workers use more cores).",
)
@click.option(
    "--stalled-after",
    type=click.FloatRange(min=2.0),
    default=STALLED_AFTER_S,
    show_default=True,
    help="Seconds without a heartbeat after which another worker's import is retried.",
)
@click.option(
    "--until-empty", is_flag=True, help="Stop once no import is waiting, instead of waiting for more."
)
@click.option("-v", "--verbose", is_flag=True, help="Log each import job as it starts and ends.")
def worker_command(
    db: str | None, concurrency: int, stalled_after: float, until_empty: bool, verbose: bool
) -> None:
    """Run queued imports from a hosted site's PostgreSQL database; start as many as you need.

    The dashboard of a site served with --db postgresql://... queues each upload; workers import them,
    one athlete's uploads in the order they came, different athletes side by side. A worker killed
    mid-import leaves nothing half-written, and its import is retried by a worker still running."""
    url = db or os.environ.get(DB_ENV, "")
    if not is_url(url):
        raise click.UsageError(
            "The worker imports into a PostgreSQL database: pass --db postgresql://USER@HOST/NAME "
            f"(or set {DB_ENV}). A database file needs no worker: the dashboard imports into it itself."
        )
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(asctime)s %(name)s %(message)s"
    )
    heartbeat = min(HEARTBEAT_S, stalled_after / 3)
    run_worker(
        url, concurrency=concurrency, heartbeat=heartbeat, stalled_after=stalled_after, wait=not until_empty
    )
