"""Which database the current request belongs to: the one place a page or callback gets its file.

Pages and callbacks call ``db_path()`` and open a connection per call
(``with store.opened(db_path()) as con``), so no connection or path sits in a module global.
Without accounts that is the file ``create_app`` was given. With accounts, ``dashboard.auth``'s
guard has already checked the login and put the logged-in account's own file on ``flask.g``; this
function returns that, so every callback, download and upload is confined to the account's data.
Outside a guarded request (a test under ``app_context()``, a worker thread) it refuses when the
database has accounts, rather than fall back to a file that is not the caller's.
"""

from __future__ import annotations

from pathlib import Path

import dash
import flask

from etl import accounts, store
from etl.errors import LiftbalanceError

DB_CONFIG_KEY = "LIFTBALANCE_DB"
REQUEST_DB = "liftbalance_db"  # set on flask.g by dashboard.auth's guard


class LoginRequiredError(LiftbalanceError):
    """A database was asked for outside a logged-in request on a dashboard that has accounts."""


def db_path() -> Path:
    """The database of the account (or, without accounts, the app) serving the current request.

    Call it in the request thread and hand the path to any worker thread you start."""
    if flask.has_app_context():
        chosen = flask.g.get(REQUEST_DB)
        if chosen:
            return Path(chosen)
        main = Path(flask.current_app.config[DB_CONFIG_KEY])
    else:
        main = Path(dash.get_app().server.config[DB_CONFIG_KEY])
    with store.opened(main) as con:
        if accounts.has_accounts(con):
            raise LoginRequiredError(
                "This dashboard has accounts: its data is only reachable from a logged-in request."
            )
    return main
