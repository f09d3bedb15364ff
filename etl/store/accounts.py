"""Dashboard accounts and their sessions: who may log in, which sessions are live, where each account's data is.

A lifter serving the dashboard to other people (a coach and clients, a household) needs each
person to see only their own training. Each account's athletes, uploads and settings live in that
account's OWN DuckDB file (``<db stem>-accounts/<account id>.duckdb``), so isolation is a matter of
which file a request opens, not of a filter every query has to remember. Hosted on PostgreSQL
(``--db postgresql://...``), an account's data is its own schema (``account_<id>``) of that database,
and its "path" is a URL whose connections see only that schema: the same structural isolation.

The accounts themselves, and every live login session, live in a small SQLite file in that same
folder (``<db stem>-accounts/accounts.sqlite3``), not in the DuckDB file. Why SQLite: DuckDB lets
one process open a file for writing, and the running server holds the main DuckDB file, so
``liftbalance user password`` or ``user remove`` could not end a session while the server ran.
SQLite in WAL mode (Python's standard library) lets the CLI and the server write the same file at
once, so revoking access takes effect on the server's next request. Hosted, the same tables live in the
PostgreSQL database, which every web process shares (``etl.store.accounts_store`` opens either, with one
set of SQL). Why server-side sessions: a
signed cookie alone stays valid after logout; here the cookie carries a random session id, the
file keeps only its SHA-256, and every request looks it up (logout deletes the row).

Passwords are hashed with argon2id (argon2-cffi); the plain password is never stored or logged.
The folder is created 0700 and the files 0600 (``etl.store.private_files``). This module is plain library
code (no Flask): the CLI's ``liftbalance user`` commands and the dashboard's login both call it.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import unicodedata
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from etl.store import database as store
from etl.store import private_files

# Where the accounts are kept (a SQLite file, or the PostgreSQL database) is accounts_store's; the names its
# callers always took from this module stay here.
from etl.store.accounts_store import ACCOUNTS_FILE as ACCOUNTS_FILE
from etl.store.accounts_store import (
    AccountError,
    MainDb,
    account_schema,
    accounts_dir,
    busy_errors,
    is_hosted,
    is_postgres,
    opened,
    store_exists,
    with_search_path,
    without_password,
    write_transaction,
)
from etl.store.accounts_store import accounts_file as accounts_file
from etl.store.accounts_store import connect as connect

MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024  # argon2 takes any length; this only bounds the work a login request costs
MAX_NAME_CHARS = 64
SESSION_KEY_FILE = "session.key"
SESSION_KEY_NAME = "session_signing_key"  # its app_secrets row (hosted)
SESSION_LIFETIME_S = 14 * 24 * 3600
# A session's last_seen is written at most this often, so reading pages does not write on every request.
TOUCH_EVERY_S = 60.0

_HASHER = PasswordHasher()  # argon2id with the library's current (RFC 9106 low-memory) parameters
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class Account:
    account_id: str
    name: str


@dataclass(frozen=True)
class SessionInfo:
    """One live login session, as ``liftbalance user sessions`` lists it (the id itself is never kept)."""

    account: Account
    created_at: float
    last_seen: float
    expires_at: float


_write = write_transaction
Connection = Any  # a sqlite3 connection or an etl.store.postgres.PgConnection (etl.store.accounts_store)


def normalize_name(name: str) -> str:
    """Names compare without case and Unicode look-alike forms (``Ana`` and ``ana`` are one account)."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


def check_name(name: str) -> str:
    cleaned = unicodedata.normalize("NFKC", name).strip()
    if not cleaned:
        raise AccountError("The account name is empty.")
    if len(cleaned) > MAX_NAME_CHARS:
        raise AccountError(
            f"The account name has {len(cleaned)} characters; at most {MAX_NAME_CHARS} are allowed."
        )
    if any(unicodedata.category(c).startswith("C") for c in cleaned):
        raise AccountError(
            "The account name contains control characters; use letters, digits, spaces or -_.@"
        )
    return cleaned


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"The password is too short: use at least {MIN_PASSWORD_CHARS} characters.")
    if len(password) > MAX_PASSWORD_CHARS:
        raise AccountError(f"The password is too long: at most {MAX_PASSWORD_CHARS} characters.")


def has_accounts(con: Connection) -> bool:
    row = con.execute("SELECT count(*) FROM accounts").fetchone()
    return bool(row and row[0])


def server_has_accounts(main_db: MainDb) -> bool:
    """Whether the server on ``main_db`` has accounts, without creating the accounts file when it has none."""
    if not store_exists(main_db):
        return False
    with opened(main_db) as con:
        return has_accounts(con)


def list_accounts(con: Connection) -> list[Account]:
    rows = con.execute("SELECT account_id, name FROM accounts ORDER BY name_key").fetchall()
    return [Account(*row) for row in rows]


def _find(con: Connection, name: str) -> tuple[Account, str] | None:
    row = con.execute(
        "SELECT account_id, name, password_hash FROM accounts WHERE name_key = ?", [normalize_name(name)]
    ).fetchone()
    return (Account(row[0], row[1]), row[2]) if row else None


def find_account(con: Connection, name: str) -> Account:
    found = _find(con, name)
    if found is None:
        raise AccountError(f"There is no account named {name!r}.")
    return found[0]


def add_account(con: Connection, name: str, password: str) -> Account:
    """A new account; its data file is created on its first login or import."""
    cleaned = check_name(name)
    check_password(password)
    password_hash = _HASHER.hash(password)
    account = Account(secrets.token_hex(16), cleaned)
    with _write(con):
        # ON CONFLICT: two processes adding one name at once leave one account, and the other is told.
        added = con.execute(
            "INSERT INTO accounts (account_id, name, name_key, password_hash, created_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (name_key) DO NOTHING RETURNING account_id",
            [account.account_id, account.name, normalize_name(cleaned), password_hash, time.time()],
        ).fetchall()
        if added and is_postgres(con):  # hosted: the account's data has its own schema from the start
            con.execute(f'CREATE SCHEMA IF NOT EXISTS "{account_schema(account.account_id)}"')
    if not added:
        raise AccountError(f"An account named {cleaned!r} already exists.")
    return account


def set_password(con: Connection, name: str, password: str) -> tuple[Account, int]:
    """Change an account's password and end every session it had; returns it and how many sessions ended."""
    check_password(password)
    password_hash = _HASHER.hash(password)
    with _write(con):
        account = find_account(con, name)
        con.execute(
            "UPDATE accounts SET password_hash = ? WHERE account_id = ?", [password_hash, account.account_id]
        )
        ended = _deleted(con, "DELETE FROM sessions WHERE account_id = ? RETURNING 1", [account.account_id])
    return account, ended


def remove_account(con: Connection, name: str) -> Account:
    """Remove the account and its sessions (logged out at once); its data file is left on disk."""
    with _write(con):
        account = find_account(con, name)
        con.execute("DELETE FROM sessions WHERE account_id = ?", [account.account_id])
        con.execute("DELETE FROM accounts WHERE account_id = ?", [account.account_id])
    return account


def verify_login(con: Connection, name: str, password: str) -> Account | None:
    """The account if ``password`` is right, else ``None`` (same answer and cost for an unknown name)."""
    found = _find(con, name) if name and len(password) <= MAX_PASSWORD_CHARS else None
    stored_hash = found[1] if found else _DUMMY_HASH
    try:
        _HASHER.verify(stored_hash, password[:MAX_PASSWORD_CHARS])
    except (VerificationError, InvalidHashError):
        return None
    if found is None:
        return None
    if _HASHER.check_needs_rehash(stored_hash):
        with _write(con):
            con.execute(
                "UPDATE accounts SET password_hash = ? WHERE account_id = ?",
                [_HASHER.hash(password), found[0].account_id],
            )
    return found[0]


def _id_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8", "replace")).hexdigest()


def start_session(con: Connection, account: Account, *, now: float | None = None) -> str:
    """A new session for ``account``; returns its id (for the cookie; only its hash is stored)."""
    now = time.time() if now is None else now
    session_id = secrets.token_urlsafe(32)
    with _write(con):
        con.execute("DELETE FROM sessions WHERE expires_at <= ?", [now])  # tidy as we go
        con.execute(
            "INSERT INTO sessions (id_hash, account_id, created_at, last_seen, expires_at) VALUES (?, ?, ?, ?, ?)",
            [_id_hash(session_id), account.account_id, now, now, now + SESSION_LIFETIME_S],
        )
    return session_id


def account_for_session(con: Connection, session_id: object, *, now: float | None = None) -> Account | None:
    """The account a live session id belongs to, else ``None`` (unknown, ended or expired)."""
    if not isinstance(session_id, str) or not session_id or len(session_id) > 200:
        return None
    now = time.time() if now is None else now
    row = con.execute(
        "SELECT a.account_id, a.name, s.last_seen FROM sessions s JOIN accounts a USING (account_id) "
        "WHERE s.id_hash = ? AND s.expires_at > ?",
        [_id_hash(session_id), now],
    ).fetchone()
    if row is None:
        return None
    if now - row[2] > TOUCH_EVERY_S:
        with suppress(*busy_errors()):  # busy: last_seen is only shown to the owner, never trusted
            con.execute("UPDATE sessions SET last_seen = ? WHERE id_hash = ?", [now, _id_hash(session_id)])
    return Account(row[0], row[1])


def end_session(con: Connection, session_id: object) -> bool:
    """Log a session out (the cookie may still exist; it no longer opens anything)."""
    if not isinstance(session_id, str):
        return False
    with _write(con):
        return _deleted(con, "DELETE FROM sessions WHERE id_hash = ? RETURNING 1", [_id_hash(session_id)]) > 0


def sessions_of(con: Connection, name: str, *, now: float | None = None) -> list[SessionInfo]:
    """The live sessions of account ``name``, oldest first."""
    account = find_account(con, name)
    now = time.time() if now is None else now
    rows = con.execute(
        "SELECT created_at, last_seen, expires_at FROM sessions WHERE account_id = ? AND expires_at > ? "
        "ORDER BY created_at",
        [account.account_id, now],
    ).fetchall()
    return [SessionInfo(account, *row) for row in rows]


def end_sessions_of(con: Connection, name: str) -> int:
    """Log every session of account ``name`` out; returns how many there were."""
    with _write(con):
        account = find_account(con, name)
        return _deleted(con, "DELETE FROM sessions WHERE account_id = ? RETURNING 1", [account.account_id])


def _deleted(con: Connection, sql: str, params: list[Any]) -> int:
    """Run a ``DELETE ... RETURNING 1`` and count its rows (the same SQL on SQLite and PostgreSQL)."""
    return len(con.execute(sql, params).fetchall())


def account_db_path(main_db: MainDb, account: Account) -> MainDb:
    """The account's own database: a file beside the main one, or (hosted) its own schema in the main
    PostgreSQL database, as a URL whose connections see only that schema. The id is random hex, never the name."""
    if not all(c in "0123456789abcdef" for c in account.account_id) or not account.account_id:
        raise AccountError("Malformed account id.")
    if is_hosted(main_db):
        return with_search_path(str(main_db), account_schema(account.account_id))
    return accounts_dir(Path(main_db)) / f"{account.account_id}.duckdb"


def data_location(main_db: MainDb, account: Account) -> str:
    """Where the account's data is, for people: its file, or (hosted) its schema and the database without
    the URL's password."""
    where = account_db_path(main_db, account)
    if isinstance(where, Path):
        return str(where)
    return f"the schema {account_schema(account.account_id)} of {without_password(str(main_db))}"


def ensure_account_db_dir(main_db: MainDb, account: Account) -> MainDb:
    """``account_db_path``, with its folder created readable by this user only (hosted: its schema was
    created with the account, so this asks nothing of the database on every request)."""
    path = account_db_path(main_db, account)
    if not isinstance(path, Path):
        return path
    try:
        private_files.make_private_dir(path.parent)
    except OSError as exc:
        raise AccountError(f"Cannot create {path.parent}: {exc.strerror or exc}.") from exc
    return path


def session_signing_key(main_db: MainDb) -> bytes:
    """The cookie-signing key, generated on first use into its own 0600 file beside the accounts file
    (hosted: into the accounts schema, so every web process signs and checks cookies with the same key).

    With server-side sessions the key only stops a forged cookie from reaching the session lookup;
    a copy of it opens nothing without a live session id (SECURITY.md)."""
    if is_hosted(main_db):
        with opened(main_db) as con:
            con.execute(
                "INSERT INTO app_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                [SESSION_KEY_NAME, secrets.token_hex(32)],
            )  # the first process to start makes it; the others keep it
            row = con.execute("SELECT value FROM app_secrets WHERE name = ?", [SESSION_KEY_NAME]).fetchone()
        return bytes.fromhex(row[0])
    path = accounts_dir(Path(main_db)) / SESSION_KEY_FILE
    try:
        private_files.make_private_dir(path.parent)
        return private_files.read_or_create_secret(path, lambda: secrets.token_bytes(32))
    except OSError as exc:
        raise AccountError(f"Cannot read or create the session key {path}: {exc.strerror or exc}.") from exc


def stored_session_key(main_db: MainDb) -> bytes | None:
    """The cookie-signing key if one was made (None otherwise; nothing is created): for a backup."""
    if is_hosted(main_db):
        with opened(main_db) as con:
            row = con.execute("SELECT value FROM app_secrets WHERE name = ?", [SESSION_KEY_NAME]).fetchone()
        return bytes.fromhex(row[0]) if row else None
    path = accounts_dir(Path(main_db)) / SESSION_KEY_FILE
    return path.read_bytes() if path.exists() else None


def keep_session_key(main_db: MainDb, key: bytes) -> None:
    """Make ``key`` the cookie-signing key of the server on ``main_db`` (a restore: the sessions it brings back
    keep working with the cookies browsers already hold)."""
    if is_hosted(main_db):
        with opened(main_db) as con:
            con.execute(
                "INSERT INTO app_secrets (name, value) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                [SESSION_KEY_NAME, key.hex()],
            )
        return
    path = accounts_dir(Path(main_db)) / SESSION_KEY_FILE
    private_files.make_private_dir(path.parent)
    path.unlink(missing_ok=True)
    private_files.read_or_create_secret(path, lambda: key)


def import_legacy_accounts(duck_con: Any, main_db: MainDb) -> int:
    """Move accounts an older liftbalance kept in the main DuckDB file (``accounts`` table) into the
    accounts file, and drop them and the old signing key from DuckDB; returns how many moved.

    Their password hashes carry over; their old sessions end (those were signed cookies only). A PostgreSQL
    store never had them."""
    if is_postgres(duck_con):
        return 0
    rows = duck_con.execute(
        "SELECT account_id, name, password_hash, epoch(created_at) FROM accounts"
    ).fetchall()
    secrets_row = duck_con.execute("SELECT count(*) FROM app_secrets").fetchone()
    if not rows and not (secrets_row and secrets_row[0]):
        return 0
    if rows:
        with opened(main_db) as con, _write(con):
            for account_id, name, password_hash, created_at in rows:
                con.execute(
                    "INSERT INTO accounts (account_id, name, name_key, password_hash, created_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [account_id, name, normalize_name(name), password_hash, float(created_at)],
                )
    with store.transaction(duck_con):
        duck_con.execute("DELETE FROM accounts")
        duck_con.execute(
            "DELETE FROM app_secrets"
        )  # the old cookie-signing key: it signed no-longer-valid cookies
    return len(rows)
