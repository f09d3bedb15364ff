"""``liftbalance settings``: show, set (with validation), reset; the values land where the charts read them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from etl.analysis.settings import BalanceSettings, load_settings, load_source_settings
from etl.store import database as store
from liftbalance.cli import cli


def invoke(db: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["settings", "--db", str(db), "--athlete", "ana", *args])


def test_show_lists_every_threshold_with_its_basis(tmp_path: Path) -> None:
    result = invoke(tmp_path / "lb.duckdb")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Settings for athlete 'ana':"
    assert any(
        line.split() == ["dominance_ratio", "1.5", "[heuristic,", "no", "published", "norm]"]
        for line in lines
    )
    assert any(
        "low_volume_sets" in line and "cited: Schoenfeld, Ogborn & Krieger 2017" in line for line in lines
    )
    assert any("hq_reference" in line and "analogy:" in line for line in lines)
    assert any(line.split()[:2] == ["min_rpe", "off"] for line in lines)
    assert len(lines) == 1 + len(BalanceSettings.__dataclass_fields__) + 1  # + source_priority


def test_set_stores_the_value_and_show_marks_it_changed(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    assert invoke(db, "set", "dominance_ratio", "1.8").output == "dominance_ratio = 1.8 for athlete 'ana'.\n"
    assert invoke(db, "set", "window_weeks", "6").exit_code == 0
    assert invoke(db, "set", "min_rpe", "7").exit_code == 0
    assert invoke(db, "set", "source_priority", "Hevy, strong").exit_code == 0
    with store.opened(db) as con:
        settings = load_settings(con, "ana")
        assert (settings.dominance_ratio, settings.window_weeks, settings.min_rpe) == (1.8, 6, 7.0)
        assert isinstance(settings.window_weeks, int)
        assert load_source_settings(con, "ana").source_priority == ("hevy", "strong")
        assert load_settings(con, "someone-else") == BalanceSettings()
    shown = invoke(db, "show").output
    assert "  dominance_ratio         1.8  (default 1.5)  [heuristic, no published norm]\n" in shown, shown
    assert "  source_priority         hevy, strong  [your choice]\n" in shown


def test_a_bad_value_is_refused_with_the_reason_and_nothing_changes(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    result = invoke(db, "set", "dominance_ratio", "-2")
    assert result.exit_code == 1 and "dominance_ratio must be a positive number (got -2.0)" in result.output
    assert "Traceback" not in result.output
    word = invoke(db, "set", "window_weeks", "four")
    assert word.exit_code == 1 and "window_weeks must be a number (got 'four')" in word.output
    half = invoke(db, "set", "window_weeks", "2.5")
    assert half.exit_code == 1 and "window_weeks must be a whole number of weeks" in half.output
    unknown = invoke(db, "set", "colour", "red")
    assert unknown.exit_code == 2 and "'colour' is not one of" in unknown.output
    with store.opened(db) as con:
        assert load_settings(con, "ana") == BalanceSettings()


def test_reset_restores_the_defaults(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    assert invoke(db, "set", "low_volume_sets", "3").exit_code == 0
    assert invoke(db, "set", "source_priority", "strong").exit_code == 0
    with store.opened(db) as con:
        assert load_settings(con, "ana").low_volume_sets == 3
    result = invoke(db, "reset")
    assert result.output == "Settings for athlete 'ana' are back to the defaults.\n"
    with store.opened(db) as con:
        assert load_settings(con, "ana") == BalanceSettings()
        assert load_source_settings(con, "ana").source_priority == ()
