"""Accounts: argon2 hashes (never the password), names unique without case, sessions that die with the
account or its old password, each account's own database file, and the ``liftbalance user`` commands."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from etl.store import accounts
from etl.store import database as store
from etl.store.accounts import AccountError
from liftbalance.cli import cli

PASSWORD = "correct horse battery staple"


@pytest.fixture
def con(tmp_path):
    """The accounts file of a server on ``tmp_path/lb.duckdb`` (SQLite; see etl.store.accounts)."""
    with accounts.opened(tmp_path / "lb.duckdb") as connection:
        yield connection


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
    [
        ("", PASSWORD, "empty"),
        ("a" * 65, PASSWORD, "at most 64"),
        ("bad\x00name", PASSWORD, "control characters"),
        ("ok", "short", "too short"),
        ("ok", "x" * 2000, "too long"),
    ],
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


def test_sessions_end_with_logout_a_password_change_a_revoke_or_removal(con):
    account = accounts.add_account(con, "ana", PASSWORD)
    first, second = accounts.start_session(con, account), accounts.start_session(con, account)
    assert accounts.account_for_session(con, first) == account
    for forged in (None, 42, "", account.account_id, first + "x", "a" * 500):
        assert accounts.account_for_session(con, forged) is None
    (stored,) = con.execute("SELECT group_concat(id_hash) FROM sessions").fetchone()
    assert first not in stored and second not in stored  # only hashes are kept
    assert accounts.end_session(con, first) is True
    assert accounts.account_for_session(con, first) is None
    assert accounts.account_for_session(con, second) == account
    assert [s.account for s in accounts.sessions_of(con, "ANA")] == [account]
    changed, ended = accounts.set_password(con, "ana", "another long password")
    assert ended == 1 and accounts.account_for_session(con, second) is None
    assert accounts.verify_login(con, "ana", PASSWORD) is None
    third = accounts.start_session(con, changed)
    assert accounts.end_sessions_of(con, "ana") == 1 and accounts.account_for_session(con, third) is None
    fourth = accounts.start_session(con, changed)
    accounts.remove_account(con, "ana")
    assert accounts.account_for_session(con, fourth) is None
    with pytest.raises(AccountError, match="no account named 'ana'"):
        accounts.remove_account(con, "ana")


def test_sessions_expire(con):
    account = accounts.add_account(con, "ana", PASSWORD)
    session = accounts.start_session(con, account, now=1000.0)
    assert accounts.account_for_session(con, session, now=1000.0 + accounts.SESSION_LIFETIME_S - 1) == account
    assert accounts.account_for_session(con, session, now=1000.0 + accounts.SESSION_LIFETIME_S) is None


def test_each_account_gets_its_own_private_file_named_by_id_not_name(con, tmp_path):
    main = tmp_path / "lb.duckdb"
    a = accounts.add_account(con, "../../etc/passwd", PASSWORD)
    b = accounts.add_account(con, "bo", PASSWORD)
    path_a, path_b = accounts.ensure_account_db_dir(main, a), accounts.ensure_account_db_dir(main, b)
    assert path_a != path_b and path_a.parent == tmp_path / "lb-accounts"
    assert path_a.name == f"{a.account_id}.duckdb" and "passwd" not in str(path_a)
    assert stat.S_IMODE(os.stat(path_a.parent).st_mode) == 0o700


def test_the_session_key_is_generated_once_into_a_private_file(tmp_path):
    db = tmp_path / "lb.duckdb"
    first = accounts.session_signing_key(db)
    assert accounts.session_signing_key(db) == first and len(first) == 32
    key_file = tmp_path / "lb-accounts" / accounts.SESSION_KEY_FILE
    assert key_file.read_bytes() == first
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(key_file.parent).st_mode) == 0o700


def test_accounts_an_older_version_kept_in_duckdb_move_to_the_accounts_file(tmp_path):
    db = tmp_path / "lb.duckdb"
    with store.opened(db) as duck:
        duck.execute(
            "INSERT INTO accounts (account_id, name, password_hash, session_key) VALUES (?, ?, ?, ?)",
            ["ab12", "Ana", accounts._HASHER.hash(PASSWORD), "old"],
        )
        duck.execute("INSERT INTO app_secrets VALUES ('session_secret', 'old key')")
        assert accounts.import_legacy_accounts(duck, db) == 1
        assert duck.execute("SELECT count(*) FROM accounts").fetchone() == (0,)
        assert duck.execute("SELECT count(*) FROM app_secrets").fetchone() == (0,)
        assert accounts.import_legacy_accounts(duck, db) == 0
    with accounts.opened(db) as con:
        assert accounts.verify_login(con, "ana", PASSWORD) == accounts.Account("ab12", "Ana")


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["user", *args], input=input)


def test_user_commands(tmp_path: Path):
    db = str(tmp_path / "lb.duckdb")
    assert "No accounts" in run("list", "--db", db).output
    added = run("add", "ana", "--db", db, input=f"{PASSWORD}\n{PASSWORD}\n")  # prompted twice
    assert added.exit_code == 0, added.output
    assert PASSWORD not in added.output  # hidden input is not echoed
    mismatch = run(
        "add", "bo", "--db", db, input=f"{PASSWORD}\nsomething else entirely\n{PASSWORD}\n{PASSWORD}\n"
    )
    assert mismatch.exit_code == 0 and "do not match" in mismatch.output
    scripted = run("add", "cy", "--db", db, "--password-stdin", input=f"{PASSWORD}\n")
    assert scripted.exit_code == 0
    listed = run("list", "--db", db)
    assert [line.split("\t")[0] for line in listed.output.splitlines()] == ["ana", "bo", "cy"]
    duplicate = run("add", "Ana", "--db", db, "--password-stdin", input=f"{PASSWORD}\n")
    assert (
        duplicate.exit_code == 1
        and "already exists" in duplicate.output
        and "Traceback" not in duplicate.output
    )
    assert run("password", "bo", "--db", db, "--password-stdin", input="a new long password\n").exit_code == 0
    removed = run("remove", "bo", "--db", db)
    assert removed.exit_code == 0 and "bo-" not in removed.output and "lb-accounts" in removed.output
    assert [line.split("\t")[0] for line in run("list", "--db", db).output.splitlines()] == ["ana", "cy"]
    with accounts.opened(Path(db)) as con:
        assert accounts.verify_login(con, "cy", PASSWORD) is not None
