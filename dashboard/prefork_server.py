"""The server ``liftbalance serve --workers N`` runs: gunicorn, N processes, for a site on PostgreSQL.

Why a second server beside waitress (``dashboard.production_server``): waitress is one process, and one
Python process runs one core's worth of callbacks at a time. A hosted site on PostgreSQL has no
one-writer rule (the DuckDB file has), and keeps every piece of state a request needs in the database
(accounts, sessions, push tokens, login limits: ``etl.store.accounts``, ``dashboard.login_throttle``), so
any process can answer any request. gunicorn is the maintained pre-fork server the Flask docs name first:
a master process that starts N workers, restarts one that dies, and stops them all on SIGTERM/SIGINT.

Each worker builds its own app (``load`` runs in the worker, after the fork: no connection or thread is
shared across a fork) and answers requests in ``THREADS`` threads (the ``gthread`` worker). What waitress
did for us and gunicorn does differently:

- **Bodies before login.** gunicorn hands the request to the app before reading its body, and reads the
  body only when the app does. ``refuse_unauthenticated_bodies`` answers 413 to a body over
  ``production_server.UNAUTHENTICATED_BODY_BYTES`` (or chunked) without a live session or push token, with
  the same check waitress's parser makes (``dashboard.auth.accepts_body``), before one byte is read.
- **Client address behind a proxy.** gunicorn trusts ``X-Forwarded-Proto`` only from
  ``forwarded_allow_ips`` (set to ``--trusted-proxy``, else nobody); the client address for the login
  limits comes from ``X-Forwarded-For`` only on requests whose peer is that proxy (``_FromTrustedProxy``).
- **Private files.** Workers keep umask 077 (gunicorn's default 0 would make new files world-readable),
  and gunicorn's control socket (a file in the home folder, which a second instance would fight over) is off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from gunicorn.app.base import BaseApplication
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard.production_server import UNAUTHENTICATED_BODY_BYTES

THREADS = 8  # request threads per worker process, as waitress's pool
TIMEOUT_S = (
    60  # a worker silent this long is restarted (gthread: the worker's heartbeat, not a request's time)
)
GRACEFUL_TIMEOUT_S = 10
LIMIT_REQUEST_LINE = 8190  # gunicorn's largest: Dash's page URLs carry query strings
PRIVATE_UMASK = 0o077

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
# headers as waitress names them (COOKIE, AUTHORIZATION) -> may this request send a big body?
AcceptsBody = Callable[[Mapping[str, str]], bool]


def _headers(environ: Mapping[str, Any]) -> dict[str, str]:
    """The request's headers named as waitress's parser names them (``HTTP_COOKIE`` -> ``COOKIE``)."""
    return {key[5:]: str(value) for key, value in environ.items() if key.startswith("HTTP_")}


def refuse_unauthenticated_bodies(app: WSGIApp, accepts_body: AcceptsBody) -> WSGIApp:
    """``app``, answering 413 (connection closed) to a big or chunked body without a live login or token."""

    def guarded(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        chunked = "chunked" in str(environ.get("HTTP_TRANSFER_ENCODING", "")).lower()
        if chunked or length > UNAUTHENTICATED_BODY_BYTES:
            try:
                allowed = accepts_body(_headers(environ))
            except Exception:  # a failed lookup refuses; it never answers 500 with a traceback
                allowed = False
            if not allowed:
                body = (
                    "log in first: requests without a login carry at most "
                    f"{UNAUTHENTICATED_BODY_BYTES // 1024} KB\n"
                ).encode()
                start_response(
                    "413 Request Entity Too Large",
                    [
                        ("Content-Type", "text/plain; charset=utf-8"),
                        ("Content-Length", str(len(body))),
                        ("Connection", "close"),
                    ],
                )
                return [body]
        return app(environ, start_response)

    return guarded


class _FromTrustedProxy:
    """Werkzeug's ProxyFix (client address from ``X-Forwarded-For``), applied only to the proxy's requests."""

    def __init__(self, app: WSGIApp, proxy: str) -> None:
        self.app = app
        self.proxy = proxy
        self.fixed = ProxyFix(app, x_for=1, x_proto=1, x_host=1, x_port=1)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REMOTE_ADDR") == self.proxy:
            return self.fixed(environ, start_response)  # type: ignore[no-any-return]
        return self.app(environ, start_response)


def settings(*, host: str, port: int, workers: int, trusted_proxy: str | None = None) -> dict[str, Any]:
    """gunicorn settings for ``workers`` processes listening on ``host:port``."""
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    return {
        "bind": [f"{shown}:{port}"],
        "workers": workers,
        "worker_class": "gthread",
        "threads": THREADS,
        "timeout": TIMEOUT_S,
        "graceful_timeout": GRACEFUL_TIMEOUT_S,
        "limit_request_line": LIMIT_REQUEST_LINE,
        "forwarded_allow_ips": trusted_proxy or "",  # nobody but the named proxy sets the scheme
        "umask": PRIVATE_UMASK,
        "control_socket_disable": True,
        "proc_name": "liftbalance",
        "errorlog": "-",
        "preload_app": False,  # each worker builds its app after the fork
    }


class PreforkServer(BaseApplication):  # type: ignore[misc]  # gunicorn ships no type hints
    """gunicorn running ``make_app()`` in each of its worker processes (``.run()`` blocks until stopped)."""

    def __init__(self, make_app: Callable[[], WSGIApp], options: Mapping[str, Any]) -> None:
        self.make_app = make_app
        self.options = dict(options)
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> WSGIApp:
        return self.make_app()


def make_server(
    make_flask_app: Callable[[], Any],
    accepts_body: Callable[[Any, Mapping[str, str]], bool],
    *,
    host: str,
    port: int,
    workers: int,
    trusted_proxy: str | None = None,
) -> PreforkServer:
    """A gunicorn server whose workers each serve ``make_flask_app()`` (a Flask app) behind the body guard;
    ``accepts_body(flask_app, headers)`` is ``dashboard.auth.accepts_body``."""

    def make_app() -> WSGIApp:
        server = make_flask_app()
        wsgi: WSGIApp = refuse_unauthenticated_bodies(server, lambda headers: accepts_body(server, headers))
        if trusted_proxy:
            wsgi = _FromTrustedProxy(wsgi, trusted_proxy)
        return wsgi

    return PreforkServer(
        make_app, settings(host=host, port=port, workers=workers, trusted_proxy=trusted_proxy)
    )
