"""The roster page shows an account only its own athletes: its callbacks called the way the renderer calls
them, with account A's session, answer with A's athletes and none of B's (tests/test_security_isolation.py's
two accounts and helpers)."""

from __future__ import annotations

import base64
import io
from typing import Any

import polars as pl

from tests.helpers.accounts import PASSWORD_A, PASSWORD_B, client_for
from tests.helpers.dash_requests import callback_body, find_callback, post_callback, run_callback

FILTERS = {
    ("roster-status", "value"): None,
    ("roster-attention", "value"): [],
    ("roster-csv", "n_clicks"): 1,
    ("roster-xlsx", "n_clicks"): None,
}


def roster_names(client: Any) -> list[str]:
    response = run_callback(client, "roster-table.data", FILTERS, "roster-status.value")
    assert response.status_code == 200, response.text
    return [row["name"] for row in response.get_json()["response"]["roster-table"]["data"]]


def test_each_account_sees_only_its_own_athletes(two_accounts: dict[str, Any]) -> None:  # noqa: F811 - the imported fixture
    app = two_accounts["app"]
    assert roster_names(client_for(app, "ana", PASSWORD_A)) == ["default"]
    assert roster_names(client_for(app, "bo", PASSWORD_B)) == ["bella", "default"]


def test_the_roster_export_holds_only_the_accounts_athletes(two_accounts: dict[str, Any]) -> None:  # noqa: F811 - the imported fixture
    client = client_for(two_accounts["app"], "ana", PASSWORD_A)
    response = run_callback(client, "roster-download.data", FILTERS, "roster-csv.n_clicks")
    assert response.status_code == 200, response.text
    sent = response.get_json()["response"]["roster-download"]["data"]
    text = base64.b64decode(sent["content"]).decode() if sent.get("base64") else sent["content"]
    frame = pl.read_csv(io.StringIO(text))
    assert frame.get_column("Athlete").to_list() == ["default"]
    assert "2011-" not in text and "bella" not in text  # B's log is from 2011, and B has an athlete bella


def test_without_a_login_the_roster_callback_refuses(two_accounts: dict[str, Any]) -> None:  # noqa: F811 - the imported fixture
    deps = client_for(two_accounts["app"], "ana", PASSWORD_A).get("/_dash-dependencies").get_json()
    body = callback_body(find_callback(deps, "roster-table.data"), FILTERS, "roster-status.value")
    response = post_callback(client_for(two_accounts["app"], None, None), body)
    assert response.status_code in (401, 403)
    assert "default" not in response.get_data(as_text=True)
