"""The pure figure builders, checked on their data: x/y values, trace names, bands, hover text.

The builders return plain dicts; every figure drawn here is also run through ``go.Figure`` (which
validates each property) so a misspelt or misplaced property fails a test, not the browser.
"""

from __future__ import annotations

import io
import json
from typing import Any

import plotly.graph_objects as go
import polars as pl
import pytest

from dashboard import figures
from etl import store
from etl.ingest import ingest
from etl.settings import BalanceSettings
from etl.weekly import load_weekly
from tests.filebuilders import HEVY_KG_HEADER, csv_bytes
from tests.test_dashboard_callbacks import ATHLETE, HEVY


def weekly_of(data: bytes, filename: str) -> pl.DataFrame:
    """The weekly frame of one export, imported into a fresh in-memory store."""
    con = store.connect(":memory:")
    try:
        ingest(con, io.BytesIO(data), filename, athlete=ATHLETE)
        return load_weekly(con, ATHLETE)
    finally:
        con.close()


@pytest.fixture
def weekly() -> pl.DataFrame:
    return weekly_of(HEVY, "hevy.csv")


def valid(fig: figures.Figure) -> figures.Figure:
    """``fig`` after plotly has validated every property of it (raises on an unknown or bad one)."""
    go.Figure(fig)
    return fig


def trace(fig: figures.Figure, name: str) -> dict[str, Any]:
    return next(t for t in fig["data"] if t["name"] == name)


def test_ratio_trend_has_points_rolling_line_and_a_heuristic_band(weekly: pl.DataFrame) -> None:
    settings = BalanceSettings()
    fig = valid(figures.ratio_trend_figure(weekly, settings))
    points = trace(fig, "Weekly ratio")
    assert points["x"] == ["2026-04-06", "2026-04-13"]
    assert points["y"] == [2.5, 0.4]
    assert points["customdata"] == [[5.0, 2.0], [2.0, 5.0]]
    assert "Glute:ham ratio" in points["hovertemplate"] and "glute sets" in points["hovertemplate"]
    rolling = trace(fig, "4-week rolling ratio")
    assert rolling["y"] == pytest.approx([2.5, 1.0])  # (5 + 2) / (2 + 5) over the window, not a mean of ratios
    [band] = fig["layout"]["shapes"]
    assert (band["y0"], band["y1"]) == pytest.approx((1 / settings.dominance_ratio, settings.dominance_ratio))
    assert "heuristic" in band["name"] and band["showlegend"] is True
    assert fig["layout"]["yaxis"]["type"] == "log"


def test_volume_bars_stack_hip_and_knee_hamstring_sets_beside_glutes(weekly: pl.DataFrame) -> None:
    fig = valid(figures.volume_figure(weekly, "sets"))
    assert [t["name"] for t in fig["data"]] == ["Glutes", "Hamstrings: hip extension", "Hamstrings: knee flexion"]
    assert trace(fig, "Glutes")["y"] == [5.0, 2.0]
    hip, knee = trace(fig, "Hamstrings: hip extension"), trace(fig, "Hamstrings: knee flexion")
    assert hip["y"] == [2.0, 0.0] and knee["y"] == [0.0, 5.0]
    assert knee["base"] == [2.0, 0.0] and hip["offsetgroup"] == knee["offsetgroup"] == "hamstrings"
    assert fig["layout"]["barmode"] == "group" and fig["layout"]["xaxis"]["type"] == "date"
    for t in fig["data"]:
        assert "sets" in t["hovertemplate"] and "<i>" in t["hovertemplate"]  # says what it counts


def test_tonnage_switch_draws_kilograms(weekly: pl.DataFrame) -> None:
    fig = valid(figures.volume_figure(weekly, "tonnage"))
    assert trace(fig, "Glute tonnage")["y"] == pytest.approx([4640.0, 2000.0])
    assert "kg" in trace(fig, "Hamstring tonnage")["hovertemplate"]
    assert "bodyweight" in fig["layout"]["annotations"][0]["text"]


def test_hq_ratio_is_labelled_a_volume_analogy(weekly: pl.DataFrame) -> None:
    fig = valid(figures.hq_ratio_figure(weekly, BalanceSettings()))
    assert "volume analogy" in fig["layout"]["title"]["text"]
    assert trace(fig, "Weekly ratio")["y"] == [None, None]  # no quad sets: a gap, never 0 or infinity
    [line] = fig["layout"]["shapes"]
    assert line["y0"] == line["y1"] == BalanceSettings().hq_reference and "analogy" in line["name"]


def test_eccentric_timeline(weekly: pl.DataFrame) -> None:
    fig = valid(figures.eccentric_figure(weekly))
    [bars] = fig["data"]
    assert bars["y"] == [0, 2] and bars["customdata"] == [None, 0]  # weeks since: unknown, then this week
    assert "Eccentric sets" in bars["hovertemplate"] and "annotations" not in fig["layout"]
    assert fig["layout"]["height"] == figures.ECCENTRIC_HEIGHT


def test_no_eccentric_work_says_so(weekly: pl.DataFrame) -> None:
    fig = valid(figures.eccentric_figure(weekly.with_columns(pl.lit(0).cast(pl.Int64).alias("eccentric_sets"))))
    assert fig["layout"]["annotations"][0]["text"] == "No Nordic curls or glute-ham raises in<br>this range"  # wrapped for a phone
    assert fig["layout"]["yaxis"]["range"] == [0, 3]


def test_an_empty_range_is_a_labelled_blank_never_bare_axes(weekly: pl.DataFrame) -> None:
    empty = weekly.head(0)
    for fig in (
        figures.ratio_trend_figure(empty, BalanceSettings()),
        figures.volume_figure(empty),
        figures.hq_ratio_figure(empty, BalanceSettings()),
        figures.eccentric_figure(empty),
    ):
        valid(fig)
        assert not fig["data"] and fig["layout"]["annotations"][0]["text"] == "No weeks in this range"


# A glute-only week, a hamstring-only week (leg curls: no quads either), then a week of all three.
_GLUTES = '"Glutes","6 Apr 2026, 16:50","6 Apr 2026, 17:43",""'
_HAMS = '"Hams","13 Apr 2026, 16:50","13 Apr 2026, 17:40",""'
_BOTH = '"Both","20 Apr 2026, 16:50","20 Apr 2026, 17:40",""'
ONE_SIDED = csv_bytes(
    HEVY_KG_HEADER,
    *[_GLUTES + f',"Hip Thrust (Barbell)",,"",{i},"normal",100,10,,,' for i in range(4)],
    *[_HAMS + f',"Seated Leg Curl (Machine)",,"",{i},"normal",50,10,,,' for i in range(3)],
    *[_BOTH + f',"Hip Thrust (Barbell)",,"",{i},"normal",100,10,,,' for i in range(2)],
    *[_BOTH + f',"Seated Leg Curl (Machine)",,"",{i},"normal",50,10,,,' for i in range(2)],
    *[_BOTH + f',"Leg Extension (Machine)",,"",{i},"normal",50,10,,,' for i in range(2)],
)
WEEKS = ["2026-04-06", "2026-04-13", "2026-04-20"]


@pytest.fixture
def one_sided() -> pl.DataFrame:
    return weekly_of(ONE_SIDED, "one-sided.csv")


def test_a_week_of_glute_sets_and_no_hamstring_sets_is_pinned_above_the_axis_not_dropped(
    one_sided: pl.DataFrame,
) -> None:
    fig = valid(figures.ratio_trend_figure(one_sided, BalanceSettings()))
    axis = fig["layout"]["yaxis"]
    top, bottom = axis["tickvals"][-1], axis["tickvals"][0]
    assert axis["ticktext"] == ["no glute", "0.5", "1", "2", "no ham"]
    # The ratios plotted span 1 to 2 (band 0.67-1.5): the axis is 0.5-2, the rows sit beyond it.
    assert axis["tickvals"][1:-1] == [0.5, 1, 2] and top == pytest.approx(2 * figures.PIN_STEP)
    assert bottom == pytest.approx(0.5 / figures.PIN_STEP)
    assert 10 ** axis["range"][1] > top and 10 ** axis["range"][0] < bottom

    no_ham = trace(fig, figures.NO_HAMSTRING)
    assert no_ham["x"] == ["2026-04-06"] and no_ham["y"] == [top]
    assert no_ham["marker"]["symbol"] == "triangle-up" and no_ham["customdata"] == [4.0]
    assert "every set was glute work" in no_ham["hovertemplate"] and "hamstrings 0" in no_ham["hovertemplate"]
    assert no_ham["cliponaxis"] is False  # drawn beyond the axis range, not clipped away
    no_glute = trace(fig, figures.NO_GLUTE)
    assert no_glute["x"] == ["2026-04-13"] and no_glute["y"] == [bottom]
    assert no_glute["marker"]["symbol"] == "triangle-down"
    assert "every set was hamstring work" in no_glute["hovertemplate"]

    weekly = trace(fig, "Weekly ratio")
    assert weekly["y"] == [None, None, 1.0]  # undefined and 0 are not numbers on a log axis
    rolling = trace(fig, "4-week rolling ratio")
    # Week 1: 4 glute sets, 0 hamstring sets in the window -> on the "no ham" row, said so in the hover.
    # Week 2: (4 + 0) / (0 + 3) = 1.33; week 3: (4 + 0 + 2) / (0 + 3 + 2) = 1.2.
    assert rolling["y"] == pytest.approx([top, 4 / 3, 1.2])
    assert rolling["text"][0] == "undefined: no hamstring sets in the 4-week rolling window"
    assert rolling["text"][1:] == ["1.33", "1.20"] and "%{text}" in rolling["hovertemplate"]


def test_ratios_beyond_the_cap_are_drawn_at_the_edge_with_their_real_value(weekly: pl.DataFrame) -> None:
    steep = weekly.with_columns(pl.Series("glute_ham_ratio", [40.0, 0.4]))
    fig = valid(figures.ratio_trend_figure(steep, BalanceSettings()))
    points = trace(fig, "Weekly ratio")
    assert points["y"] == [figures.RATIO_CAP, 0.4]
    assert points["text"][0] == "40.00 (off the scale, drawn at 16)"
    assert not [t for t in fig["data"] if t["name"] == figures.NO_HAMSTRING]  # no undefined week here


def test_hq_week_without_quad_sets_is_pinned_as_no_quad_sets(one_sided: pl.DataFrame) -> None:
    fig = valid(figures.hq_ratio_figure(one_sided, BalanceSettings()))
    axis = fig["layout"]["yaxis"]
    assert axis["ticktext"][-1] == "no quad"
    row = axis["tickvals"][-1]
    no_quad = trace(fig, figures.NO_QUAD)
    # Week 2: 3 hamstring sets, 0 quad sets. Week 1 has neither: a gap, not a marker.
    assert no_quad["x"] == ["2026-04-13"] and no_quad["y"] == [row]
    assert no_quad["customdata"] == [3.0] and "quads 0" in no_quad["hovertemplate"]
    assert trace(fig, "Weekly ratio")["y"] == [None, None, 1.0]
    rolling = trace(fig, "4-week rolling ratio")
    # Window at week 2: 3 hamstring sets, 0 quad sets -> the row; week 3: (3 + 2) / 2 = 2.5.
    assert rolling["y"] == pytest.approx([None, row, 2.5])
    assert rolling["text"][1] == "undefined: no quad sets in the 4-week rolling window"
    assert axis["range"][1] > row > 2.5


def test_figures_carry_the_plotly_white_template_and_share_no_state(weekly: pl.DataFrame) -> None:
    first, second = figures.volume_figure(weekly), figures.volume_figure(weekly)
    white = go.Figure(layout={"template": "plotly_white"}).layout.template.to_plotly_json()
    assert first["layout"]["template"] == white  # what go.Figure(template="plotly_white") drew
    first["layout"]["template"]["layout"]["paper_bgcolor"] = "black"
    first["layout"]["yaxis"]["title"]["text"] = "changed"
    first["data"][0]["x"].append("2026-04-20")
    assert second["layout"]["template"] == white and second["layout"]["yaxis"]["title"]["text"] == "hard sets per week"
    assert figures.volume_figure(weekly) == second


def test_figures_serialise_as_dash_sends_them(weekly: pl.DataFrame) -> None:
    from dash._utils import to_json

    fig = figures.ratio_trend_figure(weekly, BalanceSettings())
    sent = json.loads(to_json(fig))
    assert sent["data"][0]["x"] == ["2026-04-06", "2026-04-13"] and sent["data"][0]["y"] == [2.5, 0.4]


def test_long_legend_entries_wrap_to_fit_a_phone(weekly: pl.DataFrame) -> None:
    assert figures.legend_name("Weekly ratio") == "Weekly ratio"
    assert figures.legend_name("Balanced band 0.67-1.50: heuristic, no published norm") == (
        "Balanced band 0.67-1.50: heuristic,<br>no published norm"
    )
    fig = figures.hq_ratio_figure(weekly, BalanceSettings())
    names = [t["name"] for t in fig["data"]] + [s["name"] for s in fig["layout"]["shapes"]]
    assert all(len(line) <= figures.LEGEND_LINE for name in names for line in name.split("<br>"))
