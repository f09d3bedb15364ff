"""What the lifter has selected (athlete and date range), as the small JSON a ``dcc.Store`` holds.

Pages receive the selection from the shell's store and turn it back into typed values here,
so a malformed or stale store value is handled in one place (treated as "nothing selected").
The range presets live here too: a long log opens on its last 52 weeks (issue 19: five years
of weekly bars blur into a haze), and the whole log is one choice away.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from etl.analysis.date_bounds import out_of_range

# (value, label) of the shell's range selector: a number counts that many weeks back from the athlete's
# last logged week (``dashboard.shell.apply_preset``); "all" is the whole log.
WHOLE_LOG = "all"
RANGE_PRESETS = (
    ("52", "Last 52 weeks"),
    ("26", "Last 26 weeks"),
    ("12", "Last 12 weeks"),
    (WHOLE_LOG, "Whole log"),
)
# What the selector shows when a page opens: a year is enough to read a trend, and short enough that
# every week stays a visible bar; a new lifter's log is shorter than that and shows whole anyway.
DEFAULT_RANGE_PRESET = "52"


@dataclass(frozen=True)
class Selection:
    athlete: str
    start: date | None = None
    end: date | None = None

    def to_data(self) -> dict[str, Any]:
        return {
            "athlete": self.athlete,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }

    def slug(self) -> str:
        """A filename-safe name for downloads: athlete and range."""
        safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in self.athlete).strip("-") or "athlete"
        span = f"{self.start or 'start'}_to_{self.end or 'end'}" if (self.start or self.end) else "all"
        return f"liftbalance-{safe}-{span}"


def preset_start(preset: str, first_week: date, last_week: date) -> date | None:
    """Where "last N weeks" starts: N weeks back from the athlete's last logged week, never before their first
    (a two-week log under "Last 52 weeks" shows its two weeks, not fifty empty ones); ``None`` for the whole log."""
    if preset == WHOLE_LOG or not preset.isdigit() or int(preset) < 1:
        return None
    start = max(first_week, last_week - timedelta(weeks=int(preset) - 1))
    return None if start <= first_week else start


def _day(value: Any) -> date | None:
    if not value or not isinstance(value, str):
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return None if out_of_range(day) else day  # the pickers offer no other dates: a hand-made one is ignored


def parse_selection(data: Any) -> Selection | None:
    """The store's JSON as a ``Selection``; ``None`` when no athlete is selected yet."""
    if not isinstance(data, dict) or not isinstance(data.get("athlete"), str) or not data["athlete"]:
        return None
    start, end = _day(data.get("start")), _day(data.get("end"))
    if start and end and start > end:
        start, end = end, start
    return Selection(data["athlete"], start, end)
