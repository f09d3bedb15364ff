"""The CLI loads only what a command needs: ``--help`` imports no command, ``weekly`` never loads Dash.

Timings live in ``bench/cli_startup.py`` (``make bench``); these tests pin the import structure that
makes them possible, in fresh interpreters so nothing an earlier test imported hides a regression.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from liftbalance.cli import COMMANDS, cli
from tests.helpers.corpus import REPO

HEAVY = (
    "polars",
    "duckdb",
    "pandera",
    "pandas",
    "numpy",
    "pyarrow",
    "dash",
    "plotly",
    "flask",
    "rich",
    "etl",
    "schemas",
    "dashboard",
)


def loaded_after(args: list[str]) -> set[str]:
    """The top-level packages in ``sys.modules`` after ``liftbalance ARGS`` ran in a fresh interpreter."""
    code = (
        "import sys\n"
        "from liftbalance.cli import cli\n"
        f"try:\n    cli({args!r}, prog_name='liftbalance')\nexcept SystemExit:\n    pass\n"
        "import json; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_help_and_version_import_no_command_and_no_heavy_library() -> None:
    for args in (["--help"], ["--version"]):
        assert loaded_after(args) & set(HEAVY) == set(), args


def test_a_commands_help_loads_that_command_only() -> None:
    loaded = loaded_after(["weekly", "--help"])
    assert {"etl", "polars"} <= loaded
    assert loaded & {"dash", "plotly", "flask", "dash_bootstrap_components"} == set()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_registry_summary_is_the_commands_own_first_sentence(name: str) -> None:
    command = cli.get_command(None, name)  # type: ignore[arg-type]
    assert command is not None
    assert command.get_short_help_str(limit=1000) == COMMANDS[name].summary


def test_listing_help_shows_every_registered_command_with_its_summary() -> None:
    from click.testing import CliRunner

    out = " ".join(CliRunner().invoke(cli, ["--help"]).output.split())  # unwrapped
    for name, entry in COMMANDS.items():
        assert f" {name} {entry.summary}" in out, name
