"""Options and helpers every command shares, so ``--db``, ``--athlete`` and ``--from``/``--to`` mean one
thing everywhere, and a file a command cannot write fails the same way in each."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

import click
import duckdb

from etl.analysis.date_bounds import out_of_range
from etl.errors import LiftbalanceError
from etl.store import database as store
from etl.store import postgres, private_files
from etl.store.snapshot import analysis_connection


def _private_files(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """Every command that takes --db may create database files: from here on this process creates them private
    (umask 077; DuckDB re-creates its .wal itself, so a chmod after the fact would not hold). etl.store.private_files."""
    private_files.narrow_umask()
    return value


class DatabaseParam(click.ParamType):
    """A DuckDB file path, or a ``postgresql://`` URL (the hosted store) kept whole as a ``DatabaseUrl``."""

    name = "file|url"
    _file = click.Path(dir_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and postgres.is_url(value):
            return postgres.DatabaseUrl(value)
        return self._file.convert(value, param, ctx)


db_option = click.option(
    "--db",
    "db",
    type=DatabaseParam(),
    default=None,
    callback=_private_files,
    help="Database file, or a postgresql:// URL (default: $LIFTBALANCE_DB, else liftbalance.duckdb in your "
    "user data directory).",
)
athlete_option = click.option(
    "--athlete", default="default", show_default=True, help="Whose training this is."
)
ISO_DATE = click.DateTime(formats=["%Y-%m-%d"])
Command = TypeVar("Command", bound=Callable[..., Any])


def week_range_options(verb: str) -> Callable[[Command], Command]:
    """``--from`` and ``--to`` (YYYY-MM-DD, each meaning its week) as the ``start`` and ``end`` arguments;
    ``verb`` words their help ("First week to show ..."). ``week_range`` turns them into days."""

    def decorate(func: Command) -> Command:
        # Applied last-first, so --help lists --from before --to.
        func = click.option(
            "--to", "end", type=ISO_DATE, default=None, help=f"Last week to {verb} (YYYY-MM-DD; its week)."
        )(func)
        return click.option(
            "--from",
            "start",
            type=ISO_DATE,
            default=None,
            help=f"First week to {verb} (YYYY-MM-DD; its week).",
        )(func)

    return decorate


def week_range(start: datetime | None, end: datetime | None) -> tuple[date | None, date | None]:
    """The days ``--from`` and ``--to`` name (None when not given); ``click.UsageError`` when --from is after --to
    or either is outside ``etl.analysis.date_bounds`` (beyond it the week arithmetic overflows)."""
    start_day = start.date() if start else None
    end_day = end.date() if end else None
    for option, day in (("--from", start_day), ("--to", end_day)):
        problem = out_of_range(day) if day else None
        if problem:
            raise click.BadParameter(problem, param_hint=f"'{option}'")
    if start_day and end_day and start_day > end_day:
        raise click.UsageError(f"--from {start_day} is after --to {end_day}.")
    return start_day, end_day


def resolve_db(db: Path | None) -> Path:
    """The database a command uses: ``--db``, else the default. A ``postgresql://`` URL comes back as a
    ``DatabaseUrl``, which answers ``exists()`` and ``str()`` as the commands ask a path."""
    return cast(Path, db if db is not None else store.default_db_path())


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


def closest_first(name: str, known: list[str]) -> list[str]:
    """``known`` ordered by likeness to ``name`` (difflib's ratio, ignoring case), most alike first."""
    folded = name.casefold()
    return sorted(known, key=lambda k: -difflib.SequenceMatcher(None, folded, k.casefold()).ratio())


def unknown_athlete_message(athlete: str, known: list[str], path: Path) -> str:
    """What to say when ``--athlete`` names no one in the database at ``path``."""
    if not known:
        return (
            f"No training logged for athlete {athlete!r}: nothing is imported into {path} yet. "
            "Import an export with `liftbalance ingest FILE`."
        )
    shown = ", ".join(repr(a) for a in closest_first(athlete, known)[:10])
    more = f" (and {len(known) - 10} more: `liftbalance athletes` lists them all)" if len(known) > 10 else ""
    return (
        f"No training logged for athlete {athlete!r} in {path}. The athletes there, closest match first: "
        f"{shown}{more}. Pass one with --athlete NAME."
    )


@contextmanager
def open_athlete_db(
    db: Path | None, athlete: str, *, read_only: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """``open_db`` for a command about one athlete: exit 1, listing the athletes it knows, when ``athlete``
    has no data; a database that does not exist yet is not created just to say so."""
    path = resolve_db(db)
    if not path.exists():
        raise click.ClickException(unknown_athlete_message(athlete, [], path))
    with open_db(db, read_only=read_only) as con:
        known = store.athletes(con)
        if athlete not in known:
            raise click.ClickException(unknown_athlete_message(athlete, known, path))
        yield con


@contextmanager
def athlete_reads(db: Path | None, athlete: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """``open_athlete_db`` for a command that only reads one athlete's data: on a PostgreSQL store, a DuckDB
    copy of that athlete's rows (``etl.store.snapshot``), so the weekly and verdict code runs unchanged."""
    with open_athlete_db(db, athlete) as con, analysis_connection(con, athlete) as reads:
        yield reads


@contextmanager
def reads_if_stored(
    db: Path | None, athlete: str, *, read_only: bool = False
) -> Iterator[duckdb.DuckDBPyConnection | None]:
    """``athlete_reads`` without the athlete check, or None where no database file exists yet (a command
    that answers "nothing logged" should not create one just to say so)."""
    if not resolve_db(db).exists():
        yield None
        return
    with open_db(db, read_only=read_only) as con, analysis_connection(con, athlete) as reads:
        yield reads


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


def write_output(out: Path, payload: str | bytes) -> None:
    """Write a command's output file (text as UTF-8); an OS error is a one-line ``ClickException`` naming the file."""
    try:
        if isinstance(payload, bytes):
            out.write_bytes(payload)
        else:
            out.write_text(payload, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"Cannot write {out}: {exc.strerror or exc}") from exc
