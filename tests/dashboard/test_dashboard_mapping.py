"""Any other CSV on the upload page, by direct callback calls: map its columns, preview, confirm, reuse.

Also the import report's lines for one lifter in many apps (sources and the workouts counted once).
The CSV below is hand-written with column names no app uses, so no reader claims it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dash
import pytest
from dash.exceptions import PreventUpdate

from dashboard.column_mapping import guess_columns
from dashboard.import_report import report_card
from etl.ingest import ImportReport
from etl.read.mappings import list_column_mappings
from etl.store import database as store
from tests.components import by_pattern_id, data_url, text_of
from tests.helpers.dashboard_app import ODD, call, page, wait_for_job

KEYS = ("date", "exercise", "weight", "reps", "unit", "set_kind", "rpe", "notes", "workout")


def map_ids(index: int = 0) -> list[dict[str, Any]]:
    return [{"type": "map-col", "index": index, "key": k} for k in KEYS]


def dropdowns(component: Any) -> dict[str, Any]:
    """key -> dropdown of the mapping form, found by id anywhere in the component tree."""
    return by_pattern_id(component, "map-col")


def start(app: dash.Dash, name: str, data: bytes, athlete: str = "cy") -> tuple[Any, ...]:
    return call(
        app,
        page("upload").start_import,
        [data_url(data)],
        None,
        [name],
        [],
        [],
        None,
        athlete,
        False,
        trigger="upload.contents",
    )


def confirm(app: dash.Dash, data: bytes, columns: dict[str, str], unit: str, name: str) -> str:
    values = [columns.get(k) for k in KEYS]
    out = call(
        app,
        page("upload").start_import,
        [data_url(data)],
        1,
        ["gym.csv"],
        [],
        [],
        None,
        "cy",
        False,
        values,
        map_ids(),
        [unit],
        [{"type": "map-unit", "index": 0}],
        [name],
        [{"type": "map-name", "index": 0}],
        trigger="import-button.n_clicks",
    )
    job_id: str = out[2]
    wait_for_job(app, job_id)
    return job_id


def test_column_guesses_come_from_the_names_each_column_used_once() -> None:
    assert guess_columns(["Day", "Movement", "Load", "Times", "Comment"]) == {
        "date": "Day",
        "exercise": "Movement",
        "weight": "Load",
        "notes": "Comment",
    }
    # "Weight Unit" is not taken for the weight once "Weight (kg)" is; it is the unit column.
    assert guess_columns(["Date", "Exercise", "Weight (kg)", "Weight Unit", "Reps"]) == {
        "date": "Date",
        "exercise": "Exercise",
        "weight": "Weight (kg)",
        "reps": "Reps",
        "unit": "Weight Unit",
    }


def test_a_file_no_app_claims_gets_the_mapping_form_not_an_import(app_on: Callable[..., dash.Dash]) -> None:
    app = app_on()
    form, button, job_id, *_ = start(app, "gym.csv", ODD)
    assert job_id is dash.no_update and button == {}
    found = dropdowns(form)
    assert sorted(found) == sorted(KEYS)
    assert [o["value"] for o in found["date"].options] == ["Day", "Movement", "Load", "Times", "Comment"]
    assert (found["date"].value, found["exercise"].value, found["weight"].value) == (
        "Day",
        "Movement",
        "Load",
    )
    assert found["reps"].value is None and found["reps"].clearable is False and found["rpe"].clearable is True
    assert "gym.csv  is not an export from an app liftbalance knows" in text_of(form)  # (span, text)


def test_the_preview_shows_the_rows_as_imported_and_names_a_missing_or_wrong_column(
    app_on: Callable[..., dash.Dash],
) -> None:
    app = app_on()
    preview = page("upload").preview_mapping
    contents = [data_url(ODD)]
    missing = call(
        app,
        preview,
        ["Day", "Movement", "Load", None, None, None, None, "Comment", None],
        "kg",
        map_ids(),
        contents,
        ["gym.csv"],
    )
    assert "Choose a column for reps." in text_of(missing)

    good = call(
        app,
        preview,
        ["Day", "Movement", "Load", "Times", None, None, None, "Comment", None],
        "lb",
        map_ids(),
        contents,
        ["gym.csv"],
    )
    text = text_of(good)
    # 225 lb = 102.06 kg; line numbers count the header as line 1; empty columns (rpe, workout) are left out.
    assert "line date exercise set kind weight kg reps notes" in text, text
    assert "2 2026-04-08 Hip Thrust working 102.06 10 felt good" in text, text
    assert "5 2026-04-10 Leg Curl working 40.82 12" in text
    assert "mapping-problem" not in str(good)

    swapped = call(
        app,
        preview,
        ["Movement", "Day", "Load", "Times", None, None, None, None, None],
        "kg",
        map_ids(),
        contents,
        ["gym.csv"],
    )
    assert "Date: column “Movement” gave no date in the first 4 rows; is it the right column?" in text_of(
        swapped
    )


def test_confirm_imports_through_the_mapping_saves_it_and_the_same_header_is_read_without_asking(
    app_on: Callable[..., dash.Dash],
) -> None:
    app = app_on()
    columns = {"date": "Day", "exercise": "Movement", "weight": "Load", "reps": "Times", "notes": "Comment"}
    job_id = confirm(app, ODD, columns, "lb", "my gym sheet")
    cards = call(app, page("upload").poll_import, 1, job_id)[3]
    text = text_of(cards)
    assert "gym.csv" in text and "2 workouts, 4 sets added" in text, text
    assert "Read with your column mapping “my gym sheet”" in text
    with store.opened(app.server.config["LIFTBALANCE_DB"]) as con:
        assert con.execute(
            "SELECT count(*), round(max(weight_kg), 2) FROM sets WHERE athlete = 'cy'"
        ).fetchone() == (
            4,
            102.06,
        )
        saved = list_column_mappings(con, "cy")
    assert [(m.name, m.columns) for m in saved] == [("my gym sheet", columns)]

    later = ODD + b"2026-04-13,Hip Thrust,235,8,\n"
    questions, _, second_job, *_ = start(app, "gym-later.csv", later)
    assert questions == [] and isinstance(second_job, str)  # no form: the saved mapping applies
    wait_for_job(app, second_job)
    text = text_of(call(app, page("upload").poll_import, 1, second_job)[3])
    assert "Read with saved mapping “my gym sheet”." in text and "1 set added" in text, text


def test_a_mapping_without_reps_is_rejected_with_the_reason_and_writes_nothing(
    app_on: Callable[..., dash.Dash],
) -> None:
    app = app_on()
    job_id = confirm(app, ODD, {"date": "Day", "exercise": "Movement", "weight": "Load"}, "kg", "half")
    text = text_of(call(app, page("upload").poll_import, 1, job_id)[3])
    assert "rejected: nothing imported" in text and "the column mapping lacks reps" in text, text
    with store.opened(app.server.config["LIFTBALANCE_DB"]) as con:
        assert con.execute("SELECT count(*) FROM sets").fetchone() == (0,)
        assert list_column_mappings(con, "cy") == []


def test_the_report_lists_the_athletes_sources_and_the_workouts_counted_once() -> None:
    report = ImportReport(
        file="strong.csv",
        format="strong (A)",
        athlete="cy",
        sha256="x",
        upload_id=2,
        workouts=2,
        sets_added=1,
        sets_updated=0,
        sets_unchanged=0,
        sets_removed=0,
        skipped={},
        sources=[
            {
                "source": "hevy",
                "first": "2026-01-05 17:00:00",
                "last": "2026-04-08 17:00:00",
                "workouts": 30,
                "sets": 410,
            },
            {
                "source": "strong",
                "first": "2026-04-08 17:05:00",
                "last": "2026-04-10 18:00:00",
                "workouts": 2,
                "sets": 1,
            },
        ],
        overlaps=[
            {
                "counted": "h1",
                "dropped": "s1",
                "counted_source": "hevy",
                "dropped_source": "strong",
                "counted_start": "2026-04-08 17:00:00",
                "dropped_start": "2026-04-08 17:05:00",
                "counted_sets": 14,
                "dropped_sets": 1,
                "reason": "more_sets",
            },
        ],
    )
    text = text_of(report_card(report))
    assert "2 workouts, 1 set added" in text
    assert "Hevy: 2026-01-05 to 2026-04-08, 30 workouts, 410 sets" in text
    assert "Strong: 2026-04-08 to 2026-04-10, 2 workouts, 1 set" in text
    assert "1 workout overlap one logged in another app: each is counted once." in text
    assert "2026-04-08 17:05 Hevy (14 sets) Strong (1 set) it has more sets" in text, text


def test_a_poll_with_no_job_started_says_nothing(app_on: Callable[..., dash.Dash]) -> None:
    """Opening the page must not show "that import is no longer known" (the poll fires as the page loads)."""
    app = app_on()
    with pytest.raises(PreventUpdate):
        call(app, page("upload").poll_import, None, None)
