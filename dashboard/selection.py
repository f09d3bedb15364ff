"""What the lifter has selected (athlete and date range), as the small JSON a ``dcc.Store`` holds.

Pages receive the selection from the shell's store and turn it back into typed values here,
so a malformed or stale store value is handled in one place (treated as "nothing selected").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from etl.date_bounds import out_of_range


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
