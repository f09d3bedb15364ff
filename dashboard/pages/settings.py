"""Settings: the selected athlete's balance thresholds and source priority, editable, with their basis.

Every threshold behind the verdict is a per-athlete setting (issue 4); this page shows each with
what it rests on (cited / heuristic / analogy / your choice), saves through ``etl.analysis.settings`` and
shows the library's validation message when a value cannot be used. The Balance, Exercises and
Export pages read the settings on every update, so after Save every chart is recomputed with them.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, html, no_update

from dashboard.components import page_intro
from dashboard.dbpath import db_path
from dashboard.selection import parse_selection
from dashboard.settings_view import (
    in_words,
    priority_from_text,
    settings_from_form,
    sources_section,
    sources_text,
    thresholds_form,
)
from etl.analysis.settings import (
    DEFAULTS,
    SourceSettings,
    load_settings,
    load_source_settings,
    save_settings,
    save_source_settings,
)
from etl.errors import LiftbalanceError
from etl.store import database as store
from etl.store.sources import source_spans

dash.register_page(__name__, path="/settings", name="Settings", title="Settings · liftbalance", order=4)


def layout(**_query: Any) -> html.Div:
    return html.Div(
        [
            *page_intro(
                "Settings",
                "The thresholds behind the verdict, for the athlete selected above. Few have a published norm: "
                "each says whether it is cited (with the source), a heuristic or an analogy. Saving recomputes "
                "every chart.",
            ),
            html.H3("Balance thresholds", className="h6 mt-2"),
            html.Div(id="settings-form"),
            sources_section(),
            html.Div(id="settings-status", className="mt-3"),
            html.Div(
                [
                    dbc.Button("Save", id="settings-save", color="primary", className="me-2"),
                    dbc.Button("Restore defaults", id="settings-reset", color="secondary", outline=True),
                ],
                className="mb-4",
            ),
        ],
        id="settings-page",
    )


@callback(
    Output("settings-form", "children"),
    Output("source-priority", "value"),
    Output("settings-sources", "children"),
    Output("settings-status", "children"),
    Input("selection", "data"),
    Input("settings-save", "n_clicks"),
    Input("settings-reset", "n_clicks"),
    State({"type": "setting", "key": ALL}, "value"),
    State({"type": "setting", "key": ALL}, "id"),
    State("source-priority", "value"),
)
def update_settings(
    selection: dict[str, Any] | None,
    _save: int | None,
    _reset: int | None,
    values: list[Any],
    ids: list[dict[str, Any]],
    priority_text: str | None,
) -> tuple[Any, ...]:
    """Show the athlete's settings; Save stores the form (or says what is wrong); Restore resets them."""
    chosen = parse_selection(selection)
    if chosen is None:
        note = dbc.Alert("Upload an export first: settings belong to an athlete.", color="secondary")
        return note, "", "", None
    trigger = dash.ctx.triggered_id
    status: Any = None
    try:
        with store.opened(db_path()) as con:
            if trigger == "settings-save":
                form = {str(i["key"]): v for i, v in zip(ids, values, strict=True)}
                settings, priority = settings_from_form(form), priority_from_text(priority_text)
                save_settings(con, chosen.athlete, settings)
                save_source_settings(con, chosen.athlete, priority)
                status = dbc.Alert(
                    f"Saved for {chosen.athlete}. Every chart now uses these settings.",
                    color="success",
                    id="settings-saved",
                )
            elif trigger == "settings-reset":
                save_settings(con, chosen.athlete, DEFAULTS)
                save_source_settings(con, chosen.athlete, SourceSettings())
                status = dbc.Alert(
                    f"Defaults restored for {chosen.athlete}.", color="success", id="settings-saved"
                )
            settings = load_settings(con, chosen.athlete)
            priority = load_source_settings(con, chosen.athlete)
            spans = source_spans(con, chosen.athlete)
    except LiftbalanceError as exc:  # InvalidSettingError included: nothing saved, the form stays as typed
        return (
            no_update,
            no_update,
            no_update,
            dbc.Alert(in_words(str(exc)), color="danger", id="settings-error"),
        )
    return thresholds_form(settings), ", ".join(priority.source_priority), sources_text(spans), status
