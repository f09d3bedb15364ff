"""Mixed-request throughput of a hosted site with 1 and 2 web processes (``serve --workers N``).

Against a local PostgreSQL (``bench.hosted_pg``): one account whose athlete has a 50k-set history;
8 clients, logged in, send a fixed number of requests, taking turns through the Balance page's cards,
the export preview, the exercises table (Dash callbacks, as the browser posts them) and a page load.
Throughput is requests per wall second; the CPU per request is the web processes' (gunicorn's master
and workers, from /proc) plus the database server's, divided by the requests. The 8 clients run in this
process on the same two cores, so the figures are a floor for a machine that only serves.

``python -m bench.hosted_web [--smoke]`` prints the rows; ``bench.run`` includes them in ``make bench``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests
from requests.adapters import HTTPAdapter, Retry

from bench.hosted_pg import LocalPostgres, local_postgres, tree_cpu_s
from etl.ingest import ingest
from etl.store import accounts
from etl.store import database as store
from sample_logs.synthetic import synthetic_export
from tests.components import csrf_token
from tests.helpers.loopback import PASSWORD, Client, free_port

CLIENTS = 8
KINDS = ("balance-cards", "export-preview", "exercise-table", "page")


class TimedClient(Client):
    """A logged-in browser that times each request."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.seconds: list[float] = []
        # A keep-alive connection the server closed while idle (gunicorn keeps one 2 s) resets the next request
        # sent on it; a browser sends that request again on a new connection, and so does this client.
        self.http.mount(
            "http://",
            HTTPAdapter(max_retries=Retry(total=2, connect=2, read=2, status=0, allowed_methods=None)),
        )

    def one(self, i: int) -> None:
        started = time.perf_counter()
        kind = KINDS[i % len(KINDS)]
        if kind == "page":
            self.statuses.append(self.http.get(self.base + "/", timeout=120).status_code)
        else:
            self.chart(KINDS.index(kind))
        self.seconds.append(time.perf_counter() - started)


def wait_until_up(base: str, server: subprocess.Popen[str], timeout: float = 180) -> None:
    """Until the login page answers (each gunicorn worker builds its app after the fork: seconds)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited: {server.communicate()[1][-2000:]}")
        try:
            if requests.get(base + "/login", timeout=30).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError("the server did not start in time")


def _site(pg: LocalPostgres, sets: int) -> str:
    url = pg.fresh_database("bench_web")
    with accounts.opened(url) as con:
        account = accounts.add_account(con, "lifter", PASSWORD)
    with store.opened(accounts.account_db_path(url, account)) as con:
        ingest(con, synthetic_export(sets, "hevy"), "history.csv", athlete="lifter")
    return url


def measure_processes(pg: LocalPostgres, url: str, processes: int, n_requests: int) -> dict[str, Any]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "liftbalance",
            "serve",
            "--db",
            url,
            "--port",
            str(port),
            "--workers",
            str(processes),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    statuses: list[int] = []
    try:
        wait_until_up(base, server)
        login = requests.Session()
        token = csrf_token(login.get(base + "/login", timeout=30).text)
        login.post(
            base + "/login", data={"csrf": token, "name": "lifter", "password": PASSWORD}, timeout=30
        ).raise_for_status()
        deps = login.get(base + "/_dash-dependencies", timeout=30).json()
        clients = [TimedClient(base, login.cookies, deps, statuses) for _ in range(CLIENTS)]
        for i, c in enumerate(clients):  # warm every process: the first callback imports and caches
            c.one(i)
        statuses.clear()
        web_before, db_before = tree_cpu_s(server.pid), pg.server_cpu_s()
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            for f in [pool.submit(clients[i % CLIENTS].one, i) for i in range(n_requests)]:
                f.result()
        elapsed = time.monotonic() - started
        web_cpu, db_cpu = tree_cpu_s(server.pid) - web_before, pg.server_cpu_s() - db_before
    except Exception:
        server.terminate()
        print(server.communicate(timeout=60)[1][-3000:], file=sys.stderr)  # the server's side of the failure
        raise
    server.terminate()
    server.communicate(timeout=60)
    seconds = sorted(s for c in clients for s in c.seconds[1:])
    return {
        "web_processes": processes,
        "requests": len(statuses),
        "errors_5xx": sum(1 for s in statuses if s >= 500),
        "seconds": round(elapsed, 2),
        "requests_per_s": round(len(statuses) / elapsed, 1),
        "median_ms": round(statistics.median(seconds) * 1000),
        "p95_ms": round(seconds[int(len(seconds) * 0.95) - 1] * 1000),
        "web_cpu_ms_per_request": round(web_cpu / len(statuses) * 1000, 1),
        "db_cpu_ms_per_request": round(db_cpu / len(statuses) * 1000, 1),
        "load_average": os.getloadavg()[0],
    }


def web_rows(smoke: bool = False) -> list[dict[str, Any]]:
    with local_postgres() as pg:
        url = _site(pg, 5_000 if smoke else 50_000)
        rows = []
        for n in (1, 2):
            rows.append(measure_processes(pg, url, n, 40 if smoke else 400))
            print(json.dumps({"hosted_web": rows[-1]}), file=sys.stderr)
    return rows


def markdown(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| web processes | requests | requests/s | median / p95 | CPU per request: web + PostgreSQL | 5xx |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['web_processes']} | {r['requests']} | {r['requests_per_s']} | {r['median_ms']} / {r['p95_ms']} ms | "
            f"{r['web_cpu_ms_per_request']} + {r['db_cpu_ms_per_request']} ms | {r['errors_5xx']} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    rows = web_rows(parser.parse_args().smoke)
    print("\n".join(markdown(rows)))


if __name__ == "__main__":
    main()
