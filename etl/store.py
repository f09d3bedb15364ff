"""The DuckDB store: the one module that owns the schema, its migrations and connections.

Everything liftbalance knows lives in one embedded DuckDB file: the original bytes of
every upload (so all can be re-derived when the taxonomy improves), the canonical sets,
quarantined rows, per-athlete name overrides and settings. Other modules ask this one
for a connection and use parameters, never string formatting, in their SQL.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb
import platformdirs

from etl.errors import DatabaseInUseError, StoreError

DB_ENV = "LIFTBALANCE_DB"

# Each entry moves the schema from version i to i+1. Never edit a shipped entry: append.
MIGRATIONS: list[str] = [
    # 1: the first schema.
    """
    CREATE TABLE blobs (
        sha256      VARCHAR PRIMARY KEY,
        size        BIGINT NOT NULL,
        encoding    VARCHAR NOT NULL,   -- 'zlib': exports compress ~10x, and writing less is faster
        content     BLOB NOT NULL
    );
    CREATE TABLE uploads (
        upload_id   BIGINT PRIMARY KEY,  -- max + 1 in the writing transaction: survives EXPORT/IMPORT
        sha256      VARCHAR NOT NULL,
        filename    VARCHAR NOT NULL,
        size        BIGINT NOT NULL,
        format      VARCHAR,
        athlete     VARCHAR NOT NULL,
        received_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
        outcome     VARCHAR NOT NULL,
        report      JSON
    );
    CREATE TABLE sets (
        athlete            VARCHAR NOT NULL,
        source             VARCHAR NOT NULL,
        upload_id          BIGINT,
        workout_key        VARCHAR NOT NULL,
        workout_start      TIMESTAMP NOT NULL,
        tz                 VARCHAR NOT NULL,
        workout_name       VARCHAR,
        workout_duration_s DOUBLE,
        workout_notes      VARCHAR,
        exercise_name      VARCHAR NOT NULL,
        exercise_pos       INTEGER NOT NULL,
        set_pos            INTEGER NOT NULL,
        set_kind           VARCHAR NOT NULL,
        weight_kg          DOUBLE,
        reps               DOUBLE,
        rpe                DOUBLE,
        distance_m         DOUBLE,
        duration_s         DOUBLE,
        notes              VARCHAR,
        source_line        BIGINT NOT NULL
    );
    CREATE TABLE quarantine (
        upload_id   BIGINT NOT NULL,
        line        BIGINT,
        "column"    VARCHAR,
        value       VARCHAR,
        expected    VARCHAR NOT NULL
    );
    CREATE TABLE name_overrides (
        athlete       VARCHAR NOT NULL,
        name          VARCHAR NOT NULL,
        exercise_id   VARCHAR NOT NULL,
        created_at    TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
        PRIMARY KEY (athlete, name)
    );
    CREATE TABLE settings (
        athlete     VARCHAR NOT NULL,
        key         VARCHAR NOT NULL,
        value       JSON NOT NULL,
        PRIMARY KEY (athlete, key)
    );
    """,
    # 2: column mappings for CSVs no app reader claims, saved per athlete and reused for the same header.
    """
    CREATE TABLE column_mappings (
        athlete     VARCHAR NOT NULL,
        name        VARCHAR NOT NULL,
        header      VARCHAR NOT NULL,   -- the file's column names in order, as a JSON array
        columns     VARCHAR NOT NULL,   -- JSON object: mapping key (date, exercise, ...) -> column name
        saved_at    TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
        PRIMARY KEY (athlete, name)
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def default_db_path() -> Path:
    """``$LIFTBALANCE_DB`` if set, else ``liftbalance.duckdb`` in the user data directory."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("liftbalance", appauthor=False)) / "liftbalance.duckdb"


def _friendly_open_error(path: str, exc: Exception) -> StoreError:
    text = str(exc)
    if "lock" in text.lower() or "conflicting" in text.lower():
        return DatabaseInUseError(
            f"The database {path} is in use by another process (another liftbalance command or "
            "the dashboard). Close it, or pass --db to use another file."
        )
    if "read-only" in text.lower() or "permission" in text.lower():
        return StoreError(f"Cannot write the database {path}: the path is read-only. Pass --db to a writable file.")
    if "no space" in text.lower() or "disk is full" in text.lower():
        return StoreError(f"Cannot write the database {path}: the disk is full. Free some space and try again.")
    if isinstance(exc, OSError):
        return StoreError(f"Cannot create the database {path}: {exc.strerror or exc}. Pass --db to a writable file.")
    return StoreError(f"Cannot open the database {path}: {text}")


def connect(db: str | Path = ":memory:", *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating and migrating if needed) the database at ``db``."""
    path = str(db)
    try:
        if path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(path, read_only=read_only)
    except (OSError, duckdb.Error) as exc:
        raise _friendly_open_error(path, exc) from exc
    if not read_only:
        try:
            migrate(con)
        except duckdb.Error as exc:
            con.close()
            raise _friendly_open_error(path, exc) from exc
    return con


@contextmanager
def opened(db: str | Path = ":memory:", *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """``connect`` as a context manager that always closes the connection."""
    con = connect(db, read_only=read_only)
    try:
        yield con
    finally:
        con.close()


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Apply every migration newer than the database, each in its own transaction."""
    current = schema_version(con)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"This database was written by a newer liftbalance (schema {current}, this one knows "
            f"{SCHEMA_VERSION}). Upgrade liftbalance."
        )
    for version in range(current, SCHEMA_VERSION):
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(MIGRATIONS[version])
            con.execute("INSERT INTO schema_version VALUES (?)", [version + 1])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: commit on success, roll back on any exception (Ctrl-C included)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
        con.execute("COMMIT")
    except BaseException as exc:
        with suppress(duckdb.Error):
            con.execute("ROLLBACK")
        if isinstance(exc, duckdb.IOException):
            raise _friendly_open_error("(the database)", exc) from exc
        raise


def athletes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every athlete with at least one stored set or upload, sorted."""
    rows = con.execute(
        "SELECT athlete FROM sets UNION SELECT athlete FROM uploads ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def upload_bytes(con: duckdb.DuckDBPyConnection, sha256: str) -> bytes:
    """The original bytes of an upload, as received (blobs are stored compressed)."""
    row = con.execute("SELECT encoding, content FROM blobs WHERE sha256 = ?", [sha256]).fetchone()
    if row is None:
        raise StoreError(f"No upload with sha256 {sha256} is stored.")
    encoding, content = row
    return zlib.decompress(content) if encoding == "zlib" else bytes(content)
