"""The ``liftbalance`` command group: each command is a thin shell over the library."""

from __future__ import annotations

import click

from liftbalance.commands.backup import backup_command, restore_command
from liftbalance.commands.exercises import exercises_command, map_command, unmap_command
from liftbalance.commands.ingest import ingest_command
from liftbalance.commands.report import report_command
from liftbalance.commands.serve import serve_command
from liftbalance.commands.settings import settings_command
from liftbalance.commands.sync import sync_command
from liftbalance.commands.user import user_command
from liftbalance.commands.weekly import weekly_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="liftbalance")
def cli() -> None:
    """Is my training balanced? Weekly glute and hamstring hard sets from Strong and Hevy exports."""


cli.add_command(ingest_command)
cli.add_command(weekly_command)
cli.add_command(exercises_command)
cli.add_command(map_command)
cli.add_command(unmap_command)
cli.add_command(backup_command)
cli.add_command(restore_command)
cli.add_command(report_command)
cli.add_command(serve_command)
cli.add_command(settings_command)
cli.add_command(sync_command)
cli.add_command(user_command)


def main() -> None:
    cli(prog_name="liftbalance")
