"""The hosted mode under load, on loopback: two ``liftbalance serve`` processes on one PostgreSQL, two
``liftbalance worker`` processes, and 8 clients sending 16 overlapping cumulative uploads and 80 chart
requests, each client's requests alternating between the two servers (an upload started on one is
polled on the other, with a login made on the first).

Afterwards the account holds exactly the sets a one-at-a-time import of the same files gives (nothing
lost, nothing doubled), every upload got its report, and no request got a 5xx. Prints the requests
per second held.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from etl.ingest import ingest
from etl.store import accounts
from etl.store import database as store
from sample_logs.synthetic import synthetic_export
from tests.components import csrf_token
from tests.helpers.loopback import CHART_REQUESTS, COPIES, PASSWORD, Client, free_port, wait_until_up
from tests.helpers.queue_workers import workers

pytestmark = pytest.mark.load


class TwoServerClient(Client):
    """A ``Client`` whose requests take turns between the two servers."""

    def __init__(self, bases: list[str], start: int, *args: Any) -> None:
        super().__init__(bases[0], *args)
        self.bases, self.turn = bases, itertools.count(start)

    def callback(self, fragment: str, values: dict, changed: str) -> dict:
        self.base = self.bases[next(self.turn) % len(self.bases)]
        return super().callback(fragment, values, changed)


def test_two_servers_two_workers_eight_clients_lose_and_double_nothing(pg_url: str) -> None:
    with accounts.opened(pg_url) as con:
        account = accounts.add_account(con, "lifter", PASSWORD)
    exports = [synthetic_export(400, "hevy", weeks_extra=k) for k in range(4)]  # cumulative
    with store.opened(":memory:") as con:  # the truth: the same files imported one at a time
        for i, data in enumerate(exports):
            ingest(con, data, f"e{i}.csv", athlete="lifter")
        [(expected_sets,)] = con.execute("SELECT count(*) FROM sets").fetchall()

    ports = [free_port(), free_port()]
    bases = [f"http://127.0.0.1:{p}" for p in ports]
    servers = [
        subprocess.Popen(
            [sys.executable, "-m", "liftbalance", "serve", "--db", pg_url, "--port", str(p)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in ports
    ]
    statuses: list[int] = []
    logs: list[str] = []
    try:
        with workers(pg_url, 2):
            for base, server in zip(bases, servers, strict=True):
                wait_until_up(base, server, time.monotonic() + 90)
            login = requests.Session()
            token = csrf_token(login.get(bases[0] + "/login", timeout=10).text)
            answer = login.post(
                bases[0] + "/login",
                data={"csrf": token, "name": "lifter", "password": PASSWORD},
                allow_redirects=False,
                timeout=30,
            )
            assert answer.status_code == 302
            deps = login.get(bases[1] + "/_dash-dependencies", timeout=30).json()  # the login holds on both

            def client(i: int) -> TwoServerClient:
                return TwoServerClient(bases, i, login.cookies, deps, statuses)

            uploads = [(data, f"export-{k}.csv") for k, data in enumerate(exports)] * COPIES
            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=8) as pool:
                done = [pool.submit(client(i).upload, d, n) for i, (d, n) in enumerate(uploads)]
                charts = [pool.submit(client(i).chart, i) for i in range(CHART_REQUESTS)]
                reports = [f.result() for f in done]
                for f in charts:
                    f.result()
            elapsed = time.monotonic() - started
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            logs.append(server.communicate(timeout=30)[1])

    print(
        f"\nhosted load: {len(statuses)} requests in {elapsed:.1f} s = {len(statuses) / elapsed:.0f} requests/s "
        f"held ({len(uploads)} uploads, {CHART_REQUESTS} chart callbacks, 8 clients, 2 servers, 2 workers)"
    )
    assert all("sets added" in r and "rejected" not in r for r in reports), reports[0]
    assert [s for s in statuses if s >= 500] == [], "\n".join(log[-2000:] for log in logs)
    assert all("Traceback" not in log for log in logs), logs
    with store.opened(accounts.account_db_path(pg_url, account)) as con:
        [(sets,)] = con.execute("SELECT count(*) FROM sets").fetchall()
        [(distinct,)] = con.execute(
            "SELECT count(*) FROM (SELECT DISTINCT athlete, workout_key, exercise_pos, set_pos FROM sets) AS d"
        ).fetchall()
        [(stored_uploads,)] = con.execute("SELECT count(*) FROM uploads").fetchall()
    assert sets == distinct == expected_sets
    assert stored_uploads == len(uploads)
