"""A real PostgreSQL for the tests: one server per test run, a fresh empty database per test.

The hosted store (issue 24) is tested against the PostgreSQL Debian ships, not a mock. ``pg_server``
initialises a cluster in a temporary directory and starts it on a free loopback port (socket directory
in the same temporary directory, trust authentication: nothing listens beyond 127.0.0.1); it stops it
when the run ends. PostgreSQL refuses to run as root, and CI runs as root, so there the cluster belongs
to the ``postgres`` user and every server command runs through ``runuser -u postgres --``.

Per-test databases come from pytest-postgresql: ``postgresql_noproc`` points it at our server (it makes
a template database once) and ``postgresql`` creates a fresh database from that template for each test
and drops it after. ``pg_url`` is that database as a ``postgresql://`` URL, the form ``--db`` takes.
Where the binaries are absent, every test that asks for them is skipped with the reason.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_postgresql import factories

PG_HOST = "127.0.0.1"
PG_USER = "postgres"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((PG_HOST, 0))
        return int(sock.getsockname()[1])


# Chosen when the module is imported: pytest-postgresql's factories take the port then. Each test run
# (several may run at once on one machine) gets its own.
PG_PORT = _free_port()


def pg_bin_dir() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``: on PATH, else Debian's newest versioned one."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "pg_ctl").exists() and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    return None


def _as_server_user(argv: list[str]) -> list[str]:
    """``argv`` run as the ``postgres`` user when we are root (PostgreSQL refuses root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", PG_USER, "--", *argv]
    return argv


@pytest.fixture(scope="session")
def pg_server() -> Iterator[tuple[str, int]]:
    """One PostgreSQL server for the test run, on ``(PG_HOST, PG_PORT)``; stopped at the end."""
    bin_dir = pg_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) are not installed; .ci/run installs them in CI")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root needs runuser to start PostgreSQL as the postgres user")
    user = PG_USER if os.geteuid() == 0 else None
    # Not under pytest's tmp_path_factory: that tree is private to root, and the server runs as postgres.
    root = Path(tempfile.mkdtemp(prefix="liftbalance-pg-"))
    data, log = root / "data", root / "server.log"
    if user:
        shutil.chown(root, user=user, group=user)
    run_env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    subprocess.run(
        _as_server_user(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", PG_USER, "--auth=trust", "-E", "UTF8",
             "--no-sync"]
        ),
        check=True, capture_output=True, env=run_env,
    )  # fmt: skip
    options = f"-h {PG_HOST} -p {PG_PORT} -k {root} -c fsync=off -c full_page_writes=off"
    subprocess.run(
        _as_server_user(
            [str(bin_dir / "pg_ctl"), "start", "-D", str(data), "-l", str(log), "-w", "-o", options]
        ),
        check=True, capture_output=True, env=run_env,
    )  # fmt: skip
    try:
        yield PG_HOST, PG_PORT
    finally:
        subprocess.run(
            _as_server_user([str(bin_dir / "pg_ctl"), "stop", "-D", str(data), "-m", "fast", "-w"]),
            check=False, capture_output=True, env=run_env,
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


# pytest-postgresql's own fixtures, pointed at our server: a template database made once per run (after
# ``pg_server`` started it: ``pg_url`` asks for that first), and a fresh database cloned from it per test.
pg_noproc = factories.postgresql_noproc(host=PG_HOST, port=PG_PORT, user=PG_USER)
pg_database = factories.postgresql("pg_noproc")


@pytest.fixture
def pg_url(pg_server: tuple[str, int], request: pytest.FixtureRequest) -> str:
    """A ``postgresql://`` URL to a fresh, empty database for this test (dropped after it)."""
    connection = request.getfixturevalue("pg_database")
    info = connection.info
    return f"postgresql://{info.user}@{info.host}:{info.port}/{info.dbname}"
