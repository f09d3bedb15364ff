"""The roster's table rows, filters and export frame: pure functions of ``etl.analysis.roster.roster``'s frame.

Kept apart from the page module (``dashboard.pages.athletes``, which registers with Dash) so the tests and
the benchmark (``bench.callback.roster_callback_runner``) call exactly what the page's callback runs.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import polars as pl

from dashboard.sparkline import sparkline
from dashboard.status_words import status_text
from etl.analysis.export import neutralise_text_columns
from etl.read.readers.registry import app_label

ATTENTION = "attention"
# (id, header, numeric): the table's columns in order.
COLUMNS = (
    ("athlete", "Athlete", False),
    ("status", "Latest status", False),
    ("status_weeks", "Status held (weeks)", True),
    ("ratio", "Glute:ham set ratio (rolling)", True),
    ("trend", "Ratio, last 12 weeks", False),
    ("hip", "Hip-extension sets a week", True),
    ("hip_min", "Hip-extension minimum", True),
    ("knee", "Knee-flexion sets a week", True),
    ("knee_min", "Knee-flexion minimum", True),
    ("nordic", "Weeks since Nordic curls", True),
    ("last_day", "Last training day", False),
    ("idle", "Weeks without training", True),
    ("apps", "Apps", False),
    ("attention", "Needs attention", False),
)
# Export columns: (roster column or table id, header).
EXPORT_HEADERS = {cid: header for cid, header, _ in COLUMNS if cid not in ("trend",)}


def _markdown_text(text: str) -> str:
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!<>|" else c for c in text)


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def table_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """The roster as the table's rows: words for ids, links to each athlete's Balance page."""
    rows = []
    for r in frame.iter_rows(named=True):
        hip, knee = r["hip_extension_sets"], r["knee_flexion_sets"]
        rows.append(
            {
                "athlete": f"[{_markdown_text(r['athlete'])}](/?athlete={quote(r['athlete'], safe='')})",
                "name": r["athlete"],
                "status_id": r["status"],
                "status": status_text(
                    r["status"],
                    hip
                    if r["status"] == "missing_hip_extension"
                    else knee
                    if r["status"] == "missing_knee_flexion"
                    else None,
                ),
                "status_weeks": r["status_weeks"],
                "ratio": _round(r["glute_ham_ratio"], 2),
                "trend": sparkline(r["ratio_weeks"]),
                "hip": _round(hip, 1),
                "hip_min": r["hip_extension_min"],
                "hip_short": "yes" if (hip or 0) < r["hip_extension_min"] else "",
                "knee": _round(knee, 1),
                "knee_min": r["knee_flexion_min"],
                "knee_short": "yes" if (knee or 0) < r["knee_flexion_min"] else "",
                "nordic": r["weeks_since_nordic"],
                "last_day": r["last_training_day"].isoformat() if r["last_training_day"] else "",
                "idle": r["weeks_without_training"],
                "apps": ", ".join(app_label(a) for a in r["sources"] or []),
                "attention": "Yes" if r["needs_attention"] else "",
            }
        )
    return rows


def filtered(
    rows: list[dict[str, Any]], statuses: list[str] | None, attention: list[str] | None
) -> list[dict[str, Any]]:
    """Rows whose status is one of ``statuses`` (all when none chosen), only those needing attention when asked."""
    chosen = set(statuses or [])
    return [
        r
        for r in rows
        if (not chosen or r["status_id"] in chosen) and (ATTENTION not in (attention or []) or r["attention"])
    ]


def export_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """The shown rows for a spreadsheet: the table's headers, the athlete's plain name, text made formula-safe."""
    frame = pl.DataFrame(
        [
            {header: (r["name"] if cid == "athlete" else r[cid]) for cid, header in EXPORT_HEADERS.items()}
            for r in rows
        ],
        schema={
            header: (pl.Float64() if numeric else pl.String())
            for cid, header, numeric in COLUMNS
            if cid != "trend"
        },
        orient="row",
    )
    return neutralise_text_columns(frame)
