"""Password guessing must not cost other users their dashboard: rate limits and a bound on argon2 work.

Each login check is an argon2id hash (~50 ms of CPU and 64 MiB of memory, on purpose). Sixteen
clients guessing seven times a second once pushed another user's chart from 42 ms to 1.3 s and
added ~500 MB of memory. So:

- Flask-Limiter counts login attempts per client address and per account name (in memory for the one
  process serving a DuckDB file, docs/process-model.md; hosted on PostgreSQL, in the database, so every
  web process and every server counts the same attempts: ``DatabaseLimitStorage``, ``etl.store.login_limits``) as each one arrives (counting only failures, after the fact,
  let a burst of simultaneous guesses all through), and answers 429 beyond the limits, before any hashing.
  The per-name limit is what stops a spread-out guesser; its cost is that a flood of wrong
  guesses can also keep the real owner out for a few minutes (they can still use a live session).
- A semaphore lets at most ``MAX_CONCURRENT_HASHES`` argon2 checks run at once; a login that
  cannot get a slot within ``HASH_SLOT_WAIT_S`` is told to retry (503) instead of holding a request
  thread that another user's chart needs.

Behind a reverse proxy every client has the proxy's address: ``liftbalance serve --trusted-proxy``
makes waitress take the client address from ``X-Forwarded-For`` (docs/deploy.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits.storage import Storage

from etl.store import accounts_store, login_limits
from etl.store.accounts import MainDb, normalize_name

EXTENSION_KEY = "liftbalance.login_throttle"
PER_ADDRESS_LIMIT = "10 per minute;60 per hour"  # login attempts from one client address
PER_NAME_LIMIT = "5 per minute;30 per hour"  # login attempts for one account name, from anywhere
MAX_CONCURRENT_HASHES = 2  # one per core on a small machine; 2 x 64 MiB at most
HASH_SLOT_WAIT_S = 0.25  # short: a waiting login holds one of the server's 8 request threads


def _account_name() -> str:
    return "name:" + normalize_name(str(flask.request.form.get("name", "")))[:64]


STORAGE_SCHEME = (
    "liftbalance+"  # + the database URL's own scheme: Flask-Limiter's storage_uri for a hosted site
)


def storage_uri(main_db: MainDb) -> str:
    """Where the counters live: this process's memory for a DuckDB file, the database for a hosted site."""
    return STORAGE_SCHEME + str(main_db) if accounts_store.is_hosted(main_db) else "memory://"


class DatabaseLimitStorage(Storage):
    """A ``limits`` storage (fixed windows) over ``etl.store.login_limits``, for Flask-Limiter's ``storage_uri``
    ``liftbalance+postgresql://...``. One connection per process, opened on first use (after gunicorn's
    fork), used by one request thread at a time, and opened again if the database dropped it."""

    STORAGE_SCHEME = [STORAGE_SCHEME + "postgresql", STORAGE_SCHEME + "postgres"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._url = str(uri)[len(STORAGE_SCHEME) :]
        self._lock = threading.Lock()
        self._con: Any = None

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        import psycopg

        return (psycopg.Error, accounts_store.AccountError)

    def _run(self, work: Callable[[Any], Any]) -> Any:
        import psycopg

        with self._lock:
            for attempt in (1, 2):
                if self._con is None or self._con.closed:
                    self._con = accounts_store.connect(self._url)
                try:
                    return work(self._con)
                except psycopg.OperationalError:  # the connection dropped: once more on a new one
                    self._con.close()
                    self._con = None
                    if attempt == 2:
                        raise
        raise AssertionError("unreachable")

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        return int(self._run(lambda con: login_limits.hit(con, key, expiry, amount)))

    def get(self, key: str) -> int:
        return int(self._run(lambda con: login_limits.count(con, key)))

    def get_expiry(self, key: str) -> float:
        return float(self._run(lambda con: login_limits.window_end(con, key)))

    def check(self) -> bool:
        return bool(self._run(lambda con: con.execute("SELECT 1").fetchone()))

    def reset(self) -> int | None:
        return int(self._run(login_limits.forget_all))

    def clear(self, key: str) -> None:
        self._run(lambda con: login_limits.forget(con, key))


class LoginThrottle:
    """The app's login limits and its argon2 slots (kept on ``server.extensions``, never in a global)."""

    def __init__(self, server: flask.Flask, main_db: MainDb = "") -> None:
        self.limiter = Limiter(
            get_remote_address,
            app=server,
            storage_uri=storage_uri(main_db),
            headers_enabled=True,
            key_prefix="liftbalance",
        )
        self._slots = threading.BoundedSemaphore(MAX_CONCURRENT_HASHES)
        server.extensions[EXTENSION_KEY] = self

    def limit(self, view: Callable[..., Any]) -> Callable[..., Any]:
        """``view`` with both limits on its POSTs."""
        by_name = self.limiter.limit(
            PER_NAME_LIMIT,
            key_func=_account_name,
            methods=["POST"],
            error_message="Too many logins for this name; wait a few minutes.",
        )
        by_address = self.limiter.limit(
            PER_ADDRESS_LIMIT,
            methods=["POST"],
            error_message="Too many logins from here; wait a few minutes.",
        )
        limited: Callable[..., Any] = by_address(by_name(view))
        return limited

    def hash_slot(self) -> bool:
        """Take an argon2 slot (``release_slot`` after); False when none frees up in time."""
        return self._slots.acquire(timeout=HASH_SLOT_WAIT_S)

    def release_slot(self) -> None:
        self._slots.release()
