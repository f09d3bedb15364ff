"""``liftbalance verdict`` through click's CliRunner: text and JSON, --week, and an empty database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from etl.store import database as store
from liftbalance.cli import cli
from tests.helpers.weekly_sets import insert_sets, repeat, sets_frame, week


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["verdict", "--db", str(db), *args])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """'default' squats only, 8 sets a week for 6 weeks (real taxonomy); 'bo' only benches."""
    path = tmp_path / "lb.duckdb"
    sets: list[dict[str, Any]] = []
    for n in range(6):
        sets += repeat(8, "Squat (Barbell)", week(n), athlete="default")
    sets += repeat(5, "Bench Press (Barbell)", week(0), athlete="bo")
    with store.opened(path) as con:
        insert_sets(con, sets_frame(*sets))
    return path


def test_json_is_the_documented_shape(db: Path) -> None:
    result = run(db, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["athlete", "week_start", "status", "gaps", "headline", "actions", "notes"]
    assert (data["athlete"], data["week_start"], data["status"]) == (
        "default",
        "2024-02-05",
        "glute_dominant",
    )
    assert data["gaps"] == ["hip_extension", "knee_flexion", "nordic"]
    # No hamstring work at all: knee flexion first, then hip extension, 2 sets each (the 4-set cap).
    assert [(a["exercise"], a["sets_per_week"], a["role"]) for a in data["actions"]] == [
        ("seated leg curl", 2, "knee_flexion"),
        ("Romanian deadlift", 2, "hip_extension"),
    ]


def test_text_and_an_earlier_week(db: Path) -> None:
    result = run(db, "--week", "2024-01-02")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Early days: leaning glute-heavy")
    assert "Note: Early: this rests on 1 week of training" in result.output


def test_a_lifter_without_leg_training_and_an_empty_database(db: Path, tmp_path: Path) -> None:
    bo = json.loads(run(db, "--athlete", "bo", "--format", "json").output)
    assert (bo["status"], bo["headline"], bo["actions"]) == ("no_lower_body", "No leg training logged", [])
    none = run(tmp_path / "none.duckdb")
    assert none.exit_code == 0 and none.output.startswith("No training logged yet")
    assert not (tmp_path / "none.duckdb").exists()
