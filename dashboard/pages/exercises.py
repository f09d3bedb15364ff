"""Exercises: every logged name, what it maps to, what it contributed; remap a name in place.

Unrecognised names come first, each with the taxonomy's suggestion. Picking a canonical
exercise in the "Maps to" column stores an override for this athlete; the table, and every
chart on the other pages, is recomputed from the store with it.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dash_table, html
from dash.exceptions import PreventUpdate

from dashboard.components import TABLE_FONT, first_run, page_intro, problem
from dashboard.dbpath import db_path, no_athletes_yet
from dashboard.exercise_view import (
    MATCH_TEXT,
    change_text,
    changed_mappings,
    summary_text,
    table_rows,
    taxonomy_options,
    totals,
)
from dashboard.selection import parse_selection
from etl.analysis.exercises import exercise_table
from etl.errors import LiftbalanceError
from etl.store import database as store
from etl.store.snapshot import analysis_connection
from etl.taxonomy import load_taxonomy, remove_override, set_override

dash.register_page(__name__, path="/exercises", name="Exercises", title="Exercises · liftbalance", order=2)

HEADER_TIPS = {
    "name": "The exercise name exactly as your app logged it.",
    "sets": "Working sets logged under this name in the range (warm-ups excluded, as in every chart).",
    "exercise_id": "The canonical exercise this name counts as. Pick another to remap it for this athlete.",
    "match": "How the name was recognised: exact name, a known app name, the same words, movement + "
    "equipment, your own mapping, or not recognised.",
    "suggestion": "For an unrecognised name, the closest canonical exercise. It is never applied on its own.",
    "glute_sets": "Glute sets this name contributed in the range: working sets x its glute weight "
    "(1 direct, 0.5 indirect; Pelland 2024).",
    "hamstring_sets": "Hamstring sets this name contributed in the range (hip extension plus knee flexion).",
}
COLUMNS = [
    {"name": "Logged name", "id": "name"},
    {"name": "Working sets", "id": "sets", "type": "numeric"},
    {"name": "Maps to", "id": "exercise_id", "presentation": "dropdown", "editable": True},
    {"name": "Matched by", "id": "match"},
    {"name": "Suggestion", "id": "suggestion"},
    {"name": "Glute sets", "id": "glute_sets", "type": "numeric"},
    {"name": "Hamstring sets", "id": "hamstring_sets", "type": "numeric"},
]


def layout(show: str | None = None, **_query: Any) -> html.Div:
    """``?show=unrecognised`` (the import report's link) opens the table filtered to unrecognised names."""
    if no_athletes_yet():
        return html.Div(first_run())
    return html.Div(
        [
            *page_intro(
                "Exercises",
                "Every exercise name in your log, what liftbalance counts it as, and what it added to your "
                "glute and hamstring sets in the selected range. Unrecognised names are listed first: pick "
                "what each one is in the “Maps to” column and every chart is recomputed.",
            ),
            html.Div(id="exercise-summary", className="mb-2"),
            html.Div(id="exercise-message"),
            dash_table.DataTable(  # type: ignore[attr-defined]
                id="exercise-table",
                columns=COLUMNS,
                data=[],
                editable=True,
                dropdown={"exercise_id": {"options": taxonomy_options(load_taxonomy()), "clearable": True}},
                sort_action="native",
                filter_action="native",
                filter_query=f'{{match}} = "{MATCH_TEXT["unmapped"]}"' if show == "unrecognised" else "",
                filter_options={"case": "insensitive", "placeholder_text": "filter..."},
                page_size=30,
                tooltip_header=HEADER_TIPS,
                tooltip_delay=300,
                tooltip_duration=None,
                style_table={"overflowX": "auto"},
                style_cell={
                    "fontFamily": TABLE_FONT,
                    "fontSize": "0.85rem",
                    "padding": "4px 6px",
                    "textAlign": "left",
                    "whiteSpace": "normal",
                    "height": "auto",
                },
                style_cell_conditional=[
                    {"if": {"column_id": "exercise_id"}, "minWidth": "190px"},
                    {"if": {"column_id": "name"}, "minWidth": "160px"},
                ],
                style_header={"fontWeight": "600", "backgroundColor": "#f4f6f8"},
                style_data_conditional=[
                    {
                        "if": {"filter_query": f'{{match}} = "{MATCH_TEXT["unmapped"]}"'},
                        "backgroundColor": "#fff4e5",
                    },
                    {
                        "if": {"filter_query": f'{{match}} = "{MATCH_TEXT["override"]}"'},
                        "backgroundColor": "#eef6ee",
                    },
                ],
                css=[{"selector": ".Select-menu-outer", "rule": "display: block !important"}],
            ),
        ],
        id="exercises-page",
    )


@callback(
    Output("exercise-table", "data"),
    Output("exercise-summary", "children"),
    Output("exercise-message", "children"),
    Input("selection", "data"),
    Input("exercise-table", "data_timestamp"),
    State("exercise-table", "data"),
    State("exercise-table", "data_previous"),
)
def update_exercises(
    selection: dict[str, Any] | None,
    _edited_at: int | None,
    data: list[dict[str, Any]] | None,
    previous: list[dict[str, Any]] | None,
) -> tuple[Any, ...]:
    chosen = parse_selection(selection)
    if chosen is None:
        raise PreventUpdate
    edited = dash.ctx.triggered_id == "exercise-table"
    changes = changed_mappings(previous, data) if edited else []
    names = dict(load_taxonomy().select("exercise_id", "name").iter_rows())
    messages: list[Any] = []
    try:
        with store.opened(db_path()) as con:
            for name, exercise_id in changes:
                try:
                    if exercise_id:
                        set_override(con, chosen.athlete, name, exercise_id)
                    elif not remove_override(con, chosen.athlete, name):
                        messages.append(
                            dbc.Alert(
                                f"“{name}” keeps its default mapping: pick another exercise to change it.",
                                color="secondary",
                                dismissable=True,
                            )
                        )
                except LiftbalanceError as exc:
                    messages.append(problem(str(exc)))
            with analysis_connection(con, chosen.athlete) as reads:
                table = exercise_table(reads, chosen.athlete, start=chosen.start, end=chosen.end)
    except LiftbalanceError as exc:
        return dash.no_update, None, problem(str(exc))
    rows = table_rows(table, names)
    if changes and not messages:
        name, exercise_id = changes[-1]
        before = totals(previous or [])
        text = change_text(name, names.get(exercise_id) if exercise_id else None, before, totals(rows))
        messages.append(dbc.Alert(text, color="success", dismissable=True, id="mapping-done"))
    return rows, summary_text(rows), messages or None
