"""Who is asking, and which database file their request may touch: login, sessions and server hardening.

``install(app, main_db)`` guards every request of one Dash app. With no account (``etl.store.accounts``)
the dashboard is the single-user app it always was (``liftbalance serve`` keeps it on this machine).
Once ``liftbalance user add`` has created one, every page, layout, callback and download needs a
login, and the guard points the request at the logged-in account's OWN database file
(``etl.store.accounts.account_db_path``). Callbacks ask ``dashboard.dbpath.db_path()`` for their file, so
isolation is structural: a callback cannot read another account's athletes because it never opens
their file, whatever athlete name the browser sends.

Sessions live on the server (``etl.store.accounts``: the accounts file keeps each live session's hash);
the cookie, signed with a key kept in its own 0600 file, carries only the session id and the CSRF
token. Every request looks the session up, so logout, ``user password``, ``user remove`` and
``user sessions --revoke`` end it at once, even while the server runs. Cookies are HttpOnly,
SameSite=Lax, Secure over HTTPS or when serving beyond loopback. The login form carries a CSRF
token; Dash's own POSTs must be JSON, which a cross-site form cannot send. SECURITY.md explains.

Hosted (``--db postgresql://...``) the sessions, the signing key and the login limits live in the database,
so any number of server processes share them (docs/process-model.md); nothing here is kept per process but
the open single-user mode's latch (``_Guard.had_accounts``).
"""

from __future__ import annotations

import hmac
import logging
import secrets
import traceback
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dash
import flask
from dash.exceptions import CallbackException, DependencyException, InvalidCallbackReturnValue
from flask.sessions import SecureCookieSessionInterface
from flask.typing import ResponseReturnValue
from itsdangerous import BadSignature
from markupsafe import escape
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError
from werkzeug.http import parse_cookie

from dashboard.dbpath import REQUEST_DB, hold
from dashboard.login_throttle import LoginThrottle
from dashboard.push import PUSH_PATH, bearer_token
from dashboard.security_headers import SecurityHeaders
from etl.errors import LiftbalanceError
from etl.limits import Limits
from etl.store import accounts, push_tokens
from etl.store import database as store

LOGIN_PATH = "login"
LOGOUT_PATH = "logout"
SESSION_ID = "sid"
SESSION_CSRF = "csrf"
EXTENSION_KEY = "liftbalance.guard"
LOG = logging.getLogger(__name__)

REQUEST_ACCOUNT = "liftbalance_account"  # flask.g: the logged-in account, if any
# Reachable without a login: these exact paths, and everything inside these folders (static bundles).
# The push endpoint authenticates by its own Bearer token (dashboard.push), not by a session.
PUBLIC_PATHS = frozenset({LOGIN_PATH, LOGOUT_PATH, "_favicon.ico", PUSH_PATH})
PUBLIC_FOLDERS = ("_dash-component-suites/", "assets/")
SESSION_LIFETIME = timedelta(seconds=accounts.SESSION_LIFETIME_S)
# A dcc.Upload file arrives base64-encoded (4/3 the size) inside Dash's JSON body with the other inputs.
JSON_OVERHEAD_BYTES = 1024 * 1024
# What a callback raises when a hand-made body gives it a value the page never sends (a string where a
# number goes, an index out of range): answered 400, not 500. A heuristic: the log still names the place.
# CallbackException: Dash's own refusal of a body that does not match the callback (or a page path without /).
BAD_INPUT_ERRORS = (
    TypeError,
    ValueError,
    KeyError,
    IndexError,
    AttributeError,
    OverflowError,
    CallbackException,
)
CALLBACK_PATH = "_dash-update-component"


def max_request_bytes(limits: Limits) -> int:
    """Flask's ``MAX_CONTENT_LENGTH`` for an upload limit: the base64 of the largest file plus room."""
    return -(-limits.max_upload_bytes * 4 // 3) + JSON_OVERHEAD_BYTES


def is_public_path(relative: str) -> bool:
    """A path (without the app's prefix) that needs no login: an exact public path or inside a public folder."""
    if relative in PUBLIC_PATHS:
        return True
    return relative.startswith(PUBLIC_FOLDERS) and "/../" not in relative and not relative.endswith("/..")


class _SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, with the Secure flag also set whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: flask.Flask) -> bool:
        secure = bool(app.config["SESSION_COOKIE_SECURE"])
        return secure or (flask.has_request_context() and flask.request.is_secure)


def install(app: dash.Dash, main_db: accounts.MainDb) -> None:
    """Guard ``app``: sessions, login/logout routes, per-account databases, headers, quiet errors."""
    server = app.server
    if not accounts.is_hosted(main_db):
        main_db = Path(main_db).expanduser()
        _import_legacy_accounts(main_db)
    server.secret_key = accounts.session_signing_key(main_db)
    server.config.update(
        SESSION_COOKIE_NAME="liftbalance_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
    )
    server.config.setdefault("SESSION_COOKIE_SECURE", False)  # `serve` sets it when not on loopback
    server.session_interface = _SessionInterface()
    prefix = app.config.routes_pathname_prefix or "/"
    guard = _Guard(main_db, prefix, LoginThrottle(server, main_db))
    server.extensions[EXTENSION_KEY] = guard
    server.before_request(guard.check)
    server.after_request(SecurityHeaders(app, guard.is_static_request))
    server.add_url_rule(
        prefix + LOGIN_PATH, "liftbalance_login", guard.throttle.limit(guard.login), methods=["GET", "POST"]
    )
    server.add_url_rule(prefix + LOGOUT_PATH, "liftbalance_logout", guard.logout, methods=["GET", "POST"])
    server.register_error_handler(InternalServerError, _plain_error)
    server.register_error_handler(DependencyException, _unknown_bundle)
    for error in BAD_INPUT_ERRORS:
        server.register_error_handler(error, _bad_callback_input)
    server.log_exception = _log_without_messages.__get__(server)  # type: ignore[method-assign]


def _import_legacy_accounts(main_db: Path) -> None:
    """Accounts an older liftbalance kept inside the main DuckDB file move to the accounts file."""
    with store.opened(main_db) as con:
        moved = accounts.import_legacy_accounts(con, main_db)
    if moved:
        LOG.warning(
            "moved %d accounts from %s into %s; they must log in again",
            moved,
            main_db,
            accounts.accounts_file(main_db),
        )


class _Guard:
    def __init__(self, main_db: accounts.MainDb, prefix: str, throttle: LoginThrottle):
        self.main_db = main_db
        self.prefix = prefix
        self.throttle = throttle
        # Once this server has seen an account it never falls back to the open single-user mode, even if
        # the last account is removed while it runs (that would open it to whoever can reach it).
        self.had_accounts = False

    def _store_exists(self) -> bool:
        return accounts.store_exists(self.main_db)

    def _relative(self) -> str:
        path = flask.request.path
        return path[len(self.prefix) :] if path.startswith(self.prefix) else path.lstrip("/")

    def is_static_request(self) -> bool:
        """A static bundle or icon, the same for everyone: the only responses a cache may keep."""
        relative = self._relative()
        return relative == "_favicon.ico" or (
            is_public_path(relative) and relative.startswith(PUBLIC_FOLDERS)
        )

    def session_is_live(self, session_id: object) -> bool:
        """Whether a session id opens an account now (the server's body limit asks, outside any request)."""
        if not self._store_exists() and not self.had_accounts:
            return True  # no accounts: everyone on this machine is the owner
        with accounts.opened(self.main_db) as con:
            if not self.had_accounts and not accounts.has_accounts(con):
                return True
            return accounts.account_for_session(con, session_id) is not None

    def check(self) -> ResponseReturnValue | None:
        """Before every request: let it through on the right database, or refuse it."""
        flask.g.pop(REQUEST_DB, None)
        flask.g.pop(REQUEST_ACCOUNT, None)
        relative = self._relative()
        if is_public_path(relative):
            return None
        if flask.request.method == "POST" and not flask.request.is_json:
            # Dash posts JSON; a cross-site HTML form cannot (CSRF defence in depth beside SameSite=Lax).
            return _text("Expected a JSON request.", 415)
        try:
            hold(flask.current_app, self.main_db)
            account: accounts.Account | None = None
            with_accounts = self._store_exists()
            if with_accounts:
                with accounts.opened(self.main_db) as con:
                    with_accounts = accounts.has_accounts(con)
                    account = accounts.account_for_session(con, flask.session.get(SESSION_ID))
        except LiftbalanceError:
            return _text(
                "The database is busy (another liftbalance command has it open); try again shortly.", 503
            )
        self.had_accounts = self.had_accounts or with_accounts
        if not self.had_accounts:
            setattr(flask.g, REQUEST_DB, str(self.main_db))
            return None
        if account is None:
            if relative.startswith("_dash") or flask.request.method != "GET":
                return _text("Log in first.", 401)
            return flask.redirect(self.prefix + LOGIN_PATH + "?next=" + _quote_next(flask.request.full_path))
        try:
            setattr(flask.g, REQUEST_DB, str(accounts.ensure_account_db_dir(self.main_db, account)))
        except LiftbalanceError:
            return _text("This account's data folder cannot be created; ask whoever runs the server.", 500)
        setattr(flask.g, REQUEST_ACCOUNT, account)
        return None

    def login(self) -> ResponseReturnValue:
        token = _csrf_token()
        if flask.request.method == "GET":
            return _login_page(token, self.prefix, next_path=flask.request.args.get("next", ""))
        if not hmac.compare_digest(str(flask.request.form.get("csrf", "")), token):
            return _text("The form expired; reload the login page.", 400)
        name = str(flask.request.form.get("name", ""))
        password = str(flask.request.form.get("password", ""))
        next_path = _safe_next(str(flask.request.form.get("next", "")), self.prefix)
        if not self.throttle.hash_slot():
            return _text("Too many logins at once; try again in a few seconds.", 503)
        try:
            with accounts.opened(self.main_db) as con:
                account = accounts.verify_login(con, name, password)
                session_id = accounts.start_session(con, account) if account else None
        except LiftbalanceError:
            return _text("The accounts file is busy; try again shortly.", 503)
        finally:
            self.throttle.release_slot()
        if session_id is None:
            return _login_page(token, self.prefix, next_path=next_path, failed=True), 401
        flask.session.clear()  # a fresh session on login: no fixation
        flask.session.permanent = True
        flask.session[SESSION_ID] = session_id
        flask.session[SESSION_CSRF] = secrets.token_urlsafe(32)
        return flask.redirect(next_path)

    def logout(self) -> ResponseReturnValue:
        token = _csrf_token()
        if flask.request.method == "GET":
            return _page(
                "Log out",
                f'<form method="post"><input type="hidden" name="csrf" value="{escape(token)}">'
                '<button type="submit">Log out</button></form>',
            ), 200
        if not hmac.compare_digest(str(flask.request.form.get("csrf", "")), token):
            return _text("The form expired; reload the page.", 400)
        session_id = flask.session.get(SESSION_ID)
        if session_id is not None and self._store_exists():
            try:
                with accounts.opened(self.main_db) as con:
                    accounts.end_session(con, session_id)
            except LiftbalanceError:
                return _text("The accounts file is busy; try logging out again shortly.", 503)
        flask.session.clear()
        return flask.redirect(self.prefix + LOGIN_PATH)


def accepts_body(server: flask.Flask, headers: Mapping[str, str]) -> bool:
    """Whether a request with these headers (as waitress parses them: ``COOKIE``) carries a live session, or
    the server has no accounts: only then may it send a body bigger than a login form (dashboard.production_server).
    Runs outside any request, in the server's I/O thread: one cookie check and one SQLite lookup."""
    guard: _Guard = server.extensions[EXTENSION_KEY]
    if push_tokens.token_is_live(guard.main_db, bearer_token(headers.get("AUTHORIZATION"))):
        return True  # a push (POST /api/ingest) with a live token may send an export
    cookie = parse_cookie(headers.get("COOKIE", "")).get(str(server.config["SESSION_COOKIE_NAME"]))
    session_id = None
    if cookie:
        serializer = server.session_interface.get_signing_serializer(server)  # type: ignore[attr-defined]
        if serializer is None:
            return False
        try:
            data = serializer.loads(cookie, max_age=int(SESSION_LIFETIME.total_seconds()))
        except BadSignature:
            return False
        session_id = data.get(SESSION_ID) if isinstance(data, dict) else None
    return guard.session_is_live(session_id)


def _csrf_token() -> str:
    token = flask.session.get(SESSION_CSRF)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        flask.session[SESSION_CSRF] = token
    return token


def _quote_next(full_path: str) -> str:
    from urllib.parse import quote

    return quote(full_path.rstrip("?"), safe="")


def _safe_next(value: str, prefix: str) -> str:
    """Only a path on this site: ``//evil.example`` or ``https://...`` go to the dashboard's home."""
    parts = urlsplit(value)
    if not value.startswith("/") or value.startswith("//") or parts.scheme or parts.netloc or "\\" in value:
        return prefix
    return value


def _page(title: str, body: str) -> str:
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · liftbalance</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}"
        "label,input,button{display:block;width:100%;margin:.3rem 0}input,button{padding:.5rem;font-size:1rem}"
        ".bad{color:#b00020}</style></head>"
        f"<body><h1>liftbalance</h1>{body}</body></html>"
    )


def _login_page(token: str, prefix: str, *, next_path: str, failed: bool = False) -> str:
    message = '<p class="bad" role="alert">Wrong name or password.</p>' if failed else ""
    return _page(
        "Log in",
        f'{message}<form method=post action="{escape(prefix + LOGIN_PATH)}">'
        f'<input type="hidden" name="csrf" value="{escape(token)}">'
        f'<input type="hidden" name="next" value="{escape(_safe_next(next_path, prefix))}">'
        '<label for="name">Name</label><input id="name" name="name" autocomplete="username" required autofocus>'
        '<label for="password">Password</label>'
        '<input id="password" name="password" type="password" autocomplete="current-password" required>'
        '<button type="submit">Log in</button></form>',
    )


def _text(message: str, status: int) -> flask.Response:
    return flask.Response(message + "\n", status=status, mimetype="text/plain")


def _plain_error(error: HTTPException) -> flask.Response:
    """A 500 page that says only that something failed: no traceback, no exception text."""
    return _text("Something went wrong on the server; nothing was changed by this request. Try again.", 500)


def _unknown_bundle(error: Exception) -> flask.Response:
    """A static bundle Dash does not know: 404 and one short log line (not a 500 and a traceback)."""
    LOG.info("404 unknown Dash bundle %s", flask.request.path[:200])
    return _text("Not found.", 404)


def _bad_callback_input(error: Exception) -> flask.Response:
    """A callback failed on values the page never sends: 400. Elsewhere such an error stays a 500."""
    if not flask.request.path.endswith(CALLBACK_PATH) or isinstance(error, InvalidCallbackReturnValue):
        flask.current_app.log_exception((type(error), error, error.__traceback__))  # type: ignore[arg-type]
        return _plain_error(InternalServerError())
    frames = traceback.extract_tb(error.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
    LOG.warning("400 callback input refused: %s at %s (message withheld)", type(error).__name__, where)
    return _text("The request's values are not ones this page sends.", BadRequest.code or 400)


def _log_without_messages(self: flask.Flask, exc_info: Any) -> None:
    """Log where an unhandled error happened, not its message (which may quote an uploaded file)."""
    if self.debug:
        self.logger.error("Exception on %s [%s]", flask.request.path, flask.request.method, exc_info=exc_info)
        return
    _type, exc, tb = exc_info
    frames = "\n".join(f"  {f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(tb))
    self.logger.error(
        "Exception on %s [%s]: %s (message withheld: it may quote user data)\n%s",
        flask.request.path,
        flask.request.method,
        type(exc).__name__,
        frames,
    )


def current_account() -> accounts.Account | None:
    """The account logged in for this request, if any (for a page that shows who is logged in)."""
    if not flask.has_request_context():
        return None
    account = flask.g.get(REQUEST_ACCOUNT)
    return account if isinstance(account, accounts.Account) else None
