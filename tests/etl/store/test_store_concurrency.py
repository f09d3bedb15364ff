"""Threads of one process opening the same new database file at once (a new account's first requests).

Before the fix, each thread's schema check wrote the catalog outside the write lock and DuckDB failed
all but one with "Catalog write-write conflict" (a 500 in the dashboard's load test).
"""

from __future__ import annotations

import threading
from pathlib import Path

from etl.store import database as store


def test_threads_opening_a_new_file_at_once_all_succeed_and_migrate_once(tmp_path: Path):
    errors: list[BaseException] = []
    for trial in range(10):
        db = tmp_path / f"new-{trial}.duckdb"
        barrier = threading.Barrier(8)

        def open_it(db: Path = db, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            try:
                with store.opened(db) as con:
                    con.execute("SELECT count(*) FROM sets").fetchone()
            except BaseException as exc:  # collected, then asserted below
                errors.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        with store.opened(db) as con:
            versions = [v for (v,) in con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()]
        assert versions == list(range(1, store.SCHEMA_VERSION + 1))
    assert errors == []


def test_schema_version_of_a_new_file_is_zero_and_reading_it_writes_nothing(tmp_path: Path):
    import duckdb

    con = duckdb.connect(str(tmp_path / "plain.duckdb"))
    assert store.schema_version(con) == 0
    assert con.execute("SELECT count(*) FROM duckdb_tables()").fetchone() == (0,)
    con.close()
