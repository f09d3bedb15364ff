"""Docs that cannot drift: every CLI command and option is in README.md or docs/ (as sqlite-utils' docs
tests walk its click command tree), and README's Quick start is the two commands the Makefile has."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from liftbalance.cli import cli

REPO = Path(__file__).resolve().parents[1]
DOCS = "\n".join(
    p.read_text(encoding="utf-8") for p in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
)


def _walk(command: click.Command, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], click.Command]]:
    """Every command under ``command`` (itself included), loading the lazy ones as --help would."""
    found = [(path, command)]
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, name
            found += _walk(sub, (*path, name))
    return found


COMMANDS = _walk(cli, ())
OPTIONS = sorted(
    {
        (" ".join(path), opt)
        for path, command in COMMANDS
        for param in command.params
        if isinstance(param, click.Option)
        for opt in param.opts
        if opt.startswith("--") and opt != "--help"
    }
)


@pytest.mark.parametrize("path", [" ".join(path) for path, _ in COMMANDS if path], ids=str)
def test_every_command_is_documented(path: str) -> None:
    assert f"liftbalance {path}" in DOCS, f"`liftbalance {path}` is in no README.md or docs/*.md line"


@pytest.mark.parametrize(("command", "option"), OPTIONS, ids=[f"{c} {o}" for c, o in OPTIONS])
def test_every_option_is_documented(command: str, option: str) -> None:
    assert re.search(re.escape(option) + r"(?![\w-])", DOCS), (
        f"{option} (of `liftbalance {command}`) is in no README.md or docs/*.md line"
    )


def test_the_walk_sees_lazy_and_nested_commands() -> None:
    paths = {" ".join(path) for path, _ in COMMANDS}
    assert {"ingest", "athletes", "settings set", "user add"} <= paths
    assert ("ingest", "--columns-name") in OPTIONS


def test_quick_start_is_make_run_and_make_test() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(make \w+)", quick, flags=re.M)
    assert commands == ["make run", "make test"]
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, flags=re.M) and re.search(r"^test:", makefile, flags=re.M)


def test_performance_details_live_in_docs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Performance", 1)[1]
    assert "docs/performance.md" in section and len(section.splitlines()) < 15
    assert "Why the misses remain" in (REPO / "docs" / "performance.md").read_text(encoding="utf-8")
