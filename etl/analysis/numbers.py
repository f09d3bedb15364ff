"""How a number is written for a lifter: set counts, ratios, shares, kilograms.

The Balance page's cards, the HTML report, the verdict's sentences, the CLI's weekly table and the column
mapping preview all write numbers; each had its own formatter, and they agreed only by care. They all call
these now. Headless (no Dash), so the CLI and ``etl.analysis.verdict`` use them without loading the dashboard.
"""

from __future__ import annotations

UNKNOWN = "–"  # an unknown value is an en dash, never 0


def number(value: float | None, digits: int = 1) -> str:
    """``12``, ``7.5``, ``1.33`` (at most ``digits`` decimals, trailing zeros dropped); None is an en dash."""
    if value is None:
        return UNKNOWN
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def sets(value: float | None) -> str:
    """A set count for a sentence: ``3``, ``2.5``, ``0.3``; none counted is ``0``."""
    return number(0.0 if value is None else value)


def plural(count: float, noun: str) -> str:
    """``1 set``, ``2 sets``, ``0.5 glute sets``: the count as ``number`` writes it (up to 2 decimals); only
    exactly one is singular."""
    return f"{number(count, 2)} {noun}{'' if count == 1 else 's'}"


def ratio(value: float | None) -> str:
    """A ratio always with two decimals (``1.50``, ``0.67``), so a column of them lines up; None is an en dash."""
    return UNKNOWN if value is None else f"{value:.2f}"


def share(value: float | None) -> str:
    """A 0-1 share as a whole percentage (``0.385`` is ``38%``); None is an en dash."""
    return UNKNOWN if value is None else f"{value:.0%}"


def cell(value: object) -> str:
    """A table cell: a float as ``number`` writes it with up to 2 decimals, None an en dash, anything else as is."""
    if value is None:
        return UNKNOWN
    if isinstance(value, float):
        return number(value, 2)
    return str(value)
