"""Two accounts and their files, and signing in through the login form: what the tests of per-account
isolation share (the ``two_accounts`` fixture in tests/dashboard/conftest.py builds on it)."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.components import csrf_token
from tests.filebuilders import HEVY_KG_HEADER, csv_bytes

PASSWORD_A, PASSWORD_B = "ana's long password", "bo's longer password"


def hevy_file(days: list[str], *, zebra: bool = False) -> bytes:
    """A Hevy export: per day, hip thrusts and leg curls (named with Zebra when ``zebra``)."""
    curl = "Lying Leg Curl Zebra (Machine)" if zebra else "Lying Leg Curl (Machine)"
    rows = []
    for day in days:
        for exercise in ("Hip Thrust (Barbell)", curl):
            for i in range(3):
                rows.append(f'"W","{day}, 10:00","{day}, 11:00","","{exercise}",,"",{i},"normal",60,10,,,')
    return csv_bytes(HEVY_KG_HEADER, *rows)


A_FILE = hevy_file(["4 Mar 2024", "11 Mar 2024"])
B_FILE = hevy_file(["3 Jan 2011", "10 Jan 2011", "17 Jan 2011"], zebra=True)


def login(client: FlaskClient, name: str, password: str) -> None:
    page = client.get("/login")
    response = client.post("/login", data={"csrf": csrf_token(page.text), "name": name, "password": password})
    assert response.status_code == 302, response.text


def client_for(app: Any, name: str | None, password: str | None) -> FlaskClient:
    client = app.server.test_client()
    if name is not None and password is not None:
        login(client, name, password)
    return client
