"""``liftbalance serve``: run the dashboard on a database, on this machine only unless told otherwise.

Binds 127.0.0.1 by default: a training log is personal. Another host is refused until the
database has accounts (``liftbalance user add``), and never with ``--debug``. ``--demo`` first loads the bundled sample logs
(idempotently: re-importing them adds nothing) so there is something to look at.
"""

from __future__ import annotations

import importlib.util
import ipaddress
from pathlib import Path
from typing import Any

import click
import duckdb

from etl.ingest import ImportReport, ingest, inspect_export
from etl.store import database as store
from etl.store.accounts import import_legacy_accounts, is_hosted, server_has_accounts
from liftbalance.options import db_option, friendly_errors, open_db, resolve_db

DEMO_ATHLETE = "default"


def sample_logs_dir() -> Path | None:
    """The bundled ``sample_logs/`` folder (a source checkout ships it), or ``None``."""
    spec = importlib.util.find_spec("sample_logs")
    if spec is not None and spec.origin:
        folder = Path(spec.origin).parent
        if any(folder.glob("*.csv")):
            return folder
    folder = Path(__file__).resolve().parents[2] / "sample_logs"
    return folder if any(folder.glob("*.csv")) else None


def load_demo(
    con: duckdb.DuckDBPyConnection, folder: Path, athlete: str = DEMO_ATHLETE
) -> list[ImportReport]:
    """Import every ``*.csv`` in ``folder``; unit-less (Strong) files are kg, as the sample lifter logs."""
    reports = []
    for path in sorted(folder.glob("*.csv")):
        data = path.read_bytes()
        unit = "kg" if inspect_export(data, path.name).needs_unit else None
        reports.append(ingest(con, data, path.name, athlete=athlete, unit=unit))
    return reports


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port", default=8050, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on."
)
@click.option(
    "--demo", is_flag=True, help="First load the bundled sample logs into --db (re-running adds nothing)."
)
@click.option(
    "--debug",
    is_flag=True,
    help="Dash debug mode: reloader and in-page error details. Never on a shared host.",
)
@click.option(
    "--trusted-proxy",
    default=None,
    metavar="ADDRESS",
    help="The reverse proxy's address: take the client address and https from its X-Forwarded-* headers.",
)
@click.option(
    "--hevy-sync-hours",
    type=click.FloatRange(min=0),
    default=0,
    show_default=True,
    metavar="N",
    help="Every N hours, sync each athlete who connected Hevy on the Upload page (0: never).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    metavar="N",
    help="Serve with N processes (gunicorn) instead of one; more than 1 needs a postgresql:// --db.",
)
@friendly_errors
def serve_command(
    db: Path | None,
    host: str,
    port: int,
    demo: bool,
    debug: bool,
    trusted_proxy: str | None,
    hevy_sync_hours: float,
    workers: int | None,
) -> None:
    """Open the dashboard: upload exports, see the weekly balance, fix mappings, export."""
    path = resolve_db(db)
    if workers is not None:
        refuse_unfit_workers(path, workers, debug=debug, hevy_sync_hours=hevy_sync_hours)
    if demo:
        folder = sample_logs_dir()
        if folder is None:
            raise click.ClickException(
                "The sample logs (sample_logs/*.csv) are not here; they ship with the source checkout."
            )
        with open_db(db) as con:
            for report in load_demo(con, folder):
                click.echo(
                    f"demo: {report.file}: {report.sets_added} sets added, {report.sets_unchanged} already there",
                    err=True,
                )
    loopback = is_loopback(host)
    if not loopback:
        refuse_public_without_accounts(path, host, debug)
    from dashboard.app import create_app  # the CLI stays fast for commands that never draw

    shown = f"[{host}]" if ":" in host else host
    if workers is not None:
        click.echo(
            f"liftbalance dashboard: http://{shown}:{port}/  ({workers} processes on {path}; Ctrl-C stops them)",
            err=True,
        )
        run_prefork(
            path, host=host, port=port, workers=workers, trusted_proxy=trusted_proxy, loopback=loopback
        )
        return
    app = create_app(path)
    # Beyond loopback the session cookie only travels over HTTPS: put a TLS proxy in front (SECURITY.md).
    app.server.config["SESSION_COOKIE_SECURE"] = not loopback
    if hevy_sync_hours > 0:
        from dashboard.hevy_schedule import PeriodicHevySync

        PeriodicHevySync(app.server, path, hevy_sync_hours).start()
    click.echo(f"liftbalance dashboard: http://{shown}:{port}/  (database {path}; Ctrl-C stops it)", err=True)
    run_server(app, host=host, port=port, debug=debug, trusted_proxy=trusted_proxy)


def run_server(app: Any, *, host: str, port: int, debug: bool, trusted_proxy: str | None = None) -> None:
    """Serve ``app`` until Ctrl-C: waitress tuned against stalls and floods (dashboard/production_server.py;
    one process, a pool of threads: docs/process-model.md), or with ``debug`` Werkzeug's reloader and errors."""
    if debug:
        app.run(host=host, port=port, debug=True, threaded=True)
        return
    from dashboard import auth, production_server

    server = production_server.make_server(
        app.server,
        host=host,
        port=port,
        trusted_proxy=trusted_proxy,
        accepts_body=lambda headers: auth.accepts_body(app.server, headers),
    )
    server.run()


def refuse_unfit_workers(path: Path, workers: int, *, debug: bool, hevy_sync_hours: float) -> None:
    """``--workers`` runs gunicorn: several processes need a store several processes may write."""
    if debug:
        raise click.ClickException(
            "--debug runs the development server; it cannot be combined with --workers."
        )
    if hevy_sync_hours > 0:
        raise click.ClickException(
            "--hevy-sync-hours would sync once per process; with --workers, schedule `liftbalance sync` instead."
        )
    if workers > 1 and not is_hosted(path):
        raise click.ClickException(
            f"--workers {workers} needs a PostgreSQL database (--db postgresql://...): the database file {path} "
            "can be written by one process only. Serve it without --workers."
        )


def run_prefork(
    path: Path, *, host: str, port: int, workers: int, trusted_proxy: str | None, loopback: bool
) -> None:
    """Serve with ``workers`` gunicorn processes until Ctrl-C (dashboard/prefork_server.py); each builds its app."""
    from dashboard import auth, prefork_server
    from dashboard.app import create_app

    def make_flask_app() -> Any:
        server = create_app(path).server
        server.config["SESSION_COOKIE_SECURE"] = not loopback
        return server

    prefork_server.make_server(
        make_flask_app, auth.accepts_body, host=host, port=port, workers=workers, trusted_proxy=trusted_proxy
    ).run()


def is_loopback(host: str) -> bool:
    """``localhost``, 127.0.0.0/8 or ::1: only this machine can connect."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def refuse_public_without_accounts(path: Path, host: str, debug: bool) -> None:
    """Another host may reach the server: demand accounts, and never debug mode's in-page tracebacks."""
    if debug:
        raise click.ClickException(
            f"--debug shows code and tracebacks in the page; it is only allowed on 127.0.0.1, not {host}."
        )
    with store.opened(path) as con:
        import_legacy_accounts(con, path)
    if not server_has_accounts(path):
        raise click.ClickException(
            f"Refusing to listen on {host}: anyone who can reach it could read and change this training data. "
            f"Add an account first with `liftbalance user add NAME --db {path}` (every page then needs a login), "
            "or serve on 127.0.0.1."
        )
