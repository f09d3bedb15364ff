"""The queue's tasks, as procrastinate sees them: thin wrappers over ``etl.queue.imports``.

``register`` adds them to an app under fixed names; ``etl.queue.app.queue_app`` calls it for each app it
builds. Not a procrastinate ``Blueprint``: adding a blueprint binds its tasks to that one app, and a
process may build several (one per database URL; the tests, many). The worker passes its ``--db`` to each
job through procrastinate's ``additional_context``.
"""

from __future__ import annotations

from typing import Any

import procrastinate

from etl.queue.app import QUEUE
from etl.queue.imports import TASK, queued_files, run_import

# A job that failed for a reason other than its file (the database went away mid-import, say) is tried
# again a few times; a killed worker's job is retried by the worker command's stalled-job check instead.
RETRY = procrastinate.RetryStrategy(max_attempts=4, wait=2)


def import_uploads(
    context: procrastinate.JobContext,
    *,
    token: str,
    athlete: str,
    files: list[dict[str, Any]],
    skip_invalid: bool = False,
    schema: str | None = None,
) -> None:
    """Import the kept files of one upload batch for ``athlete`` into the worker's database (the account's
    ``schema`` in it, on a site with accounts)."""
    url = str((context.additional_context or {})["db"])
    run_import(url, token, athlete, queued_files(files), skip_invalid=skip_invalid, schema=schema)


def register(app: procrastinate.App) -> None:
    """Add liftbalance's tasks to ``app``."""
    app.task(name=TASK, queue=QUEUE, pass_context=True, retry=RETRY)(import_uploads)
