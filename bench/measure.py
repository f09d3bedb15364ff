"""One measurement in a fresh process, so its peak RSS is its own: ``python -m bench.measure KIND ARGS...``.

Prints one JSON object: seconds (median of the repeats), every repeat, and peak RSS in MB.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def _timed(fn: Callable[[], object], repeats: int, setup: Callable[[], None] | None = None) -> list[float]:
    times = []
    for _ in range(repeats):
        if setup:
            setup()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def _fresh(db: Path) -> Callable[[], None]:
    def setup() -> None:
        for p in (db, db.with_suffix(db.suffix + ".wal")):
            p.unlink(missing_ok=True)
    return setup


def floor(path: str, db: str, repeats: int) -> list[float]:
    import duckdb

    target = Path(db)

    def run() -> None:
        con = duckdb.connect(db)
        con.execute("CREATE TABLE raw AS SELECT * FROM read_csv(?)", [path])
        con.close()

    return _timed(run, repeats, _fresh(target))


def ours(path: str, db: str, repeats: int) -> list[float]:
    from etl import store
    from etl.ingest import ingest

    data = Path(path).read_bytes()

    def run() -> None:
        con = store.connect(db)
        ingest(con, data, Path(path).name, tz="UTC")
        con.close()

    return _timed(run, repeats, _fresh(Path(db)))


def peer(path: str, db: str, repeats: int, fmt: str) -> list[float]:
    import duckdb

    from bench.pandas_peer import pandas_ingest

    data = Path(path).read_bytes()

    def run() -> None:
        con = duckdb.connect(db)
        pandas_ingest(con, data, fmt)
        con.close()

    return _timed(run, repeats, _fresh(Path(db)))


def reimport(history: str, later: str, db: str, repeats: int) -> dict[str, float]:
    """Import ``history`` into a fresh DB, then time importing ``later`` (history plus one week) on top."""
    from etl import store
    from etl.ingest import ingest

    first_data, later_data = Path(history).read_bytes(), Path(later).read_bytes()
    firsts, seconds = [], []
    for _ in range(repeats):
        _fresh(Path(db))()
        con = store.connect(db)
        t0 = time.perf_counter()
        ingest(con, first_data, "history.csv", tz="UTC")
        firsts.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        report = ingest(con, later_data, "later.csv", tz="UTC")
        seconds.append(time.perf_counter() - t0)
        con.close()
        assert report.sets_updated == 0 and report.sets_removed == 0, report
    return {"first": statistics.median(firsts), "reimport": statistics.median(seconds), "added": report.sets_added}


def weekly(db: str, athlete: str, repeats: int) -> list[float]:
    from etl import store
    from etl.weekly import load_weekly

    con = store.connect(db, read_only=True)
    return _timed(lambda: load_weekly(con, athlete), repeats)


def balance(db: str, athlete: str, repeats: int) -> list[float]:
    from bench.callback import balance_callback_runner

    return _timed(balance_callback_runner(db, athlete), repeats)


def main() -> None:
    kind, *args = sys.argv[1:]
    repeats = int(args.pop())
    result: dict[str, object]
    if kind == "reimport":
        result = dict(reimport(*args, repeats=repeats))
    else:
        fn = {"floor": floor, "ours": ours, "peer": peer, "weekly": weekly, "balance": balance}[kind]
        times = fn(*args, repeats=repeats) if kind != "peer" else peer(args[0], args[1], repeats, args[2])
        ordered = sorted(times)
        result = {
            "seconds": statistics.median(times),
            "p95": ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))],
            "runs": times,
        }
    result["rss_mb"] = round(_peak_rss_mb(), 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
