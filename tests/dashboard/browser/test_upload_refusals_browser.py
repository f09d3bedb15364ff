"""What a lifter does when a file is refused, in a real headless chromium (issue 18): import the good
rows of a file with a bad value in one click, and answer kg or lb for a file whose loads do not tell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dashboard.app import create_app
from etl.store import database as store
from tests.filebuilders import STRONG_A_HEADER, csv_bytes
from tests.helpers.browser import click, upload_file
from tests.helpers.dashboard_app import BROKEN, HEVY


def open_upload(duo: Any, db: Path) -> None:
    duo.start_server(create_app(db))
    duo.wait_for_element("#first-run")
    duo.find_element("a[href='/upload']").click()
    duo.wait_for_element("#upload-page")


def test_a_refused_file_imports_its_good_rows_in_one_click(dash_duo: Any, tmp_path: Path, shot: Any) -> None:
    db = tmp_path / "lb.duckdb"
    open_upload(dash_duo, db)
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(HEVY + BROKEN.split(b"\n", 1)[1])  # 17 good sets and one row whose reps read "ten"
    upload_file(dash_duo, mixed)
    dash_duo.wait_for_contains_text(".import-rejected", "rejected: nothing imported", timeout=30)
    button = dash_duo.wait_for_element(".set-aside")
    assert button.text == "Import the 17 good sets and set the 1 bad row aside"
    shot(dash_duo, "upload-set-aside")
    click(dash_duo, ".set-aside")
    dash_duo.wait_for_contains_text(".import-report", "17 sets added", timeout=30)
    assert "imported with quarantined rows" in dash_duo.find_element(".import-report").text
    with store.opened(db) as con:
        assert con.execute("SELECT count(*) FROM sets").fetchone() == (17,)
        assert con.execute("SELECT count(*) FROM quarantine").fetchone() == (1,)
    assert dash_duo.get_logs() == []


def test_a_file_whose_loads_do_not_tell_asks_kg_or_lb_with_nothing_chosen(
    dash_duo: Any, tmp_path: Path, shot: Any
) -> None:
    db = tmp_path / "lb.duckdb"
    open_upload(dash_duo, db)
    plain = tmp_path / "plain.csv"
    plain.write_bytes(
        csv_bytes(
            STRONG_A_HEADER,
            *[f'2026-04-08 18:00:00,"Legs",1h,"Hip Thrust (Barbell)",{i},100,10,0,0,"",,' for i in (1, 2)],
        )
    )
    upload_file(dash_duo, plain)
    dash_duo.wait_for_contains_text(".unit-question", "The loads do not tell", timeout=30)
    radios = dash_duo.find_elements(".unit-question input[type=radio]")
    assert [r.is_selected() for r in radios] == [False, False]
    shot(dash_duo, "upload-unit-unsure")
    click(dash_duo, "#import-button")
    dash_duo.wait_for_contains_text(
        "#import-reports", "Choose kilograms or pounds for plain.csv first", timeout=10
    )
    click(dash_duo, ".unit-question input[value=lb]")
    click(dash_duo, "#import-button")
    dash_duo.wait_for_contains_text(".import-report", "2 sets added", timeout=30)
    with store.opened(db) as con:
        [(kg,)] = con.execute("SELECT max(weight_kg) FROM sets").fetchall()
    assert round(kg, 3) == round(100 * 0.45359237, 3)
    assert dash_duo.get_logs() == []
