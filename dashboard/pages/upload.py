"""Upload: drop exports from any supported app (or any CSV, mapped column by column), import.

Every registered app's export (``etl.read.readers.registry``) is read as it comes; the page asks kg or
lb where a file has no unit and its loads do not tell. A CSV no app claims gets the
column-mapping form (``dashboard.column_mapping``): a column for each field, a preview of the first
rows, a name; Import confirms, and the mapping is saved for the next file with that header.

Files are inspected first (which app, does it need a unit); the import itself runs in the
app's own thread pool (``dashboard.jobs``: one process, so DuckDB is never opened from a
second one), or, on a site hosted on PostgreSQL, in a queue worker (``dashboard.queued_imports``). The start callback returns a job id into a store, and an interval polls the job's
stage for the progress bar, so a big export never freezes the page. Each file gets its own
report, or the exact reason it was rejected (a rejected file writes nothing). A file refused over
bad values offers one click to import its good rows and set the bad ones aside (``skip_invalid``):
the batch just sent is kept in the page's ``import-batch`` store for that.
"""

from __future__ import annotations

import functools
from dataclasses import asdict
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ALL, MATCH, Input, Output, State, callback, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import queued_imports
from dashboard.column_mapping import chosen_columns, mapping_form, mapping_preview, mapping_questions, pick
from dashboard.components import APPS_TEXT, page_intro, problem
from dashboard.dbpath import db_path
from dashboard.hevy_connect import register_callbacks as register_hevy_callbacks
from dashboard.hevy_connect import section as hevy_section
from dashboard.import_report import rejected_card, report_card
from dashboard.jobs import JobState, current_jobs
from dashboard.uploads import BatchResult, ColumnChoice, as_list, import_batch, unit_questions
from etl.limits import Limits
from etl.store import database as store

dash.register_page(__name__, path="/upload", name="Upload", title="Upload · liftbalance", order=1)

HIDDEN = {"display": "none"}
SHOWN: dict[str, str] = {}
DEFAULT_ATHLETE = "default"
POLL_MS = 400


def size_text(n_bytes: int) -> str:
    """``268435456`` -> ``256 MB``."""
    return f"{n_bytes / 2**20:g} MB" if n_bytes >= 2**20 else f"{n_bytes / 2**10:g} KB"


def limit_attribute(max_bytes: int) -> dict[str, Any]:
    """The ``data-max-bytes`` attribute the size check in ``assets/upload-size.js`` reads."""
    return {"data-max-bytes": str(max_bytes)}


def layout(**_query: Any) -> html.Div:
    with store.opened(db_path()) as con:
        names = store.athletes(con)
    max_bytes = Limits.from_env().max_upload_bytes
    return html.Div(
        [
            *page_intro(
                "Upload exports",
                f"Export your workouts from {APPS_TEXT} and drop the files here, as they come. Any other CSV "
                "works too: the page asks which column is the date, the exercise, the weight and the reps, and "
                "remembers your answer. Importing the same or a later export again only adds what is new.",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label("Athlete", html_for="upload-athlete", className="small mb-0"),
                            dcc.Dropdown(
                                id="upload-athlete",
                                options=[{"label": n, "value": n} for n in names],
                                value=names[0] if names else None,
                                placeholder=DEFAULT_ATHLETE,
                            ),
                        ],
                        xs=12,
                        sm=6,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(
                                "or a new athlete", html_for="upload-new-athlete", className="small mb-0"
                            ),
                            dbc.Input(id="upload-new-athlete", placeholder="name", type="text", maxLength=80),
                        ],
                        xs=12,
                        sm=6,
                    ),
                ],
                className="g-2 mb-2",
            ),
            dbc.Checkbox(
                id="skip-invalid",
                label="If a file has bad rows, import the good ones and list the bad ones (instead of rejecting it)",
                value=False,
                className="small mb-2",
            ),
            dcc.Upload(
                id="upload",
                multiple=True,
                max_size=max_bytes,
                accept=".csv,.txt,text/csv,text/plain",
                className="upload-zone",
                className_active="upload-zone active",
                children=html.Div(
                    [
                        html.Div("Drop your exports here (CSV or TXT)", className="fw-semibold"),
                        html.Div(
                            f"or tap to choose files (up to {size_text(max_bytes)} each)",
                            className="small text-muted",
                        ),
                    ]
                ),
            ),
            # assets/upload-size.js fills this when the browser refuses a file over the limit.
            html.Div(id="upload-too-big", className="text-danger small mt-1", **limit_attribute(max_bytes)),
            html.Div(id="unit-questions"),
            html.Div(
                dbc.Button("Confirm and import", id="import-button", color="primary", className="mt-2"),
                id="import-button-wrap",
                style=HIDDEN,
            ),
            dcc.Store(id="import-job"),
            dcc.Store(id="import-batch"),  # the files just sent, for "import the good rows" on a refused one
            dcc.Interval(id="import-poll", interval=POLL_MS, disabled=True),
            html.Div(
                [
                    html.Div("Importing...", className="small text-muted", id="upload-stage"),
                    dbc.Progress(
                        id="upload-progress", value=0, striped=True, animated=True, style={"height": "1.4rem"}
                    ),
                ],
                id="upload-progress-wrap",
                style=HIDDEN,
                className="my-2",
            ),
            html.Div(id="import-reports", className="mt-3"),
            hevy_section(),  # Connect Hevy / Sync now (dashboard.hevy_connect)
        ],
        id="upload-page",
    )


register_hevy_callbacks()


def _unit_form(questions: list[Any]) -> html.Div:
    items = [
        html.Div(
            [
                html.Div(
                    [
                        html.Span(q.filename, className="fw-semibold"),
                        f" is a {q.label} export without a unit. Its weights are in:",
                    ],
                    className="small",
                ),
                dbc.RadioItems(
                    id={"type": "unit-choice", "index": q.index},
                    options=[
                        {"label": "kilograms (kg)", "value": "kg"},
                        {"label": "pounds (lb)", "value": "lb"},
                    ],
                    value=q.preselected,
                    inline=True,
                ),
                html.Div(
                    f"Pre-selected from the loads in the file (a guess): they look like {q.guess}, as {q.reason}."
                    if q.preselected
                    else f"The loads do not tell ({q.reason or 'too few of them'}): choose one.",
                    className="small text-muted",
                ),
            ],
            className="mb-2 unit-question",
        )
        for q in questions
    ]
    return html.Div(items, className="mt-3 p-2 border rounded bg-white")


def start_job(**batch: Any) -> str:
    """Start importing ``batch`` (``import_batch``'s keywords): queued in the database when the site is
    hosted on PostgreSQL (``dashboard.queued_imports``), else in this process's pool (``dashboard.jobs``).
    Returns the id the page polls with."""
    url = queued_imports.request_hosted_db()
    if url is not None:
        return queued_imports.submit(url, str(db_path()), **batch)
    return current_jobs().submit(db_path(), functools.partial(import_batch, **batch))


def job_state(job_id: Any) -> JobState | None:
    """The state of the import ``job_id`` names, from wherever ``start_job`` started it."""
    url = queued_imports.request_hosted_db()
    if url is not None:
        return queued_imports.job_state(url, job_id, str(db_path()))
    return current_jobs().state(job_id, db_path())


def chosen_athlete(chosen: str | None, new_name: str | None) -> str:
    """A typed new name wins, then the selected athlete, then ``default``."""
    return (new_name or "").strip() or chosen or DEFAULT_ATHLETE


@callback(
    Output("unit-questions", "children"),
    Output("import-button-wrap", "style"),
    Output("import-job", "data"),
    Output("import-poll", "disabled"),
    Output("upload-progress-wrap", "style"),
    Output("import-reports", "children"),
    Output("upload", "contents"),
    Output("import-batch", "data"),
    Input("upload", "contents"),
    Input("import-button", "n_clicks"),
    State("upload", "filename"),
    State({"type": "unit-choice", "index": ALL}, "value"),
    State({"type": "unit-choice", "index": ALL}, "id"),
    State("upload-athlete", "value"),
    State("upload-new-athlete", "value"),
    State("skip-invalid", "value"),
    State({"type": "map-col", "index": ALL, "key": ALL}, "value"),
    State({"type": "map-col", "index": ALL, "key": ALL}, "id"),
    State({"type": "map-unit", "index": ALL}, "value"),
    State({"type": "map-unit", "index": ALL}, "id"),
    State({"type": "map-name", "index": ALL}, "value"),
    State({"type": "map-name", "index": ALL}, "id"),
    prevent_initial_call=True,
)
def start_import(
    contents: Any,
    _clicks: int | None,
    filenames: Any,
    unit_values: list[str],
    unit_ids: list[dict[str, Any]],
    chosen: str | None,
    new_name: str | None,
    skip_invalid: bool | None,
    map_values: list[Any] | None = None,
    map_ids: list[dict[str, Any]] | None = None,
    map_units: list[Any] | None = None,
    map_unit_ids: list[dict[str, Any]] | None = None,
    map_names: list[Any] | None = None,
    map_name_ids: list[dict[str, Any]] | None = None,
) -> tuple[Any, ...]:
    """New files: ask kg or lb where a file has no unit and which column is which where no app claims
    a file, else start the import job at once. The Import button confirms the answers.

    The database path is resolved here, in the request thread; the job only receives it.
    """
    files, names = as_list(contents), as_list(filenames)
    if not files:
        raise PreventUpdate  # the upload was just cleared after starting a job
    athlete = chosen_athlete(chosen, new_name)
    units: dict[str, str] = {}
    choices: dict[str, ColumnChoice] = {}
    if dash.ctx.triggered_id == "import-button":
        units = {str(i["index"]): v for i, v in zip(unit_ids, unit_values, strict=True)}
        unanswered = [names[int(i)] for i, v in units.items() if v not in ("kg", "lb")]
        if unanswered:
            ask = problem(
                f"Choose kilograms or pounds for {', '.join(unanswered)} first: its loads do not tell."
            )
            return no_update, SHOWN, no_update, True, HIDDEN, [ask], no_update, no_update
        choices = column_choices(
            map_values or [],
            map_ids or [],
            map_units or [],
            map_unit_ids or [],
            map_names or [],
            map_name_ids or [],
            names,
        )
    else:
        questions = unit_questions(files, names)
        with store.opened(db_path()) as con:
            to_map = mapping_questions(con, files, names, athlete)
        if questions or to_map:
            form = [_unit_form(questions)] if questions else []
            form += [mapping_form(q) for q in to_map]
            return (
                html.Div(form, id="upload-questions"),
                SHOWN,
                no_update,
                True,
                HIDDEN,
                [],
                no_update,
                no_update,
            )
    job_id = start_job(
        contents=files,
        filenames=names,
        athlete=athlete,
        units=units,
        skip_invalid=bool(skip_invalid),
        choices=choices,
    )
    batch = {
        "contents": files,
        "filenames": names,
        "athlete": athlete,
        "units": units,
        "choices": {k: asdict(v) for k, v in choices.items()},
    }
    return [], HIDDEN, job_id, False, SHOWN, [], None, batch


def set_aside_button(index: int, good_rows: int, bad_lines: int) -> html.Div:
    """One click to import a refused file's good rows and set its bad ones aside, with both counts."""
    return html.Div(
        [
            dbc.Button(
                f"Import the {good_rows:,} good set{'s' if good_rows != 1 else ''} and set the {bad_lines:,} "
                f"bad row{'s' if bad_lines != 1 else ''} aside",
                id={"type": "set-aside", "index": index},
                color="warning",
                size="sm",
                className="set-aside",
            ),
            html.Div(
                "The rows set aside are listed with their line numbers after the import.",
                className="small text-muted",
            ),
        ],
        className="mb-3",
    )


def good_rows_batch(batch: dict[str, Any], index: int) -> dict[str, Any]:
    """The stored batch narrowed to file ``index``, to import again with its bad rows set aside."""
    unit = batch.get("units", {}).get(str(index))
    choice = batch.get("choices", {}).get(str(index))
    return {
        "contents": [batch["contents"][index]],
        "filenames": [batch["filenames"][index]],
        "athlete": batch["athlete"],
        "units": {"0": unit} if unit else {},
        "choices": {"0": ColumnChoice(**choice)} if choice else {},
        "skip_invalid": True,
    }


@callback(
    Output("import-job", "data", allow_duplicate=True),
    Output("import-poll", "disabled", allow_duplicate=True),
    Output("upload-progress-wrap", "style", allow_duplicate=True),
    Output("import-reports", "children", allow_duplicate=True),
    Input({"type": "set-aside", "index": ALL}, "n_clicks"),
    State("import-batch", "data"),
    prevent_initial_call=True,
)
def import_good_rows(clicks: list[int | None], batch: dict[str, Any] | None) -> tuple[Any, ...]:
    """The set-aside button: import that file again, its bad rows quarantined."""
    triggered = dash.ctx.triggered_id
    if not batch or not any(clicks) or not isinstance(triggered, dict):
        raise PreventUpdate
    job_id = start_job(**good_rows_batch(batch, int(triggered["index"])))
    return job_id, False, SHOWN, []


def column_choices(
    values: list[Any],
    ids: list[dict[str, Any]],
    units: list[Any],
    unit_ids: list[dict[str, Any]],
    names: list[Any],
    name_ids: list[dict[str, Any]],
    filenames: list[str],
) -> dict[str, ColumnChoice]:
    """The mapping form's answers per file index (as text), ready for ``import_batch``."""
    choices = {}
    for index in sorted({int(i["index"]) for i in ids}):
        name = str(pick(names, name_ids, index) or "").strip() or filenames[index]
        choices[str(index)] = ColumnChoice(
            chosen_columns(values, ids, index), name, pick(units, unit_ids, index)
        )
    return choices


@callback(
    Output({"type": "map-preview", "index": MATCH}, "children"),
    Input({"type": "map-col", "index": MATCH, "key": ALL}, "value"),
    Input({"type": "map-unit", "index": MATCH}, "value"),
    State({"type": "map-col", "index": MATCH, "key": ALL}, "id"),
    State("upload", "contents"),
    State("upload", "filename"),
)
def preview_mapping(
    values: list[Any], unit: str | None, ids: list[dict[str, Any]], contents: Any, filenames: Any
) -> Any:
    """The first rows of the file read through the columns chosen so far, with any problem."""
    if not ids:
        raise PreventUpdate
    index = int(ids[0]["index"])
    return mapping_preview(
        as_list(contents), as_list(filenames), index, chosen_columns(values, ids, index), unit
    )


def result_cards(result: BatchResult) -> list[Any]:
    """Per-file cards, then a link to the charts when anything was imported."""
    if result.error is not None:
        return [problem(result.error)]
    cards: list[Any] = []
    for index, o in enumerate(result.outcomes):
        if o.report is not None:
            cards.append(report_card(o.report, o.mapping))
            continue
        cards.append(rejected_card(o.filename, o.error or "", o.bad_rows))
        if o.can_set_aside:
            cards.append(set_aside_button(index, o.good_rows or 0, o.bad_lines))
    if result.imported:
        cards.append(dcc.Link(dbc.Button("See your balance", color="success", id="see-balance"), href="/"))
    return cards


@callback(
    Output("upload-progress", "value"),
    Output("upload-progress", "label"),
    Output("upload-stage", "children"),
    Output("import-reports", "children", allow_duplicate=True),
    Output("import-poll", "disabled", allow_duplicate=True),
    Output("upload-progress-wrap", "style", allow_duplicate=True),
    Output("data-version", "data"),
    Output("upload-athlete", "options"),
    Output("upload-athlete", "value"),
    Output("upload-new-athlete", "value"),
    Input("import-poll", "n_intervals"),
    State("import-job", "data"),
    prevent_initial_call=True,
)
def poll_import(_n: int | None, job_id: str | None) -> tuple[Any, ...]:
    """The running job's stage for the progress bar; when it is done, its reports."""
    if job_id is None:
        # No import started on this page (Dash can fire this as the page's layout is inserted): nothing to say.
        raise PreventUpdate
    job = job_state(job_id)
    if job is None:
        message = problem(
            "That import is no longer known to the server (was it restarted?). Upload the files again."
        )
        return 0, "", no_update, [message], True, HIDDEN, no_update, no_update, no_update, no_update
    percent = round(job.fraction * 100)
    if not job.done:
        return percent, f"{percent}%", f"Importing: {job.stage}", no_update, False, SHOWN, *(no_update,) * 4
    if job.error is not None or not isinstance(job.result, BatchResult):
        message = problem(job.error or "The import failed unexpectedly.")
        return 100, "", no_update, [message], True, HIDDEN, no_update, no_update, no_update, no_update
    result = job.result
    version = {"athlete": result.athlete, "job": job.job_id} if result.imported else no_update
    options = [{"label": n, "value": n} for n in result.athletes] if result.athletes else no_update
    value = result.athlete if result.athlete in result.athletes else no_update
    return 100, "", "Done", result_cards(result), True, HIDDEN, version, options, value, ""
