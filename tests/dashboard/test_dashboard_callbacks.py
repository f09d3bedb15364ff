"""The dashboard's callbacks called directly, against a small DuckDB made with ``etl.ingest``.

Each callback runs inside the app's request context (so ``db_path()`` resolves as in a real
request) and, where it reads ``dash.ctx``, with the triggering input set the way Dash's own
callback tests do it. The expectations are hand-computed from the CSV below.
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dash
import polars as pl
import pytest
from click.testing import CliRunner
from dash.exceptions import PreventUpdate

from dashboard.jobs import current_jobs
from etl.analysis.settings import load_settings
from etl.analysis.verdict import verdict as verdict_of
from etl.analysis.weekly import load_weekly
from etl.store import database as store
from etl.taxonomy import get_overrides
from liftbalance.cli import cli
from tests.components import data_url, text_of
from tests.filebuilders import STRONG_A_HEADER, csv_bytes
from tests.helpers.dashboard_app import (
    ATHLETE,
    BROKEN,
    HEVY,
    MYSTERY,
    SCRIPT,
    SCRIPT_NAME,
    call,
    page,
    selected,
    wait_for_job,
)

STRONG_LB = csv_bytes(
    STRONG_A_HEADER,
    *[f'2026-04-08 18:00:00,"Legs",1h,"Hip Thrust (Barbell)",{i},225,10,0,0,"",,' for i in range(1, 4)],
    *[f'2026-04-08 18:00:00,"Legs",1h,"Romanian Deadlift (Barbell)",{i},185,8,0,0,"",,' for i in range(1, 4)],
)


def figure_y(fig: Any, name: str) -> list[Any]:
    return next(list(t["y"]) for t in fig["data"] if t["name"] == name)


# --- Balance ------------------------------------------------------------------------------------


def test_balance_callback_draws_the_weeks_from_the_store(app_on: Callable[..., dash.Dash]) -> None:
    app = app_on(("hevy.csv", HEVY))
    out = call(app, page("balance").update_balance, selected(), "sets")
    cards, verdict, thresholds = out["cards"], out["verdict"], out["thresholds"]
    ratio, volume, eccentric, targets = (
        out["charts"][c] for c in ("ratio", "volume", "eccentric", "targets")
    )
    assert figure_y(volume, "Glutes") == [5.0, 2.0]
    assert figure_y(volume, "Hamstrings: hip extension") == [2.0, 0.0]
    assert figure_y(volume, "Hamstrings: knee flexion") == [0.0, 5.0]
    assert figure_y(ratio, "Weekly ratio") == [2.5, 0.4]
    assert figure_y(eccentric, "Eccentric sets") == [0, 2]
    assert volume["data"][0]["x"] == ["2026-04-06", "2026-04-13"]
    assert "Glute sets" in text_of(cards) and "heuristic" in text_of(thresholds)
    assert verdict is not None and text_of(verdict)
    assert figure_y(targets, "Hip extension sets") == [2.0, 0.0]
    assert figure_y(targets, "Knee flexion sets") == [0.0, 5.0]


def test_balance_shows_the_verdict_the_cli_gives_in_words(app_on: Callable[..., dash.Dash]) -> None:
    """Status in words, headline, every action (exercise, sets a week, why), the gaps and the notes: the
    same verdict ``etl.analysis.verdict.verdict`` gives for the range's last week, and no raw id on the page."""
    app = app_on(("hevy.csv", HEVY))
    out = call(app, page("balance").update_balance, selected(), "sets")
    cards, shown = out["cards"], out["verdict"]
    with store.opened(app.server.config["LIFTBALANCE_DB"]) as con:
        settings = load_settings(con, ATHLETE)
        expected = verdict_of(load_weekly(con, ATHLETE, settings), settings, athlete=ATHLETE)
    # Week of 13 Apr: 3.5 glute and 3.5 hamstring sets a week over the window (1 hip, 2.5 knee): low volume,
    # hip-extension work under its minimum of 2.
    assert (expected.status, expected.gaps) == ("low_volume", ("hip_extension",))
    text = text_of(shown)
    assert text.startswith("Low volume Low volume for glutes and hamstrings Over the last 4 weeks")
    assert expected.summary in text
    assert "Missing in the last 4 weeks: hip-extension hamstring work (Romanian deadlifts" in text
    assert [(a.exercise, a.sets_per_week, a.role) for a in expected.actions] == [
        ("Romanian deadlift", 2, "hip_extension"),
        ("hip thrust", 2, "glute"),
    ]
    assert "Add 2 sets a week of Romanian deadlift" in text and "Add 2 sets a week of hip thrust" in text
    for action in expected.actions:
        assert f"Why: {action.why}." in text
    for note in expected.notes:
        assert note in text
    assert shown.color == "warning"
    assert "Low volume" in text_of(cards)
    # ``liftbalance verdict --format json`` gives the same verdict the page shows.
    result = CliRunner().invoke(
        cli,
        [
            "verdict",
            "--db",
            str(app.server.config["LIFTBALANCE_DB"]),
            "--athlete",
            ATHLETE,
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == expected.to_dict()
    for raw in ("low_volume", "hip_extension", "knee_flexion"):
        assert raw not in text and raw not in text_of(cards)


def test_balance_tonnage_switch_shows_kilograms(app_on: Callable[..., dash.Dash]) -> None:
    app = app_on(("hevy.csv", HEVY))
    volume = call(app, page("balance").update_balance, selected(), "tonnage")["charts"]["volume"]
    # Week 1: hip thrust 4 x 100 x 10 = 4000 kg x 1 + RDL 2 x 80 x 8 = 1280 kg x 0.5 -> 4640 kg of glute work.
    assert figure_y(volume, "Glute tonnage")[0] == pytest.approx(4640.0)
    assert figure_y(volume, "Hamstring tonnage")[0] == pytest.approx(1280.0)


def test_balance_without_a_selection_waits(app_on: Callable[..., dash.Dash]) -> None:
    app = app_on(("hevy.csv", HEVY))
    with pytest.raises(PreventUpdate):
        call(app, page("balance").update_balance, None, "sets")


def test_balance_range_without_training_says_so(app_on: Callable[..., dash.Dash]) -> None:
    app = app_on(("hevy.csv", HEVY))
    out = call(app, page("balance").update_balance, selected(start="2020-01-06", end="2020-02-03"), "sets")
    assert "No training logged" in text_of(out["cards"])
    assert out["charts"]["ratio"]["layout"]["annotations"][0]["text"] == "No training logged in this range"


def test_empty_database_pages_show_the_first_run_card(app_on: Callable[..., dash.Dash]) -> None:
    app = app_on()
    for name in ("balance", "exercises", "export"):
        layout = call(app, page(name).layout)
        assert "Upload an export" in text_of(layout)
        assert layout.children.id == "first-run"


# --- Exercises ----------------------------------------------------------------------------------


def test_exercises_lists_unmapped_first_and_mapping_in_place_changes_every_number(
    app_on: Callable[..., dash.Dash],
) -> None:
    app = app_on(("hevy.csv", HEVY))
    exercises = page("exercises")
    rows, summary, _ = call(app, exercises.update_exercises, selected(), None, None, None)
    assert rows[0]["name"] == MYSTERY and rows[0]["match"] == "not recognised" and rows[0]["sets"] == 3
    assert "1 not recognised" in summary and "7 glute sets and 7 hamstring sets" in summary

    edited = [dict(r, exercise_id="romanian_deadlift") if r["name"] == MYSTERY else r for r in rows]
    rows2, summary2, message = call(
        app, exercises.update_exercises, selected(), 1, edited, rows, trigger="exercise-table.data_timestamp"
    )
    with store.opened(app.server.config["LIFTBALANCE_DB"]) as con:
        assert get_overrides(con, ATHLETE) == {MYSTERY: "romanian_deadlift"}
    mapped = next(r for r in rows2 if r["name"] == MYSTERY)
    assert (mapped["match"], mapped["glute_sets"], mapped["hamstring_sets"]) == ("your mapping", 1.5, 3.0)
    assert "0 not recognised" in summary2 and "8.5 glute sets and 10 hamstring sets" in summary2
    assert "glute sets 7 → 8.5, hamstring sets 7 → 10" in text_of(message)
    # The Balance charts read the same override: week 1 now has 5 hip-extension hamstring sets.
    volume = call(app, page("balance").update_balance, selected(), "sets")["charts"]["volume"]
    assert figure_y(volume, "Hamstrings: hip extension") == [5.0, 0.0]
    assert figure_y(volume, "Glutes") == [6.5, 2.0]


def test_exercise_names_stay_plain_text(app_on: Callable[..., dash.Dash]) -> None:
    app = app_on(("script.csv", SCRIPT))
    rows, _, _ = call(app, page("exercises").update_exercises, selected(), None, None, None)
    assert rows[0]["name"] == SCRIPT_NAME  # DataTable cells are text; the browser test checks the DOM


# --- Export -------------------------------------------------------------------------------------


def test_export_downloads_each_format_for_the_range(app_on: Callable[..., dash.Dash]) -> None:
    app = app_on(("hevy.csv", HEVY))
    download = page("export").download
    state = selected(start="2026-04-13")
    csv, problem = call(app, download, 1, None, None, None, state, trigger="export-csv.n_clicks")
    assert problem is None and csv["filename"] == "liftbalance-ana-2026-04-13_to_end.csv"
    frame = pl.read_csv(io.StringIO(csv["content"]))
    assert frame.get_column("week_start").to_list() == ["2026-04-13"]
    assert frame.get_column("hamstring_knee_sets").to_list() == [5.0]

    xlsx, _ = call(app, download, None, 1, None, None, state, trigger="export-xlsx.n_clicks")
    assert base64.b64decode(xlsx["content"])[:2] == b"PK" and xlsx["base64"] is True
    parquet, _ = call(app, download, None, None, 1, None, state, trigger="export-parquet.n_clicks")
    assert pl.read_parquet(io.BytesIO(base64.b64decode(parquet["content"]))).height == 1
    report, _ = call(app, download, None, None, None, 1, state, trigger="export-html.n_clicks")
    assert report["filename"].endswith(".html") and "Plotly" in report["content"]


def test_export_preview_lists_the_weeks(app_on: Callable[..., dash.Dash]) -> None:
    app = app_on(("hevy.csv", HEVY))
    preview = call(app, page("export").export_preview, selected())
    assert "2 weeks, 2026-04-06 to 2026-04-13" in text_of(preview)
    table = preview.children[1]
    assert [r["week_start"] for r in table.data] == ["2026-04-13", "2026-04-06"]


# --- Upload -------------------------------------------------------------------------------------


def upload(app: dash.Dash, files: list[tuple[str, bytes]], *, new_athlete: str = "bo") -> tuple[Any, ...]:
    up = page("upload")
    contents, names = [data_url(d) for _, d in files], [n for n, _ in files]
    out = call(
        app,
        up.start_import,
        contents,
        None,
        names,
        [],
        [],
        None,
        new_athlete,
        False,
        trigger="upload.contents",
    )
    return out


def test_upload_imports_in_a_thread_and_the_poll_shows_the_reports(app_on: Callable[..., dash.Dash]) -> None:
    app = app_on()
    up = page("upload")
    questions, button, job_id, poll_disabled, progress_style, reports, cleared, _batch = upload(
        app, [("hevy.csv", HEVY)]
    )
    assert isinstance(job_id, str) and poll_disabled is False and cleared is None and questions == []
    wait_for_job(app, job_id)
    value, _, stage, cards, disabled, _, version, options, athlete, new_name = call(
        app, up.poll_import, 1, job_id
    )
    assert (value, stage, disabled, athlete, new_name) == (100, "Done", True, "bo", "")
    assert version["athlete"] == "bo" and options == [{"label": "bo", "value": "bo"}]
    text = text_of(cards)
    assert "hevy.csv" in text and "2 workouts, 17 sets added, 0 updated, 0 unchanged" in text
    with store.opened(app.server.config["LIFTBALANCE_DB"]) as con:
        assert con.execute("SELECT count(*) FROM sets WHERE athlete = 'bo'").fetchone() == (
            17,
        )  # the warm-up is stored too; it never counts


def test_a_rejected_file_shows_line_column_value_and_writes_nothing(app_on: Callable[..., dash.Dash]) -> None:
    app = app_on()
    job_id = upload(app, [("broken.csv", BROKEN)])[2]
    wait_for_job(app, job_id)
    out = call(app, page("upload").poll_import, 1, job_id)
    text = text_of(out[3])
    assert "broken.csv" in text and "rejected: nothing imported" in text
    assert "Line Column Value Expected 2 reps ten a number of reps" in text, text
    assert out[6] is dash.no_update  # nothing imported: the athlete list does not reload
    with store.opened(app.server.config["LIFTBALANCE_DB"]) as con:
        assert con.execute("SELECT count(*) FROM sets").fetchone() == (0,)


def test_a_refused_file_offers_one_click_to_import_the_good_rows_and_set_the_bad_aside(
    app_on: Callable[..., dash.Dash],
) -> None:
    app = app_on()
    up = page("upload")
    mixed = HEVY + BROKEN.split(b"\n", 1)[1]  # Hevy's 17 sets and one row whose reps read "ten"
    out = upload(app, [("mixed.csv", mixed)])
    job_id, batch = out[2], out[7]
    wait_for_job(app, job_id)
    cards = call(app, up.poll_import, 1, job_id)[3]
    assert "rejected: nothing imported" in text_of(cards)
    assert "Import the 17 good sets and set the 1 bad row aside" in text_of(cards), text_of(cards)
    assert batch["filenames"] == ["mixed.csv"] and batch["athlete"] == "bo"

    again = call(app, up.import_good_rows, [1], batch, trigger='{"index":0,"type":"set-aside"}.n_clicks')
    wait_for_job(app, again[0])
    text = text_of(call(app, up.poll_import, 2, again[0])[3])
    assert "imported with quarantined rows" in text and "17 sets added" in text, text
    with store.opened(app.server.config["LIFTBALANCE_DB"]) as con:
        assert con.execute("SELECT count(*) FROM sets WHERE athlete = 'bo'").fetchone() == (17,)
        assert con.execute("SELECT count(*) FROM quarantine").fetchone() == (1,)


def test_a_unitless_strong_file_asks_kg_or_lb_with_the_guess_selected(
    app_on: Callable[..., dash.Dash],
) -> None:
    app = app_on()
    questions, button, job_id, *_ = upload(app, [("strong.csv", STRONG_LB)])
    assert job_id is dash.no_update and button == {}
    radio = questions.children[0].children[0].children[1]  # the form, its first question, the radio
    assert radio.id == {"type": "unit-choice", "index": 0} and radio.value == "lb"
    assert "strong.csv" in text_of(questions) and "they look like lb" in text_of(questions)

    up = page("upload")
    contents = [data_url(STRONG_LB)]
    out = call(
        app,
        up.start_import,
        contents,
        1,
        ["strong.csv"],
        ["lb"],
        [{"type": "unit-choice", "index": 0}],
        None,
        "",
        False,
        trigger="import-button.n_clicks",
    )
    wait_for_job(app, out[2])
    call(app, up.poll_import, 1, out[2])
    with store.opened(app.server.config["LIFTBALANCE_DB"]) as con:
        [(kg,)] = con.execute("SELECT max(weight_kg) FROM sets").fetchall()
    assert kg == pytest.approx(225 * 0.45359237)


def test_a_unitless_file_whose_loads_do_not_tell_is_asked_with_no_answer_selected(
    app_on: Callable[..., dash.Dash],
) -> None:
    app = app_on()
    plain = csv_bytes(
        STRONG_A_HEADER,
        *[f'2026-04-08 18:00:00,"Legs",1h,"Hip Thrust (Barbell)",{i},100,10,0,0,"",,' for i in (1, 2)],
    )
    questions, button, job_id, *_ = upload(app, [("plain.csv", plain)])
    radio = questions.children[0].children[0].children[1]
    assert job_id is dash.no_update and radio.value is None
    assert (
        "The loads do not tell (only 2 load(s) in the file: too few to tell kg from lb): choose one."
        in text_of(questions)
    )
    out = call(
        app,
        page("upload").start_import,
        [data_url(plain)],
        1,
        ["plain.csv"],
        [None],
        [{"type": "unit-choice", "index": 0}],
        None,
        "",
        False,
        trigger="import-button.n_clicks",
    )
    assert out[2] is dash.no_update  # no job started
    assert "Choose kilograms or pounds for plain.csv first" in text_of(out[5])


def test_a_poll_from_another_database_sees_no_job(app_on: Callable[..., dash.Dash], tmp_path: Path) -> None:
    app = app_on()
    job_id = upload(app, [("hevy.csv", HEVY)])[2]
    wait_for_job(app, job_id)
    jobs = call(app, current_jobs)
    assert jobs.state(job_id, tmp_path / "someone-else.duckdb") is None
    assert jobs.state("not-a-job", Path(app.server.config["LIFTBALANCE_DB"])) is None
    out = call(app, page("upload").poll_import, 1, "not-a-job")
    assert "no longer known" in text_of(out[3]) and out[4] is True


def test_without_accounts_the_navbar_shows_no_account_menu(app_on):
    from dashboard.shell import show_account

    assert call(app_on(("hevy.csv", HEVY)), show_account, "/") == []


def test_a_range_preset_counts_back_from_the_athletes_last_logged_week(app_on):
    """ "Last 1 week" starts at the week of the last workout; a preset longer than the log, and "all", clear
    the range (never a start before the first logged week)."""
    from datetime import date

    from dashboard.shell import apply_preset

    app = app_on(("hevy.csv", HEVY))
    with store.opened(app.server.config["LIFTBALANCE_DB"]) as con:
        last_week = load_weekly(con, ATHLETE).get_column("week_start").max()
    assert isinstance(last_week, date) and last_week.isoformat() == "2026-04-13"
    assert call(app, apply_preset, "1", ATHLETE) == ("2026-04-13", None)
    assert call(app, apply_preset, "52", ATHLETE) == (None, None)  # a two-week log shows its two weeks
    assert call(app, apply_preset, "all", ATHLETE) == (None, None)
    assert call(app, apply_preset, "4", "nobody") == (None, None)


def test_preset_start_counts_back_but_never_before_the_first_week() -> None:
    from datetime import date

    from dashboard.components import controls
    from dashboard.selection import DEFAULT_RANGE_PRESET, RANGE_PRESETS, preset_start

    first, last = date(2021, 1, 4), date(2025, 12, 29)
    assert preset_start("52", first, last) == date(2025, 1, 6)  # 51 weeks before the last week
    assert preset_start("12", first, last) == date(2025, 10, 13)
    assert preset_start("52", date(2025, 6, 2), last) is None  # shorter than a year: the whole log
    assert preset_start("all", first, last) is None and preset_start("x", first, last) is None
    # The page opens on the last 52 weeks; the whole log is one of the choices.
    assert DEFAULT_RANGE_PRESET == "52" and ("all", "Whole log") in RANGE_PRESETS
    select = next(
        c for c in controls().children if getattr(c.children[1], "id", None) == "range-preset"
    ).children[1]
    assert select.value == "52" and {"label": "Whole log", "value": "all"} in select.options
