"""The PostgreSQL adapter (etl.store.postgres) answers like a DuckDB connection, against a real server."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl
import pytest

from etl.store import database as store
from etl.store import pg_schema
from etl.store.postgres import PgConnection, is_url, to_pyformat


def test_to_pyformat_turns_placeholders_and_leaves_quoted_text() -> None:
    assert to_pyformat("SELECT ? WHERE a = '?' AND \"b?\" = ? -- why?\n") == (
        "SELECT %s WHERE a = '?' AND \"b?\" = %s -- why?\n"
    )
    assert to_pyformat("SELECT 'it''s ?', 5 % 2, ?") == "SELECT 'it''s ?', 5 %% 2, %s"


def test_is_url_tells_a_url_from_a_file() -> None:
    assert is_url("postgresql://u@h:5432/db")
    assert is_url("postgres://h/db")
    assert not is_url("postgresql.duckdb")
    assert not is_url(":memory:")


@pytest.fixture
def pg(pg_url: str) -> Iterator[PgConnection]:
    con = store.connect(pg_url)
    assert isinstance(con, PgConnection) and store.is_postgres(con)
    yield con
    con.close()


def test_connect_migrates_a_new_database_once(pg: PgConnection, pg_url: str) -> None:
    assert pg_schema.schema_version(pg) == pg_schema.SCHEMA_VERSION
    store.connect(pg_url).close()  # a second open finds the schema current
    assert pg.execute("SELECT count(*) FROM schema_version").fetchone() == (pg_schema.SCHEMA_VERSION,)


def test_execute_with_question_marks_and_fetch(pg: PgConnection) -> None:
    pg.execute("INSERT INTO settings VALUES (?, ?, ?)", ["ann", "unit", '{"a": 1}'])
    assert pg.execute("SELECT athlete, value FROM settings WHERE key = ?", ["unit"]).fetchall() == [
        ("ann", '{"a": 1}')  # JSON comes back as its text, as DuckDB returns it
    ]
    assert pg.execute("SELECT count(*) FROM settings WHERE athlete = ?", ["bob"]).fetchone() == (0,)


def test_pl_types_columns_like_duckdb(pg: PgConnection) -> None:
    frame = pg.execute(
        "SELECT 1::INTEGER AS i, 2::BIGINT AS b, 1.5::DOUBLE PRECISION AS d, 'x'::TEXT AS s, "
        "TIMESTAMP '2024-01-02 03:04:05' AS t, NULL::TEXT AS n, 18446744073709551615::NUMERIC(20, 0) AS u"
    ).pl()
    assert frame.schema == pl.Schema(
        {"i": pl.Int32(), "b": pl.Int64(), "d": pl.Float64(), "s": pl.String(), "t": pl.Datetime("us"),
         "n": pl.String(), "u": pl.UInt64()}
    )  # fmt: skip
    assert frame.row(0) == (1, 2, 1.5, "x", dt.datetime(2024, 1, 2, 3, 4, 5), None, 2**64 - 1)
    empty = pg.execute("SELECT athlete, key FROM settings").pl()
    assert empty.height == 0 and empty.columns == ["athlete", "key"]


def test_register_copies_a_frame_into_a_temp_table(pg: PgConnection) -> None:
    frame = pl.DataFrame(
        {"s": ["", None, 'a,"b"\nc'], "i": [1, None, 3], "t": [dt.datetime(2024, 5, 6, 7, 8, 9, 123456)] * 3},
        schema={"s": pl.String, "i": pl.Int32, "t": pl.Datetime("us")},
    )
    pg.register("incoming", frame)
    back = pg.execute("SELECT s, i, t FROM incoming ORDER BY i NULLS FIRST").pl()
    assert back.sort("i", nulls_last=False).equals(frame.sort("i", nulls_last=False))
    pg.unregister("incoming")
    assert pg.execute("SELECT to_regclass('pg_temp.incoming') IS NULL").fetchone() == (True,)


def test_transaction_rolls_back_on_error(pg: PgConnection) -> None:
    with pytest.raises(ZeroDivisionError), store.transaction(pg):
        pg.execute("INSERT INTO app_secrets VALUES (?, ?)", ["k", "v"])
        raise ZeroDivisionError
    assert pg.execute("SELECT count(*) FROM app_secrets").fetchone() == (0,)
    with store.transaction(pg):
        pg.execute("INSERT INTO app_secrets VALUES (?, ?)", ["k", "v"])
    assert pg.execute("SELECT value FROM app_secrets").fetchall() == [("v",)]


def test_a_hevy_key_file_for_a_url_does_not_depend_on_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from etl.sync.hevy_key import key_file

    url = "postgresql://lb@db.example:5432/gym"
    here = key_file(url, "ana")
    monkeypatch.chdir(tmp_path)
    assert key_file(url, "ana") == here
    assert key_file(url, "ben") != here


def test_processes_opening_a_new_database_at_once_migrate_it_once(pg_url: str) -> None:
    """Web and queue workers starting together against an empty database: one creates the schema, the others
    wait for it (the advisory lock) and find it current."""
    barrier = threading.Barrier(4)

    def open_new() -> int:
        barrier.wait()
        con = store.connect(pg_url)
        try:
            assert isinstance(con, PgConnection)
            return pg_schema.schema_version(con)
        finally:
            con.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        versions = list(pool.map(lambda _: open_new(), range(4)))
    assert versions == [pg_schema.SCHEMA_VERSION] * 4
    con = store.connect(pg_url)
    try:
        assert con.execute("SELECT count(*) FROM schema_version").fetchone() == (pg_schema.SCHEMA_VERSION,)
    finally:
        con.close()
