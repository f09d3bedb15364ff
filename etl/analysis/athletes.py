"""Who is in a database: one summary per athlete, so a lifter or coach can find their data.

``liftbalance athletes`` prints these, and the commands that take ``--athlete`` name them when
given one they do not know. The latest status is the coach's roster's (``etl.analysis.roster``: the
weekly numbers of ``etl.analysis.weekly``, with each athlete's own settings and overrides, every athlete
sharing settings in one query), so the ``weekly`` command, the dashboard and this list never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from etl.analysis.roster import roster


@dataclass(frozen=True)
class AthleteSummary:
    athlete: str
    sets: int  # every stored set, warm-ups included: what the imports hold
    first_week: date | None  # the Monday of the first week with a set
    last_week: date | None
    apps: tuple[
        str, ...
    ]  # the apps (etl.read.detect READERS keys) their sets were read from, most sets first
    latest_status: (
        str | None
    )  # the status of their latest week (schemas.weekly's STATUSES), None with no weeks


def athlete_summaries(con: duckdb.DuckDBPyConnection) -> list[AthleteSummary]:
    """Every athlete with a stored set or upload, by name."""
    rows = con.execute(
        """
        WITH per_source AS (
            SELECT athlete, source, count(*) AS n,
                   min(CAST(date_trunc('week', workout_start) AS DATE)) AS first_week,
                   max(CAST(date_trunc('week', workout_start) AS DATE)) AS last_week
            FROM sets GROUP BY athlete, source
        ),
        everyone AS (SELECT athlete FROM sets UNION SELECT athlete FROM uploads)
        SELECT e.athlete, coalesce(sum(p.n), 0), min(p.first_week), max(p.last_week),
               list(p.source ORDER BY p.n DESC, p.source) FILTER (WHERE p.source IS NOT NULL)
        FROM everyone e LEFT JOIN per_source p USING (athlete)
        GROUP BY e.athlete ORDER BY e.athlete
        """
    ).fetchall()
    statuses = dict(roster(con).select("athlete", "status").iter_rows()) if rows else {}
    return [
        AthleteSummary(
            athlete, int(sets), first_week, last_week, tuple(apps or ()), statuses[athlete] if sets else None
        )
        for athlete, sets, first_week, last_week, apps in rows
    ]
