"""What a user installs is what CI tests: the shipped packages never import the developer-only ones, and
every import is a declared dependency (deptry, as `make check` runs it).

The proof that a plain ``pip install .`` runs is ``.ci/run``'s first step (a clean venv, then the CLI);
these tests catch the two ways it broke before (issue 17) without an install.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
SHIPPED = [p.rstrip("*") for p in PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]]
DEV_ONLY = {"tests", "bench"}


def _top_level_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_developer_packages_are_not_shipped() -> None:
    assert set(SHIPPED) == {"schemas", "etl", "dashboard", "liftbalance", "sample_logs"}


def test_no_shipped_module_imports_tests_or_bench() -> None:
    offenders = [
        f"{path.relative_to(REPO)} imports {sorted(_top_level_imports(path) & DEV_ONLY)}"
        for package in SHIPPED
        for path in sorted((REPO / package).rglob("*.py"))
        if _top_level_imports(path) & DEV_ONLY
    ]
    assert offenders == []


def test_the_direct_imports_issue_17_found_are_declared() -> None:
    declared = {d.split(">")[0].split("[")[0].strip().lower() for d in PYPROJECT["project"]["dependencies"]}
    assert {"numpy", "flask", "werkzeug", "markupsafe"} <= declared


def test_deptry_finds_no_undeclared_or_unused_dependency() -> None:
    deptry = shutil.which("deptry", path=str(Path(sys.executable).parent))
    if deptry is None:
        pytest.skip("deptry is not installed in this venv (it comes with the test extra: make test)")
    out = subprocess.run([deptry, "."], cwd=REPO, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
