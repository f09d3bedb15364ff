"""The Settings page by direct callback calls: shown with their basis, saved, validated, reset; charts follow."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dash
import pytest

from dashboard.settings_view import priority_from_text, settings_from_form
from etl.analysis.settings import (
    SETTING_NAMES,
    BalanceSettings,
    InvalidSettingError,
    load_settings,
    load_source_settings,
)
from etl.store import database as store
from tests.components import by_pattern_id, text_of
from tests.helpers.dashboard_app import HEVY, call, form_values, page, save, selected


def inputs(component: Any) -> dict[str, Any]:
    """key -> value of the threshold inputs in the form."""
    return {key: node.value for key, node in by_pattern_id(component, "setting").items()}


def test_form_values_become_settings_and_bad_ones_are_named() -> None:
    values = dict(
        zip(SETTING_NAMES, form_values(window_weeks=6.0, min_rpe="", dominance_ratio="1,8"), strict=True)
    )
    settings = settings_from_form(values)
    assert (settings.window_weeks, settings.min_rpe, settings.dominance_ratio) == (6, None, 1.8)
    with pytest.raises(InvalidSettingError, match="dominance_ratio needs a value"):
        settings_from_form({**values, "dominance_ratio": None})
    with pytest.raises(
        InvalidSettingError, match=r"knee_flexion_share_min and knee_flexion_share_max must satisfy"
    ):
        settings_from_form({**values, "knee_flexion_share_min": 0.9, "knee_flexion_share_max": 0.2})
    assert priority_from_text(" Hevy; strong ,").source_priority == ("hevy", "strong")


def test_the_page_shows_every_threshold_with_its_value_and_basis(app_on: Callable[..., dash.Dash]) -> None:
    app = app_on(("hevy.csv", HEVY))
    form, priority, sources, status = call(
        app, page("settings").update_settings, selected(), None, None, [], [], None
    )
    text = text_of(form)
    assert "Dominance ratio  default: 1.5 Glute-dominant when" in text, text
    assert inputs(form) == BalanceSettings().__dict__
    assert "heuristic" in text and "cited Schoenfeld, Ogborn & Krieger 2017" in text and "analogy" in text
    assert "Minimum RPE" in text and "default: off" in text
    assert priority == "" and status is None
    assert sources == "Your sources: hevy (2026-04-08 to 2026-04-15)."


def test_save_stores_the_settings_and_the_balance_page_recomputes(app_on: Callable[..., dash.Dash]) -> None:
    app = app_on(("hevy.csv", HEVY))
    before = call(app, page("balance").update_balance, selected(), "sets")
    assert "balanced 0.67-1.5" in text_of(before["cards"])
    form, priority, _, status = save(app, form_values(dominance_ratio=3, window_weeks=2), "strong, hevy")
    assert "Saved for ana" in text_of(status) and priority == "strong, hevy"
    assert (inputs(form)["dominance_ratio"], inputs(form)["window_weeks"]) == (3, 2)
    with store.opened(app.server.config["LIFTBALANCE_DB"]) as con:
        assert (load_settings(con, "ana").dominance_ratio, load_settings(con, "ana").window_weeks) == (3, 2)
        assert load_source_settings(con, "ana").source_priority == ("strong", "hevy")
    after = call(app, page("balance").update_balance, selected(), "sets")
    assert "balanced 0.33-3" in text_of(after["cards"]) and "last 2 weeks" in text_of(after["cards"])
    band = after["charts"]["ratio"]["layout"]["shapes"][0]
    assert (band["y0"], band["y1"]) == pytest.approx((1 / 3, 3))


def test_an_invalid_value_shows_the_library_message_and_saves_nothing(
    app_on: Callable[..., dash.Dash],
) -> None:
    app = app_on(("hevy.csv", HEVY))
    form, priority, sources, status = save(app, form_values(window_weeks=0))
    assert form is dash.no_update and priority is dash.no_update
    assert "“Rolling window (weeks)” must be a whole number of weeks, at least 1 (got 0)" in text_of(status)
    assert status.color == "danger"
    repeated = save(app, form_values(), "hevy, hevy")[3]
    assert "source_priority names an app more than once" in text_of(repeated)
    with store.opened(app.server.config["LIFTBALANCE_DB"]) as con:
        assert load_settings(con, "ana") == BalanceSettings()


def test_restore_defaults(app_on: Callable[..., dash.Dash]) -> None:
    app = app_on(("hevy.csv", HEVY))
    saved = save(app, form_values(low_volume_sets=2), "hevy")
    assert "Saved for ana" in text_of(saved[3])
    form, priority, _, status = call(
        app,
        page("settings").update_settings,
        selected(),
        1,
        1,
        [],
        [],
        None,
        trigger="settings-reset.n_clicks",
    )
    assert "Defaults restored for ana" in text_of(status) and priority == ""
    assert inputs(form)["low_volume_sets"] == 5
    with store.opened(app.server.config["LIFTBALANCE_DB"]) as con:
        assert load_settings(con, "ana") == BalanceSettings()
