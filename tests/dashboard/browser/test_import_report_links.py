"""The import report's link for unrecognised names opens the Exercises page filtered to them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dashboard.app import create_app
from dashboard.import_report import EXERCISES_UNRECOGNISED
from tests.helpers.dashboard_app import HEVY, MYSTERY, seeded_db


def test_the_unrecognised_link_opens_the_exercises_table_filtered(dash_duo: Any, tmp_path: Path) -> None:
    app = create_app(seeded_db(tmp_path / "lb.duckdb", ("hevy.csv", HEVY)))
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + EXERCISES_UNRECOGNISED)
    dash_duo.wait_for_contains_text("#exercise-summary", "1 not recognised", timeout=20)
    names = [c.text for c in dash_duo.find_elements("#exercise-table td[data-dash-column=name]")]
    assert names == [MYSTERY]
    dash_duo.driver.get(dash_duo.server_url + "/exercises")  # unfiltered without the query
    dash_duo.wait_for_contains_text("#exercise-summary", "1 not recognised", timeout=20)
    assert len(dash_duo.find_elements("#exercise-table td[data-dash-column=name]")) > 1
    assert dash_duo.get_logs() == []
