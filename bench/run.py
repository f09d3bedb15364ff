"""``make bench``: liftbalance against its floor (DuckDB's own read_csv) and its peer (pandas), in one run.

Synthetic exports of realistic shape (``sample_logs.synthetic``) at 10k, 100k and 1M sets, in
Strong and Hevy form. Each measurement runs in a fresh process (``bench.measure``) so its
peak RSS is its own. Results go to a JSON file and a Markdown summary on stdout; every
figure is a ratio to its reference, because this machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sample_logs.synthetic import synthetic_export, synthetic_exports

REPO = Path(__file__).resolve().parents[1]


def measure(kind: str, *args: str, repeats: int = 3) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.measure", kind, *args, str(repeats)],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"bench.measure {kind} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def export_file(cache: Path, n: int, fmt: str, weeks_extra: int = 0) -> Path:
    path = cache / f"{fmt}_{n}_{weeks_extra}.csv"
    if not path.exists():
        path.write_bytes(synthetic_export(n, fmt, weeks_extra=weeks_extra))  # type: ignore[arg-type]
    return path


def coach_db(cache: Path, n_total: int, athletes: int) -> tuple[Path, str]:
    """A database holding ``n_total`` sets across ``athletes`` athletes; returns it and one athlete's name."""
    from etl import store
    from etl.ingest import ingest

    db = cache / f"coach_{n_total}_{athletes}.duckdb"
    files = synthetic_exports(n_total, "strong", athletes)
    if not db.exists():
        con = store.connect(db)
        for name, data in files.items():
            ingest(con, data, f"{name}.csv", athlete=name, tz="UTC")
        con.close()
    return db, next(iter(files))


def ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else float("nan")


def run(smoke: bool) -> dict[str, Any]:
    sizes = [10_000] if smoke else [10_000, 100_000, 1_000_000]
    repeats = 1 if smoke else 3
    results: dict[str, Any] = {
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "smoke": smoke,
        "ingest": [],
    }
    with tempfile.TemporaryDirectory(prefix="liftbalance-bench-") as tmp:
        cache = Path(tmp)
        db = str(cache / "bench.duckdb")
        for fmt in ("strong", "hevy"):
            for n in sizes:
                path = str(export_file(cache, n, fmt))
                reps = 1 if n >= 1_000_000 else repeats
                floor = measure("floor", path, db, repeats=reps)
                ours = measure("ours", path, db, repeats=reps)
                peer = measure("peer", path, db, fmt, repeats=reps)
                row = {
                    "format": fmt, "sets": n, "bytes": Path(path).stat().st_size,
                    "floor_s": floor["seconds"], "ours_s": ours["seconds"], "peer_s": peer["seconds"],
                    "ours_vs_floor": ratio(ours["seconds"], floor["seconds"]),
                    "peer_vs_ours": ratio(peer["seconds"], ours["seconds"]),
                    "ours_rss_mb": ours["rss_mb"], "floor_rss_mb": floor["rss_mb"], "peer_rss_mb": peer["rss_mb"],
                }
                results["ingest"].append(row)
                print(json.dumps(row), file=sys.stderr)
        if not smoke:
            for fmt in ("strong", "hevy"):
                ours = {r["sets"]: r["ours_s"] for r in results["ingest"] if r["format"] == fmt}
                results.setdefault("growth_100k_to_1m", {})[fmt] = ratio(ours[1_000_000], ours[100_000])

        history_n = 10_000 if smoke else 50_000
        results["reimport"] = {}
        for fmt in ("strong", "hevy"):
            hist = str(export_file(cache, history_n, fmt))
            later = str(export_file(cache, history_n, fmt, weeks_extra=1))
            r = measure("reimport", hist, later, db, repeats=repeats)
            r["reimport_vs_first"] = ratio(r["reimport"], r["first"])
            results["reimport"][fmt] = r

        results["weekly"] = {}
        results["balance_callback"] = {}
        for label, n, athletes in ([("10k", 10_000, 1)] if smoke else [("50k", 50_000, 1), ("1M/100", 1_000_000, 100)]):
            cdb, athlete = coach_db(cache, n, athletes)
            results["weekly"][label] = measure("weekly", str(cdb), athlete, repeats=5 if smoke else 20)
            try:
                results["balance_callback"][label] = measure("balance", str(cdb), athlete, repeats=5 if smoke else 30)
            except RuntimeError as exc:  # the dashboard may not be installed in a headless checkout
                results["balance_callback"][label] = {"error": str(exc)[-500:]}
    return results


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"Machine: {results['machine']['cores']} cores, Python {results['machine']['python']} ({results['when']}).",
        "",
        "| format | sets | ours ÷ DuckDB read_csv (floor) | pandas peer ÷ ours | peak RSS ours / floor / peer (MB) |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in results["ingest"]:
        lines.append(
            f"| {r['format']} | {r['sets']:,} | {r['ours_vs_floor']}× | {r['peer_vs_ours']}× | "
            f"{r['ours_rss_mb']:.0f} / {r['floor_rss_mb']:.0f} / {r['peer_rss_mb']:.0f} |"
        )
    lines.append("")
    for fmt, r in results["reimport"].items():
        lines.append(f"- Re-import with one new week ({fmt}): {r['reimport_vs_first']}× the first import.")
    for fmt, g in results.get("growth_100k_to_1m", {}).items():
        lines.append(f"- Growth 100k → 1M sets ({fmt} ingest): {g}× the time for 10× the sets.")
    for label, r in results["weekly"].items():
        lines.append(f"- Weekly aggregate recompute, {label} sets: median {r['seconds'] * 1000:.0f} ms, p95 {r['p95'] * 1000:.0f} ms.")
    for label, r in results["balance_callback"].items():
        if "error" in r:
            lines.append(f"- Balance callback, {label}: not measured ({r['error'][:80]}).")
        else:
            lines.append(
                f"- Balance callback, {label} sets: median {r['seconds'] * 1000:.0f} ms, p95 {r['p95'] * 1000:.0f} ms."
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="10k sets only, one repeat: proves the script runs.")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "latest.json")
    args = parser.parse_args()
    results = run(args.smoke)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print(markdown(results))


if __name__ == "__main__":
    main()
