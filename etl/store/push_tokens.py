"""Tokens that let a phone (an iOS Shortcut, ``curl``) push an export to ``POST /api/ingest``.

A token is tied to one account and one athlete: whoever holds it can add that athlete's workouts,
nothing else (it opens no page and reads nothing back but the import report). It is 32 random bytes,
shown once by ``liftbalance token create``; the store keeps only its SHA-256, so a copy of the file
pushes nothing. ``token revoke`` deletes the row and the next push with it gets 401.

Where tokens live: in the accounts file (``etl.store.accounts``, SQLite beside the main database; hosted, the
accounts schema of the PostgreSQL database), with or without accounts. Without accounts a token's ``account_id`` is NULL and it writes to the main database.
Why not the main DuckDB file: the running dashboard holds that file open (DuckDB allows one writing
process), so ``liftbalance token create`` or ``revoke`` could not write it while ``serve`` runs; the
SQLite file takes writes from the CLI and the server at once, exactly as sessions do. A main-database
token stops working once the server has accounts (the main database is then nobody's), and an
account's tokens go with the account (ON DELETE CASCADE).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from etl.errors import LiftbalanceError
from etl.store import accounts

PREFIX = "lbp_"  # "liftbalance push": recognisable in a Shortcut or a secret scanner
MAX_TOKEN_CHARS = 200
TOUCH_EVERY_S = 60.0  # last_used is written at most this often


class TokenError(LiftbalanceError):
    """A push token cannot be made, found or revoked as asked, or does not open anything."""


@dataclass(frozen=True)
class PushToken:
    """One token as ``token list`` shows it (the token itself is never kept)."""

    token_id: str
    account: accounts.Account | None  # None: the main database of a server without accounts
    athlete: str
    created_at: float
    last_used: float | None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def create_token(
    con: accounts.Connection, *, account: accounts.Account | None, athlete: str
) -> tuple[PushToken, str]:
    """A new token for ``athlete`` of ``account`` (None: the main database); returns it and the token text,
    which is shown once and never stored."""
    name = athlete.strip()
    if not name:
        raise TokenError("The athlete name is empty.")
    token = PREFIX + secrets.token_urlsafe(32)
    info = PushToken(secrets.token_hex(4), account, name, time.time(), None)
    with accounts.write_transaction(con):
        con.execute(
            "INSERT INTO push_tokens (token_id, token_hash, account_id, athlete, created_at) VALUES (?, ?, ?, ?, ?)",
            [info.token_id, _hash(token), account.account_id if account else None, name, info.created_at],
        )
    return info, token


_SELECT = (
    "SELECT t.token_id, t.account_id, a.name, t.athlete, t.created_at, t.last_used "
    "FROM push_tokens t LEFT JOIN accounts a USING (account_id) "
)


def _row(row: tuple[str, str | None, str | None, str, float, float | None]) -> PushToken:
    token_id, account_id, name, athlete, created_at, last_used = row
    account = accounts.Account(account_id, name or "") if account_id else None
    return PushToken(token_id, account, athlete, created_at, last_used)


def list_tokens(con: accounts.Connection) -> list[PushToken]:
    """Every token, by account name then age."""
    rows = con.execute(_SELECT + "ORDER BY a.name_key NULLS FIRST, t.created_at").fetchall()
    return [_row(r) for r in rows]


def revoke_token(con: accounts.Connection, token_id: str) -> PushToken:
    """Delete the token named ``token_id`` (as ``token list`` shows it); it opens nothing from now on."""
    with accounts.write_transaction(con):
        row = con.execute(_SELECT + "WHERE t.token_id = ?", [token_id.strip().lower()]).fetchone()
        if row is None:
            raise TokenError(f"There is no push token {token_id!r}; `liftbalance token list` shows them.")
        con.execute("DELETE FROM push_tokens WHERE token_id = ?", [row[0]])
    return _row(row)


def find_token(con: accounts.Connection, token: object, *, now: float | None = None) -> PushToken | None:
    """The live token ``token`` is, else None (unknown, revoked, or malformed)."""
    if not isinstance(token, str) or not token.startswith(PREFIX) or len(token) > MAX_TOKEN_CHARS:
        return None
    row = con.execute(_SELECT + "WHERE t.token_hash = ?", [_hash(token)]).fetchone()
    if row is None:
        return None
    found = _row(row)
    now = time.time() if now is None else now
    if found.last_used is None or now - found.last_used > TOUCH_EVERY_S:
        with suppress(
            *accounts.busy_errors()
        ):  # busy: last_used is only shown by `token list`, never trusted
            con.execute("UPDATE push_tokens SET last_used = ? WHERE token_id = ?", [now, found.token_id])
    return found


def target_db(main_db: accounts.MainDb, con: accounts.Connection, token: PushToken) -> accounts.MainDb:
    """The database file ``token`` writes to: its account's own, or (no accounts) the main one.

    A main-database token made before accounts existed opens nothing once they do (TokenError)."""
    if token.account is not None:
        return accounts.ensure_account_db_dir(main_db, token.account)
    if accounts.has_accounts(con):
        raise TokenError(
            "This token was made before the server had accounts; make a new one with "
            "`liftbalance token create --user NAME`."
        )
    return main_db if accounts.is_hosted(main_db) else Path(main_db).expanduser()


def token_is_live(main_db: accounts.MainDb, token: object) -> bool:
    """Whether ``token`` opens a database now, without creating the accounts file (the server's body check)."""
    if not isinstance(token, str) or not token.startswith(PREFIX) or not accounts.store_exists(main_db):
        return False
    with accounts.opened(main_db) as con:
        found = find_token(con, token)
        if found is None:
            return False
        return found.account is not None or not accounts.has_accounts(con)
