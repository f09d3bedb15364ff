"""How long the ``liftbalance`` command takes, whole process, for the three things a lifter runs most.

Issue 17's targets on the 2-core machine: ``liftbalance --help`` ≤ 0.2 s, ``weekly`` on a 50k-set
database ≤ 0.5 s, ``ingest`` of a typical 10k-set export (first import, fresh database) ≤ 0.35 s. Most
of a short command's time is start-up (imports), so each figure is also given as a ratio to
``python -c pass`` run back to back, the one reference a busy shared machine slows down alike. Wall and
CPU time (user + system, from ``getrusage`` of the children) are both kept: wall is what the lifter
waits, CPU is what a loaded machine distorts least.

``make bench`` runs it within ``bench.run``; ``python -m bench.cli_startup [REPEATS]`` runs it alone.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# (label, target in seconds of wall time)
TARGETS = {"--help": 0.2, "weekly 50k": 0.5, "ingest 10k": 0.35}


def liftbalance_command() -> list[str]:
    """The console script beside this interpreter (what a user runs), else ``python -m liftbalance``."""
    script = Path(sys.executable).with_name("liftbalance")
    return [str(script)] if script.exists() else [sys.executable, "-m", "liftbalance"]


def timed(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``argv`` to completion (a failure raises)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cli_rows(
    db: Path, athlete: str, export_10k: Path, repeats: int, *, weekly_label: str = "weekly 50k"
) -> dict[str, Any]:
    """Each case ``repeats`` times, interleaved with ``python -c pass`` (median wall and CPU, and the median
    of the per-repeat ratios to the ``pass`` beside it). ``db`` holds the sets ``weekly`` reads (50k for the
    target; the smoke run passes its 10k database and labels it so)."""
    lb = liftbalance_command()
    with tempfile.TemporaryDirectory(prefix="liftbalance-cli-") as tmp:
        work = Path(tmp)
        cases: dict[str, Any] = {
            "--help": lambda i: [*lb, "--help"],
            weekly_label: lambda i: [*lb, "weekly", "--db", str(db), "--athlete", athlete],
            "ingest 10k": lambda i: [
                *lb,
                "ingest",
                "--db",
                str(work / f"fresh{i}.duckdb"),
                "--unit",
                "kg",
                "--tz",
                "UTC",
                str(export_10k),
            ],
        }
        timed([*lb, "--version"], work)  # a first run pays for cold file caches; not counted
        runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in cases}
        for i in range(repeats):
            for name, argv in cases.items():
                floor_wall, _ = timed([sys.executable, "-c", "pass"], work)
                wall, cpu = timed(argv(i), work)
                runs[name].append((wall, cpu, wall / floor_wall))
            passes = [timed([sys.executable, "-c", "pass"], work) for _ in range(3)]
            runs.setdefault("python -c pass", []).extend((w, c, 1.0) for w, c in passes)
    out: dict[str, Any] = {}
    for name, values in runs.items():
        out[name] = {
            "seconds": round(statistics.median(v[0] for v in values), 3),
            "cpu_s": round(statistics.median(v[1] for v in values), 3),
            "vs_python_pass": round(statistics.median(v[2] for v in values), 1),
            "runs": [round(v[0], 3) for v in values],
            **({"target_s": TARGETS[name]} if name in TARGETS else {}),
        }
    return out


def markdown(cli: dict[str, Any]) -> list[str]:
    lines = ["| command | wall (median) | CPU | ÷ `python -c pass` | target |", "|---|---:|---:|---:|---|"]
    for name, r in cli.items():
        target = f"≤ {r['target_s']} s" if "target_s" in r else ""
        lines.append(
            f"| `{name}` | {r['seconds']:.2f} s | {r['cpu_s']:.2f} s | {r['vs_python_pass']}× | {target} |"
        )
    return lines


def main() -> None:
    from bench.run import coach_db, export_file

    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory(prefix="liftbalance-bench-") as tmp:
        cache = Path(tmp)
        db, athlete = coach_db(cache, 50_000, 1)
        result = cli_rows(db, athlete, export_file(cache, 10_000, "strong"), repeats)
    print(json.dumps(result), file=sys.stderr)
    print("\n".join(markdown(result)))


if __name__ == "__main__":
    main()
