"""The weekly export and the verdict of every corpus file, pinned byte for byte.

Refactors (moving modules, merging code paths, a second store) must not change a single number or word a
lifter sees. Each real export in the corpus is imported alone into a fresh store; its weekly CSV export and
its verdict (as JSON) are hashed and compared with ``tests/golden/corpus_outputs.json``, which was written
from the code before the refactor. Digests, not copies: the corpus stays outside the project.

When a change is meant to move a number, rewrite the digests with ``LIFTBALANCE_WRITE_GOLDEN=1`` and say
why in the commit.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from datetime import date
from pathlib import Path

import pytest

from tests.helpers.corpus import CORPUS, REPO

GOLDEN = REPO / "tests" / "golden" / "corpus_outputs.json"
FILES = sorted(CORPUS.glob("*.csv")) + sorted((CORPUS / "incoming").glob("*.csv"))
# Files whose unit the reader will not guess with confidence; the CLI asks for ``--unit`` the same way.
UNITS = {"strong_B_dakheera.csv": "kg"}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def corpus_outputs(path: Path) -> dict[str, str]:
    """Import ``path`` alone into a fresh in-memory store; digest its weekly CSV and its verdict."""
    from etl.analysis.export import weekly_csv
    from etl.analysis.settings import load_settings
    from etl.analysis.verdict import verdict
    from etl.analysis.weekly import load_weekly
    from etl.ingest import ingest
    from etl.store import database as store

    con = store.connect(":memory:")
    with path.open("rb") as handle:
        ingest(con, handle, path.name, athlete="golden", unit=UNITS.get(path.name))
    weekly = load_weekly(con, "golden")
    settings = load_settings(con, "golden")
    rec = verdict(weekly, settings, athlete="golden")
    as_json = json.dumps(dataclasses.asdict(rec), default=_plain, sort_keys=True)
    con.close()
    return {"weekly_csv": _digest(weekly_csv(weekly)), "verdict": _digest(as_json), "weeks": str(weekly.height)}


def _plain(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _relative(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


@pytest.mark.corpus
@pytest.mark.parametrize("path", FILES, ids=_relative)
def test_weekly_export_and_verdict_are_byte_identical_to_the_pinned_digests(corpus, path: Path):
    got = corpus_outputs(path)
    pinned = json.loads(GOLDEN.read_text()) if GOLDEN.exists() else {}
    if os.environ.get("LIFTBALANCE_WRITE_GOLDEN") == "1":
        pinned[_relative(path)] = got
        GOLDEN.write_text(json.dumps(pinned, indent=1, sort_keys=True) + "\n")
        return
    assert _relative(path) in pinned, f"no pinned digests for {_relative(path)}: run with LIFTBALANCE_WRITE_GOLDEN=1"
    assert got == pinned[_relative(path)]
