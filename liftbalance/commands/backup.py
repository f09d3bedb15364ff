"""``liftbalance backup`` and ``restore``: all of a lifter's data out to Parquet, and back, on either store
(a DuckDB file or a ``postgresql://`` database: back up from one and restore into the other to move a site)."""

from __future__ import annotations

from pathlib import Path

import click

from etl.store.backup import backup, restore
from liftbalance.options import db_option, friendly_errors, resolve_db


@click.command("backup")
@db_option
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="A new, empty folder for the backup.",
)
@friendly_errors
def backup_command(db: Path | None, out_dir: Path) -> None:
    """Export everything (uploads, sets, overrides, settings, accounts) as Parquet files plus a manifest."""
    counts = backup(resolve_db(db), out_dir)
    click.echo(f"Backed up {counts.describe()} to {out_dir}.")


@click.command("restore")
@click.argument("from_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@db_option
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
@friendly_errors
def restore_command(from_dir: Path, db: Path | None, force: bool) -> None:
    """Rebuild the database from a backup folder written by `liftbalance backup`."""
    target = resolve_db(db)
    counts = restore(target, from_dir, force=force)
    shown = getattr(target, "shown", target)  # a postgresql:// URL without its password
    click.echo(f"Restored {counts.describe()} into {shown}.")
