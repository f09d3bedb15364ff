"""Export: the weekly summary as CSV, XLSX or Parquet, and the HTML report, for the selected range.

The files are written by the library (``etl.analysis.export``) and the report module, exactly as the
CLI writes them; this page only picks the athlete and range and hands the bytes to the browser.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dash_table, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.components import TABLE_FONT, first_run, page_intro, problem, status_text
from dashboard.dbpath import db_path, no_athletes_yet
from dashboard.explain import explained
from dashboard.report import TABLE_COLUMNS, report_from_store
from dashboard.selection import parse_selection
from dashboard.status_words import gaps_text
from etl.analysis.export import weekly_csv, weekly_parquet, weekly_xlsx
from etl.analysis.weekly import load_weekly
from etl.errors import LiftbalanceError
from etl.store import database as store
from etl.store.snapshot import analysis_connection

dash.register_page(__name__, path="/export", name="Export", title="Export · liftbalance", order=3)

BUTTONS = (
    ("export-csv", "Weekly summary (CSV)"),
    ("export-xlsx", "Weekly summary (Excel)"),
    ("export-parquet", "Weekly summary (Parquet)"),
    ("export-html", "Report (HTML)"),
)
PREVIEW_WEEKS = 12


def layout(**_query: Any) -> html.Div:
    if no_athletes_yet():
        return html.Div(first_run())
    return html.Div(
        [
            *page_intro(
                "Export",
                "Download the week-by-week numbers for the selected athlete and range, or a report to keep or "
                "send to a coach (one HTML file with the charts, the verdict and what every number counts; it "
                "opens offline).",
            ),
            html.Div(
                [
                    dbc.Button(
                        text, id=bid, color="primary", outline=bid != "export-html", className="me-2 mb-2"
                    )
                    for bid, text in BUTTONS
                ]
            ),
            dcc.Download(id="download"),
            html.Div(id="export-problem"),
            html.Div(id="export-preview", className="mt-2"),
        ],
        id="export-page",
    )


@callback(Output("export-preview", "children"), Input("selection", "data"))
def export_preview(selection: dict[str, Any] | None) -> Any:
    chosen = parse_selection(selection)
    if chosen is None:
        raise PreventUpdate
    try:
        with store.opened(db_path()) as stored, analysis_connection(stored, chosen.athlete) as con:
            weekly = load_weekly(con, chosen.athlete, start=chosen.start, end=chosen.end)
    except LiftbalanceError as exc:
        return problem(str(exc))
    if weekly.height == 0:
        return dbc.Alert("No weeks in this range: the files would be empty.", color="secondary")
    first, last = weekly.get_column("week_start").min(), weekly.get_column("week_start").max()
    shown = weekly.sort("week_start", descending=True).head(PREVIEW_WEEKS)
    rows = [
        {
            col: (
                status_text(v)
                if col == "status"
                else gaps_text(v.split(", "))
                if col == "gaps" and v
                else v.isoformat()
                if col == "week_start"
                else round(v, 2)
                if isinstance(v, float)
                else v
            )
            for col, v in row.items()
        }
        for row in shown.select([c for c, _ in TABLE_COLUMNS]).iter_rows(named=True)
    ]
    return html.Div(
        [
            html.Div(
                f"{weekly.height} weeks, {first!s} to {last!s}. The latest {len(rows)}:",
                className="small mb-1",
                id="export-span",
            ),
            dash_table.DataTable(  # type: ignore[attr-defined]
                id="export-table",
                columns=[{"name": text, "id": col} for col, text in TABLE_COLUMNS],
                data=rows,
                tooltip_header={col: explained(col) for col, _ in TABLE_COLUMNS},
                tooltip_delay=300,
                tooltip_duration=None,
                style_table={"overflowX": "auto"},
                style_cell={"fontFamily": TABLE_FONT, "fontSize": "0.85rem", "padding": "4px 6px"},
                style_header={"fontWeight": "600", "backgroundColor": "#f4f6f8"},
            ),
        ]
    )


@callback(
    Output("download", "data"),
    Output("export-problem", "children"),
    *(Input(bid, "n_clicks") for bid, _ in BUTTONS),
    State("selection", "data"),
    prevent_initial_call=True,
)
def download(*args: Any) -> tuple[Any, Any]:
    selection = args[-1]
    chosen = parse_selection(selection)
    which = dash.ctx.triggered_id
    if chosen is None or which is None:
        raise PreventUpdate
    name = chosen.slug()
    try:
        with store.opened(db_path()) as stored, analysis_connection(stored, chosen.athlete) as con:
            if which == "export-html":
                page, _weeks = report_from_store(con, chosen.athlete, start=chosen.start, end=chosen.end)
                return dcc.send_string(page, f"{name}.html", type="text/html"), None
            weekly = load_weekly(con, chosen.athlete, start=chosen.start, end=chosen.end)
    except LiftbalanceError as exc:
        return dash.no_update, problem(str(exc))
    if which == "export-csv":
        return dcc.send_string(weekly_csv(weekly), f"{name}.csv", type="text/csv"), None
    if which == "export-xlsx":
        return dcc.send_bytes(weekly_xlsx(weekly), f"{name}.xlsx"), None
    return dcc.send_bytes(weekly_parquet(weekly), f"{name}.parquet"), None
