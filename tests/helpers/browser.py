"""What the dash_duo browser tests share: read a graph's plotted points, click past a covering element,
hand a file to the upload box."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

PLOTTED = """
const gd = document.querySelector(arguments[0] + ' .js-plotly-plot');
if (!gd || !gd.data) { return null; }
return gd.data.map(t => [t.name, (t.y || []).filter(v => v !== null && v !== undefined).length]);
"""


def plotted(duo: Any, graph_id: str) -> dict[str, int]:
    """Trace name -> number of plotted (non-null) y values, read from the graph's live plotly data."""
    found: list[list[Any]] | None = None
    for _ in range(100):
        found = duo.driver.execute_script(PLOTTED, f"#{graph_id}")
        if found:
            break
        time.sleep(0.1)
    return {name: count for name, count in (found or [])}


def click(duo: Any, selector: str) -> None:
    """Click a button below a tall form through the DOM (chromium reports a covered point there)."""
    duo.driver.execute_script("arguments[0].click();", duo.find_element(selector))


def upload_file(duo: Any, path: Path) -> None:
    duo.wait_for_element("#upload input[type=file]").send_keys(str(path))
