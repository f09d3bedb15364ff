"""``liftbalance report``: the self-contained HTML report (charts, verdict, weekly table) for a range.

The same report the dashboard's Export page downloads (``dashboard.report``); one file that
opens offline, for the lifter or a coach.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from liftbalance.options import (
    athlete_option,
    athlete_reads,
    db_option,
    friendly_errors,
    week_range,
    week_range_options,
    write_output,
)


@click.command("report")
@db_option
@athlete_option
@week_range_options("include")
@click.option(
    "--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The HTML file to write."
)
@friendly_errors
def report_command(
    db: Path | None, athlete: str, start: datetime | None, end: datetime | None, out: Path
) -> None:
    """Write an HTML report: glute vs hamstring trends, the verdict, and what every number counts."""
    start_day, end_day = week_range(start, end)
    with athlete_reads(db, athlete) as con:
        from dashboard.report import report_from_store  # plotly loads only for this command

        page, weeks = report_from_store(con, athlete, start=start_day, end=end_day)
    if weeks == 0:
        raise click.ClickException(f"No weeks with data for {athlete!r} in that range; nothing to report.")
    write_output(out, page)
    click.echo(f"Wrote the report for {athlete!r} ({weeks} weeks) to {out}.", err=True)
