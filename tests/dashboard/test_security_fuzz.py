"""Hand-made callback bodies never give a 5xx, and change no data unless the callback is one that writes.

Hypothesis builds a body for every server callback the app declares (the right ids, any JSON values, some
with parts missing or of the wrong shape) and posts it with a logged-in session and without one.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.app import create_app
from dashboard.jobs import EXTENSION_KEY as JOBS_KEY
from etl.ingest import ingest
from etl.store import accounts
from etl.store import database as store
from tests.helpers.accounts import B_FILE, login
from tests.helpers.dash_requests import callback_body

PASSWORD = "a long enough password"
# The callbacks that may write: an upload starts an import, the exercise table saves a mapping, settings save.
WRITERS = ("import-job.data", "exercise-table.data", "settings-form.children")
TABLES = ("uploads", "sets", "name_overrides", "settings", "column_mappings", "quarantine")

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["/", "upload", "/nowhere", "9999-12-31", "data:text/csv;base64,QQ=="]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    main = tmp_path_factory.mktemp("fuzz") / "main.duckdb"
    with accounts.opened(main) as con:
        account = accounts.add_account(con, "ana", PASSWORD)
    own = accounts.ensure_account_db_dir(main, account)
    with store.opened(own) as con:
        ingest(con, B_FILE, "b.csv", athlete="default", tz="UTC")
    app = create_app(main)
    anonymous, logged_in = app.server.test_client(), app.server.test_client()
    login(logged_in, "ana", PASSWORD)
    deps = [cb for cb in logged_in.get("/_dash-dependencies").get_json() if not cb.get("clientside_function")]
    return {"app": app, "db": own, "deps": deps, "clients": {"anonymous": anonymous, "logged in": logged_in}}


def snapshot(db: Path) -> tuple[int, ...]:
    with store.opened(db) as con:
        return tuple(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES)  # noqa: S608


def wait_for_imports(app: Any) -> None:
    jobs = app.server.extensions[JOBS_KEY]
    deadline = time.monotonic() + 30
    while not jobs.idle() and time.monotonic() < deadline:
        time.sleep(0.05)


@st.composite
def pattern_values(draw: Any, spec: dict[str, Any]) -> list[dict[str, Any]]:
    """A pattern-matching dependency (``{"index": ["ALL"], ...}``): a few components with drawn ids."""
    keys = json.loads(spec["id"])
    items = []
    for _ in range(draw(st.integers(0, 2))):
        ident = {
            k: (v if isinstance(v, str) else draw(st.integers(-3, 5) | st.text(max_size=4)))
            for k, v in keys.items()
        }
        items.append({"id": ident, "property": spec["property"], "value": draw(json_values)})
    return items


@st.composite
def bodies(draw: Any, deps: list[dict[str, Any]]) -> tuple[dict[str, Any], Any]:
    callback = draw(st.sampled_from(deps))
    plain = [d for d in callback["inputs"] + callback["state"] if not d["id"].startswith("{")]
    values = {(d["id"], d["property"]): draw(json_values) for d in plain}
    triggers = [f"{d['id']}.{d['property']}" for d in callback["inputs"] if not d["id"].startswith("{")]
    changed = draw(st.sampled_from(triggers)) if triggers else None
    body: dict[str, Any] = callback_body(callback, values, changed)
    for group in ("inputs", "state"):
        for position, spec in enumerate(callback[group]):
            if spec["id"].startswith("{"):
                body[group][position] = draw(pattern_values(spec))
    shape = draw(
        st.sampled_from(["as sent", "as sent", "as sent", "no inputs", "inputs not a list", "no output"])
    )
    if shape == "no inputs":
        del body["inputs"]
    elif shape == "inputs not a list":
        body["inputs"] = draw(json_values)
    elif shape == "no output":
        del body["output"]
    return body, callback


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hand_made_callback_bodies_give_no_5xx_and_change_nothing_unless_the_callback_writes(served, data):
    body, callback = data.draw(bodies(served["deps"]))
    who = data.draw(st.sampled_from(sorted(served["clients"])))
    before = snapshot(served["db"])
    response = served["clients"][who].post(
        "/_dash-update-component", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code < 500, (callback["output"], who, response.text[:300])
    if who == "anonymous":
        assert response.status_code == 401
    writes = any(fragment in callback["output"] for fragment in WRITERS)
    wait_for_imports(served["app"])
    if who == "anonymous" or not writes:
        assert snapshot(served["db"]) == before, callback["output"]
