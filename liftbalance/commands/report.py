"""``liftbalance report``: the self-contained HTML report (charts, verdict, weekly table) for a range.

The same report the dashboard's Export page downloads (``dashboard.report``); one file that
opens offline, for the lifter or a coach.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from etl import store
from liftbalance.options import athlete_option, db_option, friendly_errors, open_db, resolve_db

ISO_DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.command("report")
@db_option
@athlete_option
@click.option("--from", "start", type=ISO_DATE, default=None, help="First week to include (YYYY-MM-DD; its week).")
@click.option("--to", "end", type=ISO_DATE, default=None, help="Last week to include (YYYY-MM-DD; its week).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The HTML file to write.")
@friendly_errors
def report_command(
    db: Path | None, athlete: str, start: datetime | None, end: datetime | None, out: Path
) -> None:
    """Write an HTML report: glute vs hamstring trends, the verdict, and what every number counts."""
    start_day: date | None = start.date() if start else None
    end_day: date | None = end.date() if end else None
    if start_day and end_day and start_day > end_day:
        raise click.UsageError(f"--from {start_day} is after --to {end_day}.")
    path = resolve_db(db)
    if not path.exists():
        raise click.ClickException(f"No database at {path}: import an export first with `liftbalance ingest FILE`.")
    from dashboard.report import report_from_store  # plotly loads only for this command

    with open_db(db) as con:
        known = store.athletes(con)
        if athlete not in known:
            others = ", ".join(repr(a) for a in known) or "none yet"
            raise click.ClickException(f"No training logged for athlete {athlete!r} (athletes in {path}: {others}).")
        page, weeks = report_from_store(con, athlete, start=start_day, end=end_day)
    if weeks == 0:
        raise click.ClickException(f"No weeks with data for {athlete!r} in that range; nothing to report.")
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"Cannot write {out}: {exc.strerror or exc}") from exc
    click.echo(f"Wrote the report for {athlete!r} ({weeks} weeks) to {out}.", err=True)
