"""The self-contained HTML report: one file a lifter can keep, mail to a coach, or open offline.

It draws the Balance page's charts (``dashboard.charts.CHARTS``) and cards (``dashboard.cards.CARDS``) with
plotly's JavaScript inlined once, adds the verdict, the weekly table and what every chart and number counts,
and loads
nothing from the network. Everything that came from a user or a file (the athlete name, the
logged exercise names) and every sentence is HTML-escaped. It lives in the front layer because it needs plotly, which ``etl`` must not import.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from typing import Any

import duckdb
import plotly.io as pio
import polars as pl
from plotly.offline import get_plotlyjs

from dashboard import charts as registry
from dashboard.cards import shown_cards
from dashboard.charts import BalanceData, Chart
from dashboard.components import GRAPH_CONFIG, THRESHOLDS_SHOWN
from dashboard.explain import basis, explained, label
from dashboard.figures import Figure
from dashboard.status_words import GAP_WORDS, gaps_text, status_hex, verdict_status_text
from etl.analysis.exercises import exercise_table
from etl.analysis.numbers import number
from etl.analysis.settings import BalanceSettings, load_settings
from etl.analysis.trends import load_trends
from etl.analysis.verdict import Verdict, verdict
from etl.analysis.weekly import load_weekly
from schemas.weekly import GAP_SEPARATOR

# (column, header) of the weekly table; each header's tooltip and footnote is the glossary's sentence.
TABLE_COLUMNS = (
    ("week_start", "Week of"),
    ("workouts", "Workouts"),
    ("glute_sets", "Glute sets"),
    ("hamstring_hip_sets", "Ham hip-ext"),
    ("hamstring_knee_sets", "Ham knee-flex"),
    ("quad_sets", "Quad sets"),
    ("eccentric_sets", "Eccentric"),
    ("unmapped_sets", "Unrecognised"),
    ("glute_ham_ratio", "G:H"),
    ("glute_ham_ratio_4w", "G:H rolling"),
    ("status", "Status"),
    ("gaps", "Missing"),
)
# The gap roles in a table cell's few words (the verdict above says them in full).
GAP_SHORT = {"hip_extension": "hip extension", "knee_flexion": "knee flexion", "nordic": "Nordics"}
# A chart drawn before the page's grid has its final width keeps the width it was drawn at; plotly's
# "responsive" only listens for window resizes, so fit every chart to its box once the page is laid out.
FIT_CHARTS = (
    "<script>window.addEventListener('load',function(){"
    "document.querySelectorAll('.plotly-graph-div').forEach(function(d){Plotly.Plots.resize(d);});});</script>"
)
CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#212529;background:#f7f8fa}
main{max-width:1100px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:.2em 0}h2{font-size:1.15rem;margin:1.4em 0 .4em}
.muted{color:#6c757d;font-size:.9rem}
.verdict{background:#fff;border-left:6px solid #0d6efd;padding:10px 14px;border-radius:4px}
.verdict .status{display:inline-block;color:#fff;border-radius:4px;padding:1px 8px;font-size:.85rem;font-weight:600}
.verdict h2{margin:.3em 0}.verdict li{margin:.3em 0}.verdict .why,.verdict .notes{font-size:.85rem;color:#495057}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:8px}
.card{background:#fff;border-radius:6px;padding:8px 10px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.card .v{font-size:1.5rem;font-weight:600}.card .t,.card .d{font-size:.8rem;color:#6c757d}
.card .c{font-size:.75rem;color:#6c757d;margin-top:.3em}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,480px),1fr));gap:10px}
.chart{background:#fff;border-radius:6px;padding:4px;min-width:0}
.scroll{overflow-x:auto}
table{border-collapse:collapse;background:#fff;font-size:.85rem;width:100%}
th,td{padding:4px 6px;border-bottom:1px solid #e9ecef;text-align:right;white-space:nowrap}
th:first-child,td:first-child,td.s{text-align:left}
dt{font-weight:600;margin-top:.5em}dd{margin-left:1em}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return number(value, 2)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _chart(chart: Chart, fig: Figure) -> str:
    return (
        f'<div class="chart" role="figure" aria-label="{_e(chart.counts)}">'
        + pio.to_html(
            fig, full_html=False, include_plotlyjs=False, div_id=chart.report_id, config=GRAPH_CONFIG
        )
        + "</div>"
    )


def _status_words(rec: Verdict) -> str:
    return verdict_status_text(
        rec.status, hip_sets=rec.hip_extension_sets_per_week, knee_sets=rec.knee_flexion_sets_per_week
    )


def _cards(rec: Verdict, settings: BalanceSettings) -> str:
    """The Balance page's cards (``dashboard.cards.CARDS``): label, value, the line under it, and what it
    counts written out (a report has no tooltips); the status in its colour, as on the page."""
    return (
        '<div class="cards">'
        + "".join(
            f'<div class="card" id="card-{_e(shown.key)}">'
            f'<div class="t">{_e(shown.label)}</div>'
            f'<div class="v"{_colour(shown.status)}>{_e(shown.value)}</div>'
            f'<div class="d">{_e(shown.detail)}</div><div class="c">{_e(shown.counts)}</div></div>'
            for shown in shown_cards(rec, settings)
        )
        + "</div>"
    )


def _colour(status: str | None) -> str:
    return "" if status is None else f' style="color:{status_hex(status)}"'


def _charts(data: BalanceData) -> str:
    """Every chart of ``dashboard.charts.CHARTS`` whose data was loaded, in the page's order (read when
    called, like the page's layout, so a test can add an entry and see it drawn)."""
    shown = [chart for chart in registry.CHARTS if chart.source == "weekly" or data.trends is not None]
    return '<div class="charts">' + "".join(_chart(chart, chart.draw(data)) for chart in shown) + "</div>"


def _verdict(rec: Verdict) -> str:
    """The verdict ``liftbalance verdict`` prints: status in words (coloured), headline, summary, missing
    roles, each action (exercise, sets a week, why) and the notes."""
    color = status_hex(rec.status)
    actions = "".join(
        f"<li><strong>{_e(a.text.removesuffix(f' Why: {a.why}.'))}</strong><br>"
        f'<span class="why">Why: {_e(a.why)}.</span></li>'
        for a in rec.actions
    )
    missing = gaps_text(rec.gaps)
    notes = "".join(f"<li><em>Note:</em> {_e(n)}</li>" for n in rec.notes)
    return (
        f'<div class="verdict" id="verdict" style="border-left-color:{color}">'
        f'<span class="status" style="background:{color}">{_e(_status_words(rec))}</span>'
        f"<h2>{_e(rec.headline)}</h2><p>{_e(rec.summary)}</p>"
        + (
            f'<p id="verdict-gaps">Missing in the last {rec.window_weeks} weeks: {_e(missing)}.</p>'
            if missing
            else ""
        )
        + (f'<ul id="verdict-actions">{actions}</ul>' if actions else "")
        + (f'<ul class="notes" id="verdict-notes">{notes}</ul>' if notes else "")
        + "</div>"
    )


def _status_cell(row: dict[str, Any]) -> str:
    words = verdict_status_text(
        row["status"], hip_sets=row["hamstring_hip_sets_4w"], knee_sets=row["hamstring_knee_sets_4w"]
    )
    return f'<td class="s">{_e(words)}</td>'


def _gaps_cell(row: dict[str, Any]) -> str:
    roles = [r for r in (row["gaps"] or "").split(GAP_SEPARATOR) if r]
    words = ", ".join(GAP_SHORT.get(r, GAP_WORDS.get(r, r)) for r in roles)
    return '<td class="s">' + _e(words or "–") + "</td>"


def _table(weekly: pl.DataFrame) -> str:
    head = "".join(f'<th title="{_e(explained(col))}">{_e(text)}</th>' for col, text in TABLE_COLUMNS)
    rows = []
    for row in weekly.sort("week_start", descending=True).iter_rows(named=True):
        cells = "".join(
            _status_cell(row)
            if col == "status"
            else _gaps_cell(row)
            if col == "gaps"
            else f"<td>{_e(_cell(row[col]))}</td>"
            for col, _ in TABLE_COLUMNS
        )
        rows.append(f"<tr>{cells}</tr>")
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def _unrecognised(names: Sequence[tuple[str, int]]) -> str:
    if not names:
        return ""
    items = "".join(
        f"<li>{_e(name)}: {sets} working set{'s' if sets != 1 else ''}</li>" for name, sets in names
    )
    return (
        "<h2>Exercise names not recognised</h2>"
        '<p class="muted">These count for no muscle. Map them on the dashboard\'s Exercises page or with '
        "<code>liftbalance map</code>.</p>"
        f'<ul id="unrecognised">{items}</ul>'
    )


def _glossary(settings: BalanceSettings) -> str:
    columns = "".join(f"<dt>{_e(text)}</dt><dd>{_e(explained(col))}</dd>" for col, text in TABLE_COLUMNS)
    thresholds = "".join(
        f"<dt>{_e(label(key))}: {_e(f'{getattr(settings, key):g}')}</dt><dd>{_e(explained(key))}</dd>"
        for key in THRESHOLDS_SHOWN
    )
    charts = "".join(f"<dt>{_e(chart.title)}</dt><dd>{_e(chart.counts)}</dd>" for chart in registry.CHARTS)
    return (
        f"<h2>What each chart shows</h2><dl>{charts}</dl>"
        f"<h2>What each number counts</h2><dl>{columns}</dl>"
        f"<h2>Thresholds behind the verdict</h2>"
        f'<p class="muted">Cited thresholds name their source; the rest are {_e(basis("dominance_ratio"))}.</p>'
        f"<dl>{thresholds}</dl>"
    )


def build_report(
    weekly: pl.DataFrame,
    rec: Verdict,
    settings: BalanceSettings,
    *,
    athlete: str,
    start: date | None = None,
    end: date | None = None,
    generated: date | None = None,
    unrecognised: Sequence[tuple[str, int]] = (),
    trends: pl.DataFrame | None = None,
) -> str:
    """The whole report as one HTML document (UTF-8 text, no external resources).

    ``unrecognised`` lists (logged name, working sets) the taxonomy did not recognise: they count for no
    muscle, and a coach should know which.
    """
    span = f"{start or 'the first week'} to {end or 'the last week'}" if (start or end) else "the whole log"
    when = (generated or date.today()).isoformat()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>liftbalance report: {_e(athlete)}</title>",
        f"<style>{CSS}</style>",
        f'<script type="text/javascript">{get_plotlyjs()}</script>',
        "</head><body><main>",
        "<h1>Glute and hamstring balance</h1>",
        f'<p class="muted">Athlete <strong>{_e(athlete)}</strong> · {_e(span)} · generated {_e(when)} by '
        "liftbalance. Sets are hard sets counted fractionally (1 direct, 0.5 indirect; Pelland 2024); warm-ups "
        "never count.</p>",
    ]
    if weekly.height == 0 or int(weekly.get_column("workouts").sum()) == 0:
        parts.append('<p class="verdict">No training logged in this range.</p>')
    else:
        parts += [
            _verdict(rec),
            f"<h2>The last {rec.window_weeks or settings.window_weeks} weeks</h2>",
            _cards(rec, settings),
            "<h2>Trends</h2>",
            _charts(BalanceData(settings, weekly=weekly, trends=trends)),
            "<h2>Week by week</h2>",
            _table(weekly),
            _unrecognised(unrecognised),
        ]
    parts += [_glossary(settings), "</main>", FIT_CHARTS, "</body></html>"]
    return "\n".join(parts)


def report_from_store(
    con: duckdb.DuckDBPyConnection,
    athlete: str,
    *,
    start: date | None = None,
    end: date | None = None,
    generated: date | None = None,
) -> tuple[str, int]:
    """The report for one athlete and range, read from the store; also the number of weeks it covers."""
    settings = load_settings(con, athlete)
    weekly = load_weekly(con, athlete, settings, start=start, end=end)
    rec = verdict(weekly, settings, athlete=athlete)
    names = exercise_table(con, athlete, start=start, end=end).filter(pl.col("match") == "unmapped")
    unrecognised = [(str(n), int(c)) for n, c in names.select("name", "sets").iter_rows()]
    trends = load_trends(con, athlete, settings, start=start, end=end)
    page = build_report(
        weekly,
        rec,
        settings,
        athlete=athlete,
        start=start,
        end=end,
        generated=generated,
        unrecognised=unrecognised,
        trends=trends,
    )
    return page, weekly.height
