"""The Hevy API client against a real HTTP server on loopback (pytest-httpserver): paging, events since a
time, a refused key, 429 and 5xx retried with bounded backoff, a dropped connection, and the key kept out
of errors and logs. No test touches the network."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from bench.sync_fake_hevy import KEY, FakeHevy, account, dropped_connection
from etl.errors import LiftbalanceError
from etl.sync.hevy_api import HevyClient, HevyError, HevyKeyRefused, Retry, base_url

T0 = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)


class Sleeps:
    """Records the waits instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeHevy:
    hevy = FakeHevy()
    for workout in account(25)[::-1]:
        hevy.add(workout, T0)
    hevy.serve(httpserver)
    return hevy


def client(
    httpserver: HTTPServer, key: str = KEY, sleeps: Sleeps | None = None, jitter: float = 0.5
) -> HevyClient:
    retry = Retry(sleep=sleeps or Sleeps(), jitter=lambda: jitter)
    return HevyClient(key, url=httpserver.url_for("/"), retry=retry)


def test_every_page_is_read_ten_at_a_time(httpserver, fake):
    seen = []
    with client(httpserver) as hevy:
        pages = hevy.workout_pages(lambda done, total: seen.append((done, total)))
    assert [p["page"] for p in pages] == [1, 2, 3]
    assert [w["id"] for p in pages for w in p["workouts"]] == [w["id"] for w in fake.workouts]
    assert fake.requests == [f"/v1/workouts?page={n}&pageSize=10" for n in (1, 2, 3)]
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_events_since_a_time_are_asked_in_rfc3339(httpserver, fake):
    fake.delete(fake.workouts[0]["id"], datetime(2026, 4, 2, tzinfo=UTC))
    with client(httpserver) as hevy:
        pages = hevy.event_pages(datetime(2026, 4, 1, 14, 0, 5, 123, tzinfo=UTC))
    assert fake.requests == ["/v1/workouts/events?since=2026-04-01T14:00:05Z&page=1&pageSize=10"]
    assert [e["type"] for p in pages for e in p["events"]] == ["deleted"]


def test_a_refused_key_says_so_at_once(httpserver, fake):
    sleeps = Sleeps()
    with client(httpserver, key="not-my-key", sleeps=sleeps) as hevy, pytest.raises(HevyKeyRefused) as caught:
        hevy.workout_pages()
    assert str(caught.value).startswith("Hevy refused the API key (401")
    assert "not-my-key" not in str(caught.value)
    assert sleeps.waits == [] and len(fake.requests) == 1


def test_429_then_success_waits_as_told(httpserver, fake):
    httpserver.expect_oneshot_request("/v1/workouts").respond_with_response(
        Response("slow down", status=429, headers={"Retry-After": "2"})
    )
    httpserver.expect_oneshot_request("/v1/workouts").respond_with_response(Response("slow down", status=429))
    sleeps = Sleeps()
    with client(httpserver, sleeps=sleeps, jitter=0.0) as hevy:
        pages = hevy.workout_pages()
    assert len(pages) == 3
    # Retry-After: 2 is honoured; then attempt 1's backoff: 0.5 * 2**1 = 1 s, half fixed, jitter 0.
    assert sleeps.waits == [2.0, 0.5]


def test_server_errors_are_retried_a_bounded_number_of_times(httpserver):
    httpserver.expect_request("/v1/workouts").respond_with_response(Response("oops", status=503))
    sleeps = Sleeps()
    with client(httpserver, sleeps=sleeps, jitter=1.0) as hevy, pytest.raises(HevyError) as caught:
        hevy.workout_pages()
    assert (
        str(caught.value)
        == "Hevy answered 503 (a server error), 5 times; nothing was changed. Try again later."
    )
    assert len(httpserver.log) == 5
    assert sleeps.waits == [0.5, 1.0, 2.0, 4.0]  # 0.5 * 2**n, jitter at its top


def test_backoff_is_capped_and_jittered_within_half_of_each_step():
    retry = Retry(jitter=lambda: 0.25, cap_s=3.0)
    assert [retry.delay(n) for n in range(5)] == [0.3125, 0.625, 1.25, 1.875, 1.875]
    assert retry.delay(0, "120") == 3.0 and retry.delay(0, "Wed, 21 Oct 2015 07:28:00 GMT") == 0.3125


def test_a_dropped_connection_is_retried_then_reported(httpserver, fake):
    for _ in range(5):
        httpserver.expect_oneshot_request("/v1/workouts").respond_with_handler(dropped_connection)
    with client(httpserver) as hevy, pytest.raises(HevyError) as caught:
        hevy.workout_pages()
    assert str(caught.value).startswith(
        f"The connection to {httpserver.url_for('/').rstrip('/')} failed (RemoteProtocolError), 5 times"
    )
    assert isinstance(caught.value, LiftbalanceError)


def test_a_drop_that_heals_is_retried(httpserver, fake):
    httpserver.expect_oneshot_request("/v1/workouts").respond_with_handler(dropped_connection)
    with client(httpserver) as hevy:
        assert len(hevy.workout_pages()) == 3


def test_the_key_is_in_no_log_error_or_repr(httpserver, fake, caplog):
    caplog.set_level(logging.DEBUG)
    with client(httpserver) as hevy:
        hevy.workout_pages()
        text = repr(hevy)
    with client(httpserver, key=KEY.replace("5c1d", "dead")) as bad, pytest.raises(HevyKeyRefused) as caught:
        bad.workout_pages()
    assert caplog.records  # httpx and httpcore did log the requests
    assert KEY not in caplog.text and KEY not in text and "dead" not in str(caught.value)
    assert fake.requests[0] == "/v1/workouts?page=1&pageSize=10"  # the key travels in a header only


def test_an_empty_key_is_refused_before_any_request():
    with pytest.raises(HevyKeyRefused):
        HevyClient("  ")


def test_the_base_url_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("LIFTBALANCE_HEVY_URL", raising=False)
    assert base_url() == "https://api.hevyapp.com"
    monkeypatch.setenv("LIFTBALANCE_HEVY_URL", "http://127.0.0.1:9/")
    assert base_url() == "http://127.0.0.1:9"
