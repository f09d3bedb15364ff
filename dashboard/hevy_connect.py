"""The Upload page's Hevy section: connect a Hevy Pro account by its API key, and "Sync now".

A Hevy user should not have to export a CSV every week. Here they paste the key from Hevy's developer
settings once (kept per database and athlete in a private file by ``etl.sync.hevy_key``, never in the
page or the database), and "Sync now" runs ``etl.sync.hevy_sync.sync_hevy`` as a job in the same
per-database import queue as uploads (``dashboard.jobs``), showing the same import report as an upload
plus the workouts removed because they were deleted in Hevy. Any library error (a refused key, Hevy
unreachable) is shown as its message; nothing is changed then (the sync is one transaction).

The athlete is the one chosen at the top of the Upload page. ``register_callbacks`` is called by the
page module, so the callbacks are bound to each app as the page's own are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.components import problem
from dashboard.dbpath import db_path
from dashboard.import_report import report_card
from dashboard.jobs import Report, current_jobs
from etl.errors import LiftbalanceError
from etl.store import database as store
from etl.sync.hevy_api import HevyClient
from etl.sync.hevy_key import forget_key, store_key, stored_key
from etl.sync.hevy_sync import SyncReport, sync_hevy

KEY_PAGE = "https://hevy.com/settings?developer"
POLL_MS = 400
HIDDEN = {"display": "none"}
SHOWN: dict[str, str] = {}
MAX_KEY_CHARS = 200


@dataclass(frozen=True)
class HevySyncOutcome:
    """What a sync job hands back to the page: the sync's report, or the library's message."""

    athlete: str
    result: SyncReport | None = None
    error: str | None = None


def run_sync(db: Path, progress: Report, *, key: str, athlete: str) -> HevySyncOutcome:
    """A job's work: sync ``athlete``'s Hevy account into the database at ``db`` (in the worker thread)."""

    def pages(done: int, total: int) -> None:
        progress(0.5 * done / max(total, 1), f"reading Hevy: page {done} of {total}")

    def stage(name: str, fraction: float) -> None:
        progress(0.5 + 0.5 * fraction, name)

    try:
        with store.opened(db) as con, HevyClient(key) as client:
            result = sync_hevy(con, client, athlete=athlete, pages_progress=pages, progress=stage)
    except LiftbalanceError as exc:
        return HevySyncOutcome(athlete, error=str(exc))
    return HevySyncOutcome(athlete, result=result)


def section() -> dbc.Card:
    """The section the Upload page places below the file drop."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Hevy: sync without exporting", className="h6"),
                html.Div(
                    [
                        "With Hevy Pro, paste the API key from ",
                        html.A("Hevy's developer settings", href=KEY_PAGE, target="_blank", rel="noopener"),
                        " once; then Sync now brings in every workout the first time and only what changed "
                        "after that (deleted workouts are removed). The key is kept on this server, never shown again.",
                    ],
                    className="small text-muted mb-2",
                ),
                html.Div(id="hevy-status", className="small mb-2"),
                html.Div(
                    dbc.InputGroup(
                        [
                            dbc.Input(
                                id="hevy-key",
                                type="password",
                                placeholder="Hevy API key",
                                maxLength=MAX_KEY_CHARS,
                                autocomplete="off",
                            ),
                            dbc.Button("Connect Hevy", id="hevy-connect", color="primary"),
                        ],
                        size="sm",
                    ),
                    id="hevy-connect-wrap",
                ),
                html.Div(
                    [
                        dbc.Button("Sync now", id="hevy-sync", color="primary", size="sm", className="me-2"),
                        dbc.Button(
                            "Disconnect", id="hevy-disconnect", color="secondary", outline=True, size="sm"
                        ),
                    ],
                    id="hevy-connected-wrap",
                    style=HIDDEN,
                ),
                dcc.Store(id="hevy-job"),
                dcc.Interval(id="hevy-poll", interval=POLL_MS, disabled=True),
                html.Div(id="hevy-stage", className="small text-muted mt-2"),
                html.Div(id="hevy-report", className="mt-2"),
            ]
        ),
        className="mt-4",
        id="hevy-section",
    )


def _athlete(chosen: str | None, new_name: str | None) -> str:
    """As the upload picks it: a typed new name, then the selected athlete, then ``default``."""
    return (new_name or "").strip() or chosen or "default"


def _status(athlete: str, connected: bool) -> tuple[Any, dict[str, str], dict[str, str]]:
    if connected:
        return (
            [html.Span("Connected", className="fw-semibold text-success"), f" for {athlete}."],
            HIDDEN,
            SHOWN,
        )
    return f"Not connected for {athlete}.", SHOWN, HIDDEN


def outcome_cards(outcome: HevySyncOutcome) -> list[Any]:
    """The sync's import report, what it removed and read, or its error."""
    if outcome.result is None:
        return [problem(outcome.error or "The sync failed unexpectedly.")]
    result = outcome.result
    deleted = result.workouts_deleted
    full = result.kind == "workouts"
    read = "every workout" if full else "the changes since the last sync"
    got = result.workouts_received
    what = ("workout" if full else "new or edited workout") + ("s" if got != 1 else "")
    summary = (
        f"Read {read} ({result.pages} page{'s' if result.pages != 1 else ''}, {got} {what}); "
        f"{deleted} workout{'s' if deleted != 1 else ''} deleted in Hevy "
        f"{'were' if deleted != 1 else 'was'} removed."
    )
    return [html.Div(summary, className="small mb-2", id="hevy-summary"), report_card(result.report)]


def register_callbacks() -> None:
    """Bind the section's callbacks (called by ``dashboard.pages.upload`` as it loads)."""

    @callback(
        Output("hevy-status", "children"),
        Output("hevy-connect-wrap", "style"),
        Output("hevy-connected-wrap", "style"),
        Output("hevy-key", "value"),
        Output("hevy-report", "children"),
        Input("upload-athlete", "value"),
        Input("upload-new-athlete", "value"),
        Input("hevy-connect", "n_clicks"),
        Input("hevy-disconnect", "n_clicks"),
        State("hevy-key", "value"),
    )
    def connect(
        chosen: str | None, new_name: str | None, _connect: int | None, _forget: int | None, key: str | None
    ) -> tuple[Any, ...]:
        """Show whether the athlete is connected; Connect keeps the key, Disconnect forgets it."""
        athlete = _athlete(chosen, new_name)
        db = db_path()
        message: Any = no_update
        if dash.ctx.triggered_id == "hevy-connect":
            typed = (key or "").strip()
            if not typed or len(typed) > MAX_KEY_CHARS or any(c.isspace() for c in typed):
                message = problem(f"Paste the API key from {KEY_PAGE} (it needs Hevy Pro).")
            else:
                store_key(db, athlete, typed)
                message = []
        elif dash.ctx.triggered_id == "hevy-disconnect":
            forget_key(db, athlete)
            message = html.Div(f"Forgot the Hevy key kept for {athlete}.", className="small")
        return *_status(athlete, stored_key(db, athlete) is not None), "", message

    @callback(
        Output("hevy-job", "data"),
        Output("hevy-poll", "disabled"),
        Output("hevy-report", "children", allow_duplicate=True),
        Output("hevy-sync", "disabled"),
        Input("hevy-sync", "n_clicks"),
        State("upload-athlete", "value"),
        State("upload-new-athlete", "value"),
        prevent_initial_call=True,
    )
    def start_sync(clicks: int | None, chosen: str | None, new_name: str | None) -> tuple[Any, ...]:
        """Queue the sync; the database path and key are resolved here, in the request thread."""
        if not clicks:
            raise PreventUpdate
        athlete = _athlete(chosen, new_name)
        db = db_path()
        key = stored_key(db, athlete)
        if key is None:
            return no_update, True, [problem(f"Connect Hevy for {athlete} first.")], False
        job_id = current_jobs().submit(
            db, lambda path, progress: run_sync(path, progress, key=key, athlete=athlete)
        )
        return job_id, False, [], True

    @callback(
        Output("hevy-stage", "children"),
        Output("hevy-report", "children", allow_duplicate=True),
        Output("hevy-poll", "disabled", allow_duplicate=True),
        Output("hevy-sync", "disabled", allow_duplicate=True),
        Output("data-version", "data", allow_duplicate=True),
        Input("hevy-poll", "n_intervals"),
        State("hevy-job", "data"),
        prevent_initial_call=True,
    )
    def poll_sync(_n: int | None, job_id: str | None) -> tuple[Any, ...]:
        """The sync's stage while it runs; its report when done."""
        if job_id is None:
            raise PreventUpdate
        job = current_jobs().state(job_id, db_path())
        if job is None:
            return (
                "",
                [problem("That sync is no longer known to the server (was it restarted?). Sync again.")],
                True,
                False,
                no_update,
            )
        if not job.done:
            return f"Syncing: {job.stage} ({round(job.fraction * 100)}%)", no_update, False, True, no_update
        outcome = job.result
        if job.error is not None or not isinstance(outcome, HevySyncOutcome):
            return "", [problem(job.error or "The sync failed unexpectedly.")], True, False, no_update
        version = {"athlete": outcome.athlete, "job": job.job_id} if outcome.result is not None else no_update
        return "", outcome_cards(outcome), True, False, version
