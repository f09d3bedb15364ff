"""Pure figure builders: one ``WeeklyBalance`` frame in, one plotly figure (a plain dict) out.

The Balance page, the HTML report and the tests all draw the same figures from the same
frame, so nothing here reads the store or the browser: the charts are tested by asserting
on their data (x/y values, trace names, the band, hover templates) without a browser.

The figures are plain ``{"data": [...], "layout": {...}}`` dicts, which ``dcc.Graph`` and
``plotly.io.to_html`` take as they are: building ``plotly.graph_objects`` figures validated
every property on every call and cost ~75% of the Balance callback (issue 6). The tests run
each figure through ``go.Figure`` once, so a misspelt property still fails there.

Conventions shared by every chart: weeks are the x axis; a ratio that is null because only
its denominator is 0 (glute sets but no hamstring sets) is never dropped nor drawn as a number:
it sits in a labelled row beyond the end of the axis; a week with neither side is a gap, never
a zero; every trace's hover says what its number
counts (the glossary's sentence); every threshold drawn says whether it is cited, a
heuristic or an analogy.
"""

from __future__ import annotations

import json
import math
import textwrap
from functools import cache
from typing import Any, Literal

import polars as pl

from dashboard.explain import basis, hover_note, label
from dashboard.periods import Periods, chart_periods
from etl.analysis.settings import BalanceSettings

Metric = Literal["sets", "tonnage"]
Figure = dict[str, Any]
Trace = dict[str, Any]

GLUTE = "#c2185b"
HAM_HIP = "#1565c0"
HAM_KNEE = "#64b5f6"
HAM = "#1e88e5"
ECCENTRIC = "#6a1b9a"
ROLLING = "#37474f"
BAND = "rgba(46, 125, 50, 0.13)"
REFERENCE = "#8d6e63"
WEEK = "Week of %{x|%d %b %Y}"
HEIGHT = 340
ECCENTRIC_HEIGHT = 260
RATIO_TICKS = (1 / 16, 1 / 8, 0.25, 0.5, 1, 2, 4, 8, 16)
# Ratios beyond 16:1 either way are drawn at the edge (the hover keeps the real value): past that,
# the weaker side is all but absent and a taller axis would only squash the balanced band.
RATIO_CAP = 16.0
# Undefined weeks (0 in the denominator) sit in a row this factor beyond the axis end (log axis).
PIN_STEP = 1.9
NO_HAMSTRING = "No hamstring sets (ratio undefined)"
NO_GLUTE = "No glute sets (ratio 0)"
NO_QUAD = "No quad sets (ratio undefined)"
HQ_CAP = 3.0
HQ_TICKS = (0, 0.5, 1, 1.5, 2, 2.5, 3)
WEEKS_4_MS = 28 * 24 * 3600 * 1000  # ticks at least this far apart (a month, "M1") are labelled by month
# Characters per line of a note on the chart (an empty range's message): wider ran off a phone's chart.
NOTE_LINE = 40
# Characters per legend line: at 11 px, ~40 characters fill the ~330 px a 390 px phone leaves a chart.
LEGEND_LINE = 36


@cache
def _template_json() -> str:
    """plotly's ``plotly_white`` template as JSON, resolved once (a ``go.Figure`` resolves it every time)."""
    import plotly.io as pio

    return json.dumps(pio.templates["plotly_white"].to_plotly_json())


def _template() -> dict[str, Any]:
    """A fresh copy of the template for one figure: no figure shares mutable state with another."""
    loaded: dict[str, Any] = json.loads(_template_json())
    return loaded


def legend_name(name: str, width: int = LEGEND_LINE) -> str:
    """A legend entry broken into lines of at most ``width`` characters: plotly never wraps legend text,
    so a long entry ("Balanced band 0.67-1.50: heuristic, no published norm") ran off a phone's screen."""
    return "<br>".join(textwrap.wrap(name, width, break_long_words=False)) if len(name) > width else name


def _figure(data: list[Trace | None], layout: dict[str, Any]) -> Figure:
    """The figure, with every legend entry (traces and legend-shown shapes) wrapped to fit a phone."""
    traces = [t for t in data if t is not None]
    for item in [*traces, *layout.get("shapes", [])]:
        if isinstance(item.get("name"), str):
            item["name"] = legend_name(item["name"])
    return {"data": traces, "layout": layout}


def _base_layout(*, title: str, yaxis: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The layout every chart shares (a fresh dict each call); ``extra`` adds top-level keys."""
    return {
        "template": _template(),
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        "height": HEIGHT,
        "margin": {"l": 48, "r": 12, "t": 44, "b": 8},
        # Below the plot and its tick labels, whatever their height: placed on the figure (container), so
        # plotly keeps the plot clear of it; on the plot (paper) it sat on two-line month labels.
        "legend": {
            "orientation": "h",
            "yref": "container",
            "yanchor": "bottom",
            "y": 0,
            "xanchor": "left",
            "x": 0,
            "font": {"size": 11},
        },
        "hovermode": "closest",
        "hoverlabel": {"font": {"size": 12}, "align": "left"},
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"},
        "xaxis": _date_axis(),
        "yaxis": yaxis,
        **extra,
    }


def _date_axis() -> dict[str, Any]:
    """The weeks axis. Month ticks read "Jul" over "2024" (two short lines, never rotated): on a phone,
    plotly turned one-line "Jul 2024" labels 30 degrees and the plot's edge cut them off. Ticks closer
    than a month apart (a short range) read "8 Apr"."""
    return {
        "type": "date",
        "automargin": True,
        "tickangle": 0,
        "tickformatstops": [
            {"dtickrange": [None, WEEKS_4_MS], "value": "%-d %b"},
            {"dtickrange": [WEEKS_4_MS, None], "value": "%b<br>%Y"},
        ],
    }


def _y_axis(y_title: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": {"text": y_title, "font": {"size": 12}},
        "rangemode": "tozero",
        "fixedrange": True,
        **extra,
    }


def _note(text: str, *, x: float, y: float, size: int, **extra: Any) -> dict[str, Any]:
    """A grey annotation placed on the paper (not the data), wrapped to fit a phone's chart."""
    return {
        "text": legend_name(text, NOTE_LINE),
        "showarrow": False,
        "xref": "paper",
        "yref": "paper",
        "x": x,
        "y": y,
        "font": {"size": size, "color": "#666"},
        **extra,
    }


def empty_figure(message: str) -> Figure:
    """A blank chart area that says why it is blank (never bare axes)."""
    return _figure(
        [],
        {
            "template": _template(),
            "height": HEIGHT,
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "margin": {"l": 8, "r": 8, "t": 8, "b": 8},
            "annotations": [_note(message, x=0.5, y=0.5, size=14)],
        },
    )


def _col(weekly: pl.DataFrame, name: str) -> list[Any]:
    return weekly.get_column(name).to_list()


def _rolling_label(weekly: pl.DataFrame) -> str:
    window = int(weekly.get_column("window_weeks").max() or 4)  # type: ignore[arg-type]
    return f"{window}-week rolling"


def _finite(values: list[Any]) -> list[float]:
    return [float(v) for v in values if v is not None and math.isfinite(v)]


def _undefined(numerators: list[Any], denominators: list[Any]) -> list[bool]:
    """Weeks (or windows) whose ratio has no value because only the denominator is 0."""
    return [bool(n) and n > 0 and d == 0 for n, d in zip(numerators, denominators, strict=True)]


def _log_bounds(values: list[float]) -> tuple[float, float]:
    """Powers of 2 that enclose the plotted ratios: at most ``RATIO_CAP``, at least 1/``RATIO_CAP``.

    The range always holds the balanced band around 1, and a ratio beyond the cap (22 glute sets
    against half a hamstring set) is drawn at the cap with its real value in the hover.
    """
    positive = [v for v in values if v > 0]
    high = max(positive, default=1.0)
    low = min(positive, default=1.0)
    top = min(RATIO_CAP, max(2.0, 2.0 ** math.ceil(math.log2(high))))
    bottom = max(1 / RATIO_CAP, min(0.5, 2.0 ** math.floor(math.log2(low))))
    return bottom, top


def _clip(values: list[Any], low: float, high: float, *, log: bool = True) -> list[float | None]:
    """Values kept inside [low, high]; on a log axis a 0 has no place and is a gap (a pinned row shows it)."""
    return [
        None if v is None or not math.isfinite(v) or (log and v <= 0) else min(max(float(v), low), high)
        for v in values
    ]


def _ratio_text(values: list[Any], low: float, high: float) -> list[str]:
    """The real ratio for the hover, saying so when the point is drawn at the edge of the scale."""
    texts = []
    for v in values:
        if v is None or not math.isfinite(v):
            texts.append("")
        elif v > high:
            texts.append(f"{v:.2f} (off the scale, drawn at {high:g})")
        elif 0 < v < low:
            texts.append(f"{v:.2f} (off the scale, drawn at {low:g})")
        else:
            texts.append(f"{v:.2f}")
    return texts


def _pinned(
    periods: Periods,
    where: list[bool],
    y: float,
    amounts: list[Any],
    *,
    name: str,
    symbol: str,
    color: str,
    hover: str,
) -> Trace | None:
    """Markers in a row beyond the end of the axis for weeks (or months) whose ratio is undefined (0 in the
    denominator).

    ``hover`` is a template where ``%{customdata:.1f}`` is the numerator's sets. ``None`` when no week qualifies.
    """
    chosen = [i for i, flag in enumerate(where) if flag]
    if not chosen:
        return None
    extra = periods.bar_extra()
    if periods.hovertext is not None:
        extra["hovertext"] = [periods.hovertext[i] for i in chosen]
    return {
        "type": "scatter",
        "x": [periods.x[i] for i in chosen],
        "y": [y] * len(chosen),
        "mode": "markers",
        "name": name,
        "marker": {"symbol": symbol, "size": 10, "color": color, "line": {"color": color, "width": 1.5}},
        "customdata": [amounts[i] for i in chosen],
        "hovertemplate": f"{periods.head}<br>{hover}<extra></extra>",
        "cliponaxis": False,
        **extra,
    }


def _weeks(weekly: pl.DataFrame) -> list[str]:
    """The x values: ISO dates ("2026-04-06"), which plotly reads as dates on a date axis."""
    return weekly.get_column("week_start").dt.to_string("%Y-%m-%d").to_list()


def ratio_trend_figure(weekly: pl.DataFrame, settings: BalanceSettings) -> Figure:
    """Glute:hamstring set ratio: weekly points, the rolling ratio, and the heuristic balanced band.

    A week with glute sets and no hamstring sets has no ratio (it would be infinite), yet it is the
    most glute-dominant week there is: it is drawn as a triangle in a row above the axis ("no
    hamstring sets"), never dropped. A week of hamstring work only (ratio 0, which a log axis cannot
    show) is a triangle below it. Rolling windows with the same problem get hollow triangles there.
    """
    if weekly.height == 0:
        return empty_figure("No weeks in this range")
    weeks, periods = _weeks(weekly), chart_periods(weekly)  # points per week, or per month past two years
    glutes, hams = _col(periods.frame, "glute_sets"), _col(periods.frame, "hamstring_sets")
    glutes_4w, hams_4w = _col(weekly, "glute_sets_4w"), _col(weekly, "hamstring_sets_4w")
    ratio, rolling = _col(periods.frame, "glute_ham_ratio"), _col(weekly, "glute_ham_ratio_4w")
    low_band, high_band = 1 / settings.dominance_ratio, settings.dominance_ratio
    bottom, top = _log_bounds(_finite(ratio) + _finite(rolling) + [low_band, high_band])
    above, below = top * PIN_STEP, bottom / PIN_STEP
    window = _rolling_label(weekly)
    no_ham, no_glute = _undefined(glutes, hams), _undefined(hams, glutes)
    rolling_no_ham, rolling_no_glute = _undefined(glutes_4w, hams_4w), _undefined(hams_4w, glutes_4w)
    band = {
        "type": "rect",
        "xref": "x domain",
        "x0": 0,
        "x1": 1,
        "yref": "y",
        "y0": low_band,
        "y1": high_band,
        "fillcolor": BAND,
        "line": {"width": 0},
        "layer": "below",
        "showlegend": True,
        "name": f"Balanced band {low_band:.2f}-{high_band:.2f}: {basis('dominance_ratio')}",
    }
    points = _ratio_points(
        periods,
        ratio,
        bottom,
        top,
        glutes,
        hams,
        color=GLUTE,
        title="Glute:ham ratio",
        parts="%{customdata[0]:.1f} glute sets, %{customdata[1]:.1f} hamstring sets",
        column="glute_ham_ratio",
    )
    line = _rolling_line(
        weeks,
        rolling,
        bottom,
        top,
        rows=[
            (rolling_no_ham, above, f"undefined: no hamstring sets in the {window} window"),
            (rolling_no_glute, below, f"0: no glute sets in the {window} window"),
        ],
        window=window,
        title="Rolling glute:ham ratio",
        column="glute_ham_ratio_4w",
    )
    # A ratio lives on a log axis: 2 and 0.5 sit equally far from 1, and a week with 40 glute sets per
    # hamstring set no longer flattens the band. The rows beyond the axis hold the undefined weeks.
    ticks: list[float] = [t for t in RATIO_TICKS if bottom <= t <= top]
    text = [_tick(t) for t in ticks]
    if any(no_ham) or any(rolling_no_ham):
        ticks, text = [*ticks, above], [*text, "no ham"]
    if any(no_glute) or any(rolling_no_glute):
        ticks, text = [below, *ticks], ["no glute", *text]
    y_axis = _y_axis(
        "glute sets per hamstring set",
        type="log",
        rangemode="normal",
        range=[math.log10(below / 1.35), math.log10(above * 1.35)],
        tickvals=ticks,
        ticktext=text,
        automargin=True,
    )
    return _figure(
        [
            points,
            line,
            _pinned(
                periods,
                no_ham,
                above,
                glutes,
                name=NO_HAMSTRING,
                symbol="triangle-up",
                color=GLUTE,
                hover="<b>No hamstring sets</b><br>glutes %{customdata:.1f} sets, hamstrings 0: every set was glute work",
            ),
            _pinned(
                periods,
                no_glute,
                below,
                hams,
                name=NO_GLUTE,
                symbol="triangle-down",
                color=HAM,
                hover="<b>No glute sets</b><br>hamstrings %{customdata:.1f} sets, glutes 0: every set was hamstring work",
            ),
        ],
        _base_layout(title="Glute:hamstring set ratio (log scale)", yaxis=y_axis, shapes=[band]),
    )


def _ratio_points(
    periods: Periods,
    ratio: list[Any],
    low: float,
    high: float,
    numerator: list[Any],
    denominator: list[Any],
    *,
    color: str,
    title: str,
    parts: str,
    column: str,
    log: bool = True,
) -> Trace:
    """A ratio chart's weekly points (monthly past two years: the month's sets per week, divided), clipped to
    the scale with the real value in the hover."""
    if periods.monthly:
        parts += " per week, monthly average"
    return {
        "type": "scatter",
        "x": periods.x,
        "y": _clip(ratio, low, high, log=log),
        "mode": "markers",
        "name": "Monthly ratio" if periods.monthly else "Weekly ratio",
        "marker": {"color": color, "size": 7, "opacity": 0.75},
        "customdata": [[n, d] for n, d in zip(numerator, denominator, strict=True)],
        "text": _ratio_text(ratio, low, high),
        "hovertemplate": f"{periods.head}<br><b>{title} %{{text}}</b><br>{parts}<br>{hover_note(column)}<extra></extra>",
        **periods.bar_extra(),
    }


def _rolling_line(
    weeks: list[str],
    rolling: list[Any],
    low: float,
    high: float,
    *,
    rows: list[tuple[list[bool], float, str]],
    window: str,
    title: str,
    column: str,
    log: bool = True,
) -> Trace:
    """A ratio chart's rolling line; a window whose ratio is undefined sits on its pinned row
    (``rows``: which windows, the row's y, the hover text), never a silent gap."""
    y: list[float | None] = _clip(rolling, low, high, log=log)
    text = _ratio_text(rolling, low, high)
    for where, row_y, row_text in rows:
        y = [row_y if flag else v for v, flag in zip(y, where, strict=True)]
        text = [row_text if flag else t for t, flag in zip(text, where, strict=True)]
    return {
        "type": "scatter",
        "x": weeks,
        "y": y,
        "mode": "lines",
        "name": f"{window} ratio",
        "line": {"color": ROLLING, "width": 2.5},
        "connectgaps": False,
        "text": text,
        "hovertemplate": f"{WEEK}<br><b>{title} %{{text}}</b><br>{hover_note(column)}<extra></extra>",
    }


def _tick(value: float) -> str:
    return f"1/{1 / value:g}" if value < 0.25 else f"{value:g}"


def _bar(
    periods: Periods, y: list[Any], name: str, group: str, color: str, hover: str, **extra: Any
) -> Trace:
    """One bar per period (a week, or a month of weekly averages beyond two years: ``dashboard.periods``)."""
    return {
        "type": "bar",
        "x": periods.x,
        "y": y,
        "name": name,
        "offsetgroup": group,
        "marker": {"color": color},
        "hovertemplate": f"{periods.head}<br>{hover}<extra></extra>",
        **periods.bar_extra(),
        **extra,
    }


def _sets_traces(periods: Periods) -> list[Trace]:
    weekly = periods.frame
    hip = _col(weekly, "hamstring_hip_sets")
    glute_parts = [
        list(p) for p in zip(_col(weekly, "glute_max_sets"), _col(weekly, "glute_med_sets"), strict=True)
    ]
    return [
        _bar(
            periods,
            _col(weekly, "glute_sets"),
            "Glutes",
            "glutes",
            GLUTE,
            "<b>Glute sets %{y:.1f}</b> (max %{customdata[0]:.1f}, med %{customdata[1]:.1f})"
            f"<br>{hover_note('glute_sets')}",
            customdata=glute_parts,
        ),
        _bar(
            periods,
            hip,
            "Hamstrings: hip extension",
            "hamstrings",
            HAM_HIP,
            f"<b>Hamstring hip-extension sets %{{y:.1f}}</b><br>{hover_note('hamstring_hip_sets')}",
        ),
        _bar(
            periods,
            _col(weekly, "hamstring_knee_sets"),
            "Hamstrings: knee flexion",
            "hamstrings",
            HAM_KNEE,
            f"<b>Hamstring knee-flexion sets %{{y:.1f}}</b><br>{hover_note('hamstring_knee_sets')}",
            base=hip,
        ),
    ]


def _tonnage_traces(periods: Periods) -> list[Trace]:
    weekly = periods.frame
    return [
        _bar(
            periods,
            _col(weekly, "glute_tonnage_kg"),
            "Glute tonnage",
            "glutes",
            GLUTE,
            f"<b>Glute tonnage %{{y:,.0f}} kg</b><br>{hover_note('glute_tonnage_kg')}",
        ),
        _bar(
            periods,
            _col(weekly, "hamstring_tonnage_kg"),
            "Hamstring tonnage",
            "hamstrings",
            HAM,
            f"<b>Hamstring tonnage %{{y:,.0f}} kg</b><br>{hover_note('hamstring_tonnage_kg')}",
        ),
    ]


def volume_figure(weekly: pl.DataFrame, metric: Metric = "sets") -> Figure:
    """Weekly glute bars beside hamstring bars (stacked hip extension + knee flexion), or tonnage.

    Beyond two years of weeks the bars are calendar months of weekly averages (``dashboard.periods``).
    """
    if weekly.height == 0:
        return empty_figure("No weeks in this range")
    periods = chart_periods(weekly)
    bars: dict[str, Any] = {"barmode": "group", "bargap": 0.25, "bargroupgap": 0.05}
    if metric == "tonnage":
        note = _note(
            "Tonnage is 0 for bodyweight work such as Nordics; sets are the primary measure.",
            x=0,
            y=1.0,
            size=10,
            xanchor="left",
            yanchor="bottom",
        )
        layout = _base_layout(
            title=periods.title("tonnage", "glutes vs hamstrings"),
            yaxis=_y_axis(periods.per_week("kg (weight x reps)")),
            annotations=[note],
            **bars,
        )
        return _figure(list(_tonnage_traces(periods)), layout)
    layout = _base_layout(
        title=periods.title("hard sets", "glutes vs hamstrings"),
        yaxis=_y_axis(periods.per_week("hard sets")),
        **bars,
    )
    return _figure(list(_sets_traces(periods)), layout)


def hq_ratio_figure(weekly: pl.DataFrame, settings: BalanceSettings) -> Figure:
    """Hamstring:quad set ratio with the ~0.6 strength norm drawn as a labelled analogy, not a target.

    A week of hamstring sets and no quad sets has no ratio: it is a triangle in a row above the axis
    ("no quad sets"), as are rolling windows without quad sets (hollow), never a silent gap.
    """
    if weekly.height == 0:
        return empty_figure("No weeks in this range")
    weeks, periods = _weeks(weekly), chart_periods(weekly)  # points per week, or per month past two years
    hams, quads = _col(periods.frame, "hamstring_sets"), _col(periods.frame, "quad_sets")
    hams_4w, quads_4w = _col(weekly, "hamstring_sets_4w"), _col(weekly, "quad_sets_4w")
    ratio, rolling = _col(periods.frame, "ham_quad_ratio"), _col(weekly, "ham_quad_ratio_4w")
    ref = settings.hq_reference
    top = min(HQ_CAP, max([ref * 1.5, *_finite(ratio), *_finite(rolling)]))
    above = top * 1.12
    window = _rolling_label(weekly)
    no_quad, rolling_no_quad = _undefined(hams, quads), _undefined(hams_4w, quads_4w)
    points = _ratio_points(
        periods,
        ratio,
        0,
        top,
        hams,
        quads,
        color=HAM,
        title="Ham:quad set ratio",
        log=False,
        parts="%{customdata[0]:.1f} hamstring sets, %{customdata[1]:.1f} quad sets",
        column="ham_quad_ratio",
    )
    line = _rolling_line(
        weeks,
        rolling,
        0,
        top,
        rows=[(rolling_no_quad, above, f"undefined: no quad sets in the {window} window")],
        window=window,
        title="Rolling ham:quad ratio",
        column="ham_quad_ratio_4w",
        log=False,
    )
    reference = {
        "type": "line",
        "xref": "x domain",
        "x0": 0,
        "x1": 1,
        "yref": "y",
        "y0": ref,
        "y1": ref,
        "line": {"color": REFERENCE, "dash": "dash", "width": 1.5},
        "name": f"{ref:g}: a strength-ratio norm, shown only as an analogy",
        "showlegend": True,
    }
    y_axis = _y_axis(
        "hamstring sets per quad set", rangemode="normal", range=[0, above * 1.08], automargin=True
    )
    if any(no_quad) or any(rolling_no_quad):
        ticks = [t for t in HQ_TICKS if t <= top]
        y_axis.update(tickvals=[*ticks, above], ticktext=[f"{t:g}" for t in ticks] + ["no quad"])
    return _figure(
        [
            points,
            line,
            _pinned(
                periods,
                no_quad,
                above,
                hams,
                name=NO_QUAD,
                symbol="triangle-up",
                color=HAM,
                hover="<b>No quad sets</b><br>hamstrings %{customdata:.1f} sets, quads 0: no quad work to compare",
            ),
        ],
        _base_layout(title="Hamstring:quad set ratio (a volume analogy)", yaxis=y_axis, shapes=[reference]),
    )


def eccentric_figure(weekly: pl.DataFrame) -> Figure:
    """Eccentric hamstring sets (Nordics, glute-ham raises) per week, with the weeks since the last."""
    if weekly.height == 0:
        return empty_figure("No weeks in this range")
    periods = chart_periods(weekly)
    since = " at the month's last week" if periods.monthly else ""
    bars = {
        "type": "bar",
        "x": periods.x,
        "y": _col(periods.frame, "eccentric_sets"),
        "name": label("eccentric_sets"),
        "marker": {"color": ECCENTRIC},
        "customdata": _col(periods.frame, "weeks_since_eccentric"),
        "hovertemplate": (
            f"{periods.head}<br><b>Eccentric sets %{{y:.3~f}}</b><br>Weeks since eccentric work{since}: %{{customdata}}"
            f"<br>{hover_note('eccentric_sets')}<extra></extra>"
        ),
        **periods.bar_extra(),
    }
    layout = _base_layout(
        title="Eccentric hamstring work",
        yaxis=_y_axis(periods.per_week()),
        showlegend=False,
        height=ECCENTRIC_HEIGHT,
    )
    if int(weekly.get_column("eccentric_sets").sum()) == 0:
        layout["annotations"] = [
            _note("No Nordic curls or glute-ham raises in this range", x=0.5, y=0.6, size=13)
        ]
        layout["yaxis"]["range"] = [0, 3]
    return _figure([bars], layout)
