"""``liftbalance exercises``, ``map`` and ``unmap``: see how each logged name is credited, and fix it."""

from __future__ import annotations

from pathlib import Path

import click
import polars as pl
from rich.console import Console
from rich.table import Table

from etl.analysis.exercises import exercise_table
from etl.analysis.export import neutralise_text_columns
from etl.taxonomy import load_taxonomy, remove_override, set_override
from liftbalance.options import athlete_option, athlete_reads, db_option, friendly_errors, open_athlete_db

CSV_COLUMNS = [
    "name",
    "sets",
    "exercise_id",
    "pattern",
    "glute_max",
    "glute_med",
    "hamstring_hip",
    "hamstring_knee",
    "quads",
    "erectors",
    "eccentric",
    "match",
    "suggestion",
    "warmups_by_load",
]


# The table's headers, in a lifter's words (CSV and JSON keep the column names scripts read).
TABLE_HEADERS = {
    "name": "Logged name",
    "sets": "Working sets",
    "exercise_id": "Maps to (id)",
    "pattern": "Movement",
    "glute_max": "Glute max",
    "glute_med": "Glute med",
    "hamstring_hip": "Ham hip-ext",
    "hamstring_knee": "Ham knee-flex",
    "quads": "Quads",
    "erectors": "Lower back",
    "eccentric": "Eccentric",
    "lower_body": "Lower body",
    "match": "Matched by",
    "suggestion": "Suggestion",
}


def shown_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` without the columns that say nothing here: 0 (or false, or empty) on every row."""

    def says_something(column: pl.Series) -> bool:
        if column.dtype.is_numeric():
            return bool((column.fill_null(0) != 0).any())
        if column.dtype == pl.Boolean:
            return bool(column.fill_null(False).any())
        return bool(column.drop_nulls().cast(pl.String).str.len_chars().gt(0).any())

    return frame.select([name for name in frame.columns if says_something(frame.get_column(name))])


def _print_table(frame: pl.DataFrame, title: str) -> None:
    table = Table(title=title, header_style="bold")
    frame = shown_columns(frame)
    if "pattern" in frame.columns:  # a movement in words: "hip_thrust" -> "hip thrust"
        frame = frame.with_columns(pl.col("pattern").str.replace_all("_", " "))
    for column in frame.columns:
        table.add_column(TABLE_HEADERS.get(column, column), overflow="fold")
    for row in frame.iter_rows():
        table.add_row(*["" if v is None else (f"{v:g}" if isinstance(v, float) else str(v)) for v in row])
    Console().print(table)


@click.command("exercises")
@db_option
@athlete_option
@click.option(
    "--unmapped", is_flag=True, help="Only names that credit no muscle because nothing matched them."
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
@click.option(
    "--taxonomy", is_flag=True, help="Print the canonical exercises instead, to find an id to map to."
)
@friendly_errors
def exercises_command(db: Path | None, athlete: str, unmapped: bool, fmt: str, taxonomy: bool) -> None:
    """Every logged exercise name, its mapping, and its working sets. Unmapped names come first."""
    if taxonomy:
        frame = load_taxonomy().select(
            "exercise_id",
            "name",
            "pattern",
            "glute_max",
            "glute_med",
            "hamstring_hip",
            "hamstring_knee",
            "quads",
            "erectors",
            "eccentric",
            "lower_body",
        )
    else:
        with athlete_reads(db, athlete) as con:
            frame = exercise_table(con, athlete).select(CSV_COLUMNS)
        logged = frame.height
        if unmapped:
            frame = frame.filter(pl.col("match") == "unmapped")
    if fmt == "csv":
        click.echo(neutralise_text_columns(frame).write_csv(), nl=False)
    elif fmt == "json":
        click.echo(frame.write_json())
    elif frame.height == 0 and unmapped and logged:
        click.echo(f"All {logged} names recognised: every exercise {athlete} logged credits its muscles.")
    elif frame.height == 0:
        click.echo(
            f"No exercises logged for athlete {athlete!r} yet. Import an export with `liftbalance ingest`."
        )
    else:
        _print_table(frame, "Canonical exercises" if taxonomy else f"Exercises logged by {athlete}")
        warmups = 0 if taxonomy else int(frame.get_column("warmups_by_load").sum())
        if warmups:
            click.echo(
                f"{warmups} unmarked sets were read as warm-ups from their loads and are not counted in 'sets' "
                "(before a session's heaviest set of the exercise and under the warmup_load_share setting of it)."
            )


@click.command("map")
@click.argument("name")
@click.argument("exercise_id")
@db_option
@athlete_option
@friendly_errors
def map_command(name: str, exercise_id: str, db: Path | None, athlete: str) -> None:
    """Credit NAME (as logged) like EXERCISE_ID from now on, past weeks included."""
    with open_athlete_db(db, athlete) as con:
        set_override(con, athlete, name, exercise_id)
    click.echo(f"{name!r} now counts as {exercise_id} for {athlete}.")


@click.command("unmap")
@click.argument("name")
@db_option
@athlete_option
@friendly_errors
def unmap_command(name: str, db: Path | None, athlete: str) -> None:
    """Remove the override for NAME; the built-in matching applies again."""
    with open_athlete_db(db, athlete) as con:
        removed = remove_override(con, athlete, name)
    if not removed:
        raise click.ClickException(f"There is no override for {name!r} (athlete {athlete}).")
    click.echo(f"Removed the override for {name!r}.")
