"""On a 390 px phone every page fits the screen: nothing scrolls sideways, every chart is as wide as
the viewport at most, and the charts' legends sit below the plot, inside the chart.

Headless chromium will not open a window narrower than 500 px, so the test emulates the phone
through the DevTools protocol (as Chrome's device toolbar does): a 390 px wide, mobile viewport.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from dashboard.app import create_app
from tests.filebuilders import HEVY_KG_HEADER, csv_bytes
from tests.helpers.dashboard_app import HEVY, seeded_db

# Five months after HEVY's two weeks: the weeks axis is labelled by month, on two lines.
LATER = csv_bytes(
    HEVY_KG_HEADER,
    '"Lower C","9 Sep 2026, 16:50","9 Sep 2026, 17:40","","Hip Thrust (Barbell)",,"",0,"normal",100,10,,,',
)

PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
PAGES = {
    "/": "#balance-cards #card-glute",
    "/upload": "#upload-page",
    "/exercises": "#exercise-table td",
    "/export": "#export-page",
    "/settings": "#settings-thresholds",
}
# Per chart: its svg's right edge, and the legend's and the plot area's boxes (legend below the plot).
CHARTS = """
return [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
  const svg = gd.querySelector('svg.main-svg').getBoundingClientRect();
  const legend = gd.querySelector('.legend');
  const plot = gd.querySelector('.cartesianlayer .bg, .nsewdrag');
  const box = el => { if (!el) return null; const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const texts = [...gd.querySelectorAll('.legendtext')].map(t => t.getBoundingClientRect().right);
  // A tick label plotly hides (too crowded, or empty) has a zero-size box: nothing shows there.
  const ticks = [...gd.querySelectorAll('.xtick text')].map(box).filter(b => b[2] > b[0] || b[3] > b[1]);
  return {id: gd.parentElement.id || gd.id, svg: [svg.left, svg.right], legend: box(legend), plot: box(plot),
          text_right: Math.max(0, ...texts), ticks: ticks};
});
"""


def wait_for_charts(duo: Any, count: int) -> list[dict[str, Any]]:
    charts: list[dict[str, Any]] = []
    for _ in range(100):
        charts = duo.driver.execute_script(CHARTS)
        if len(charts) >= count and all(c["plot"] for c in charts):
            return charts
        time.sleep(0.1)
    raise AssertionError(f"expected {count} drawn charts, found {charts}")


@pytest.fixture
def phone(dash_duo: Any, tmp_path: Path) -> Any:
    app = create_app(seeded_db(tmp_path / "lb.duckdb", ("hevy.csv", HEVY), ("later.csv", LATER)))
    dash_duo.start_server(app)
    return dash_duo


@pytest.mark.parametrize(
    ("path", "width"),
    # Every page at 390 px; Balance also at 340 px, where unwrapped legend entries ran off the chart.
    [*((path, PHONE["width"]) for path in PAGES), ("/", 340)],
)
def test_no_page_scrolls_sideways_on_a_phone(phone: Any, path: str, width: int) -> None:
    phone.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**PHONE, "width": width})
    phone.driver.get(phone.server_url + path)
    phone.wait_for_element(PAGES[path], timeout=20)
    time.sleep(0.5)  # let plotly's responsive resize and the table settle
    inner = phone.driver.execute_script("return window.innerWidth")
    assert inner == width
    assert phone.driver.execute_script("return document.documentElement.scrollWidth") <= inner
    if path == "/":
        charts = wait_for_charts(phone, 4)
        for chart in charts:
            left, right = chart["svg"]
            assert left >= 0 and right <= inner, chart
            if chart["legend"] is not None:
                legend_left, legend_top, legend_right, _ = chart["legend"]
                assert legend_top >= chart["plot"][3], f"legend not below the plot: {chart}"
                assert legend_left >= left and legend_right <= right, f"legend runs off the chart: {chart}"
            assert chart["text_right"] <= right, f"a legend entry runs off the chart: {chart}"
            for tick_left, _, tick_right, tick_bottom in chart["ticks"]:
                assert tick_left >= left and tick_right <= right, f"a week label runs off the chart: {chart}"
                if chart["legend"] is not None:
                    assert tick_bottom <= chart["legend"][1], f"the legend covers a week label: {chart}"
    assert phone.get_logs() == []
