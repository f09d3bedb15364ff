"""``liftbalance settings``: see and change the thresholds behind the verdict, per athlete.

The same library calls as the dashboard's Settings page (``etl.analysis.settings``), so a coach who lives
in a terminal can set a lifter's dominance ratio or source priority. ``show`` prints each value
with its default and what it rests on (``etl.analysis.glossary``: cited, heuristic, analogy, your choice).
"""

from __future__ import annotations

from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import click

from etl.analysis.glossary import GLOSSARY
from etl.analysis.settings import (
    DEFAULTS,
    SETTING_NAMES,
    SOURCE_PRIORITY_KEY,
    SourceSettings,
    load_settings,
    load_source_settings,
    parse_setting,
    save_settings,
    save_source_settings,
)
from liftbalance.options import athlete_option, db_option, friendly_errors, open_db

KEYS = (*SETTING_NAMES, SOURCE_PRIORITY_KEY)


def parse_value(key: str, text: str) -> Any:
    """``"hevy,strong"`` for source_priority -> its apps; any other key through ``etl.analysis.settings.parse_setting``
    (``"1.8"`` -> 1.8, ``"6"`` for a whole-week field -> 6, ``"off"`` for min_rpe -> None)."""
    if key == SOURCE_PRIORITY_KEY:
        return tuple(part.strip() for part in text.split(",") if part.strip())
    return parse_setting(key, text)


def _shown(value: Any) -> str:
    if value is None:
        return "off"
    if isinstance(value, tuple):
        return ", ".join(value) or "(none: more sets, then imported first)"
    return f"{value:g}"


def settings_lines(current: dict[str, Any], priority: SourceSettings) -> list[str]:
    """One line per setting: key, value, default (when changed), and its basis."""
    defaults = asdict(DEFAULTS)
    width = max(len(k) for k in KEYS)
    lines = []
    for key in SETTING_NAMES:
        value = current[key]
        changed = "" if value == defaults[key] else f"  (default {_shown(defaults[key])})"
        basis = GLOSSARY[key].basis_text()
        lines.append(f"{key:<{width}}  {_shown(value)}{changed}  [{basis}]")
    lines.append(f"{SOURCE_PRIORITY_KEY:<{width}}  {_shown(priority.source_priority)}  [your choice]")
    return lines


@click.group("settings", invoke_without_command=True)
@db_option
@athlete_option
@click.pass_context
def settings_command(ctx: click.Context, db: Path | None, athlete: str) -> None:
    """Show (the default), set or reset an athlete's balance thresholds and source priority."""
    ctx.obj = {"db": db, "athlete": athlete}
    if ctx.invoked_subcommand is None:
        ctx.invoke(show_command)


@settings_command.command("show")
@click.pass_obj
@friendly_errors
def show_command(obj: dict[str, Any]) -> None:
    """Every setting with its value and what it rests on."""
    with open_db(obj["db"]) as con:
        current = asdict(load_settings(con, obj["athlete"]))
        priority = load_source_settings(con, obj["athlete"])
    click.echo(f"Settings for athlete {obj['athlete']!r}:")
    for line in settings_lines(current, priority):
        click.echo("  " + line)


@settings_command.command("set", context_settings={"ignore_unknown_options": True})  # "-2" is a value
@click.argument("key", type=click.Choice(KEYS))
@click.argument("value")
@click.pass_obj
@friendly_errors
def set_command(obj: dict[str, Any], key: str, value: str) -> None:
    """Set KEY to VALUE (a number; "off" for min_rpe; apps like "hevy,strong" for source_priority)."""
    parsed = parse_value(key, value)
    with open_db(obj["db"]) as con:
        if key == SOURCE_PRIORITY_KEY:
            save_source_settings(con, obj["athlete"], SourceSettings(source_priority=parsed))
        else:
            save_settings(con, obj["athlete"], replace(load_settings(con, obj["athlete"]), **{key: parsed}))
    click.echo(f"{key} = {_shown(parsed)} for athlete {obj['athlete']!r}.")


@settings_command.command("reset")
@click.pass_obj
@friendly_errors
def reset_command(obj: dict[str, Any]) -> None:
    """Back to the defaults (thresholds and source priority)."""
    with open_db(obj["db"]) as con:
        save_settings(con, obj["athlete"], DEFAULTS)
        save_source_settings(con, obj["athlete"], SourceSettings())
    click.echo(f"Settings for athlete {obj['athlete']!r} are back to the defaults.")
