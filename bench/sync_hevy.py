"""How long a Hevy API sync takes next to importing the same account's CSV: ``python -m bench.sync_hevy``.

A 1,000-workout account (``bench.sync_fake_hevy.account``) is served by the fake Hevy API on loopback
(so HTTP, JSON and paging at 10 workouts a page, 100 requests, are in the sync's time; the internet's
latency is not). Two cases, each timed in rounds on fresh database files and reported as medians:

- first: the first sync (every page) vs ``ingest`` of the account's CSV export into an empty database;
- later: with 3 workouts logged since, a sync (events since the last one) vs a re-import of the new,
  cumulative CSV export (which skips what the first import stored, ``etl.reimport.known_region``/``fingerprint``).

Prints one JSON object with the seconds, the ratios (sync / CSV) and the round count, and the time to fetch
every page alone (``fetch_all_pages_s``: the HTTP share of a first sync, against werkzeug's test server).
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pytest_httpserver import HTTPServer

from bench.sync_fake_hevy import KEY, FakeHevy, account, hevy_csv, workout
from etl.ingest import ingest
from etl.store import database as store
from etl.sync.hevy_api import HevyClient
from etl.sync.hevy_sync import sync_hevy

TZ = "Europe/Berlin"
WORKOUTS = 1000
NEW = 3
T0 = datetime(2026, 12, 1, tzinfo=UTC)


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def one_round(server: HTTPServer, folder: Path, n: int) -> dict[str, float]:
    base = account(WORKOUTS, seed=n)
    fake = FakeHevy()
    for one in base[::-1]:
        fake.add(one, T0)
    server.clear_all_handlers()
    fake.serve(server)
    csv_first = hevy_csv(fake.workouts, TZ)
    last = datetime.fromisoformat(fake.workouts[0]["start_time"])
    for k in range(NEW):
        when = last + timedelta(days=k + 1)
        fake.add(
            workout(
                when,
                [
                    ("Hip Thrust (Barbell)", [("normal", 100.0, 10)] * 3),
                    ("Lying Leg Curl (Machine)", [("normal", 40.0, 12)] * 3),
                ],
            ),
            T0 + timedelta(hours=2),
        )
    csv_later = hevy_csv(fake.workouts, TZ)
    fake.events = [e for e in fake.events if e[0] > T0]  # the first sync must see only the first 1,000
    first_listing, fake.workouts = fake.workouts, fake.workouts[NEW:]

    out: dict[str, float] = {}
    with store.opened(folder / f"csv{n}.duckdb") as con:
        out["csv_first_s"] = _timed(lambda: ingest(con, csv_first, "hevy.csv", athlete="a", tz=TZ))
        out["csv_later_s"] = _timed(lambda: ingest(con, csv_later, "hevy.csv", athlete="a", tz=TZ))
    with store.opened(folder / f"api{n}.duckdb") as con, HevyClient(KEY, url=server.url_for("/")) as client:
        out["fetch_all_pages_s"] = _timed(client.workout_pages)  # the HTTP part of a first sync alone
        out["sync_first_s"] = _timed(
            lambda: sync_hevy(con, client, athlete="a", tz=TZ, now=lambda: T0 + timedelta(hours=1))
        )
        fake.workouts = first_listing
        out["sync_later_s"] = _timed(
            lambda: sync_hevy(con, client, athlete="a", tz=TZ, now=lambda: T0 + timedelta(hours=3))
        )
        sets = con.execute("SELECT count(*) FROM sets").fetchone()
        out["sets"] = float(sets[0]) if sets else 0.0
    return out


def main(rounds: int = 5) -> dict[str, object]:
    server = HTTPServer()
    server.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            one_round(server, Path(tmp), 99)  # warm-up: imports, pandera backends, DuckDB and polars start-up
            runs = [one_round(server, Path(tmp), n) for n in range(rounds)]
    finally:
        server.stop()
    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    return {
        "workouts": WORKOUTS,
        "sets": int(median["sets"]),
        "rounds": rounds,
        "csv_first_s": round(median["csv_first_s"], 3),
        "sync_first_s": round(median["sync_first_s"], 3),
        "first_ratio": round(median["sync_first_s"] / median["csv_first_s"], 2),
        "fetch_all_pages_s": round(median["fetch_all_pages_s"], 3),
        "csv_later_s": round(median["csv_later_s"], 3),
        "sync_later_s": round(median["sync_later_s"], 3),
        "later_ratio": round(median["sync_later_s"] / median["csv_later_s"], 2),
        "runs": runs,
    }


if __name__ == "__main__":
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5), indent=1))
