"""``liftbalance weekly``: the weekly glute/hamstring balance in the terminal or as a file.

A thin shell over ``etl.analysis.weekly.load_weekly``, ``etl.analysis.verdict`` and ``etl.analysis.export``: it
parses options, picks the output, and words nothing itself that the glossary already words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import click
import polars as pl
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from etl.analysis.export import weekly_csv, weekly_json, weekly_parquet, weekly_xlsx
from etl.analysis.glossary import GLOSSARY
from etl.analysis.settings import BalanceSettings, load_settings
from etl.analysis.verdict import verdict as verdict_of
from etl.analysis.weekly import load_weekly
from liftbalance.options import (
    athlete_option,
    athlete_reads,
    db_option,
    friendly_errors,
    week_range,
    week_range_options,
    write_output,
)
from schemas.weekly import WEEKLY_COLUMNS

FORMATS = ("table", "csv", "json", "parquet", "xlsx")
BINARY_FORMATS = ("parquet", "xlsx")
TABLE_WEEKS = 12
STATUS_STYLES = {
    "balanced": "green",
    "glute_dominant": "bold red",
    "hamstring_dominant": "bold magenta",
    "low_volume": "yellow",
    "no_training": "dim",
    "no_lower_body": "dim",
    "glute_leaning": "red",
    "hamstring_leaning": "magenta",
    "missing_hip_extension": "yellow",
    "missing_knee_flexion": "yellow",
}
# (column, short header, how to show the value) for the terminal table; the full wording is in
# the glossary (--explain).
TABLE_COLUMNS = (
    ("workouts", "Work-\nouts", "int"),
    ("glute_sets", "Glute\nsets", "sets"),
    ("hamstring_hip_sets", "Ham\nhip", "sets"),
    ("hamstring_knee_sets", "Ham\nknee", "sets"),
    ("quad_sets", "Quad\nsets", "sets"),
    ("eccentric_sets", "Ecc\nsets", "int"),
    ("glute_ham_ratio_4w", "G:H\n4w", "ratio"),
    ("knee_flexion_share_4w", "Knee\n4w", "share"),
)
FOOTER_THRESHOLDS = ("dominance_ratio", "low_volume_sets", "sustained_weeks", "window_weeks")


def _number(value: object, kind: str = "sets") -> str:
    if value is None:
        return "–"
    if kind == "share" and isinstance(value, float):
        return f"{value:.0%}"
    if kind == "ratio" and isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def _table(weekly: pl.DataFrame, athlete: str) -> Table:
    shown = weekly.tail(TABLE_WEEKS)
    table = Table(
        title=f"Weekly hard sets for {escape(athlete)} (last {shown.height} weeks)",
        caption="Fractional hard sets (Pelland 2024); 4w = rolling window. --explain says what each counts.",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column("Week\nof", no_wrap=True)
    for _, header, _kind in TABLE_COLUMNS:
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    for row in shown.iter_rows(named=True):
        status = row["status"]
        table.add_row(
            row["week_start"].isoformat(),
            *(_number(row[name], kind) for name, _, kind in TABLE_COLUMNS),
            f"[{STATUS_STYLES[status]}]{status.replace('_', ' ')}[/]",
        )
    return table


def _thresholds(settings: BalanceSettings) -> str:
    parts = []
    for name in FOOTER_THRESHOLDS:
        entry = GLOSSARY[name]
        parts.append(f"{entry.label} {_number(getattr(settings, name))} ({entry.basis_text()})")
    return "Thresholds: " + "; ".join(parts) + "."


def _explain(console: Console, settings: BalanceSettings) -> None:
    console.print("[bold]Columns[/]")
    for name in WEEKLY_COLUMNS:
        entry = GLOSSARY[name]
        console.print(f"  [bold]{name}[/] ({escape(entry.label)}): {escape(entry.meaning)}")
    console.print("[bold]Thresholds[/] (your current value, and what it rests on)")
    for name, value in asdict(settings).items():
        entry = GLOSSARY[name]
        console.print(
            f"  [bold]{name}[/] = {value!r}: {escape(entry.meaning)} [italic]{escape(entry.basis_text())}[/]"
        )


@click.command("weekly")
@db_option
@athlete_option
@week_range_options("show")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format."
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write to this file (required for parquet and xlsx; csv and json go to stdout without it).",
)
@click.option("--explain", is_flag=True, help="Also explain every column and threshold (cited or heuristic).")
@friendly_errors
def weekly_command(
    db: Path | None,
    athlete: str,
    start: datetime | None,
    end: datetime | None,
    fmt: str,
    out: Path | None,
    explain: bool,
) -> None:
    """Week by week: glute vs hamstring hard sets, the rolling ratio, the status, and what to add."""
    if fmt in BINARY_FORMATS and out is None:
        raise click.UsageError(f"--format {fmt} writes a binary file: pass --out FILE.{fmt}.")
    if fmt == "table" and out is not None:
        raise click.UsageError(
            "--out needs --format csv, json, parquet or xlsx; the table prints to the terminal."
        )
    start_day, end_day = week_range(start, end)

    with athlete_reads(db, athlete) as con:
        settings = load_settings(con, athlete)
        weekly = load_weekly(con, athlete, settings, start=start_day, end=end_day)

    if fmt == "table":
        console = Console()
        if weekly.height == 0:
            console.print(f"No training logged for athlete {escape(repr(athlete))} in that date range.")
        else:
            console.print(_table(weekly, athlete))
            verdict = verdict_of(weekly, settings, athlete=athlete)
            console.print(f"\n[bold]{escape(verdict.headline)}[/]")
            console.print(escape(verdict.summary))
            for action in verdict.actions:
                console.print(f"  • {escape(action.text)}")
            for note in verdict.notes:
                console.print(f"[dim]Note: {escape(note)}[/]")
            console.print("[dim]" + escape(_thresholds(settings)) + "[/]")
        if explain:
            _explain(console, settings)
        return

    writers: dict[str, Callable[[pl.DataFrame], str | bytes]] = {
        "csv": weekly_csv,
        "json": weekly_json,
        "parquet": weekly_parquet,
        "xlsx": weekly_xlsx,
    }
    payload = writers[fmt](weekly)
    if out is None:
        click.echo(payload, nl=False)
        if fmt == "json":
            click.echo()
        return
    write_output(out, payload)
    click.echo(f"Wrote {weekly.height} weeks for {athlete!r} to {out}.", err=True)
