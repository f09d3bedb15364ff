"""Weeks or months: the time step a trend chart draws, decided from how many weeks it shows.

Five years of weekly bars blur into a haze (issue 19): ~260 bars in a 500-pixel chart are under
2 px each, and on a phone under 1. Beyond ``MONTHLY_AFTER_WEEKS`` (about two years) the bar charts
draw one bar per calendar month instead. A month's bar is still **sets per week**: the mean over
the weeks that start in that month (a week without training counts as 0 sets, as it did in the
weekly bars), so the y axis keeps its unit and a lifter's numbers stay comparable with the cards.
The axis title and every hover say that the bar is a monthly average and over how many weeks.

Pure: one ``WeeklyBalance`` frame in, one ``Periods`` out; the figure builders draw from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

# More weeks than this in the range and the bar charts switch to months (two years of weeks).
MONTHLY_AFTER_WEEKS = 104
# Weekly columns a monthly bar averages per week (sets and tonnage: amounts per week).
PER_WEEK_COLUMNS = (
    "glute_max_sets",
    "glute_med_sets",
    "glute_sets",
    "hamstring_hip_sets",
    "hamstring_knee_sets",
    "hamstring_sets",
    "quad_sets",
    "eccentric_sets",
    "glute_tonnage_kg",
    "hamstring_tonnage_kg",
    "quad_tonnage_kg",
)
WEEK_HEAD = "Week of %{x|%d %b %Y}"
MONTH_HEAD = "%{hovertext}"


@dataclass(frozen=True)
class Periods:
    """The rows a bar chart draws and how to name them.

    ``frame`` has the ``PER_WEEK_COLUMNS`` (per week: the week's own value, or the month's mean),
    ``workouts`` (summed), ``weeks_since_eccentric`` (at the period's last week), ``weeks`` (how many
    weeks the row covers) and the two set ratios (``glute_ham_ratio``, ``ham_quad_ratio``) of those means. ``x`` holds ISO dates: the week's Monday, or the 1st of the month.
    ``head`` starts every hover; ``hovertext`` fills it for months ("Mar 2024: average of 4 weeks").
    ``per_week`` is the unit for axis titles ("sets per week" or "... , monthly average").
    """

    frame: pl.DataFrame
    x: list[str]
    monthly: bool
    head: str
    hovertext: list[str] | None

    def per_week(self, unit: str = "sets") -> str:
        return f"{unit} per week, monthly average" if self.monthly else f"{unit} per week"

    def title(self, what: str, versus: str) -> str:
        """A bar chart's title: "Weekly hard sets: glutes vs hamstrings", or, past two years, the shorter
        "Hard sets a week, by month" (a phone cuts a longer one; the legend names the sides)."""
        return f"{what.capitalize()} a week, by month" if self.monthly else f"Weekly {what}: {versus}"

    def bar_extra(self) -> dict[str, object]:
        """Trace properties every bar or point of these periods carries (centred months, the hover's month text)."""
        if not self.monthly:
            return {}
        return {"xperiod": "M1", "xperiodalignment": "middle", "hovertext": self.hovertext}


def _ratio(numerator: str, denominator: str) -> pl.Expr:
    return pl.when(pl.col(denominator) > 0).then(pl.col(numerator) / pl.col(denominator))


def chart_periods(weekly: pl.DataFrame, *, monthly_after: int = MONTHLY_AFTER_WEEKS) -> Periods:
    """Weekly rows as they are up to ``monthly_after`` weeks, calendar months (sets per week averaged) beyond."""
    if weekly.height <= monthly_after:
        frame = weekly.with_columns(pl.lit(1).alias("weeks"))
        x = weekly.get_column("week_start").dt.to_string("%Y-%m-%d").to_list()
        return Periods(frame=frame, x=x, monthly=False, head=WEEK_HEAD, hovertext=None)
    month = pl.col("week_start").dt.month_start().alias("month")
    frame = (
        weekly.sort("week_start")
        .group_by(month, maintain_order=True)
        .agg(
            *[pl.col(c).cast(pl.Float64).mean() for c in PER_WEEK_COLUMNS],
            pl.col("workouts").sum(),
            pl.col("weeks_since_eccentric").last(),
            pl.len().cast(pl.Int64).alias("weeks"),
        )
        .rename({"month": "week_start"})
        .with_columns(
            # A month's ratio divides its sets per week; null where the denominator is 0, as weekly ratios are.
            _ratio("glute_sets", "hamstring_sets").alias("glute_ham_ratio"),
            _ratio("hamstring_sets", "quad_sets").alias("ham_quad_ratio"),
        )
    )
    x = frame.get_column("week_start").dt.to_string("%Y-%m-%d").to_list()
    names = frame.get_column("week_start").dt.to_string("%b %Y").to_list()
    counts = frame.get_column("weeks").to_list()
    hovertext = [
        f"{name}: average per week of the {n} week{'s' if n != 1 else ''} starting in it"
        for name, n in zip(names, counts, strict=True)
    ]
    return Periods(frame=frame, x=x, monthly=True, head=MONTH_HEAD, hovertext=hovertext)
