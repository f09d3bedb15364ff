"""Import throughput of the hosted mode's queue with 1 and 2 ``liftbalance worker`` processes.

Against a local PostgreSQL (``bench.hosted_pg``): 8 athletes each upload a 10k-set history and then the
same export one week later (16 queued imports, one athlete's in order). The bytes are kept first (the web
processes' part); the workers start, each runs one small warm-up import (a worker's first import pays
~4 s of lazy imports), and go idle; then every import is queued at once. The time is
procrastinate's own, from the first job's start to the last one's end. CPU (from /proc, start-up
excluded) is the workers' plus the database server's, per import: on one machine the two compete for the
same cores, so that sum is what a second machine for workers would take away.

``python -m bench.hosted_queue [--smoke]`` prints the rows; ``bench.run`` includes them in ``make bench``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from typing import Any

import psycopg

from bench.hosted_pg import LocalPostgres, local_postgres, tree_cpu_s
from etl.queue import status
from etl.queue.app import ensure_schema, queue_app
from etl.queue.imports import QueuedFile, enqueue_import, keep_bytes
from etl.store import database as store
from sample_logs.synthetic import synthetic_export
from tests.helpers.queue_workers import wait_registered


def _uploads(athletes: int, sets: int) -> list[tuple[str, bytes, str]]:
    """(athlete, bytes, name): each athlete's history, then the same export a week later."""
    out = []
    for round_ in (0, 1):
        for a in range(athletes):
            data = synthetic_export(sets, "strong", weeks_extra=round_, seed=a)
            out.append((f"athlete-{a}", data, f"export-{round_}.csv"))
    return out


def _keep_all(url: str, uploads: list[tuple[str, bytes, str]]) -> list[tuple[str, QueuedFile]]:
    """Keep every upload's bytes (the web processes' part), before the clock starts."""
    ensure_schema(url)
    with store.opened(url) as con:
        return [(athlete, QueuedFile(keep_bytes(con, data), name)) for athlete, data, name in uploads]


def _queue_all(url: str, kept: list[tuple[str, QueuedFile]]) -> list[str]:
    app = queue_app(url)
    with app.open():
        return [enqueue_import(app, url, [file], athlete=athlete) for athlete, file in kept]


def _span(url: str) -> float:
    with psycopg.connect(url, autocommit=True) as con:
        row = con.execute(
            "SELECT extract(epoch FROM max(e.at) FILTER (WHERE e.type = 'succeeded') - "
            "min(e.at) FILTER (WHERE e.type = 'started')) FROM procrastinate_events e "
            "JOIN procrastinate_jobs j ON j.id = e.job_id WHERE j.args->>'athlete' LIKE 'athlete-%'"
        ).fetchone()
    return float(row[0]) if row and row[0] is not None else float("nan")


def _wait(url: str, tokens: list[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as con:
        while time.monotonic() < deadline:
            states = [status.read(con, t) for t in tokens]
            if all(s is not None and s.done for s in states):
                failed = [s for s in states if s is not None and s.job_status != "succeeded"]
                if failed:
                    raise RuntimeError(f"{len(failed)} imports failed: {failed[0]}")
                return
            time.sleep(0.2)
    raise RuntimeError(f"the imports did not finish in {timeout} s")


def measure_workers(
    pg: LocalPostgres, n_workers: int, uploads: list[tuple[str, bytes, str]]
) -> dict[str, Any]:
    url = pg.fresh_database(f"bench_queue_{n_workers}")
    kept = _keep_all(url, uploads)
    procs = [
        subprocess.Popen([sys.executable, "-m", "liftbalance", "worker", "--db", url], stderr=subprocess.PIPE)
        for _ in range(n_workers)
    ]
    try:
        wait_registered(
            url, n_workers, timeout=120
        )  # started and idle: their start-up is not charged to the imports
        # A worker's first import warms the process up (lazy imports, compiled schemas: ~4 s here); one small
        # import per worker first, so the figures are the steady state a long-running worker is in.
        warm = _keep_all(
            url, [(f"warm-up-{i}", synthetic_export(500, "strong"), "warm.csv") for i in range(n_workers)]
        )
        _wait(url, _queue_all(url, warm), timeout=600)
        cpu_before = pg.server_cpu_s()
        workers_before = sum(tree_cpu_s(p.pid) for p in procs)
        tokens = _queue_all(url, kept)
        _wait(url, tokens, timeout=1800)
        worker_cpu = sum(tree_cpu_s(p.pid) for p in procs) - workers_before
        server_cpu = pg.server_cpu_s() - cpu_before
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            p.communicate(timeout=120)
    span = _span(url)
    with store.opened(url) as con:
        row = con.execute("SELECT count(*) FROM sets WHERE athlete LIKE 'athlete-%'").fetchone()
    sets = int(row[0]) if row else 0
    return {
        "workers": n_workers,
        "imports": len(tokens),
        "sets_stored": sets,
        "seconds": round(span, 2),
        "imports_per_s": round(len(tokens) / span, 2),
        "worker_cpu_s_per_import": round(worker_cpu / len(tokens), 3),
        "server_cpu_s_per_import": round(server_cpu / len(tokens), 3),
        "load_average": os.getloadavg()[0],
    }


def queue_rows(smoke: bool = False) -> list[dict[str, Any]]:
    uploads = _uploads(2 if smoke else 8, 2_000 if smoke else 10_000)
    with local_postgres() as pg:
        rows = []
        for n in (1, 2):
            rows.append(measure_workers(pg, n, uploads))
            print(json.dumps({"hosted_queue": rows[-1]}), file=sys.stderr)
    return rows


def markdown(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| queue workers | imports | time | imports/s | CPU per import: worker + PostgreSQL |",
        "|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['workers']} | {r['imports']} | {r['seconds']:.1f} s | {r['imports_per_s']:.2f} | "
            f"{r['worker_cpu_s_per_import']:.2f} + {r['server_cpu_s_per_import']:.2f} s |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    rows = queue_rows(parser.parse_args().smoke)
    print("\n".join(markdown(rows)))


if __name__ == "__main__":
    main()
