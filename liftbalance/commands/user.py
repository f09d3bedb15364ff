"""``liftbalance user add|list|remove|password|sessions``: the dashboard's accounts, managed from the terminal.

Accounts are what let ``liftbalance serve`` listen beyond this machine: with at least one, every
page needs a login and each account works in its own database file. Passwords are prompted
twice and never echoed; ``--password-stdin`` reads one line for scripts and tests.

These commands write the accounts file (SQLite, ``etl.store.accounts``; hosted, the accounts schema of the
PostgreSQL database), never the DuckDB file the server holds, so they work while ``liftbalance serve`` runs: a changed password, a removed account or a
revoked session is logged out on its next request.
"""

from __future__ import annotations

import sys
from contextlib import suppress
from datetime import datetime
from pathlib import Path

import click

from etl.errors import DatabaseInUseError
from etl.store import accounts
from etl.store import database as store
from liftbalance.options import db_option, friendly_errors, resolve_db

password_stdin_option = click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input (for scripts).",
)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


def _main_db(db: Path | None) -> accounts.MainDb:
    """The server's database; accounts an older liftbalance kept inside it move to the accounts file first
    (skipped while a server holds it: the server moved them when it started; a PostgreSQL one never had them)."""
    path = resolve_db(db)
    if isinstance(path, Path) and path.exists():
        with suppress(DatabaseInUseError), store.opened(path) as con:
            accounts.import_legacy_accounts(con, path)
    return path


def _when(stamp: float) -> str:
    return datetime.fromtimestamp(stamp).astimezone().strftime("%Y-%m-%d %H:%M %Z")


@click.group("user")
def user_command() -> None:
    """Dashboard accounts: each logs in and sees only its own athletes."""


@user_command.command("add")
@click.argument("name")
@db_option
@password_stdin_option
@friendly_errors
def user_add(name: str, db: Path | None, password_stdin: bool) -> None:
    """Add an account NAME (password prompted twice, hidden)."""
    password = _read_password(password_stdin)
    main = _main_db(db)
    with accounts.opened(main) as con:
        account = accounts.add_account(con, name, password)
    click.echo(
        f"Added account {account.name!r}; its data will live in {accounts.data_location(main, account)}."
    )


@user_command.command("list")
@db_option
@friendly_errors
def user_list(db: Path | None) -> None:
    """List the accounts and where each one's data lives."""
    main = _main_db(db)
    found = []
    if accounts.store_exists(main):
        with accounts.opened(main) as con:
            found = accounts.list_accounts(con)
    if not found:
        click.echo(
            "No accounts: the dashboard is open to whoever can reach it (this machine only by default)."
        )
        return
    for account in found:
        click.echo(f"{account.name}\t{accounts.data_location(main, account)}")


@user_command.command("remove")
@click.argument("name")
@db_option
@friendly_errors
def user_remove(name: str, db: Path | None) -> None:
    """Remove account NAME; it is logged out at once. Its data file is kept (delete it yourself)."""
    main = _main_db(db)
    with accounts.opened(main) as con:
        account = accounts.remove_account(con, name)
    click.echo(
        f"Removed account {account.name!r} and logged it out. Its data is still in "
        f"{accounts.data_location(main, account)}."
    )


@user_command.command("password")
@click.argument("name")
@db_option
@password_stdin_option
@friendly_errors
def user_password(name: str, db: Path | None, password_stdin: bool) -> None:
    """Set a new password for NAME (its open sessions are logged out)."""
    password = _read_password(password_stdin)
    with accounts.opened(_main_db(db)) as con:
        account, ended = accounts.set_password(con, name, password)
    click.echo(f"Changed the password of {account.name!r}; {ended} open sessions were logged out.")


@user_command.command("sessions")
@click.argument("name")
@db_option
@click.option("--revoke", is_flag=True, help="Log every session of NAME out (it must log in again).")
@friendly_errors
def user_sessions(name: str, db: Path | None, revoke: bool) -> None:
    """List the open login sessions of NAME (when each began and was last used), or end them with --revoke."""
    with accounts.opened(_main_db(db)) as con:
        if revoke:
            ended = accounts.end_sessions_of(con, name)
            click.echo(f"Logged out {ended} sessions of {accounts.find_account(con, name).name!r}.")
            return
        sessions = accounts.sessions_of(con, name)
        shown = accounts.find_account(con, name).name
    if not sessions:
        click.echo(f"{shown!r} has no open sessions.")
        return
    click.echo(f"{shown!r} has {len(sessions)} open sessions:")
    for session in sessions:
        click.echo(
            f"  logged in {_when(session.created_at)}, last used {_when(session.last_seen)}, "
            f"expires {_when(session.expires_at)}"
        )
