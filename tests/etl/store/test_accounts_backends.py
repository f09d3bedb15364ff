"""Accounts, sessions and push tokens behave the same in the SQLite file (embedded) and in PostgreSQL (hosted).

The same functions of etl.store.accounts and etl.store.push_tokens run on both stores; what differs is where
they live (etl.store.accounts_store). Each test runs against both, on exact small expectations."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from etl.store import accounts, accounts_store, push_tokens
from etl.store import database as store

PASSWORD = "correct horse battery"


@pytest.fixture(params=["sqlite", "postgres"])
def main_db(request: pytest.FixtureRequest, tmp_path: Path) -> accounts.MainDb:
    """The server's --db: a DuckDB file (accounts in SQLite beside it) or a PostgreSQL URL."""
    if request.param == "sqlite":
        return tmp_path / "main.duckdb"
    url: str = request.getfixturevalue("pg_url")
    return url


def test_login_session_and_logout(main_db: accounts.MainDb) -> None:
    with accounts.opened(main_db) as con:
        assert not accounts.has_accounts(con)
        ana = accounts.add_account(con, "Ana", PASSWORD)
        assert accounts.verify_login(con, "ANA", PASSWORD) == ana  # names compare without case
        assert accounts.verify_login(con, "ana", PASSWORD + "x") is None
        assert accounts.verify_login(con, "bob", PASSWORD) is None
        session = accounts.start_session(con, ana, now=1000.0)
        assert accounts.account_for_session(con, session, now=1001.0) == ana
        assert accounts.account_for_session(con, session, now=1000.0 + accounts.SESSION_LIFETIME_S) is None
        assert accounts.end_session(con, session) is True
        assert accounts.end_session(con, session) is False
        assert accounts.account_for_session(con, session, now=1001.0) is None
    assert accounts.server_has_accounts(main_db)


def test_a_name_is_taken_once(main_db: accounts.MainDb) -> None:
    with accounts.opened(main_db) as con:
        accounts.add_account(con, "Ana", PASSWORD)
        with pytest.raises(accounts.AccountError, match="already exists"):
            accounts.add_account(con, "ana", PASSWORD)
        assert [a.name for a in accounts.list_accounts(con)] == ["Ana"]


def test_password_change_and_removal_end_every_session(main_db: accounts.MainDb) -> None:
    with accounts.opened(main_db) as con:
        ana = accounts.add_account(con, "Ana", PASSWORD)
        bob = accounts.add_account(con, "Bob", PASSWORD)
        first, second = accounts.start_session(con, ana), accounts.start_session(con, ana)
        bobs = accounts.start_session(con, bob)
        assert len(accounts.sessions_of(con, "ana")) == 2
        assert accounts.set_password(con, "ana", PASSWORD + "2") == (ana, 2)
        assert accounts.account_for_session(con, first) is None
        assert accounts.account_for_session(con, second) is None
        assert accounts.end_sessions_of(con, "bob") == 1
        assert accounts.account_for_session(con, bobs) is None
        accounts.start_session(con, bob)
        assert accounts.remove_account(con, "bob") == bob
        assert [a.name for a in accounts.list_accounts(con)] == ["Ana"]
        assert (
            con.execute("SELECT count(*) FROM sessions WHERE account_id = ?", [bob.account_id]).fetchone()[0]
            == 0
        )


def test_push_tokens(main_db: accounts.MainDb) -> None:
    with accounts.opened(main_db) as con:
        ana = accounts.add_account(con, "Ana", PASSWORD)
        info, token = push_tokens.create_token(con, account=ana, athlete="ana")
        found = push_tokens.find_token(con, token)
        assert found is not None and (found.token_id, found.account, found.athlete) == (
            info.token_id,
            ana,
            "ana",
        )
        assert [t.token_id for t in push_tokens.list_tokens(con)] == [info.token_id]
        assert push_tokens.target_db(main_db, con, found) == accounts.account_db_path(main_db, ana)
    assert push_tokens.token_is_live(main_db, token)
    with accounts.opened(main_db) as con:
        push_tokens.revoke_token(con, info.token_id)
        assert push_tokens.find_token(con, token) is None
    assert not push_tokens.token_is_live(main_db, token)


def test_the_session_key_is_one_for_every_process(main_db: accounts.MainDb) -> None:
    key = accounts.session_signing_key(main_db)
    assert len(key) == 32
    assert accounts.session_signing_key(main_db) == key


def test_hosted_accounts_live_in_their_own_schema_beside_the_training_tables(pg_url: str) -> None:
    with accounts.opened(pg_url) as con:
        ana = accounts.add_account(con, "Ana", PASSWORD)
    with store.opened(pg_url) as con:
        # The training tables (public) keep the old DuckDB store's `accounts` table name free of ours.
        tables = {
            (schema, table)
            for schema, table in con.execute(
                "SELECT table_schema, table_name FROM information_schema.tables WHERE table_name IN (?, ?)",
                ["accounts", "sessions"],
            ).fetchall()
        }
    assert (accounts_store.PG_SCHEMA, "accounts") in tables
    assert (accounts_store.PG_SCHEMA, "sessions") in tables
    url = accounts.account_db_path(pg_url, ana)
    assert isinstance(url, str) and url.startswith(pg_url + "?options=")
    assert accounts.ensure_account_db_dir(pg_url, ana) == url


def test_each_hosted_account_sees_only_its_own_tables(pg_url: str) -> None:
    with accounts.opened(pg_url) as con:
        ana = accounts.add_account(con, "Ana", PASSWORD)
        bob = accounts.add_account(con, "Bob", PASSWORD)
    with store.opened(accounts.account_db_path(pg_url, ana)) as con:
        con.execute("INSERT INTO settings (athlete, key, value) VALUES (?, ?, ?)", ["ana", "unit", '"kg"'])
        assert con.execute("SELECT current_schema()").fetchone()[0] == accounts_store.account_schema(
            ana.account_id
        )
    with store.opened(accounts.account_db_path(pg_url, bob)) as con:
        assert con.execute("SELECT count(*) FROM settings").fetchone()[0] == 0
    with store.opened(pg_url) as con:
        assert con.execute("SELECT count(*) FROM settings").fetchone()[0] == 0
    with store.opened(accounts.account_db_path(pg_url, ana)) as con:
        assert con.execute("SELECT athlete, key FROM settings").fetchall() == [("ana", "unit")]


def test_two_processes_adding_one_name_at_once_leave_one_account(pg_url: str) -> None:
    """Threads with their own connections stand in for processes: the UNIQUE name key decides, not a race."""
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def add() -> None:
        with accounts.opened(pg_url) as con:
            barrier.wait()
            try:
                accounts.add_account(con, "Ana", PASSWORD)
                outcomes.append("added")
            except accounts.AccountError:
                outcomes.append("refused")

    threads = [threading.Thread(target=add) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["added", "refused", "refused", "refused"]
    with accounts.opened(pg_url) as con:
        assert len(accounts.list_accounts(con)) == 1


def test_a_request_thread_keeps_its_hosted_connection_and_replaces_a_dropped_one(pg_url: str) -> None:
    with accounts.opened(pg_url) as con:
        first = con.raw
        with accounts.opened(pg_url) as nested:  # nested in one thread: a connection of its own
            assert nested.raw is not first
        pid = con.execute("SELECT pg_backend_pid()").fetchone()[0]
    with accounts.opened(pg_url) as con:
        assert con.raw is first  # kept: no new connection per request
    with store.opened(pg_url) as admin:  # the server drops it (a restart, an administrator)
        admin.execute("SELECT pg_terminate_backend(?)", [pid])
    with accounts.opened(pg_url) as con:
        assert con.raw is not first and con.execute("SELECT count(*) FROM accounts").fetchone() == (0,)
        second = con.raw
    with pytest.raises(RuntimeError), accounts.opened(pg_url) as con:
        con.execute("BEGIN")
        raise RuntimeError("a caller failed inside its own transaction")
    with accounts.opened(pg_url) as con:  # that connection was not kept with its transaction open
        assert con.raw is not second
        assert con.execute("SELECT count(*) FROM accounts").fetchone() == (0,)
