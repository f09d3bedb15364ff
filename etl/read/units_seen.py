"""Which weight units a file's rows were written in, so the import report can say so.

A reader states one unit per file (``ParsedRows.unit``: the header's, or the one most rows use),
yet some apps write the unit on every row (Strong's newer export, FitNotes, Liftosaur, Alpha
Progression, a mapped CSV with a unit column) and a lifter who switched units mid-log has both.
Reporting such a file as "weights in kg" hid the conversion.

The units are read off the loads, without asking each reader. A heuristic, said as one: a load a
lifter typed has at most 3 decimals in its own unit (a 1.25 kg plate, 0.125 kg micro-plates, 2.5 lb),
and a pound load converted to kilograms (x 0.45359237) has more. So each distinct stored load that
has at most 3 decimals in kg counts as kg, and one that has more but at most 3 decimals once turned
back into pounds counts as lb. Only the distinct loads are looked at (a few hundred in a real log).
"""

from __future__ import annotations

from etl.read.parse import KG_PER_LB
from etl.read.readers.common import ParsedRows

DECIMALS = 3
TOLERANCE = 1e-6  # of the last decimal kept: far above the float noise of one multiplication, far below 0.001


def _typed(value: float) -> bool:
    """Whether ``value`` has at most ``DECIMALS`` decimals, as a number a person typed."""
    scaled = value * 10**DECIMALS
    return abs(scaled - round(scaled)) <= TOLERANCE


def unit_of_load(kg: float) -> str | None:
    """``"kg"`` or ``"lb"``: the unit a stored load (in kg) was most likely typed in; None for 0."""
    if kg == 0:
        return None
    if _typed(kg):
        return "kg"
    return "lb" if _typed(kg / KG_PER_LB) else None


def units_seen(parsed: ParsedRows) -> list[str]:
    """``["kg"]``, ``["lb"]`` or ``["kg", "lb"]``: the units the parsed rows' loads were written in. Falls
    back to the reader's one unit where no load says (no loads, or none typed as a person would)."""
    loads = parsed.frame.get_column("weight_kg").drop_nulls().unique().to_list()
    seen = {unit_of_load(float(kg)) for kg in loads} - {None}
    found: list[str] = [unit for unit in ("kg", "lb") if unit in seen]
    return found or ([parsed.unit] if parsed.unit else [])


def units_text(units: list[str], unit: str | None) -> str:
    """``weights in kg``, ``weights in lb, converted to kg``, ``weights in kg and lb, converted to kg``."""
    seen = units or ([unit] if unit else [])
    if not seen:
        return ""
    if seen == ["kg"]:
        return "weights in kg"
    return f"weights in {' and '.join(seen)}, converted to kg"
