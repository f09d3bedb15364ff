"""``liftbalance verdict``: the verdict the Balance page shows, as text or as JSON.

A thin shell over ``etl.analysis.weekly.load_weekly`` and ``etl.analysis.verdict.verdict``: it reads the athlete's weeks up
to the week asked for (the latest by default) and prints the same headline, summary, actions and notes
as the dashboard; ``--format json`` prints ``Verdict.to_dict()`` for scripts.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click

from etl.analysis.settings import BalanceSettings, load_settings
from etl.analysis.verdict import verdict
from etl.analysis.weekly import load_weekly
from liftbalance.options import ISO_DATE, athlete_option, db_option, friendly_errors, reads_if_stored
from schemas.weekly import empty_weekly


@click.command("verdict")
@db_option
@athlete_option
@click.option(
    "--week",
    type=ISO_DATE,
    default=None,
    help="Judge the week containing this day (YYYY-MM-DD); default: the latest.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="Output format.",
)
@friendly_errors
def verdict_command(db: Path | None, athlete: str, week: datetime | None, fmt: str) -> None:
    """What the latest weeks say about glute and hamstring balance, and what to add."""
    day = None if week is None else week.date()
    with reads_if_stored(db, athlete) as con:
        if con is not None:
            settings = load_settings(con, athlete)
            weekly = load_weekly(con, athlete, settings, end=day)
        else:  # nothing imported yet: don't create a database just to say so
            settings, weekly = BalanceSettings(), empty_weekly()
    result = verdict(weekly, settings, athlete=athlete, week=day)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo("\n".join(result.lines()))
