"""The app works under its Content-Security-Policy: pages, charts and navigation in a real chromium log no
console error (a blocked script or style would show there)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests

from dashboard.app import create_app
from tests.helpers.dashboard_app import HEVY, seeded_db


def test_pages_and_charts_work_under_the_content_security_policy(dash_duo: Any, tmp_path: Path) -> None:
    app = create_app(seeded_db(tmp_path / "lb.duckdb", ("hevy.csv", HEVY)))
    dash_duo.start_server(app)
    csp = requests.get(dash_duo.server_url, timeout=10).headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in csp
    dash_duo.wait_for_element("#balance-cards #card-glute", timeout=20)
    dash_duo.wait_for_element("#balance-cards .js-plotly-plot, .js-plotly-plot", timeout=20)
    for link, ready in (
        ("/exercises", "#exercise-summary"),
        ("/export", "#export-preview"),
        ("/upload", "#upload"),
    ):
        dash_duo.find_element(f"a[href='{link}']").click()
        dash_duo.wait_for_element(ready, timeout=20)
    assert dash_duo.get_logs() == []
