"""Balance: the landing page. Cards for the latest rolling window, the verdict, and the trend charts.

The verdict is the one ``liftbalance verdict`` prints; beside the glute:ham ratio, the hamstring roles'
chart shows hip-extension and knee-flexion sets against their minimums, so a missing role shows even
when the ratio looks balanced.

The charts are ``dashboard.charts.CHARTS``, laid out in their order two to a row; the callbacks' outputs
are named (Dash dict outputs) and read from the same registry, so a chart is added in one place. The page
reads the selection (athlete, range) from the shell and the sets/tonnage switch;
``dashboard.balance_view`` loads the data and calls the pure builders. An empty database shows the
first-run page instead of empty charts.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html
from dash.exceptions import PreventUpdate

from dashboard import charts as registry
from dashboard.balance_view import balance_outputs, trend_outputs
from dashboard.components import chart, first_run
from dashboard.dbpath import db_path, no_athletes_yet
from dashboard.selection import parse_selection

dash.register_page(__name__, path="/", name="Balance", title="Balance · liftbalance", order=0)

PER_ROW = 2


def metric_switch() -> dbc.RadioItems:
    """Hard sets or tonnage, for the charts that follow the metric (``Chart.follows_metric``)."""
    return dbc.RadioItems(
        id="metric",
        options=[
            {"label": "Hard sets", "value": "sets"},
            {"label": "Tonnage (kg)", "value": "tonnage"},
        ],
        value="sets",
        inline=True,
        className="small mb-1",
    )


def _column(entry: registry.Chart, *, beside_switch: bool) -> dbc.Col:
    """One chart's column; the switch sits above a chart that follows the metric, and a chart beside it
    drops by the switch's height so the two cards' tops line up on a wide screen."""
    graph = chart(entry.graph_id, height=entry.height, caption=entry.counts)
    if entry.follows_metric:
        return dbc.Col([metric_switch(), graph], lg=6)
    if beside_switch:
        return dbc.Col(graph, lg=6, className="pt-lg-4")
    return dbc.Col(graph, lg=6)


def chart_rows() -> list[dbc.Row]:
    """``dashboard.charts.CHARTS`` in order, ``PER_ROW`` to a row."""
    rows = []
    for start in range(0, len(registry.CHARTS), PER_ROW):
        entries = registry.CHARTS[start : start + PER_ROW]
        switch = any(entry.follows_metric for entry in entries)
        rows.append(dbc.Row([_column(entry, beside_switch=switch) for entry in entries], className="g-3"))
    return rows


def layout(**_query: Any) -> html.Div:
    if no_athletes_yet():
        return html.Div(first_run())
    return html.Div(
        [
            html.Div(id="balance-cards"),
            html.Div(id="balance-verdict"),
            *chart_rows(),
            html.Div(id="balance-thresholds"),
        ],
        id="balance-page",
    )


@callback(
    output={
        "cards": Output("balance-cards", "children"),
        "verdict": Output("balance-verdict", "children"),
        "thresholds": Output("balance-thresholds", "children"),
        "charts": {entry.id: Output(entry.graph_id, "figure") for entry in registry.charts_from("weekly")},
    },
    inputs={"selection": Input("selection", "data"), "metric": Input("metric", "value")},
)
def update_balance(selection: dict[str, Any] | None, metric: str | None) -> dict[str, Any]:
    chosen = parse_selection(selection)
    if chosen is None:
        raise PreventUpdate
    return balance_outputs(db_path(), chosen, metric)


@callback(
    output={entry.id: Output(entry.graph_id, "figure") for entry in registry.charts_from("trends")},
    inputs={"selection": Input("selection", "data")},
)
def update_trends(selection: dict[str, Any] | None) -> dict[str, Any]:
    chosen = parse_selection(selection)
    if chosen is None:
        raise PreventUpdate
    return trend_outputs(db_path(), chosen)
