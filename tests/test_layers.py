"""Layering you can check: the headless packages never pull in dash or plotly, and schemas imports nothing of ours."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEADLESS = ["schemas", "etl"]


def _modules(package: str) -> list[str]:
    return [
        ".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for p in sorted((REPO / package).rglob("*.py"))
    ]


def test_headless_modules_import_without_dash_or_plotly():
    modules = [m for pkg in HEADLESS for m in _modules(pkg)]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(k for k in sys.modules if k.split('.')[0] in ('dash', 'plotly', 'dash_bootstrap_components'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_schemas_import_nothing_of_ours():
    for path in (REPO / "schemas").rglob("*.py"):
        assert not (_imports(path) & {"etl", "dashboard", "liftbalance"}), path


def test_etl_never_imports_the_fronts():
    for path in (REPO / "etl").rglob("*.py"):
        assert not (_imports(path) & {"dashboard", "liftbalance"}), path


def test_nothing_imports_the_cli():
    for package in ("schemas", "etl", "dashboard"):
        for path in (REPO / package).rglob("*.py"):
            assert "liftbalance" not in _imports(path), path
