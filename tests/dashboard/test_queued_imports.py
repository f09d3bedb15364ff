"""The hosted mode's queued import gives the upload page what the embedded mode's thread pool gives it.

A worker records each file's outcome as JSON (``etl.queue.imports.file_outcome``); the page turns it back
into ``Outcome``s (``dashboard.queued_imports.batch_result``). For a good file, a refused one, one with
bad rows to set aside and one that is no export, that round trip equals ``dashboard.uploads.import_uploads``
on the same bytes, so both modes show the same cards. Also: which account schema a request's database
names, and that a job's schema argument is never trusted beyond an account's schema name.
"""

from __future__ import annotations

import json

import pytest

from dashboard.queued_imports import batch_result
from dashboard.uploads import import_uploads
from etl.queue.imports import QueuedFile, account_schema_of, file_outcome, keep_bytes, target_db
from etl.store import database as store
from etl.store.accounts_store import with_search_path
from tests.components import data_url
from tests.helpers.dashboard_app import BROKEN, HEVY

FILES = [
    ("hevy.csv", HEVY),
    ("broken.csv", BROKEN),
    ("mixed.csv", HEVY + BROKEN.split(b"\n", 1)[1]),
    ("photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
]


@pytest.mark.parametrize("skip_invalid", [False, True])
def test_a_queued_outcome_round_trips_to_the_outcome_the_embedded_mode_shows(skip_invalid: bool) -> None:
    with store.opened(":memory:") as con:
        embedded = import_uploads(
            con,
            [data_url(d) for _, d in FILES],
            [n for n, _ in FILES],
            athlete="bo",
            skip_invalid=skip_invalid,
        )
    with store.opened(":memory:") as con:
        queued = [
            file_outcome(
                con,
                QueuedFile(keep_bytes(con, d), n),
                athlete="bo",
                skip_invalid=skip_invalid,
                progress=lambda *_: None,
            )
            for n, d in FILES
        ]
    recorded = json.loads(json.dumps({"athlete": "bo", "outcomes": queued, "athletes": ["bo"]}, default=str))
    assert batch_result(recorded).outcomes == embedded
    assert [o.report is not None for o in embedded] == [True, skip_invalid, skip_invalid, False]


def test_a_file_the_web_process_could_not_keep_is_reported_in_its_place() -> None:
    with store.opened(":memory:") as con:
        out = file_outcome(
            con, QueuedFile("", "huge.csv", error="huge.csv: the file is larger than 1 MB"), athlete="bo",
            skip_invalid=False, progress=lambda *_: None,
        )  # fmt: skip
        assert con.execute("SELECT count(*) FROM uploads").fetchone() == (0,)
    assert out == {"filename": "huge.csv", "mapping": None, "error": "huge.csv: the file is larger than 1 MB"}


def test_the_account_schema_comes_from_the_request_database_and_nothing_else_is_trusted() -> None:
    site = "postgresql://lb@db.internal:5432/lift"
    account = with_search_path(site, "account_0a1b2c")
    assert account_schema_of(site) is None
    assert account_schema_of(account) == "account_0a1b2c"
    assert target_db(site, "account_0a1b2c") == account
    assert target_db(site, None) == site
    for forged in ("public", "account_0a1b2c,public", "account_XYZ", "account_0a -c statement_timeout=1"):
        with pytest.raises(ValueError, match="not an account schema"):
            target_db(site, forged)


def test_a_poll_reads_only_its_own_accounts_import(pg_url: str) -> None:
    from dashboard.queued_imports import job_state
    from etl.queue.app import ensure_schema, queue_app
    from etl.queue.imports import enqueue_import

    ensure_schema(pg_url)
    app = queue_app(pg_url)
    with app.open():
        token = enqueue_import(
            app, pg_url, [QueuedFile("0" * 64, "a.csv")], athlete="bo", schema="account_0a"
        )
    mine, theirs = with_search_path(pg_url, "account_0a"), with_search_path(pg_url, "account_0b")
    state = job_state(pg_url, token, mine)
    assert state is not None and (state.stage, state.done) == ("waiting for a worker", False)
    assert job_state(pg_url, token, theirs) is None  # another account's token reads nothing
    assert job_state(pg_url, token, pg_url) is None  # nor does the site's main database
    assert job_state(pg_url, "no such token", mine) is None
