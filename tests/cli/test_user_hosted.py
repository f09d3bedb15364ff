"""`liftbalance user` and `token` on a hosted site (`--db postgresql://...`): the accounts live in the database,
and no message prints the URL's password."""

from __future__ import annotations

from click.testing import CliRunner

from etl.store import accounts
from liftbalance.cli import cli

PASSWORD = "correct horse battery"


def _with_password(url: str) -> str:
    """``url`` with a password in it (the test server trusts loopback, so it is sent and ignored)."""
    scheme, _, rest = url.partition("://")
    user, _, host = rest.partition("@")
    return f"{scheme}://{user}:s3cret-word@{host}"


def test_user_add_list_sessions_and_remove_on_postgresql(pg_url: str) -> None:
    url = _with_password(pg_url)
    runner = CliRunner()
    added = runner.invoke(cli, ["user", "add", "Ana", "--db", url, "--password-stdin"], input=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    assert "the schema account_" in added.output
    listed = runner.invoke(cli, ["user", "list", "--db", url])
    assert listed.exit_code == 0 and listed.output.startswith("Ana\tthe schema account_")
    with accounts.opened(url) as con:
        ana = accounts.find_account(con, "ana")
        accounts.start_session(con, ana)
    sessions = runner.invoke(cli, ["user", "sessions", "ana", "--db", url, "--revoke"])
    assert sessions.exit_code == 0, sessions.output
    with accounts.opened(url) as con:
        assert accounts.sessions_of(con, "ana") == []
    token = runner.invoke(cli, ["token", "create", "--db", url, "--user", "ana", "--athlete", "ana"])
    assert token.exit_code == 0, token.output
    removed = runner.invoke(cli, ["user", "remove", "ana", "--db", url])
    assert removed.exit_code == 0, removed.output
    for result in (added, listed, sessions, token, removed):
        assert "s3cret-word" not in result.output
    with accounts.opened(url) as con:
        assert accounts.list_accounts(con) == []
