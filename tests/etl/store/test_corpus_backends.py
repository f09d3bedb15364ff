"""Every corpus file's weekly CSV and verdict are byte-identical whether the store is a DuckDB file or PostgreSQL.

``tests/etl/ingest/test_corpus_golden.py`` pins each file's outputs on the DuckDB store; here the same import
goes into a fresh PostgreSQL database and the outputs are read through the analytics snapshot
(``etl.store.snapshot``), as the CLI and dashboard read them, then compared with the DuckDB store's text itself
and with the pinned digests.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from tests.helpers.corpus import CORPUS, REPO

# The golden test's digests, files and units (kept here, not imported: test modules do not import each other;
# a unit that drifted from the golden test's would fail the digest comparison below, not pass silently).
GOLDEN = REPO / "tests" / "golden" / "corpus_outputs.json"
FILES = sorted(CORPUS.glob("*.csv")) + sorted((CORPUS / "incoming").glob("*.csv"))
UNITS = {"strong_B_dakheera.csv": "kg"}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _relative(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


def outputs(db: str, path: Path) -> dict[str, str]:
    """Import ``path`` alone into the store at ``db``; its weekly CSV and verdict JSON, as text."""
    from etl.analysis.export import weekly_csv
    from etl.analysis.settings import load_settings
    from etl.analysis.verdict import verdict
    from etl.analysis.weekly import load_weekly
    from etl.ingest import ingest
    from etl.store import database as store
    from etl.store.snapshot import analysis_connection

    con = store.connect(db)
    try:
        with path.open("rb") as handle:
            ingest(con, handle, path.name, athlete="golden", unit=UNITS.get(path.name))
        with analysis_connection(con, "golden") as reads:
            weekly = load_weekly(reads, "golden")
            rec = verdict(weekly, load_settings(reads, "golden"), athlete="golden")
    finally:
        con.close()
    return {
        "weekly_csv": weekly_csv(weekly),
        "verdict": json.dumps(dataclasses.asdict(rec), default=_plain, sort_keys=True),
    }


@pytest.mark.corpus
@pytest.mark.parametrize("path", FILES, ids=_relative)
def test_weekly_csv_and_verdict_are_byte_identical_on_both_stores(
    corpus: Path, pg_url: str, path: Path
) -> None:
    on_postgres = outputs(pg_url, path)
    on_duckdb = outputs(":memory:", path)
    assert on_postgres["weekly_csv"] == on_duckdb["weekly_csv"]
    assert on_postgres["verdict"] == on_duckdb["verdict"]
    pinned = json.loads(GOLDEN.read_text())[_relative(path)]
    assert _digest(on_postgres["weekly_csv"]) == pinned["weekly_csv"]
    assert _digest(on_postgres["verdict"]) == pinned["verdict"]
