"""Accounts: argon2 hashes (never the password), names unique without case, sessions that die with the
account or its old password, each account's own database file, and the ``liftbalance user`` commands."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from etl import accounts, store
from etl.accounts import AccountError
from liftbalance.cli import cli

PASSWORD = "correct horse battery staple"


def test_passwords_are_stored_as_argon2id_hashes_only(con):
    account = accounts.add_account(con, "Ana", PASSWORD)
    (stored,) = con.execute("SELECT password_hash FROM accounts").fetchone()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert accounts.verify_login(con, "ana", PASSWORD) == account
    assert accounts.verify_login(con, "ana", PASSWORD + "x") is None
    assert accounts.verify_login(con, "nobody", PASSWORD) is None
    assert accounts.verify_login(con, "", "") is None


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [("", PASSWORD, "empty"), ("a" * 65, PASSWORD, "at most 64"), ("bad\x00name", PASSWORD, "control characters"),
     ("ok", "short", "too short"), ("ok", "x" * 2000, "too long")],
)
def test_bad_names_and_passwords_are_refused(con, name, password, message):
    with pytest.raises(AccountError, match=message):
        accounts.add_account(con, name, password)
    assert not accounts.has_accounts(con)


def test_names_are_unique_without_case(con):
    accounts.add_account(con, "Ana", PASSWORD)
    with pytest.raises(AccountError, match="already exists"):
        accounts.add_account(con, "ANA", PASSWORD)
    assert [a.name for a in accounts.list_accounts(con)] == ["Ana"]


def test_sessions_end_with_a_password_change_or_removal(con):
    account = accounts.add_account(con, "ana", PASSWORD)
    assert accounts.account_for_session(con, account.session_token) == account
    for forged in (None, 42, "", account.account_id, f"{account.account_id}:wrong", "a:b:c"):
        assert accounts.account_for_session(con, forged) is None
    changed = accounts.set_password(con, "ana", "another long password")
    assert accounts.account_for_session(con, account.session_token) is None
    assert accounts.account_for_session(con, changed.session_token) == changed
    assert accounts.verify_login(con, "ana", PASSWORD) is None
    accounts.remove_account(con, "ana")
    assert accounts.account_for_session(con, changed.session_token) is None
    with pytest.raises(AccountError, match="no account named 'ana'"):
        accounts.remove_account(con, "ana")


def test_each_account_gets_its_own_private_file_named_by_id_not_name(con, tmp_path):
    main = tmp_path / "lb.duckdb"
    a = accounts.add_account(con, "../../etc/passwd", PASSWORD)
    b = accounts.add_account(con, "bo", PASSWORD)
    path_a, path_b = accounts.ensure_account_db_dir(main, a), accounts.ensure_account_db_dir(main, b)
    assert path_a != path_b and path_a.parent == tmp_path / "lb-accounts"
    assert path_a.name == f"{a.account_id}.duckdb" and "passwd" not in str(path_a)
    assert stat.S_IMODE(os.stat(path_a.parent).st_mode) == 0o700


def test_the_app_secret_is_generated_once_and_kept(tmp_path):
    db = tmp_path / "lb.duckdb"
    with store.opened(db) as con:
        first = accounts.app_secret(con)
    with store.opened(db) as con:
        assert accounts.app_secret(con) == first
    assert len(first) >= 48


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["user", *args], input=input)


def test_user_commands(tmp_path: Path):
    db = str(tmp_path / "lb.duckdb")
    assert "No accounts" in run("list", "--db", db).output
    added = run("add", "ana", "--db", db, input=f"{PASSWORD}\n{PASSWORD}\n")  # prompted twice
    assert added.exit_code == 0, added.output
    assert PASSWORD not in added.output  # hidden input is not echoed
    mismatch = run("add", "bo", "--db", db, input=f"{PASSWORD}\nsomething else entirely\n{PASSWORD}\n{PASSWORD}\n")
    assert mismatch.exit_code == 0 and "do not match" in mismatch.output
    scripted = run("add", "cy", "--db", db, "--password-stdin", input=f"{PASSWORD}\n")
    assert scripted.exit_code == 0
    listed = run("list", "--db", db)
    assert [line.split("\t")[0] for line in listed.output.splitlines()] == ["ana", "bo", "cy"]
    duplicate = run("add", "Ana", "--db", db, "--password-stdin", input=f"{PASSWORD}\n")
    assert duplicate.exit_code == 1 and "already exists" in duplicate.output and "Traceback" not in duplicate.output
    assert run("password", "bo", "--db", db, "--password-stdin", input="a new long password\n").exit_code == 0
    removed = run("remove", "bo", "--db", db)
    assert removed.exit_code == 0 and "bo-" not in removed.output and "lb-accounts" in removed.output
    assert [line.split("\t")[0] for line in run("list", "--db", db).output.splitlines()] == ["ana", "cy"]
    with store.opened(db) as con:
        assert accounts.verify_login(con, "cy", PASSWORD) is not None
