"""``POST /api/ingest``: an export pushed from a phone (an iOS Shortcut) or a script, with a Bearer token.

Strong has no public API, so the way to skip "export, then upload on the dashboard" is to send the export
straight from the phone's share sheet to the server. The request carries ``Authorization: Bearer <token>``
(``liftbalance token create``; ``etl.store.push_tokens``) and the file, either as the raw body (its name in
``?filename=``) or as multipart form data with one file. It runs the upload's front door
(``etl.ingest.ingest``, the same size and rejection rules) in the same per-database import queue as the
Upload page (``dashboard.jobs``), so a push and an upload into one database never run at once, and
answers with the import report as JSON, the same keys as ``liftbalance ingest --json``. A refused file is
``{"error": message}``: 401 for a missing or bad token, 413 for a file over the upload limit, 422 for a
file the import refuses (nothing is written then).

The path is public to the login guard (``dashboard.auth``: it has its own credential, so it needs no
session or CSRF token; a cross-site form cannot set an Authorization header) but keeps every security
header. Failed tokens are rate-limited per client address like failed logins, so a token cannot be guessed
(at 32 random bytes it could not be anyway; the limit keeps the hashing and lookups cheap under a flood).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any, BinaryIO, cast

import dash
import flask

from dashboard import jobs
from dashboard.login_throttle import EXTENSION_KEY as THROTTLE_KEY
from dashboard.login_throttle import LoginThrottle
from etl.errors import BadRowsError, InputError, LiftbalanceError, StoreError
from etl.ingest import ImportReport, ingest, read_bytes
from etl.limits import Limits
from etl.read.units import UNITS
from etl.store import accounts, push_tokens
from etl.store import database as store

PUSH_PATH = "api/ingest"
DEFAULT_FILENAME = "export.csv"
BAD_TOKEN_LIMIT = "10 per minute;60 per hour"  # failed pushes (401) from one client address
MULTIPART_SLACK_BYTES = 64 * 1024  # the form's boundaries and part headers around the one file
IMPORT_WAIT_S = 600.0  # the longest a push waits for its turn in the queue and its import
BEARER = "bearer "


class PushRefused(Exception):
    """A push answered with ``{"error": message}`` and ``status`` (never shown as a traceback)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def install(app: dash.Dash, main_db: accounts.MainDb) -> None:
    """Add the route to ``app`` (after ``dashboard.auth.install``, whose rate limiter it shares)."""
    server = app.server
    throttle: LoginThrottle = server.extensions[THROTTLE_KEY]
    limited = throttle.limiter.limit(
        BAD_TOKEN_LIMIT,
        methods=["POST"],
        deduct_when=lambda response: response.status_code == 401,
        error_message="Too many pushes with a bad token from here; wait a few minutes.",
    )
    handler = _Push(main_db if accounts.is_hosted(main_db) else Path(main_db).expanduser())

    def liftbalance_push() -> (
        flask.Response
    ):  # a plain function: Flask-Limiter keys its limits by the view's name
        return handler()

    prefix = app.config.routes_pathname_prefix or "/"
    server.add_url_rule(prefix + PUSH_PATH, "liftbalance_push", limited(liftbalance_push), methods=["POST"])


def bearer_token(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, else None."""
    if not header or header[: len(BEARER)].lower() != BEARER:
        return None
    return header[len(BEARER) :].strip() or None


def _json(payload: dict[str, Any], status: int = 200) -> flask.Response:
    response = flask.Response(json.dumps(payload, default=str), status=status, mimetype="application/json")
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="liftbalance"'
    return response


class _Push:
    def __init__(self, main_db: accounts.MainDb) -> None:
        self.main_db = main_db

    def __call__(self) -> flask.Response:
        try:
            db, athlete = self._authorise()
            filename, data = _read_file(Limits.from_env().max_upload_bytes)
            unit = _unit()
            return _json(_import_in_queue(db, data, filename, athlete=athlete, unit=unit).to_dict())
        except PushRefused as refused:
            return _json({"error": str(refused)}, refused.status)

    def _authorise(self) -> tuple[accounts.MainDb, str]:
        token = bearer_token(flask.request.headers.get("Authorization"))
        if token is None:
            raise PushRefused(
                401,
                "Send the push token as the header  Authorization: Bearer <token>  "
                "(`liftbalance token create` makes one).",
            )
        if not accounts.store_exists(self.main_db):
            raise PushRefused(
                401, "This push token is not known here; make one with `liftbalance token create`."
            )
        try:
            with accounts.opened(self.main_db) as con:
                found = push_tokens.find_token(con, token)
                if found is None:
                    raise PushRefused(
                        401,
                        "This push token is not known here (revoked, or never made); "
                        "`liftbalance token list` shows the live ones.",
                    )
                db = push_tokens.target_db(self.main_db, con, found)
        except push_tokens.TokenError as exc:
            raise PushRefused(401, str(exc)) from exc
        except LiftbalanceError as exc:  # the accounts file is busy or unreadable
            raise PushRefused(503, str(exc)) from exc
        return db, found.athlete


def _read_file(max_bytes: int) -> tuple[str, bytes]:
    """The pushed file's name and bytes: the raw body, or the one file of a multipart form."""
    request = flask.request
    multipart = request.mimetype == "multipart/form-data"
    length = request.content_length
    too_big = (
        f"the file is larger than {max_bytes / 2**20:g} MB; expected a workout export "
        "(raise LIFTBALANCE_MAX_UPLOAD_MB if this really is one)"
    )
    if length is not None and length > max_bytes + (MULTIPART_SLACK_BYTES if multipart else 0):
        raise PushRefused(413, f"{request.args.get('filename') or 'The upload'}: {too_big}")
    stream: BinaryIO
    if multipart:
        files = [f for key in request.files for f in request.files.getlist(key)]
        if len(files) != 1:
            raise PushRefused(422, f"Send exactly one file in the form; this one has {len(files)}.")
        filename = _clean_name(files[0].filename)
        stream = files[0].stream  # type: ignore[assignment]
    else:
        filename = _clean_name(request.args.get("filename"))
        stream = request.stream  # type: ignore[assignment]
    try:
        data = read_bytes(stream, filename, max_bytes=max_bytes)
    except InputError as exc:
        raise PushRefused(413, str(exc)) from exc
    if not data:
        raise PushRefused(422, f"{filename}: the request carried no file; send the export as the body.")
    return filename, data


def _clean_name(name: str | None) -> str:
    """A file name for the report and for format detection: the last path part, printable, bounded."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = "".join(c for c in base if c.isprintable())[:200]
    return base or DEFAULT_FILENAME


def _unit() -> str | None:
    unit = flask.request.args.get("unit")
    if unit is None:
        return None
    if unit not in UNITS:
        raise PushRefused(422, f"unit={unit!r} is not one of {', '.join(UNITS)}.")
    return unit


def _import_in_queue(
    db: accounts.MainDb, data: bytes, filename: str, *, athlete: str, unit: str | None
) -> ImportReport:
    """Run the import as a job of ``db``'s queue (dashboard.jobs) and wait for it."""
    finished = threading.Event()
    outcome: dict[str, Any] = {}

    def work(path: Path, report: jobs.Report) -> None:
        try:
            with store.opened(path) as con:
                outcome["report"] = ingest(
                    con,
                    data,
                    filename,
                    athlete=athlete,
                    unit=unit,
                    progress=lambda stage, fraction: report(fraction, stage),
                )
        except LiftbalanceError as exc:
            outcome["error"] = exc
        finally:
            finished.set()

    jobs.current_jobs().submit(cast(Path, db), work)  # a URL travels as the path does (dashboard.dbpath)
    if not finished.wait(IMPORT_WAIT_S):
        raise PushRefused(503, "The import is still waiting for its turn; try again in a few minutes.")
    error = outcome.get("error")
    if isinstance(error, StoreError):
        raise PushRefused(503, str(error))
    if isinstance(error, InputError | BadRowsError | LiftbalanceError):
        raise PushRefused(422, str(error))
    if "report" not in outcome:  # the job failed unexpectedly; dashboard.jobs logged where
        raise PushRefused(500, "The import failed unexpectedly; nothing was changed.")
    report: ImportReport = outcome["report"]
    return report


__all__ = ["PUSH_PATH", "bearer_token", "install"]
