"""Backup and restore: a lifter can always take all of their data out, and put it back, on either store.

A backup is a folder of Parquet files, readable by any Parquet tool, written the same way from a DuckDB file
or a PostgreSQL database and restorable into either, so it is also how a site moves between them
(``liftbalance backup --db lb.duckdb`` then ``restore --db postgresql://...``, and back):

- ``<table>.parquet`` for every table of the store's logical schema (kept upload bytes, uploads, sets,
  quarantine, overrides, settings, column mappings, fingerprints, known regions, the Hevy sync state...),
  typed as the DuckDB store types them (``store_tables``), whichever store it came from;
- ``accounts/{accounts,sessions,push_tokens}.parquet``: the dashboard's accounts, their live sessions (only
  each session id's hash, as stored) and push tokens, and ``accounts/session_key.parquet``, the cookie-signing
  key, so a moved site's sessions stay logged in (``etl.store.accounts_store``: the SQLite file beside a
  DuckDB file, or the accounts schema of a PostgreSQL database);
- ``account-<id>/<table>.parquet``: each account's own database (its file, or its PostgreSQL schema);
- ``manifest.json``: what was written and how many rows, checked on restore.

A restore into a DuckDB file builds a fresh file beside the target and renames it into place only when
complete; into PostgreSQL, the whole store is written in one transaction. Either way a failed restore
leaves no half-written database. Backups of the older format (DuckDB's ``EXPORT DATABASE``: a
``schema.sql`` beside the Parquet files) still restore, into either store.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from etl.errors import StoreError
from etl.store import accounts, accounts_store
from etl.store import database as store
from etl.store.postgres import PgConnection, quote_ident

MANIFEST = "manifest.json"
FORMAT = "liftbalance-backup"
VERSION = 2
ACCOUNTS_FOLDER = "accounts"
ACCOUNT_FOLDER_PREFIX = "account-"
SESSION_KEY_FILE = "session_key.parquet"  # in the accounts folder: the cookie-signing key, as hex
SESSION_KEY_ROW = "session_signing_key"
LEGACY_MARKER = "schema.sql"  # DuckDB's EXPORT DATABASE: the format before version 2
STAGING = "_backup_rows"

# How the summary words each table; a table missing here (one a later migration adds) still counts,
# worded by its name. The tables themselves come from the logical schema, so the summary names every one written.
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
    "hevy_workouts": "synced Hevy workouts",
    "sync_state": "sync states",
}
ACCOUNT_WORDS = {"accounts": "dashboard accounts", "sessions": "login sessions", "push_tokens": "push tokens"}

# The accounts store's tables, typed the same on SQLite and PostgreSQL (etl.store.accounts_store).
ACCOUNT_TABLES: dict[str, dict[str, pl.DataType]] = {
    "accounts": {
        "account_id": pl.String(),
        "name": pl.String(),
        "name_key": pl.String(),
        "password_hash": pl.String(),
        "created_at": pl.Float64(),
    },
    "sessions": {
        "id_hash": pl.String(),
        "account_id": pl.String(),
        "created_at": pl.Float64(),
        "last_seen": pl.Float64(),
        "expires_at": pl.Float64(),
    },
    "push_tokens": {
        "token_id": pl.String(),
        "token_hash": pl.String(),
        "account_id": pl.String(),
        "athlete": pl.String(),
        "created_at": pl.Float64(),
        "last_used": pl.Float64(),
    },
}

Columns = list[tuple[str, str]]  # (column, DuckDB type) in table order


@dataclass(frozen=True)
class TableCounts:
    counts: dict[str, int]  # table name -> rows, for every table of the store
    account_counts: dict[str, int] = field(default_factory=dict)  # the accounts store's tables
    account_stores: int = 0  # accounts whose own database came along

    def describe(self) -> str:
        parts = [f"{n} {TABLE_WORDS.get(t, t.replace('_', ' '))}" for t, n in self.counts.items()]
        parts += [f"{n} {ACCOUNT_WORDS[t]}" for t, n in self.account_counts.items() if n]
        if self.account_stores:
            parts.append(f"the own databases of {self.account_stores} accounts")
        return ", ".join(parts)


def store_tables() -> dict[str, Columns]:
    """Every table of the store's logical schema (both backends hold the same: tests/etl/store/
    test_schema_backends.py) and its columns with their DuckDB types, read from a freshly migrated DuckDB."""
    with store.opened(":memory:") as con:
        rows = con.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'main' AND table_name <> 'schema_version' ORDER BY table_name, ordinal_position"
        ).fetchall()
    tables: dict[str, Columns] = {}
    for table, column, kind in rows:
        tables.setdefault(table, []).append((column, kind))
    order = list(TABLE_WORDS)
    return dict(
        sorted(tables.items(), key=lambda t: (order.index(t[0]) if t[0] in order else len(order), t[0]))
    )


# ---- reading a table, from either store, as a frame typed like DuckDB's columns ---------------------------


def read_table(con: Any, table: str, columns: Columns) -> pl.DataFrame:
    """All of ``table``'s rows as a polars frame (the DuckDB store's types, whichever store ``con`` is)."""
    if isinstance(con, PgConnection):
        return _read_postgres(con, table, columns)
    names = ", ".join(quote_ident(c) for c, _ in columns)
    # A cursor of its own: the caller's connection may still hold a result, which con.sql() would refuse.
    with con.cursor() as cursor:
        relation = cursor.sql(f"SELECT {names} FROM {quote_ident(table)}")  # noqa: S608 - catalog names
        return _typed(pl.from_arrow(relation.to_arrow_table()), columns)  # type: ignore[arg-type]


def _polars_type(kind: str) -> pl.DataType:
    return {
        "BIGINT": pl.Int64(),
        "INTEGER": pl.Int32(),
        "UBIGINT": pl.UInt64(),
        "DOUBLE": pl.Float64(),
        "BLOB": pl.Binary(),
        "TIMESTAMP": pl.Datetime("us"),
        "TIMESTAMP WITH TIME ZONE": pl.Datetime("us", "UTC"),
    }.get(kind, pl.String())  # VARCHAR, JSON (kept as its text)


def _typed(frame: pl.DataFrame, columns: Columns) -> pl.DataFrame:
    """``frame`` with exactly the logical types (a TIMESTAMPTZ in UTC, whatever the session's zone)."""
    out = []
    for name, kind in columns:
        wanted = _polars_type(kind)
        column = frame.get_column(name)
        if isinstance(wanted, pl.Datetime) and wanted.time_zone:
            zoned = isinstance(column.dtype, pl.Datetime) and column.dtype.time_zone
            column = column.dt.convert_time_zone("UTC") if zoned else column.dt.replace_time_zone("UTC")
        out.append(column.cast(wanted))
    return pl.DataFrame(out)


_TIME_TEXT = "to_char({column}, 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"  # one fixed form, so every row parses alike


def _read_postgres(con: PgConnection, table: str, columns: Columns) -> pl.DataFrame:
    """The table through ``COPY ... TO STDOUT (FORMAT csv)``, every field as text, then typed in polars."""
    projection = []
    for name, kind in columns:
        column = f"t.{quote_ident(name)}"
        if kind == "TIMESTAMP WITH TIME ZONE":
            projection.append(_TIME_TEXT.format(column=f"{column} AT TIME ZONE 'UTC'"))
        elif kind == "TIMESTAMP":
            projection.append(_TIME_TEXT.format(column=column))
        elif kind == "BLOB":
            projection.append(f"encode({column}, 'hex')")
        else:
            projection.append(f"{column}::text")
    buffer = io.BytesIO()
    query = f"COPY (SELECT {', '.join(projection)} FROM {quote_ident(table)} t) TO STDOUT (FORMAT csv)"  # noqa: S608
    with con.raw.cursor() as cursor, cursor.copy(query) as copy:
        for chunk in copy:
            buffer.write(chunk)
    names = [name for name, _ in columns]
    text = pl.DataFrame(schema=dict.fromkeys(names, pl.String()))
    if buffer.tell():
        text = pl.read_csv(
            buffer.getvalue(),
            has_header=False,
            new_columns=names,
            schema=dict.fromkeys(names, pl.String()),
        )  # an unquoted empty field is NULL, a quoted "" the empty string, as COPY wrote them
    typed = []
    for name, kind in columns:
        values = text.get_column(name)
        if kind == "BLOB":
            typed.append(values.str.decode("hex"))
        elif kind in ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE"):
            parsed = values.str.to_datetime("%Y-%m-%dT%H:%M:%S%.f", time_unit="us")
            typed.append(parsed.dt.replace_time_zone("UTC") if kind != "TIMESTAMP" else parsed)
        else:
            typed.append(values.cast(_polars_type(kind)))
    return pl.DataFrame(typed)


# ---- writing a frame into a table of either store ---------------------------------------------------------


def write_table(con: Any, table: str, frame: pl.DataFrame) -> None:
    """Append ``frame``'s rows to ``table`` (matching columns by name), on either store."""
    if frame.height == 0:
        return
    names = ", ".join(quote_ident(c) for c in frame.columns)
    if not isinstance(con, PgConnection):
        con.register(STAGING, frame)
        try:
            con.execute(f"INSERT INTO {quote_ident(table)} ({names}) SELECT {names} FROM {STAGING}")  # noqa: S608
        finally:
            con.unregister(STAGING)
        return
    # PostgreSQL: bytes travel as bytea's hex text; every column is cast to the target's own type on the way in.
    staged = frame.with_columns(
        (pl.lit("\\x") + pl.col(c).bin.encode("hex")).alias(c)
        for c, t in frame.schema.items()
        if isinstance(t, pl.Binary)
    )
    target_types = dict(
        con.execute(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
            "WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped",
            [quote_ident(table)],
        ).fetchall()
    )
    casts = ", ".join(f"CAST({quote_ident(c)} AS {target_types[c]})" for c in frame.columns)
    con.register(STAGING, staged)
    try:
        con.execute(f"INSERT INTO {quote_ident(table)} ({names}) SELECT {casts} FROM {STAGING}")  # noqa: S608
    finally:
        con.unregister(STAGING)


# ---- one store (the main one, or an account's own) ---------------------------------------------------------


def table_counts(con: Any) -> TableCounts:
    counts = {}
    for table in store_tables():
        row = con.execute(f"SELECT count(*) FROM {quote_ident(table)}").fetchone()  # noqa: S608 - catalog names
        counts[table] = int(row[0]) if row else 0
    return TableCounts(counts)


def _dump_store(con: Any, folder: Path) -> dict[str, int]:
    counts = {}
    for table, columns in store_tables().items():
        frame = read_table(con, table, columns)
        frame.write_parquet(folder / f"{table}.parquet")
        counts[table] = frame.height
    return counts


def _holds_data(con: Any) -> bool:
    return any(
        con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - our table names
        for table in ("sets", "uploads")
    )


def _load_store(con: Any, frames: dict[str, pl.DataFrame], *, replace: bool) -> dict[str, int]:
    """Write ``frames`` (table -> rows) into the migrated store ``con`` in one transaction."""
    tables = store_tables()
    with store.transaction(con):
        for table in tables if replace else ():
            con.execute(f"DELETE FROM {quote_ident(table)}")  # noqa: S608 - catalog names
        for table, frame in frames.items():
            if table in tables:
                write_table(con, table, frame.select([c for c, _ in tables[table]]))
    return {table: frames[table].height if table in frames else 0 for table in tables}


def _read_folder(folder: Path) -> dict[str, pl.DataFrame]:
    return {path.stem: pl.read_parquet(path) for path in sorted(folder.glob("*.parquet"))}


def _read_legacy(folder: Path) -> dict[str, pl.DataFrame]:
    """An EXPORT DATABASE backup's tables, through an in-memory DuckDB (its own IMPORT reads its format)."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"IMPORT DATABASE {_literal(folder)}")
        store.migrate(con)
        return {table: read_table(con, table, columns) for table, columns in store_tables().items()}
    finally:
        con.close()


def _literal(path: Path) -> str:
    """A SQL string literal for a path (IMPORT DATABASE takes no parameters)."""
    return "'" + str(path).replace("'", "''") + "'"


def _restore_store(db: accounts.MainDb, frames: dict[str, pl.DataFrame], *, force: bool) -> dict[str, int]:
    """Rebuild the store at ``db`` (a DuckDB file or a PostgreSQL URL) from ``frames``."""
    if accounts.is_hosted(db):
        with store.opened(db) as con:
            if _holds_data(con) and not force:
                raise StoreError(
                    f"{_shown(db)} already holds data. Restore into a new database, or pass --force to replace it."
                )
            counts = _load_store(con, frames, replace=True)
            # Concurrent imports take ids from the sequence (etl.store.pg_schema.NEXT_UPLOAD_ID): move it past
            # the restored ids, or two imports racing right after a restore could both take max + 1.
            con.execute(
                "SELECT setval('upload_ids', greatest(coalesce(max(upload_id), 0), 1), max(upload_id) IS NOT NULL) "
                "FROM uploads"
            )
            return counts
    path = Path(db).expanduser()
    if path.exists() and not force:
        with store.opened(path) as con:
            if _holds_data(con):
                raise StoreError(
                    f"{path} already holds data. Restore into a new --db path, or pass --force to replace it."
                )
    tmp = path.with_name(path.name + ".restoring")
    for stale in (tmp, tmp.with_name(tmp.name + ".wal")):
        stale.unlink(missing_ok=True)
    try:
        with store.opened(tmp) as con:
            counts = _load_store(con, frames, replace=False)
            con.execute("CHECKPOINT")
        os.replace(tmp, path)
        path.with_name(path.name + ".wal").unlink(missing_ok=True)
    except (OSError, duckdb.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"Cannot restore {path}: {exc}") from exc
    return counts


def _shown(db: accounts.MainDb) -> str:
    return str(getattr(db, "shown", db)) if accounts.is_hosted(db) else str(db)


# ---- accounts, sessions, tokens, and each account's own store ------------------------------------------------


def _read_accounts(main_db: accounts.MainDb) -> dict[str, pl.DataFrame]:
    with accounts_store.opened(main_db) as con:
        return {
            table: pl.DataFrame(
                con.execute(f"SELECT {', '.join(schema)} FROM {table}").fetchall(),  # noqa: S608 - our names
                schema=schema,
                orient="row",
            )
            for table, schema in ACCOUNT_TABLES.items()
        }


def _write_accounts(main_db: accounts.MainDb, frames: dict[str, pl.DataFrame], *, replace: bool) -> None:
    with accounts_store.opened(main_db) as con, accounts_store.write_transaction(con):
        for table in reversed(ACCOUNT_TABLES) if replace else ():
            con.execute(f"DELETE FROM {table}")  # noqa: S608 - our table names
        for table, schema in ACCOUNT_TABLES.items():
            frame = frames.get(table, pl.DataFrame(schema=schema))
            marks = ", ".join("?" for _ in schema)
            for row in frame.select(list(schema)).iter_rows():
                con.execute(f"INSERT INTO {table} ({', '.join(schema)}) VALUES ({marks})", list(row))  # noqa: S608
        if accounts_store.is_postgres(con):  # each account's data has its own schema (etl.store.accounts)
            for (account_id,) in (
                frames.get("accounts", pl.DataFrame(schema=ACCOUNT_TABLES["accounts"]))
                .select("account_id")
                .iter_rows()
            ):
                con.execute(f'CREATE SCHEMA IF NOT EXISTS "{accounts_store.account_schema(account_id)}"')


def _account_stores(main_db: accounts.MainDb, frames: dict[str, pl.DataFrame]) -> list[accounts.Account]:
    """The accounts whose own database exists at ``main_db`` (an account that never logged in has none)."""
    found = []
    for account_id, name in frames["accounts"].select("account_id", "name").iter_rows():
        account = accounts.Account(account_id, name)
        where = accounts.account_db_path(main_db, account)
        if accounts.is_hosted(where) or Path(where).exists():
            found.append(account)
    return found


# ---- the two commands ------------------------------------------------------------------------------------------


def backup(main_db: accounts.MainDb, out_dir: Path) -> TableCounts:
    """Write every table of the store at ``main_db``, its accounts and each account's own store to ``out_dir``
    (created; must be empty) as Parquet, with a manifest."""
    out_dir = out_dir.expanduser()
    if out_dir.exists() and any(out_dir.iterdir()):
        raise StoreError(f"{out_dir} is not empty; back up into a new folder.")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with store.opened(main_db) as con:
            counts = _dump_store(con, out_dir)
        account_counts: dict[str, int] = {}
        stores: dict[str, dict[str, int]] = {}
        if accounts.server_has_accounts(main_db):
            frames = _read_accounts(main_db)
            (out_dir / ACCOUNTS_FOLDER).mkdir()
            for table, frame in frames.items():
                frame.write_parquet(out_dir / ACCOUNTS_FOLDER / f"{table}.parquet")
                account_counts[table] = frame.height
            key = accounts.stored_session_key(main_db)
            if key is not None:  # so the sessions above stay usable with the cookies browsers hold
                pl.DataFrame({"name": [SESSION_KEY_ROW], "value": [key.hex()]}).write_parquet(
                    out_dir / ACCOUNTS_FOLDER / SESSION_KEY_FILE
                )
            for account in _account_stores(main_db, frames):
                folder = out_dir / f"{ACCOUNT_FOLDER_PREFIX}{account.account_id}"
                folder.mkdir()
                with store.opened(accounts.account_db_path(main_db, account)) as con:
                    written = _dump_store(con, folder)
                if any(written.values()):
                    stores[account.account_id] = written
                else:  # nothing in it yet (hosted: every account has its schema from the start)
                    for path in folder.iterdir():
                        path.unlink()
                    folder.rmdir()
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "tables": counts,
            "accounts": account_counts,
            "account_stores": stores,
        }
        (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    except (OSError, duckdb.Error) as exc:
        raise StoreError(f"Cannot write the backup to {out_dir}: {exc}") from exc
    return TableCounts(counts, account_counts, len(stores))


def restore(db: accounts.MainDb, from_dir: Path, *, force: bool = False) -> TableCounts:
    """Rebuild the store at ``db`` (a DuckDB file or a PostgreSQL URL), its accounts and each account's own store,
    from a backup folder. Refuses to replace data unless ``force``."""
    from_dir = from_dir.expanduser()
    if (from_dir / LEGACY_MARKER).is_file() and not (from_dir / MANIFEST).is_file():
        return TableCounts(_restore_store(db, _read_legacy(from_dir), force=force))
    if not (from_dir / MANIFEST).is_file():
        raise StoreError(f"{from_dir} is not a liftbalance backup (no {MANIFEST} or {LEGACY_MARKER} in it).")
    manifest = json.loads((from_dir / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT or int(manifest.get("version", 0)) > VERSION:
        raise StoreError(
            f"{from_dir} was written by a newer liftbalance (or is not a backup); upgrade liftbalance."
        )
    frames = _read_folder(from_dir)
    _check(from_dir, manifest["tables"], frames)
    account_frames: dict[str, pl.DataFrame] = {}
    if manifest.get("accounts"):
        account_frames = _read_folder(from_dir / ACCOUNTS_FOLDER)
        secrets = account_frames.pop(Path(SESSION_KEY_FILE).stem, None)
        _check(from_dir / ACCOUNTS_FOLDER, manifest["accounts"], account_frames)
        if not force and accounts.server_has_accounts(db):  # asked before anything is written
            raise StoreError(f"{_shown(db)} already has dashboard accounts. Pass --force to replace them.")
    counts = _restore_store(db, frames, force=force)
    account_counts: dict[str, int] = {}
    if account_frames:
        _write_accounts(db, account_frames, replace=True)
        if secrets is not None and secrets.height:
            accounts.keep_session_key(db, bytes.fromhex(secrets.get_column("value")[0]))
        account_counts = {t: account_frames[t].height for t in ACCOUNT_TABLES if t in account_frames}
        names = dict(account_frames["accounts"].select("account_id", "name").iter_rows())
        for account_id, expected in manifest.get("account_stores", {}).items():
            folder = from_dir / f"{ACCOUNT_FOLDER_PREFIX}{account_id}"
            store_frames = _read_folder(folder)
            _check(folder, expected, store_frames)
            target = accounts.ensure_account_db_dir(db, accounts.Account(account_id, names[account_id]))
            _restore_store(
                target, store_frames, force=True
            )  # the account's own store is part of this restore
    return TableCounts(counts, account_counts, len(manifest.get("account_stores", {})))


def _check(folder: Path, expected: dict[str, int], frames: dict[str, pl.DataFrame]) -> None:
    """Every table the manifest names is there with its rows: a truncated copy of a backup is refused."""
    for table, rows in expected.items():
        found = frames[table].height if table in frames else None
        if found != rows:
            raise StoreError(
                f"{folder / (table + '.parquet')}: the backup's manifest says {rows} rows, the file holds "
                f"{'none (missing)' if found is None else found}. The backup is incomplete; use another copy."
            )
