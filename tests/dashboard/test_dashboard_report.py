"""``liftbalance report``: one self-contained HTML file with inlined plotly, the table, escaped names."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from dashboard.report import report_from_store
from etl.analysis.settings import load_settings
from etl.analysis.verdict import verdict
from etl.analysis.weekly import load_weekly
from etl.store import database as store
from liftbalance.cli import cli
from tests.helpers.dashboard_app import ATHLETE, HEVY, SCRIPT, SCRIPT_NAME, seeded_db


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_report_is_self_contained_with_charts_table_and_recommendation(tmp_path: Path) -> None:
    db = seeded_db(tmp_path / "lb.duckdb", ("hevy.csv", HEVY))
    out = tmp_path / "report.html"
    code, output = run("report", "--db", str(db), "--athlete", ATHLETE, "--out", str(out))
    assert code == 0, output
    page = out.read_text(encoding="utf-8")
    assert "Wrote the report for 'ana' (2 weeks)" in output
    assert page.startswith("<!DOCTYPE html>") and "plotly.js v" in page  # plotly's own bundle, inlined
    assert (
        not re.search(r"<script[^>]+src=", page) and "<link" not in page
    )  # nothing fetched from the network
    for div in ("chart-ratio", "chart-volume", "chart-hq", "chart-eccentric"):
        assert f'id="{div}"' in page
    rows = re.findall(r"<tr><td>(\d{4}-\d{2}-\d{2})</td>", page)
    assert rows == ["2026-04-13", "2026-04-06"]
    # Week, workouts, glute, ham hip, ham knee, quad, eccentric, unrecognised, G:H, G:H rolling, status.
    assert (
        "<tr><td>2026-04-13</td><td>1</td><td>2</td><td>0</td><td>5</td><td>0</td><td>2</td><td>0</td>"
        "<td>0.4</td><td>1</td>" in page
    )
    assert (
        "<tr><td>2026-04-06</td><td>1</td><td>5</td><td>2</td><td>0</td><td>0</td><td>0</td><td>3</td>"
        in page
    )
    assert "What each number counts" in page and "heuristic" in page and "analogy" in page
    # Charts drawn before the grid settles are refitted once the page has loaded (else the first is cut off).
    assert page.index("Plotly.Plots.resize") > page.index('id="chart-eccentric"')


def test_report_range_and_escaping(tmp_path: Path) -> None:
    db = seeded_db(tmp_path / "lb.duckdb", ("hevy.csv", HEVY), ("script.csv", SCRIPT))
    out = tmp_path / "r.html"
    code, _ = run(
        "report",
        "--db",
        str(db),
        "--athlete",
        ATHLETE,
        "--from",
        "2026-04-06",
        "--to",
        "2026-04-12",
        "--out",
        str(out),
    )
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert re.findall(r"<tr><td>(\d{4}-\d{2}-\d{2})</td>", page) == ["2026-04-06"]
    assert SCRIPT_NAME not in page  # the logged name never arrives as markup...
    assert (
        "<li>&lt;script&gt;window.__xss=true&lt;/script&gt; Quux: 1 working set</li>" in page
    )  # ...but as text


def test_report_for_an_unknown_athlete_is_a_clean_error(tmp_path: Path) -> None:
    db = seeded_db(tmp_path / "lb.duckdb", ("hevy.csv", HEVY))
    code, output = run("report", "--db", str(db), "--athlete", "zed", "--out", str(tmp_path / "x.html"))
    assert code == 1 and "No training logged for athlete 'zed'" in output and "Traceback" not in output
    assert not (tmp_path / "x.html").exists()


def test_report_bad_range_and_unwritable_file_are_clean_errors(tmp_path: Path) -> None:
    db = seeded_db(tmp_path / "lb.duckdb", ("hevy.csv", HEVY))
    code, output = run(
        "report",
        "--db",
        str(db),
        "--from",
        "2026-04-13",
        "--to",
        "2026-04-06",
        "--out",
        str(tmp_path / "x.html"),
    )
    assert code == 2 and "--from 2026-04-13 is after --to 2026-04-06." in output
    out = tmp_path / "no such folder" / "r.html"
    code, output = run("report", "--db", str(db), "--athlete", ATHLETE, "--out", str(out))
    assert code == 1 and f"Error: Cannot write {out}: No such file or directory" in output
    assert "Traceback" not in output


def test_report_shows_the_verdict_in_words_with_its_actions_gaps_notes_and_the_roles_chart(
    tmp_path: Path,
) -> None:
    """The report's verdict is ``etl.analysis.verdict.verdict``'s, word for word; statuses and gaps are never raw ids."""
    db = seeded_db(tmp_path / "lb.duckdb", ("hevy.csv", HEVY))
    with store.opened(db) as con:
        page, _ = report_from_store(con, ATHLETE, generated=date(2026, 4, 20))
        settings = load_settings(con, ATHLETE)
        expected = verdict(load_weekly(con, ATHLETE, settings), settings, athlete=ATHLETE)
    # Low volume: a warm amber (#8a5300) status badge and border, then the headline and the summary.
    assert '<div class="verdict" id="verdict" style="border-left-color:#8a5300">' in page
    assert '<span class="status" style="background:#8a5300">Low volume</span>' in page
    assert '<div class="v" style="color:#8a5300">Low volume</div>' in page  # the status card
    assert f"<h2>{expected.headline}</h2>" in page and html.escape(expected.summary) in page
    assert (
        '<p id="verdict-gaps">Missing in the last 4 weeks: hip-extension hamstring work (Romanian deadlifts'
        in page
    )
    actions = re.findall(r"<li><strong>(.*?)</strong><br><span class=\"why\">Why: (.*?)\.</span></li>", page)
    assert [a for a, _ in actions] == [
        "Add 2 sets a week of Romanian deadlift.",
        "Add 2 sets a week of hip thrust.",
    ]
    assert [w for _, w in actions] == [html.escape(a.why) for a in expected.actions]
    for note in expected.notes:
        assert f"<li><em>Note:</em> {html.escape(note)}</li>" in page
    assert 'id="chart-targets"' in page and "Hamstring roles vs their minimums" in page
    # The weekly table: statuses and missing roles in words (13 Apr: low volume, hip extension under its minimum).
    assert '<td class="s">Low volume</td><td class="s">hip extension</td></tr>' in page
    assert '<td class="s">knee flexion, Nordics</td></tr>' in page  # 6 Apr: no knee flexion, no Nordics yet
    for raw in ("low_volume", "hip_extension", "knee_flexion", "glute_leaning"):
        assert f">{raw}<" not in page and f"{raw}," not in page
