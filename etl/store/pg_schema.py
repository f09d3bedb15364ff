"""The PostgreSQL schema and its migrations: the same logical tables as the DuckDB store, in PostgreSQL's types.

Each backend keeps its own migration list (``etl.store.database.MIGRATIONS`` for DuckDB, ``MIGRATIONS``
here), because DDL dialects differ; ``tests/etl/store/test_schema_backends.py`` reads both catalogs and
proves they hold the same tables, columns (each catalog's types mapped to one logical type), nullability and
keys. The ``sets`` columns of both are checked against ``schemas.sets.SET_COLUMNS``, their one source.

Types: VARCHAR is TEXT, DOUBLE is DOUBLE PRECISION, BLOB is BYTEA, JSON stays JSON (its text is kept as
written, as DuckDB keeps it), and DuckDB's UBIGINT (the fingerprints' unsigned 64-bit hashes), which
PostgreSQL lacks, is NUMERIC(20, 0). Never edit a shipped entry: append, here and in the DuckDB list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from etl.errors import StoreError, newer_schema

if TYPE_CHECKING:
    from etl.store.postgres import PgConnection

MIGRATIONS: list[str] = [
    # 1: every table of DuckDB migrations 1 to 6, as one step (the PostgreSQL store starts at their sum).
    """
    CREATE TABLE blobs (
        sha256      TEXT PRIMARY KEY,
        size        BIGINT NOT NULL,
        encoding    TEXT NOT NULL,
        content     BYTEA NOT NULL
    );
    CREATE TABLE uploads (
        upload_id   BIGINT PRIMARY KEY,
        sha256      TEXT NOT NULL,
        filename    TEXT NOT NULL,
        size        BIGINT NOT NULL,
        format      TEXT,
        athlete     TEXT NOT NULL,
        received_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
        outcome     TEXT NOT NULL,
        report      JSON
    );
    CREATE INDEX uploads_athlete ON uploads (athlete);
    -- Upload ids for concurrent imports (NEXT_UPLOAD_ID); DuckDB, one writer at a time, takes max + 1.
    CREATE SEQUENCE upload_ids;
    CREATE TABLE sets (
        athlete            TEXT NOT NULL,
        source             TEXT NOT NULL,
        upload_id          BIGINT,
        workout_key        TEXT NOT NULL,
        workout_start      TIMESTAMP NOT NULL,
        tz                 TEXT NOT NULL,
        workout_name       TEXT,
        workout_duration_s DOUBLE PRECISION,
        workout_notes      TEXT,
        exercise_name      TEXT NOT NULL,
        exercise_pos       INTEGER NOT NULL,
        set_pos            INTEGER NOT NULL,
        set_kind           TEXT NOT NULL,
        weight_kg          DOUBLE PRECISION,
        reps               DOUBLE PRECISION,
        rpe                DOUBLE PRECISION,
        distance_m         DOUBLE PRECISION,
        duration_s         DOUBLE PRECISION,
        notes              TEXT,
        source_line        BIGINT NOT NULL
    );
    -- A set's identity (schemas.sets.SET_KEY): what INSERT ... ON CONFLICT matches on, and the index
    -- every per-athlete read uses. DuckDB's table has no such index (its upsert joins instead).
    CREATE UNIQUE INDEX sets_identity ON sets (athlete, source, workout_start, exercise_pos, set_pos);
    CREATE TABLE quarantine (
        upload_id   BIGINT NOT NULL,
        line        BIGINT,
        "column"    TEXT,
        value       TEXT,
        expected    TEXT NOT NULL
    );
    CREATE INDEX quarantine_upload ON quarantine (upload_id);
    CREATE TABLE name_overrides (
        athlete       TEXT NOT NULL,
        name          TEXT NOT NULL,
        exercise_id   TEXT NOT NULL,
        created_at    TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
        PRIMARY KEY (athlete, name)
    );
    CREATE TABLE settings (
        athlete     TEXT NOT NULL,
        key         TEXT NOT NULL,
        value       JSON NOT NULL,
        PRIMARY KEY (athlete, key)
    );
    CREATE TABLE column_mappings (
        athlete     TEXT NOT NULL,
        name        TEXT NOT NULL,
        header      TEXT NOT NULL,
        columns     TEXT NOT NULL,
        saved_at    TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
        PRIMARY KEY (athlete, name)
    );
    CREATE TABLE accounts (
        account_id     TEXT PRIMARY KEY,
        name           TEXT NOT NULL UNIQUE,
        password_hash  TEXT NOT NULL,
        session_key    TEXT NOT NULL,
        created_at     TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
    );
    CREATE TABLE app_secrets (
        name   TEXT PRIMARY KEY,
        value  TEXT NOT NULL
    );
    CREATE TABLE workout_fingerprints (
        athlete        TEXT NOT NULL,
        source         TEXT NOT NULL,
        workout_start  TIMESTAMP NOT NULL,
        workout_key    TEXT NOT NULL,
        fp1            NUMERIC(20, 0) NOT NULL,
        fp2            NUMERIC(20, 0) NOT NULL,
        sets           BIGINT NOT NULL,
        skipped        TEXT NOT NULL
    );
    CREATE INDEX workout_fingerprints_workout ON workout_fingerprints (athlete, source, workout_start);
    CREATE TABLE known_regions (
        athlete      TEXT NOT NULL,
        source       TEXT NOT NULL,
        seed         NUMERIC(20, 0) NOT NULL,
        side         TEXT NOT NULL,
        size         BIGINT NOT NULL,
        sha256       TEXT NOT NULL,
        lines        BIGINT NOT NULL,
        rows         BIGINT NOT NULL,
        field_limit  BIGINT NOT NULL,
        workouts     BYTEA NOT NULL,
        loads        TEXT NOT NULL
    );
    CREATE INDEX known_regions_athlete ON known_regions (athlete, source);
    CREATE TABLE hevy_workouts (
        athlete        TEXT NOT NULL,
        workout_id     TEXT NOT NULL,
        workout_start  TIMESTAMP NOT NULL,
        PRIMARY KEY (athlete, workout_id)
    );
    CREATE TABLE sync_state (
        athlete      TEXT NOT NULL,
        service      TEXT NOT NULL,
        started_at   TIMESTAMPTZ NOT NULL,
        upload_id    BIGINT NOT NULL,
        PRIMARY KEY (athlete, service)
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)

# The next upload id, as an expression over ``uploads`` (``etl.store.uploads.keep_upload``): the sequence, so
# imports in different processes never take the same id, but never below max + 1, so a database filled by a
# restore (which copies ids and leaves the sequence behind) goes on from its last id.
NEXT_UPLOAD_ID = "greatest(nextval('upload_ids'), coalesce(max(upload_id), 0) + 1)"

# Taken by every migrating process: two workers starting at once against a new database must not both
# create the tables. A transaction-scoped advisory lock, so a crash releases it.
_MIGRATION_LOCK = 0x6C6966_7462616C  # "liftbal"


def schema_version(con: PgConnection) -> int:
    """The migrations applied so far (0 for a new database)."""
    row = con.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return 0
    version = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(version[0]) if version and version[0] is not None else 0


def migrate(con: PgConnection) -> None:
    """Apply every migration newer than the database, each in its own transaction, one process at a time."""
    if schema_version(con) == SCHEMA_VERSION:
        return
    con.execute("BEGIN")
    try:
        con.execute("SELECT pg_advisory_xact_lock(?)", [_MIGRATION_LOCK])
        con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    current = schema_version(con)
    if current > SCHEMA_VERSION:
        raise StoreError(newer_schema("This database", current, SCHEMA_VERSION))
    for version in range(current, SCHEMA_VERSION):
        con.execute("BEGIN")
        try:
            con.execute("SELECT pg_advisory_xact_lock(?)", [_MIGRATION_LOCK])
            if schema_version(con) > version:  # another process applied it while we waited
                con.execute("COMMIT")
                continue
            con.execute(MIGRATIONS[version])
            con.execute("INSERT INTO schema_version VALUES (?)", [version + 1])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
