"""Units: kg is what liftbalance stores, so everything else is converted, and a unit-less
file whose numbers look like pounds gets a warning that names the ``--unit`` flag.

Strong's shapes A and B write no unit at all. One real file is pounds (45/135/225),
another kilograms; only the lifter knows, so we guess, show the guess, and let them say.
"""

from __future__ import annotations

import polars as pl

UNITS = ("kg", "lb")
# Loads a pound user meets constantly: the bar, and the bar with 45 lb plates.
POUND_LANDMARKS = [45.0, 95.0, 135.0, 185.0, 225.0, 275.0, 315.0, 365.0, 405.0]


def guess_unit(weights: pl.Series) -> str:
    """``"lb"`` when the non-zero loads look like pounds, else ``"kg"``.

    Pounds: most loads are multiples of 45, or multiples of 5 with many 135/225-style
    landmarks and no kilogram-plate fractions (x.25, x.5, 2.5 steps). A heuristic, shown as one.
    """
    counts = weights.value_counts(name="n")
    return guess_unit_from_counts(counts.get_column(weights.name), counts.get_column("n"))


def guess_unit_from_counts(loads: pl.Series, rows: pl.Series) -> str:
    """``guess_unit`` of a column whose distinct ``loads`` occur ``rows`` times each (parse the distinct
    texts of a big file once, not every row)."""
    present = loads.is_not_null() & (loads > 0)
    w, count = loads.filter(present), rows.filter(present)
    n = int(count.sum()) if w.len() else 0
    if n < 5:
        return "kg"

    def share(mask: pl.Series) -> float:
        return float(count.filter(mask).sum()) / n

    mult45 = share(w % 45 == 0)
    mult5 = share(w % 5 == 0)
    landmarks = share(w.is_in(POUND_LANDMARKS))
    kg_steps = share((w % 5 != 0) & (w % 1.25 == 0))
    if mult45 > 0.5:
        return "lb"
    if mult5 > 0.85 and landmarks > 0.1 and kg_steps < 0.05:
        return "lb"
    return "kg"


def pounds_warning(filename: str) -> str:
    return (
        f"{filename}: this file has no weight unit and its loads look like pounds (many 45/135/225). "
        "They were read as kg; if they are pounds, import again with --unit lb."
    )
