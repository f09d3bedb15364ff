"""The frame around every page: navigation, the athlete and date-range controls, the shared stores.

The controls write one small JSON selection (``{"athlete", "start", "end"}``) to the
``selection`` store; the Balance, Exercises and Export pages read it. These callbacks are
registered per app (``register_callbacks``), not with ``dash.callback``, because the shell
belongs to the app rather than to a page module Dash reloads.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html, no_update

from dashboard import auth
from dashboard.components import account_menu, controls, navbar
from dashboard.dbpath import db_path
from dashboard.selection import Selection, parse_selection, preset_start
from etl.analysis.weekly import week_of
from etl.errors import LiftbalanceError
from etl.store import database as store
from etl.store.snapshot import analysis_connection
from etl.store.sources import source_spans

HIDDEN = {"display": "none"}
SHOWN: dict[str, str] = {}
PAGES_WITHOUT_CONTROLS = ("/upload", "/athletes")


def layout() -> html.Div:
    return html.Div(
        [
            dcc.Location(id="url"),
            dcc.Store(id="selection"),
            # Bumped by an import: {"athlete": name, "n": count}; the athlete list reloads.
            dcc.Store(id="data-version"),
            navbar(),
            dbc.Container([controls(), dash.page_container], fluid="lg", className="pb-5"),
        ]
    )


def choose_athlete(names: list[str], *preferred: Any) -> str | None:
    """The first preferred name that exists, else the first athlete, else ``None``."""
    for name in preferred:
        if isinstance(name, str) and name in names:
            return name
    return names[0] if names else None


def refresh_athletes(
    pathname: str | None, version: dict[str, Any] | None, current: str | None, search: str | None = None
) -> tuple[Any, Any, Any]:
    """Athlete options from the store; after an import, select the athlete just imported; an address with
    ``?athlete=NAME`` (the roster's links) selects that athlete."""
    try:
        with store.opened(db_path()) as con:
            names = store.athletes(con)
    except LiftbalanceError:
        return no_update, no_update, no_update  # the store is busy (an import); keep what is shown
    imported = version.get("athlete") if isinstance(version, dict) else None
    just_imported = dash.ctx.triggered_id == "data-version"
    asked = parse_qs((search or "").lstrip("?")).get("athlete", [None])[0]
    value = choose_athlete(names, imported if just_imported else None, asked, current)
    hide = not names or (pathname or "/") in PAGES_WITHOUT_CONTROLS
    return [{"label": n, "value": n} for n in names], value, HIDDEN if hide else SHOWN


def apply_preset(preset: str | None, athlete: str | None) -> tuple[Any, Any]:
    """ "Last N weeks" counted back from the athlete's last logged week; "all" clears the range."""
    if not athlete or not preset or preset == "all":
        return None, None
    try:
        with store.opened(db_path()) as stored, analysis_connection(stored, athlete) as con:
            spans = source_spans(con, athlete)  # one small query, not the athlete's whole weekly frame
    except LiftbalanceError:
        return no_update, no_update
    if not spans:
        return None, None
    start = preset_start(preset, week_of(min(s.first for s in spans)), week_of(max(s.last for s in spans)))
    return (start.isoformat() if start else None), None


def update_selection(athlete: str | None, start: str | None, end: str | None) -> dict[str, Any] | None:
    if not athlete:
        return None
    parsed = parse_selection({"athlete": athlete, "start": start, "end": end})
    return parsed.to_data() if parsed else Selection(athlete).to_data()


def show_account(_pathname: str | None) -> list[Any]:
    """Name the logged-in account beside a "Log out" link (nothing when the server has no accounts)."""
    account = auth.current_account()
    return account_menu(account.name, dash.get_relative_path("/logout")) if account else []


def register_callbacks(app: dash.Dash) -> None:
    app.callback(Output("account-menu", "children"), Input("url", "pathname"))(show_account)
    app.callback(
        Output("athlete", "options"),
        Output("athlete", "value"),
        Output("controls", "style"),
        Input("url", "pathname"),
        Input("data-version", "data"),
        State("athlete", "value"),
        State("url", "search"),
    )(refresh_athletes)
    app.callback(
        Output("date-range", "start_date"),
        Output("date-range", "end_date"),
        Input("range-preset", "value"),
        Input("athlete", "value"),
    )(apply_preset)
    app.callback(
        Output("selection", "data"),
        Input("athlete", "value"),
        Input("date-range", "start_date"),
        Input("date-range", "end_date"),
    )(update_selection)
