"""What a lifter does, in a real headless chromium: upload, see the charts, remap, download, fix a file.

Every test reads what the browser shows (the plotted data of the graphs, the table cells, the
downloaded file), ends with no browser console errors, and saves a screenshot of each page.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard.app import create_app
from etl.store import database as store
from tests.helpers.browser import click, plotted, upload_file
from tests.helpers.dashboard_app import BROKEN, HEVY, MYSTERY, ODD, SCRIPT, SCRIPT_NAME, seeded_db


def wait_for_file(folder: Path, suffix: str) -> Path:
    for _ in range(100):
        done = [p for p in folder.glob(f"*{suffix}") if p.stat().st_size > 0]
        if done:
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} file was downloaded to {folder}")


def test_upload_a_real_export_and_see_the_balance_charts(
    dash_duo: Any, tmp_path: Path, corpus: Path, shot: Any
) -> None:
    app = create_app(tmp_path / "lb.duckdb")
    dash_duo.start_server(app)
    dash_duo.wait_for_text_to_equal("#first-run-upload", "Upload an export")
    shot(dash_duo, "first-run")
    dash_duo.find_element("#first-run-upload").click()
    dash_duo.wait_for_element("#upload-page")
    dash_duo.find_element("#upload-new-athlete").send_keys("felipe")
    upload_file(dash_duo, corpus / "hevy_felipe.csv")
    dash_duo.wait_for_contains_text(".import-report", "hevy_felipe.csv", timeout=60)
    assert "sets added" in dash_duo.find_element(".import-counts").text
    shot(dash_duo, "upload-done")
    dash_duo.find_element("#see-balance").click()
    dash_duo.wait_for_element("#balance-cards #card-glute", timeout=20)
    ratio = plotted(dash_duo, "ratio-chart")
    volume = plotted(dash_duo, "volume-chart")
    assert ratio["Weekly ratio"] > 0 and ratio["4-week rolling ratio"] > 0
    assert volume["Glutes"] > 0 and volume["Hamstrings: hip extension"] > 0
    assert plotted(dash_duo, "eccentric-chart") and plotted(dash_duo, "hq-chart")
    assert dash_duo.find_elements("#ratio-chart .scatterlayer .point")  # points are drawn, not only data
    assert dash_duo.find_element("#athlete").text.startswith("felipe")
    shot(dash_duo, "balance")
    assert dash_duo.get_logs() == []


def test_map_an_unrecognised_exercise_and_see_the_numbers_change(
    dash_duo: Any, tmp_path: Path, shot: Any
) -> None:
    app = create_app(seeded_db(tmp_path / "lb.duckdb", ("hevy.csv", HEVY), ("script.csv", SCRIPT)))
    dash_duo.start_server(app)
    dash_duo.wait_for_element("#balance-cards #card-glute", timeout=20)
    before = dash_duo.find_element("#card-hamstring").text
    dash_duo.find_element("a[href='/exercises']").click()
    dash_duo.wait_for_contains_text("#exercise-summary", "2 not recognised", timeout=20)
    # A <script> in an exercise name is shown as text, never run.
    names = [c.text for c in dash_duo.find_elements("#exercise-table td[data-dash-column=name]")]
    assert names[:2] == [MYSTERY, SCRIPT_NAME]
    assert not dash_duo.driver.execute_script("return window.__xss === true")
    shot(dash_duo, "exercises-before")
    row = names.index(MYSTERY)
    cell = dash_duo.find_elements("#exercise-table td[data-dash-column=exercise_id]")[row]
    cell.click()
    cell.click()
    field = cell.find_element(By.CSS_SELECTOR, "input")
    field.send_keys("Romanian Deadlift")
    field.send_keys(Keys.ENTER)
    dash_duo.wait_for_contains_text("#mapping-done", f"Mapped “{MYSTERY}” to Romanian Deadlift", timeout=20)
    assert "1 not recognised" in dash_duo.find_element("#exercise-summary").text
    assert "hamstring sets 7 → 10" in dash_duo.find_element("#mapping-done").text
    shot(dash_duo, "exercises-after")
    dash_duo.find_element("a[href='/']").click()
    dash_duo.wait_for_element("#balance-cards #card-hamstring", timeout=20)
    after = dash_duo.find_element("#card-hamstring").text
    assert float(after) > float(before)
    assert dash_duo.get_logs() == []


def test_download_the_weekly_csv(dash_duo: Any, tmp_path: Path, shot: Any) -> None:
    app = create_app(seeded_db(tmp_path / "lb.duckdb", ("hevy.csv", HEVY)))
    dash_duo.start_server(app)
    dash_duo.wait_for_element("#balance-cards")
    dash_duo.find_element("a[href='/export']").click()
    dash_duo.wait_for_contains_text("#export-span", "2 weeks, 2026-04-06 to 2026-04-13", timeout=20)
    shot(dash_duo, "export")
    dash_duo.find_element("#export-csv").click()
    path = wait_for_file(Path(dash_duo.download_path), ".csv")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["week_start"] for r in rows] == ["2026-04-06", "2026-04-13"]
    assert [float(r["glute_sets"]) for r in rows] == [5.0, 2.0]
    assert [float(r["hamstring_sets"]) for r in rows] == [2.0, 5.0]
    assert dash_duo.get_logs() == []


def test_a_broken_file_shows_the_exact_problem(dash_duo: Any, tmp_path: Path, shot: Any) -> None:
    app = create_app(tmp_path / "lb.duckdb")
    dash_duo.start_server(app)
    dash_duo.wait_for_element("#first-run")
    dash_duo.find_element("a[href='/upload']").click()
    broken = tmp_path / "broken.csv"
    broken.write_bytes(BROKEN)
    upload_file(dash_duo, broken)
    dash_duo.wait_for_contains_text(".import-rejected", "rejected: nothing imported", timeout=30)
    text = dash_duo.find_element(".import-rejected").text
    assert "broken.csv: 1 bad value(s); nothing was imported." in text
    cells = [c.text for c in dash_duo.find_elements(".import-bad-rows td")]
    assert cells == ["2", "reps", "ten", "a number of reps"]
    shot(dash_duo, "upload-rejected")
    assert dash_duo.get_logs() == []


def test_map_the_columns_of_an_unknown_csv_preview_confirm_and_see_sets_added(
    dash_duo: Any, tmp_path: Path, shot: Any
) -> None:
    db = tmp_path / "lb.duckdb"
    app = create_app(db)
    dash_duo.start_server(app)
    dash_duo.wait_for_element("#first-run")
    dash_duo.find_element("a[href='/upload']").click()
    dash_duo.wait_for_element("#upload-page")
    dash_duo.find_element("#upload-new-athlete").send_keys("dee")
    odd = tmp_path / "gym.csv"
    odd.write_bytes(ODD)
    upload_file(dash_duo, odd)
    dash_duo.wait_for_contains_text(
        ".mapping-form", "gym.csv is not an export from an app liftbalance knows", timeout=30
    )
    # Day, Movement and Load are guessed from their names; "Times" is not, so the preview asks for reps.
    dash_duo.wait_for_contains_text(".mapping-preview", "Choose a column for reps.", timeout=20)
    dash_duo.select_dcc_dropdown(".map-field-reps", value="Times")
    dash_duo.wait_for_contains_text(".mapping-preview-table", "Hip Thrust", timeout=20)
    assert "Romanian Deadlift" in dash_duo.find_element(".mapping-preview-table").text
    assert not dash_duo.find_elements(".mapping-problem")
    name = dash_duo.find_element(".mapping-form input.map-name")
    name.send_keys(Keys.CONTROL, "a")
    name.send_keys("gym sheet")
    shot(dash_duo, "upload-mapping")
    click(dash_duo, "#import-button")
    dash_duo.wait_for_contains_text(".import-report", "gym.csv", timeout=60)
    report = dash_duo.find_element(".import-report").text
    assert "2 workouts, 4 sets added" in report and "Read with your column mapping “gym sheet”" in report
    assert "A mapped CSV: 2026-04-08 to 2026-04-10, 2 workouts, 4 sets" in report
    shot(dash_duo, "upload-mapped")
    with store.opened(db) as con:
        assert con.execute("SELECT count(*) FROM sets WHERE athlete = 'dee'").fetchone() == (4,)
    assert dash_duo.get_logs() == []


def test_settings_page_saves_a_threshold_and_says_what_each_rests_on(
    dash_duo: Any, tmp_path: Path, shot: Any
) -> None:
    app = create_app(seeded_db(tmp_path / "lb.duckdb", ("hevy.csv", HEVY)))
    dash_duo.start_server(app)
    dash_duo.wait_for_element("#balance-cards #card-ratio", timeout=20)
    dash_duo.find_element("a[href='/settings']").click()
    dash_duo.wait_for_contains_text("#settings-thresholds", "Schoenfeld, Ogborn & Krieger 2017", timeout=20)
    box = dash_duo.find_elements("#settings-thresholds input")[1]  # the dominance ratio
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("3")
    click(dash_duo, "#settings-save")
    dash_duo.wait_for_contains_text("#settings-status", "Saved for ana", timeout=20)
    shot(dash_duo, "settings")
    dash_duo.find_element("a[href='/']").click()
    dash_duo.wait_for_contains_text("#balance-cards", "balanced 0.33-3", timeout=20)
    assert dash_duo.get_logs() == []
