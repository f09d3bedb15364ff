"""The DuckDB store: the one module that owns the schema, its migrations and connections.

Everything liftbalance knows lives in one embedded DuckDB file: the original bytes of
every upload (so all can be re-derived when the taxonomy improves), the canonical sets,
quarantined rows, per-athlete name overrides and settings. Other modules ask this one
for a connection and use parameters, never string formatting, in their SQL.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar, cast

import duckdb
import platformdirs

from etl.errors import DatabaseInUseError, StoreError, newer_schema
from etl.store import postgres, private_files

DB_ENV = "LIFTBALANCE_DB"

# Either backend's connection, where code takes both (a PgConnection offers the DuckDB methods the store uses).
Connection = TypeVar("Connection", duckdb.DuckDBPyConnection, postgres.PgConnection)

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
    # 3: dashboard accounts (etl.store.accounts) and the server's generated secrets (the session-signing key).
    # Only the --db file the server is started on uses them; each account's data lives in its own file.
    """
    CREATE TABLE accounts (
        account_id     VARCHAR PRIMARY KEY,  -- random; names the account's own database file
        name           VARCHAR NOT NULL UNIQUE,
        password_hash  VARCHAR NOT NULL,     -- argon2id, never the password
        session_key    VARCHAR NOT NULL,     -- changes on password change/removal: old sessions stop working
        created_at     TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
    );
    CREATE TABLE app_secrets (
        name   VARCHAR PRIMARY KEY,
        value  VARCHAR NOT NULL
    );
    """,
    # 4: workout fingerprints (etl.reimport.fingerprint): a re-import skips workouts whose raw rows are unchanged.
    # A cache of what the sets already say: upsert_sets forgets a workout's row whenever it writes its sets.
    """
    CREATE TABLE workout_fingerprints (
        athlete        VARCHAR NOT NULL,
        source         VARCHAR NOT NULL,
        workout_start  TIMESTAMP NOT NULL,
        workout_key    VARCHAR NOT NULL,
        fp1            UBIGINT NOT NULL,   -- two salted 64-bit hashes of the workout's raw rows
        fp2            UBIGINT NOT NULL,
        sets           BIGINT NOT NULL,    -- the sets it produced (checked against the store)
        skipped        VARCHAR NOT NULL    -- JSON: skip reason -> rows, for the report
    );
    """,
    # 5: known regions (etl.reimport.known_region): the bytes of a cumulative export an earlier import read, so a
    # re-import reads only past them. A cache too: a region counts only while its workouts' fingerprints do.
    """
    CREATE TABLE known_regions (
        athlete      VARCHAR NOT NULL,
        source       VARCHAR NOT NULL,
        seed         UBIGINT NOT NULL,   -- etl.reimport.fingerprint.seeds: the same reader, header, unit, zone and code
        side         VARCHAR NOT NULL,   -- 'head': the file's first rows; 'tail': its last
        size         BIGINT NOT NULL,    -- bytes after the header line
        sha256       VARCHAR NOT NULL,
        lines        BIGINT NOT NULL,    -- physical lines ('head': the rows past it are numbered after them)
        rows         BIGINT NOT NULL,    -- CSV records
        field_limit  BIGINT NOT NULL,    -- the field-size limit it was read under
        workouts     BLOB NOT NULL,      -- per workout: fp1, fp2 and its key's hash, little-endian uint64
        loads        VARCHAR NOT NULL    -- JSON [[load, rows], ...] for a unit-less file's unit guess
    );
    """,
    # 6: the Hevy API sync (etl.sync): where each synced Hevy workout id is stored (a deletion names only the
    # id), and when the athlete's last sync started (the next one asks for events since then).
    """
    CREATE TABLE hevy_workouts (
        athlete        VARCHAR NOT NULL,
        workout_id     VARCHAR NOT NULL,   -- Hevy's id of the workout
        workout_start  TIMESTAMP NOT NULL, -- the stored sets' workout_start (source 'hevy')
        PRIMARY KEY (athlete, workout_id)
    );
    CREATE TABLE sync_state (
        athlete      VARCHAR NOT NULL,
        service      VARCHAR NOT NULL,     -- 'hevy'
        started_at   TIMESTAMPTZ NOT NULL, -- taken before the last successful sync fetched anything
        upload_id    BIGINT NOT NULL,      -- the upload that sync recorded
        PRIMARY KEY (athlete, service)
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def default_db_path() -> Path | postgres.DatabaseUrl:
    """``$LIFTBALANCE_DB`` if set (a file, or a ``postgresql://`` URL), else ``liftbalance.duckdb`` in the user
    data directory."""
    env = os.environ.get(DB_ENV)
    if env and postgres.is_url(env):
        return postgres.DatabaseUrl(env)
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
        return StoreError(
            f"Cannot write the database {path}: the path is read-only. Pass --db to a writable file."
        )
    if "no space" in text.lower() or "disk is full" in text.lower():
        return StoreError(
            f"Cannot write the database {path}: the disk is full. Free some space and try again."
        )
    if isinstance(exc, OSError):
        return StoreError(
            f"Cannot create the database {path}: {exc.strerror or exc}. Pass --db to a writable file."
        )
    return StoreError(f"Cannot open the database {path}: {text}")


def connect(db: str | Path = ":memory:", *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating and migrating if needed) the database at ``db``: a DuckDB file, or a PostgreSQL
    database when ``db`` is a ``postgresql://`` URL (``etl.store.postgres``; ``read_only`` is then moot)."""
    path = str(db)
    if postgres.is_url(path):
        # A PgConnection offers the DuckDB connection methods the store calls (execute with ``?``, fetchall,
        # fetchone, .pl(), register): typed as DuckDB's so the shared store code checks against one API.
        return cast(duckdb.DuckDBPyConnection, postgres.connect(path))
    new_file = path != ":memory:" and not Path(path).expanduser().exists()
    try:
        if path != ":memory:":
            private_files.make_private_dir(Path(path).expanduser().parent)  # new folders 0700
        con = duckdb.connect(path, read_only=read_only)
        if new_file:
            private_files.make_private(Path(path).expanduser())  # 0600 before anything is written to it
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
    """The migrations applied so far (0 for a new file). Reads only: threads opening a new file at once
    must not race to write the catalog outside the write lock (DuckDB would fail one with a conflict)."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND table_name = 'schema_version'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Apply every migration newer than the database, each in its own transaction."""
    if schema_version(con) == SCHEMA_VERSION:
        return  # the common case: no write lock, so opening a file never waits behind an import
    with write_lock(con):
        _migrate(con)


def _migrate(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    current = schema_version(con)
    if current > SCHEMA_VERSION:
        raise StoreError(newer_schema("This database", current, SCHEMA_VERSION))
    for version in range(current, SCHEMA_VERSION):
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(MIGRATIONS[version])
            con.execute("INSERT INTO schema_version VALUES (?)", [version + 1])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise


# One write lock per database file in this process. DuckDB lets many threads of one process open a file,
# but two write transactions that touch the same rows (or both take ``max(upload_id) + 1``) conflict and
# one fails at COMMIT. Serialising writers per file makes concurrent uploads to one server queue instead.
# Readers take no lock: they see the last committed state (MVCC).
_WRITE_LOCKS: dict[str, threading.RLock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()
WRITE_LOCK_TIMEOUT_S = 300.0


# A connection's database file never changes: asked once per connection (a query and a path
# resolution cost ~1 ms, twice per import).
_FILES: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, str | None] = weakref.WeakKeyDictionary()


def _database_file(con: duckdb.DuckDBPyConnection) -> str | None:
    if con in _FILES:
        return _FILES[con]
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    path = str(Path(row[0]).resolve()) if row and row[0] else None
    _FILES[con] = path
    return path


@contextmanager
def write_lock(con: duckdb.DuckDBPyConnection | postgres.PgConnection) -> Iterator[None]:
    """Hold this process's write lock for ``con``'s database file (in-memory databases need none; nor does
    PostgreSQL, whose writers queue on its row locks across processes and machines)."""
    path = None if isinstance(con, postgres.PgConnection) else _database_file(con)
    if path is None:
        yield
        return
    with _WRITE_LOCKS_GUARD:
        lock = _WRITE_LOCKS.setdefault(path, threading.RLock())
    if not lock.acquire(timeout=WRITE_LOCK_TIMEOUT_S):
        raise DatabaseInUseError(f"The database {path} is busy with another import; try again in a minute.")
    try:
        yield
    finally:
        lock.release()


@contextmanager
def transaction(con: Connection) -> Iterator[Connection]:
    """All or nothing: commit on success, roll back on any exception (Ctrl-C included).

    Writers to one file queue on the process's write lock for it (``write_lock``)."""
    with write_lock(con):
        yield from _transaction(con)


def _transaction(con: Connection) -> Iterator[Connection]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
        con.execute("COMMIT")
    except BaseException as exc:
        with suppress(Exception):  # either backend's error; the original exception is the one to raise
            con.execute("ROLLBACK")
        if isinstance(exc, duckdb.IOException):
            raise _friendly_open_error("(the database)", exc) from exc
        raise


def is_postgres(con: object) -> bool:
    """Whether ``con`` is a PostgreSQL store (``etl.store.postgres.PgConnection``) rather than DuckDB."""
    return isinstance(con, postgres.PgConnection)


def athletes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every athlete with at least one stored set or upload, sorted."""
    rows = con.execute("SELECT athlete FROM sets UNION SELECT athlete FROM uploads ORDER BY 1").fetchall()
    return [r[0] for r in rows]
