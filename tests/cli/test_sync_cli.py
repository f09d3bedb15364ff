"""``liftbalance sync hevy`` as a lifter runs it, against a fake account on loopback: the report (text and
--json), the key asked once and kept in a private file, never printed, and ``--forget``."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from bench.sync_fake_hevy import KEY, FakeHevy, account, workout
from etl.sync.hevy_key import key_dir, key_file
from liftbalance.cli import cli


@pytest.fixture
def fake(httpserver: HTTPServer, monkeypatch, tmp_path) -> FakeHevy:
    hevy = FakeHevy()
    for one in account(12)[::-1]:
        hevy.add(one, datetime(2026, 1, 1, tzinfo=UTC))
    hevy.serve(httpserver)
    monkeypatch.setenv("LIFTBALANCE_HEVY_URL", httpserver.url_for("/"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("HEVY_API_KEY", raising=False)
    return hevy


def run(tmp_path, *args: str, key_input: str | None = None):
    return CliRunner().invoke(
        cli, ["sync", "hevy", "--db", str(tmp_path / "t.duckdb"), "--tz", "UTC", *args], input=key_input
    )


def test_the_key_from_the_environment_syncs_and_is_never_printed_or_kept(tmp_path, fake, monkeypatch):
    monkeypatch.setenv("HEVY_API_KEY", KEY)
    first = run(tmp_path)
    assert first.exit_code == 0, first.output
    sets = sum(len(e["sets"]) for w in fake.workouts for e in w["exercises"])
    assert first.stdout.splitlines()[0] == (
        f"Hevy sync (every workout): 12 workouts received in 2 pages, {sets} sets added, 0 updated, 0 unchanged, 0 removed"
    )
    assert KEY not in first.output and not key_dir().exists()
    fake.add(workout(datetime.now(UTC), [("Hip Thrust (Barbell)", [("normal", 100.0, 10)] * 2)]))
    fake.delete(fake.workouts[3]["id"])
    second = json.loads(run(tmp_path, "--json").stdout)
    assert (
        second["sync"],
        second["workouts_received"],
        second["workouts_deleted"],
        second["sets_added"],
    ) == (
        "events",
        1,
        1,
        2,
    )
    assert {
        "file",
        "format",
        "workouts",
        "sets_added",
        "sets_updated",
        "sets_unchanged",
        "sets_removed",
    } <= second.keys()


def test_a_typed_key_is_asked_once_kept_private_and_forgotten(tmp_path, fake):
    first = run(tmp_path, key_input=KEY + "\n")
    assert first.exit_code == 0, first.output
    assert KEY not in first.output  # hidden input: not echoed
    kept = key_file(tmp_path / "t.duckdb", "default")
    assert kept.read_text() == KEY
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600 and stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    again = run(tmp_path)  # no input: the kept key is used, nothing is asked
    assert again.exit_code == 0, again.output
    assert "Hevy API key" not in again.output and again.stdout.startswith("Hevy sync (changes since ")
    forgot = run(tmp_path, "--forget")
    assert forgot.exit_code == 0 and forgot.stdout.startswith("Forgot the Hevy API key kept for default")
    assert not kept.exists()
    assert run(tmp_path, "--forget").stdout.startswith("No Hevy API key was kept")


def test_a_refused_key_fails_cleanly_and_is_not_kept(tmp_path, fake):
    result = run(tmp_path, "--json", key_input="not-the-key\n")
    assert result.exit_code == 1
    assert "Hevy refused the API key" in result.stderr and "Traceback" not in result.output
    assert json.loads(result.stdout)["error"].startswith("Hevy refused the API key")
    assert "not-the-key" not in result.output  # hidden input is not echoed, and errors never name the key
    assert not key_file(tmp_path / "t.duckdb", "default").exists()


def test_keys_are_kept_per_database_and_athlete(tmp_path, fake):
    assert key_file(tmp_path / "a.duckdb", "ana") != key_file(tmp_path / "b.duckdb", "ana")
    assert key_file(tmp_path / "a.duckdb", "ana") != key_file(tmp_path / "a.duckdb", "bo")
    assert "ana" not in key_file(tmp_path / "a.duckdb", "ana").name


def test_the_text_report_counts_deletions_in_words(tmp_path, fake, monkeypatch):
    monkeypatch.setenv("HEVY_API_KEY", KEY)
    assert run(tmp_path).exit_code == 0
    gone = fake.workouts[0]
    fake.delete(gone["id"])
    lines = run(tmp_path).stdout.splitlines()
    n = sum(len(e["sets"]) for e in gone["exercises"])
    assert lines[0].startswith("Hevy sync (changes since ")
    assert lines[0].endswith(
        f" UTC): 0 workouts received in 1 page, 0 sets added, 0 updated, 0 unchanged, {n} removed"
    )
    assert lines[1] == "  1 workout deleted in Hevy was removed"
