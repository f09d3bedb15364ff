"""``liftbalance token create|list|revoke`` through click's runner: shown once, stored hashed, revocable."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from etl.store import accounts, push_tokens
from liftbalance.cli import cli


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_create_prints_the_token_once_and_keeps_only_its_hash(tmp_path: Path) -> None:
    main = tmp_path / "main.duckdb"
    code, out, err = invoke("token", "create", "--db", str(main), "--athlete", "ana")
    assert code == 0, err
    token = out.strip()
    assert re.fullmatch(r"lbp_[A-Za-z0-9_-]{43}", token)
    assert "not shown again" in err and "athlete 'ana'" in err
    raw = accounts.accounts_file(main).read_bytes()
    assert token.encode() not in raw
    with sqlite3.connect(accounts.accounts_file(main)) as con:
        assert con.execute("SELECT count(*), min(athlete), min(account_id) FROM push_tokens").fetchone() == (
            1,
            "ana",
            None,
        )
    code, listed, _ = invoke("token", "list", "--db", str(main))
    assert code == 0
    assert token not in listed and token[4:12] not in listed
    assert re.match(
        r"[0-9a-f]{8}  athlete 'ana' of this database \(no accounts\); made .+, last used never", listed
    )


def test_revoke_removes_the_token_and_an_unknown_id_is_an_error(tmp_path: Path) -> None:
    main = tmp_path / "main.duckdb"
    token = invoke("token", "create", "--db", str(main))[1].strip()
    token_id = invoke("token", "list", "--db", str(main))[1].split()[0]
    code, out, _ = invoke("token", "revoke", token_id, "--db", str(main))
    assert code == 0 and f"Revoked push token {token_id}" in out
    assert "No push tokens" in invoke("token", "list", "--db", str(main))[1]
    with accounts.opened(main) as con:
        assert push_tokens.find_token(con, token) is None
    code, _, err = invoke("token", "revoke", token_id, "--db", str(main))
    assert code == 1 and f"There is no push token '{token_id}'" in err


def test_with_accounts_a_token_names_its_account(tmp_path: Path) -> None:
    main = tmp_path / "main.duckdb"
    assert (
        invoke("user", "add", "alice", "--db", str(main), "--password-stdin", stdin="correct horse 1\n")[0]
        == 0
    )
    code, _, err = invoke("token", "create", "--db", str(main), "--athlete", "ana")
    assert code == 2 and "--user NAME" in err
    code, _, err = invoke("token", "create", "--db", str(main), "--user", "nobody")
    assert code == 1 and "no account named 'nobody'" in err
    code, out, err = invoke("token", "create", "--db", str(main), "--athlete", "ana", "--user", "Alice")
    assert code == 0 and "account 'alice'" in err
    with accounts.opened(main) as con:
        found = push_tokens.find_token(con, out.strip())
        assert found is not None and found.account is not None and found.account.name == "alice"
        assert push_tokens.target_db(main, con, found) == accounts.account_db_path(main, found.account)
    assert "athlete 'ana' of account 'alice'" in invoke("token", "list", "--db", str(main))[1]
    # Removing the account removes its tokens.
    assert invoke("user", "remove", "alice", "--db", str(main))[0] == 0
    assert "No push tokens" in invoke("token", "list", "--db", str(main))[1]
