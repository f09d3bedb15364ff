"""Sessions that end: logout, a password change, a removed account and ``user sessions --revoke`` each log a
session out at once, even a cookie copied beforehand, and the ``user`` commands work while ``serve`` runs."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from dashboard.app import create_app
from etl.store import accounts
from liftbalance.cli import cli
from tests.components import csrf_token
from tests.helpers.accounts import login
from tests.helpers.loopback import free_port, wait_until_up

PASSWORD = "a long enough password"


@pytest.fixture
def main_db(tmp_path: Path) -> Path:
    main = tmp_path / "main.duckdb"
    with accounts.opened(main) as con:
        accounts.add_account(con, "ana", PASSWORD)
    return main


def test_a_cookie_copied_before_logout_opens_nothing_after(main_db):
    app = create_app(main_db)
    client = app.server.test_client()
    login(client, "ana", PASSWORD)
    copied = client.get_cookie("liftbalance_session")
    assert copied is not None
    logout_page = client.get("/logout")
    assert client.post("/logout", data={"csrf": csrf_token(logout_page.text)}).status_code == 302
    thief = app.server.test_client()
    thief.set_cookie("liftbalance_session", copied.value)
    assert thief.get("/_dash-layout").status_code == 401
    assert thief.get("/_dash-dependencies").status_code == 401
    assert thief.get("/").status_code == 302  # to the login page


def test_public_paths_are_exact_or_inside_their_folders(main_db):
    client = create_app(main_db).server.test_client()
    assert client.get("/_favicon.ico").status_code == 200
    for sneaky in (
        "/_favicon.icoX",
        "/_favicon.ico/x",
        "/loginX",
        "/assetsX/a.css",
        "/_dash-component-suitesX/a",
    ):
        assert client.get(sneaky).status_code in (302, 401), sneaky


def user(main: Path, *args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "liftbalance", "user", *args, "--db", str(main)],
        input=password,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.load
def test_user_commands_end_sessions_while_the_server_runs(main_db):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "liftbalance", "serve", "--db", str(main_db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_up(base, server, time.monotonic() + 60)

        def logged_in(password: str = PASSWORD) -> requests.Session:
            browser = requests.Session()
            token = csrf_token(browser.get(base + "/login", timeout=10).text)
            response = browser.post(
                base + "/login",
                data={"csrf": token, "name": "ana", "password": password},
                allow_redirects=False,
                timeout=30,
            )
            assert response.status_code == 302
            assert browser.get(base + "/_dash-layout", timeout=10).status_code == 200
            return browser

        first, second = logged_in(), logged_in()
        listed = user(main_db, "sessions", "ana")
        assert listed.returncode == 0, listed.stderr
        assert "'ana' has 2 open sessions" in listed.stdout

        changed = user(main_db, "password", "ana", "--password-stdin", password="a brand new password\n")
        assert changed.returncode == 0, changed.stderr  # it used to fail: "in use by another process"
        assert "2 open sessions were logged out" in changed.stdout
        assert first.get(base + "/_dash-layout", timeout=10).status_code == 401
        assert second.get(base + "/_dash-dependencies", timeout=10).status_code == 401

        third = logged_in("a brand new password")
        revoked = user(main_db, "sessions", "ana", "--revoke")
        assert revoked.returncode == 0 and "Logged out 1 sessions" in revoked.stdout
        assert third.get(base + "/_dash-layout", timeout=10).status_code == 401

        fourth = logged_in("a brand new password")
        removed = user(main_db, "remove", "ana")
        assert removed.returncode == 0, removed.stderr
        assert fourth.get(base + "/_dash-layout", timeout=10).status_code == 401
    finally:
        server.terminate()
        _, log = server.communicate(timeout=30)
    assert "Traceback" not in log


def test_user_sessions_names_an_unknown_account_cleanly(main_db):
    result = CliRunner().invoke(cli, ["user", "sessions", "nobody", "--db", str(main_db)])
    assert (
        result.exit_code == 1
        and "no account named 'nobody'" in result.output
        and "Traceback" not in result.output
    )
    empty = CliRunner().invoke(cli, ["user", "sessions", "ana", "--db", str(main_db)])
    assert empty.exit_code == 0 and "'ana' has no open sessions." in empty.output
