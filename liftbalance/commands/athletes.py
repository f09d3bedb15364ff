"""``liftbalance athletes``: who is in the database, so ``--athlete`` is never a guess.

A thin shell over ``etl.analysis.athletes.athlete_summaries``: a table for the terminal, CSV or JSON for scripts.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click

from etl.analysis.athletes import AthleteSummary, athlete_summaries
from etl.store.snapshot import analysis_connection
from liftbalance.options import db_option, friendly_errors, open_db, resolve_db

# How the CLI names each app (etl.read.detect READERS keys), as the dashboard's APP_NAMES does; kept here so
# this command does not load Dash. An app missing here shows by its key.
APP_LABELS = {
    "strong": "Strong",
    "hevy": "Hevy",
    "fitnotes": "FitNotes",
    "fitbod": "Fitbod",
    "liftosaur": "Liftosaur",
    "stronglifts": "StrongLifts",
    "alpha": "Alpha Progression",
    "jefit": "JEFIT",
    "custom": "a mapped CSV",
}
FIELDS = ("athlete", "sets", "first_week", "last_week", "apps", "latest_status")


def _row(summary: AthleteSummary) -> dict[str, str | int]:
    """One athlete in words: apps by name, the status as the weekly table words it."""
    return {
        "athlete": summary.athlete,
        "sets": summary.sets,
        "first_week": summary.first_week.isoformat() if summary.first_week else "",
        "last_week": summary.last_week.isoformat() if summary.last_week else "",
        "apps": ", ".join(APP_LABELS.get(app, app) for app in summary.apps),
        "latest_status": (summary.latest_status or "").replace("_", " "),
    }


@click.command("athletes")
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@friendly_errors
def athletes_command(db: Path | None, fmt: str) -> None:
    """Every athlete in the database: sets, first and last week, apps, and the latest status."""
    path = resolve_db(db)
    if not path.exists():  # don't create a database just to say it is empty
        rows: list[dict[str, str | int]] = []
    else:
        with open_db(db, read_only=True) as con, analysis_connection(con, None) as reads:
            rows = [_row(s) for s in athlete_summaries(reads)]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        click.echo(buffer.getvalue(), nl=False)
    elif not rows:
        click.echo(
            f"No athletes in {path} yet. Import an export with `liftbalance ingest FILE [--athlete NAME]`."
        )
    else:
        _print_table(rows)


def _print_table(rows: list[dict[str, str | int]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Athletes", header_style="bold")
    for header, justify in (
        ("Athlete", "left"),
        ("Sets logged", "right"),
        ("First week", "left"),
        ("Last week", "left"),
        ("Apps", "left"),
        ("Latest week's status", "left"),
    ):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(*(str(row[f]) for f in FIELDS))
    Console().print(table)
