"""The one layer rule import-linter cannot check: no third-party package pulls dash, plotly or flask into the
headless packages at run time.

`lint-imports` (pyproject's [tool.importlinter], run by `make check`) holds every rule about our own
imports: the package layers, etl's stage order, and that etl and schemas never import dash, plotly or
flask themselves. It reads import statements only, so it cannot see a dependency such as polars importing
plotly on its own; importing every headless module in a fresh interpreter and looking at sys.modules can
(harlequin's test_import_hygiene.py).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEADLESS = ["schemas", "etl"]
FRONT_PACKAGES = ("dash", "plotly", "dash_bootstrap_components", "flask")


def _modules(package: str) -> list[str]:
    return [
        ".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for p in sorted((REPO / package).rglob("*.py"))
    ]


def test_headless_modules_import_without_dash_plotly_or_flask():
    modules = [m for pkg in HEADLESS for m in _modules(pkg)]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"bad = sorted(k for k in sys.modules if k.split('.')[0] in {FRONT_PACKAGES!r})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
