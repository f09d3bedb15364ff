"""A bounded load test on loopback: a real ``liftbalance serve`` process with an account, parallel
uploads (the same file several times, overlapping cumulative exports) and chart callbacks at once.
Afterwards the account's database holds exactly the sets a one-at-a-time import of the same files
gives (nothing lost, nothing doubled), and no request got a 5xx. Prints the requests per second held."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests

from etl.ingest import ingest
from etl.store import accounts
from etl.store import database as store
from sample_logs.synthetic import synthetic_export
from tests.components import csrf_token, data_url
from tests.dashboard.test_security_isolation import callback_body, find_callback

pytestmark = pytest.mark.load

PASSWORD = "load test password"
COPIES = 4  # each of the cumulative exports is uploaded this many times, all at once
CHART_REQUESTS = 80
TIMEOUT_S = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(base: str, server: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited during start-up"
        try:
            if requests.get(base + "/login", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise AssertionError("the server did not start in time")


class Client:
    """One browser: a session cookie, and Dash's callback POSTs. Records every status code."""

    def __init__(self, base: str, cookies: Any, deps: list[dict[str, Any]], statuses: list[int]):
        self.base, self.http, self.deps, self.statuses = base, requests.Session(), deps, statuses
        self.http.cookies.update(cookies)

    def callback(self, fragment: str, values: dict, changed: str) -> dict:
        body = callback_body(find_callback(self.deps, fragment), values, changed)
        response = self.http.post(
            self.base + "/_dash-update-component",
            data=json.dumps(body),
            headers={"Content-Type": "application/json"},
            timeout=TIMEOUT_S,
        )
        self.statuses.append(response.status_code)
        return response.json()["response"] if response.status_code == 200 else {}

    def upload(self, data: bytes, name: str) -> str:
        started = self.callback(
            "import-job.data",
            {
                ("upload", "contents"): [data_url(data)],
                ("upload", "filename"): [name],
                ("upload-new-athlete", "value"): "lifter",
                ("skip-invalid", "value"): False,
            },
            "upload.contents",
        )
        job = started["import-job"]["data"]
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            answer = self.callback(
                "upload-progress.value",
                {("import-poll", "n_intervals"): 1, ("import-job", "data"): job},
                "import-poll.n_intervals",
            )
            if answer.get("import-poll", {}).get("disabled") is True:
                return json.dumps(answer)
            time.sleep(0.1)
        raise AssertionError(f"upload {name} did not finish")

    def chart(self, i: int) -> None:
        values = {
            ("selection", "data"): {"athlete": "lifter", "start": None, "end": None},
            ("metric", "value"): "sets",
        }
        fragment = ("balance-cards", "export-preview", "exercise-table")[i % 3]
        self.callback(fragment, values, "selection.data")


def test_parallel_uploads_and_charts_lose_and_double_nothing(tmp_path: Path):
    main = tmp_path / "main.duckdb"
    with accounts.opened(main) as con:
        account = accounts.add_account(con, "lifter", PASSWORD)
    exports = [
        synthetic_export(400, "hevy", weeks_extra=k) for k in range(4)
    ]  # cumulative: each extends the last
    with store.opened(":memory:") as con:  # the truth: the same files imported one at a time
        for i, data in enumerate(exports):
            ingest(con, data, f"e{i}.csv", athlete="lifter")
        [(expected_sets,)] = con.execute("SELECT count(*) FROM sets").fetchall()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "liftbalance", "serve", "--db", str(main), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    statuses: list[int] = []
    try:
        wait_until_up(base, server, time.monotonic() + 60)
        login = requests.Session()
        token = csrf_token(login.get(base + "/login", timeout=10).text)
        assert (
            login.post(
                base + "/login",
                data={"csrf": token, "name": "lifter", "password": PASSWORD},
                allow_redirects=False,
                timeout=30,
            ).status_code
            == 302
        )
        deps = login.get(base + "/_dash-dependencies", timeout=30).json()
        uploads = [(data, f"export-{k}.csv") for k, data in enumerate(exports)] * COPIES
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=8) as pool:
            done = [pool.submit(Client(base, login.cookies, deps, statuses).upload, d, n) for d, n in uploads]
            charts = [
                pool.submit(Client(base, login.cookies, deps, statuses).chart, i)
                for i in range(CHART_REQUESTS)
            ]
            reports = [f.result() for f in done]
            for f in charts:
                f.result()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        _, log = server.communicate(timeout=30)

    print(
        f"\nload: {len(statuses)} requests in {elapsed:.1f} s = {len(statuses) / elapsed:.0f} requests/s held "
        f"({len(uploads)} uploads, {CHART_REQUESTS} chart callbacks, 8 clients)"
    )
    assert [s for s in statuses if s >= 500] == [], log[-2000:]
    assert all("sets added" in r and "rejected" not in r for r in reports), reports[
        0
    ]  # every upload got its report
    assert "Traceback" not in log
    with store.opened(accounts.account_db_path(main, account)) as con:
        [(sets,)] = con.execute("SELECT count(*) FROM sets").fetchall()
        [(distinct,)] = con.execute(
            "SELECT count(*) FROM (SELECT DISTINCT athlete, workout_key, exercise_pos, set_pos FROM sets)"
        ).fetchall()
        [(stored_uploads,)] = con.execute("SELECT count(*) FROM uploads").fetchall()
    assert sets == distinct == expected_sets
    assert stored_uploads == len(uploads)


def test_threads_writing_one_database_file_queue_instead_of_conflicting(tmp_path: Path):
    """Without ``store.write_lock`` these fail at COMMIT ("duplicate key upload_id") or lose an import."""
    db = tmp_path / "lb.duckdb"
    store.connect(db).close()
    files = [synthetic_export(300, "strong", weeks_extra=i % 3) for i in range(8)]

    def work(i: int) -> int:
        with store.opened(db) as con:
            return ingest(con, files[i], f"f{i}.csv", tz="UTC", unit="kg").upload_id or 0

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = sorted(pool.map(work, range(8)))
    assert ids == list(range(1, 9))
    with store.opened(":memory:") as con:
        for i in (0, 1, 2):
            ingest(con, files[i], f"f{i}.csv", tz="UTC", unit="kg")
        expected = con.execute("SELECT * EXCLUDE (upload_id) FROM sets ORDER BY ALL").fetchall()
    with store.opened(db) as con:
        assert con.execute("SELECT * EXCLUDE (upload_id) FROM sets ORDER BY ALL").fetchall() == expected
