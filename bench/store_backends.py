"""One athlete's weekly request on the DuckDB store and on PostgreSQL, side by side (issue 24).

On PostgreSQL a request copies the athlete's rows into an in-process DuckDB (``etl.store.snapshot``) and runs
the same weekly code there; this measures what that copy costs against reading the DuckDB file directly. Both
stores get the same synthetic coach's data (``--athletes`` athletes sharing ``--sets`` sets); each store's
connection is opened once, as a serving process holds it, and the request is ``analysis_connection`` +
``load_settings`` + ``load_weekly`` for one athlete.

    python -m bench.store_backends --url postgresql://postgres@127.0.0.1:5432/bench [--sets 200000]

The PostgreSQL database should be empty (the script imports into it). Prints medians and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def fill(con: Any, n_sets: int, athletes: int) -> str:
    """Import the synthetic coach's exports into ``con``; the first athlete's name."""
    from etl.ingest import ingest
    from sample_logs.synthetic import synthetic_exports

    exports = synthetic_exports(n_sets, "strong", athletes)
    for name, data in exports.items():
        ingest(con, data, f"{name}.csv", athlete=name, unit="kg")
    return next(iter(exports))


def weekly_request(con: Any, athlete: str) -> Callable[[], int]:
    from etl.analysis.settings import load_settings
    from etl.analysis.weekly import load_weekly
    from etl.store.snapshot import analysis_connection

    def run() -> int:
        with analysis_connection(con, athlete) as reads:
            return load_weekly(reads, athlete, load_settings(reads, athlete)).height

    return run


def timed(run: Callable[[], int], repeat: int) -> tuple[float, list[float]]:
    run()  # warm: taxonomy, caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="an empty PostgreSQL database (postgresql://...)")
    parser.add_argument("--sets", type=int, default=200_000)
    parser.add_argument("--athletes", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    from etl.store import database as store

    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for backend, db in (("duckdb", str(Path(tmp) / "bench.duckdb")), ("postgres", args.url)):
            con = store.connect(db)
            start = time.perf_counter()
            athlete = fill(con, args.sets, args.athletes)
            imported = time.perf_counter() - start
            sets = con.execute("SELECT count(*) FROM sets WHERE athlete = ?", [athlete]).fetchone()
            median, times = timed(weekly_request(con, athlete), args.repeat)
            results[backend] = median
            print(
                f"{backend:8s} import {imported:6.1f} s; weekly request for one athlete ({sets[0] if sets else 0} "
                f"sets): median {median * 1000:6.1f} ms, first timed run {times[0] * 1000:6.1f} ms"
            )
            con.close()
    print(f"postgres / duckdb: {results['postgres'] / results['duckdb']:.2f}x (medians)")


if __name__ == "__main__":
    main()
