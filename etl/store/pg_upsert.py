"""``etl.store.upsert.upsert_sets`` on PostgreSQL: the same identity and counts, in PostgreSQL's SQL.

The rules are ``etl.store.upsert``'s (read its docstring): a set is (athlete, source, workout start,
exercise position, set position); only the workouts present in the file are compared; a stored set of
such a workout that the file no longer has is removed; provenance changes (upload_id, source_line) are
not edits. What differs is the dialect: the file's sets arrive by COPY into a TEMP table, the changed
rows are written with ``INSERT ... ON CONFLICT (set identity) DO UPDATE`` (the ``sets_identity`` index of
``etl.store.pg_schema``), and EXISTS / NOT EXISTS stand in for DuckDB's SEMI and ANTI joins. Called inside
the import's transaction, which holds a lock per athlete: imports of one athlete run one after another,
different athletes' side by side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import polars as pl

from etl.reimport import fingerprint
from schemas.sets import SET_COLUMNS, SET_KEY, WORKOUT_KEY

if TYPE_CHECKING:
    import duckdb

    from etl.store.postgres import PgConnection
    from etl.store.upsert import LoadCounts

_INCOMING = "_incoming_sets"


def _on(left: str, right: str, columns: tuple[str, ...]) -> str:
    return " AND ".join(f"{left}.{c} = {right}.{c}" for c in columns)


def upsert_sets(con: PgConnection, incoming: pl.DataFrame, value_columns: list[str]) -> LoadCounts:
    """Merge ``incoming`` (canonical sets, upload_id filled) into ``sets``; ``value_columns`` are the columns
    whose change is an edit. Call inside a transaction."""
    from etl.store.upsert import LoadCounts

    # Imports of one athlete queue here, in whatever process or machine they run, until the first commits;
    # different athletes' imports go on side by side. (Without it, two first imports of one file would both
    # find nothing stored and both INSERT.) Sorted: two multi-athlete frames never wait on each other in turn.
    for athlete in sorted(incoming.get_column("athlete").unique().to_list()):
        con.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [athlete])
    con.register(_INCOMING, incoming.select(list(SET_COLUMNS)))
    columns = ", ".join(SET_COLUMNS)
    workouts = f"(SELECT DISTINCT {', '.join(WORKOUT_KEY)} FROM {_INCOMING})"  # noqa: S608 - our names
    in_file = f"EXISTS (SELECT 1 FROM {workouts} w WHERE {_on('s', 'w', WORKOUT_KEY)})"  # noqa: S608
    try:
        # Column names come from our own schema constants, never from input: safe to format.
        overlap = con.execute(f"SELECT EXISTS (SELECT 1 FROM sets s WHERE {in_file})").fetchone()  # noqa: S608
        if not overlap or not overlap[0]:
            con.execute(f"INSERT INTO sets ({columns}) SELECT {columns} FROM {_INCOMING}")  # noqa: S608
            return LoadCounts(added=incoming.height, updated=0, unchanged=0, removed=0)
        fingerprint.forget(cast("duckdb.DuckDBPyConnection", con), workouts)  # the same API, either backend
        changed = " OR ".join(f"i.{c} IS DISTINCT FROM s.{c}" for c in value_columns)
        con.execute("DROP TABLE IF EXISTS pg_temp._changes")
        con.execute(
            f"""
            CREATE TEMP TABLE _changes AS
            SELECT i.*, CASE WHEN s.athlete IS NULL THEN 'added' ELSE 'updated' END AS _change
            FROM {_INCOMING} i
            LEFT JOIN sets s ON {_on("s", "i", SET_KEY)}
            WHERE s.athlete IS NULL OR {changed}
            """  # noqa: S608
        )
        counts = dict(con.execute("SELECT _change, count(*) FROM _changes GROUP BY 1").fetchall())
        removed_row = con.execute(
            f"""
            WITH gone AS (
                DELETE FROM sets s WHERE {in_file}
                AND NOT EXISTS (SELECT 1 FROM {_INCOMING} i WHERE {_on("s", "i", SET_KEY)})
                RETURNING 1
            ) SELECT count(*) FROM gone
            """  # noqa: S608
        ).fetchone()
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in SET_COLUMNS if c not in SET_KEY)
        con.execute(
            f"INSERT INTO sets ({columns}) SELECT {columns} FROM _changes "  # noqa: S608
            f"ON CONFLICT ({', '.join(SET_KEY)}) DO UPDATE SET {updates}"
        )
        con.execute("DROP TABLE _changes")
    finally:
        con.unregister(_INCOMING)
    added, updated = int(counts.get("added", 0)), int(counts.get("updated", 0))
    removed = int(removed_row[0]) if removed_row else 0
    return LoadCounts(
        added=added, updated=updated, unchanged=incoming.height - added - updated, removed=removed
    )
