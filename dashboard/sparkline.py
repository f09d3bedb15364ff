"""A 12-week sparkline of the rolling glute:hamstring ratio, as text a table cell can hold and sort beside.

The roster (``dashboard.pages.athletes``) shows one per athlete. A plotly figure per row would cost a
graph per athlete and cannot sit in a sortable table, so this pure builder draws the series with the eight
Unicode block heights, on one fixed scale for every athlete (0 to ``TOP``, a ratio of 3 or more is a
full block), so two rows can be compared by eye. A week without a ratio (no hamstring sets, or before the
log starts) is a thin dot, never a zero.
"""

from __future__ import annotations

from collections.abc import Sequence

BLOCKS = "▁▂▃▄▅▆▇█"
NO_VALUE = "·"
TOP = 3.0  # ratios at or above this are drawn full height


def sparkline(values: Sequence[float | None] | None, weeks: int = 12) -> str:
    """``weeks`` characters, oldest first, padded with dots on the left when the series is shorter."""
    series = list(values or [])[-weeks:]
    cells = [NO_VALUE] * (weeks - len(series))
    for value in series:
        if value is None or value != value:  # None or NaN
            cells.append(NO_VALUE)
        else:
            level = min(len(BLOCKS) - 1, max(0, int(value / TOP * (len(BLOCKS) - 1) + 0.5)))
            cells.append(BLOCKS[level])
    return "".join(cells)
