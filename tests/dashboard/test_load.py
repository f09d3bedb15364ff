"""A bounded load test on loopback: a real ``liftbalance serve`` process with an account, parallel
uploads (the same file several times, overlapping cumulative exports) and chart callbacks at once.
Afterwards the account's database holds exactly the sets a one-at-a-time import of the same files
gives (nothing lost, nothing doubled), and no request got a 5xx. Prints the requests per second held."""

from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from etl.ingest import ingest
from etl.store import accounts
from etl.store import database as store
from sample_logs.synthetic import synthetic_export
from tests.components import csrf_token
from tests.helpers.loopback import CHART_REQUESTS, COPIES, PASSWORD, Client, free_port, wait_until_up

pytestmark = pytest.mark.load


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
