"""A throwaway local PostgreSQL for the hosted-mode benchmarks (``bench.hosted_queue``, ``bench.hosted_web``).

The Debian server binaries, a cluster in a temporary directory, loopback only, stopped and deleted at the
end. Unlike the test fixture (``tests/pg.py``) it keeps PostgreSQL's durable defaults (fsync on): the
figures are for a server that keeps what it commits. PostgreSQL refuses to run as root, so as root every
server command runs as the ``postgres`` user. ``server_cpu_s`` reads the server's CPU seconds from /proc
(the postmaster's own and its reaped children's, plus the live backends'), so a benchmark can charge the
database's share of each request.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

USER = "postgres"
HZ = os.sysconf("SC_CLK_TCK")


def _bin_dir() -> Path:
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    raise RuntimeError("PostgreSQL's server binaries are not installed (apt-get install postgresql)")


def _as_server(argv: list[str]) -> list[str]:
    return ["runuser", "-u", USER, "--", *argv] if os.geteuid() == 0 else argv


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree_cpu_s(parent: int) -> float:
    """CPU seconds of process ``parent`` and its children: its own and its reaped children's (cutime,
    cstime), plus each live child's. Covers a postmaster and its backends, or gunicorn and its workers."""
    total = 0.0
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(Path(stat).parent.name), int(fields[1])
        if pid == parent:
            total += sum(int(f) for f in fields[11:15]) / HZ  # utime stime cutime cstime
        elif ppid == parent:
            total += (int(fields[11]) + int(fields[12])) / HZ
    return total


@dataclass(frozen=True)
class LocalPostgres:
    url: str
    data: Path

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().splitlines()[0])

    def server_cpu_s(self) -> float:
        """CPU seconds the server has used so far (exited backends included, via the postmaster's cutime)."""
        return tree_cpu_s(self.postmaster_pid())

    def fresh_database(self, name: str) -> str:
        """A new empty database on this server; its URL."""
        with psycopg.connect(self.url, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}"')  # noqa: S608 (a benchmark's own fixed names)
            con.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + "/" + name


@contextmanager
def local_postgres() -> Iterator[LocalPostgres]:
    bin_dir = _bin_dir()
    root = Path(tempfile.mkdtemp(prefix="liftbalance-bench-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, user=USER, group=USER)
    data, port = root / "data", _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    subprocess.run(
        _as_server([str(bin_dir / "initdb"), "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8"]),
        check=True, capture_output=True, env=env,
    )  # fmt: skip
    options = f"-h 127.0.0.1 -p {port} -k {root} -c max_connections=200"
    subprocess.run(
        _as_server([str(bin_dir / "pg_ctl"), "start", "-D", str(data), "-l", str(root / "log"), "-w", "-o", options]),
        check=True, capture_output=True, env=env,
    )  # fmt: skip
    try:
        yield LocalPostgres(f"postgresql://{USER}@127.0.0.1:{port}/postgres", data)
    finally:
        subprocess.run(
            _as_server([str(bin_dir / "pg_ctl"), "stop", "-D", str(data), "-m", "fast", "-w"]),
            check=False, capture_output=True, env=env,
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)
