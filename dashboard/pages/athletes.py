"""Athletes: the coach's roster, every athlete of this account's database at a glance (issue 22).

One row per athlete from ``etl.analysis.roster.roster`` (in words by ``dashboard.roster_view``) (the same weekly numbers as the Balance page): the latest
status in words and colour, how long it has held, the rolling glute:hamstring ratio with a 12-week
sparkline (``dashboard.sparkline``), each hamstring role's sets a week against its minimum, weeks since
Nordic curls, the last training day and the apps. Rows sort by any column (the table's own sorting) and
filter by status and by "needs attention"; an athlete's name opens their Balance page (``/?athlete=NAME``,
which the shell's athlete selector reads). The roster downloads as CSV or Excel, text cells made
formula-safe as in the weekly export (``etl.analysis.export.neutralise_text_columns``).

The page reads the account's own database through ``db_path()``, like every page, so an account sees
only its own athletes.
"""

from __future__ import annotations

import io
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dash_table, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.components import TABLE_FONT, first_run, page_intro, problem
from dashboard.dbpath import db_path, no_athletes_yet
from dashboard.roster_view import ATTENTION, COLUMNS, export_frame, filtered, table_rows
from dashboard.status_words import HEX, STATUS_COLORS, STATUS_WORDS
from etl.analysis.roster import IDLE_WEEKS, roster
from etl.errors import LiftbalanceError
from etl.store import database as store
from etl.store.snapshot import analysis_connection

dash.register_page(__name__, path="/athletes", name="Roster", title="Roster · liftbalance", order=1)


def _style_rules() -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = [
        {
            "if": {"filter_query": f'{{status_id}} = "{status}"', "column_id": "status"},
            "color": HEX[color],
            "fontWeight": "600",
        }
        for status, color in STATUS_COLORS.items()
    ]
    for role in ("hip", "knee"):
        rules.append(
            {
                "if": {"filter_query": f'{{{role}_short}} = "yes"', "column_id": role},
                "color": HEX["amber"],
                "fontWeight": "600",
            }
        )
    rules.append(
        {"if": {"filter_query": '{attention} = "Yes"', "column_id": "attention"}, "color": HEX["danger"]}
    )
    return rules


def layout(**_query: Any) -> html.Div:
    if no_athletes_yet():
        return html.Div(first_run())
    return html.Div(
        [
            *page_intro(
                "Roster",
                "Every athlete in this database, with the latest week's balance. Sort by any column; an athlete's "
                "name opens their Balance page. Set counts are hard sets a training week over the rolling window; "
                "the sparkline draws the rolling glute:hamstring ratio for the last 12 weeks on one scale for "
                "everyone (full height: 3 or more; a dot: no ratio that week); a blank weeks-since-Nordic cell: none logged. "
                f"Needs attention: glute- or hamstring-dominant, a hamstring role under its minimum (a heuristic), "
                f"or no training for {IDLE_WEEKS} weeks or more. A status held through all the weeks looked at "
                "(the 12 weeks of the sparkline and the rolling window before them) may have held longer.",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Dropdown(
                            id="roster-status",
                            multi=True,
                            placeholder="Every status",
                            options=[
                                {"label": words, "value": status} for status, words in STATUS_WORDS.items()
                            ],
                        ),
                        md=5,
                    ),
                    dbc.Col(
                        dbc.Checklist(
                            id="roster-attention",
                            switch=True,
                            value=[],
                            options=[{"label": "Only athletes who need attention", "value": ATTENTION}],
                        ),
                        md="auto",
                        className="pt-1",
                    ),
                    dbc.Col(
                        [
                            dbc.Button(
                                "Roster (CSV)",
                                id="roster-csv",
                                color="primary",
                                outline=True,
                                className="me-2",
                            ),
                            dbc.Button("Roster (Excel)", id="roster-xlsx", color="primary", outline=True),
                        ],
                        md="auto",
                    ),
                ],
                className="g-2 mb-2 align-items-center",
            ),
            dcc.Download(id="roster-download"),
            html.Div(id="roster-count", className="small mb-1"),
            html.Div(id="roster-problem"),
            dash_table.DataTable(  # type: ignore[attr-defined]
                id="roster-table",
                columns=[
                    {
                        "name": header,
                        "id": cid,
                        **({"type": "numeric"} if numeric else {}),
                        **({"presentation": "markdown"} if cid == "athlete" else {}),
                    }
                    for cid, header, numeric in COLUMNS
                ],
                data=[],
                sort_action="native",
                sort_mode="single",
                markdown_options={"link_target": "_self"},
                style_table={"overflowX": "auto"},
                style_cell={
                    "fontFamily": TABLE_FONT,
                    "fontSize": "0.85rem",
                    "padding": "4px 6px",
                    "whiteSpace": "normal",
                    "height": "auto",
                },
                style_cell_conditional=[
                    {"if": {"column_id": "trend"}, "fontFamily": "monospace", "letterSpacing": "1px"}
                ],
                style_header={"fontWeight": "600", "backgroundColor": "#f4f6f8"},
                style_data_conditional=_style_rules(),
            ),
        ],
        id="athletes-page",
    )


def _rows() -> list[dict[str, Any]]:
    with store.opened(db_path()) as stored, analysis_connection(stored, None) as con:
        return table_rows(roster(con))


@callback(
    Output("roster-table", "data"),
    Output("roster-count", "children"),
    Output("roster-problem", "children"),
    Input("roster-status", "value"),
    Input("roster-attention", "value"),
)
def show_roster(statuses: list[str] | None, attention: list[str] | None) -> tuple[Any, Any, Any]:
    try:
        rows = _rows()
    except LiftbalanceError as exc:
        return [], "", problem(str(exc))
    shown = filtered(rows, statuses, attention)
    return shown, f"{len(shown)} of {len(rows)} athletes shown.", None


@callback(
    Output("roster-download", "data"),
    Input("roster-csv", "n_clicks"),
    Input("roster-xlsx", "n_clicks"),
    State("roster-status", "value"),
    State("roster-attention", "value"),
    prevent_initial_call=True,
)
def download_roster(_csv: Any, _xlsx: Any, statuses: list[str] | None, attention: list[str] | None) -> Any:
    which = dash.ctx.triggered_id
    if which not in ("roster-csv", "roster-xlsx"):
        raise PreventUpdate
    try:
        frame = export_frame(filtered(_rows(), statuses, attention))
    except LiftbalanceError:
        raise PreventUpdate from None
    if which == "roster-csv":
        return dcc.send_string(frame.write_csv(), "liftbalance-roster.csv", type="text/csv")
    buffer = io.BytesIO()
    frame.write_excel(buffer, worksheet="roster", autofit=True, freeze_panes="B2")
    return dcc.send_bytes(buffer.getvalue(), "liftbalance-roster.xlsx")
