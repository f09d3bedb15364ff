"""The upload page's per-file result: what an import changed, or exactly why a file was rejected.

The CLI prints the same ``ImportReport``; this module lays it out as a card (counts, skipped
rows by reason, quarantined and flagged rows with line numbers) so a lifter can fix a file
without reading a log. Pure functions of the report, tested without a browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from etl.analysis.not_counted import skip_reason, skipped_line, unrecognised_line
from etl.analysis.numbers import plural
from etl.errors import BadRow
from etl.ingest import ImportReport
from etl.read.readers.registry import app_label
from etl.read.units_seen import units_text

MAX_ROWS_SHOWN = 20


def _bad_rows_table(title: str, rows: list[BadRow], css: str) -> html.Div:
    shown = rows[:MAX_ROWS_SHOWN]
    table = dbc.Table(
        [
            html.Thead(html.Tr([html.Th("Line"), html.Th("Column"), html.Th("Value"), html.Th("Expected")])),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Td("–" if b.line is None else str(b.line)),
                            html.Td(b.column or "–"),
                            html.Td(b.value if b.value is not None else "–"),
                            html.Td(b.expected),
                        ]
                    )
                    for b in shown
                ]
            ),
        ],
        size="sm",
        bordered=False,
        striped=True,
        responsive=True,
        className=f"mb-1 small {css}",
    )
    more = (
        [html.Div(f"... and {len(rows) - len(shown)} more.", className="small text-muted")]
        if len(rows) > len(shown)
        else []
    )
    return html.Div([html.Div(title, className="fw-semibold small mt-2"), table, *more])


def _counts(report: ImportReport) -> str:
    parts = [
        plural(report.workouts, "workout"),
        f"{plural(report.sets_added, 'set')} added",
        f"{report.sets_updated} updated",
        f"{report.sets_unchanged} unchanged",
    ]
    if report.sets_removed:
        parts.append(f"{report.sets_removed} removed")
    if report.warmups_by_load:
        parts.append(f"{plural(report.warmups_by_load, 'unmarked set')} read as warm-ups from their loads")
    return ", ".join(parts)


REASONS = {
    "source_priority": "your source priority (Settings)",
    "more_sets": "it has more sets",
    "imported_first": "it was imported first",
    "source_name": "a tie, broken by the app's name",
}


def mapping_note(mapping: tuple[str, str] | None) -> html.Div | None:
    """How a CSV no app claims was read: a saved mapping reused, or the one just made on the page."""
    if mapping is None:
        return None
    kind, name = mapping
    text = (
        f"Read with saved mapping “{name}”."
        if kind == "saved"
        else f"Read with your column mapping “{name}”; it is saved and used again for files with this header."
    )
    return html.Div(text, className="small import-mapping")


def _capitalised(label: str) -> str:
    """A label at the start of a line ("A mapped CSV", not "a mapped CSV")."""
    return label[:1].upper() + label[1:]


def sources_view(sources: Sequence[dict[str, Any]]) -> html.Div | None:
    """The athlete's apps after this import and the period each covers (one lifter, many apps)."""
    if not sources:
        return None
    items = [
        html.Li(
            f"{_capitalised(app_label(str(s['source'])))}: {str(s['first'])[:10]} to {str(s['last'])[:10]}, "
            f"{plural(int(s['workouts']), 'workout')}, {plural(int(s['sets']), 'set')}"
        )
        for s in sources
    ]
    return html.Div(
        [
            html.Div("This athlete's sources now:", className="fw-semibold small mt-2"),
            html.Ul(items, className="small mb-0 import-sources"),
        ]
    )


def overlaps_view(overlaps: Sequence[dict[str, Any]]) -> html.Div | None:
    """Workouts logged in two apps at once: which one counts, which is left out (counted once)."""
    if not overlaps:
        return None
    rows = [
        html.Tr(
            [
                html.Td(str(o["dropped_start"])[:16]),
                html.Td(f"{app_label(str(o['counted_source']))} ({plural(int(o['counted_sets']), 'set')})"),
                html.Td(f"{app_label(str(o['dropped_source']))} ({plural(int(o['dropped_sets']), 'set')})"),
                html.Td(REASONS.get(str(o["reason"]), str(o["reason"]))),
            ]
        )
        for o in overlaps[:MAX_ROWS_SHOWN]
    ]
    table = dbc.Table(
        [
            html.Thead(
                html.Tr([html.Th("Workout"), html.Th("Counted"), html.Th("Left out"), html.Th("Why")])
            ),
            html.Tbody(rows),
        ],
        size="sm",
        striped=True,
        responsive=True,
        className="small mb-1 import-overlaps",
    )
    more = len(overlaps) - len(rows)
    return html.Div(
        [
            html.Div(
                f"{plural(len(overlaps), 'workout')} overlap one logged in another app: each is counted once.",
                className="fw-semibold small mt-2",
            ),
            table,
            html.Div(f"... and {more} more.", className="small text-muted") if more > 0 else None,
        ]
    )


EXERCISES_UNRECOGNISED = "/exercises?show=unrecognised"


def skipped_items(skipped: dict[str, int]) -> list[html.Li]:
    """One line per skip reason; opening it says why such rows hold no set."""
    return [
        html.Li(
            html.Details(
                [
                    html.Summary(skipped_line(reason, count)),
                    html.Div(skip_reason(reason).why, className="text-muted"),
                ]
            ),
            className="import-skipped",
        )
        for reason, count in skipped.items()
    ]


def unrecognised_item(names: Sequence[dict[str, Any]]) -> html.Li | None:
    """The names that count for no muscle, with their sets and a link to map them on the Exercises page."""
    if not names:
        return None
    shown = names[:MAX_ROWS_SHOWN]
    more = len(names) - len(shown)
    return html.Li(
        [
            html.Span(unrecognised_line(list(names)) + ". "),
            dcc.Link(
                "Map them on the Exercises page", href=EXERCISES_UNRECOGNISED, className="import-map-link"
            ),
            html.Ul(
                [html.Li(f"{n['name']}: {plural(int(n['sets']), 'working set')}") for n in shown]
                + ([html.Li(f"... and {more} more.", className="text-muted")] if more > 0 else []),
                className="mb-0",
            ),
        ],
        className="import-unrecognised",
    )


def not_counted_view(report: ImportReport) -> html.Div | None:
    """What this file holds that adds to no chart: skipped rows by reason and unrecognised names.
    A list, so a further kind (sets read as warm-ups) is one more item."""
    items = [*skipped_items(report.skipped), unrecognised_item(report.unrecognised)]
    shown = [item for item in items if item is not None]
    if not shown:
        return None
    return html.Div(
        [
            html.Div("Not counted:", className="fw-semibold small mt-2"),
            html.Ul(shown, className="small mb-0 import-not-counted"),
        ],
    )


def report_card(report: ImportReport, mapping: tuple[str, str] | None = None) -> dbc.Card:
    """One imported file: format, counts, the dates it covers, skips, quarantined and flagged rows,
    how a custom CSV was read, the athlete's sources and the workouts counted once across apps."""
    body: list[object] = [
        html.Div(_counts(report), className="import-counts"),
    ]
    note = mapping_note(mapping)
    if note is not None:
        body.append(note)
    if report.first_workout:
        span = f"Covers {report.first_workout[:10]} to {(report.last_workout or report.first_workout)[:10]}"
        weights = units_text(report.units, report.unit)
        body.append(
            html.Div(span + (f"; {weights}" if weights else ""), className="small text-muted import-span")
        )
    not_counted = not_counted_view(report)
    if not_counted is not None:
        body.append(not_counted)
    for warning in report.warnings:
        if mapping is not None and warning.startswith("read with the column mapping saved"):
            continue  # said above, with the mapping's name
        body.append(dbc.Alert(warning, color="warning", className="small py-1 px-2 my-1"))
    if report.quarantined:
        body.append(
            _bad_rows_table(
                f"Quarantined (not imported): {len(report.quarantined)} row(s)",
                report.quarantined,
                "import-quarantined",
            )
        )
    if report.flagged:
        body.append(
            _bad_rows_table(f"Unusual values kept: {len(report.flagged)}", report.flagged, "import-flagged")
        )
    body.extend(
        part for part in (sources_view(report.sources), overlaps_view(report.overlaps)) if part is not None
    )
    badge = "imported with quarantined rows" if report.quarantined else "imported"
    return dbc.Card(
        [
            dbc.CardHeader(
                [
                    html.Span(report.file, className="fw-semibold me-2"),
                    dbc.Badge(badge, color="warning" if report.quarantined else "success", className="me-1"),
                    dbc.Badge(report.label or report.format, color="light", text_color="dark"),
                ]
            ),
            dbc.CardBody(body, className="py-2"),
        ],
        className="mb-2 import-report",
    )


SKIP_INVALID_HINT = (
    "Fix the file, or tick “If a file has bad rows, import the good ones” above, and upload it again."
)


def rejected_card(filename: str, message: str, bad_rows: Sequence[BadRow] = ()) -> dbc.Card:
    """A file that was not imported (nothing written): the library's message and every located bad value."""
    body: list[object] = [html.Pre(message, className="mb-0 small text-wrap import-error")]
    if bad_rows:
        body.append(_bad_rows_table("The values that stopped it:", list(bad_rows), "import-bad-rows"))
        if any(b.value is not None for b in bad_rows):
            body.append(html.Div(SKIP_INVALID_HINT, className="small text-muted"))
    return dbc.Card(
        [
            dbc.CardHeader(
                [
                    html.Span(filename, className="fw-semibold me-2"),
                    dbc.Badge("rejected: nothing imported", color="danger"),
                ]
            ),
            dbc.CardBody(body, className="py-2"),
        ],
        className="mb-2 border-danger import-rejected",
    )
