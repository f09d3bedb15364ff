"""The server ``liftbalance serve`` runs: waitress, tuned so strangers cannot stall it or fill its disk.

Why waitress still: it is maintained, pure Python, one process with a thread pool (DuckDB allows one
writing process per file: docs/process-model.md), and its I/O runs in one asynchronous loop, so an
idle or slow connection costs a socket, not a worker thread. What it lacked, and what this module adds:

- **Connection slots.** Waitress stops accepting at 100 connections and keeps idle ones 120 s, so 110
  half-sent requests froze everyone. Here: up to ``CONNECTION_LIMIT`` connections (poll() instead of
  select(), which cannot watch more than 1024 sockets), and a connection that sends or reads nothing
  for ``CHANNEL_TIMEOUT_S`` is closed (checked every ``CLEANUP_INTERVAL_S``).
- **Bodies before login.** Waitress reads a whole request body (to a temporary file past 512 KB)
  before the app sees the request, so anyone could make it write ~342 MB to disk per request. Here
  the request parser asks the app, as soon as the headers are in, whether the request carries a
  live session (``dashboard.auth.accepts_body``); a body over ``UNAUTHENTICATED_BODY_BYTES`` (or
  chunked) without one is answered 413 and the connection closed, before one byte of it is buffered.
- **Headers.** At most ``MAX_HEADER_BYTES`` of request line and headers (waitress allows 256 KB).

A reverse proxy in front should still limit connections and request rates per client address
(SECURITY.md, docs/deploy.md): waitress has no per-address connection limit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

import flask
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import BaseWSGIServer, create_server
from waitress.utilities import RequestEntityTooLarge

UNAUTHENTICATED_BODY_BYTES = 64 * 1024  # a login form is well under 1 KB
CONNECTION_LIMIT = 1000
CHANNEL_TIMEOUT_S = 20
CLEANUP_INTERVAL_S = 5
MAX_HEADER_BYTES = 32 * 1024
THREADS = (
    8  # request threads: uploads queue per database (dashboard.jobs), so more threads mostly serve charts
)
PROXY_HEADERS = {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port"}
LOG = logging.getLogger(__name__)

# headers as waitress parses them (CONTENT_LENGTH, COOKIE, ...) -> may this request send a big body?
AcceptsBody = Callable[[Mapping[str, str]], bool]


def guarded_parser(accepts_body: AcceptsBody) -> type[HTTPRequestParser]:
    """Waitress's request parser, refusing a big body from a request without a live session."""

    class GuardedParser(HTTPRequestParser):
        def parse_header(self, header_plus: bytes) -> None:
            super().parse_header(header_plus)
            if not (self.chunked or self.content_length > UNAUTHENTICATED_BODY_BYTES):  # type: ignore[has-type]
                return
            try:
                allowed = accepts_body(self.headers)
            except Exception as exc:  # never let a lookup break the server's I/O loop: refuse instead
                LOG.warning("body check failed (%s): refused", type(exc).__name__)
                allowed = False
            if not allowed:
                self.body_rcv = None  # nothing of the body is read or buffered
                self.chunked = False
                self.content_length = 0
                self.connection_close = True
                self.error = RequestEntityTooLarge(
                    "log in first: requests without a login carry at most "
                    f"{UNAUTHENTICATED_BODY_BYTES // 1024} KB"
                )

    return GuardedParser


def settings(max_body_bytes: int, *, trusted_proxy: str | None = None) -> dict[str, Any]:
    """Waitress adjustments for ``create_server``."""
    chosen: dict[str, Any] = {
        "threads": THREADS,
        "ident": "liftbalance",
        "max_request_body_size": max_body_bytes,
        "max_request_header_size": MAX_HEADER_BYTES,
        "connection_limit": CONNECTION_LIMIT,
        "channel_timeout": CHANNEL_TIMEOUT_S,
        "cleanup_interval": CLEANUP_INTERVAL_S,
        "asyncore_use_poll": True,
    }
    if trusted_proxy:
        # The client address (for login limits) and https come from the proxy's X-Forwarded-* headers.
        chosen.update(
            trusted_proxy=trusted_proxy,
            trusted_proxy_headers=PROXY_HEADERS,
            clear_untrusted_proxy_headers=True,
        )
    return chosen


def make_server(
    server: flask.Flask, *, host: str, port: int, accepts_body: AcceptsBody, trusted_proxy: str | None = None
) -> Any:
    """A waitress server for ``server`` on ``host:port`` (call ``.run()``), with the guarded parser."""
    wsgi = create_server(
        server,
        host=host,
        port=port,
        **settings(int(server.config["MAX_CONTENT_LENGTH"]), trusted_proxy=trusted_proxy),
    )
    channel = type("GuardedChannel", (HTTPChannel,), {"parser_class": guarded_parser(accepts_body)})
    listeners = getattr(wsgi, "map", None) or wsgi._map
    for listener in list(listeners.values()):
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = channel
    return wsgi
