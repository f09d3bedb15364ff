"""Options and helpers every command shares, so ``--db`` and ``--athlete`` mean one thing everywhere."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import duckdb

from etl import store
from etl.errors import LiftbalanceError

db_option = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Database file (default: $LIFTBALANCE_DB, else liftbalance.duckdb in your user data directory).",
)
athlete_option = click.option(
    "--athlete", default="default", show_default=True, help="Whose training this is."
)


def resolve_db(db: Path | None) -> Path:
    return db if db is not None else store.default_db_path()


@contextmanager
def open_db(db: Path | None, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the database for a command; library errors become a clean CLI error."""
    try:
        con = store.connect(resolve_db(db), read_only=read_only)
    except LiftbalanceError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        yield con
    finally:
        con.close()


def friendly_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a library error into ``click.ClickException`` (message + exit 1), never a traceback."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except LiftbalanceError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper
