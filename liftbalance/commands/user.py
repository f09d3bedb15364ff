"""``liftbalance user add|list|remove|password``: the dashboard's accounts, managed from the terminal.

Accounts are what let ``liftbalance serve`` listen beyond this machine: with at least one, every
page needs a login and each account works in its own database file. Passwords are prompted
twice and never echoed; ``--password-stdin`` reads one line for scripts and tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from etl.accounts import account_db_path, add_account, list_accounts, remove_account, set_password
from liftbalance.options import db_option, friendly_errors, open_db, resolve_db

password_stdin_option = click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of standard input (for scripts)."
)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


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
    with open_db(db) as con:
        account = add_account(con, name, password)
    click.echo(f"Added account {account.name!r}; its data will live in {account_db_path(resolve_db(db), account)}.")


@user_command.command("list")
@db_option
@friendly_errors
def user_list(db: Path | None) -> None:
    """List the accounts and where each one's data lives."""
    with open_db(db) as con:
        accounts = list_accounts(con)
    if not accounts:
        click.echo("No accounts: the dashboard is open to whoever can reach it (this machine only by default).")
        return
    for account in accounts:
        click.echo(f"{account.name}\t{account_db_path(resolve_db(db), account)}")


@user_command.command("remove")
@click.argument("name")
@db_option
@friendly_errors
def user_remove(name: str, db: Path | None) -> None:
    """Remove account NAME; it is logged out at once. Its data file is kept (delete it yourself)."""
    with open_db(db) as con:
        account = remove_account(con, name)
    click.echo(
        f"Removed account {account.name!r}. Its data is still in {account_db_path(resolve_db(db), account)}."
    )


@user_command.command("password")
@click.argument("name")
@db_option
@password_stdin_option
@friendly_errors
def user_password(name: str, db: Path | None, password_stdin: bool) -> None:
    """Set a new password for NAME (its open sessions are logged out)."""
    password = _read_password(password_stdin)
    with open_db(db) as con:
        account = set_password(con, name, password)
    click.echo(f"Changed the password of {account.name!r}; its sessions were logged out.")
