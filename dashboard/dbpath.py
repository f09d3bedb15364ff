"""Which database the current request belongs to: the one place a page or callback gets its file.

Pages and callbacks call ``db_path()`` and open a connection per call
(``with store.opened(db_path()) as con``), so no connection or path sits in a module global.
Without accounts that is the file ``create_app`` was given. With accounts, ``dashboard.auth``'s
guard has already checked the login and put the logged-in account's own file on ``flask.g``; this
function returns that, so every callback, download and upload is confined to the account's data.
Outside a guarded request (a test under ``app_context()``, a worker thread) it refuses when the
database has accounts, rather than fall back to a file that is not the caller's.

The app holds one connection to each file it has served (``hold``) for as long as it lives: with the
file's DuckDB instance kept alive in this process, each request's ``store.opened`` takes about 1.5 ms
instead of 20-30 ms of loading the file again. The cost is DuckDB's file lock, held while the
dashboard runs, so a ``liftbalance ingest`` on the same file meanwhile is told the file is in use (the
dashboard's Upload page imports into it instead).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import cast

import dash
import duckdb
import flask

from etl.errors import LiftbalanceError
from etl.store import accounts
from etl.store import database as store

DB_CONFIG_KEY = "LIFTBALANCE_DB"
REQUEST_DB = "liftbalance_db"  # set on flask.g by dashboard.auth's guard
HELD_KEY = "liftbalance.held_databases"


class LoginRequiredError(LiftbalanceError):
    """A database was asked for outside a logged-in request on a dashboard that has accounts."""


class HeldDatabases:
    """The connections an app keeps open, one per database file, for the life of the process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[str, duckdb.DuckDBPyConnection] = {}

    def hold(self, path: accounts.MainDb) -> None:
        if accounts.is_hosted(path):
            return  # PostgreSQL: nothing to keep warm in the process; each request connects
        key = str(Path(path).expanduser().resolve())
        if key in self._open:
            return
        with self._lock:
            if key not in self._open:
                self._open[key] = store.connect(path)


def hold(server: flask.Flask, path: accounts.MainDb) -> None:
    """Keep ``path`` open for the life of ``server``'s app (see the module docstring)."""
    held = server.extensions.setdefault(HELD_KEY, HeldDatabases())
    held.hold(path)


def _server() -> flask.Flask:
    return flask.current_app if flask.has_app_context() else dash.get_app().server


def locate(db: str | Path) -> Path:
    """A database as the store opens it: a ``postgresql://`` URL stays its text (a Path would fold its ``//``),
    typed as the path it stands in for (``store.connect`` takes either)."""
    return cast(Path, db) if accounts.is_hosted(db) else Path(db)


def db_path() -> Path:
    """The database of the account (or, without accounts, the app) serving the current request.

    Call it in the request thread and hand the path to any worker thread you start."""
    if flask.has_app_context():
        chosen = flask.g.get(REQUEST_DB)
        if chosen:
            hold(_server(), locate(chosen))
            return locate(chosen)
        main = locate(flask.current_app.config[DB_CONFIG_KEY])
    else:
        main = locate(dash.get_app().server.config[DB_CONFIG_KEY])
    hold(_server(), main)
    if accounts.server_has_accounts(main):
        raise LoginRequiredError(
            "This dashboard has accounts: its data is only reachable from a logged-in request."
        )
    return main


def no_athletes_yet() -> bool:
    """True while the request's database holds no athlete: the data pages show the first-run card instead."""
    with store.opened(db_path()) as con:
        return not store.athletes(con)
