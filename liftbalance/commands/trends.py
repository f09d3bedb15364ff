"""``liftbalance trends``: is the posterior chain getting stronger? The Balance page's strength numbers.

A thin shell over ``etl.analysis.trends.load_trends``: one row per tracked lift and week trained, with the
Epley estimated one-rep max (kilograms: liftbalance has no unit preference yet), the best reps and
whether the lift has stalled (no new best for the ``stall_weeks`` setting, a heuristic).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import click
import polars as pl

from etl.analysis.settings import load_settings
from etl.analysis.trends import FORMULA, load_trends
from liftbalance.options import athlete_option, db_option, friendly_errors, reads_if_stored

FIELDS = ("exercise", "week_start", "e1rm_kg", "best_reps", "stall")


def _rows(trends: pl.DataFrame) -> list[dict[str, Any]]:
    return [
        {
            "exercise": r["exercise"],
            "week_start": r["week_start"].isoformat(),
            "e1rm_kg": None if r["e1rm_kg"] is None else round(r["e1rm_kg"], 1),
            "best_reps": r["best_reps"],
            "stall": r["stall"],
        }
        for r in trends.sort("exercise", "week_start").iter_rows(named=True)
    ]


@click.command("trends")
@db_option
@athlete_option
@click.option(
    "--exercise",
    default=None,
    help="Only this lift (its name as the taxonomy words it, e.g. 'Romanian deadlift').",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("table", "csv", "json")),
    default="table",
    show_default=True,
    help="Output format.",
)
@friendly_errors
def trends_command(db: Path | None, athlete: str, exercise: str | None, fmt: str) -> None:
    """Estimated one-rep max and best reps per week of posterior-chain lifts, with stalls."""
    trends = None
    stall_weeks = None
    with reads_if_stored(db, athlete, read_only=True) as con:
        if con is not None:
            settings = load_settings(con, athlete)
            stall_weeks = settings.stall_weeks
            trends = load_trends(con, athlete, settings)
    if trends is not None and exercise:
        wanted = exercise.strip().casefold()
        trends = trends.filter(
            (pl.col("exercise").str.to_lowercase() == wanted)
            | (pl.col("exercise_id") == wanted.replace(" ", "_"))
        )
    rows = _rows(trends) if trends is not None else []
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        click.echo(buffer.getvalue(), nl=False)
    elif not rows:
        click.echo(
            f"No posterior-chain lifts logged for {athlete}" + (f" named {exercise!r}." if exercise else ".")
        )
    else:
        _print_table(rows, stall_weeks or 0)


def _print_table(rows: list[dict[str, Any]], stall_weeks: int) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title="Strength trends",
        header_style="bold",
        caption=(
            f"{FORMULA}; loads in kg. Stalled: no new best for {stall_weeks}+ weeks (a heuristic setting)."
        ),
    )
    for header, justify in (
        ("Lift", "left"),
        ("Week of", "left"),
        ("Estimated 1RM (kg)", "right"),
        ("Best reps in a set", "right"),
        ("Stalled", "left"),
    ):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for r in rows:
        table.add_row(
            r["exercise"],
            r["week_start"],
            "" if r["e1rm_kg"] is None else f"{r['e1rm_kg']:.1f}",
            str(r["best_reps"]),
            "stalled" if r["stall"] else "",
        )
    Console().print(table)
