"""Where the accounts live, per backend: open the accounts store, migrate it, and write to it in transactions.

Accounts, login sessions and push tokens (``etl.store.accounts``, ``etl.store.push_tokens``) are read on
every request by every server process, and written by the CLI while a server runs. So they live where
all of those reach them at once:

- **Embedded** (``--db`` is a DuckDB file): a small SQLite file in WAL mode beside it,
  ``<db stem>-accounts/accounts.sqlite3`` (0600 in a 0700 folder). The DuckDB file takes one writing
  process; SQLite takes the CLI and the server together.
- **Hosted** (``--db`` is a ``postgresql://`` URL): the same tables in the PostgreSQL database itself, in
  their own schema ``liftbalance_accounts`` (so they never meet the training tables' names), plus what
  one process used to keep in memory or in a file and every process now needs: the session-signing key
  (``app_secrets``) and the login rate-limit counters (``login_limits``, ``etl.store.login_limits``).

The SQL the account functions run is the same on both (``?`` parameters, ``INSERT ... ON CONFLICT``,
``RETURNING``); what differs lives here: each backend's DDL and migrations, and how a write transaction
begins (SQLite's ``BEGIN IMMEDIATE`` queues writers across processes; PostgreSQL's row locks do that).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from etl.errors import LiftbalanceError, newer_schema
from etl.store import private_files

if TYPE_CHECKING:
    from etl.store import postgres

ACCOUNTS_FILE = "accounts.sqlite3"
BUSY_TIMEOUT_MS = 5000
PG_SCHEMA = "liftbalance_accounts"
# Taken (per transaction) while the PostgreSQL accounts schema migrates: two processes starting at once
# would otherwise both try to create it. Any constant unique to this use.
PG_MIGRATION_LOCK = 0x6C62_6163  # "lbac"

SQLITE_SCHEMA_VERSION = 2  # PRAGMA user_version of the accounts file (2: push tokens)
_SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    account_id     TEXT PRIMARY KEY,      -- random hex, names the account's own database
    name           TEXT NOT NULL,
    name_key       TEXT NOT NULL UNIQUE,  -- normalize_name(name): Ana and ana are one account
    password_hash  TEXT NOT NULL,         -- argon2id, never the password
    created_at     REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    id_hash     TEXT PRIMARY KEY,  -- SHA-256 of the id the cookie carries: a copy of this file opens no session
    account_id  TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
    created_at  REAL NOT NULL,
    last_seen   REAL NOT NULL,
    expires_at  REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_account ON sessions(account_id);
CREATE TABLE IF NOT EXISTS push_tokens (
    token_id    TEXT PRIMARY KEY,      -- short random hex, named by `token list` and `token revoke`
    token_hash  TEXT NOT NULL UNIQUE,  -- SHA-256 of the token: a copy of this file pushes nothing
    account_id  TEXT REFERENCES accounts(account_id) ON DELETE CASCADE,  -- NULL: the main database
    athlete     TEXT NOT NULL,
    created_at  REAL NOT NULL,
    last_used   REAL
);
"""

# Each entry moves the PostgreSQL accounts schema from version i to i+1. Never edit a shipped entry: append.
PG_MIGRATIONS: list[str] = [
    # 1: the tables of the SQLite file, typed for PostgreSQL, plus the state every web process shares.
    """
    CREATE TABLE accounts (
        account_id     TEXT PRIMARY KEY,
        name           TEXT NOT NULL,
        name_key       TEXT NOT NULL UNIQUE,
        password_hash  TEXT NOT NULL,
        created_at     DOUBLE PRECISION NOT NULL
    );
    CREATE TABLE sessions (
        id_hash     TEXT PRIMARY KEY,
        account_id  TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
        created_at  DOUBLE PRECISION NOT NULL,
        last_seen   DOUBLE PRECISION NOT NULL,
        expires_at  DOUBLE PRECISION NOT NULL
    );
    CREATE INDEX sessions_by_account ON sessions(account_id);
    CREATE TABLE push_tokens (
        token_id    TEXT PRIMARY KEY,
        token_hash  TEXT NOT NULL UNIQUE,
        account_id  TEXT REFERENCES accounts(account_id) ON DELETE CASCADE,
        athlete     TEXT NOT NULL,
        created_at  DOUBLE PRECISION NOT NULL,
        last_used   DOUBLE PRECISION
    );
    -- The session-signing key: every web process must sign and check cookies with the same one.
    CREATE TABLE app_secrets (
        name   TEXT PRIMARY KEY,
        value  TEXT NOT NULL
    );
    -- Login and push attempts per client address and per account name (fixed windows), counted across
    -- every web process (etl.store.login_limits; dashboard.login_throttle).
    CREATE TABLE login_limits (
        key         TEXT PRIMARY KEY,
        hits        BIGINT NOT NULL,
        expires_at  DOUBLE PRECISION NOT NULL
    );
    CREATE INDEX login_limits_by_expiry ON login_limits(expires_at);
    """,
]
PG_SCHEMA_VERSION = len(PG_MIGRATIONS)


class AccountError(LiftbalanceError):
    """An account cannot be added, found or removed as asked, or the accounts store cannot be opened or is busy."""


class Rows(Protocol):
    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class AccountsConnection(Protocol):
    """What the account functions use: a SQLite connection or an ``etl.store.postgres.PgConnection``."""

    def execute(self, sql: str, params: Any = ..., /) -> Rows: ...

    def close(self) -> None: ...


MainDb = str | Path  # the server's --db: a DuckDB file's path or a postgresql:// URL
HOSTED_PREFIXES = ("postgresql://", "postgres://")


def is_hosted(main_db: object) -> bool:
    """Whether ``main_db`` is a PostgreSQL URL (hosted mode) rather than a DuckDB file.

    The test ``etl.store.postgres.is_url`` makes, without importing that module (and polars) here: the
    ``user`` and ``token`` commands on a DuckDB file stay quick to start."""
    return isinstance(main_db, str) and main_db.startswith(HOSTED_PREFIXES)


def is_postgres(con: object) -> bool:
    """Whether ``con`` is a PostgreSQL connection (``etl.store.postgres.PgConnection``) rather than SQLite."""
    from etl.store import postgres

    return isinstance(con, postgres.PgConnection)


def accounts_dir(main_db: Path) -> Path:
    """The folder beside the main database holding the accounts file, the session key and account data."""
    main = Path(main_db).expanduser()
    return main.parent / f"{main.stem}-accounts"


def accounts_file(main_db: Path) -> Path:
    return accounts_dir(main_db) / ACCOUNTS_FILE


def store_exists(main_db: MainDb) -> bool:
    """Whether the server on ``main_db`` has an accounts store yet (a PostgreSQL database always may)."""
    return is_hosted(main_db) or accounts_file(Path(main_db)).exists()


def connect(main_db: MainDb) -> AccountsConnection:
    """Open (creating and migrating, if needed) the accounts store of the server on ``main_db``."""
    if is_hosted(main_db):
        return _connect_postgres(str(main_db))
    return _connect_sqlite(Path(main_db))


@contextmanager
def opened(main_db: MainDb) -> Iterator[Any]:
    """``connect`` as a context manager that always closes the connection. Hosted, the calling thread's kept
    connection to ``main_db`` is lent instead, and kept again afterwards (``_ThreadConnections``)."""
    if is_hosted(main_db):
        with _KEPT.lend(str(main_db)) as con:
            yield con
        return
    con = connect(main_db)
    try:
        yield con
    finally:
        con.close()


class _ThreadConnections(threading.local):
    """Each thread's open connection to each hosted accounts store, lent out by ``opened``.

    Every request looks its session up: opening a PostgreSQL connection for that took 12 ms (median; p95 48 ms
    on a busy 2-core machine) against 0.1 ms for the lookup itself. A request thread (waitress's or gunicorn's
    pool) therefore keeps its connection, checks it with one round trip before lending it (a connection the
    server dropped, after a restart, is replaced), and drops it if a caller left a transaction open. Keyed by
    process id too, so a connection never crosses a fork; a nested ``opened`` in one thread gets its own."""

    def __init__(self) -> None:
        self.kept: dict[tuple[int, str], Any] = {}
        self.lent: set[tuple[int, str]] = set()

    @contextmanager
    def lend(self, url: str) -> Iterator[Any]:
        key = (os.getpid(), url)
        if key in self.lent:  # nested: a connection of its own, closed after
            own = _connect_postgres(url)
            try:
                yield own
            finally:
                own.close()
            return
        con = self.kept.pop(key, None)
        if con is not None and not _alive(con):
            con = None
        if con is None:
            con = _connect_postgres(url)
        self.lent.add(key)
        try:
            yield con
        finally:
            self.lent.discard(key)
            if _idle(con):
                self.kept[key] = con
            else:
                con.close()


def _alive(con: Any) -> bool:
    import psycopg

    try:
        con.execute("SELECT 1").fetchone()
        return True
    except psycopg.Error:
        con.close()
        return False


def _idle(con: Any) -> bool:
    from psycopg.pq import TransactionStatus

    return not con.closed and con.raw.info.transaction_status == TransactionStatus.IDLE


_KEPT = _ThreadConnections()


def _connect_sqlite(main_db: Path) -> sqlite3.Connection:
    path = accounts_file(main_db)
    try:
        private_files.make_private_dir(path.parent)
        private_files.touch_private(path)
        con = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
    except (OSError, sqlite3.Error) as exc:
        raise AccountError(
            f"Cannot open the accounts file {path}: {getattr(exc, 'strerror', None) or exc}."
        ) from exc
    try:
        con.execute("PRAGMA foreign_keys=ON")
        if con.execute("PRAGMA user_version").fetchone()[0] < SQLITE_SCHEMA_VERSION:
            con.execute("PRAGMA journal_mode=WAL")  # readers and one writer, in several processes at once
            with write_transaction(con):
                for statement in _SQLITE_SCHEMA.split(";"):
                    if statement.strip():
                        con.execute(statement)
                con.execute(f"PRAGMA user_version = {SQLITE_SCHEMA_VERSION}")
    except sqlite3.Error as exc:
        con.close()
        raise AccountError(f"Cannot use the accounts file {path}: {exc}.") from exc
    return con


def _connect_postgres(url: str) -> postgres.PgConnection:
    from etl.store import postgres

    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - psycopg is a declared dependency
        raise AccountError("A postgresql:// database needs psycopg: pip install 'psycopg[binary]'.") from exc
    try:
        raw = psycopg.connect(url, autocommit=True)
    except psycopg.Error as exc:
        raise AccountError(f"Cannot reach the accounts in {without_password(url)}: {exc}".strip()) from exc
    con = postgres.PgConnection(raw, url)
    try:
        con.execute(f"SET search_path TO {PG_SCHEMA}")
        if _pg_version(con) < PG_SCHEMA_VERSION:
            _migrate_postgres(con)
    except psycopg.Error as exc:
        con.close()
        raise AccountError(f"Cannot use the accounts in {without_password(url)}: {exc}") from exc
    return con


def _pg_version(con: postgres.PgConnection) -> int:
    exists = con.execute("SELECT to_regclass(?)", [f"{PG_SCHEMA}.accounts_schema_version"]).fetchone()
    if not exists or exists[0] is None:
        return 0
    row = con.execute("SELECT max(version) FROM accounts_schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _migrate_postgres(con: postgres.PgConnection) -> None:
    """Apply every PostgreSQL accounts migration newer than the database, in one transaction."""
    con.execute("BEGIN")
    try:
        con.execute("SELECT pg_advisory_xact_lock(?)", [PG_MIGRATION_LOCK])
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {PG_SCHEMA}")
        con.execute("CREATE TABLE IF NOT EXISTS accounts_schema_version (version INTEGER NOT NULL)")
        current = _pg_version(con)
        if current > PG_SCHEMA_VERSION:
            raise AccountError(newer_schema("These accounts", current, PG_SCHEMA_VERSION))
        for version in range(current, PG_SCHEMA_VERSION):
            con.execute(PG_MIGRATIONS[version])
            con.execute("INSERT INTO accounts_schema_version VALUES (?)", [version + 1])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def without_password(url: str) -> str:
    """``url`` without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        credentials, _, host = rest.rpartition("@")
        return f"{scheme}{sep}{credentials.split(':', 1)[0]}@{host}"
    return url


def busy_errors() -> tuple[type[Exception], ...]:
    """The errors a write that lost a race raises (a locked SQLite file, a PostgreSQL lock or serialisation
    failure): for writes that may be skipped, such as a session's last-seen time."""
    errors: list[type[Exception]] = [sqlite3.OperationalError]
    try:
        import psycopg
    except ImportError:  # pragma: no cover
        return tuple(errors)
    return (*errors, psycopg.errors.LockNotAvailable, psycopg.errors.SerializationFailure)


@contextmanager
def write_transaction(con: Any) -> Iterator[Any]:
    """One write transaction. On SQLite it is taken at once (BEGIN IMMEDIATE), so two processes queue
    instead of deadlocking; on PostgreSQL row locks and ``ON CONFLICT`` do that."""
    try:
        con.execute("BEGIN" if is_postgres(con) else "BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise AccountError("The accounts file is busy; try again in a moment.") from exc
    try:
        yield con
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def account_schema(account_id: str) -> str:
    """The PostgreSQL schema holding one account's training data (hosted mode): random hex, never the name."""
    return f"account_{account_id}"


def with_search_path(url: str, schema: str) -> str:
    """``url`` whose connections find their tables in ``schema`` (libpq's ``options`` parameter)."""
    from urllib.parse import quote

    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-c search_path={schema}', safe='')}"
