"""The hamstrings' two roles against their minimums: the absolute targets drawn beside the ratio.

A ratio can sit inside the "balanced" band while one hamstring role is missing altogether: 6 glute
sets against 4 sets of Romanian deadlifts is 1.5, with no knee-flexion work at all (issue 19). This
chart puts each role on its own panel, hip extension above and knee flexion below, each with its
sets per week (bars), the rolling average the verdict reads (line) and the role's minimum (a dashed
line labelled as the heuristic it is). A role with no sets in the range says so in its panel.

Pure like ``dashboard.figures``: a ``WeeklyBalance`` frame and the settings in, a plain plotly dict out;
past two years the bars are monthly averages (``dashboard.periods``), the rolling line stays weekly.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from dashboard.explain import basis, hover_note
from dashboard.figures import (
    HAM_HIP,
    HAM_KNEE,
    ROLLING,
    WEEK,
    Figure,
    Trace,
    _base_layout,  # the layout every chart shares (title, margins, legend, template)
    empty_figure,
)
from dashboard.periods import Periods, chart_periods
from etl.analysis.settings import BalanceSettings

TARGETS_HEIGHT = 420
MINIMUM = "#e65100"
# (role, weekly column, rolling column, minimum setting, panel title, colour, y axis id)
ROLES = (
    (
        "Hip extension",
        "hamstring_hip_sets",
        "hamstring_hip_sets_4w",
        "hip_extension_min_sets",
        "Hip extension (RDLs, back extensions)",
        HAM_HIP,
        "y",
    ),
    (
        "Knee flexion",
        "hamstring_knee_sets",
        "hamstring_knee_sets_4w",
        "knee_flexion_min_sets",
        "Knee flexion (leg curls, Nordics)",
        HAM_KNEE,
        "y2",
    ),
)
# Each panel's share of the plot's height (top panel first), with a gap between them for the title.
DOMAINS = ((0.58, 0.94), (0.0, 0.36))


def _axis_name(axis: str) -> str:
    return "yaxis" if axis == "y" else f"yaxis{axis[1:]}"


def _role_traces(
    periods: Periods,
    weekly: pl.DataFrame,
    window: str,
    *,
    role: str,
    column: str,
    rolling: str,
    color: str,
    axis: str,
    first: bool,
) -> list[Trace]:
    per = " (per week, monthly average)" if periods.monthly else ""
    bars: Trace = {
        "type": "bar",
        "x": periods.x,
        "y": periods.frame.get_column(column).to_list(),
        "yaxis": axis,
        "name": f"{role} sets{' (monthly average)' if periods.monthly else ''}",
        "marker": {"color": color},
        "showlegend": False,  # the panel's title names it
        "hovertemplate": f"{periods.head}<br><b>{role} sets %{{y:.1f}}</b>{per}<br>{hover_note(column)}<extra></extra>",
        **periods.bar_extra(),
    }
    line: Trace = {
        "type": "scatter",
        "mode": "lines",
        "x": weekly.get_column("week_start").dt.to_string("%Y-%m-%d").to_list(),
        "y": weekly.get_column(rolling).to_list(),
        "yaxis": axis,
        "name": f"{window} average, what the verdict reads",
        "legendgroup": "rolling",
        "showlegend": first,
        "line": {"color": ROLLING, "width": 2},
        "connectgaps": False,
        "hovertemplate": f"{WEEK}<br><b>{role}: %{{y:.1f}} sets a week</b> over the {window} window"
        f"<br>{hover_note(rolling)}<extra></extra>",
    }
    return [bars, line]


def role_targets_figure(weekly: pl.DataFrame, settings: BalanceSettings) -> Figure:
    """Hip-extension and knee-flexion hamstring sets per week, each panel with its role's minimum."""
    if weekly.height == 0:
        return empty_figure("No weeks in this range")
    periods = chart_periods(weekly)
    window = f"{int(weekly.get_column('window_weeks').max() or settings.window_weeks)}-week"  # type: ignore[arg-type]
    data: list[Trace] = []
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    layout: dict[str, Any] = {}
    minimums = [float(getattr(settings, role[3])) for role in ROLES]
    for index, ((role, column, rolling, setting, title, color, axis), domain, minimum) in enumerate(
        zip(ROLES, DOMAINS, minimums, strict=True)
    ):
        data += _role_traces(
            periods,
            weekly,
            window,
            role=role,
            column=column,
            rolling=rolling,
            color=color,
            axis=axis,
            first=index == 0,
        )
        shapes.append(
            {
                "type": "line",
                "xref": "x domain",
                "x0": 0,
                "x1": 1,
                "yref": axis,
                "y0": minimum,
                "y1": minimum,
                "line": {"color": MINIMUM, "dash": "dash", "width": 2},
                "layer": "above",
                "name": _minimum_label(role, minimum, setting, same=len(set(minimums)) == 1),
                "showlegend": index == 0 or len(set(minimums)) > 1,
            }
        )
        top = max([minimum * 1.6, 1.0, *_values(periods.frame, column), *_values(weekly, rolling)]) * 1.1
        layout[_axis_name(axis)] = {
            "domain": list(domain),
            "range": [0, top],
            "fixedrange": True,
            "rangemode": "tozero",
            "title": {"text": "sets per week", "font": {"size": 11}},
        }
        annotations.append(
            {
                "text": f"<b>{title}</b>",
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": domain[1] + 0.01,
                "xanchor": "left",
                "yanchor": "bottom",
                "font": {"size": 12},
            }
        )
        if not any(_values(weekly, column)):
            annotations.append(
                {
                    "text": f"No {role.lower()} hamstring sets in this range: this role is missing",
                    "showarrow": False,
                    "xref": "paper",
                    "yref": "paper",
                    "x": 0.5,
                    "y": (domain[0] + domain[1]) / 2,
                    "font": {"size": 13, "color": MINIMUM},
                    "bgcolor": "rgba(255,255,255,0.8)",
                }
            )
    title = "Hamstring roles vs their minimums" + (", by month" if periods.monthly else "")
    base = _base_layout(title=title, yaxis=layout.pop("yaxis"), shapes=shapes, annotations=annotations)
    base.update(layout, height=TARGETS_HEIGHT, barmode="overlay", xaxis={"type": "date", "anchor": "y2"})
    return {"data": data, "layout": base}


def _minimum_label(role: str, minimum: float, setting: str, *, same: bool) -> str:
    """The legend's words for a minimum line: one entry when both roles share a minimum."""
    heuristic = basis(setting).split(",")[0]  # "heuristic": the whole basis does not fit a phone's legend
    who = "Each role's minimum" if same else f"{role} minimum"
    return f"{who}: {minimum:g} sets a week ({heuristic})"


def _values(frame: pl.DataFrame, column: str) -> list[float]:
    return [float(v) for v in frame.get_column(column).to_list() if v is not None and v > 0]
