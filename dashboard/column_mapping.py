"""Any other CSV on the upload page: say which column is which, see the first rows, confirm.

When no app's reader claims a file (``etl.read.detect``), the upload page offers the same mapping the
CLI's ``--columns`` takes: a dropdown of the file's own columns for each field, the first rows read
through the choice (``etl.read.mappings.preview``, so what is shown is what would be imported), and a
name under which the mapping is saved for the athlete. A file whose header already has a saved
mapping is not asked about again (``etl.ingest`` reuses it).

Pure functions of the upload's bytes and the form's values; the page's callbacks only wire them up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import PurePath
from typing import Any

import dash_bootstrap_components as dbc
import duckdb
import polars as pl
from dash import dcc, html

from dashboard.components import problem
from dashboard.uploads import decode_upload, file_sample
from etl.analysis.numbers import number
from etl.errors import LiftbalanceError
from etl.read.detect import claimed_by_app
from etl.read.mappings import find_column_mapping, preview
from etl.read.readers.custom import OPTIONAL_KEYS, REQUIRED_KEYS

FIELD_LABELS = {
    "date": "Date",
    "exercise": "Exercise",
    "weight": "Weight",
    "reps": "Reps",
    "unit": "Unit (kg/lb per row)",
    "set_kind": "Set kind (warm-up, drop...)",
    "rpe": "RPE",
    "notes": "Notes",
    "workout": "Workout name",
}
# Lower-case words a column name may contain for each field: only a pre-selection, the lifter decides.
FIELD_HINTS: dict[str, tuple[str, ...]] = {
    "date": ("date", "day", "when", "time", "datum"),
    "exercise": ("exercise", "lift", "movement", "name", "übung"),
    "weight": ("weight", "load", "kg", "lb", "gewicht"),
    "reps": ("reps", "rep", "repetitions", "wdh"),
    "unit": ("unit",),
    "set_kind": ("set type", "set_type", "kind", "type", "warm"),
    "rpe": ("rpe", "effort"),
    "notes": ("note", "comment"),
    "workout": ("workout", "session", "routine"),
}
# The preview's columns a required field lands in: all null there means the column choice is wrong.
PREVIEW_CHECKS = {"date": "date", "exercise": "exercise", "weight": "weight_kg", "reps": "reps"}


@dataclass(frozen=True)
class MappingQuestion:
    """A file no app claims and no saved mapping covers: the page asks which column is which."""

    index: int
    filename: str
    header: list[str]
    guess: dict[str, str]


def guess_columns(header: Sequence[str]) -> dict[str, str]:
    """A first choice for each field from the column names; each column is used once, required fields first."""
    taken: set[str] = set()
    guess: dict[str, str] = {}
    for key in (*REQUIRED_KEYS, *OPTIONAL_KEYS):
        for column in header:
            name = column.strip().lower()
            if column not in taken and any(hint in name for hint in FIELD_HINTS[key]):
                guess[key] = column
                taken.add(column)
                break
    return guess


def mapping_questions(
    con: duckdb.DuckDBPyConnection, contents: Sequence[str], filenames: Sequence[str], athlete: str
) -> list[MappingQuestion]:
    """The uploaded files that need a column mapping: readable CSVs that no app claims, with no saved one."""
    questions = []
    for index, (payload, name) in enumerate(zip(contents, filenames, strict=True)):
        try:
            sample = file_sample(decode_upload(payload, name), name)
        except LiftbalanceError:
            continue  # not a readable CSV: the import reports why
        header = sample.header
        if claimed_by_app(sample) or find_column_mapping(con, athlete, header) is not None:
            continue
        questions.append(MappingQuestion(index, name, header, guess_columns(header)))
    return questions


def default_name(filename: str) -> str:
    return PurePath(filename).stem[:60] or "my mapping"


def chosen_columns(values: Sequence[Any], ids: Sequence[Mapping[str, Any]], index: int) -> dict[str, str]:
    """key -> column for one file from the pattern-matched dropdowns (blank choices left out)."""
    return {str(i["key"]): str(v) for v, i in zip(values, ids, strict=True) if i.get("index") == index and v}


def pick(values: Sequence[Any], ids: Sequence[Mapping[str, Any]], index: int) -> Any:
    """The value of the control for file ``index`` among pattern-matched controls, or None."""
    return next((v for v, i in zip(values, ids, strict=True) if i.get("index") == index), None)


def preview_rows(
    data: bytes, filename: str, columns: Mapping[str, str], unit: str | None
) -> tuple[pl.DataFrame | None, list[str]]:
    """The first rows through the mapping, and the problems a lifter should fix before confirming."""
    missing = [FIELD_LABELS[k].lower() for k in REQUIRED_KEYS if not columns.get(k)]
    if missing:
        return None, [f"Choose a column for {', '.join(missing)}."]
    try:
        frame = preview(data, filename, columns, unit=unit if "unit" not in columns else None)
    except LiftbalanceError as exc:
        return None, [str(exc)]
    problems = [
        f"{FIELD_LABELS[key]}: column “{columns[key]}” gave no {FIELD_LABELS[key].lower()} in the first "
        f"{frame.height} rows; is it the right column?"
        for key, shown in PREVIEW_CHECKS.items()
        if frame.height and frame.get_column(shown).null_count() == frame.height
    ]
    return frame, problems


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return number(value, 2)
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()  # a file with dates only: no invented midnight
    return str(value)


def preview_view(frame: pl.DataFrame | None, problems: list[str]) -> html.Div:
    """The preview table (what would be imported) with any problem above it."""
    parts: list[Any] = [
        dbc.Alert(p, color="warning", className="small py-1 px-2 my-1 mapping-problem") for p in problems
    ]
    if frame is not None:
        shown = frame.select(
            [
                c
                for c in frame.columns
                if c == "line"
                or frame.get_column(c).null_count() < frame.height
                or c in PREVIEW_CHECKS.values()
            ]
        )
        parts.append(
            dbc.Table(
                [
                    html.Thead(html.Tr([html.Th(c.replace("_", " ")) for c in shown.columns])),
                    html.Tbody([html.Tr([html.Td(_cell(v)) for v in row]) for row in shown.iter_rows()]),
                ],
                size="sm",
                striped=True,
                responsive=True,
                className="small mb-1 mapping-preview-table",
            )
        )
    return html.Div(parts)


def _field(index: int, key: str, header: Sequence[str], value: str | None, required: bool) -> dbc.Col:
    return dbc.Col(
        [
            dbc.Label(FIELD_LABELS[key] + ("" if required else " (optional)"), className="small mb-0"),
            dcc.Dropdown(
                id={"type": "map-col", "index": index, "key": key},
                options=[{"label": h, "value": h} for h in header],
                value=value,
                clearable=not required,
                placeholder="choose a column" if required else "none",
                className=f"map-field map-field-{key}",
            ),
        ],
        xs=6,
        md=4,
        lg=3,
    )


def mapping_form(question: MappingQuestion, unit_guess: str | None = None) -> html.Div:
    """Dropdowns for each field, a kg/lb choice, a name, and the live preview of one file."""
    i, header = question.index, question.header
    fields = [_field(i, k, header, question.guess.get(k), True) for k in REQUIRED_KEYS]
    fields += [_field(i, k, header, question.guess.get(k), False) for k in OPTIONAL_KEYS]
    return html.Div(
        [
            html.Div(
                [
                    html.Span(question.filename, className="fw-semibold"),
                    " is not an export from an app liftbalance knows. Say which column is which:",
                ],
                className="small mb-1",
            ),
            dbc.Row(fields, className="g-2 mb-2"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(
                                "Weights are in (when there is no unit column)", className="small mb-0"
                            ),
                            dbc.RadioItems(
                                id={"type": "map-unit", "index": i},
                                options=[{"label": "kg", "value": "kg"}, {"label": "lb", "value": "lb"}],
                                value=unit_guess or "kg",
                                inline=True,
                            ),
                        ],
                        xs=12,
                        md=6,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Save this mapping as", className="small mb-0"),
                            dbc.Input(
                                id={"type": "map-name", "index": i},
                                value=default_name(question.filename),
                                maxLength=80,
                                size="sm",
                                type="text",
                                className="map-name",
                            ),
                        ],
                        xs=12,
                        md=6,
                    ),
                ],
                className="g-2 mb-2",
            ),
            html.Div("Preview of the first rows, as they would be imported:", className="small text-muted"),
            html.Div(id={"type": "map-preview", "index": i}, className="mapping-preview"),
        ],
        className="mt-3 p-2 border rounded bg-white mapping-form",
    )


def mapping_preview(
    contents: Sequence[str],
    filenames: Sequence[str],
    index: int,
    columns: Mapping[str, str],
    unit: str | None,
) -> html.Div:
    """The preview block for file ``index`` of the upload with the chosen columns."""
    if index >= len(contents):
        return html.Div()
    name = filenames[index]
    try:
        data = decode_upload(contents[index], name)
    except LiftbalanceError as exc:
        return html.Div(problem(str(exc)))
    return preview_view(*preview_rows(data, name, columns, unit))
