"""PostgreSQL as the store: a thin adapter that speaks the part of DuckDB's connection API our store uses.

In hosted mode (issue 24) every durable table lives in PostgreSQL, so many web and worker processes on
many machines share one system of record. The store modules were written against DuckDB's connection
(``execute(sql, params)`` with ``?`` placeholders, ``fetchall``/``fetchone``, ``.pl()``, ``register`` of
a polars frame); ``PgConnection`` offers exactly that over a psycopg 3 connection, so the code that
works on both backends is written once. SQL whose dialects differ lives per backend (the migrations in
``etl.store.pg_schema``, the upsert in ``etl.store.pg_upsert``, an upload's id in ``etl.store.uploads``), and
analysis reads a DuckDB copy of one athlete's rows (``etl.store.snapshot``) instead of a second dialect.

psycopg is imported lazily (``connect``): a one-lifter install on a DuckDB file never loads it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import polars as pl
from polars import DataFrame, DataType  # annotations inside PgConnection, whose .pl() shadows pl

from etl.errors import StoreError

URL_PREFIXES = ("postgresql://", "postgres://")


def is_url(db: object) -> bool:
    """Whether ``db`` names a PostgreSQL database (a ``postgresql://`` URL) rather than a DuckDB file."""
    return isinstance(db, str) and db.startswith(URL_PREFIXES)


class DatabaseUrl(str):
    """A ``postgresql://`` ``--db``: a string that answers the one question commands ask a database path
    before opening it (``exists``: a server database always does; opening it creates the schema).
    ``str()`` is the full URL (it is what ``connect`` takes); ``shown`` hides the password for messages."""

    def exists(self) -> bool:
        return True

    def expanduser(self) -> DatabaseUrl:
        return self

    @property
    def shown(self) -> str:
        return _safe(self)


def to_pyformat(sql: str) -> str:
    """``sql`` with DuckDB's ``?`` placeholders as psycopg's ``%s`` (and literal ``%`` doubled).

    ``?`` inside quoted strings, quoted identifiers and comments is left alone."""
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in ("'", '"'):
            end = i + 1
            while end < n:
                if sql[end] == ch:
                    if end + 1 < n and sql[end + 1] == ch:  # '' or "" escapes the quote
                        end += 2
                        continue
                    break
                end += 1
            out.append(sql[i : end + 1].replace("%", "%%"))
            i = end + 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end < 0 else end
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif ch == "?":
            out.append("%s")
            i += 1
        elif ch == "%":
            out.append("%%")
            i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


# NUMERIC(20, 0): how PostgreSQL, which has no unsigned 64-bit integer, holds DuckDB's UBIGINT.
UBIGINT_DIGITS = 20

# PostgreSQL type names (pg_type.typname) -> the polars dtype DuckDB's .pl() gives for its counterpart.
_POLARS_TYPES: dict[str, pl.DataType] = {
    "bool": pl.Boolean(),
    "int2": pl.Int16(),
    "int4": pl.Int32(),
    "int8": pl.Int64(),
    "float4": pl.Float32(),
    "float8": pl.Float64(),
    "numeric": pl.Float64(),
    "text": pl.String(),
    "varchar": pl.String(),
    "bpchar": pl.String(),
    "name": pl.String(),
    "json": pl.String(),
    "jsonb": pl.String(),
    "bytea": pl.Binary(),
    "date": pl.Date(),
    "timestamp": pl.Datetime("us"),
    "timestamptz": pl.Datetime("us", "UTC"),
}

# polars dtype -> PostgreSQL column type, for ``register`` (a frame as a TEMP table).
_PG_TYPES: list[tuple[type[pl.DataType], str]] = [
    (pl.Boolean, "BOOLEAN"),
    (pl.Int8, "SMALLINT"),
    (pl.Int16, "SMALLINT"),
    (pl.Int32, "INTEGER"),
    (pl.Int64, "BIGINT"),
    (pl.UInt8, "SMALLINT"),
    (pl.UInt16, "INTEGER"),
    (pl.UInt32, "BIGINT"),
    (pl.UInt64, "NUMERIC(20)"),
    (pl.Float32, "REAL"),
    (pl.Float64, "DOUBLE PRECISION"),
    (pl.String, "TEXT"),
    (pl.Categorical, "TEXT"),
    (pl.Enum, "TEXT"),
    (pl.Binary, "BYTEA"),
    (pl.Date, "DATE"),
    (pl.Null, "TEXT"),
]


def pg_type(dtype: pl.DataType) -> str:
    """The PostgreSQL column type a polars column of ``dtype`` is stored as."""
    if isinstance(dtype, pl.Datetime):
        return "TIMESTAMPTZ" if dtype.time_zone else "TIMESTAMP"
    if isinstance(dtype, pl.Duration):
        return "INTERVAL"
    for polars_type, name in _PG_TYPES:
        if isinstance(dtype, polars_type):
            return name
    raise StoreError(f"No PostgreSQL column type for the polars type {dtype}.")


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PgConnection:
    """A psycopg 3 connection with the DuckDB connection methods the store calls.

    Autocommit, like DuckDB: each statement commits unless a ``BEGIN TRANSACTION`` (``etl.store.database.
    transaction``) opened one. ``execute`` returns the connection itself, so ``con.execute(...).fetchone()``
    reads as it does on DuckDB."""

    # Read by etl.store.accounts_store.is_postgres (BEGIN vs SQLite's BEGIN IMMEDIATE): not unused.
    is_postgres = True

    def __init__(self, connection: Any, url: str) -> None:
        self._con = connection
        self.url = url
        self._cursor = connection.cursor()

    @property
    def raw(self) -> Any:
        """The psycopg connection (for COPY and what the adapter does not offer)."""
        return self._con

    # -- statements ---------------------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] | None = None) -> PgConnection:
        if params is None:
            self._cursor.execute(sql)  # no parameters: sent as written (a literal % stays one)
        else:
            self._cursor.execute(to_pyformat(sql), [_adapt(v) for v in params])
        return self

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> PgConnection:
        self._cursor.executemany(to_pyformat(sql), [[_adapt(v) for v in row] for row in rows])
        return self

    def fetchall(self) -> list[tuple[Any, ...]]:
        return list(self._cursor.fetchall()) if self._cursor.description else []

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._cursor.fetchone() if self._cursor.description else None

    @property
    def description(self) -> Any:
        return self._cursor.description

    def pl(self) -> DataFrame:
        """The last result as a polars frame, typed from the result's column types (as DuckDB's ``.pl()``)."""
        description = self._cursor.description
        if not description:
            return pl.DataFrame()
        rows = self._cursor.fetchall()
        schema = {col.name: self._polars_type(col) for col in description}
        columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
        return pl.DataFrame(
            {name: pl.Series(name, list(values), dtype=dtype, strict=False)
             for (name, dtype), values in zip(schema.items(), columns, strict=True)}
        )  # fmt: skip

    def fetchnumpy(self) -> dict[str, np.ndarray]:
        frame = self.pl()
        return {name: frame.get_column(name).to_numpy() for name in frame.columns}

    def _polars_type(self, column: Any) -> DataType:
        info = self._con.adapters.types.get(column.type_code)
        name = info.name if info else ""
        if name == "numeric" and column.precision == UBIGINT_DIGITS and column.scale == 0:
            return pl.UInt64()  # DuckDB's UBIGINT, stored as NUMERIC(20, 0) (etl.store.pg_schema)
        return _POLARS_TYPES.get(name, pl.Object())

    # -- frames as tables ---------------------------------------------------------------------------
    def register(self, name: str, frame: DataFrame) -> PgConnection:
        """``frame`` as the TEMP table ``name`` (filled with COPY), until ``unregister``."""
        self.unregister(name)
        columns = ", ".join(f"{quote_ident(c)} {pg_type(t)}" for c, t in frame.schema.items())
        self._cursor.execute(f"CREATE TEMP TABLE {quote_ident(name)} ({columns})")
        copy_frame(self._cursor, name, frame)
        return self

    def unregister(self, name: str) -> PgConnection:
        if self._con.info.transaction_status.name == "INERROR":
            return self  # called on the way out of a failed transaction: its rollback drops the table
        self._cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{quote_ident(name)}")
        return self

    # -- lifetime -----------------------------------------------------------------------------------
    def commit(self) -> None:
        self._cursor.execute("COMMIT")

    def rollback(self) -> None:
        self._cursor.execute("ROLLBACK")

    def close(self) -> None:
        self._con.close()

    @property
    def closed(self) -> bool:
        return bool(self._con.closed)

    def __enter__(self) -> PgConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _adapt(value: Any) -> Any:
    """Python values DuckDB takes that psycopg would not: numpy scalars."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def copy_frame(cursor: Any, table: str, frame: pl.DataFrame) -> None:
    """Append ``frame`` to ``table`` (same column names) with one COPY: polars writes CSV, PostgreSQL
    reads it. Empty strings are quoted and nulls are empty, so both survive."""
    if frame.is_empty():
        return
    text = frame.with_columns(
        pl.col(c).dt.convert_time_zone("UTC")
        for c, t in frame.schema.items()
        if isinstance(t, pl.Datetime) and t.time_zone
    ).write_csv(include_header=False, datetime_format="%Y-%m-%d %H:%M:%S%.f", null_value="")
    names = ", ".join(quote_ident(c) for c in frame.columns)
    with cursor.copy(f"COPY {quote_ident(table)} ({names}) FROM STDIN (FORMAT csv)") as copy:
        buffer = io.BytesIO(text.encode())
        while chunk := buffer.read(1 << 20):
            copy.write(chunk)


def connect(url: str) -> PgConnection:
    """Open the PostgreSQL database at ``url`` (autocommit, UTC session), creating and migrating its schema."""
    try:
        import psycopg
        from psycopg.types.string import TextLoader
    except ImportError as exc:  # pragma: no cover - psycopg is a declared dependency
        raise StoreError("A postgresql:// database needs psycopg: pip install 'psycopg[binary]'.") from exc
    try:
        raw = psycopg.connect(url, autocommit=True)
    except psycopg.Error as exc:
        raise StoreError(f"Cannot connect to the PostgreSQL database {_safe(url)}: {exc}".strip()) from exc
    # JSON columns read back as their text, as DuckDB returns them (callers json.loads them).
    raw.adapters.register_loader("json", TextLoader)
    raw.adapters.register_loader("jsonb", TextLoader)
    raw.execute("SET TIME ZONE 'UTC'")
    con = PgConnection(raw, url)
    from etl.store import pg_schema

    try:
        pg_schema.migrate(con)
    except Exception:
        con.close()
        raise
    return con


def _safe(url: str) -> str:
    """``url`` without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        credentials, _, host = rest.rpartition("@")
        user = credentials.split(":", 1)[0]
        return f"{scheme}{sep}{user}@{host}"
    return url


__all__ = ["DatabaseUrl", "PgConnection", "connect", "copy_frame", "is_url", "pg_type", "to_pyformat"]
