"""The roster in a real chromium: it sorts, filters and opens an athlete's Balance page, and a logged-in
account sees only its own athletes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from dashboard.app import create_app
from etl.store import accounts
from etl.store import database as store
from tests.helpers.weekly_sets import CURL, HIP_THRUST, RDL, insert_sets, sets_frame, two_athletes


def three_athletes(path: Path) -> Path:
    """ana (glute-dominant, stopped weeks ago), bo (balanced, stopped weeks ago), cy (balanced, trains this week)."""
    monday = datetime.combine(date.today() - timedelta(days=date.today().weekday()), datetime.min.time())
    cy = [
        {"name": n, "at": monday - timedelta(weeks=w) + timedelta(hours=9), "athlete": "cy"}
        for w in range(4)
        for n in (HIP_THRUST, RDL, CURL)
        for _ in range(3)
    ]
    with store.opened(path) as con:
        two_athletes(con)
        insert_sets(con, sets_frame(*cy).with_columns(source=pl.lit("fitnotes")))
    return path


def names_shown(dash_duo: Any) -> list[str]:
    cells = dash_duo.find_elements("#roster-table td[data-dash-column='athlete']")
    return [c.text for c in cells]


def wait_names(dash_duo: Any, expected: list[str]) -> None:
    dash_duo.wait_for_text_to_equal("#roster-count", f"{len(expected)} of 3 athletes shown.", timeout=20)
    assert names_shown(dash_duo) == expected


def test_the_roster_sorts_filters_and_opens_an_athlete(dash_duo: Any, tmp_path: Path) -> None:
    app = create_app(three_athletes(tmp_path / "lb.duckdb"))
    dash_duo.start_server(app)
    dash_duo.find_element("a[href='/athletes']").click()
    wait_names(dash_duo, ["ana", "bo", "cy"])
    assert dash_duo.find_element("#roster-table td[data-dash-column='status']").text == "Glute-dominant"

    # sort by "Weeks without training": cy (0), bo, ana; then the other way
    sort = "#roster-table th[data-dash-column='idle'] .column-header--sort"
    dash_duo.find_element(sort).click()
    dash_duo.wait_for_text_to_equal("#roster-table td[data-dash-column='athlete']", "cy", timeout=10)
    assert names_shown(dash_duo) == ["cy", "bo", "ana"]
    dash_duo.find_element(sort).click()
    dash_duo.wait_for_text_to_equal("#roster-table td[data-dash-column='athlete']", "ana", timeout=10)
    assert names_shown(dash_duo) == ["ana", "bo", "cy"]

    # "needs attention": ana (dominant) and bo (no training for weeks), not cy
    dash_duo.find_element("#roster-attention input").click()
    dash_duo.wait_for_text_to_equal("#roster-count", "2 of 3 athletes shown.", timeout=20)
    assert sorted(names_shown(dash_duo)) == ["ana", "bo"]
    dash_duo.find_element("#roster-attention input").click()
    dash_duo.wait_for_text_to_equal("#roster-count", "3 of 3 athletes shown.", timeout=20)

    # by status: Balanced only
    dash_duo.select_dcc_dropdown("#roster-status", value="Balanced")
    dash_duo.wait_for_text_to_equal("#roster-count", "2 of 3 athletes shown.", timeout=20)
    assert sorted(names_shown(dash_duo)) == ["bo", "cy"]

    # a name opens that athlete's Balance page
    dash_duo.find_element("#roster-count").click()  # close the status list first
    dash_duo.find_element("#roster-table td[data-dash-column='athlete'] a[href='/?athlete=cy']").click()
    dash_duo.wait_for_element("#balance-cards #card-glute", timeout=20)
    dash_duo.wait_for_text_to_equal("#athlete", "cy", timeout=20)
    dash_duo.wait_for_element("#strength-chart .js-plotly-plot", timeout=20)
    assert dash_duo.get_logs() == []


def test_a_logged_in_account_sees_only_its_own_athletes(dash_duo: Any, tmp_path: Path) -> None:
    main = tmp_path / "main.duckdb"
    with accounts.opened(main) as con:
        a = accounts.add_account(con, "coach-a", "coach a's long password")
        b = accounts.add_account(con, "coach-b", "coach b's longer password")
    three_athletes(accounts.ensure_account_db_dir(main, a))
    with store.opened(accounts.ensure_account_db_dir(main, b)) as con:
        insert_sets(con, sets_frame({"name": RDL, "at": datetime(2011, 1, 3, 9), "athlete": "zebra"}))
    # The server answers a first visit with its login form, not the Dash page start_server waits for.
    dash_duo.server(create_app(main))
    dash_duo.driver.get(dash_duo.server.url + "/athletes")
    dash_duo.wait_for_element("input[name='name']", timeout=20).send_keys("coach-a")
    dash_duo.find_element("input[name='password']").send_keys("coach a's long password")
    dash_duo.find_element("form button[type='submit']").click()
    dash_duo.wait_for_element("a[href='/athletes']", timeout=20).click()
    wait_names(dash_duo, ["ana", "bo", "cy"])
    assert "zebra" not in dash_duo.find_element("#athletes-page").text
    assert dash_duo.get_logs() == []
