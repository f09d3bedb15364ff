"""Inputs that used to give a 500 or a traceback: far-future dates, unknown bundles without a login,
hand-made callback bodies, and an upload one byte over the limit (refused before it is parsed)."""

from __future__ import annotations

import base64
import logging
from datetime import date
from typing import Any

import pytest
from click.testing import CliRunner

from dashboard import uploads
from dashboard.selection import parse_selection
from etl.analysis import date_bounds
from liftbalance.cli import cli
from tests.helpers.accounts import client_for
from tests.helpers.dash_requests import (
    callback_body,
    find_callback,
    post_callback,
    run_callback,
    sweep_values,
)

PASSWORD_A = "ana's long password"
FAR = "9999-12-31"


def far_selection() -> dict[tuple[str, str], Any]:
    values = sweep_values("default", "/")
    values[("selection", "data")] = {"athlete": "default", "start": "2020-01-06", "end": FAR}
    return values


@pytest.mark.parametrize("fragment", ["balance-cards", "export-preview", "exercise-table", "download"])
def test_a_far_future_end_date_gives_no_server_error(two_accounts, fragment):
    client = client_for(two_accounts["app"], "ana", PASSWORD_A)
    deps = client.get("/_dash-dependencies").get_json()
    callback = find_callback(deps, fragment)
    trigger = next(
        (f"{i['id']}.{i['property']}" for i in callback["inputs"] if i["id"].startswith("export-")),
        "selection.data",
    )
    response = run_callback(client, fragment, far_selection(), trigger)
    assert response.status_code in (200, 204), response.text


def test_dates_outside_the_bounds_are_ignored_in_a_hand_made_selection():
    chosen = parse_selection({"athlete": "a", "start": "0001-01-01", "end": FAR})
    assert chosen is not None and chosen.start is None and chosen.end is None
    kept = parse_selection({"athlete": "a", "start": "2024-01-01", "end": date_bounds.latest().isoformat()})
    assert kept is not None and kept.end == date_bounds.latest()


def test_the_cli_answers_an_out_of_range_date_with_a_message():
    result = CliRunner().invoke(cli, ["weekly", "--to", FAR, "--db", ":memory:"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert (
        f"{FAR} is after {date_bounds.latest().isoformat()}, the latest date liftbalance accepts"
        in result.output
    )
    early = CliRunner().invoke(cli, ["weekly", "--from", "1800-01-01", "--db", ":memory:"])
    assert early.exit_code == 2 and "the earliest date liftbalance accepts" in early.output


def test_an_unknown_bundle_without_a_login_is_a_404_with_one_short_log_line(two_accounts, caplog):
    client = client_for(two_accounts["app"], None, None)
    with caplog.at_level(logging.INFO):
        response = client.get("/_dash-component-suites/nothing_here/x.js")
    assert response.status_code == 404
    lines = [r for r in caplog.records if r.levelno >= logging.INFO and "nothing_here" in r.getMessage()]
    assert len(lines) == 1 and "\n" not in lines[0].getMessage() and not lines[0].exc_info


def test_a_page_path_without_a_leading_slash_is_a_400(two_accounts):
    client = client_for(two_accounts["app"], "ana", PASSWORD_A)
    for fragment in ("_pages_content.children", "account-menu"):
        values = sweep_values("default", "upload")
        deps = client.get("/_dash-dependencies").get_json()
        callback = find_callback(deps, fragment)
        trigger = f"{callback['inputs'][0]['id']}.{callback['inputs'][0]['property']}"
        response = run_callback(client, fragment, values, trigger)
        assert response.status_code in (200, 204, 400), (fragment, response.status_code)
    response = run_callback(
        client, "_pages_content.children", sweep_values("default", "upload"), "_pages_location.pathname"
    )
    assert response.status_code == 400


@pytest.mark.parametrize("index", [99, -7, "x", None, [1]])
def test_a_column_mapping_index_out_of_range_or_not_a_number_is_a_400(two_accounts, index):
    client = client_for(two_accounts["app"], "ana", PASSWORD_A)
    deps = client.get("/_dash-dependencies").get_json()
    preview = next(cb for cb in deps if "map-preview" in cb["output"])
    body = {
        "output": preview["output"],
        "outputs": {"id": {"type": "map-preview", "index": index}, "property": "children"},
        "inputs": [
            [
                {
                    "id": {"type": "map-col", "index": index, "key": "date"},
                    "property": "value",
                    "value": "Date",
                }
            ],
            {"id": {"type": "map-unit", "index": index}, "property": "value", "value": "kg"},
        ],
        "state": [
            [{"id": {"type": "map-col", "index": index, "key": "date"}, "property": "value"}],
            {"id": "upload", "property": "contents", "value": ["data:text/csv;base64,RGF0ZQo="]},
            {"id": "upload", "property": "filename", "value": ["a.csv"]},
        ],
        "changedPropIds": [],
    }
    body["state"][0][0]["value"] = {"type": "map-col", "index": index, "key": "date"}
    response = post_callback(client, body)
    # 99 past the files is answered with an empty preview; every other index cannot come from the page.
    assert response.status_code == (200 if index == 99 else 400), response.text


@pytest.mark.parametrize("index", [99, -7, "x"])
def test_confirming_a_column_mapping_for_a_file_index_that_is_not_there_is_a_400(two_accounts, index):
    client = client_for(two_accounts["app"], "ana", PASSWORD_A)
    values = {
        ("upload", "contents"): ["data:text/csv;base64,RGF0ZQo="],
        ("upload", "filename"): ["a.csv"],
        ("upload-new-athlete", "value"): "default",
        ("skip-invalid", "value"): False,
        ("import-button", "n_clicks"): 1,
    }
    callback = find_callback(client.get("/_dash-dependencies").get_json(), "import-job.data")
    body = callback_body(callback, values, "import-button.n_clicks")
    pattern = {"type": "map-col", "index": index, "key": "date"}
    for position, spec in enumerate(callback["state"]):
        if '"map-col"' in spec["id"]:  # the mapping form's dropdowns, as if the page had one for file `index`
            value = "Date" if spec["property"] == "value" else pattern
            body["state"][position] = [{"id": pattern, "property": spec["property"], "value": value}]
    response = post_callback(client, body)
    assert response.status_code == 400, response.text


def test_an_upload_one_byte_over_the_limit_is_refused_before_it_is_decoded_or_parsed(monkeypatch):
    monkeypatch.setenv("LIFTBALANCE_MAX_UPLOAD_MB", "1")
    limit = 2**20

    def parsed(*args: object, **kwargs: object) -> None:
        raise AssertionError("the over-limit file was parsed")

    monkeypatch.setattr(uploads, "inspect_export", parsed)
    monkeypatch.setattr(uploads.base64, "b64decode", parsed)
    for size in (limit + 1, limit + 2, limit + 3):
        url = "data:text/csv;base64," + base64.b64encode(b"x" * size).decode()
        with pytest.raises(uploads.InputError, match="larger than 1 MB"):
            uploads.decode_upload(url, "big.csv")
        assert uploads.unit_questions([url], ["big.csv"]) == []
    monkeypatch.undo()
    monkeypatch.setenv("LIFTBALANCE_MAX_UPLOAD_MB", "1")
    exact = "data:text/csv;base64," + base64.b64encode(b"x" * limit).decode()
    assert len(uploads.decode_upload(exact, "exact.csv")) == limit


def test_the_date_bounds():
    assert date_bounds.latest(date(2026, 12, 4)) == date(2027, 12, 31)
    assert date_bounds.out_of_range(date(2027, 12, 31), date(2026, 12, 4)) is None
    assert date_bounds.out_of_range(date(2028, 1, 1), date(2026, 12, 4)) is not None
    assert date_bounds.out_of_range(date(1899, 12, 31)) is not None
