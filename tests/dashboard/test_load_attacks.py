"""Strangers cannot stall the server: a real ``liftbalance serve`` on loopback, one logged-in lifter asking for
charts, and an attacker doing one thing at a time. Each attack is bounded in count and time; the lifter's
chart latency (p95) during it is printed, and for idle connections and big unauthenticated bodies it must
stay under 500 ms (docs/process-model.md, SECURITY.md).

``LIFTBALANCE_ATTACK_PYTHONPATH`` runs the server (and its ``user add``) from another checkout: that is how
the closing note's BEFORE figures were taken on the code before issue 20.
"""

from __future__ import annotations

import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from sample_logs.synthetic import synthetic_export
from tests.components import csrf_token, data_url
from tests.helpers.dash_requests import callback_body, find_callback
from tests.helpers.loopback import Client, free_port, wait_until_up

pytestmark = pytest.mark.load

VICTIM_PASSWORD = "the victim's password"
ATTACKER_PASSWORD = "the attacker's password"
P95_BUDGET_S = 0.5
CHART_TIMEOUT_S = 10.0  # a chart that takes longer counts as this long
IDLE_CONNECTIONS = 150
BIG_BODY_BYTES = 300 * 2**20
BIG_BODY_POSTS = 3
ATTACK_SECONDS = 6.0
FLOOD_CLIENTS = 16
QUEUED_UPLOADS = 20
CHART_VALUES = {
    ("selection", "data"): {"athlete": "lifter", "start": None, "end": None},
    ("metric", "value"): "sets",
}


def server_env() -> dict[str, str]:
    env = dict(os.environ)
    other = os.environ.get("LIFTBALANCE_ATTACK_PYTHONPATH")
    if other:
        env["PYTHONPATH"] = other
    return env


# Children run outside the checkout: ``python -m`` puts the working folder first on sys.path.
CHILD_CWD = Path(tempfile.gettempdir())


def cli(*args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "liftbalance", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=server_env(),
        cwd=CHILD_CWD,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


def add_account(main: Path, name: str, password: str) -> Path:
    """``liftbalance user add`` (either version prints where the account's data lives)."""
    out = cli("user", "add", name, "--db", str(main), "--password-stdin", stdin=password + "\n")
    found = re.search(r"will live in (\S+\.duckdb)", out)
    assert found, out
    return Path(found.group(1))


@dataclass
class Server:
    base: str
    process: subprocess.Popen[str]
    host: str
    port: int

    def login(self, name: str, password: str) -> requests.Session:
        browser = requests.Session()
        token = csrf_token(browser.get(self.base + "/login", timeout=30).text)
        response = browser.post(
            self.base + "/login",
            data={"csrf": token, "name": name, "password": password},
            allow_redirects=False,
            timeout=60,
        )
        assert response.status_code == 302, response.text
        return browser

    def client(self, browser: requests.Session, statuses: list[int]) -> Client:
        deps = browser.get(self.base + "/_dash-dependencies", timeout=30).json()
        return Client(self.base, browser.cookies, deps, statuses)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("attacks")
    main = folder / "main.duckdb"
    victim_db = add_account(main, "victim", VICTIM_PASSWORD)
    add_account(main, "attacker", ATTACKER_PASSWORD)
    export = folder / "victim.csv"
    export.write_bytes(synthetic_export(3000, "hevy"))
    cli("ingest", str(export), "--db", str(victim_db), "--athlete", "lifter")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "liftbalance", "serve", "--db", str(main), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=server_env(),
        cwd=CHILD_CWD,
    )
    try:
        wait_until_up(base, process, time.monotonic() + 90)
        yield Server(base, process, "127.0.0.1", port)
    finally:
        process.terminate()
        _, log = process.communicate(timeout=60)
        print("\nserver log tail:\n" + log[-1500:])


def timed_charts(client: Client, until: Callable[[], bool], at_least: int = 12) -> list[float]:
    """Chart callbacks one after another until ``until()`` (and at least ``at_least``); each one's seconds."""
    took = []
    i = 0
    while i < at_least or not until():
        fragment = ("balance-cards", "export-preview", "exercise-table")[i % 3]
        body = callback_body(find_callback(client.deps, fragment), CHART_VALUES, "selection.data")
        started = time.monotonic()
        try:
            # A new connection each time, as a browser opens them over a session: an attack on connection
            # slots shows only when the lifter needs a new one.
            response = client.http.post(
                client.base + "/_dash-update-component",
                json=body,
                timeout=CHART_TIMEOUT_S,
                headers={"Connection": "close"},
            )
            ok = response.status_code == 200
        except requests.RequestException:
            ok = False
        took.append(time.monotonic() - started if ok else CHART_TIMEOUT_S)
        i += 1
    return took


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1] if len(samples) >= 2 else samples[0]


def report(name: str, samples: list[float]) -> float:
    value = p95(samples)
    print(
        f"\n{name}: victim chart p95 {value * 1000:.0f} ms, median {statistics.median(samples) * 1000:.0f} ms, "
        f"worst {max(samples) * 1000:.0f} ms over {len(samples)} chart requests"
    )
    return value


@contextmanager
def idle_connections(server: Server, count: int) -> Iterator[list[socket.socket]]:
    """``count`` connections that each send half a request line and then wait."""
    held = []
    try:
        for _ in range(count):
            sock = socket.create_connection((server.host, server.port), timeout=5)
            sock.sendall(b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            held.append(sock)
        yield held
    finally:
        for sock in held:
            sock.close()


def test_baseline(server):
    victim = server.client(server.login("victim", VICTIM_PASSWORD), [])
    timed_charts(victim, lambda: True, at_least=3)  # warm
    report("no attack", timed_charts(victim, lambda: True, at_least=20))


def test_150_idle_connections_do_not_stall_a_logged_in_lifter(server):
    victim = server.client(server.login("victim", VICTIM_PASSWORD), [])
    timed_charts(victim, lambda: True, at_least=3)
    with idle_connections(server, IDLE_CONNECTIONS):
        deadline = time.monotonic() + ATTACK_SECONDS
        samples = timed_charts(victim, lambda: time.monotonic() > deadline)
    assert report(f"{IDLE_CONNECTIONS} idle connections", samples) < P95_BUDGET_S


def send_big_body(server: Server, stop: threading.Event, sent: list[int]) -> None:
    """One unauthenticated POST announcing ``BIG_BODY_BYTES`` and sending as much as the server takes."""
    chunk = b"x" * 2**20
    total = 0
    try:
        with socket.create_connection((server.host, server.port), timeout=5) as sock:
            sock.sendall(
                b"POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/json\r\nContent-Length: "
                + str(BIG_BODY_BYTES).encode()
                + b"\r\n\r\n"
            )
            while total < BIG_BODY_BYTES and not stop.is_set():
                sock.sendall(chunk)
                total += len(chunk)
    except OSError:
        pass  # the server closed the connection: what a refusal looks like
    sent.append(total)


def test_big_unauthenticated_bodies_are_refused_before_they_are_read(server):
    victim = server.client(server.login("victim", VICTIM_PASSWORD), [])
    timed_charts(victim, lambda: True, at_least=3)
    stop, sent = threading.Event(), []
    posts = [threading.Thread(target=send_big_body, args=(server, stop, sent)) for _ in range(BIG_BODY_POSTS)]
    for post in posts:
        post.start()
    deadline = time.monotonic() + ATTACK_SECONDS
    samples = timed_charts(victim, lambda: time.monotonic() > deadline)
    stop.set()
    for post in posts:
        post.join(timeout=60)
    print(
        f"\nunauthenticated bodies: {[s // 2**20 for s in sent]} MB sent before the server stopped reading "
        f"(of {BIG_BODY_BYTES // 2**20} MB announced each)"
    )
    value = report(f"{BIG_BODY_POSTS} big unauthenticated bodies", samples)
    assert max(sent) < 64 * 2**20  # refused after the headers: the socket buffers hold a few MB at most
    assert value < P95_BUDGET_S


def test_one_account_queueing_20_uploads_does_not_stall_another_account_import(server):
    attacker = server.client(server.login("attacker", ATTACKER_PASSWORD), [])
    victim = server.client(server.login("victim", VICTIM_PASSWORD), [])
    big = synthetic_export(20_000, "hevy")  # Hevy carries its unit: the import starts without a question
    alone_started = time.monotonic()
    victim.upload(synthetic_export(18, "hevy", seed=7), "small-first.csv")
    alone = time.monotonic() - alone_started
    with ThreadPoolExecutor(max_workers=QUEUED_UPLOADS) as pool:
        queued = [pool.submit(start_upload, attacker, big, f"big-{k}.csv") for k in range(QUEUED_UPLOADS)]
        jobs = [job.result()["import-job"]["data"] for job in queued]
        assert all(jobs)  # each one started an import job
        started = time.monotonic()
        victim.upload(synthetic_export(18, "hevy", seed=8), "small.csv")
        took = time.monotonic() - started
        ahead = sum(
            finished(attacker, job) for job in jobs
        )  # the attacker's imports done before the victim's
        samples = timed_charts(victim, lambda: True, at_least=12)
    print(
        f"\n{QUEUED_UPLOADS} queued uploads by another account: the victim's 18-set import took {took:.2f} s "
        f"({alone:.2f} s with nothing queued); {ahead} of the other account's imports had finished by then"
    )
    report(f"{QUEUED_UPLOADS} queued uploads", samples)
    # Taking turns, the victim's import waits for at most the one or two already running, not the whole queue.
    assert ahead <= 4


def finished(client: Client, job: str) -> bool:
    answer = client.callback(
        "upload-progress.value",
        {("import-poll", "n_intervals"): 1, ("import-job", "data"): job},
        "import-poll.n_intervals",
    )
    return answer.get("import-poll", {}).get("disabled") is True


def start_upload(client: Client, data: bytes, name: str) -> Any:
    """Start an import without waiting for it (what a browser that drops 20 files does)."""
    return client.callback(
        "import-job.data",
        {
            ("upload", "contents"): [data_url(data)],
            ("upload", "filename"): [name],
            ("upload-new-athlete", "value"): "lifter",
            ("skip-invalid", "value"): False,
        },
        "upload.contents",
    )


# Last: the flood spends this address's login allowance for the next minutes.
# The flood runs in its own process: 16 threads of requests in this one would starve the lifter's client of
# the GIL and measure the test, not the server.
FLOOD_SCRIPT = """
import json, sys, threading, time, re, requests
base, seconds, clients = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
statuses, stop = [], time.monotonic() + seconds
def guess():
    browser = requests.Session()
    token = re.search(r'name="csrf" value="([^"]+)"', browser.get(base + "/login", timeout=30).text).group(1)
    while time.monotonic() < stop:
        try:
            statuses.append(browser.post(base + "/login", timeout=30, allow_redirects=False,
                data={"csrf": token, "name": "mallory", "password": "a wrong guess 123"}).status_code)
        except requests.RequestException:
            statuses.append(0)
        time.sleep(1 / 7)
threads = [threading.Thread(target=guess) for _ in range(clients)]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps(statuses))
"""


def test_a_login_flood_is_limited_and_does_not_stall_a_logged_in_lifter(server):
    victim = server.client(server.login("victim", VICTIM_PASSWORD), [])
    timed_charts(victim, lambda: True, at_least=3)
    flood = subprocess.Popen(
        [sys.executable, "-c", FLOOD_SCRIPT, server.base, str(ATTACK_SECONDS), str(FLOOD_CLIENTS)],
        stdout=subprocess.PIPE,
        text=True,
        env=server_env(),
        cwd=CHILD_CWD,
    )
    time.sleep(1.0)  # the flood's clients are up
    deadline = time.monotonic() + ATTACK_SECONDS - 1.0
    samples = timed_charts(victim, lambda: time.monotonic() > deadline)
    statuses = json.loads(flood.communicate(timeout=120)[0])
    counts = {code: statuses.count(code) for code in sorted(set(statuses))}
    print(f"\nlogin flood: {len(statuses)} wrong logins from {FLOOD_CLIENTS} clients, answers {counts}")
    report(f"login flood ({FLOOD_CLIENTS} clients)", samples)
    assert (
        statuses.count(401) <= 15
    )  # 10 a minute from this address, 5 a minute for the name (login_throttle)
