"""``make bench``: liftbalance against its floor (DuckDB's own read_csv) and its peer (pandas), in one run.

Synthetic exports of realistic shape (``sample_logs.synthetic``) at 10k, 100k and 1M sets, in
Strong and Hevy form, plus the whole ``liftbalance`` process for ``--help``, ``weekly`` and a first
``ingest`` (``bench.cli_startup``), and the hosted mode's web and queue throughput against a local
PostgreSQL (``bench.hosted_web``, ``bench.hosted_queue``). Each measurement runs in a fresh process (``bench.measure``) so its
peak RSS is its own. Results go to a JSON file and a Markdown summary (stdout and a ``.md``
next to the JSON); every figure is a ratio to its reference, because this machine is shared
and noisy, and each target of issue 6 is marked met or missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.cli_startup import TARGETS as CLI_TARGETS
from bench.cli_startup import cli_rows
from bench.cli_startup import markdown as cli_markdown
from sample_logs.synthetic import synthetic_export, synthetic_exports

REPO = Path(__file__).resolve().parents[1]


class MeasureFailed(RuntimeError):
    """A measurement's process failed; ``reason`` is the last line of its error output."""

    def __init__(self, kind: str, stderr: str) -> None:
        lines = [line for line in stderr.strip().splitlines() if line.strip()]
        self.reason = lines[-1].strip() if lines else "no error output"
        super().__init__(f"bench.measure {kind} failed: {self.reason}\n{stderr[-3000:]}")


def measure(kind: str, *args: str, repeats: int = 3) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.measure", kind, *args, str(repeats)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise MeasureFailed(kind, out.stderr)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def export_file(cache: Path, n: int, fmt: str, weeks_extra: int = 0) -> Path:
    path = cache / f"{fmt}_{n}_{weeks_extra}.csv"
    if not path.exists():
        path.write_bytes(synthetic_export(n, fmt, weeks_extra=weeks_extra))  # type: ignore[arg-type]
    return path


def coach_db(cache: Path, n_total: int, athletes: int) -> tuple[Path, str]:
    """A database holding ``n_total`` sets across ``athletes`` athletes; returns it and one athlete's name."""
    from etl.ingest import ingest
    from etl.store import database as store

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


def _median(values: list[float]) -> float:
    return float(statistics.median(values))


def _ingest_rows(cache: Path, sizes: list[int], repeats: int) -> list[dict[str, Any]]:
    """Floor, ours and peer, interleaved: each repeat runs the three back to back (each in a fresh
    process; five repeats at 1M sets, three below), and ratios are taken per repeat before the median,
    so a burst of load from other work on the machine hits all three of a repeat rather than one side
    of a ratio."""
    rows = []
    db = str(cache / "bench.duckdb")
    for fmt in ("strong", "hevy"):
        for n in sizes:
            path = str(export_file(cache, n, fmt))
            runs: dict[str, list[dict[str, Any]]] = {"floor": [], "ours": [], "peer": []}
            # The 1M-set ratios swing by ±0.4× between runs on a shared machine: more repeats there.
            for _ in range(repeats + 2 if n >= 1_000_000 else repeats):
                runs["floor"].append(measure("floor", path, db, repeats=1))
                runs["ours"].append(measure("ours", path, db, repeats=1))
                runs["peer"].append(measure("peer", path, db, fmt, repeats=1))
            wall = {k: [r["seconds"] for r in v] for k, v in runs.items()}
            cpu = {k: [r["cpu_s"] for r in v] for k, v in runs.items()}
            row = {
                "format": fmt,
                "sets": n,
                "bytes": Path(path).stat().st_size,
                "floor_s": _median(wall["floor"]),
                "ours_s": _median(wall["ours"]),
                "peer_s": _median(wall["peer"]),
                "floor_runs": wall["floor"],
                "ours_runs": wall["ours"],
                "peer_runs": wall["peer"],
                "ours_cpu_s": _median(cpu["ours"]),
                "floor_cpu_s": _median(cpu["floor"]),
                "peer_cpu_s": _median(cpu["peer"]),
                "ours_first_call_s": _median([r["first_call_s"] for r in runs["ours"]]),
                "ours_vs_floor": round(
                    _median([o / f for o, f in zip(wall["ours"], wall["floor"], strict=True)]), 2
                ),
                "peer_vs_ours": round(
                    _median([p / o for p, o in zip(wall["peer"], wall["ours"], strict=True)]), 2
                ),
                "ours_vs_floor_cpu": ratio(_median(cpu["ours"]), _median(cpu["floor"])),
                "peer_vs_ours_cpu": ratio(_median(cpu["peer"]), _median(cpu["ours"])),
                "ours_rss_mb": max(r["rss_mb"] for r in runs["ours"]),
                "floor_rss_mb": max(r["rss_mb"] for r in runs["floor"]),
                "peer_rss_mb": max(r["rss_mb"] for r in runs["peer"]),
                "load_average": os.getloadavg()[0],
            }
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
    return rows


def _dashboard_rows(cache: Path, smoke: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    weekly: dict[str, Any] = {}
    callback: dict[str, Any] = {}
    cases = [("10k", 10_000, 1)] if smoke else [("50k", 50_000, 1), ("1M/100", 1_000_000, 100)]
    for label, n, athletes in cases:
        cdb, athlete = coach_db(cache, n, athletes)
        weekly[label] = measure("weekly", str(cdb), athlete, repeats=5 if smoke else 20)
        if athletes > 1 or smoke:
            # Every athlete's weekly frames from every stored set, pandera on each run: the full recompute.
            weekly[f"{label} all athletes"] = measure(
                "weekly_all", str(cdb), athlete, repeats=3 if smoke else 10
            )
        try:
            callback[label] = measure("balance", str(cdb), athlete, repeats=5 if smoke else 30)
        except MeasureFailed as exc:  # H1's dashboard may be mid-change, or absent in a headless checkout
            callback[label] = {"unavailable": exc.reason}
            print(f"balance callback {label} unavailable: {exc.reason}", file=sys.stderr)
        print(json.dumps({label: {"weekly": weekly[label], "balance": callback[label]}}), file=sys.stderr)
    return weekly, callback


def run(smoke: bool) -> dict[str, Any]:
    sizes = [10_000] if smoke else [10_000, 100_000, 1_000_000]
    repeats = 1 if smoke else 3
    results: dict[str, Any] = {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "load_average_at_start": os.getloadavg()[0],
        "smoke": smoke,
    }
    with tempfile.TemporaryDirectory(prefix="liftbalance-bench-") as tmp:
        cache = Path(tmp)
        results["ingest"] = _ingest_rows(cache, sizes, repeats)
        if not smoke:
            results["growth_100k_to_1m"] = {}
            for fmt in ("strong", "hevy"):
                ours = {r["sets"]: r["ours_s"] for r in results["ingest"] if r["format"] == fmt}
                results["growth_100k_to_1m"][fmt] = ratio(ours[1_000_000], ours[100_000])

        history_n = 10_000 if smoke else 50_000
        results["reimport"] = {}
        for fmt in ("strong", "hevy"):
            hist = str(export_file(cache, history_n, fmt))
            later = str(export_file(cache, history_n, fmt, weeks_extra=1))
            # A re-import takes ~70 ms, so a busy moment moves a median of three by half: nine repeats.
            r = measure("reimport", hist, later, str(cache / "bench.duckdb"), repeats=1 if smoke else 9)
            r["reimport_vs_first"] = ratio(r["reimport"], r["first"])
            results["reimport"][fmt] = r
            print(json.dumps({"reimport": {fmt: r}}), file=sys.stderr)

        results["weekly"], results["balance_callback"] = _dashboard_rows(cache, smoke)
        from bench.coach import coach_rows  # issue 22: the roster callback and the strength chart's cost

        results["coach"] = coach_rows(cache, smoke)
        # The whole `liftbalance` process for --help, weekly and a first ingest (issue 17): start-up included.
        cli_db, cli_athlete = coach_db(cache, 10_000 if smoke else 50_000, 1)
        results["cli"] = cli_rows(
            cli_db,
            cli_athlete,
            export_file(cache, 10_000, "strong"),
            1 if smoke else 7,
            weekly_label="weekly 10k" if smoke else "weekly 50k",
        )
        print(json.dumps({"cli": results["cli"]}), file=sys.stderr)
    results["hosted"] = hosted_rows(smoke)
    results["load_average_at_end"] = os.getloadavg()[0]
    results["targets"] = targets(results)
    return results


def hosted_rows(smoke: bool) -> dict[str, Any]:
    """Issue 24: the hosted mode against a local PostgreSQL, web processes and queue workers
    (``bench.hosted_web``, ``bench.hosted_queue``); "unavailable" where PostgreSQL's server is not installed."""
    from bench.hosted_queue import queue_rows
    from bench.hosted_web import web_rows

    try:
        return {"web": web_rows(smoke), "queue": queue_rows(smoke)}
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        print(f"hosted mode unavailable: {exc}", file=sys.stderr)
        return {"unavailable": str(exc).splitlines()[0][:300]}


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 6's targets against this run's figures (the worse of Strong and Hevy where both exist)."""
    out: list[dict[str, Any]] = []

    def add(what: str, target: str, value: float | None, ok: bool | None, shown: str) -> None:
        out.append(
            {
                "what": what,
                "target": target,
                "measured": value,
                "shown": shown,
                "status": "not measured" if ok is None else ("met" if ok else "missed"),
            }
        )

    big = [r for r in results["ingest"] if r["sets"] == 1_000_000]
    if big:
        worst_floor = max(r["ours_vs_floor"] for r in big)
        worst_peer = min(r["peer_vs_ours"] for r in big)
        worst_rss = max(r["ours_rss_mb"] for r in big)
        add(
            "ingest 1M sets vs DuckDB read_csv floor",
            "≤ 2.5×",
            worst_floor,
            worst_floor <= 2.5,
            f"{worst_floor}×",
        )
        add(
            "ingest 1M sets vs pandas peer",
            "≥ 5× faster",
            worst_peer,
            worst_peer >= 5,
            f"{worst_peer}× faster",
        )
        add("peak RSS, 1M-set ingest", "≤ 1.5 GB", worst_rss, worst_rss <= 1536, f"{worst_rss / 1024:.2f} GB")
    reimports = [r["reimport_vs_first"] for r in results["reimport"].values()]
    if reimports and not results["smoke"]:
        worst = max(reimports)
        add(
            "re-import with one new week (50k history) vs first import",
            "≤ 0.3×",
            worst,
            worst <= 0.3,
            f"{worst}×",
        )
    weekly_big = results["weekly"].get("1M/100 all athletes")
    if weekly_big:
        # All 1M sets recomputed (100 athletes' frames, validated every run), not one athlete's share.
        ms = round(weekly_big["p95"] * 1000)
        add("weekly aggregate, all 1M sets (p95)", "≤ 300 ms", ms, ms <= 300, f"{ms} ms")
    for label, target_ms in (("50k", 100), ("1M/100", 150)):
        cb = results["balance_callback"].get(label)
        if cb is None:
            continue
        what = f"Balance callback, {label} sets (p95)"
        if "unavailable" in cb:
            add(what, f"p95 ≤ {target_ms} ms", None, None, f"unavailable: {cb['unavailable'][:120]}")
        else:
            ms = round(cb["p95"] * 1000)
            add(what, f"p95 ≤ {target_ms} ms", ms, ms <= target_ms, f"{ms} ms")
    for fmt, g in results.get("growth_100k_to_1m", {}).items():
        add(f"growth 100k → 1M sets ({fmt} ingest time)", "≤ 12×", g, g <= 12, f"{g}×")
    for name, target_s in CLI_TARGETS.items():
        r = results.get("cli", {}).get(name)
        if r is not None:
            add(
                f"`liftbalance {name}`, whole process (median wall)",
                f"≤ {target_s} s",
                r["seconds"],
                r["seconds"] <= target_s,
                f"{r['seconds']:.2f} s, {r['vs_python_pass']}× `python -c pass`",
            )
    return out


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        f"Machine: {m['cores']} cores, Python {m['python']}, {m['platform']} ({results['when']}); "
        f"load average {results['load_average_at_start']:.1f} at start, {results['load_average_at_end']:.1f} at end.",
        "",
        "| format | sets | ours ÷ DuckDB read_csv (floor), wall / CPU | pandas peer ÷ ours, wall / CPU "
        "| first call in a process (s) | peak RSS ours / floor / peer (MB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results["ingest"]:
        lines.append(
            f"| {r['format']} | {r['sets']:,} | {r['ours_vs_floor']}× / {r['ours_vs_floor_cpu']}× | "
            f"{r['peer_vs_ours']}× / {r['peer_vs_ours_cpu']}× | {r['ours_first_call_s']:.2f} | "
            f"{r['ours_rss_mb']:.0f} / {r['floor_rss_mb']:.0f} / {r['peer_rss_mb']:.0f} |"
        )
    lines.append("")
    for fmt, r in results["reimport"].items():
        lines.append(f"- Re-import with one new week ({fmt}): {r['reimport_vs_first']}× the first import.")
    for fmt, g in results.get("growth_100k_to_1m", {}).items():
        lines.append(f"- Growth 100k → 1M sets ({fmt} ingest): {g}× the time for 10× the sets.")
    for label, r in results["weekly"].items():
        lines.append(
            f"- Weekly aggregate, {label} sets: median {r['seconds'] * 1000:.0f} ms, "
            f"p95 {r['p95'] * 1000:.0f} ms (first call {r.get('first_call_s', 0) * 1000:.0f} ms), "
            f"peak RSS {r['rss_mb']:.0f} MB."
        )
    for label, r in results["balance_callback"].items():
        if "unavailable" in r:
            lines.append(f"- Balance callback, {label}: unavailable ({r['unavailable'][:160]}).")
        else:
            lines.append(
                f"- Balance callback, {label} sets: median {r['seconds'] * 1000:.0f} ms, "
                f"p95 {r['p95'] * 1000:.0f} ms (first call {r.get('first_call_s', 0) * 1000:.0f} ms), "
                f"peak RSS {r['rss_mb']:.0f} MB."
            )
    if "cli" in results:
        lines += ["", *cli_markdown(results["cli"])]
    hosted = results.get("hosted", {})
    if "web" in hosted:
        from bench.hosted_queue import markdown as queue_markdown
        from bench.hosted_web import markdown as web_markdown

        lines += ["", "Hosted mode (local PostgreSQL):", "", *web_markdown(hosted["web"]), ""]
        lines += queue_markdown(hosted["queue"])
    elif hosted:
        lines += ["", f"Hosted mode: unavailable ({hosted['unavailable']})."]
    lines += ["", "| target | goal | measured | status |", "|---|---|---|---|"]
    for t in results["targets"]:
        lines.append(f"| {t['what']} | {t['target']} | {t['shown']} | {t['status']} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--smoke", action="store_true", help="10k sets only, one repeat: proves the script runs."
    )
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "latest.json")
    args = parser.parse_args()
    results = run(args.smoke)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    summary = markdown(results)
    args.out.with_suffix(".md").write_text(summary + "\n")
    print(summary)


if __name__ == "__main__":
    main()
