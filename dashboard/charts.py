"""The charts of the Balance page and the HTML report: one registry, one entry per chart.

Each entry says what a chart is (its id, its name, what it counts in a lifter's words), which data it is
drawn from, and which pure builder draws it. The Balance page lays out ``CHARTS`` in their order, two to a
row; its callbacks fill them by id; the report draws the same list in the same order and lists what each
counts. Adding a chart is its builder (``dashboard.figures`` or a module beside it, with its tests) and one
entry here: the page, its callbacks and the report follow.

The builders stay pure (``BalanceData`` in, a plotly dict out); the drawn title may say more than the
entry's ``title`` (``Weekly hard sets: glutes vs hamstrings`` or, past two years, ``Hard sets a week, by
month``), so the entry's title is the chart's name, not its heading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import polars as pl

from dashboard.figures import (
    ECCENTRIC_HEIGHT,
    HEIGHT,
    Figure,
    Metric,
    eccentric_figure,
    hq_ratio_figure,
    ratio_trend_figure,
    volume_figure,
)
from dashboard.role_figures import TARGETS_HEIGHT, role_targets_figure
from dashboard.strength_figures import STRENGTH_HEIGHT, strength_figure
from etl.analysis.settings import BalanceSettings

# What a chart is drawn from: the weekly frame (one query, the page's main callback), or the strength
# trends (a slower query: a callback of its own, so the other charts never wait for it).
Source = Literal["weekly", "trends"]


@dataclass(frozen=True)
class BalanceData:
    """What the Balance page or the report has loaded for one athlete and range: the settings, and the
    frames of each source loaded (``etl.analysis.weekly.load_weekly``'s, ``etl.analysis.trends.load_trends``').

    ``metric`` is the page's sets/tonnage switch (the report draws sets)."""

    settings: BalanceSettings
    weekly: pl.DataFrame | None = None
    trends: pl.DataFrame | None = None
    metric: Metric = "sets"

    def frame(self, source: Source) -> pl.DataFrame:
        """The frame a chart of ``source`` is drawn from; drawing one whose source was not loaded is a bug."""
        frame = self.weekly if source == "weekly" else self.trends
        if frame is None:
            raise ValueError(f"a chart drawn from the {source} frame, which was not loaded")
        return frame


@dataclass(frozen=True)
class Chart:
    """One chart: ``id`` names it everywhere (``<id>-chart`` on the page, ``chart-<id>`` in the report),
    ``title`` is its name, ``counts`` what it counts (the caption a lifter reads), ``draw`` its pure
    builder, ``height`` its box in pixels, ``source`` the data it needs. ``follows_metric``: the page's
    sets/tonnage switch sits above it and redraws it."""

    id: str
    title: str
    counts: str
    draw: Callable[[BalanceData], Figure]
    height: int = HEIGHT
    source: Source = "weekly"
    follows_metric: bool = False

    @property
    def graph_id(self) -> str:
        """The ``dcc.Graph`` id on the Balance page (the browser tests and the page's callbacks use it)."""
        return f"{self.id}-chart"

    @property
    def report_id(self) -> str:
        """The chart's element id in the HTML report."""
        return f"chart-{self.id}"


def _ratio(data: BalanceData) -> Figure:
    return ratio_trend_figure(data.frame("weekly"), data.settings)


def _targets(data: BalanceData) -> Figure:
    return role_targets_figure(data.frame("weekly"), data.settings)


def _volume(data: BalanceData) -> Figure:
    return volume_figure(data.frame("weekly"), data.metric)


def _hq(data: BalanceData) -> Figure:
    return hq_ratio_figure(data.frame("weekly"), data.settings)


def _eccentric(data: BalanceData) -> Figure:
    return eccentric_figure(data.frame("weekly"))


def _strength(data: BalanceData) -> Figure:
    return strength_figure(data.frame("trends"), data.settings.stall_weeks)


CHARTS: tuple[Chart, ...] = (
    Chart(
        "ratio",
        "Glute:hamstring set ratio",
        "Glute hard sets per hamstring hard set, each week and over the rolling window, on a log scale; the "
        "shaded band is the balanced range the verdict uses.",
        _ratio,
    ),
    Chart(
        "targets",
        "Hamstring roles vs their minimums",
        "Hamstring hard sets a week from hip-extension work (RDLs, back extensions) and from knee-flexion work "
        "(leg curls, Nordics), each against its minimum: a missing role shows even when the ratio looks balanced.",
        _targets,
        height=TARGETS_HEIGHT,
    ),
    Chart(
        "volume",
        "Glute and hamstring volume",
        "Glute hard sets a week beside hamstring hard sets (hip extension and knee flexion stacked), or the "
        "tonnage (weight x reps) credited to each; past two years, monthly averages.",
        _volume,
        follows_metric=True,
    ),
    Chart(
        "hq",
        "Hamstring:quad set ratio",
        "Hamstring hard sets per quad hard set, each week and over the rolling window: a volume ratio, shown "
        "beside a strength norm only as an analogy.",
        _hq,
    ),
    Chart(
        "eccentric",
        "Eccentric hamstring work",
        "Sets a week of eccentric-emphasis hamstring work (Nordic curls, slow-eccentric leg curls, glute-ham "
        "raises); each bar's hover gives the weeks since the last.",
        _eccentric,
        height=ECCENTRIC_HEIGHT,
    ),
    Chart(
        "strength",
        "Posterior-chain strength",
        "Estimated one-rep max per week (Epley, from hard sets of 1-12 reps) for each loaded posterior-chain "
        "lift, best reps for bodyweight ones; a hollow red ring marks a week with no new best for the stall "
        "setting's number of weeks (a heuristic).",
        _strength,
        height=STRENGTH_HEIGHT,
        source="trends",
    ),
)
BY_ID: dict[str, Chart] = {chart.id: chart for chart in CHARTS}


def charts_from(source: Source) -> tuple[Chart, ...]:
    """The charts drawn from ``source``, in page order (one callback fills each source's charts)."""
    return tuple(chart for chart in CHARTS if chart.source == source)


def draw_all(data: BalanceData, source: Source) -> dict[str, Figure]:
    """Every chart of ``source`` drawn from ``data``, by chart id."""
    return {chart.id: chart.draw(data) for chart in charts_from(source)}
