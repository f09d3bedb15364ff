"""Files that hold training data, password hashes or the session key are created 0600 in 0700 folders,
whatever the umask, whichever command creates them first (``ingest``, ``restore``, ``user add``, ``serve``)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from etl.store import database as store
from etl.store import private_files
from tests.helpers.corpus import REPO

SAMPLE = REPO / "sample_logs" / "strong_sample.csv"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def liftbalance(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process whose umask is the common 022 (world-readable by default)."""
    return subprocess.run(
        [sys.executable, "-m", "liftbalance", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.umask(0o022),
    )


def private_tree(root: Path, top: Path) -> dict[str, int]:
    """Mode of every file and folder from ``top`` down that is not exactly private, relative to ``root``."""
    found = {}
    for path in [top, *top.rglob("*")]:
        wanted = 0o700 if path.is_dir() else 0o600
        if mode(path) != wanted:
            found[str(path.relative_to(root))] = oct(mode(path))
    return found


def test_ingest_creates_the_database_and_its_new_folders_private(tmp_path):
    db = tmp_path / "new" / "deeper" / "lb.duckdb"
    result = liftbalance("ingest", str(SAMPLE), "--db", str(db), "--unit", "kg")
    assert result.returncode == 0, result.stderr
    assert private_tree(tmp_path, tmp_path / "new") == {}
    assert mode(db) == 0o600


def test_user_add_creates_the_accounts_file_and_key_private(tmp_path):
    db = tmp_path / "lb.duckdb"
    result = liftbalance(
        "user", "add", "ana", "--db", str(db), "--password-stdin", stdin="a long enough password\n"
    )
    assert result.returncode == 0, result.stderr
    assert private_tree(tmp_path, tmp_path / "lb-accounts") == {}
    assert mode(tmp_path / "lb-accounts" / "accounts.sqlite3") == 0o600


def test_restore_creates_a_private_database(tmp_path):
    source = tmp_path / "src.duckdb"
    assert liftbalance("ingest", str(SAMPLE), "--db", str(source), "--unit", "kg").returncode == 0
    backup = tmp_path / "backup"
    assert liftbalance("backup", "--out", str(backup), "--db", str(source)).returncode == 0
    (tmp_path / "restored").mkdir(mode=0o700)
    restored = tmp_path / "restored" / "lb.duckdb"
    result = liftbalance("restore", str(backup), "--db", str(restored))
    assert result.returncode == 0, result.stderr
    assert private_tree(tmp_path, tmp_path / "restored") == {}


def test_the_library_creates_a_private_file_and_folder_even_under_a_loose_umask(tmp_path):
    previous = os.umask(0o022)
    try:
        with store.opened(tmp_path / "made" / "lb.duckdb") as con:
            con.execute("CREATE TABLE t AS SELECT 1")
    finally:
        os.umask(previous)
    assert mode(tmp_path / "made") == 0o700 and mode(tmp_path / "made" / "lb.duckdb") == 0o600


def test_an_existing_folder_the_user_chose_is_left_alone(tmp_path):
    chosen = tmp_path / "shared"
    chosen.mkdir(mode=0o755)
    os.chmod(chosen, 0o755)
    private_files.make_private_dir(chosen / "sub")
    assert mode(chosen) == 0o755 and mode(chosen / "sub") == 0o700


@pytest.mark.parametrize("racers", [4])
def test_two_processes_creating_the_session_key_agree_on_one(tmp_path, racers):
    code = (
        "import sys; from pathlib import Path; from etl.store import accounts; "
        "sys.stdout.write(accounts.session_signing_key(Path(sys.argv[1])).hex())"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(tmp_path / "lb.duckdb")], stdout=subprocess.PIPE, text=True
        )
        for _ in range(racers)
    ]
    keys = {run.communicate(timeout=60)[0] for run in runs}
    assert len(keys) == 1 and len(keys.pop()) == 64
