"""The pure figure builders, checked on their data: x/y values, trace names, bands, hover text.

The builders return plain dicts; every figure drawn here is also run through ``go.Figure`` (which
validates each property) so a misspelt or misplaced property fails a test, not the browser.
"""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import figures
from dashboard.periods import MONTHLY_AFTER_WEEKS, chart_periods
from dashboard.role_figures import role_targets_figure
from dashboard.strength_figures import PALETTE, strength_figure
from etl.analysis.settings import BalanceSettings
from etl.analysis.weekly import load_weekly
from etl.ingest import ingest
from etl.store import database as store
from schemas.trends import TRENDS_COLUMNS
from schemas.weekly import WEEKLY_COLUMNS
from tests.filebuilders import HEVY_KG_HEADER, csv_bytes
from tests.helpers.dashboard_app import ATHLETE, HEVY


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
    assert rolling["y"] == pytest.approx(
        [2.5, 1.0]
    )  # (5 + 2) / (2 + 5) over the window, not a mean of ratios
    [band] = fig["layout"]["shapes"]
    assert (band["y0"], band["y1"]) == pytest.approx((1 / settings.dominance_ratio, settings.dominance_ratio))
    assert "heuristic" in band["name"] and band["showlegend"] is True
    assert fig["layout"]["yaxis"]["type"] == "log"


def test_volume_bars_stack_hip_and_knee_hamstring_sets_beside_glutes(weekly: pl.DataFrame) -> None:
    fig = valid(figures.volume_figure(weekly, "sets"))
    assert [t["name"] for t in fig["data"]] == [
        "Glutes",
        "Hamstrings: hip extension",
        "Hamstrings: knee flexion",
    ]
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
    fig = valid(
        figures.eccentric_figure(weekly.with_columns(pl.lit(0).cast(pl.Int64).alias("eccentric_sets")))
    )
    assert (
        fig["layout"]["annotations"][0]["text"] == "No Nordic curls or glute-ham raises in<br>this range"
    )  # wrapped for a phone
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
    assert (
        second["layout"]["template"] == white
        and second["layout"]["yaxis"]["title"]["text"] == "hard sets per week"
    )
    assert figures.volume_figure(weekly) == second


def test_figures_serialise_as_dash_sends_them(weekly: pl.DataFrame) -> None:
    from dash._utils import to_json

    fig = figures.ratio_trend_figure(weekly, BalanceSettings())
    sent = json.loads(to_json(fig))
    assert sent["data"][0]["x"] == ["2026-04-06", "2026-04-13"] and sent["data"][0]["y"] == [2.5, 0.4]


# --- Long logs: months beyond two years (issue 19) ------------------------------------------------


def long_weekly(weeks: int, first: date = date(2021, 1, 4)) -> pl.DataFrame:
    """A hand-written weekly frame of ``weeks`` Mondays from ``first``: week i has i glute-max sets, 2 hip-extension
    sets, 1 knee-flexion set from 2022 on, an eccentric set every 4th week; everything else 0 or null."""
    starts = [first + timedelta(weeks=i) for i in range(weeks)]
    knee = [1.0 if d.year >= 2022 else 0.0 for d in starts]
    eccentric = [1 if i % 4 == 0 else 0 for i in range(weeks)]
    values: dict[str, list[Any]] = {
        "athlete": [ATHLETE] * weeks,
        "week_start": starts,
        "workouts": [2] * weeks,
        "glute_max_sets": [float(i) for i in range(weeks)],
        "glute_sets": [float(i) for i in range(weeks)],
        "hamstring_hip_sets": [2.0] * weeks,
        "hamstring_knee_sets": knee,
        "hamstring_sets": [2.0 + k for k in knee],
        "eccentric_sets": eccentric,
        "weeks_since_eccentric": [i % 4 for i in range(weeks)],
        "window_weeks": [4] * weeks,
        "status": ["balanced"] * weeks,
    }
    blank = {pl.Float64(): 0.0, pl.String(): ""}
    columns = {
        name: pl.Series(name, values.get(name, [blank.get(dtype, 0)] * weeks), dtype=dtype)
        for name, dtype in WEEKLY_COLUMNS.items()
    }
    return pl.DataFrame(columns)


def test_two_years_of_weeks_stay_weekly_bars() -> None:
    weekly = long_weekly(MONTHLY_AFTER_WEEKS)
    periods = chart_periods(weekly)
    assert not periods.monthly and periods.x[:2] == ["2021-01-04", "2021-01-11"] and len(periods.x) == 104
    fig = valid(figures.volume_figure(weekly, "sets"))
    assert len(trace(fig, "Glutes")["y"]) == 104 and "xperiod" not in trace(fig, "Glutes")
    assert fig["layout"]["yaxis"]["title"]["text"] == "hard sets per week"


def test_five_years_of_weeks_become_monthly_averages_per_week() -> None:
    weekly = long_weekly(261)  # 2021-01-04 .. 2025-12-29: five years of Mondays
    periods = chart_periods(weekly)
    assert periods.monthly and len(periods.x) == 60  # Jan 2021 .. Dec 2025
    assert periods.x[:3] == ["2021-01-01", "2021-02-01", "2021-03-01"]
    frame = periods.frame
    # January: weeks 0-3 (4, 11, 18, 25 Jan); February: weeks 4-7; March: weeks 8-12 (five Mondays).
    assert frame.get_column("weeks").to_list()[:3] == [4, 4, 5]
    assert frame.get_column("glute_sets").to_list()[:3] == [1.5, 5.5, 10.0]
    assert frame.get_column("workouts").to_list()[:3] == [8, 8, 10]
    knee = frame.get_column("hamstring_knee_sets").to_list()
    assert knee[11] == 0.0 and knee[12] == 1.0  # December 2021 none, January 2022 one a week
    assert frame.get_column("eccentric_sets").to_list()[:3] == [0.25, 0.25, 0.4]  # weeks 0, 4, 8 and 12
    assert frame.get_column("weeks_since_eccentric").to_list()[:3] == [3, 3, 0]  # at the month's last week
    assert periods.hovertext is not None
    assert periods.hovertext[2] == "Mar 2021: average per week of the 5 weeks starting in it"

    volume = valid(figures.volume_figure(weekly, "sets"))
    glutes = trace(volume, "Glutes")
    assert glutes["x"] == periods.x and glutes["y"][:3] == [1.5, 5.5, 10.0]
    assert glutes["xperiod"] == "M1" and glutes["xperiodalignment"] == "middle"
    assert glutes["hovertemplate"].startswith("%{hovertext}") and glutes["hovertext"] == periods.hovertext
    assert volume["layout"]["yaxis"]["title"]["text"] == "hard sets per week, monthly average"
    assert volume["layout"]["title"]["text"] == "Hard sets a week, by month"
    tonnage = valid(figures.volume_figure(weekly, "tonnage"))
    assert tonnage["layout"]["yaxis"]["title"]["text"] == "kg (weight x reps) per week, monthly average"
    eccentric = valid(figures.eccentric_figure(weekly))
    bars = eccentric["data"][0]
    assert bars["y"][:3] == [0.25, 0.25, 0.4] and bars["customdata"][:3] == [3, 3, 0]
    assert "at the month's last week" in bars["hovertemplate"]
    assert eccentric["layout"]["yaxis"]["title"]["text"] == "sets per week, monthly average"


def test_one_week_past_two_years_switches_to_months() -> None:
    assert chart_periods(long_weekly(MONTHLY_AFTER_WEEKS + 1)).monthly


def test_five_years_of_ratios_are_monthly_points_under_a_weekly_rolling_line() -> None:
    weekly = long_weekly(261)
    ratio = valid(figures.ratio_trend_figure(weekly, BalanceSettings()))
    points = trace(ratio, "Monthly ratio")
    # January 2021: 1.5 glute sets and 2 hamstring sets a week -> 0.75; February 5.5 / 2; March 10 / 2.
    assert points["y"][:3] == [0.75, 2.75, 5.0] and len(points["x"]) == 60
    assert points["customdata"][0] == [1.5, 2.0] and "per week, monthly average" in points["hovertemplate"]
    rolling = trace(ratio, "4-week rolling ratio")
    assert len(rolling["x"]) == 261  # the rolling line keeps its weeks: a line stays legible
    # No quad sets at all: every month sits in the "no quad" row of the ham:quad chart, one marker a month.
    hq = valid(figures.hq_ratio_figure(weekly, BalanceSettings()))
    assert len(trace(hq, figures.NO_QUAD)["x"]) == 60 and len(trace(hq, figures.NO_QUAD)["hovertext"]) == 60


# --- The hamstring roles against their minimums (issue 19, item 5) ---------------------------------


def test_role_targets_draw_each_role_with_its_rolling_line_and_labelled_minimum(weekly: pl.DataFrame) -> None:
    settings = BalanceSettings(hip_extension_min_sets=2.0, knee_flexion_min_sets=3.0)
    fig = valid(role_targets_figure(weekly, settings))
    hip, knee = trace(fig, "Hip extension sets"), trace(fig, "Knee flexion sets")
    assert (hip["x"], hip["y"], hip["yaxis"]) == (["2026-04-06", "2026-04-13"], [2.0, 0.0], "y")
    assert (knee["y"], knee["yaxis"]) == ([0.0, 5.0], "y2")
    lines = [t for t in fig["data"] if t["type"] == "scatter"]
    assert [t["y"] for t in lines] == [[2.0, 1.0], [0.0, 2.5]]  # the window's sets per training week
    assert [t["yaxis"] for t in lines] == ["y", "y2"] and [t["showlegend"] for t in lines] == [True, False]
    hip_min, knee_min = fig["layout"]["shapes"]
    assert (hip_min["yref"], hip_min["y0"], knee_min["yref"], knee_min["y0"]) == ("y", 2.0, "y2", 3.0)
    assert hip_min["name"] == "Hip extension minimum: 2 sets a week (heuristic)"
    assert knee_min["name"] == "Knee flexion minimum: 3 sets a week (heuristic)"
    assert hip_min["showlegend"] is knee_min["showlegend"] is True
    # Equal minimums share one legend entry.
    same = valid(role_targets_figure(weekly, BalanceSettings()))["layout"]["shapes"]
    assert [m["showlegend"] for m in same] == [True, False]
    assert same[0]["name"] == "Each role's minimum: 2 sets a week (heuristic)"
    assert "sets" in hip["hovertemplate"] and "<i>" in hip["hovertemplate"]
    texts = [a["text"] for a in fig["layout"]["annotations"]]
    assert not any("missing" in t for t in texts)  # both roles have sets in this range


def test_role_targets_show_a_missing_role_even_when_the_ratio_is_balanced() -> None:
    """A year of 2 hip-extension sets a week and no knee flexion: the knee panel says the role is missing."""
    weekly = long_weekly(52).with_columns(
        pl.lit(2.0).alias("glute_sets"), pl.lit(2.0).alias("glute_max_sets")
    )
    fig = valid(role_targets_figure(weekly, BalanceSettings()))
    assert set(trace(fig, "Knee flexion sets")["y"]) == {0.0}
    texts = [a["text"] for a in fig["layout"]["annotations"]]
    assert "No knee flexion hamstring sets in this range: this role is missing" in texts
    assert not any(t.startswith("No hip extension") for t in texts)


def test_role_targets_past_two_years_are_monthly_bars_under_weekly_lines() -> None:
    fig = valid(role_targets_figure(long_weekly(261), BalanceSettings()))
    knee = trace(fig, "Knee flexion sets (monthly average)")
    assert len(knee["x"]) == 60 and knee["y"][11:13] == [0.0, 1.0] and knee["xperiod"] == "M1"
    assert len([t for t in fig["data"] if t["type"] == "scatter"][1]["x"]) == 261
    assert fig["layout"]["title"]["text"] == "Hamstring roles vs their minimums, by month"


@settings(max_examples=40, deadline=None)
@given(
    weeks=st.integers(min_value=1, max_value=400),
    first=st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 1, 1)),
    seed=st.integers(min_value=0, max_value=2**16),
)
def test_months_keep_every_weeks_sets(weeks: int, first: date, seed: int) -> None:
    """Whatever the span: each week lands in exactly one period, and a month's average times its weeks gives
    back the weeks' own sets, so no set is lost or counted twice by the monthly view."""
    monday = first - timedelta(days=first.weekday())
    weekly = long_weekly(weeks, monday).with_columns(
        (((pl.int_range(pl.len()) * 7919 + seed) % 13) / 2).alias("hamstring_hip_sets")
    )
    periods = chart_periods(weekly)
    frame = periods.frame
    assert int(frame.get_column("weeks").sum()) == weeks and len(periods.x) == frame.height
    assert periods.monthly == (weeks > MONTHLY_AFTER_WEEKS)
    for column in ("glute_sets", "hamstring_hip_sets", "eccentric_sets", "workouts"):
        per_period = frame.get_column(column) * (1 if column == "workouts" else frame.get_column("weeks"))
        assert float(per_period.sum()) == pytest.approx(float(weekly.get_column(column).sum()))
    valid(figures.volume_figure(weekly, "sets"))


def test_long_legend_entries_wrap_to_fit_a_phone(weekly: pl.DataFrame) -> None:
    assert figures.legend_name("Weekly ratio") == "Weekly ratio"
    assert figures.legend_name("Balanced band 0.67-1.50: heuristic, no published norm") == (
        "Balanced band 0.67-1.50: heuristic,<br>no published norm"
    )
    fig = figures.hq_ratio_figure(weekly, BalanceSettings())
    names = [t["name"] for t in fig["data"]] + [s["name"] for s in fig["layout"]["shapes"]]
    assert all(len(line) <= figures.LEGEND_LINE for name in names for line in name.split("<br>"))


def test_strength_lines_run_from_most_logged_lift_and_tied_lifts_by_name() -> None:
    """Colours follow the order: tied lifts used to take polars' group_by order, which changes per run."""

    def rows(name: str, weeks: int) -> list[tuple[object, ...]]:
        return [
            (
                "ana",
                name.lower(),
                name,
                date(2026, 1, 5) + timedelta(weeks=w),
                100.0 + w,
                5,
                False,
                100.0 + w,
                0,
                False,
            )
            for w in range(weeks)
        ]

    trends = pl.DataFrame(
        [*rows("Squat", 1), *rows("Hip Thrust", 3), *rows("Deadlift", 1), *rows("Leg Curl", 3)],
        schema=TRENDS_COLUMNS,
        orient="row",
    )
    for _ in range(5):  # the old order changed from one call to the next
        lines = [(t["name"], t["line"]["color"]) for t in strength_figure(trends, 6)["data"]]
        assert lines == [
            ("Hip Thrust (kg)", PALETTE[0]),
            ("Leg Curl (kg)", PALETTE[1]),
            ("Deadlift (kg)", PALETTE[2]),
            ("Squat (kg)", PALETTE[3]),
        ]
