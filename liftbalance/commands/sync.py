"""``liftbalance sync hevy``: pull a Hevy Pro account's workouts through Hevy's API, like an import.

A thin shell over ``etl.sync``: find the key (``HEVY_API_KEY``, the kept one, or ask once and keep it
in a private file), run one sync with a progress bar, and print the same import report as ``ingest``
(text or ``--json``) plus what only a sync knows (the workouts deleted in Hevy). The key is never
printed. ``--forget`` deletes the kept key.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from etl.errors import LiftbalanceError
from etl.sync.hevy_api import KEY_PAGE, HevyClient
from etl.sync.hevy_key import KEY_ENV, env_key, forget_key, store_key, stored_key
from etl.sync.hevy_sync import SyncReport, sync_hevy
from liftbalance.commands.ingest import _describe
from liftbalance.options import athlete_option, db_option, open_db, resolve_db


@click.group(
    "sync", help="Pull workouts straight from an app's API instead of exporting files (today: Hevy)."
)
def sync_command() -> None:
    """Commands that sync an app account into the database."""


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"


def _summary(result: SyncReport) -> list[str]:
    report = result.report
    since = (result.since or "").replace("T", " ").removesuffix("Z")
    what = "every workout" if result.kind == "workouts" else f"changes since {since} UTC"
    lines = [
        f"Hevy sync ({what}): {_count(result.workouts_received, 'workout')} received in "
        f"{_count(result.pages, 'page')}, {report.sets_added} sets added, {report.sets_updated} updated, "
        f"{report.sets_unchanged} unchanged, {report.sets_removed} removed"
    ]
    if result.workouts_deleted:
        deleted = _count(result.workouts_deleted, "workout")
        lines.append(
            f"  {deleted} deleted in Hevy {'was' if result.workouts_deleted == 1 else 'were'} removed"
        )
    return lines + _describe(report)[1:]


def _key(db: Path, athlete: str) -> tuple[str, bool]:
    """The API key and whether it was just typed (so it is kept once the sync succeeds)."""
    key = env_key() or stored_key(db, athlete)
    if key is not None:
        return key, False
    typed = click.prompt(
        f"Hevy API key (from {KEY_PAGE}; needs Hevy Pro; or set {KEY_ENV})", hide_input=True, err=True
    ).strip()
    if not typed:
        raise click.ClickException("No Hevy API key was given.")
    return typed, True


def _run(con, client: HevyClient, err: Console, **options) -> SyncReport:  # type: ignore[no-untyped-def]
    if not err.is_terminal:
        return sync_hevy(con, client, **options)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
    ) as bar:
        task = bar.add_task("Hevy: reading pages", total=None)

        def pages(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        def stage(name: str, fraction: float) -> None:
            bar.update(task, description=f"Hevy: {name}")

        return sync_hevy(con, client, pages_progress=pages, progress=stage, **options)


@sync_command.command(
    "hevy",
    help="Sync a Hevy Pro account through Hevy's API: every workout the first time, then what changed "
    f"since the last sync (edits replace, deletions remove). The key comes from ${KEY_ENV}, or is asked "
    "once and kept in a private file for this database and athlete.",
)
@db_option
@athlete_option
@click.option(
    "--full", is_flag=True, help="Read every workout again, not only the changes since the last sync."
)
@click.option(
    "--forget", is_flag=True, help="Delete the kept Hevy API key for this database and athlete, then stop."
)
@click.option(
    "--tz", default=None, help="IANA time zone the workouts were logged in (default: this machine's)."
)
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Store the good sets and quarantine bad values instead of refusing the sync.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the import report as one JSON object on stdout, nothing else.",
)
def hevy_command(
    db: Path | None, athlete: str, full: bool, forget: bool, tz: str | None, skip_invalid: bool, as_json: bool
) -> None:
    path = resolve_db(db)
    err = Console(stderr=True)
    if forget:
        if forget_key(path, athlete):
            click.echo(f"Forgot the Hevy API key kept for {athlete} in {path}.")
        else:
            click.echo(f"No Hevy API key was kept for {athlete} in {path}.")
        return
    key, typed = _key(path, athlete)
    with open_db(db) as con:
        try:
            with HevyClient(key) as client:
                result = _run(con, client, err, athlete=athlete, tz=tz, full=full, skip_invalid=skip_invalid)
        except LiftbalanceError as exc:
            err.print(f"[bold red]sync failed[/] {exc}", markup=True, highlight=False, soft_wrap=True)
            if as_json:
                click.echo(json.dumps({"error": str(exc)}))
            sys.exit(1)
    if typed:
        store_key(path, athlete, key)
        err.print(
            "Kept the key in a private file for next time (liftbalance sync hevy --forget removes it).",
            highlight=False,
        )
    for warning in result.report.warnings:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
    if as_json:
        click.echo(json.dumps(result.to_dict(), default=str))
    else:
        for line in _summary(result):
            click.echo(line)
