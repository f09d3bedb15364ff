"""The procrastinate app for a PostgreSQL URL, and the queue's tables in that database.

One function builds the app every front uses (the web processes defer jobs and read their state; the
``worker`` command runs them), so task names, the queue name and the schema are defined once. The schema
is procrastinate's own plus ``liftbalance_queued_imports`` (``etl.queue.status``), created on first use
under an advisory lock, so two workers starting together do not race to create it.
"""

from __future__ import annotations

import procrastinate
import psycopg

from etl.queue import status

QUEUE = "imports"
# Any fixed 64-bit number: the advisory lock taken while the queue's tables are created.
SCHEMA_LOCK = 2024_0024


# Connections procrastinate's pool keeps (min, max); psycopg_pool's default keeps 4 at all times. A web
# process only defers a job now and then; a worker sizes its own (``etl.queue.worker``).
WEB_POOL = (1, 2)


def queue_app(url: str, *, pool: tuple[int, int] = WEB_POOL) -> procrastinate.App:
    """A procrastinate app on ``url`` with liftbalance's tasks registered (not opened yet), keeping between
    ``pool[0]`` and ``pool[1]`` connections."""
    from etl.queue import tasks  # the tasks module imports this one for QUEUE

    min_size, max_size = pool
    connector = procrastinate.PsycopgConnector(conninfo=url, min_size=min_size, max_size=max_size)
    app = procrastinate.App(connector=connector)
    tasks.register(app)
    return app


def ensure_schema(url: str) -> None:
    """Create procrastinate's tables and ``liftbalance_queued_imports`` in ``url`` unless they exist."""
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("SELECT pg_advisory_lock(%s)", [SCHEMA_LOCK])
        try:
            row = con.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL").fetchone()
            if not (row and row[0]):
                schema = procrastinate.App(
                    connector=procrastinate.PsycopgConnector(conninfo=url)
                ).schema_manager.get_schema()
                with con.transaction():
                    con.execute(schema)  # type: ignore[arg-type]  # procrastinate's own DDL, no parameters
            con.execute(status.SCHEMA)
        finally:
            con.execute("SELECT pg_advisory_unlock(%s)", [SCHEMA_LOCK])
