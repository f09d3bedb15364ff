"""One measurement in a fresh process, so its peak RSS is its own: ``python -m bench.measure KIND ARGS...``.

Prints one JSON object: seconds (median of the repeats), every repeat, and peak RSS in MB.
Ingest-type measurements first run once on a 1,000-row slice of the same file, untimed: the
first call in a process pays one-off costs (pandera registers its backends and imports
hypothesis's plugins when installed, DuckDB and polars initialise) that are not per-set work.
That warm-up is timed separately as ``first_call_s``, so the one-off cost is reported, not hidden.
"""

from __future__ import annotations

import itertools
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path


def _peak_rss_mb() -> float:
    """This process's own peak RSS. Linux: ``VmHWM``, which starts afresh at exec; ``ru_maxrss``
    would also count the parent's memory copied at fork (the orchestrator holds 1M-set exports)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


CPU: list[
    float
] = []  # CPU seconds (all threads) of each timed run: steadier than wall time on a shared machine


def _timed(fn: Callable[[], object], repeats: int, setup: Callable[[], None] | None = None) -> list[float]:
    times = []
    for _ in range(repeats):
        if setup:
            setup()
        c0 = time.process_time()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        CPU.append(time.process_time() - c0)
    return times


def _fresh(db: Path) -> Callable[[], None]:
    def setup() -> None:
        for p in (db, db.with_suffix(db.suffix + ".wal")):
            p.unlink(missing_ok=True)

    return setup


WARM: dict[str, float] = {}


def _warm_up(path: str, run: Callable[[str], None], db: str | None = None) -> None:
    """Run ``run`` once on the file's first 1,000 rows (header kept), timed as ``first_call_s``."""
    if db is not None:
        _fresh(Path(db))()
    with open(
        path, "rb"
    ) as export:  # the first lines only: reading the whole export would raise the peak RSS
        lines = list(itertools.islice(export, 1001))
    small = Path(path).with_name(Path(path).stem + ".warmup.csv")
    small.write_bytes(b"".join(lines))
    t0 = time.perf_counter()
    run(str(small))
    WARM["first_call_s"] = time.perf_counter() - t0
    small.unlink(missing_ok=True)


def floor(path: str, db: str, repeats: int) -> list[float]:
    import duckdb

    target = Path(db)

    def load(csv: str) -> None:
        con = duckdb.connect(db)
        con.execute("CREATE TABLE raw AS SELECT * FROM read_csv(?)", [csv])
        con.close()

    _warm_up(path, load, db)
    return _timed(lambda: load(path), repeats, _fresh(target))


def ours(path: str, db: str, repeats: int) -> list[float]:
    from etl.ingest import ingest
    from etl.store import database as store

    def load(csv: str, data: bytes | None = None) -> None:
        con = store.connect(db)
        ingest(con, data if data is not None else Path(csv).read_bytes(), Path(csv).name, tz="UTC")
        con.close()

    _warm_up(path, load, db)
    data = Path(path).read_bytes()
    return _timed(lambda: load(path, data), repeats, _fresh(Path(db)))


def peer(path: str, db: str, repeats: int, fmt: str, *, minimal: bool = False) -> list[float]:
    import duckdb

    from bench.pandas_peer import pandas_ingest

    def load(csv: str, data: bytes | None = None) -> None:
        con = duckdb.connect(db)
        pandas_ingest(con, data if data is not None else Path(csv).read_bytes(), fmt, minimal=minimal)
        con.close()

    _warm_up(path, load, db)
    data = Path(path).read_bytes()
    return _timed(lambda: load(path, data), repeats, _fresh(Path(db)))


def reimport(history: str, later: str, db: str, repeats: int) -> dict[str, float]:
    """Import ``history`` into a fresh DB, then time importing ``later`` (history plus one week) on top."""
    from etl.ingest import ingest
    from etl.store import database as store

    def warm(csv: str) -> None:
        con = store.connect(db)
        ingest(con, Path(csv).read_bytes(), "warmup.csv", tz="UTC")
        con.close()

    _warm_up(history, warm, db)
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
    return {
        "first": statistics.median(firsts),
        "reimport": statistics.median(seconds),
        "added": report.sets_added,
    }


def weekly(db: str, athlete: str, repeats: int) -> list[float]:
    from etl.analysis.weekly import load_weekly
    from etl.store import database as store

    con = store.connect(db, read_only=True)
    t0 = time.perf_counter()
    load_weekly(con, athlete)
    WARM["first_call_s"] = time.perf_counter() - t0
    return _timed(lambda: load_weekly(con, athlete), repeats)


def weekly_all(db: str, athlete: str, repeats: int) -> list[float]:
    """Every athlete's weekly aggregates from every stored set (the 1M-set recompute), validated against
    the pandera model on every run (``schemas.weekly.validate_weekly``: nothing is remembered).

    ``etl.analysis.weekly.load_weekly_all``: every stored set credited by ``credit_names`` of their names
    (shipped taxonomy, default settings), added up next to the data in DuckDB as ``load_weekly`` does for
    one athlete (it used to read the million sets into polars first: ``SELECT ... FROM sets`` → polars)."""
    from etl.analysis.weekly import load_weekly_all
    from etl.store import database as store

    con = store.connect(db, read_only=True)

    def recompute() -> object:
        return load_weekly_all(con)

    t0 = time.perf_counter()
    recompute()
    WARM["first_call_s"] = time.perf_counter() - t0
    return _timed(recompute, repeats)


def balance(db: str, athlete: str, repeats: int) -> list[float]:
    from bench.callback import balance_callback_runner

    run = balance_callback_runner(db, athlete)
    t0 = time.perf_counter()
    run()
    WARM["first_call_s"] = time.perf_counter() - t0
    return _timed(run, repeats)


def roster(db: str, repeats: int) -> list[float]:
    """The roster page's callback (issue 22) on every athlete of ``db``."""
    from bench.callback import roster_callback_runner

    run = roster_callback_runner(db)
    t0 = time.perf_counter()
    run()
    WARM["first_call_s"] = time.perf_counter() - t0
    return _timed(run, repeats)


def balance_ab(db: str, athlete: str, repeats: int) -> dict[str, object]:
    """The Balance callback without, then with, the strength chart, alternating: p95 of each and their ratio.

    "with" runs the two callbacks one after the other (all the work a page load adds); "served" runs them
    side by side, as a page load sends them, and times until both are done (what the lifter waits for)."""
    from bench.callback import (
        balance_beside_trends_runner,
        balance_callback_runner,
        balance_with_trends_runner,
    )

    without, with_trends = balance_callback_runner(db, athlete), balance_with_trends_runner(db, athlete)
    served = balance_beside_trends_runner(db, athlete)
    without(), with_trends(), served()  # the one-off costs (imports, the taxonomy matcher) out of the timing
    a: list[float] = []
    b: list[float] = []
    c: list[float] = []
    for _ in range(repeats):
        a += _timed(without, 1)
        b += _timed(with_trends, 1)
        c += _timed(served, 1)

    def p95(times: list[float]) -> float:
        ordered = sorted(times)
        return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]

    return {
        "without_p95": p95(a),
        "with_p95": p95(b),
        "with_vs_without_p95": round(p95(b) / p95(a), 2),
        "without_median": statistics.median(a),
        "with_median": statistics.median(b),
        "with_vs_without_median": round(statistics.median(b) / statistics.median(a), 2),
        "served_p95": p95(c),
        "served_vs_without_p95": round(p95(c) / p95(a), 2),
        "served_median": statistics.median(c),
    }


def main() -> None:
    kind, *args = sys.argv[1:]
    repeats = int(args.pop())
    result: dict[str, object]
    if kind == "reimport":
        history, later, db = args
        result = dict(reimport(history, later, db, repeats=repeats))
    elif kind == "balance_ab":
        db, athlete = args
        result = balance_ab(db, athlete, repeats=repeats)
    else:
        if kind == "peer":
            times = peer(args[0], args[1], repeats, args[2], minimal=args[3:] == ["minimal"])
        else:
            timed: dict[str, Callable[..., list[float]]] = {
                "floor": floor,
                "ours": ours,
                "weekly": weekly,
                "weekly_all": weekly_all,
                "balance": balance,
                "roster": roster,
            }
            times = timed[kind](*args, repeats=repeats)
        ordered = sorted(times)
        result = {
            "seconds": statistics.median(times),
            "p95": ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))],
            "runs": times,
            "cpu_s": statistics.median(CPU) if CPU else None,
            **WARM,
        }
    result["rss_mb"] = round(_peak_rss_mb(), 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
