"""Flask-Limiter's counters for a hosted site live in the database: two storages (two processes) count together."""

from __future__ import annotations

from pathlib import Path

from limits import RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from dashboard.login_throttle import DatabaseLimitStorage, storage_uri


def test_flask_limiter_finds_the_database_storage_by_its_uri(pg_url: str, tmp_path: Path) -> None:
    assert storage_uri(str(tmp_path) + "/main.duckdb") == "memory://"
    uri = storage_uri(pg_url)
    assert uri == "liftbalance+" + pg_url
    first, second = storage_from_string(uri), storage_from_string(uri)  # two processes' storages
    assert isinstance(first, DatabaseLimitStorage) and first.check()
    limit = RateLimitItemPerMinute(3)
    one, two = FixedWindowRateLimiter(first), FixedWindowRateLimiter(second)
    assert [one.hit(limit, "addr"), two.hit(limit, "addr"), one.hit(limit, "addr")] == [True, True, True]
    assert two.hit(limit, "addr") is False  # the fourth attempt, counted across both
    assert one.get_window_stats(limit, "addr").remaining == 0
    first.reset()
    assert two.hit(limit, "addr") is True
