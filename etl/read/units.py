"""Units: kg is what liftbalance stores, so everything else is converted; a unit-less file's unit is
weighed from its loads' magnitudes, and said with its reason, or asked for when they do not tell.

Strong's shapes A and B (and JEFIT, and a mapped CSV without a unit column) write no unit at all.
One real file is pounds (45/135/225), another kilograms. ``weigh_units`` is a heuristic over the
loads and how often each occurs (so a re-import can add up the counts an earlier import stored,
etl.reimport.known_region). Its signals:

- plate arithmetic: a barbell in lb is 45 lb plus pairs of 45/35/25/10/5/2.5 lb plates, so loads
  cluster on 45, 95, 135, 185, 225, 275, 315, 365, 405 (and multiples of 45); in kg it is 20 kg plus
  pairs of 25/20/15/10/5/2.5/1.25 kg plates, so loads step by 2.5 kg (62.5, 82.5, 102.5);
- kilogram plates weighed in pounds: 20, 40, 60, 120 kg written as 44, 88, 132, 264 (lb values
  converted from kg);
- pounds Strong already converted to kg leave float noise (6.80388555 = 15 lb): the file is kg;
- magnitudes no lift reaches in kg: a top load over ~360 is pounds unless the loads step like kg.

When the signals agree the guess is confident and the import uses it, saying why; when they do not
(or there are too few loads), the CLI refuses and names ``--unit``, and the Upload page asks with no
answer pre-selected.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

UNITS = ("kg", "lb")
KG_PER_LB = 0.45359237
# Loads a pound user meets constantly: the bar, and the bar with pairs of 45 lb plates.
POUND_LANDMARKS = [45.0, 95.0, 135.0, 185.0, 225.0, 275.0, 315.0, 365.0, 405.0, 495.0]
# Fewer loads than this tell nothing either way.
MIN_LOADS = 5
# A top load over this is no lift in kg (world records aside) unless the file's loads step like kg.
IMPOSSIBLE_KG = 360.0


@dataclass(frozen=True)
class UnitGuess:
    """What a unit-less file's loads suggest: ``unit``, whether the signals are ``confident``, and ``reason``
    (what a lifter reads, e.g. "loads like 45, 135, 225 are plate totals in lb")."""

    unit: str
    confident: bool
    reason: str


def _examples(loads: pl.Series, counts: pl.Series, mask: pl.Series, n: int = 3) -> str:
    """The ``n`` most frequent loads where ``mask`` holds, as ``45, 135, 225`` (in increasing order)."""
    frame = (
        pl.DataFrame({"load": loads, "n": counts}).filter(mask).sort("n", "load", descending=[True, False])
    )
    picked = sorted(frame.get_column("load").head(n).to_list())
    return ", ".join(f"{v:g}" for v in picked)


def weigh_units(loads: pl.Series, rows: pl.Series) -> UnitGuess:
    """The unit of a column whose distinct ``loads`` occur ``rows`` times each (a heuristic; see the module)."""
    # One row per distinct load (texts like "67.5" and "67.50" are one load), largest first for the examples.
    merged = (
        pl.DataFrame({"load": loads.cast(pl.Float64), "n": rows.cast(pl.Int64)})
        .filter(pl.col("load").is_not_null() & (pl.col("load") > 0))
        .group_by("load")
        .agg(pl.col("n").sum())
        .sort("load")
    )
    w, count = merged.get_column("load"), merged.get_column("n")
    n = int(count.sum()) if w.len() else 0
    if n < MIN_LOADS:
        return UnitGuess("kg", False, f"only {n} load(s) in the file: too few to tell kg from lb")

    def share(mask: pl.Series) -> float:
        return float(count.filter(mask).sum()) / n

    mult45 = w % 45 == 0
    landmark = w.is_in(POUND_LANDMARKS)
    kg_step = (w % 5 != 0) & (w % 1.25 == 0)
    in_kg = w * KG_PER_LB
    # Whole numbers that are kilogram plate totals (2.5 kg steps from a 20 kg bar) written in pounds, rounded
    # or cut: 44, 88, 132, 264 (120 kg is 264.55 lb), 397.
    kg_total = (in_kg / 2.5).round() * 2.5
    exact = kg_total / KG_PER_LB
    from_kg = (
        (w.round() == w) & (w % 5 != 0) & (kg_total >= 20) & ((exact.round() == w) | (exact.floor() == w))
    )
    # Values with float noise that are whole or half pounds converted to kg: 6.80388555 (15 lb).
    lb_noise = ((w * 1000).round() != w * 1000) & (
        ((w / KG_PER_LB) * 2 - ((w / KG_PER_LB) * 2).round()).abs() < 0.01
    )
    k = share(kg_step)

    pounds: list[str] = []
    if share(mult45) > 0.5:
        pounds.append(
            f"most loads are multiples of 45 ({_examples(w, count, mult45)}): the bar and 45 lb plates"
        )
    if share(landmark) >= 0.1:
        pounds.append(f"loads like {_examples(w, count, landmark)} are plate totals in lb")
    if share(from_kg) >= 0.25:
        pounds.append(f"loads like {_examples(w, count, from_kg)} are kilogram plates weighed in pounds")
    top = float(w.max())  # type: ignore[arg-type]
    if top > IMPOSSIBLE_KG and k < 0.05:
        pounds.append(f"a top load of {top:g} is more than lifts reach in kg")
    kilos: list[str] = []
    if k >= 0.1:
        kilos.append(f"loads like {_examples(w, count, kg_step)} step by 2.5 kg plates")
    if share(lb_noise) >= 0.3:
        kilos.append(f"loads like {_examples(w, count, lb_noise)} are pounds already converted to kg")

    if pounds and (k < 0.05 or share(mult45) > 0.5):
        strong = share(mult45) > 0.5 or share(landmark) >= 0.15 or share(from_kg) >= 0.25 or len(pounds) >= 2
        return UnitGuess("lb", strong and k < 0.05 and not kilos, "; ".join(pounds + kilos))
    if kilos:
        return UnitGuess("kg", not pounds, "; ".join(kilos + pounds))
    if pounds:
        return UnitGuess(
            "kg", False, f"the loads point both ways ({'; '.join(pounds)}, but some step by 2.5 kg)"
        )
    return UnitGuess("kg", False, "the loads fit kg and lb plates alike")


def guess_unit_from_counts(loads: pl.Series, rows: pl.Series) -> str:
    """``weigh_units``' unit: ``"lb"`` when the loads look like pounds, else ``"kg"``."""
    return weigh_units(loads, rows).unit


def weigh_loads(weights: pl.Series) -> UnitGuess:
    """``weigh_units`` of a column of loads (one per row)."""
    counts = weights.value_counts(name="n")
    return weigh_units(counts.get_column(weights.name), counts.get_column("n"))


def guess_unit(weights: pl.Series) -> str:
    """``"lb"`` when the non-zero loads look like pounds, else ``"kg"`` (a heuristic: ``weigh_units``)."""
    return weigh_loads(weights).unit


def pounds_warning(filename: str) -> str:
    return (
        f"{filename}: this file has no weight unit and its loads look like pounds (many 45/135/225). "
        "They were read as kg; if they are pounds, import again with --unit lb."
    )


def read_as_note(filename: str, guess: UnitGuess) -> str:
    """The report's line for a unit the loads settled (a confident guess that was used)."""
    word = "pounds" if guess.unit == "lb" else "kilograms"
    other = "kg" if guess.unit == "lb" else "lb"
    looks = "look like pounds" if guess.unit == "lb" else "look like kilograms"
    return (
        f"{filename}: this file has no weight unit and its loads {looks}: read as {word} "
        f"({guess.reason}; a heuristic). If they are not, import again with --unit {other}."
    )


def unit_refusal(filename: str, guess: UnitGuess) -> str:
    """Why the CLI will not pick a unit for a unit-less file whose loads do not tell, and what to pass."""
    return (
        f"{filename}: this file has no weight unit and its loads do not tell kg from lb ({guess.reason}). "
        "Say which with --unit kg or --unit lb."
    )
