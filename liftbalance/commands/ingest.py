"""``liftbalance ingest``: load exports into the database and report, per file, what changed."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from etl.analysis.not_counted import skipped_line, unrecognised_line
from etl.errors import LiftbalanceError
from etl.ingest import ImportOptions, ImportReport, ingest
from etl.read.detect import FORMATS
from etl.read.readers.base import DATE_ORDERS
from etl.read.readers.custom import parse_column_spec
from etl.read.readers.registry import CLAIMING
from etl.read.units import UNITS
from etl.read.units_seen import units_text
from liftbalance.options import athlete_option, db_option, open_db

if TYPE_CHECKING:
    import duckdb

# "Strong, Hevy, ... or JEFIT", from the registry of readers.
_APPS = ", ".join(reader.label for reader in CLAIMING)

# Files at least this big take a second or so: they get a progress bar.
PROGRESS_BYTES = 2 * 1024 * 1024


def _column_mapping(ctx: click.Context, param: click.Parameter, value: str | None) -> dict[str, str] | None:
    if value is None:
        return None
    try:
        return parse_column_spec(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc


def _describe(report: ImportReport) -> list[str]:
    lines = [
        f"{report.file}: {report.label or report.format}, {report.workouts} workouts, "
        f"{report.sets_added} sets added, {report.sets_updated} updated, {report.sets_unchanged} unchanged"
        + (f", {report.sets_removed} removed" if report.sets_removed else "")
    ]
    if report.unit_note and report.unit_note not in report.warnings:
        lines.append(f"  {report.unit_note}")
    if report.first_workout:
        weights = units_text(report.units, report.unit)
        lines.append(
            f"  covers {report.first_workout[:10]} to {(report.last_workout or '')[:10]}"
            + (f"; {weights}" if weights else "")
        )
    if report.warmups_by_load:
        lines.append(
            f"  {report.warmups_by_load} unmarked sets read as warm-ups from their loads (not counted; "
            "see 'liftbalance settings' to change or switch off the warm-up share)"
        )
    if len(report.sources) > 1:
        lines.append(
            f"  {report.athlete}'s sources: "
            + "; ".join(
                f"{s['source']} {s['first'][:10]} to {s['last'][:10]} ({s['workouts']} workouts, {s['sets']} sets)"
                for s in report.sources
            )
        )
    for o in report.overlaps[:20]:
        lines.append(
            f"  counted once: the {o['dropped_source']} workout of {o['dropped_start'][:16]} overlaps the "
            f"{o['counted_source']} workout of {o['counted_start'][:16]}; the {o['counted_source']} one counts "
            f"({o['reason'].replace('_', ' ')})"
        )
    if len(report.overlaps) > 20:
        lines.append(f"  ... and {len(report.overlaps) - 20} more workouts counted once")
    lines += [f"  {skipped_line(reason, count)}" for reason, count in report.skipped.items()]
    if report.unrecognised:  # they count for no muscle until mapped
        lines.append(
            f"  {unrecognised_line(report.unrecognised)}; map each with `liftbalance map NAME EXERCISE_ID`:"
        )
        lines += [
            f"    {n['name']}: {n['sets']} working set{'' if n['sets'] == 1 else 's'}"
            for n in report.unrecognised
        ]
    for bad in report.quarantined[:20]:
        lines.append(f"  quarantined {bad.describe()}")
    if len(report.quarantined) > 20:
        lines.append(f"  ... and {len(report.quarantined) - 20} more quarantined")
    for odd in report.flagged[:20]:
        lines.append(f"  unusual value kept, {odd.describe()}")
    if len(report.flagged) > 20:
        lines.append(f"  ... and {len(report.flagged) - 20} more unusual values")
    return lines


@click.command(
    "ingest",
    help=f"Import workout exports from an app, or any CSV with --columns. Apps read as they come: {_APPS}. "
    "Re-importing a later, cumulative export adds only what is new.",
)
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@db_option
@athlete_option
@click.option(
    "--unit",
    type=click.Choice(UNITS),
    default=None,
    help="Unit of files that carry none (Strong's unit-less exports, JEFIT, a mapped CSV without a unit "
    "column). Without it the unit is weighed from the loads (plate totals like 45/135/225 lb or "
    "2.5 kg steps) and said in the report; a file whose loads do not tell is refused.",
)
@click.option(
    "--date-order",
    "date_order",
    type=click.Choice(DATE_ORDERS),
    default=None,
    help="For 2-digit dates the file itself cannot settle: dmy (day first) or mdy (month first).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="auto",
    show_default=True,
    help="Which app wrote the files.",
)
@click.option(
    "--columns",
    "columns",
    default=None,
    callback=_column_mapping,
    metavar="KEY=COLUMN,...",
    help="Read a CSV no app claims by naming its columns: date=…,exercise=…,weight=…,reps=… "
    "[,unit=…][,set_kind=…][,rpe=…][,notes=…][,workout=…]. Saved, and reused for files with the same header.",
)
@click.option(
    "--columns-name",
    "columns_name",
    default=None,
    metavar="NAME",
    help="The name the --columns mapping is saved under (default: the file's name).",
)
@click.option(
    "--tz", default=None, help="IANA time zone the workouts were logged in (default: this machine's)."
)
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Load the good rows and quarantine the bad ones instead of rejecting the file.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object per file on stdout, nothing else."
)
def ingest_command(
    files: tuple[Path, ...],
    db: Path | None,
    athlete: str,
    unit: str | None,
    fmt: str,
    columns: dict[str, str] | None,
    columns_name: str | None,
    tz: str | None,
    skip_invalid: bool,
    as_json: bool,
    date_order: str | None,
) -> None:
    err = Console(stderr=True)
    failed = 0
    options = ImportOptions(
        athlete=athlete,
        unit=unit,
        fmt=fmt,
        tz=tz,
        skip_invalid=skip_invalid,
        columns=columns,
        columns_name=columns_name,
        date_order=date_order,
        ask_unit=True,
    )
    with open_db(db) as con:
        for path in files:
            try:
                report = _ingest_one(con, path, err, options)
            except LiftbalanceError as exc:
                failed += 1
                err.print(f"[bold red]rejected[/] {exc}", markup=True, highlight=False, soft_wrap=True)
                if as_json:
                    click.echo(json.dumps({"file": path.name, "error": str(exc)}))
                continue
            for warning in report.warnings:
                err.print(f"[yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
            if as_json:
                out = report.to_dict()
                out["file"] = str(path)
                click.echo(json.dumps(out, default=str))
            else:
                for line in _describe(report):
                    click.echo(line)
    if failed:
        sys.exit(1)


def _ingest_one(
    con: duckdb.DuckDBPyConnection, path: Path, err: Console, options: ImportOptions
) -> ImportReport:
    with path.open("rb") as fh:
        if path.stat().st_size < PROGRESS_BYTES or not err.is_terminal:
            return ingest(con, fh, path.name, options)
        with Progress(
            TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=err, transient=True
        ) as bar:
            task = bar.add_task(path.name, total=1.0)

            def show(stage: str, fraction: float) -> None:
                bar.update(task, completed=fraction, description=f"{path.name}: {stage}")

            return ingest(con, fh, path.name, options, progress=show)
