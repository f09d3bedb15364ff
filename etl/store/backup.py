"""Backup and restore: a lifter can always take all of their data out, and put it back.

A backup is DuckDB's own ``EXPORT DATABASE`` as Parquet: every table (original upload bytes,
sets, quarantine, overrides, settings, column mappings, accounts, fingerprints...) plus the schema, readable by any Parquet tool. A
restore imports it into a fresh file beside the target and renames it into place only when
complete, so a failed restore never leaves a half-written database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl.errors import StoreError
from etl.store import database as store

# How the summary words each table; a table missing here (one a later migration adds) still counts,
# worded by its name. The tables themselves come from the database, so the summary names every one written.
TABLE_WORDS = {
    "blobs": "kept export files",
    "uploads": "uploads",
    "sets": "sets",
    "quarantine": "quarantined rows",
    "name_overrides": "exercise mappings",
    "settings": "settings",
    "column_mappings": "saved column mappings",
    "accounts": "accounts",
    "app_secrets": "dashboard secrets",
    "workout_fingerprints": "workout fingerprints",
    "known_regions": "known file regions",
    "schema_version": "schema version rows",
}


@dataclass(frozen=True)
class TableCounts:
    counts: dict[str, int]  # table name -> rows, for every table in the database

    def describe(self) -> str:
        return ", ".join(f"{n} {TABLE_WORDS.get(t, t.replace('_', ' '))}" for t, n in self.counts.items())


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table EXPORT DATABASE writes (the main schema's), in the order of ``TABLE_WORDS`` then by name."""
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'"
    ).fetchall()
    order = list(TABLE_WORDS)
    return sorted((r[0] for r in rows), key=lambda t: (order.index(t) if t in order else len(order), t))


def _literal(path: Path) -> str:
    """A SQL string literal for a path (EXPORT/IMPORT DATABASE take no parameters)."""
    return "'" + str(path).replace("'", "''") + "'"


def table_counts(con: duckdb.DuckDBPyConnection) -> TableCounts:
    counts = {}
    for table in tables(con):
        row = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()  # noqa: S608 - names from the catalog
        counts[table] = int(row[0]) if row else 0
    return TableCounts(counts)


def backup(con: duckdb.DuckDBPyConnection, out_dir: Path) -> TableCounts:
    """Write every table to ``out_dir`` (created; must be empty) as Parquet plus the schema."""
    out_dir = out_dir.expanduser()
    if out_dir.exists() and any(out_dir.iterdir()):
        raise StoreError(f"{out_dir} is not empty; back up into a new folder.")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        con.execute(f"EXPORT DATABASE {_literal(out_dir)} (FORMAT parquet)")
    except (OSError, duckdb.Error) as exc:
        raise StoreError(f"Cannot write the backup to {out_dir}: {exc}") from exc
    return table_counts(con)


def restore(db: Path, from_dir: Path, *, force: bool = False) -> TableCounts:
    """Rebuild the database at ``db`` from a backup folder. Refuses to replace data unless ``force``."""
    from_dir = from_dir.expanduser()
    if not (from_dir / "schema.sql").is_file():
        raise StoreError(f"{from_dir} is not a liftbalance backup (no schema.sql in it).")
    db = db.expanduser()
    if db.exists() and not force:
        with store.opened(db) as con:
            if any(table_counts(con).counts[t] for t in ("sets", "uploads")):
                raise StoreError(
                    f"{db} already holds data. Restore into a new --db path, or pass --force to replace it."
                )
    tmp = db.with_name(db.name + ".restoring")
    for stale in (tmp, tmp.with_name(tmp.name + ".wal")):
        stale.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute(f"IMPORT DATABASE {_literal(from_dir)}")
            store.migrate(con)
            counts = table_counts(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, db)
        db.with_name(db.name + ".wal").unlink(missing_ok=True)
    except (OSError, duckdb.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"Cannot restore {db} from {from_dir}: {exc}") from exc
    return counts
