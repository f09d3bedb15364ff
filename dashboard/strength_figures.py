"""The strength chart: estimated 1RM per week for the posterior-chain lifts logged, best reps for bodyweight ones.

A pure builder of ``etl.analysis.trends``' frame (Balance page and HTML report draw the same figure). Loaded lifts
are lines on the left axis in kilograms (liftbalance has no unit preference yet); bodyweight lifts (Nordic
curls, bodyweight back extensions) are dotted lines of best reps on the right axis. A week where a lift had
no new best for the ``stall_weeks`` setting (a heuristic) is a hollow red marker.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from dashboard.figures import WEEK, _base_layout, _figure, _note, _y_axis, empty_figure
from etl.analysis.trends import FORMULA

STRENGTH_HEIGHT = 380
STALL_COLOR = "#dc3545"
PALETTE = ("#1565c0", "#c2185b", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#455a64")


def strength_figure(trends: pl.DataFrame, stall_weeks: int) -> dict[str, Any]:
    """One line per tracked lift; stalled weeks marked. ``trends`` is ``etl.analysis.trends.load_trends``' frame."""
    if trends.height == 0:
        return empty_figure(
            "No posterior-chain lifts (deadlifts, hinges, hip thrusts, leg curls, squats) in this range"
        )
    traces: list[Any] = []
    # Most-logged lift first; ties by name, so a lift keeps its colour from one reload to the next (polars'
    # group_by order is not stable, and a sort on the count alone left tied lifts in that order).
    lifts = (
        trends.group_by("exercise")
        .agg(pl.col("week_start").count().alias("n"))
        .sort(["n", "exercise"], descending=[True, False])
    )
    any_reps = False
    for i, name in enumerate(lifts.get_column("exercise")):
        rows = trends.filter(pl.col("exercise") == name).sort("week_start")
        bodyweight = bool(rows.get_column("bodyweight")[0])
        any_reps |= bodyweight
        y = rows.get_column("best_reps" if bodyweight else "e1rm_kg").to_list()
        x = [d.isoformat() for d in rows.get_column("week_start")]
        color = PALETTE[i % len(PALETTE)]
        unit = "best reps in a set" if bodyweight else "kg estimated 1RM"
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": x,
                "y": y,
                "connectgaps": True,
                "name": f"{name} ({'reps' if bodyweight else 'kg'})",
                "yaxis": "y2" if bodyweight else "y",
                "line": {"color": color, "width": 2, "dash": "dot" if bodyweight else "solid"},
                "marker": {"size": 5},
                "hovertemplate": f"{WEEK}<br><b>{name}</b>: %{{y:.1f}} {unit}{'' if bodyweight else '<br>' + FORMULA}<extra></extra>",
            }
        )
        stalled = rows.filter(pl.col("stall"))
        if stalled.height:
            traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "showlegend": False,
                    "yaxis": "y2" if bodyweight else "y",
                    "x": [d.isoformat() for d in stalled.get_column("week_start")],
                    "y": stalled.get_column("best_reps" if bodyweight else "e1rm_kg").to_list(),
                    "customdata": stalled.get_column("weeks_since_best").to_list(),
                    "marker": {
                        "symbol": "circle-open",
                        "size": 11,
                        "color": STALL_COLOR,
                        "line": {"width": 2},
                    },
                    "hovertemplate": f"{WEEK}<br><b>{name}</b>: stalled, no new best for %{{customdata}} weeks<extra></extra>",
                }
            )
    if any(t.get("showlegend") is False for t in traces):
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [None],
                "y": [None],
                "name": f"Stalled: no new best for {stall_weeks}+ weeks (a heuristic)",
                "marker": {"symbol": "circle-open", "size": 11, "color": STALL_COLOR, "line": {"width": 2}},
            }
        )
    layout = _base_layout(
        title="Posterior-chain strength: estimated 1RM per week",
        yaxis=_y_axis("Estimated 1RM (kg)", rangemode="normal"),
        height=STRENGTH_HEIGHT,
    )
    layout["margin"] = {**layout["margin"], "b": 40, "r": 48 if any_reps else 12}
    if any_reps:
        layout["yaxis2"] = {
            **_y_axis("Best reps (bodyweight lifts)"),
            "overlaying": "y",
            "side": "right",
            "showgrid": False,
        }
    # One short line fits between the title and the plot at any width; the whole formula goes in the hover
    # (a wrapped three-line note grew up into the title).
    layout["annotations"] = [
        _note("Epley estimate; hard sets of 1-12 reps", x=0, y=1.0, size=11, xanchor="left", yanchor="bottom")
    ]
    return _figure(traces, layout)
