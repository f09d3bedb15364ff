"""The Settings page's pieces: every balance threshold with what it rests on, and the source priority.

Each threshold behind the verdict (``etl.analysis.settings.BalanceSettings``) is shown with its meaning and
its basis from ``etl.analysis.glossary`` (cited, with the citation; heuristic; analogy; your choice), so a
lifter changing one knows what they are overriding. Form values arrive from the browser as text
or numbers; ``settings_from_form`` turns each into a setting with ``etl.analysis.settings.parse_setting`` (as
the CLI does) and builds ``BalanceSettings``, whose validation (``InvalidSettingError``) is the
message the page shows. Pure functions, tested without a browser.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from etl.analysis.glossary import GLOSSARY
from etl.analysis.settings import DEFAULTS, SETTING_NAMES, BalanceSettings, SourceSettings, parse_setting
from etl.store.sources import SourceSpan

BASIS_COLORS = {"cited": "success", "heuristic": "secondary", "analogy": "info", "choice": "primary"}
# Step and bounds of each number box (the library's validation is the real check).
INPUT_LIMITS: dict[str, dict[str, Any]] = {
    "window_weeks": {"min": 1, "step": 1},
    "sustained_weeks": {"min": 1, "step": 1},
    "eccentric_gap_weeks": {"min": 1, "step": 1},
    "dominance_ratio": {"min": 0, "step": 0.05},
    "dominance_floor_sets": {"min": 0, "step": 0.5},
    "dominance_high_sets": {"min": 0, "step": 0.5},
    "low_volume_sets": {"min": 0, "step": 0.5},
    "knee_flexion_share_min": {"min": 0, "max": 1, "step": 0.05},
    "knee_flexion_share_max": {"min": 0, "max": 1, "step": 0.05},
    "hq_reference": {"min": 0, "step": 0.05},
    "min_rpe": {"min": 0, "max": 10, "step": 0.5},
}


def settings_from_form(values: Mapping[str, Any]) -> BalanceSettings:
    """``BalanceSettings`` from the form's key -> value; ``InvalidSettingError`` names what is wrong."""
    parsed: dict[str, Any] = {key: parse_setting(key, values.get(key)) for key in SETTING_NAMES}
    return BalanceSettings(**parsed)


def in_words(message: str) -> str:
    """A settings error as the page words it: each setting's key (what the CLI's ``settings set`` takes)
    becomes the label the form shows, in quotes."""
    keys = sorted([*SETTING_NAMES], key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, keys)) + r")\b")
    return pattern.sub(lambda m: f"“{GLOSSARY[m.group(1)].label}”", message)


def priority_from_text(text: str | None) -> SourceSettings:
    """``"hevy, strong"`` -> the source priority (first listed counts when two apps hold one session)."""
    apps = [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]
    return SourceSettings(source_priority=tuple(apps))


def basis_badge(key: str) -> html.Span:
    entry = GLOSSARY[key]
    return html.Span(
        [
            dbc.Badge(entry.basis, color=BASIS_COLORS.get(entry.basis, "light"), className="me-1"),
            html.Span(entry.citation, className="text-muted"),
        ],
        className="small setting-basis",
    )


def _row(key: str, value: Any) -> dbc.Row:
    entry = GLOSSARY[key]
    default = getattr(DEFAULTS, key)
    return dbc.Row(
        [
            dbc.Col(
                [
                    dbc.Label(entry.label, className="fw-semibold mb-0"),
                    dbc.Input(
                        id={"type": "setting", "key": key},
                        type="number",
                        value=value,
                        size="sm",
                        placeholder="off" if default is None else None,
                        **INPUT_LIMITS.get(key, {}),
                    ),
                    html.Div(
                        "default: " + ("off" if default is None else f"{default:g}"),
                        className="small text-muted",
                    ),
                ],
                xs=12,
                md=3,
            ),
            dbc.Col([html.Div(entry.meaning, className="small"), basis_badge(key)], xs=12, md=9),
        ],
        className="g-2 py-2 border-bottom setting-row",
    )


def thresholds_form(settings: BalanceSettings) -> html.Div:
    """One row per threshold: its value (editable), its default, what it means, what it rests on."""
    values = asdict(settings)
    return html.Div([_row(key, values[key]) for key in SETTING_NAMES], id="settings-thresholds")


def sources_text(spans: Sequence[SourceSpan]) -> str:
    """The apps this athlete's sets came from and the period each covers."""
    have = ", ".join(f"{s.source} ({s.first:%Y-%m-%d} to {s.last:%Y-%m-%d})" for s in spans) or "none yet"
    return f"Your sources: {have}."


def sources_section() -> html.Div:
    """The source priority box (its value and the sources line are filled per athlete)."""
    return html.Div(
        [
            html.H3("One lifter, several apps", className="h6 mt-4"),
            dbc.Label("Source priority", html_for="source-priority", className="fw-semibold mb-0"),
            dbc.Input(id="source-priority", size="sm", placeholder="e.g. hevy, strong"),
            html.Div(
                "When one session is logged in two apps (overlapping times), it is counted once: from the app "
                "listed first here. Left empty, the workout with more sets counts, then the one imported first.",
                className="small",
            ),
            html.Div(className="small text-muted", id="settings-sources"),
        ],
        className="py-2",
    )
