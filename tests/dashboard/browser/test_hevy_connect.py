"""Connect Hevy, then Sync now, on the Upload page in headless chromium, against a fake Hevy on loopback.

The fake (``bench.sync_fake_hevy.FakeHevy``) serves Hevy's documented API on a pytest-httpserver;
``LIFTBALANCE_HEVY_URL`` points the sync at it. Nothing leaves this machine.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from bench.sync_fake_hevy import KEY, FakeHevy, account
from dashboard.app import create_app
from etl.store import database as store
from etl.sync.hevy_key import stored_key

SHOTS = Path("/work/shots/h23-push")


@pytest.fixture
def fake_hevy(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeHevy:
    hevy = FakeHevy()
    for one in account(12)[::-1]:
        hevy.add(one, datetime(2026, 1, 1, tzinfo=UTC))
    hevy.serve(httpserver)
    monkeypatch.setenv("LIFTBALANCE_HEVY_URL", httpserver.url_for("/"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("HEVY_API_KEY", raising=False)
    return hevy


def test_connect_hevy_then_sync_now_shows_the_import_report(
    dash_duo: Any, tmp_path: Path, fake_hevy: FakeHevy, shot: Any
) -> None:
    db = tmp_path / "lb.duckdb"
    app = create_app(db)
    dash_duo.start_server(app)
    dash_duo.wait_for_text_to_equal("#first-run-upload", "Upload an export")
    dash_duo.find_element("#first-run-upload").click()
    dash_duo.wait_for_element("#hevy-section")
    dash_duo.find_element("#upload-new-athlete").send_keys("hana")
    dash_duo.wait_for_text_to_equal("#hevy-status", "Not connected for hana.")

    # A wrong key is kept too (the API is the judge), and Sync now says what Hevy answered; nothing is stored.
    dash_duo.find_element("#hevy-key").send_keys("not-the-key")
    dash_duo.find_element("#hevy-connect").click()
    dash_duo.wait_for_text_to_equal("#hevy-status", "Connected for hana.")
    dash_duo.find_element("#hevy-sync").click()
    dash_duo.wait_for_contains_text("#hevy-report", "API key", timeout=20)
    with store.opened(db) as con:
        assert store.athletes(con) == []

    dash_duo.find_element("#hevy-disconnect").click()
    dash_duo.wait_for_text_to_equal("#hevy-status", "Not connected for hana.")
    assert stored_key(db, "hana") is None
    dash_duo.find_element("#hevy-key").send_keys(KEY)
    dash_duo.find_element("#hevy-connect").click()
    dash_duo.wait_for_text_to_equal("#hevy-status", "Connected for hana.")
    assert stored_key(db, "hana") == KEY
    assert dash_duo.find_element("#hevy-key").get_attribute("value") == ""  # the key leaves the page

    dash_duo.find_element("#hevy-sync").click()
    dash_duo.wait_for_element("#hevy-summary", timeout=30)
    summary = dash_duo.find_element("#hevy-summary").text
    assert summary == "Read every workout (2 pages, 12 workouts); 0 workouts deleted in Hevy were removed."
    report = dash_duo.find_element("#hevy-report").text
    assert re.search(r"\b12 workouts\b", report), report

    # A later sync reads the changes since: one workout deleted in Hevy is removed.
    fake_hevy.delete(fake_hevy.workouts[0]["id"])
    dash_duo.find_element("#hevy-sync").click()
    dash_duo.wait_for_contains_text("#hevy-summary", "1 workout deleted in Hevy was removed", timeout=30)
    assert dash_duo.find_element("#hevy-summary").text.startswith("Read the changes since the last sync")
    with store.opened(db) as con:
        assert store.athletes(con) == ["hana"]
        workouts = con.execute(
            "SELECT count(DISTINCT workout_key) FROM sets WHERE athlete = 'hana'"
        ).fetchone()
    assert workouts is not None and workouts[0] == 11
    path = shot(dash_duo, "upload-hevy-connected-after-sync")
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / path.name)
    assert dash_duo.get_logs() == []
