"""Login attempt counters in PostgreSQL (hosted): fixed windows, and no hit lost when processes count at once."""

from __future__ import annotations

import threading

from etl.store import accounts_store, login_limits


def test_a_window_counts_until_it_ends_then_starts_again(pg_url: str) -> None:
    with accounts_store.opened(pg_url) as con:
        assert login_limits.count(con, "k", now=100.0) == 0
        assert login_limits.window_end(con, "k", now=100.0) == 100.0
        assert login_limits.hit(con, "k", 60, now=100.0) == 1
        assert login_limits.hit(con, "k", 60, amount=2, now=130.0) == 3
        assert login_limits.count(con, "k", now=159.0) == 3
        assert login_limits.window_end(con, "k", now=159.0) == 160.0
        assert login_limits.count(con, "k", now=160.0) == 0  # the window ended
        assert login_limits.hit(con, "k", 60, now=161.0) == 1  # a new one starts at this hit
        assert login_limits.window_end(con, "k", now=161.0) == 221.0
        assert login_limits.count(con, "other", now=161.0) == 0
        login_limits.forget(con, "k")
        assert login_limits.count(con, "k", now=161.0) == 0


def test_counters_long_past_are_deleted_as_new_hits_arrive(pg_url: str) -> None:
    with accounts_store.opened(pg_url) as con:
        login_limits.hit(con, "old", 60, now=0.0)
        login_limits.hit(con, "new", 60, now=60.0 + login_limits.FORGET_AFTER_S + 1)
        keys = [row[0] for row in con.execute("SELECT key FROM login_limits ORDER BY key").fetchall()]
        assert keys == ["new"]
        assert login_limits.forget_all(con) == 1


def test_simultaneous_hits_from_many_connections_are_all_counted(pg_url: str) -> None:
    """Eight connections (as eight web processes would hold) hit one key 25 times each, at once."""
    barrier = threading.Barrier(8)

    def attempts() -> None:
        with accounts_store.opened(pg_url) as con:
            barrier.wait()
            for _ in range(25):
                login_limits.hit(con, "name:ana", 3600)

    threads = [threading.Thread(target=attempts) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with accounts_store.opened(pg_url) as con:
        assert login_limits.count(con, "name:ana") == 200
