"""What a lifter sees of each corpus file, as text to pin: its weekly CSV export and its verdict.

``tests/etl/ingest/test_corpus_golden.py`` pins their digests (refactors must not move a number or a word);
``tests/etl/store/test_corpus_backends.py`` proves a PostgreSQL store gives the same text as a DuckDB file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date
from pathlib import Path

from tests.helpers.corpus import CORPUS, REPO

GOLDEN = REPO / "tests" / "golden" / "corpus_outputs.json"
FILES = sorted(CORPUS.glob("*.csv")) + sorted((CORPUS / "incoming").glob("*.csv"))
# Files whose unit the reader will not guess with confidence; the CLI asks for ``--unit`` the same way.
UNITS = {"strong_B_dakheera.csv": "kg"}


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def relative(path: Path) -> str:
    """A corpus file's name as the pinned digests key it (``incoming/...`` for the newer files)."""
    return path.relative_to(CORPUS).as_posix()


def outputs(db: str, path: Path) -> dict[str, str]:
    """Import ``path`` alone into the store at ``db`` (a new database); its weekly CSV and verdict JSON, read
    as the CLI and dashboard read them (through the analytics snapshot)."""
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
        "weeks": str(weekly.height),
    }


def pinned_form(got: dict[str, str]) -> dict[str, str]:
    """``outputs`` as the golden file keeps it: digests of the texts, and the week count."""
    return {"weekly_csv": digest(got["weekly_csv"]), "verdict": digest(got["verdict"]), "weeks": got["weeks"]}


def _plain(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)
