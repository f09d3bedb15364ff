"""Driving the dashboard without a browser: the small Hevy files its tests seed a database with, a page
module as the app loaded it, a callback run as Dash runs it (inside a request, with a triggering input),
the import job waited for, and the Settings form filled in and saved."""

from __future__ import annotations

import importlib
import io
import time
from collections.abc import Callable
from contextvars import copy_context
from pathlib import Path
from typing import Any

import dash
from dash._callback_context import context_value
from dash._utils import AttributeDict

from dashboard.jobs import ImportJobs
from dashboard.selection import Selection
from etl.analysis.settings import SETTING_NAMES, BalanceSettings
from etl.ingest import ingest
from etl.store import database as store
from tests.filebuilders import HEVY_KG_HEADER, csv_bytes

ATHLETE = "ana"
SCRIPT_NAME = "<script>window.__xss=true</script> Quux"
MYSTERY = "Zorblax Quux"
W1 = '"Lower A","8 Apr 2026, 16:50","8 Apr 2026, 17:43",""'  # Wednesday: week of Monday 6 Apr 2026
W2 = '"Lower B","15 Apr 2026, 16:50","15 Apr 2026, 17:40",""'  # week of Monday 13 Apr 2026


def hevy_rows() -> list[str]:
    rows = [W1 + ',"Hip Thrust (Barbell)",,"",0,"warmup",40,10,,,']
    rows += [W1 + f',"Hip Thrust (Barbell)",,"",{i},"normal",100,10,,,' for i in range(1, 5)]
    rows += [W1 + f',"Romanian Deadlift (Barbell)",,"",{i},"normal",80,8,,,' for i in range(2)]
    rows += [W1 + f',"{MYSTERY}",,"",{i},"normal",50,10,,,' for i in range(3)]
    rows += [W2 + f',"Seated Leg Curl (Machine)",,"",{i},"normal",50,10,,,' for i in range(3)]
    rows += [W2 + f',"Hip Thrust (Barbell)",,"",{i},"normal",100,10,,,' for i in range(2)]
    rows += [W2 + f',"Nordic Hamstring Curl",,"",{i},"normal",0,5,,,' for i in range(2)]
    return rows


# Week of 6 Apr: glutes 4 hip thrust + 0.5 x 2 RDL = 5, hamstrings 2 (hip), 3 unmapped sets.
# Week of 13 Apr: glutes 2, hamstrings 3 leg curl + 2 Nordic = 5 (knee), 2 eccentric.
HEVY = csv_bytes(HEVY_KG_HEADER, *hevy_rows())
BROKEN = csv_bytes(HEVY_KG_HEADER, W1 + ',"Hip Thrust (Barbell)",,"",0,"normal",100,ten,,,')


# Another workout in the first week (the same workout again would replace it: exports are cumulative).
SCRIPT = csv_bytes(
    HEVY_KG_HEADER,
    f'"Upper","9 Apr 2026, 10:00","9 Apr 2026, 11:00","","{SCRIPT_NAME}",,"",0,"normal",50,10,,,',
)


def seeded_db(path: Path, *files: tuple[str, bytes]) -> Path:
    with store.opened(path) as con:
        for name, data in files:
            ingest(con, io.BytesIO(data), name, athlete=ATHLETE)
    return path


def page(name: str) -> Any:
    """A page module as the app loaded it (Dash runs it when the app is made)."""
    return importlib.import_module(f"dashboard.pages.{name}")


def call(app: dash.Dash, func: Callable[..., Any], *args: Any, trigger: str | None = None) -> Any:
    """Run a callback as Dash would: inside a request of ``app``, with ``trigger`` as the fired input."""

    def run() -> Any:
        triggered = [{"prop_id": trigger, "value": 1}] if trigger else []
        context_value.set(AttributeDict(triggered_inputs=triggered))
        with app.server.test_request_context("/_dash-update-component", method="POST"):
            return func(*args)

    return copy_context().run(run)


def selected(**extra: Any) -> dict[str, Any]:
    return {**Selection(ATHLETE).to_data(), **extra}


def wait_for_job(app: dash.Dash, job_id: str) -> None:
    """Until the job finishes (a bounded wait for a thread, not a timing assertion)."""
    db = Path(app.server.config["LIFTBALANCE_DB"])
    jobs: ImportJobs = app.server.extensions["liftbalance.import_jobs"]
    for _ in range(600):
        state = jobs.state(job_id, db)
        if state is not None and state.done:
            return
        time.sleep(0.05)
    raise AssertionError("the import job did not finish")


ODD = (
    b"Day,Movement,Load,Times,Comment\n"
    b"2026-04-08,Hip Thrust,225,10,felt good\n"
    b"2026-04-08,Hip Thrust,225,10,\n"
    b"2026-04-08,Romanian Deadlift,185,8,\n"
    b"2026-04-10,Leg Curl,90,12,\n"
)


IDS = [{"type": "setting", "key": k} for k in SETTING_NAMES]  # the Settings form's inputs


def form_values(**changes: Any) -> list[Any]:
    defaults = {**BalanceSettings().__dict__, **changes}
    return [defaults[k] for k in SETTING_NAMES]


def save(app: dash.Dash, values: list[Any], priority: str = "") -> tuple[Any, ...]:
    return call(
        app,
        page("settings").update_settings,
        selected(),
        1,
        None,
        values,
        IDS,
        priority,
        trigger="settings-save.n_clicks",
    )
