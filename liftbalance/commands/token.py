"""``liftbalance token create|list|revoke``: the tokens a phone uses to push exports to ``POST /api/ingest``.

A token is shown once, when made; only its hash is kept (``etl.store.push_tokens``), in the accounts file,
so these commands work while ``liftbalance serve`` runs and a revoked token is refused at once.
With accounts, a token belongs to one account (``--user``) and writes to that account's data only.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from etl.store import accounts, push_tokens
from liftbalance.options import athlete_option, db_option, friendly_errors, resolve_db


def _when(stamp: float | None) -> str:
    if stamp is None:
        return "never"
    return datetime.fromtimestamp(stamp).astimezone().strftime("%Y-%m-%d %H:%M %Z")


def _whose(token: push_tokens.PushToken) -> str:
    return f"account {token.account.name!r}" if token.account else "this database (no accounts)"


@click.group("token")
def token_command() -> None:
    """Push tokens: let a phone or script send exports to the dashboard's /api/ingest."""


@token_command.command("create")
@db_option
@athlete_option
@click.option(
    "--user",
    "user",
    default=None,
    metavar="NAME",
    help="The account the token writes to (required once the dashboard has accounts).",
)
@friendly_errors
def token_create(db: Path | None, athlete: str, user: str | None) -> None:
    """Make a token for one athlete and print it once (only its hash is kept)."""
    main = resolve_db(db)
    with accounts.opened(main) as con:
        if user is None and accounts.has_accounts(con):
            raise click.UsageError(
                "This dashboard has accounts: say which one the token writes to with --user NAME."
            )
        account = accounts.find_account(con, user) if user is not None else None
        info, token = push_tokens.create_token(con, account=account, athlete=athlete)
    click.echo(f"Push token {info.token_id} for athlete {info.athlete!r} of {_whose(info)}.", err=True)
    click.echo(
        "Copy it now: it is not shown again. Send it as the header  Authorization: Bearer <token>", err=True
    )
    click.echo(token)


@token_command.command("list")
@db_option
@friendly_errors
def token_list(db: Path | None) -> None:
    """List the push tokens: their ids, whose data they write, when made and last used."""
    main = resolve_db(db)
    found: list[push_tokens.PushToken] = []
    if accounts.store_exists(main):
        with accounts.opened(main) as con:
            found = push_tokens.list_tokens(con)
    if not found:
        click.echo("No push tokens. Make one with `liftbalance token create --athlete NAME`.")
        return
    for token in found:
        click.echo(
            f"{token.token_id}  athlete {token.athlete!r} of {_whose(token)}; "
            f"made {_when(token.created_at)}, last used {_when(token.last_used)}"
        )


@token_command.command("revoke")
@click.argument("token_id")
@db_option
@friendly_errors
def token_revoke(token_id: str, db: Path | None) -> None:
    """Revoke the token TOKEN_ID (as `token list` shows it): pushes with it are refused from now on."""
    main = resolve_db(db)
    if not accounts.store_exists(main):
        raise click.ClickException(
            f"There is no push token {token_id!r}; `liftbalance token list` shows them."
        )
    with accounts.opened(main) as con:
        info = push_tokens.revoke_token(con, token_id)
    click.echo(f"Revoked push token {info.token_id} (athlete {info.athlete!r} of {_whose(info)}).")
