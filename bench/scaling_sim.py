"""The measured input for docs/scaling.md: time per request as athletes grow, one file vs per-athlete Parquet.

``python -m bench.scaling_sim [--athletes 10,100,300] [--sets-per-athlete 10000]``

For each N it builds a store of N athletes × M sets (one real ingest of a synthetic Strong
export, copied under N names, so every athlete has realistic data) in two layouts:

- **one DuckDB file** (today's design): a request opens the file read-only and runs
  ``etl.analysis.weekly.load_weekly`` for one athlete;
- **per-athlete Parquet partitions** (the hosted design in docs/scaling.md): a stateless request
  opens an in-memory DuckDB, views only ``athlete=<name>/`` as its ``sets`` and runs
  ``etl.analysis.weekly.weekly_from_store`` on it (the same weekly sums, added up by DuckDB).

Each request is the whole server-side weekly path including validation against the pandera model
(which runs on every request: nothing is remembered between requests). It prints a Markdown
table and writes JSON (default ``bench/results/scaling.json``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

REPO = Path(__file__).resolve().parents[1]


def one_athlete_sets(n_sets: int) -> pl.DataFrame:
    """One athlete's canonical sets, through the real ingest path."""
    from etl.ingest import ingest
    from etl.store import database as store
    from sample_logs.synthetic import synthetic_export

    con = store.connect(":memory:")
    ingest(con, synthetic_export(n_sets, "strong"), "sim.csv", athlete="template", tz="UTC")
    frame = con.sql("SELECT * FROM sets").pl()
    con.close()
    return frame


def build_single_file(path: Path, template: pl.DataFrame, athletes: int) -> float:
    """Every athlete in one DuckDB file; returns the seconds the writes took."""
    from etl.store import database as store
    from etl.store.upsert import in_row_groups

    con = store.connect(path)
    t0 = time.perf_counter()
    for i in range(athletes):
        frame = in_row_groups(template.with_columns(pl.lit(_name(i)).alias("athlete")))
        con.register("athlete_sets", frame)
        con.execute("INSERT INTO sets SELECT * FROM athlete_sets")
        con.unregister("athlete_sets")
    con.close()
    return time.perf_counter() - t0


def build_partitions(root: Path, template: pl.DataFrame, athletes: int) -> float:
    """One Parquet file per athlete under ``root/athlete=<name>/``; returns the seconds the writes took."""
    t0 = time.perf_counter()
    for i in range(athletes):
        folder = root / f"athlete={_name(i)}"
        folder.mkdir(parents=True, exist_ok=True)
        template.with_columns(pl.lit(_name(i)).alias("athlete")).write_parquet(folder / "sets.parquet")
    return time.perf_counter() - t0


def _name(i: int) -> str:
    return f"athlete-{i:05d}"


def request_single_file(db: Path, athlete: str) -> Callable[[], object]:
    from etl.analysis.weekly import load_weekly
    from etl.store import database as store

    def run() -> object:
        with store.opened(db, read_only=True) as con:
            return load_weekly(con, athlete)

    return run


def request_partition(root: Path, athlete: str) -> Callable[[], object]:
    from etl.analysis.settings import BalanceSettings
    from etl.analysis.weekly import StoredSets, weekly_from_store

    files = str(root / f"athlete={athlete}" / "*.parquet")

    def run() -> object:
        con = duckdb.connect(":memory:")
        try:
            con.read_parquet(files).create_view("sets")
            return weekly_from_store(con, StoredSets({athlete: None}), BalanceSettings())
        finally:
            con.close()

    return run


def timed(run: Callable[[], object], repeats: int) -> dict[str, float]:
    run()
    times = sorted(_once(run) for _ in range(repeats))
    return {
        "median_ms": round(statistics.median(times) * 1000, 1),
        "p95_ms": round(times[min(len(times) - 1, round(0.95 * (len(times) - 1)))] * 1000, 1),
    }


def _once(run: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    run()
    return time.perf_counter() - t0


def simulate(athlete_counts: list[int], sets_per_athlete: int, repeats: int) -> dict[str, Any]:
    template = one_athlete_sets(sets_per_athlete)
    rows = []
    with tempfile.TemporaryDirectory(prefix="liftbalance-scaling-") as tmp:
        for n in athlete_counts:
            folder = Path(tmp) / f"n{n}"
            folder.mkdir()
            db = folder / "one.duckdb"
            single_write_s = build_single_file(db, template, n)
            part_write_s = build_partitions(folder / "parquet", template, n)
            athlete = _name(n // 2)
            single = timed(request_single_file(db, athlete), repeats)
            part = timed(request_partition(folder / "parquet", athlete), repeats)
            row = {
                "athletes": n,
                "sets_total": n * template.height,
                "single_file": {
                    **single,
                    "write_s": round(single_write_s, 2),
                    "file_mb": round(db.stat().st_size / 2**20, 1),
                },
                "parquet_partitions": {**part, "write_s": round(part_write_s, 2)},
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
    return {"sets_per_athlete": template.height, "repeats": repeats, "rows": rows}


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"{result['sets_per_athlete']:,} sets per athlete; one request = one athlete's weekly balance, "
        f"validated; median / p95 of {result['repeats']} requests.",
        "",
        "| athletes | sets in store | one DuckDB file: request median / p95 | Parquet per athlete: request median / p95 |",
        "|---:|---:|---:|---:|",
    ]
    for r in result["rows"]:
        s, p = r["single_file"], r["parquet_partitions"]
        lines.append(
            f"| {r['athletes']:,} | {r['sets_total']:,} | {s['median_ms']:.0f} / {s['p95_ms']:.0f} ms | "
            f"{p['median_ms']:.0f} / {p['p95_ms']:.0f} ms |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--athletes", default="10,100,300", help="comma-separated athlete counts")
    parser.add_argument("--sets-per-athlete", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "scaling.json")
    args = parser.parse_args()
    counts = [int(x) for x in args.athletes.split(",")]
    result = simulate(counts, args.sets_per_athlete, args.repeats)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(markdown(result))


if __name__ == "__main__":
    main()
