"""The import report names what it read but does not count: unrecognised names with their working
sets (after the athlete's own mappings) and skipped rows by reason, in the library's report, the
CLI's text and JSON, and the upload page's card with its links."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
from click.testing import CliRunner
from dash import dcc, html

from dashboard.import_report import EXERCISES_UNRECOGNISED, report_card
from etl.analysis.not_counted import (
    SKIP_REASONS,
    skip_reason,
    skipped_line,
    unrecognised_line,
    unrecognised_names,
)
from etl.ingest import ingest
from etl.store import database as store
from etl.taxonomy import set_override
from liftbalance.cli import cli
from tests.filebuilders import STRONG_A_HEADER, csv_bytes
from tests.helpers.sample_exports import DAY1, LOG, row


def text_of(component: Any) -> str:
    """Every string in a Dash component tree, space-separated (what a reader of the page sees)."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(text_of(c) for c in component)
    return text_of(getattr(component, "children", None))


def find(component: Any, kind: type) -> list[Any]:
    found = [component] if isinstance(component, kind) else []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            found += find(child, kind)
    return found


def test_report_lists_unrecognised_names_with_working_sets_most_first() -> None:
    con = store.connect()
    report = ingest(con, LOG, "log.csv", tz="UTC")
    assert report.unrecognised == [
        {"name": "Zercher Wobble Press", "sets": 3},
        {"name": "Qwfp Zxcv", "sets": 1},
    ]
    assert report.skipped == {"rest_timer": 1}
    assert report.to_dict()["unrecognised"] == report.unrecognised


def test_a_name_the_athlete_mapped_is_not_listed_and_a_reimport_reports_the_same() -> None:
    con = store.connect()
    ingest(con, LOG, "log.csv", tz="UTC")
    set_override(con, "default", "Qwfp Zxcv", "walking_lunge")
    again = ingest(con, LOG, "log.csv", tz="UTC")  # every workout unchanged: none is parsed again
    assert again.sets_added == 0
    assert again.unrecognised == [{"name": "Zercher Wobble Press", "sets": 3}]


def test_only_this_files_workouts_are_counted() -> None:
    con = store.connect()
    ingest(con, LOG, "log.csv", tz="UTC")
    later = csv_bytes(STRONG_A_HEADER, row("2024-04-01 18:00:00", "Qwfp Zxcv", "1"))
    assert ingest(con, later, "later.csv", tz="UTC").unrecognised == [{"name": "Qwfp Zxcv", "sets": 1}]
    assert unrecognised_names(con, "default", pl.Series([], dtype=pl.String)) == []
    assert unrecognised_names(con, "nobody", pl.Series(["x"])) == []


def test_words_for_counts_and_reasons() -> None:
    assert skipped_line("rest_timer", 1) == "Skipped 1 row: rest timers"
    assert skipped_line("blank_line", 1200) == "Skipped 1,200 rows: blank lines"
    assert skip_reason("some_new_reason").what == "some new reason"
    assert all("_" not in r.what and r.why.endswith(".") for r in SKIP_REASONS.values())
    one = [{"name": "A", "sets": 1}]
    assert unrecognised_line(one) == "1 exercise name not recognised (1 working set counts for no muscle)"
    two = [{"name": "A", "sets": 3}, {"name": "B", "sets": 1}]
    assert unrecognised_line(two) == "2 exercise names not recognised (4 working sets count for no muscle)"


def test_cli_prints_both_and_json_carries_the_list(tmp_path: Path) -> None:
    f = tmp_path / "log.csv"
    f.write_bytes(LOG)
    db = str(tmp_path / "t.duckdb")
    result = CliRunner().invoke(cli, ["ingest", "--db", db, "--tz", "UTC", "--unit", "kg", str(f)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "  Skipped 1 row: rest timers" in lines
    assert (
        "  2 exercise names not recognised (4 working sets count for no muscle); "
        "map each with `liftbalance map NAME EXERCISE_ID`:"
    ) in lines
    assert "    Zercher Wobble Press: 3 working sets" in lines
    assert "    Qwfp Zxcv: 1 working set" in lines
    again = CliRunner().invoke(cli, ["ingest", "--db", db, "--tz", "UTC", "--unit", "kg", "--json", str(f)])
    assert json.loads(again.stdout)["unrecognised"][0] == {"name": "Zercher Wobble Press", "sets": 3}


def test_page_card_links_names_to_the_exercises_page_and_explains_skips() -> None:
    con = store.connect()
    card = report_card(ingest(con, LOG, "log.csv", tz="UTC"))
    text = text_of(card)
    assert "Skipped 1 row: rest timers" in text
    assert SKIP_REASONS["rest_timer"].why in text  # inside the line's <details>
    assert "2 exercise names not recognised (4 working sets count for no muscle)" in text
    assert "Zercher Wobble Press: 3 working sets" in text and "Qwfp Zxcv: 1 working set" in text
    links = find(card, dcc.Link)
    assert [link.href for link in links] == [EXERCISES_UNRECOGNISED]
    assert len(find(card, html.Details)) == 1


def test_a_clean_file_has_no_not_counted_section() -> None:
    con = store.connect()
    clean = csv_bytes(STRONG_A_HEADER, row(DAY1, "Hip Thrust (Barbell)", "1"))
    report = ingest(con, clean, "clean.csv", tz="UTC")
    assert report.unrecognised == [] and report.skipped == {}
    assert "Not counted" not in text_of(report_card(report))
