"""``liftbalance worker`` runs queued imports from a PostgreSQL database and refuses anything else, saying why.

The worker's behaviour against a real PostgreSQL (order, parallel athletes, kill -9) is in
``tests/etl/queue/test_import_queue.py``; here, the command line itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from liftbalance.cli import cli
from tests.helpers.queue_workers import enqueue, wait_done


@pytest.mark.parametrize("db", ["lb.duckdb", "", "postgres-ish.db"])
def test_the_worker_refuses_a_database_file_and_names_the_url_it_needs(db: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["worker", "--db", db] if db else ["worker"], env={"LIFTBALANCE_DB": ""})
    assert result.exit_code == 2
    assert "pass --db postgresql://USER@HOST/NAME" in result.output
    assert "A database file needs no worker" in result.output


def test_until_empty_runs_the_waiting_import_and_stops(pg_url: str) -> None:
    from sample_logs.synthetic import synthetic_export

    token = enqueue(pg_url, [(synthetic_export(300, "strong"), "a.csv")], athlete="ann")
    result = CliRunner().invoke(cli, ["worker", "--db", pg_url, "--until-empty"])
    assert result.exit_code == 0, result.output
    [state] = wait_done(pg_url, [token], timeout=30)
    assert state.job_status == "succeeded"
    [outcome] = (state.result or {})["outcomes"]
    assert outcome["report"]["sets_added"] == 300
