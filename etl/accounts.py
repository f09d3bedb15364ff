"""Dashboard accounts: who may log in, and which database file holds each account's data.

A lifter serving the dashboard to other people (a coach and clients, a household) needs each
person to see only their own training. Accounts live in the database the server is started on
(``--db``); each account's athletes, uploads and settings live in that account's OWN DuckDB file
beside it (``<db stem>-accounts/<account id>.duckdb``), so isolation is a matter of which file a
request opens, not of a filter every query has to remember. Passwords are hashed with argon2id
(argon2-cffi); the plain password is never stored or logged.

This module is plain library code (no Flask): the CLI's ``liftbalance user`` commands and the
dashboard's login both call it.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from etl import store
from etl.errors import LiftbalanceError

MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024  # argon2 takes any length; this only bounds the work a login request costs
MAX_NAME_CHARS = 64
SESSION_SECRET = "session_secret"

_HASHER = PasswordHasher()  # argon2id with the library's current (RFC 9106 low-memory) parameters
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


class AccountError(LiftbalanceError):
    """An account cannot be added, found or removed as asked."""


@dataclass(frozen=True)
class Account:
    account_id: str
    name: str
    session_key: str

    @property
    def session_token(self) -> str:
        """What a login session stores: the id plus the key, so a removed account's sessions die."""
        return f"{self.account_id}:{self.session_key}"


def normalize_name(name: str) -> str:
    """Names compare without case and Unicode look-alike forms (``Ana`` and ``ana`` are one account)."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


def check_name(name: str) -> str:
    cleaned = unicodedata.normalize("NFKC", name).strip()
    if not cleaned:
        raise AccountError("The account name is empty.")
    if len(cleaned) > MAX_NAME_CHARS:
        raise AccountError(f"The account name has {len(cleaned)} characters; at most {MAX_NAME_CHARS} are allowed.")
    if any(unicodedata.category(c).startswith("C") for c in cleaned):
        raise AccountError("The account name contains control characters; use letters, digits, spaces or -_.@")
    return cleaned


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"The password is too short: use at least {MIN_PASSWORD_CHARS} characters.")
    if len(password) > MAX_PASSWORD_CHARS:
        raise AccountError(f"The password is too long: at most {MAX_PASSWORD_CHARS} characters.")


def has_accounts(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute("SELECT count(*) FROM accounts").fetchone()
    return bool(row and row[0])


def list_accounts(con: duckdb.DuckDBPyConnection) -> list[Account]:
    rows = con.execute("SELECT account_id, name, session_key FROM accounts ORDER BY lower(name)").fetchall()
    return [Account(*row) for row in rows]


def _find(con: duckdb.DuckDBPyConnection, name: str) -> tuple[Account, str] | None:
    wanted = normalize_name(name)
    for account_id, stored, session_key, password_hash in con.execute(
        "SELECT account_id, name, session_key, password_hash FROM accounts"
    ).fetchall():
        if normalize_name(stored) == wanted:
            return Account(account_id, stored, session_key), password_hash
    return None


def add_account(con: duckdb.DuckDBPyConnection, name: str, password: str) -> Account:
    """A new account; its data file is created on its first login or import."""
    cleaned = check_name(name)
    check_password(password)
    password_hash = _HASHER.hash(password)
    account = Account(secrets.token_hex(16), cleaned, secrets.token_urlsafe(24))
    with store.transaction(con):
        if _find(con, cleaned) is not None:
            raise AccountError(f"An account named {cleaned!r} already exists.")
        con.execute(
            "INSERT INTO accounts (account_id, name, password_hash, session_key) VALUES (?, ?, ?, ?)",
            [account.account_id, account.name, password_hash, account.session_key],
        )
    return account


def set_password(con: duckdb.DuckDBPyConnection, name: str, password: str) -> Account:
    """Change an account's password; every session it had is logged out."""
    check_password(password)
    password_hash = _HASHER.hash(password)
    with store.transaction(con):
        found = _find(con, name)
        if found is None:
            raise AccountError(f"There is no account named {name!r}.")
        account = Account(found[0].account_id, found[0].name, secrets.token_urlsafe(24))
        con.execute(
            "UPDATE accounts SET password_hash = ?, session_key = ? WHERE account_id = ?",
            [password_hash, account.session_key, account.account_id],
        )
    return account


def remove_account(con: duckdb.DuckDBPyConnection, name: str) -> Account:
    """Remove the account (its sessions stop working at once); its data file is left on disk."""
    with store.transaction(con):
        found = _find(con, name)
        if found is None:
            raise AccountError(f"There is no account named {name!r}.")
        con.execute("DELETE FROM accounts WHERE account_id = ?", [found[0].account_id])
    return found[0]


def verify_login(con: duckdb.DuckDBPyConnection, name: str, password: str) -> Account | None:
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
        with store.transaction(con):
            con.execute(
                "UPDATE accounts SET password_hash = ? WHERE account_id = ?",
                [_HASHER.hash(password), found[0].account_id],
            )
    return found[0]


def account_for_session(con: duckdb.DuckDBPyConnection, token: object) -> Account | None:
    """The account a session token (``Account.session_token``) still belongs to, else ``None``."""
    if not isinstance(token, str) or token.count(":") != 1:
        return None
    account_id, session_key = token.split(":")
    row = con.execute(
        "SELECT account_id, name, session_key FROM accounts WHERE account_id = ?", [account_id]
    ).fetchone()
    if row is None or not secrets.compare_digest(str(row[2]), session_key):
        return None
    return Account(*row)


def account_db_path(main_db: Path, account: Account) -> Path:
    """The account's own database file, beside the main one; the id is random hex, never the name."""
    if not all(c in "0123456789abcdef" for c in account.account_id) or not account.account_id:
        raise AccountError("Malformed account id.")
    main = Path(main_db).expanduser()
    return main.parent / f"{main.stem}-accounts" / f"{account.account_id}.duckdb"


def ensure_account_db_dir(main_db: Path, account: Account) -> Path:
    """``account_db_path``, with its folder created readable by this user only."""
    path = account_db_path(main_db, account)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise AccountError(f"Cannot create {path.parent}: {exc.strerror or exc}.") from exc
    return path


def app_secret(con: duckdb.DuckDBPyConnection, name: str = SESSION_SECRET) -> str:
    """A server secret (the session-signing key), generated on first use and kept in the database."""
    row = con.execute("SELECT value FROM app_secrets WHERE name = ?", [name]).fetchone()
    if row is not None:
        return str(row[0])
    with store.transaction(con):
        con.execute(
            "INSERT INTO app_secrets (name, value) SELECT ?, ? WHERE NOT EXISTS "
            "(SELECT 1 FROM app_secrets WHERE name = ?)",
            [name, secrets.token_urlsafe(48), name],
        )
    row = con.execute("SELECT value FROM app_secrets WHERE name = ?", [name]).fetchone()
    assert row is not None
    return str(row[0])
