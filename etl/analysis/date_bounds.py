"""The dates a range may name: from 1900 to the end of next year.

A training log has no sets before 1900 or after next year, and a date near ``9999-12-31`` overflowed
the week arithmetic (``OverflowError`` in four dashboard callbacks and a traceback from
``liftbalance weekly --to 9999-12-31``). The CLI refuses such a date with this module's message;
the dashboard's date pickers offer only these dates, and a hand-made request's other dates are ignored.
"""

from __future__ import annotations

from datetime import date

EARLIEST = date(1900, 1, 1)


def latest(today: date | None = None) -> date:
    """The last date a range may name: 31 December of next year."""
    return date((today or date.today()).year + 1, 12, 31)


def out_of_range(day: date, today: date | None = None) -> str | None:
    """Why ``day`` cannot bound a range (a sentence), or ``None`` when it can."""
    if day < EARLIEST:
        return f"{day.isoformat()} is before {EARLIEST.isoformat()}, the earliest date liftbalance accepts."
    if day > latest(today):
        return f"{day.isoformat()} is after {latest(today).isoformat()}, the latest date liftbalance accepts."
    return None
