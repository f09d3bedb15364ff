"""A real server on loopback: a free port, waiting until it answers, and a client that keeps one
browser's session cookie and records every status code (the load and deployment tests), with the load
tests' account password and sizes."""

from __future__ import annotations

import json
import socket
import subprocess
import time
from typing import Any

import requests

from tests.components import data_url
from tests.helpers.dash_requests import callback_body, find_callback

TIMEOUT_S = 120
# The load tests' account and sizes (tests/dashboard/test_load.py; the hosted load test reuses them).
PASSWORD = "load test password"
COPIES = 4  # each of the cumulative exports is uploaded this many times, all at once
CHART_REQUESTS = 80


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(base: str, server: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited during start-up"
        try:
            if requests.get(base + "/login", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise AssertionError("the server did not start in time")


class Client:
    """One browser: a session cookie, and Dash's callback POSTs. Records every status code."""

    def __init__(self, base: str, cookies: Any, deps: list[dict[str, Any]], statuses: list[int]):
        self.base, self.http, self.deps, self.statuses = base, requests.Session(), deps, statuses
        self.http.cookies.update(cookies)

    def callback(self, fragment: str, values: dict, changed: str) -> dict:
        body = callback_body(find_callback(self.deps, fragment), values, changed)
        response = self.http.post(
            self.base + "/_dash-update-component",
            data=json.dumps(body),
            headers={"Content-Type": "application/json"},
            timeout=TIMEOUT_S,
        )
        self.statuses.append(response.status_code)
        return response.json()["response"] if response.status_code == 200 else {}

    def upload(self, data: bytes, name: str) -> str:
        started = self.callback(
            "import-job.data",
            {
                ("upload", "contents"): [data_url(data)],
                ("upload", "filename"): [name],
                ("upload-new-athlete", "value"): "lifter",
                ("skip-invalid", "value"): False,
            },
            "upload.contents",
        )
        job = started["import-job"]["data"]
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            answer = self.callback(
                "upload-progress.value",
                {("import-poll", "n_intervals"): 1, ("import-job", "data"): job},
                "import-poll.n_intervals",
            )
            if answer.get("import-poll", {}).get("disabled") is True:
                return json.dumps(answer)
            time.sleep(0.1)
        raise AssertionError(f"upload {name} did not finish")

    def chart(self, i: int) -> None:
        values = {
            ("selection", "data"): {"athlete": "lifter", "start": None, "end": None},
            ("metric", "value"): "sets",
        }
        fragment = ("balance-cards", "export-preview", "exercise-table")[i % 3]
        self.callback(fragment, values, "selection.data")
