"""Issue 22's speed goals, measured standalone: ``python -m bench.coach [--smoke] [--cache DIR]``.

- The roster page's callback on 100 athletes x 10k sets (1M sets): p95 <= 300 ms.
- The Balance page with the strength chart against without it, on one athlete of 50k sets: the trends may add
  at most 30% to the callback's p95.

Each measurement runs in its own fresh process (``bench.measure``'s ``roster`` and ``balance_ab`` kinds).
The A/B alternates "without" and "with" inside one process, so a burst of load from other work on this
shared machine hits both sides; figures are reported as the ratio of the two p95s. ``bench.run`` (``make
bench``) calls ``coach_rows`` beside the Balance callback; this entry point runs only these.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bench.run import coach_db, measure

ROSTER_TARGET_S = 0.300
TRENDS_OVERHEAD_MAX = 1.30


def coach_rows(cache: Path, smoke: bool) -> dict[str, Any]:
    roster_db, _ = coach_db(cache, 100_000 if smoke else 1_000_000, 10 if smoke else 100)
    balance_db, athlete = coach_db(cache, 10_000 if smoke else 50_000, 1)
    roster = measure("roster", str(roster_db), repeats=5 if smoke else 30)
    ab = measure("balance_ab", str(balance_db), athlete, repeats=5 if smoke else 30)
    return {
        "roster": {
            **roster,
            "target_p95_s": ROSTER_TARGET_S,
            "p95_vs_target": round(roster["p95"] / ROSTER_TARGET_S, 2),
        },
        "balance_trends": {**ab, "target_ratio": TRENDS_OVERHEAD_MAX},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="Small databases, few repeats.")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path("/tmp/liftbalance-bench-coach"),
        help="Where the databases are kept.",
    )
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    print(json.dumps(coach_rows(args.cache, args.smoke), indent=2))


if __name__ == "__main__":
    main()
