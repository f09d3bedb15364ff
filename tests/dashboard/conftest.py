"""Fixtures of the dashboard tests: a server with two accounts, each with its own data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboard.app import create_app
from etl.ingest import ingest
from etl.store import accounts
from etl.store import database as store
from tests.helpers.accounts import A_FILE, B_FILE, PASSWORD_A, PASSWORD_B


@pytest.fixture
def two_accounts(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A server whose --db has accounts ana and bo; each has imported its own file into its own database."""
    main = tmp_path / "main.duckdb"
    with accounts.opened(main) as con:
        a = accounts.add_account(con, "ana", PASSWORD_A)
        b = accounts.add_account(con, "bo", PASSWORD_B)
    a_db, b_db = accounts.ensure_account_db_dir(main, a), accounts.ensure_account_db_dir(main, b)
    with store.opened(a_db) as con:
        ingest(con, A_FILE, "ana.csv", athlete="default", tz="UTC")
    with store.opened(b_db) as con:
        ingest(con, B_FILE, "bo.csv", athlete="default", tz="UTC")
        ingest(con, B_FILE, "bella.csv", athlete="bella", tz="UTC")
    app = create_app(main)
    yield {"app": app, "main": main, "a_db": a_db, "b_db": b_db}
    app.server.extensions["liftbalance.import_jobs"].shutdown()
