"""Password guessing must not cost other users their dashboard: rate limits and a bound on argon2 work.

Each login check is an argon2id hash (~50 ms of CPU and 64 MiB of memory, on purpose). Sixteen
clients guessing seven times a second once pushed another user's chart from 42 ms to 1.3 s and
added ~500 MB of memory. So:

- Flask-Limiter (in-memory storage: one process, docs/process-model.md) counts login attempts per
  client address and per account name as each one arrives (counting only failures, after the fact,
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

from etl.store.accounts import normalize_name

EXTENSION_KEY = "liftbalance.login_throttle"
PER_ADDRESS_LIMIT = "10 per minute;60 per hour"  # login attempts from one client address
PER_NAME_LIMIT = "5 per minute;30 per hour"  # login attempts for one account name, from anywhere
MAX_CONCURRENT_HASHES = 2  # one per core on a small machine; 2 x 64 MiB at most
HASH_SLOT_WAIT_S = 0.25  # short: a waiting login holds one of the server's 8 request threads


def _account_name() -> str:
    return "name:" + normalize_name(str(flask.request.form.get("name", "")))[:64]


class LoginThrottle:
    """The app's login limits and its argon2 slots (kept on ``server.extensions``, never in a global)."""

    def __init__(self, server: flask.Flask) -> None:
        self.limiter = Limiter(
            get_remote_address,
            app=server,
            storage_uri="memory://",
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
