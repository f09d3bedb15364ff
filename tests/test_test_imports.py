"""Test modules never import one another, nor a conftest.py: what they share is a fixture in a
conftest.py or a plain helper in tests/helpers/ (or tests/filebuilders.py, components.py, mutations.py).

Importing another test module runs its module-level code, re-registers its tests' fixtures under a
second name and makes a helper's home depend on which test happened to need it first; importing a
conftest makes pytest load it twice. bench/ is held to the same rule, since it imports tests/.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SOURCES = sorted([*(REPO / "tests").rglob("*.py"), *(REPO / "bench").rglob("*.py")])


def not_importable(module: str) -> bool:
    """A test module (``test_*``) or a conftest, named by its dotted path."""
    last = module.rsplit(".", 1)[-1]
    return last.startswith("test_") or last == "conftest"


def forbidden_imports(source: str) -> list[str]:
    """Every test module or conftest ``source`` imports, as ``line: module``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"{node.lineno}: {a.name}" for a in node.names if not_importable(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.module:
            module = "." * node.level + node.module
            if not_importable(module):
                found.append(f"{node.lineno}: {module}")
            found += [f"{node.lineno}: {module}.{a.name}" for a in node.names if not_importable(a.name)]
        elif isinstance(node, ast.ImportFrom):  # from . import test_x
            found += [f"{node.lineno}: .{a.name}" for a in node.names if not_importable(a.name)]
    return found


def test_no_test_module_imports_another() -> None:
    offenders = {
        str(path.relative_to(REPO)): found
        for path in SOURCES
        if (found := forbidden_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from tests.etl.analysis.test_weekly import sets_frame", ["1: tests.etl.analysis.test_weekly"]),
        ("from tests.etl.read import test_read_lyfta", ["1: tests.etl.read.test_read_lyfta"]),
        ("import tests.dashboard.test_load", ["1: tests.dashboard.test_load"]),
        ("from tests.conftest import CORPUS", ["1: tests.conftest"]),
        ("from .test_roster import two_athletes", ["1: .test_roster"]),
        ("from . import test_roster", ["1: .test_roster"]),
        ("from tests.helpers.weekly_sets import sets_frame\nfrom tests.filebuilders import csv_bytes", []),
    ],
)
def test_the_check_sees_every_spelling(source: str, found: list[str]) -> None:
    assert forbidden_imports(source) == found
