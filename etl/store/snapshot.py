"""One analytics path for both stores: one athlete's rows from PostgreSQL, copied per request into an in-process
DuckDB with the same tables, where the unchanged weekly, verdict and exercise code runs.

The weekly sums, the warm-up rule and the source overlaps are DuckDB SQL (``etl.analysis``). Rather than keep
a second dialect of them for PostgreSQL, a request on the hosted store reads only the athlete's rows of the
tables analysis reads (``ATHLETE_TABLES``) with ``COPY (SELECT ...) TO STDOUT``, parses them into typed polars
frames (Arrow) and inserts them into TEMP tables of a new connection to one in-memory DuckDB the process keeps
(a new DuckDB database costs ~100 ms; a connection to an open one, a few). The TEMP tables are made from the
DDL the DuckDB migrations produce, so names, types and keys are a DuckDB file's; they vanish with the
connection, and no request sees another's. On a DuckDB store ``analysis_connection`` is the connection
itself: nothing is copied.

Read through the caller's PostgreSQL connection, so inside an import's transaction it sees what that import
has written but not committed (the import report's figures are computed that way).
"""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import polars as pl

from etl.store import database
from etl.store.postgres import PgConnection, quote_ident

# The tables analysis reads, and how to find one athlete's rows in each (a WHERE clause on ``t``, the athlete
# as its one parameter). Import caches (fingerprints, known regions), kept bytes and accounts stay behind.
ATHLETE_TABLES: dict[str, str] = {
    "sets": "t.athlete = %s",
    "settings": "t.athlete = %s",
    "name_overrides": "t.athlete = %s",
    "column_mappings": "t.athlete = %s",
    "uploads": "t.athlete = %s",
    "quarantine": "t.upload_id IN (SELECT u.upload_id FROM uploads u WHERE u.athlete = %s)",
    "hevy_workouts": "t.athlete = %s",
    "sync_state": "t.athlete = %s",
}

# DuckDB column types (information_schema) -> the polars type a CSV field of it parses to.
_POLARS: dict[str, pl.DataType] = {
    "VARCHAR": pl.String(),
    "JSON": pl.String(),
    "BIGINT": pl.Int64(),
    "INTEGER": pl.Int32(),
    "UBIGINT": pl.UInt64(),
    "DOUBLE": pl.Float64(),
    "BOOLEAN": pl.Boolean(),
    "DATE": pl.Date(),
    "TIMESTAMP": pl.Datetime("us"),
    "TIMESTAMP WITH TIME ZONE": pl.Datetime("us"),  # sent as UTC wall time, then marked UTC
}
# Timestamps leave PostgreSQL in one fixed format (six fraction digits), so every row parses alike.
_TIMESTAMP_TEXT = "to_char({column}, 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"


@functools.cache
def _tables() -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """Per table of ``ATHLETE_TABLES``: its CREATE TEMP TABLE statement and its (column, DuckDB type) list,
    read once from a database the DuckDB migrations made."""
    with database.opened(":memory:") as template:
        ddl = dict(
            template.execute(
                "SELECT table_name, sql FROM duckdb_tables() WHERE schema_name = 'main'"
            ).fetchall()
        )
        out = {}
        for table in ATHLETE_TABLES:
            columns = template.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
                [table],
            ).fetchall()
            out[table] = (ddl[table].replace("CREATE TABLE", "CREATE TEMP TABLE", 1), columns)
    return out


_SHARED: list[duckdb.DuckDBPyConnection] = []  # the process's one in-memory DuckDB, made on first use
_SHARED_GUARD = threading.Lock()


def _new_connection() -> duckdb.DuckDBPyConnection:
    """A new connection to the process's in-memory DuckDB, which holds no table of its own."""
    with _SHARED_GUARD:
        if not _SHARED:
            _SHARED.append(duckdb.connect(":memory:"))
        return _SHARED[0].cursor()


def athlete_frame(
    con: PgConnection, table: str, columns: list[tuple[str, str]], athlete: str | None
) -> pl.DataFrame:
    """``athlete``'s rows (None: every athlete's) of ``table`` in PostgreSQL as a polars frame typed like
    DuckDB's ``columns``."""
    projection = ", ".join(
        _TIMESTAMP_TEXT.format(column=f"t.{quote_ident(name)} AT TIME ZONE 'UTC'")
        if kind == "TIMESTAMP WITH TIME ZONE"
        else _TIMESTAMP_TEXT.format(column=f"t.{quote_ident(name)}")
        if kind == "TIMESTAMP"
        else f"t.{quote_ident(name)}"
        for name, kind in columns
    )
    buffer = io.BytesIO()
    where = ATHLETE_TABLES[table] if athlete is not None else "TRUE"
    query = f"COPY (SELECT {projection} FROM {table} t WHERE {where}) TO STDOUT (FORMAT csv)"  # noqa: S608
    params = [athlete] if athlete is not None else []
    with con.raw.cursor() as cursor, cursor.copy(query, params) as copy:
        for chunk in copy:
            buffer.write(chunk)
    schema = {name: _POLARS[kind] for name, kind in columns}
    if buffer.tell() == 0:
        return pl.DataFrame(schema=schema)
    frame = pl.read_csv(
        buffer.getvalue(),
        has_header=False,
        new_columns=list(schema),
        schema=schema,
        quote_char='"',
        infer_schema=False,
    )
    return frame.with_columns(
        pl.col(name).dt.replace_time_zone("UTC")
        for name, kind in columns
        if kind == "TIMESTAMP WITH TIME ZONE"
    )


def copy_athlete(con: PgConnection, snap: duckdb.DuckDBPyConnection, athlete: str | None) -> None:
    """Create ``ATHLETE_TABLES`` as TEMP tables of ``snap`` and fill them with ``athlete``'s rows (None:
    everyone's) from ``con``."""
    for table, (ddl, columns) in _tables().items():
        snap.execute(ddl)
        frame = athlete_frame(con, table, columns, athlete)
        if frame.height == 0:
            continue
        snap.register("_snapshot_rows", frame)
        try:
            snap.execute(f"INSERT INTO {table} SELECT * FROM _snapshot_rows")  # noqa: S608 - our table names
        finally:
            snap.unregister("_snapshot_rows")


@contextmanager
def analysis_connection(
    con: duckdb.DuckDBPyConnection | PgConnection, athlete: str | None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection holding ``athlete``'s data for the analysis code: ``con`` itself on a DuckDB store,
    a per-request in-memory copy of the athlete's rows on PostgreSQL (closed on exit). ``athlete=None`` copies
    every athlete's rows, for the few whole-store views (the athletes roster): they cost what they read."""
    if not isinstance(con, PgConnection):
        yield con
        return
    snap = _new_connection()
    try:
        copy_athlete(con, snap, athlete)
        yield snap
    finally:
        snap.close()
