"""Hevy's public API (v1) over HTTP: every workout page by page, or the change events since a time.

A small client on httpx. The key goes in the ``api-key`` header and nowhere else (not in errors, logs
or what a sync keeps). Hevy publishes no rate limit, so a 429 or a 5xx answer, and a dropped
connection, are retried a bounded number of times with exponential backoff and jitter; then the sync
fails with an error saying what happened, before anything is written. A 401 is a refused key at once.
The base URL comes from ``LIFTBALANCE_HEVY_URL`` so tests and self-hosters can point it elsewhere.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from etl.errors import LiftbalanceError

URL_ENV = "LIFTBALANCE_HEVY_URL"
DEFAULT_URL = "https://api.hevyapp.com"
# The most the API serves per page (its docs: "Max 10").
PAGE_SIZE = 10
KEY_PAGE = "hevy.com/settings?developer"

# Called with pages read and pages in all (as the API last said), so a front can draw progress.
PageProgress = Callable[[int, int], None]


def _no_progress(done: int, total: int) -> None:
    return None


class HevyError(LiftbalanceError):
    """Hevy's API could not be read; nothing was written."""


class HevyKeyRefused(HevyError):
    """Hevy answered 401: the key is wrong, revoked, or its account has no Hevy Pro."""


def base_url() -> str:
    """``$LIFTBALANCE_HEVY_URL``, else Hevy's own."""
    return (os.environ.get(URL_ENV) or DEFAULT_URL).rstrip("/")


def rfc3339(moment: datetime) -> str:
    """``2026-12-04T18:40:00Z``: a moment as the events endpoint's ``since`` (UTC)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Retry:
    """How often and how long to wait before asking again after a 429, a 5xx or a dropped connection.

    Attempt ``n`` (from 0) waits ``min(cap, base * 2**n)``, half of it fixed and half random (jitter, so
    many clients do not retry in step); a ``Retry-After`` of seconds is honoured up to ``cap``."""

    attempts: int = 5
    base_s: float = 0.5
    cap_s: float = 30.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    jitter: Callable[[], float] = field(default=random.random, compare=False)

    def delay(self, attempt: int, retry_after: str | None = None) -> float:
        if retry_after is not None:
            try:
                return min(self.cap_s, max(0.0, float(retry_after)))
            except ValueError:
                pass  # an HTTP date: use our own backoff
        step = min(self.cap_s, self.base_s * 2**attempt)
        return step / 2 + self.jitter() * step / 2


class HevyClient:
    """One lifter's Hevy account through its API key. Use as a context manager (it holds a connection pool)."""

    def __init__(
        self,
        api_key: str,
        *,
        url: str | None = None,
        retry: Retry | None = None,
        timeout_s: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not api_key or not api_key.strip():
            raise HevyKeyRefused(
                f"No Hevy API key was given; copy yours from {KEY_PAGE} (it needs Hevy Pro)."
            )
        self.url = (url or base_url()).rstrip("/")
        self.retry = retry or Retry()
        self._http = httpx.Client(
            base_url=self.url,
            headers={"api-key": api_key.strip(), "accept": "application/json"},
            timeout=timeout_s,
            transport=transport,
            follow_redirects=False,
        )

    def __enter__(self) -> HevyClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def __repr__(self) -> str:  # never the key
        return f"<HevyClient {self.url}>"

    def get(self, path: str, params: Mapping[str, str | int]) -> dict[str, Any]:
        """One answer as JSON, retried after a 429, a 5xx or a dropped connection (``Retry``)."""
        problem = ""
        for attempt in range(self.retry.attempts):
            retry_after = None
            try:
                response = self._http.get(path, params=dict(params))
            except httpx.TransportError as exc:
                problem = f"the connection to {self.url} failed ({type(exc).__name__})"
            else:
                status = response.status_code
                if status == 401:
                    raise HevyKeyRefused(
                        f"Hevy refused the API key (401 from {self.url}). Copy the key again from {KEY_PAGE} "
                        "(the API needs Hevy Pro); nothing was changed."
                    )
                if status == 429 or status >= 500:
                    problem = f"Hevy answered {status} ({'too many requests' if status == 429 else 'a server error'})"
                    retry_after = response.headers.get("retry-after")
                elif status != 200:
                    raise HevyError(f"Hevy answered {status} to {path}; nothing was changed.")
                else:
                    try:
                        body = response.json()
                    except ValueError as exc:
                        raise HevyError(f"Hevy's answer to {path} is not JSON; nothing was changed.") from exc
                    if not isinstance(body, dict):
                        raise HevyError(f"Hevy's answer to {path} is not a JSON object; nothing was changed.")
                    return body
            if attempt + 1 < self.retry.attempts:
                self.retry.sleep(self.retry.delay(attempt, retry_after))
        raise HevyError(
            f"{problem[:1].upper()}{problem[1:]}, {self.retry.attempts} times; nothing was changed. Try again later."
        )

    def _pages(
        self, path: str, params: Mapping[str, str | int], progress: PageProgress
    ) -> Iterator[dict[str, Any]]:
        page, count = 1, 1
        while page <= count:
            body = self.get(path, {**params, "page": page, "pageSize": PAGE_SIZE})
            count = _page_count(body, path)
            progress(page, max(count, page))
            yield body
            page += 1

    def workout_pages(self, progress: PageProgress = _no_progress) -> list[dict[str, Any]]:
        """Every page of ``GET /v1/workouts`` (newest workout first), as received."""
        return list(self._pages("/v1/workouts", {}, progress))

    def event_pages(self, since: datetime, progress: PageProgress = _no_progress) -> list[dict[str, Any]]:
        """Every page of ``GET /v1/workouts/events?since=...``: workouts updated or deleted since ``since``."""
        return list(self._pages("/v1/workouts/events", {"since": rfc3339(since)}, progress))


def _page_count(body: Mapping[str, Any], path: str) -> int:
    count = body.get("page_count")
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise HevyError(f"Hevy's answer to {path} has no page count; nothing was changed.")
    return count
