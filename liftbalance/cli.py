"""The ``liftbalance`` command group: each command is a thin shell over the library, loaded on demand.

Importing every command up front cost 1-2.5 s on every run (polars, pandera, DuckDB, Dash), even for
``--help``. The group below lists commands from ``COMMANDS`` alone and imports a command's module only
when that command runs (click's "lazily loading subcommands" pattern), so ``liftbalance --help`` loads
click and nothing of ours beyond this file, and ``weekly`` never loads Dash.

Adding a command is one line in ``COMMANDS``: its name, where it lives, and the one-line help that
``liftbalance --help`` shows (``tests/test_cli_lazy.py`` checks that line against the command's own help).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import click


@dataclass(frozen=True)
class LazyCommand:
    """Where a command lives (``"module:attribute"``) and the line ``liftbalance --help`` lists it with."""

    target: str
    summary: str

    def load(self) -> click.Command:
        module_name, attribute = self.target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.target} is not a click command")
        return command


COMMANDS: dict[str, LazyCommand] = {
    "athletes": LazyCommand(
        "liftbalance.commands.athletes:athletes_command",
        "Every athlete in the database: sets, first and last week, apps, and the latest status.",
    ),
    "ingest": LazyCommand(
        "liftbalance.commands.ingest:ingest_command",
        "Import workout exports from an app, or any CSV with --columns.",
    ),
    "weekly": LazyCommand(
        "liftbalance.commands.weekly:weekly_command",
        "Week by week: glute vs hamstring hard sets, the rolling ratio, the status, and what to add.",
    ),
    "exercises": LazyCommand(
        "liftbalance.commands.exercises:exercises_command",
        "Every logged exercise name, its mapping, and its working sets.",
    ),
    "map": LazyCommand(
        "liftbalance.commands.exercises:map_command",
        "Credit NAME (as logged) like EXERCISE_ID from now on, past weeks included.",
    ),
    "unmap": LazyCommand(
        "liftbalance.commands.exercises:unmap_command",
        "Remove the override for NAME; the built-in matching applies again.",
    ),
    "backup": LazyCommand(
        "liftbalance.commands.backup:backup_command",
        "Export everything (uploads, sets, overrides, settings, accounts) as Parquet files plus a manifest.",
    ),
    "restore": LazyCommand(
        "liftbalance.commands.backup:restore_command",
        "Rebuild the database from a backup folder written by `liftbalance backup`.",
    ),
    "trends": LazyCommand(
        "liftbalance.commands.trends:trends_command",
        "Estimated one-rep max and best reps per week of posterior-chain lifts, with stalls.",
    ),
    "verdict": LazyCommand(
        "liftbalance.commands.verdict:verdict_command",
        "What the latest weeks say about glute and hamstring balance, and what to add.",
    ),
    "report": LazyCommand(
        "liftbalance.commands.report:report_command",
        "Write an HTML report: glute vs hamstring trends, the verdict, and what every number counts.",
    ),
    "serve": LazyCommand(
        "liftbalance.commands.serve:serve_command",
        "Open the dashboard: upload exports, see the weekly balance, fix mappings, export.",
    ),
    "settings": LazyCommand(
        "liftbalance.commands.settings:settings_command",
        "Show (the default), set or reset an athlete's balance thresholds and source priority.",
    ),
    "sync": LazyCommand(
        "liftbalance.commands.sync:sync_command",
        "Pull workouts straight from an app's API instead of exporting files (today: Hevy).",
    ),
    "token": LazyCommand(
        "liftbalance.commands.token:token_command",
        "Push tokens: let a phone or script send exports to the dashboard's /api/ingest.",
    ),
    "user": LazyCommand(
        "liftbalance.commands.user:user_command",
        "Dashboard accounts: each logs in and sees only its own athletes.",
    ),
    "worker": LazyCommand(
        "liftbalance.commands.worker:worker_command",
        "Run queued imports from a hosted site's PostgreSQL database; start as many as you need.",
    ),
}


class LazyGroup(click.Group):
    """A group whose commands are ``COMMANDS`` entries, imported the first time one is asked for."""

    def __init__(self, *args: object, lazy_commands: dict[str, LazyCommand], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy_commands = lazy_commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            self.add_command(self.lazy_commands[cmd_name].load(), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the registry's summaries: ``--help`` imports no command."""
        rows = [
            (
                name,
                self.lazy_commands[name].summary
                if name in self.lazy_commands
                else self.commands[name].get_short_help_str(formatter.width),
            )
            for name in self.list_commands(ctx)
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, lazy_commands=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="liftbalance")
def cli() -> None:
    """Is my training balanced? Weekly glute and hamstring hard sets from the export of your workout app
    (Strong, Hevy, FitNotes, Fitbod, Liftosaur, Lyfta, GymBook, StrongLifts, Alpha Progression, JEFIT) or any
    CSV."""
    # The one list of apps written by hand: ``--help`` loads nothing of ``etl`` (tests/cli/test_cli_lazy.py),
    # so it cannot read the reader registry; tests/etl/read/test_app_labels.py holds it to the registry.


def main() -> None:
    cli(prog_name="liftbalance")
