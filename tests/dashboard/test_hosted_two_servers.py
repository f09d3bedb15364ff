"""Two `liftbalance serve` instances on one PostgreSQL database are one site (issue 24, stateless web workers).

Instance A runs under gunicorn with two worker processes (``--workers 2``), instance B is the one-process
waitress server; both on loopback, on their own ports, against the same ``postgresql://`` database. A
login made on one is valid on the other (the session lives in the database and both sign cookies with the
key kept there), a logout on one ends the session on both, and the login rate limit counts the attempts
made on both: with per-process counters the three processes would each allow the per-name limit.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from dashboard.login_throttle import PER_NAME_LIMIT
from etl.store import accounts, push_tokens
from etl.store import database as store
from tests.components import csrf_token

HEVY = Path(__file__).resolve().parents[2] / "sample_logs" / "hevy_sample.csv"  # 175 KB: over 64 KB

PASSWORD = "correct horse battery"
START_S = 180  # three Dash apps starting at once on a busy 2-core machine
NAME_LIMIT = int(PER_NAME_LIMIT.split(" ", 1)[0])  # attempts per minute for one account name


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(url: str, port: int, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "liftbalance", "serve", "--db", url, "--port", str(port), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # gunicorn's master and workers stop together (the process group)
    )


def _wait_until_up(base: str, server: subprocess.Popen[str], deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server exited during start-up: {server.communicate()[1][-2000:]}")
        try:
            if requests.get(base + "/login", timeout=2).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or its workers still building the app
            pass
        time.sleep(0.3)
    raise AssertionError("the server did not start in time")


def _stop(server: subprocess.Popen[str]) -> str:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
    try:
        _, log = server.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        _, log = server.communicate(timeout=30)
    return log


@pytest.fixture
def two_sites(pg_url: str, tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """Instance A (gunicorn, 2 processes) and B (waitress) on ``pg_url``, with the account ``ana``."""
    with accounts.opened(pg_url) as con:
        accounts.add_account(con, "ana", PASSWORD)
    ports = _free_port(), _free_port()
    servers = [_serve(pg_url, ports[0], "--workers", "2"), _serve(pg_url, ports[1])]
    bases = tuple(f"http://127.0.0.1:{port}" for port in ports)
    try:
        deadline = time.monotonic() + START_S
        for base, server in zip(bases, servers, strict=True):
            _wait_until_up(base, server, deadline)
        yield bases[0], bases[1], pg_url
    finally:
        logs = [_stop(server) for server in servers]  # before pg_url's database is dropped
    for log in logs:
        assert "Traceback" not in log, log[-3000:]


def _log_in(client: requests.Session, base: str, name: str, password: str) -> requests.Response:
    token = csrf_token(client.get(base + "/login", timeout=30).text)
    return client.post(
        base + "/login",
        data={"csrf": token, "name": name, "password": password, "next": "/"},
        allow_redirects=False,
        timeout=60,
    )


def _is_logged_in(cookies: dict[str, str], base: str) -> bool:
    answer = requests.get(base + "/_dash-layout", cookies=cookies, allow_redirects=False, timeout=60)
    assert answer.status_code in (200, 401), answer.status_code
    return answer.status_code == 200


@pytest.mark.load
def test_two_serve_instances_on_one_database_are_one_site(two_sites: tuple[str, str, str]) -> None:
    site_a, site_b, url = two_sites
    browser = requests.Session()
    assert _log_in(browser, site_a, "ana", PASSWORD).status_code == 302
    cookies = browser.cookies.get_dict()
    # Made on A, valid on B (and on A, whichever of its two processes answers).
    assert [_is_logged_in(cookies, site) for site in (site_b, site_a, site_a, site_b)] == [True] * 4

    # Logout on B ends the session on both.
    token = csrf_token(browser.get(site_b + "/logout", timeout=30).text)
    assert (
        browser.post(site_b + "/logout", data={"csrf": token}, allow_redirects=False, timeout=30).status_code
        == 302
    )
    assert [_is_logged_in(cookies, site) for site in (site_a, site_a, site_b)] == [False] * 3

    # The per-name limit counts attempts on both instances together: alternate A and B with wrong passwords.
    guesser = requests.Session()
    statuses = [
        _log_in(guesser, (site_a, site_b)[attempt % 2], "nobody", "wrong password!").status_code
        for attempt in range(NAME_LIMIT + 1)
    ]
    assert statuses == [401] * NAME_LIMIT + [429]
    # Another name from the same address is still let through to the password check.
    assert _log_in(guesser, site_b, "ana", PASSWORD).status_code == 302

    # A push with a token made by the CLI's code lands in ana's own schema, through either instance; a big
    # body without a login or token is refused by both servers before it is read.
    with accounts.opened(url) as con:
        ana = accounts.find_account(con, "ana")
        _, token = push_tokens.create_token(con, account=ana, athlete="ana")
    pushed = requests.post(
        site_a + "/api/ingest",
        params={"filename": "hevy.csv"},
        data=HEVY.read_bytes(),
        headers={"Authorization": f"Bearer {token}"},
        timeout=300,
    )
    assert pushed.status_code == 200, pushed.text
    with store.opened(accounts.account_db_path(url, ana)) as con:
        assert con.execute("SELECT count(*) FROM sets").fetchone()[0] == pushed.json()["sets_added"] > 0
    with store.opened(url) as con:
        assert con.execute("SELECT count(*) FROM sets").fetchone()[0] == 0  # nothing in the main schema
    for site in (site_a, site_b):
        refused = requests.post(site + "/api/ingest", data=HEVY.read_bytes(), timeout=60)
        assert refused.status_code == 413, (site, refused.status_code)
