"""``liftbalance report``: the self-contained HTML report (charts, verdict, weekly table) for a range.

The same report the dashboard's Export page downloads (``dashboard.report``); one file that
opens offline, for the lifter or a coach.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from etl import store
from liftbalance.options import (
    athlete_option,
    db_option,
    friendly_errors,
    open_db,
    resolve_db,
    week_range,
    week_range_options,
    write_output,
)


@click.command("report")
@db_option
@athlete_option
@week_range_options("include")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The HTML file to write.")
@friendly_errors
def report_command(
    db: Path | None, athlete: str, start: datetime | None, end: datetime | None, out: Path
) -> None:
    """Write an HTML report: glute vs hamstring trends, the verdict, and what every number counts."""
    start_day, end_day = week_range(start, end)
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
    write_output(out, page)
    click.echo(f"Wrote the report for {athlete!r} ({weeks} weeks) to {out}.", err=True)
