"""The app factory: one Dash app bound to one DuckDB file, in one process.

``create_app(db_path)`` is the only way in (the ``serve`` command, tests and a WSGI server
all call it). The database path lives in ``app.server.config`` and every callback opens and
closes its own connection through ``dashboard.dbpath.db_path()``, so nothing is held in a module
global and two apps on two databases can live in one process (the tests do exactly that).

Uploads are imported in a thread pool the app owns (``dashboard.jobs``), never in another
process: DuckDB allows one writing process per file, and connections inside one process
share one instance. The page polls the job for its stage and progress.
"""

from __future__ import annotations

from pathlib import Path

import dash

from dashboard import auth, jobs, push, shell
from dashboard.dbpath import DB_CONFIG_KEY, locate
from etl.limits import Limits

HERE = Path(__file__).resolve().parent
VIEWPORT = {"name": "viewport", "content": "width=device-width, initial-scale=1"}


def create_app(db_path: str | Path) -> dash.Dash:
    """A dashboard on the database at ``db_path`` (a DuckDB file, or a ``postgresql://`` URL)."""
    main_db = locate(db_path)
    if isinstance(main_db, Path):
        main_db = main_db.expanduser()
    app = dash.Dash(
        # The package name, so Dash loads pages as ``dashboard.pages.*`` (the modules tests import).
        "dashboard",
        use_pages=True,
        pages_folder=str(HERE / "pages"),
        assets_folder=str(HERE / "assets"),
        title="liftbalance",
        update_title=None,  # type: ignore[arg-type]  # Dash documents None: keep the title while loading
        meta_tags=[VIEWPORT],
        external_stylesheets=[],
        suppress_callback_exceptions=True,
    )
    app.server.config[DB_CONFIG_KEY] = str(main_db)
    # Refuse an oversized upload before reading it (413), and guard every request (logins, accounts).
    app.server.config["MAX_CONTENT_LENGTH"] = auth.max_request_bytes(Limits.from_env())
    auth.install(app, main_db)
    jobs.install(app.server)
    push.install(app, main_db)  # POST /api/ingest with a push token (etl.store.push_tokens)
    app.layout = shell.layout()
    shell.register_callbacks(app)
    _claim_page_callbacks(app)
    return app


def _claim_page_callbacks(app: dash.Dash) -> None:
    """Bind the pages' ``@callback`` functions to this app now, not at its first request.

    ``dash.callback`` collects callbacks in a process-wide list that the first app to serve
    a request takes. Dash re-runs the page modules for each new app, so letting this app's
    set sit in that list would hand it to whichever app serves first. A request through
    Flask's test client runs Dash's own setup immediately.
    """
    with app.server.test_client() as client:
        client.get("/_dash-layout")


__all__ = ["create_app"]
