"""Each account sees and changes only its own data, enforced on the server: proved by calling Dash's
callback endpoint directly (the way the renderer does) with account A's session asking for account B's
athletes, for every callback, download and upload, and by refusing every data endpoint without a login."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from etl.store import accounts
from etl.store import database as store
from tests.components import data_url
from tests.helpers.accounts import B_FILE, PASSWORD_A, PASSWORD_B, client_for, hevy_file
from tests.helpers.dash_requests import (
    callback_body,
    find_callback,
    post_callback,
    run_callback,
    sweep_values,
)

VICTIM_MARKERS = ("2011-", "Zebra")  # only B's data has workouts in 2011 and an exercise named Zebra
PAGES = ("/", "/upload", "/exercises", "/export")


# --- talking to Dash the way its renderer does ------------------------------------------------------


def upload(client: FlaskClient, deps: list[dict[str, Any]], data: bytes, filename: str, athlete: str) -> dict:
    """Drop a file on the upload page and poll its job to the end, as the page does; the final response."""
    start = find_callback(deps, "import-job.data")
    values = {
        ("upload", "contents"): [data_url(data)],
        ("upload", "filename"): [filename],
        ("upload-new-athlete", "value"): athlete,
        ("skip-invalid", "value"): False,
    }
    response = post_callback(client, callback_body(start, values, "upload.contents"))
    assert response.status_code == 200, response.text
    job_id = response.get_json()["response"]["import-job"]["data"]
    return {"job": job_id, "final": poll_job(client, deps, job_id)}


def poll_job(client: FlaskClient, deps: list[dict[str, Any]], job_id: str, timeout: float = 60) -> dict:
    poll = find_callback(deps, "upload-progress.value")
    deadline = time.monotonic() + timeout
    while True:
        response = post_callback(
            client, callback_body(poll, {("import-poll", "n_intervals"): 1, ("import-job", "data"): job_id})
        )
        assert response.status_code == 200, response.text
        answer = response.get_json()["response"]
        if answer.get("import-poll", {}).get("disabled") is True:
            return answer
        assert time.monotonic() < deadline, "the import job never finished"
        time.sleep(0.05)


def table(db: Path, sql: str) -> list[tuple]:
    with store.opened(db) as con:
        return con.execute(sql).fetchall()


# --- fixtures ------------------------------------------------------------------------------------


def sweep(client: FlaskClient, athlete: str, job: str | None = None) -> dict[str, str]:
    """Every server callback, triggered by each of its inputs in turn (on every page, for those that
    read the address): the response texts."""
    deps = client.get("/_dash-dependencies").get_json()
    answers = {}
    for cb in deps:
        if cb.get("clientside_function"):
            continue
        reads_page = any(d["property"] == "pathname" for d in cb["inputs"])
        for page in PAGES if reads_page else PAGES[-1:]:
            values = sweep_values(athlete, page, job)
            for dep in cb["inputs"]:
                if dep["id"].startswith("{"):
                    continue
                changed = f"{dep['id']}.{dep['property']}"
                response = post_callback(client, callback_body(cb, values, changed))
                assert response.status_code < 500, (cb["output"], changed, response.text[:300])
                answers[f"{page} {cb['output']} <- {changed}"] = response.get_data(as_text=True)
    return answers


def leaks(answers: dict[str, str]) -> list[str]:
    return [key for key, text in answers.items() if any(marker in text for marker in VICTIM_MARKERS)]


# --- the tests -----------------------------------------------------------------------------------


def test_every_callback_as_a_asking_for_b_athletes_returns_none_of_b_data(two_accounts):
    app = two_accounts["app"]
    as_b = sweep(client_for(app, "bo", PASSWORD_B), "bella")
    shown_to_b = leaks(as_b)
    # The control: the same requests in B's own session do carry B's data, so the check below can fail.
    assert any("export-preview" in key for key in shown_to_b)
    assert any("download.data" in key and "export-csv" in key for key in shown_to_b)
    assert any("download.data" in key and "export-html" in key for key in shown_to_b)
    assert any("balance-cards" in key for key in shown_to_b)
    as_a = client_for(app, "ana", PASSWORD_A)
    for athlete in ("bella", "default"):  # B's own athlete, and a name both accounts use
        assert leaks(sweep(as_a, athlete)) == []
    # ...while A does see its own data through the same callbacks.
    a_preview = run_callback(as_a, "export-preview", sweep_values("default", "/export"))
    assert "2024-03-04" in a_preview.get_data(as_text=True)


def test_the_athlete_list_offers_only_the_accounts_own_athletes(two_accounts):
    app = two_accounts["app"]
    as_a = client_for(app, "ana", PASSWORD_A)
    options = run_callback(as_a, "athlete.options", sweep_values("bella", "/"), "url.pathname").get_json()[
        "response"
    ]["athlete"]["options"]
    assert options == [{"label": "default", "value": "default"}]


def test_an_upload_by_a_for_b_athlete_lands_in_a_database_only(two_accounts):
    app, a_db, b_db = two_accounts["app"], two_accounts["a_db"], two_accounts["b_db"]
    b_before = {t: table(b_db, f"SELECT * FROM {t} ORDER BY ALL") for t in ("sets", "uploads")}  # noqa: S608
    as_a = client_for(app, "ana", PASSWORD_A)
    deps = as_a.get("/_dash-dependencies").get_json()
    result = upload(as_a, deps, hevy_file(["18 Mar 2024"]), "new.csv", "bella")
    assert "1 workout, 6 sets added" in json.dumps(result["final"])
    assert {t: table(b_db, f"SELECT * FROM {t} ORDER BY ALL") for t in ("sets", "uploads")} == b_before  # noqa: S608
    assert table(a_db, "SELECT athlete, count(*) FROM sets GROUP BY 1 ORDER BY 1") == [
        ("bella", 6),
        ("default", 12),
    ]


def test_a_cannot_poll_b_import_job(two_accounts):
    app = two_accounts["app"]
    as_b, as_a = client_for(app, "bo", PASSWORD_B), client_for(app, "ana", PASSWORD_A)
    deps = as_b.get("/_dash-dependencies").get_json()
    job = upload(as_b, deps, hevy_file(["24 Jan 2011"], zebra=True), "b2.csv", "bella")["job"]
    seen_by_b = json.dumps(poll_job(as_b, deps, job))
    assert "b2.csv" in seen_by_b  # the control: B sees its own job's report
    seen_by_a = json.dumps(poll_job(as_a, deps, job))
    assert "b2.csv" not in seen_by_a and "no longer known" in seen_by_a
    assert leaks(sweep(as_a, "bella", job=job)) == []


@pytest.mark.parametrize(
    "path", ["/", "/export", "/upload", "/exercises", "/_dash-layout", "/_dash-dependencies"]
)
def test_without_a_login_pages_redirect_and_data_endpoints_refuse(two_accounts, path):
    response = client_for(two_accounts["app"], None, None).get(path)
    if path.startswith("/_dash"):
        assert response.status_code == 401
    else:
        assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")
    assert not any(marker in response.get_data(as_text=True) for marker in VICTIM_MARKERS)


def test_without_a_login_no_callback_runs_and_no_upload_is_written(two_accounts):
    app, b_db = two_accounts["app"], two_accounts["b_db"]
    deps = client_for(app, "bo", PASSWORD_B).get("/_dash-dependencies").get_json()
    anonymous = client_for(app, None, None)
    before = table(b_db, "SELECT count(*) FROM uploads")
    for cb in deps:
        body = callback_body(
            cb,
            {
                **sweep_values("bella", "/export"),
                ("upload", "contents"): [data_url(B_FILE)],
                ("upload", "filename"): ["x.csv"],
            },
        )
        response = post_callback(anonymous, body)
        assert response.status_code == 401, cb["output"]
    assert table(b_db, "SELECT count(*) FROM uploads") == before
    assert not list(Path(two_accounts["main"]).parent.glob("main-accounts/*.duckdb.wal"))


def test_a_removed_account_is_logged_out_at_once(two_accounts):
    app, main = two_accounts["app"], two_accounts["main"]
    as_b = client_for(app, "bo", PASSWORD_B)
    assert as_b.get("/_dash-layout").status_code == 200
    with accounts.opened(main) as con:
        accounts.remove_account(con, "bo")
    assert as_b.get("/_dash-layout").status_code == 401


def test_the_navbar_names_the_logged_in_account_and_links_to_logout(two_accounts):
    app = two_accounts["app"]
    as_a = client_for(app, "ana", PASSWORD_A)
    menu = run_callback(
        as_a, "account-menu.children", sweep_values("default", "/"), "url.pathname"
    ).get_json()["response"]["account-menu"]["children"]
    assert [part["props"]["children"] for part in menu] == ["ana", "Log out"]
    assert menu[1]["props"]["href"] == "/logout"
    # The logout link leads to a confirm form that ends the session.
    assert b'name="csrf"' in as_a.get("/logout").data
