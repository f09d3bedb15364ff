"""Balance: the landing page. Cards for the latest rolling window, the verdict, and five trend charts.

The verdict is the one ``liftbalance verdict`` prints; beside the glute:ham ratio, the hamstring roles'
chart shows hip-extension and knee-flexion sets against their minimums, so a missing role shows even
when the ratio looks balanced.

The page reads the selection (athlete, range) from the shell and the sets/tonnage switch;
``dashboard.balance_view.balance_outputs`` loads the weekly frame and calls the pure builders. An empty database
shows the first-run page instead of empty charts.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html
from dash.exceptions import PreventUpdate

from dashboard.balance_view import balance_outputs, strength_output
from dashboard.components import chart, first_run
from dashboard.dbpath import db_path, no_athletes_yet
from dashboard.figures import ECCENTRIC_HEIGHT
from dashboard.role_figures import TARGETS_HEIGHT
from dashboard.selection import parse_selection
from dashboard.strength_figures import STRENGTH_HEIGHT

dash.register_page(__name__, path="/", name="Balance", title="Balance · liftbalance", order=0)


def layout(**_query: Any) -> html.Div:
    if no_athletes_yet():
        return html.Div(first_run())
    return html.Div(
        [
            html.Div(id="balance-cards"),
            html.Div(id="balance-verdict"),
            dbc.Row(
                [
                    dbc.Col(chart("ratio-chart"), lg=6),
                    dbc.Col(chart("targets-chart", height=TARGETS_HEIGHT), lg=6),
                ],
                className="g-3",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.RadioItems(
                                id="metric",
                                options=[
                                    {"label": "Hard sets", "value": "sets"},
                                    {"label": "Tonnage (kg)", "value": "tonnage"},
                                ],
                                value="sets",
                                inline=True,
                                className="small mb-1",
                            ),
                            chart("volume-chart"),
                        ],
                        lg=6,
                    ),
                    dbc.Col(chart("hq-chart"), lg=6, className="pt-lg-4"),
                ],
                className="g-3",
            ),
            dbc.Row(
                [
                    dbc.Col(chart("eccentric-chart", height=ECCENTRIC_HEIGHT), lg=6),
                    dbc.Col(chart("strength-chart", height=STRENGTH_HEIGHT), lg=6),
                ],
                className="g-3",
            ),
            html.Div(id="balance-thresholds"),
        ],
        id="balance-page",
    )


@callback(
    Output("balance-cards", "children"),
    Output("balance-verdict", "children"),
    Output("ratio-chart", "figure"),
    Output("volume-chart", "figure"),
    Output("hq-chart", "figure"),
    Output("eccentric-chart", "figure"),
    Output("balance-thresholds", "children"),
    Output("targets-chart", "figure"),
    Input("selection", "data"),
    Input("metric", "value"),
)
def update_balance(selection: dict[str, Any] | None, metric: str | None) -> tuple[Any, ...]:
    chosen = parse_selection(selection)
    if chosen is None:
        raise PreventUpdate
    return balance_outputs(db_path(), chosen, metric)


@callback(Output("strength-chart", "figure"), Input("selection", "data"))
def update_strength(selection: dict[str, Any] | None) -> Any:
    chosen = parse_selection(selection)
    if chosen is None:
        raise PreventUpdate
    return strength_output(db_path(), chosen)
