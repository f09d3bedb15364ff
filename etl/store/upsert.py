"""Write one file's canonical sets into the store: add what is new, replace what was edited,
leave what is unchanged, in a single transaction.

Exports are cumulative snapshots, so the normal upload repeats most of what is stored. A
set's identity is (athlete, source, workout start, exercise position, set position), so
identical sets inside one workout (3 × 10 × 100 kg) stay distinct and a re-import
matches each stored set to itself. Only workouts present in the file are compared: a set
of such a workout that the file no longer has was deleted in the app and is removed.
This is the only writer of ``sets``; it forgets the workout fingerprints of what it writes.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from etl.reimport import fingerprint
from etl.store import pg_upsert
from etl.store.postgres import PgConnection
from schemas.sets import SET_COLUMNS, SET_KEY, WORKOUT_KEY

# Columns whose change makes a stored set "updated". Not provenance (upload_id, source_line):
# a cumulative export moves every line, and that is not an edit.
VALUE_COLUMNS = [c for c in SET_COLUMNS if c not in (*SET_KEY, "upload_id", "source_line")]

# DuckDB's row-group size. A frame handed over in chunks of this many rows is scanned and written
# by every thread while the INSERT runs; one contiguous frame is one batch, inserted by one thread
# and compressed later, single-threaded, at the next checkpoint (at 1M sets: 2.7 s of CPU, not 1.9).
ROW_GROUP = 122_880


@dataclass(frozen=True)
class LoadCounts:
    added: int
    updated: int
    unchanged: int
    removed: int


def _on(left: str, right: str, columns: tuple[str, ...]) -> str:
    return " AND ".join(f"{left}.{c} = {right}.{c}" for c in columns)


def in_row_groups(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` as zero-copy chunks of ``ROW_GROUP`` rows, so DuckDB scans and writes it in parallel."""
    if frame.height <= ROW_GROUP:
        return frame
    return pl.concat(
        [frame.slice(start, ROW_GROUP) for start in range(0, frame.height, ROW_GROUP)], rechunk=False
    )


# Columns an import usually writes with one value on every row (one athlete, app, zone and upload), and their SQL types.
_OFTEN_CONSTANT = {"athlete": "VARCHAR", "source": "VARCHAR", "tz": "VARCHAR", "upload_id": "BIGINT"}


def _register_incoming(con: duckdb.DuckDBPyConnection, incoming: pl.DataFrame) -> None:
    """Make ``incoming`` the relation ``incoming_sets``. A column with one value on every row is passed
    as that one value (a session variable the view repeats) instead of a million copies: DuckDB then
    neither converts nor compresses it row by row (~0.1 s of a 1M-set insert)."""
    if incoming.height <= ROW_GROUP:  # small: four variables and a view cost more than they save
        con.register("incoming_body", incoming)
        con.execute("CREATE OR REPLACE TEMP VIEW incoming_sets AS SELECT * FROM incoming_body")
        return
    same = incoming.select(
        (pl.col(c).is_not_null().all() & (pl.col(c) == pl.col(c).first()).all()).alias(c)
        for c in _OFTEN_CONSTANT
    ).row(0, named=True)
    constant = [c for c in _OFTEN_CONSTANT if same.get(c)]
    for column in constant:
        con.execute(f"SET VARIABLE liftbalance_incoming_{column} = ?", [incoming.get_column(column)[0]])
    con.register("incoming_body", in_row_groups(incoming.drop(constant)))
    projection = ", ".join(
        f"getvariable('liftbalance_incoming_{c}')::{_OFTEN_CONSTANT[c]} AS {c}" if c in constant else c
        for c in incoming.columns
    )
    con.execute(f"CREATE OR REPLACE TEMP VIEW incoming_sets AS SELECT {projection} FROM incoming_body")  # noqa: S608 - our names


def _unregister_incoming(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DROP VIEW IF EXISTS incoming_sets")
    con.unregister("incoming_body")


def upsert_sets(con: duckdb.DuckDBPyConnection, incoming: pl.DataFrame) -> LoadCounts:
    """Merge ``incoming`` (canonical sets, upload_id filled) into ``sets``. Call inside a transaction."""
    if isinstance(con, PgConnection):  # the same rules in PostgreSQL's dialect (INSERT ... ON CONFLICT)
        return pg_upsert.upsert_sets(con, incoming, VALUE_COLUMNS)
    _register_incoming(con, incoming)
    columns = ", ".join(SET_COLUMNS)
    workouts = f"(SELECT DISTINCT {', '.join(WORKOUT_KEY)} FROM incoming_sets)"  # noqa: S608
    try:
        # Column names come from our own schema constants, never from input: safe to format.
        overlap = con.execute(
            f"SELECT count(*) FROM sets s SEMI JOIN {workouts} w ON {_on('s', 'w', WORKOUT_KEY)}"  # noqa: S608
        ).fetchone()
        if not overlap or overlap[0] == 0:
            # Nothing of these workouts is stored yet (a first import): insert straight from the frame. No
            # fingerprint can vouch for them either: one is stored only with its workout's sets.
            con.execute(f"INSERT INTO sets ({columns}) SELECT {columns} FROM incoming_sets")  # noqa: S608
            return LoadCounts(added=incoming.height, updated=0, unchanged=0, removed=0)
        # These workouts' sets are rewritten: their stored fingerprints (etl.reimport.fingerprint) no longer vouch for them.
        fingerprint.forget(con, workouts)
        changed = " OR ".join(f"i.{c} IS DISTINCT FROM s.{c}" for c in VALUE_COLUMNS)
        # Only the rows that change are materialised; a cumulative re-import changes few.
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _changes AS
            SELECT i.*, CASE WHEN s.athlete IS NULL THEN 'added' ELSE 'updated' END AS _change
            FROM incoming_sets i
            LEFT JOIN sets s ON {_on("s", "i", SET_KEY)}
            WHERE s.athlete IS NULL OR {changed}
            """  # noqa: S608
        )
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _vanished AS
            SELECT s.rowid AS rid FROM sets s
            SEMI JOIN {workouts} w ON {_on("s", "w", WORKOUT_KEY)}
            ANTI JOIN incoming_sets i ON {_on("s", "i", SET_KEY)}
            """  # noqa: S608
        )
        counts = dict(con.execute("SELECT _change, count(*) FROM _changes GROUP BY 1").fetchall())
        removed_row = con.execute("SELECT count(*) FROM _vanished").fetchone()
        removed = int(removed_row[0]) if removed_row else 0
        added, updated = int(counts.get("added", 0)), int(counts.get("updated", 0))
        con.execute(
            f"""
            DELETE FROM sets WHERE rowid IN (
                SELECT rid FROM _vanished
                UNION ALL
                SELECT s.rowid FROM sets s
                SEMI JOIN (SELECT * FROM _changes WHERE _change = 'updated') u ON {_on("s", "u", SET_KEY)}
            )
            """  # noqa: S608
        )
        con.execute(f"INSERT INTO sets ({columns}) SELECT {columns} FROM _changes")  # noqa: S608
        con.execute("DROP TABLE _changes")
        con.execute("DROP TABLE _vanished")
    finally:
        _unregister_incoming(con)
    return LoadCounts(
        added=added, updated=updated, unchanged=incoming.height - added - updated, removed=removed
    )
