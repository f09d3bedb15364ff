"""Login and push attempt counters kept in the database, so every web process counts the same attempts.

One process kept them in memory (Flask-Limiter's ``memory://``). With several web processes, or several
servers behind one load balancer, a guesser spreading attempts over them would get each limit once per
process; so hosted (``--db postgresql://...``) the counters live in the accounts schema's ``login_limits``
table (``etl.store.accounts_store``) and ``dashboard.login_throttle`` hands Flask-Limiter a storage built
on these functions.

A counter is a fixed window: the first hit sets ``expires_at`` to now + the window, later hits add to it
until then, and the first hit after it starts a new window. ``hit`` does all of that in one
``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``: PostgreSQL locks the row for the statement, so two
processes counting at once never lose a hit. The SQL is plain enough to run on SQLite as well.
"""

from __future__ import annotations

import time
from typing import Any

# Windows that ended longer ago than this are deleted as new hits arrive (the longest limit is an hour).
FORGET_AFTER_S = 3600.0

_HIT = """
INSERT INTO login_limits (key, hits, expires_at) VALUES (?, ?, ?)
ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN login_limits.expires_at <= ? THEN excluded.hits ELSE login_limits.hits + excluded.hits END,
    expires_at = CASE WHEN login_limits.expires_at <= ? THEN excluded.expires_at ELSE login_limits.expires_at END
RETURNING hits
"""


def hit(con: Any, key: str, window_s: float, amount: int = 1, *, now: float | None = None) -> int:
    """Count ``amount`` attempts under ``key`` in its current window; returns the window's count."""
    now = time.time() if now is None else now
    con.execute("DELETE FROM login_limits WHERE expires_at < ?", [now - FORGET_AFTER_S])
    row = con.execute(_HIT, [key, amount, now + window_s, now, now]).fetchone()
    return int(row[0])


def count(con: Any, key: str, *, now: float | None = None) -> int:
    """The attempts counted under ``key`` in its current window (0 once it has ended)."""
    now = time.time() if now is None else now
    row = con.execute("SELECT hits FROM login_limits WHERE key = ? AND expires_at > ?", [key, now]).fetchone()
    return int(row[0]) if row else 0


def window_end(con: Any, key: str, *, now: float | None = None) -> float:
    """When ``key``'s current window ends (``now`` when it has none)."""
    now = time.time() if now is None else now
    row = con.execute(
        "SELECT expires_at FROM login_limits WHERE key = ? AND expires_at > ?", [key, now]
    ).fetchone()
    return float(row[0]) if row else now


def forget(con: Any, key: str) -> None:
    con.execute("DELETE FROM login_limits WHERE key = ?", [key])


def forget_all(con: Any) -> int:
    """Delete every counter; returns how many there were."""
    return len(con.execute("DELETE FROM login_limits RETURNING 1").fetchall())
