"""Layout pieces the pages share: the app shell, summary cards, the verdict, the first-run page.

Pure functions from library objects (``Verdict``, ``BalanceSettings``) to Dash
components, so the pages stay short and the wording is tested without a browser. Every
number on a card carries its glossary sentence (visible on a phone, fuller in a tooltip).
"""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.cards import shown_cards
from dashboard.explain import basis, label, meaning
from dashboard.figures import HEIGHT
from dashboard.selection import DEFAULT_RANGE_PRESET, RANGE_PRESETS
from dashboard.status_words import STATUS_COLORS, alert_color, gaps_text, verdict_status_text
from dashboard.status_words import status_text as status_text  # the pages' import of it predates status_words
from etl.analysis import date_bounds
from etl.analysis.settings import BalanceSettings
from etl.analysis.verdict import Verdict
from etl.read.readers.registry import APPS_TEXT

NAV_LINKS = (
    ("Balance", "/"),
    ("Roster", "/athletes"),
    ("Upload", "/upload"),
    ("Exercises", "/exercises"),
    ("Export", "/export"),
    ("Settings", "/settings"),
)
GRAPH_CONFIG: Any = {"displaylogo": False, "displayModeBar": False, "responsive": True}
TABLE_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


def navbar() -> dbc.Navbar:
    links = [dbc.NavItem(dbc.NavLink(name, href=href, active="exact")) for name, href in NAV_LINKS]
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand("liftbalance", href="/", className="fw-semibold"),
                dbc.Nav(links, navbar=True, className="flex-row gap-1 flex-wrap"),
                # Who is logged in and a way out; empty when the server runs without accounts.
                html.Div(id="account-menu", className="small d-flex align-items-center gap-2"),
            ],
            fluid="lg",
            className="flex-wrap",
        ),
        color="white",
        dark=False,
        className="mb-3 border-bottom bg-white",
    )


def account_menu(name: str | None, logout_href: str = "/logout") -> list[Any]:
    """The logged-in account's name and a "Log out" link, or nothing without accounts."""
    if not name:
        return []
    return [
        html.Span(name, className="text-muted"),
        html.A("Log out", href=logout_href, className="link-secondary"),
    ]


def controls() -> dbc.Row:
    """Athlete and date range: shared by Balance, Exercises and Export (kept in the shell)."""
    return dbc.Row(
        [
            dbc.Col(
                [
                    dbc.Label("Athlete", html_for="athlete", className="small text-muted mb-0"),
                    dcc.Dropdown(id="athlete", clearable=False, placeholder="No athletes yet"),
                ],
                xs=12,
                sm=4,
                md=3,
            ),
            dbc.Col(
                [
                    dbc.Label("Range", html_for="range-preset", className="small text-muted mb-0"),
                    dbc.Select(
                        id="range-preset",
                        options=[{"label": text, "value": value} for value, text in RANGE_PRESETS],
                        value=DEFAULT_RANGE_PRESET,
                    ),
                ],
                xs=12,
                sm=3,
                md=2,
            ),
            dbc.Col(
                [
                    dbc.Label("From / to", className="small text-muted mb-0"),
                    dcc.DatePickerRange(
                        id="date-range",
                        display_format="D MMM YYYY",
                        first_day_of_week=1,
                        clearable=True,
                        number_of_months_shown=1,
                        start_date_placeholder_text="first week",
                        end_date_placeholder_text="last week",
                        min_date_allowed=date_bounds.EARLIEST.isoformat(),
                        max_date_allowed=date_bounds.latest().isoformat(),
                    ),
                ],
                xs=12,
                sm=5,
                md=5,
            ),
        ],
        id="controls",
        className="g-2 mb-3 align-items-end",
    )


def _card(key: str, title: str, value: str, detail: str, tip: str, *, color: str | None = None) -> dbc.Col:
    body = dbc.CardBody(
        [
            html.Div(
                [title, html.Span("?", id=f"tip-{key}", className="tip-mark", title="What does this count?")],
                className="small text-muted",
            ),
            html.Div(
                value,
                id=f"card-{key}",
                className="fs-3 fw-semibold lh-sm" + (f" text-{color}" if color else ""),
            ),
            html.Div(detail, className="small text-muted"),
            dbc.Tooltip(tip, target=f"tip-{key}", placement="bottom"),
        ],
        className="p-2",
    )
    return dbc.Col(dbc.Card(body, className="h-100 shadow-sm"), xs=6, md=4, xl=True)


def summary_cards(rec: Verdict, settings: BalanceSettings) -> dbc.Row:
    """The cards of the verdict's rolling window (``dashboard.cards.CARDS``), each with what it counts in a
    tooltip; the status in words, in its colour."""
    cards = [
        _card(
            shown.key,
            shown.label,
            shown.value,
            shown.detail,
            shown.counts,
            color=STATUS_COLORS.get(shown.status) if shown.status else None,
        )
        for shown in shown_cards(rec, settings)
    ]
    return dbc.Row(cards, className="g-2 mb-3")


def verdict(rec: Verdict) -> dbc.Alert:
    """The verdict ``liftbalance verdict`` prints, as a coloured panel: the status in words, the headline,
    what the numbers say, the roles missing, each action (exercise, sets a week, why) and the notes."""
    hip, knee = rec.hip_extension_sets_per_week, rec.knee_flexion_sets_per_week
    actions = [
        html.Li(
            # The CLI's sentence without its "Why: ..." tail, which goes on a line of its own.
            [
                html.Strong(action.text.removesuffix(f" Why: {action.why}.")),
                html.Br(),
                html.Span(f"Why: {action.why}.", className="small"),
            ],
            className="verdict-action",
        )
        for action in rec.actions
    ]
    missing = gaps_text(rec.gaps)
    return dbc.Alert(
        [
            dbc.Badge(
                verdict_status_text(rec.status, hip_sets=hip, knee_sets=knee),
                id="verdict-status",
                color=alert_color(rec.status),
                text_color="dark" if alert_color(rec.status) == "warning" else None,
                className="mb-1",
            ),
            html.H5(rec.headline, className="alert-heading mb-1", id="verdict-headline"),
            html.P(rec.summary, className="mb-1"),
            html.P(
                f"Missing in the last {rec.window_weeks} weeks: {missing}.",
                className="mb-1 small",
                id="verdict-gaps",
            )
            if missing
            else None,
            html.Ul(actions, className="mb-1", id="verdict-actions") if actions else None,
            html.Ul(
                [html.Li([html.Em("Note: "), note]) for note in rec.notes],
                className="mb-0 small",
                id="verdict-notes",
                title="Notes: how early the verdict is, and what it could not count",
            )
            if rec.notes
            else None,
            html.Div(
                dcc.Link("Map the unrecognised exercise names on the Exercises page", href="/exercises"),
                className="mt-1 small",
            )
            if rec.unmapped_sets
            else None,
        ],
        id="verdict",
        color=alert_color(rec.status),
        className="mb-3",
    )


def page_intro(title: str, text: str) -> list[Any]:
    """A page's heading and the sentence under it saying what the page shows."""
    return [html.H2(title, className="h4"), html.P(text, className="small text-muted")]


def first_run() -> dbc.Card:
    """What an empty database shows instead of empty charts."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3("Are your glutes and hamstrings in balance?", className="h4"),
                html.P(
                    f"liftbalance reads the workout log you export from {APPS_TEXT} (or any other CSV, "
                    "once you say which column is which) and shows, week by week, "
                    "how many hard sets your glutes and hamstrings got, whether the hamstring work is hip "
                    "extension or knee flexion, and what to add if one side is falling behind."
                ),
                html.P("Nothing is imported yet. Export your workouts as CSV from the app's settings, then:"),
                dbc.Button("Upload an export", href="/upload", color="primary", id="first-run-upload"),
            ]
        ),
        id="first-run",
        className="shadow-sm",
    )


def problem(message: str) -> dbc.Alert:
    """A library error, worded for the lifter, shown in the page."""
    return dbc.Alert(html.Pre(message, className="mb-0 text-wrap"), color="danger", className="problem")


def chart(graph_id: str, height: int = HEIGHT, *, caption: str | None = None, **graph_props: Any) -> dbc.Card:
    """A graph in a card of a fixed height, plotly's logo and mode bar clutter off; ``caption`` (what the
    chart counts) is the chart's accessible name, read out by a screen reader and not drawn.

    The graph box gets an explicit CSS height and plotly fills it (``responsive=True``). Without
    one, plotly measured the box while the page was still laying out (a phone resizing the
    window, a callback in flight) and could shrink a chart to a sliver under the next card.
    """
    graph = dcc.Graph(
        id=graph_id,
        config=GRAPH_CONFIG,
        responsive=True,
        style={"height": f"{height}px"},
        className="chart-graph",
        **graph_props,
    )
    named: dict[str, Any] = {"aria-label": caption}  # a wildcard attribute: not a keyword Python can spell
    body = graph if caption is None else html.Div(graph, role="figure", **named)
    return dbc.Card(dbc.CardBody(body, className="p-1"), className="shadow-sm mb-3")


THRESHOLDS_SHOWN = (
    "dominance_ratio",
    "dominance_floor_sets",
    "dominance_high_sets",
    "low_volume_sets",
    "sustained_weeks",
    "window_weeks",
    "knee_flexion_share_min",
    "knee_flexion_share_max",
    "hq_reference",
    "eccentric_gap_weeks",
    "hip_extension_min_sets",
    "knee_flexion_min_sets",
    "max_added_sets",
    "nordic_gap_weeks",
)


def thresholds_note(settings: BalanceSettings) -> html.Details:
    """Every threshold behind the verdict: its value, what it means, and whether it is cited or a heuristic."""
    items = [
        html.Li(
            [
                html.Span(f"{label(key)}: {getattr(settings, key):g}. ", className="fw-semibold"),
                meaning(key) + " ",
                html.Em(basis(key)),
            ]
        )
        for key in THRESHOLDS_SHOWN
    ]
    return html.Details(
        [
            html.Summary("How the verdict is made: thresholds and what they rest on"),
            html.Ul(items, className="mt-2"),
        ],
        className="small text-muted mb-4",
        id="thresholds",
    )
