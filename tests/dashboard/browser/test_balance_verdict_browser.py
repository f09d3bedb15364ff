"""The Balance page in a real headless chromium: the verdict as the CLI gives it, the roles chart, the range.

Each test reads what the browser shows (text, the graphs' live plotly data, drawn bars), ends with no
console errors, and saves a screenshot.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from selenium.webdriver.support.ui import Select

from dashboard.app import create_app
from etl.analysis.settings import load_settings
from etl.analysis.verdict import verdict
from etl.analysis.weekly import load_weekly
from etl.store import database as store
from tests.filebuilders import HEVY_KG_HEADER, csv_bytes
from tests.helpers.browser import plotted
from tests.helpers.dashboard_app import ATHLETE, HEVY, hevy_rows, seeded_db

# A workout in the week of 30 Dec 2024, 67 weeks before the last one (week of 13 Apr 2026): the log is longer
# than the 52 weeks the page opens on.
OLD = '"Lower 0","2 Jan 2025, 16:50","2 Jan 2025, 17:40",""'
LONG = csv_bytes(
    HEVY_KG_HEADER,
    *[OLD + f',"Hip Thrust (Barbell)",,"",{i},"normal",90,10,,,' for i in range(3)],
    *hevy_rows(),
)

X_COUNT = """
const gd = document.querySelector(arguments[0] + ' .js-plotly-plot');
return gd && gd.data && gd.data.length ? gd.data[0].x.length : null;
"""


def x_count(duo: Any, graph_id: str, expected: int) -> int | None:
    """The number of x values of the graph's first trace, once it is ``expected`` (or after ~10 s)."""
    found = None
    for _ in range(100):
        found = duo.driver.execute_script(X_COUNT, f"#{graph_id}")
        if found == expected:
            break
        time.sleep(0.1)
    return found


def test_balance_shows_the_verdict_the_cli_gives_and_the_roles_chart(
    dash_duo: Any, tmp_path: Path, shot: Any
) -> None:
    db = seeded_db(tmp_path / "lb.duckdb", ("hevy.csv", HEVY))
    with store.opened(db) as con:
        settings = load_settings(con, ATHLETE)
        expected = verdict(load_weekly(con, ATHLETE, settings), settings, athlete=ATHLETE)
    dash_duo.start_server(create_app(db))
    dash_duo.wait_for_text_to_equal("#verdict-status", "Low volume", timeout=20)
    assert dash_duo.find_element("#verdict-headline").text == expected.headline
    assert "alert-warning" in dash_duo.find_element("#verdict").get_attribute("class")
    gaps = dash_duo.find_element("#verdict-gaps").text
    assert gaps.startswith("Missing in the last 4 weeks: hip-extension hamstring work")
    items = [li.text for li in dash_duo.find_elements("#verdict-actions li")]
    assert [i.split("\n")[0] for i in items] == [
        "Add 2 sets a week of Romanian deadlift.",
        "Add 2 sets a week of hip thrust.",
    ]
    assert [i.split("\n")[1] for i in items] == [f"Why: {a.why}." for a in expected.actions]
    assert [li.text for li in dash_duo.find_elements("#verdict-notes li")] == [
        f"Note: {n}" for n in expected.notes
    ]
    assert dash_duo.find_element("#card-status").text == "Low volume"
    # The roles chart: both panels have data, bars are drawn, and each role's minimum line is labelled.
    targets = plotted(dash_duo, "targets-chart")
    assert targets["Hip extension sets"] == 2 and targets["Knee flexion sets"] == 2
    assert len(dash_duo.find_elements("#targets-chart .barlayer .point")) == 4
    legend = dash_duo.find_element("#targets-chart .legend").text
    assert "Each role's minimum: 2 sets a week (heuristic)" in legend
    shot(dash_duo, "balance-verdict")
    assert dash_duo.get_logs() == []


def test_balance_opens_on_52_weeks_and_the_whole_log_is_a_choice(
    dash_duo: Any, tmp_path: Path, shot: Any
) -> None:
    db = seeded_db(tmp_path / "lb.duckdb", ("hevy.csv", LONG))
    dash_duo.start_server(create_app(db))
    dash_duo.wait_for_element("#balance-cards #card-glute", timeout=20)
    preset = Select(dash_duo.find_element("#range-preset"))
    assert preset.first_selected_option.text == "Last 52 weeks"
    assert x_count(dash_duo, "volume-chart", 52) == 52  # 52 weeks to the week of 13 Apr 2026
    assert (
        dash_duo.find_element("#date-range").get_attribute("value") == "21 Apr 2025"
    )  # the start date's box
    shot(dash_duo, "balance-52-weeks")
    preset.select_by_visible_text("Whole log")
    assert x_count(dash_duo, "volume-chart", 68) == 68  # 30 Dec 2024 .. 13 Apr 2026, every week
    assert dash_duo.find_element("#date-range").get_attribute("value") == ""
    shot(dash_duo, "balance-whole-log")
    assert dash_duo.get_logs() == []
