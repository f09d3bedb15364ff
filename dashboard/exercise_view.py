"""The Exercises page's rows and wording: what each logged name maps to and what it contributed.

Pure functions over ``etl.analysis.exercises.exercise_table`` output and the table rows the browser
sends back, so the diffing of an in-place edit (which names were remapped) and the summary
sentences are tested without Dash.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from etl.analysis.numbers import number, plural

ROW_COLUMNS = ("name", "sets", "exercise_id", "match", "suggestion", "glute_sets", "hamstring_sets")
MATCH_TEXT = {
    "exact": "exact name",
    "alias": "known app name",
    "normalized": "same words",
    "structure": "movement + equipment",
    "override": "your mapping",
    "unmapped": "not recognised",
}


def taxonomy_options(taxonomy: pl.DataFrame) -> list[dict[str, str]]:
    """Dropdown options: every canonical exercise by its display name."""
    rows = taxonomy.select("exercise_id", "name").sort("name").iter_rows()
    return [{"label": name, "value": exercise_id} for exercise_id, name in rows]


def table_rows(table: pl.DataFrame, names: Mapping[str, str]) -> list[dict[str, Any]]:
    """``exercise_table`` rows for the DataTable: contributions rounded, suggestions by display name."""
    rows = []
    for row in table.select(ROW_COLUMNS).iter_rows(named=True):
        suggestion = row["suggestion"]
        rows.append(
            {
                **row,
                "match": MATCH_TEXT.get(row["match"], row["match"]),
                "suggestion": names.get(suggestion, suggestion) if suggestion else "",
                "glute_sets": round(float(row["glute_sets"] or 0.0), 2),
                "hamstring_sets": round(float(row["hamstring_sets"] or 0.0), 2),
            }
        )
    return rows


def changed_mappings(
    previous: list[dict[str, Any]] | None, current: list[dict[str, Any]] | None
) -> list[tuple[str, str | None]]:
    """(name, new exercise_id or None) for each row whose mapping the lifter changed in the table."""
    if not previous or not current:
        return []
    before = {row.get("name"): row.get("exercise_id") for row in previous}
    changes = []
    for row in current:
        name = row.get("name")
        if isinstance(name, str) and name in before and row.get("exercise_id") != before[name]:
            changes.append((name, row.get("exercise_id") or None))
    return changes


def totals(rows: list[dict[str, Any]]) -> tuple[float, float]:
    """Glute and hamstring sets the listed exercises contributed in the range."""
    glute = sum(float(r.get("glute_sets") or 0.0) for r in rows)
    ham = sum(float(r.get("hamstring_sets") or 0.0) for r in rows)
    return round(glute, 2), round(ham, 2)


def summary_text(rows: list[dict[str, Any]]) -> str:
    """One line over the table: names, unrecognised names, and the range's glute and hamstring sets."""
    unmapped = [r for r in rows if r.get("match") == MATCH_TEXT["unmapped"]]
    unmapped_sets = sum(int(r.get("sets") or 0) for r in unmapped)
    glute, ham = totals(rows)
    return (
        f"{plural(len(rows), 'logged exercise name')}, {len(unmapped)} not recognised "
        f"({plural(unmapped_sets, 'working set')} that count{'s' if unmapped_sets == 1 else ''} for no muscle). "
        f"In this range they add up to {plural(glute, 'glute set')} and {plural(ham, 'hamstring set')}."
    )


def change_text(name: str, label: str | None, before: tuple[float, float], after: tuple[float, float]) -> str:
    """What a remapping did to the range's totals."""
    what = f"Mapped “{name}” to {label}" if label else f"Removed your mapping of “{name}”"
    return (
        f"{what}. In this range: glute sets {number(before[0], 2)} → {number(after[0], 2)}, hamstring sets "
        f"{number(before[1], 2)} → {number(after[1], 2)}. Every chart now uses this mapping."
    )
