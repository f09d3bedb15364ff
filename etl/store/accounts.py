"""Dashboard accounts and their sessions: who may log in, which sessions are live, where each account's data is.

A lifter serving the dashboard to other people (a coach and clients, a household) needs each
person to see only their own training. Each account's athletes, uploads and settings live in that
account's OWN DuckDB file (``<db stem>-accounts/<account id>.duckdb``), so isolation is a matter of
which file a request opens, not of a filter every query has to remember.

The accounts themselves, and every live login session, live in a small SQLite file in that same
folder (``<db stem>-accounts/accounts.sqlite3``), not in the DuckDB file. Why SQLite: DuckDB lets
one process open a file for writing, and the running server holds the main DuckDB file, so
``liftbalance user password`` or ``user remove`` could not end a session while the server ran.
SQLite in WAL mode (Python's standard library) lets the CLI and the server write the same file at
once, so revoking access takes effect on the server's next request. Why server-side sessions: a
signed cookie alone stays valid after logout; here the cookie carries a random session id, the
file keeps only its SHA-256, and every request looks it up (logout deletes the row).

Passwords are hashed with argon2id (argon2-cffi); the plain password is never stored or logged.
The folder is created 0700 and the files 0600 (``etl.store.private_files``). This module is plain library
code (no Flask): the CLI's ``liftbalance user`` commands and the dashboard's login both call it.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from etl.errors import LiftbalanceError
from etl.store import database as store
from etl.store import private_files

MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024  # argon2 takes any length; this only bounds the work a login request costs
MAX_NAME_CHARS = 64
ACCOUNTS_FILE = "accounts.sqlite3"
SESSION_KEY_FILE = "session.key"
SESSION_LIFETIME_S = 14 * 24 * 3600
# A session's last_seen is written at most this often, so reading pages does not write on every request.
TOUCH_EVERY_S = 60.0
BUSY_TIMEOUT_MS = 5000
SCHEMA_VERSION = 2  # PRAGMA user_version of the accounts file (2: push tokens, etl.store.push_tokens)

_HASHER = PasswordHasher()  # argon2id with the library's current (RFC 9106 low-memory) parameters
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))

_SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    account_id     TEXT PRIMARY KEY,      -- random hex, names the account's own database file
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


class AccountError(LiftbalanceError):
    """An account cannot be added, found or removed as asked."""


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


def accounts_dir(main_db: Path) -> Path:
    """The folder beside the main database holding the accounts file, the session key and account data."""
    main = Path(main_db).expanduser()
    return main.parent / f"{main.stem}-accounts"


def accounts_file(main_db: Path) -> Path:
    return accounts_dir(main_db) / ACCOUNTS_FILE


def connect(main_db: Path) -> sqlite3.Connection:
    """Open (creating 0600 in a 0700 folder, if needed) the accounts file of the server on ``main_db``."""
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
        if con.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            _create_schema(con)
    except sqlite3.Error as exc:
        con.close()
        raise AccountError(f"Cannot use the accounts file {path}: {exc}.") from exc
    return con


def _create_schema(con: sqlite3.Connection) -> None:
    con.execute("PRAGMA journal_mode=WAL")  # readers and one writer, in several processes at once
    with _write(con):
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                con.execute(statement)
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@contextmanager
def opened(main_db: Path) -> Iterator[sqlite3.Connection]:
    """``connect`` as a context manager that always closes the connection."""
    con = connect(main_db)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def _write(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, taken at once (BEGIN IMMEDIATE) so two processes queue instead of deadlocking."""
    try:
        con.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise AccountError("The accounts file is busy; try again in a moment.") from exc
    try:
        yield con
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


write_transaction = _write  # for the other tables of this file (etl.store.push_tokens)


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


def has_accounts(con: sqlite3.Connection) -> bool:
    row = con.execute("SELECT count(*) FROM accounts").fetchone()
    return bool(row and row[0])


def server_has_accounts(main_db: Path) -> bool:
    """Whether the server on ``main_db`` has accounts, without creating the accounts file when it has none."""
    if not accounts_file(main_db).exists():
        return False
    with opened(main_db) as con:
        return has_accounts(con)


def list_accounts(con: sqlite3.Connection) -> list[Account]:
    rows = con.execute("SELECT account_id, name FROM accounts ORDER BY name_key").fetchall()
    return [Account(*row) for row in rows]


def _find(con: sqlite3.Connection, name: str) -> tuple[Account, str] | None:
    row = con.execute(
        "SELECT account_id, name, password_hash FROM accounts WHERE name_key = ?", [normalize_name(name)]
    ).fetchone()
    return (Account(row[0], row[1]), row[2]) if row else None


def find_account(con: sqlite3.Connection, name: str) -> Account:
    found = _find(con, name)
    if found is None:
        raise AccountError(f"There is no account named {name!r}.")
    return found[0]


def add_account(con: sqlite3.Connection, name: str, password: str) -> Account:
    """A new account; its data file is created on its first login or import."""
    cleaned = check_name(name)
    check_password(password)
    password_hash = _HASHER.hash(password)
    account = Account(secrets.token_hex(16), cleaned)
    with _write(con):
        if _find(con, cleaned) is not None:
            raise AccountError(f"An account named {cleaned!r} already exists.")
        con.execute(
            "INSERT INTO accounts (account_id, name, name_key, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
            [account.account_id, account.name, normalize_name(cleaned), password_hash, time.time()],
        )
    return account


def set_password(con: sqlite3.Connection, name: str, password: str) -> tuple[Account, int]:
    """Change an account's password and end every session it had; returns it and how many sessions ended."""
    check_password(password)
    password_hash = _HASHER.hash(password)
    with _write(con):
        account = find_account(con, name)
        con.execute(
            "UPDATE accounts SET password_hash = ? WHERE account_id = ?", [password_hash, account.account_id]
        )
        ended = con.execute("DELETE FROM sessions WHERE account_id = ?", [account.account_id]).rowcount
    return account, ended


def remove_account(con: sqlite3.Connection, name: str) -> Account:
    """Remove the account and its sessions (logged out at once); its data file is left on disk."""
    with _write(con):
        account = find_account(con, name)
        con.execute("DELETE FROM sessions WHERE account_id = ?", [account.account_id])
        con.execute("DELETE FROM accounts WHERE account_id = ?", [account.account_id])
    return account


def verify_login(con: sqlite3.Connection, name: str, password: str) -> Account | None:
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


def start_session(con: sqlite3.Connection, account: Account, *, now: float | None = None) -> str:
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


def account_for_session(
    con: sqlite3.Connection, session_id: object, *, now: float | None = None
) -> Account | None:
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
        with suppress(sqlite3.OperationalError):  # busy: last_seen is only shown to the owner, never trusted
            con.execute("UPDATE sessions SET last_seen = ? WHERE id_hash = ?", [now, _id_hash(session_id)])
    return Account(row[0], row[1])


def end_session(con: sqlite3.Connection, session_id: object) -> bool:
    """Log a session out (the cookie may still exist; it no longer opens anything)."""
    if not isinstance(session_id, str):
        return False
    with _write(con):
        return con.execute("DELETE FROM sessions WHERE id_hash = ?", [_id_hash(session_id)]).rowcount > 0


def sessions_of(con: sqlite3.Connection, name: str, *, now: float | None = None) -> list[SessionInfo]:
    """The live sessions of account ``name``, oldest first."""
    account = find_account(con, name)
    now = time.time() if now is None else now
    rows = con.execute(
        "SELECT created_at, last_seen, expires_at FROM sessions WHERE account_id = ? AND expires_at > ? "
        "ORDER BY created_at",
        [account.account_id, now],
    ).fetchall()
    return [SessionInfo(account, *row) for row in rows]


def end_sessions_of(con: sqlite3.Connection, name: str) -> int:
    """Log every session of account ``name`` out; returns how many there were."""
    with _write(con):
        account = find_account(con, name)
        return con.execute("DELETE FROM sessions WHERE account_id = ?", [account.account_id]).rowcount


def account_db_path(main_db: Path, account: Account) -> Path:
    """The account's own database file, beside the main one; the id is random hex, never the name."""
    if not all(c in "0123456789abcdef" for c in account.account_id) or not account.account_id:
        raise AccountError("Malformed account id.")
    return accounts_dir(main_db) / f"{account.account_id}.duckdb"


def ensure_account_db_dir(main_db: Path, account: Account) -> Path:
    """``account_db_path``, with its folder created readable by this user only."""
    path = account_db_path(main_db, account)
    try:
        private_files.make_private_dir(path.parent)
    except OSError as exc:
        raise AccountError(f"Cannot create {path.parent}: {exc.strerror or exc}.") from exc
    return path


def session_signing_key(main_db: Path) -> bytes:
    """The cookie-signing key, generated on first use into its own 0600 file beside the accounts file.

    With server-side sessions the key only stops a forged cookie from reaching the session lookup;
    a copy of it opens nothing without a live session id (SECURITY.md)."""
    path = accounts_dir(main_db) / SESSION_KEY_FILE
    try:
        private_files.make_private_dir(path.parent)
        return private_files.read_or_create_secret(path, lambda: secrets.token_bytes(32))
    except OSError as exc:
        raise AccountError(f"Cannot read or create the session key {path}: {exc.strerror or exc}.") from exc


def import_legacy_accounts(duck_con: duckdb.DuckDBPyConnection, main_db: Path) -> int:
    """Move accounts an older liftbalance kept in the main DuckDB file (``accounts`` table) into the
    accounts file, and drop them and the old signing key from DuckDB; returns how many moved.

    Their password hashes carry over; their old sessions end (those were signed cookies only)."""
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
                    "INSERT OR IGNORE INTO accounts (account_id, name, name_key, password_hash, created_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [account_id, name, normalize_name(name), password_hash, float(created_at)],
                )
    with store.transaction(duck_con):
        duck_con.execute("DELETE FROM accounts")
        duck_con.execute(
            "DELETE FROM app_secrets"
        )  # the old cookie-signing key: it signed no-longer-valid cookies
    return len(rows)
